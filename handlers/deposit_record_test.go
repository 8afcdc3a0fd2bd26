package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

func TestDepositAmountFormats(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	for _, tc := range []struct {
		in   string
		want bot.Money
	}{
		{"5000", 5000},
		{"5.000", 5000},
		{"5,000", 5000},
		{"5rb", 5000},
		{"5 ribu", 5000},
		{"5k", 5000},
		{"Rp5.000", 5000},
		{"Rp 10.000,-", 10000},
		{"1,5jt", 1500000},
		{"1.5 juta", 1500000},
	} {
		// A member's own report: pending.
		before := h.savings(chatA, "siti")
		n := h.entryCount()
		got := h.say(chatA, "siti", "/setor "+tc.in)
		after := h.savings(chatA, "siti")
		if after.Pending-before.Pending != tc.want || after.Confirmed != before.Confirmed {
			t.Errorf("/setor %s by siti: savings %+v -> %+v, want pending +%d", tc.in, before, after, tc.want)
		}
		if want := h.want("id", "deposit.pending", "No", n+1, "Name", "Siti", "Amount", tc.want,
			"Confirmed", after.Confirmed, "Pending", after.Pending, "Outside", h.outside("id")); len(got) != 1 || got[0] != want {
			t.Errorf("/setor %s: %q, want %q", tc.in, got, want)
		}
		if b := h.last[0].Buttons; len(b) != 1 || len(b[0]) != 2 || b[0][0].Data != fmt.Sprintf("ok:%d", n+1) || b[0][1].Data != fmt.Sprintf("no:%d", n+1) {
			t.Errorf("/setor %s: buttons %+v", tc.in, b)
		}
		// The chair records for a member, the amount before the name: confirmed at once.
		before = after
		got = h.say(chatA, "budi", "/setor "+tc.in+" @siti")
		after = h.savings(chatA, "siti")
		if after.Confirmed-before.Confirmed != tc.want || after.Pending != before.Pending {
			t.Errorf("/setor %s @siti by budi: savings %+v -> %+v, want confirmed +%d", tc.in, before, after, tc.want)
		}
		if want := h.want("id", "deposit.recorded", "No", n+2, "Name", "Siti", "Amount", tc.want, "By", "Budi",
			"Confirmed", after.Confirmed, "Pending", after.Pending, "HasPending", after.Pending > 0,
			"Outside", h.outside("id")); len(got) != 1 || got[0] != want {
			t.Errorf("/setor %s @siti: %q, want %q", tc.in, got, want)
		}
	}
	// The passbook shows the sums.
	h.expect(h.say(chatA, "siti", "/saldo"), "📒 Buku tabungan Siti\nTabungan: Rp3.045.000\nMenunggu diterima: Rp3.045.000\nDenda belum dibayar: Rp0\nSisa pinjaman: Rp0 · angsuran berikutnya: -")
	// English aliases and /cmd@ourbot work too; a command for another bot is not ours.
	h.router.SetBotName("tg", "@Kelompok_Bot")
	n := h.entryCount()
	if got := h.say(chatA, "siti", "/deposit@kelompok_bot 1000"); len(got) != 1 || !strings.Contains(got[0], "Rp1.000") {
		t.Errorf("/deposit@kelompok_bot: %q", got)
	}
	h.expect(h.say(chatA, "siti", "/setor@otherbot 1000"))
	h.expect(h.say(chatA, "siti", "!simpan 2rb"), h.want("id", "deposit.pending", "No", n+2, "Name", "Siti",
		"Amount", bot.Money(2000), "Confirmed", bot.Money(3045000), "Pending", bot.Money(3048000), "Outside", h.outside("id")))
	if got := h.entryCount(); got != n+2 {
		t.Errorf("%d entries, want %d", got, n+2)
	}
}

// TestBadInputs sends each bad input and checks the localized answer and
// that the books did not change.
func TestBadInputs(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "ani")
	h.say(chatA, "budi", "/pengurus @ani bendahara")
	h.say(chatA, "siti", "/setor 5000") // #1, pending
	h.say(chatA, "ani", "/setor 7000")  // #2, the treasurer's own report
	h.say(chatA, "budi", "/terima 1")
	h.say(chatA, "budi", "/setor 1000 @siti") // #3, recorded by the chair
	h.router.SetBotName("tg", "kelompok_bot")
	maxAmount := bot.Money(100_000_000)

	anonymous := func(text string) bot.Update {
		u := h.msg(chatA, "budi", text)
		u.Anonymous, u.SenderIsAdmin = true, true
		u.Sender = bot.Person{Ref: bot.UserRef(chatA), Name: "Tani Makmur"}
		return u
	}
	edited := func(text string) bot.Update {
		u := h.msg(chatA, "siti", text)
		u.Kind = bot.KindEdited
		return u
	}
	fromBot := func(text string) bot.Update {
		u := h.msg(chatA, "otherbot", text)
		u.FromBot = true
		return u
	}
	for _, tc := range []struct {
		name string
		u    bot.Update
		want []string // nil: no reply at all
	}{
		{"missing amount", h.msg(chatA, "siti", "/setor"), []string{h.want("id", "money.missing")}},
		{"zero", h.msg(chatA, "siti", "/setor 0"), []string{h.want("id", "money.is_zero", "Input", "0")}},
		{"zero rb", h.msg(chatA, "siti", "/setor 0rb"), []string{h.want("id", "money.is_zero", "Input", "0rb")}},
		{"negative", h.msg(chatA, "siti", "/setor -5000"), []string{h.want("id", "money.negative", "Input", "-5000")}},
		{"non-numeric", h.msg(chatA, "siti", "/setor lima ribu"), []string{h.want("id", "money.not_a_number", "Input", "lima")}},
		{"fraction", h.msg(chatA, "siti", "/setor 12,50"), []string{h.want("id", "money.fraction", "Input", "12,50")}},
		{"absurd", h.msg(chatA, "siti", "/setor 500jt"), []string{h.want("id", "money.too_large", "Input", "500jt", "Max", maxAmount)}},
		{"int64 overflow", h.msg(chatA, "siti", "/setor 99999999999999999999"),
			[]string{h.want("id", "money.too_large", "Input", "99999999999999999999", "Max", maxAmount)}},
		{"overflow by suffix", h.msg(chatA, "budi", "/setor 99999999999999jt @siti"),
			[]string{h.want("id", "money.too_large", "Input", "99999999999999jt", "Max", maxAmount)}},
		{"unknown command", h.msg(chatA, "siti", "/arisan 5000"), []string{h.want("id", "error.unknown_command", "Command", "/arisan")}},
		{"non-member", h.msg(chatA, "tono", "/setor 5000"), []string{h.want("id", "error.not_member")}},
		{"non-member hadir", h.msg(chatA, "tono", "/hadir"), []string{h.want("id", "error.not_member")}},
		{"anonymous admin", anonymous("/setor 5000"), []string{h.want("id", "error.anonymous")}},
		{"anonymous admin start", anonymous("/start"), []string{h.want("id", "error.anonymous")}},
		{"group command in private", h.privateMsg("siti", "/setor 5000"), []string{h.want("id", "error.group_only", "Command", "/setor")}},
		{"edited message", edited("/setor 50000"), []string{h.want("id", "error.edited")}},
		{"edited confirm", edited("/terima 2"), []string{h.want("id", "error.edited")}},
		{"another bot", fromBot("/setor 5000"), nil},
		{"addressed to another bot", h.msg(chatA, "siti", "/setor@otherbot 5000"), nil},
		{"plain conversation", h.msg(chatA, "siti", "setor 5000 ya"), nil},
		{"confirm missing number", h.msg(chatA, "budi", "/terima 99"), []string{h.want("id", "entry.not_found", "No", 99)}},
		{"confirm no number", h.msg(chatA, "budi", "/terima"), []string{h.want("id", "entry.number_missing")}},
		{"confirm bad number", h.msg(chatA, "budi", "/terima satu"), []string{h.want("id", "entry.bad_number", "Input", "satu")}},
		{"confirm own report", h.msg(chatA, "ani", "/terima #2"), []string{h.want("id", "entry.own_report", "No", 2)}},
		{"confirm again", h.msg(chatA, "ani", "/terima 1"), []string{h.want("id", "entry.already_confirmed", "No", 1)}},
		// The chair's own record for a member is confirmed, not "own report".
		{"reject own record", h.msg(chatA, "budi", "/tolak 3"), []string{h.want("id", "entry.already_confirmed", "No", 3)}},
		{"confirm by plain member", h.msg(chatA, "siti", "/terima 2"),
			[]string{h.want("id", "error.not_allowed", "Command", "/terima", "Roles", "ketua, bendahara")}},
		{"reject by plain member", h.msg(chatA, "siti", "/tolak 2"),
			[]string{h.want("id", "error.not_allowed", "Command", "/tolak", "Roles", "ketua, bendahara")}},
		{"button by plain member", h.press(chatA, "siti", "ok:2", "77"),
			[]string{h.want("id", "error.not_allowed", "Command", "/terima", "Roles", "ketua, bendahara")}},
		{"unknown button", h.press(chatA, "budi", "zz:2", "77"), []string{h.want("id", "error.unknown_command", "Command", "zz:2")}},
		{"deposit for another by plain member", h.msg(chatA, "siti", "/setor 5000 @ani"),
			[]string{h.want("id", "deposit.for_other_not_allowed", "Roles", "bendahara, ketua")}},
		{"deposit for unknown member", h.msg(chatA, "ani", "/setor 5000 @nobody"), []string{h.want("id", "member.not_found", "Name", "@nobody")}},
		{"balance of another by plain member", h.msg(chatA, "siti", "/saldo @ani"), []string{h.want("id", "balance.other_not_allowed")}},
		{"officers by non-chair", h.msg(chatA, "ani", "/pengurus @siti sekretaris"),
			[]string{h.want("id", "error.not_allowed", "Command", "/pengurus", "Roles", "ketua")}},
		{"officers bad role", h.msg(chatA, "budi", "/pengurus @siti raja"), []string{h.want("id", "officer.bad_role", "Role", "raja")}},
		{"language xx", h.msg(chatA, "budi", "/bahasa xx"), []string{h.want("id", "language.usage")}},
		{"language no arg", h.msg(chatA, "budi", "/bahasa"), []string{h.want("id", "language.usage")}},
		{"language by non-chair", h.msg(chatA, "ani", "/bahasa en"),
			[]string{h.want("id", "error.not_allowed", "Command", "/bahasa", "Roles", "ketua")}},
		{"undo with nothing pending", h.msg(chatA, "siti", "/batal"), []string{h.want("id", "undo.nothing")}},
		{"attendance for unknown member", h.msg(chatA, "budi", "/hadir @nobody"), []string{h.want("id", "member.not_found", "Name", "@nobody")}},
	} {
		outer := h.t
		t.Run(tc.name, func(t *testing.T) {
			h.t = t
			defer func() { h.t = outer }()
			before := h.books()
			entries := h.entryCount()
			got := texts(h.send(tc.u))
			if tc.want == nil {
				if len(got) != 0 {
					t.Errorf("replied %q, want no reply", got)
				}
			} else {
				h.expect(got, tc.want...)
			}
			if after := h.books(); after != before {
				t.Errorf("the books changed:\n%s\n%s", before, after)
			}
			if n := h.entryCount(); n != entries {
				t.Errorf("%d entries, want %d", n, entries)
			}
		})
	}
	if s := h.groupSavings(chatA); s != (ledger.Savings{Confirmed: 6000, Pending: 7000}) {
		t.Errorf("group savings %+v", s)
	}
}

func TestExactlyOnce(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	u := h.msg(chatA, "siti", "/setor 5000")
	if got := h.send(u); len(got) != 1 {
		t.Fatalf("first delivery: %d replies", len(got))
	}
	if got := h.send(u); len(got) != 0 {
		t.Errorf("redelivery replied %q", texts(got))
	}
	// Even a redelivery after the outbox was sent, or of an edited copy.
	u.Kind = bot.KindEdited
	if got := h.send(u); len(got) != 0 {
		t.Errorf("redelivery as edit replied %q", texts(got))
	}
	if n := h.entryCount(); n != 1 {
		t.Errorf("%d entries, want 1", n)
	}
	// The same for a confirmation, by button or by command.
	p := h.press(chatA, "budi", "ok:1", "m1")
	first := h.send(p)
	if len(first) != 2 {
		t.Fatalf("button: %q", texts(first))
	}
	if got := h.send(p); len(got) != 0 {
		t.Errorf("button redelivery replied %q", texts(got))
	}
	if s := h.savings(chatA, "siti"); s != (ledger.Savings{Confirmed: 5000}) {
		t.Errorf("siti %+v", s)
	}
	// A failed command is processed too: redelivering it does not answer twice.
	bad := h.msg(chatA, "siti", "/setor nol")
	if got := h.send(bad); len(got) != 1 {
		t.Fatalf("bad: %q", texts(got))
	}
	if got := h.send(bad); len(got) != 0 {
		t.Errorf("bad redelivery replied %q", texts(got))
	}
}

func TestIsolation(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.group(chatB, "ani", "eko", "siti")
	h.say(chatA, "siti", "/setor 1000") // A #1
	h.say(chatB, "eko", "/setor 2000")  // B #1
	h.say(chatB, "eko", "/setor 3000")  // B #2
	h.say(chatB, "siti", "/setor 4000") // B #3
	before := h.books()
	h.expect(h.say(chatA, "budi", "/terima 2"), h.want("id", "entry.not_found", "No", 2))
	h.expect(h.say(chatA, "budi", "/tolak 3"), h.want("id", "entry.not_found", "No", 3))
	h.expect(h.send2(h.press(chatA, "budi", "ok:3", "m")), h.want("id", "entry.not_found", "No", 3))
	// In B's chat, A's chair is nobody.
	h.expect(h.say(chatB, "budi", "/terima 1"), h.want("id", "error.not_member"))
	h.expect(h.say(chatB, "budi", "/setor 5000 @eko"), h.want("id", "error.not_member"))
	h.expect(h.say(chatB, "budi", "/saldo @eko"), h.want("id", "error.not_member"))
	if after := h.books(); after != before {
		t.Errorf("books changed:\n%s\n%s", before, after)
	}
	// Joining B makes budi a plain member there, not an officer.
	h.say(chatB, "budi", "/daftar")
	h.expect(h.say(chatB, "budi", "/terima 1"), h.want("id", "error.not_allowed", "Command", "/terima", "Roles", "ketua, bendahara"))
	h.expect(h.say(chatB, "budi", "/setor 5000 @eko"), h.want("id", "deposit.for_other_not_allowed", "Roles", "bendahara, ketua"))
	// Confirming #1 in A confirms A's entry only; B's totals stay.
	h.say(chatA, "budi", "/terima 1")
	if s := h.groupSavings(chatA); s != (ledger.Savings{Confirmed: 1000}) {
		t.Errorf("A %+v", s)
	}
	if s := h.groupSavings(chatB); s != (ledger.Savings{Pending: 9000}) {
		t.Errorf("B %+v", s)
	}
	// siti's passbook in each group shows only that group's money.
	h.expect(h.say(chatA, "siti", "/saldo"), "📒 Buku tabungan Siti\nTabungan: Rp1.000\nMenunggu diterima: Rp0\nDenda belum dibayar: Rp0\nSisa pinjaman: Rp0 · angsuran berikutnya: -")
	h.expect(h.say(chatB, "siti", "/saldo"), "📒 Buku tabungan Siti\nTabungan: Rp0\nMenunggu diterima: Rp4.000\nDenda belum dibayar: Rp0\nSisa pinjaman: Rp0 · angsuran berikutnya: -")
}

// send2 sends an update and returns the plain texts.
func (h *harness) send2(u bot.Update) []string { return texts(h.send(u)) }
