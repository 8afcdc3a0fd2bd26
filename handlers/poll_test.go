package handlers_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/console"
	"kelompok/storage"
)

// pollTables are the tables polls write; pollBooks snapshots them with the
// rest of the books, so a refused command can be shown to change nothing.
var pollTables = []string{"polls", "poll_links", "poll_votes", "poll_decisions", "rule_changes", "role_elections"}

func (h *harness) pollBooks() string {
	h.t.Helper()
	return h.books() + h.rowCounts(pollTables)
}

// poll loads poll number no of the chat's group.
func (h *harness) poll(chat bot.ChatRef, no int64) *storage.Poll {
	h.t.Helper()
	var p *storage.Poll
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chat)
		if err != nil {
			return err
		}
		p, err = tx.PollByNo(g.ID, no)
		return err
	})
	if p == nil {
		h.t.Fatalf("no poll %d in %s", no, chat)
	}
	return p
}

// linkPoll plays the adapter that sent poll no natively: the platform's
// poll id is "pp-<chat>-<no>".
func (h *harness) linkPoll(chat bot.ChatRef, no int64) string {
	h.t.Helper()
	p := h.poll(chat, no)
	id := fmt.Sprintf("pp-%s-%d", chat, no)
	if err := h.router.PollSent(h.ctx, chat, strconv.FormatInt(p.ID, 10), id, "m"+strconv.FormatInt(no, 10)); err != nil {
		h.t.Fatal(err)
	}
	return id
}

// nativeVote is who's answer in a native poll (no choices: retracted).
func (h *harness) nativeVote(who, pollID string, choices ...int) bot.Update {
	h.seq++
	return bot.Update{Kind: bot.KindPollAnswer, Source: fmt.Sprintf("tg:pa/%d", h.seq), Sender: h.person(who),
		PollID: pollID, Choices: choices, At: h.clock.T}
}

// vote sends a native vote and checks it answers nothing in any chat.
func (h *harness) vote(who, pollID string, choices ...int) {
	h.t.Helper()
	h.handleQuiet(h.nativeVote(who, pollID, choices...))
}

func (h *harness) handleQuiet(u bot.Update) {
	h.t.Helper()
	if err := h.router.Handle(h.ctx, u); err != nil {
		h.t.Fatal(err)
	}
	if msgs, _ := h.store.OutboxPending(h.ctx, "tg", h.cursor, 10); len(msgs) > 0 {
		h.t.Errorf("a native vote answered %+v", msgs[0].Reply)
	}
}

// closeDue runs the scheduler's close at the harness clock and returns
// the replies it queued (markup stripped, stop-poll requests as "(stop m1)").
func (h *harness) closeDue() (int, []string) {
	h.t.Helper()
	n, err := h.router.ClosePollsDue(h.ctx, h.clock.T)
	if err != nil {
		h.t.Fatal(err)
	}
	msgs, err := h.store.OutboxPending(h.ctx, "tg", h.cursor, 100)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	var ids []int64
	for _, m := range msgs {
		ids = append(ids, m.ID)
		if m.Reply.StopPoll != "" {
			out = append(out, "(stop "+m.Reply.StopPoll+")")
			continue
		}
		out = append(out, console.Plain(m.Reply.Text))
	}
	if err := h.store.OutboxDone(h.ctx, ids); err != nil {
		h.t.Fatal(err)
	}
	return n, out
}

func contains(t *testing.T, got []string, want ...string) {
	t.Helper()
	all := strings.Join(got, "\n---\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("replies lack %q:\n%s", w, all)
		}
	}
}

// A plain poll by text votes: a vote counts once per member, a changed
// vote replaces the earlier one, a withdrawn vote is removed, a vote after
// the close does not count, and the result is recorded for the minutes.
func TestPollTextVoting(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko", "tono")
	rs := h.send(h.msg(chatA, "budi", "/voting Beli pakan bulan ini? | Ya | Tidak | Tunda"))
	if len(rs) != 2 || rs[1].Poll == nil || strings.Join(rs[1].Poll.Options, "|") != "Ya|Tidak|Tunda" || rs[1].Poll.Question != "Beli pakan bulan ini?" {
		t.Fatalf("poll replies %+v", rs)
	}
	contains(t, texts(rs), "Voting V1", "/pilih 1 NOMOR", "Ditutup Rabu, 25/11/2026 10:00")
	h.say(chatA, "siti", "/pilih 1 1")
	h.say(chatA, "eko", "/pilih V1 Tidak")
	h.expect(h.say(chatA, "eko", "/pilih 1 ya"), h.want("id", "poll.voted", "Name", "Eko", "No", "V1", "Option", "Ya"))
	h.say(chatA, "tono", "/pilih 1 2")
	h.expect(h.say(chatA, "tono", "/pilih 1 batal"), h.want("id", "poll.vote_withdrawn", "Name", "Tono", "No", "V1"))
	show := h.say(chatA, "tono", "/voting 1")
	contains(t, show, "1. Ya: 2 suara (Eko, Siti)", "2. Tidak: 0 suara", "Belum memilih: Budi, Tono", "2 dari 4 anggota memilih")

	got := h.say(chatA, "budi", "/tutupvoting 1")
	contains(t, got, "Hasil voting V1", "1. Ya: 2 suara (Eko, Siti)", "Keputusan: Ya.")
	h.expect(h.say(chatA, "tono", "/pilih 1 2"), h.want("id", "poll.closed", "No", "V1"))
	h.expect(h.say(chatA, "budi", "/tutupvoting 1"), h.want("id", "poll.already_closed", "No", "V1"))
	if p := h.poll(chatA, 1); p.Decision == nil || p.Decision.Result.Counts[0] != 2 || p.Decision.Result.Voters != 2 {
		t.Errorf("decision %+v", p.Decision)
	}
	// The decision waits for the next meeting's minutes.
	h.say(chatA, "budi", "/rapat mulai")
	// A poll closed while a meeting is open is in that meeting's minutes.
	h.say(chatA, "budi", "/voting Kas kecil Rp50.000? | Ya | Tidak")
	h.say(chatA, "siti", "/pilih 2 2")
	h.say(chatA, "eko", "/pilih 2 2")
	h.say(chatA, "budi", "/tutupvoting 2")
	got = h.say(chatA, "budi", "/rapat selesai")
	contains(t, got, "Voting V1: Beli pakan bulan ini?", "Keputusan: Ya.", "Voting V2: Kas kecil Rp50.000?", "Keputusan: Tidak.")
	// A closed poll's scheduled close does nothing.
	h.clock.Advance(48 * time.Hour)
	if n, out := h.closeDue(); n != 0 || len(out) != 0 {
		t.Errorf("closeDue after a manual close: %d %q", n, out)
	}
}

// Native votes: each member's latest answer counts, a retraction removes
// it, non-members are counted apart, an unknown poll and a redelivered
// answer change nothing, and the close at the set time happens once.
func TestPollNativeVotes(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko", "tono")
	h.say(chatA, "budi", "/voting Arisan pindah ke Kamis? | Ya | Tidak")
	pid := h.linkPoll(chatA, 1)
	h.linkPoll(chatA, 1) // the adapter reporting twice is harmless
	h.vote("siti", pid, 0)
	h.vote("eko", pid, 1)
	h.vote("eko", pid, 0) // changed
	h.vote("tono", pid, 1)
	h.vote("tono", pid) // retracted
	h.vote("orang_luar", pid, 1)
	h.vote("budi", "pp-unknown", 1) // not our poll: nothing
	u := h.nativeVote("budi", pid, 1)
	h.handleQuiet(u)
	h.handleQuiet(u) // redelivered: counted once
	before := h.pollBooks()
	h.clock.Advance(23 * time.Hour)
	if n, _ := h.closeDue(); n != 0 {
		t.Errorf("closed %d polls before their time", n)
	}
	if h.pollBooks() != before {
		t.Error("an early closeDue changed the books")
	}
	h.clock.Advance(2 * time.Hour)
	h.vote("siti", pid, 1) // after the close time: not counted
	n, out := h.closeDue()
	if n != 1 {
		t.Fatalf("closed %d polls, want 1", n)
	}
	contains(t, out, "1. Ya: 2 suara (Eko, Siti)", "2. Tidak: 1 suara (Budi)", "3 dari 4 anggota memilih",
		"1 suara dari bukan anggota tidak dihitung.", "Keputusan: Ya.", "(stop m1)")
	if n, out := h.closeDue(); n != 0 || len(out) != 0 {
		t.Errorf("second closeDue: %d %q", n, out)
	}
	// A link reported after the close stops the poll at once.
	p := h.poll(chatA, 1)
	if err := h.router.PollSent(h.ctx, chatA, strconv.FormatInt(p.ID, 10), "pp-late", "m9"); err != nil {
		t.Fatal(err)
	}
	if _, out := h.closeDue(); strings.Join(out, " ") != "(stop m9)" {
		t.Errorf("late link: %q", out)
	}
}

// A binding poll that fails its quorum changes nothing.
func TestPollNoQuorum(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko", "tono")
	h.say(chatA, "budi", "/aturan ubah denda_telat 5000 biar disiplin")
	pid := h.linkPoll(chatA, 1)
	h.vote("siti", pid, 0)
	h.clock.Advance(25 * time.Hour)
	_, out := h.closeDue()
	contains(t, out, "Tidak sah: kurang dari 50% anggota memilih.", h.want("id", "poll.effect_none"))
	var fine bot.Money
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chatA)
		fine = g.Rules.FineLate
		return err
	})
	if fine != 1000 {
		t.Errorf("fine_late = %d after a failed poll, want 1000", fine)
	}
}

// A rule change goes to a poll and applies when it passes, with its
// reason and poll in the history; language changes at once.
func TestRuleChangedByPoll(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	got := h.say(chatA, "budi", "/aturan ubah bunga 3% harga naik")
	contains(t, got, "Ubah aturan: Bunga pinjaman menjadi 3% per bulan?")
	h.say(chatA, "siti", "/pilih 1 1")
	h.say(chatA, "eko", "/pilih 1 setuju")
	got = h.say(chatA, "budi", "/tutupvoting 1")
	contains(t, got, "Keputusan: Setuju.", "Aturan berubah: Bunga pinjaman sekarang 3% per bulan.")
	contains(t, h.say(chatA, "eko", "/aturan"), "Bunga pinjaman: 3% per bulan (Budi, 24/11/2026, voting V1)", "Denda terlambat: Rp1.000 (bawaan)")
	h.say(chatA, "budi", "/aturan ubah zona_waktu Asia/Makassar")
	contains(t, h.say(chatA, "eko", "/aturan riwayat"), "Bunga pinjaman → 3% per bulan oleh Budi. Alasan: harga naik. Keputusan voting V1",
		"Zona waktu → Asia/Makassar oleh Budi")
	// Loans now follow the new rate.
	var rate int
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chatA)
		rate = g.Rules.LoanRateBP
		return err
	})
	if rate != 300 {
		t.Errorf("rate = %d, want 300", rate)
	}
}

// An officer elected by poll takes office with a new term; the term's end
// shows in /pengurus and an ended term says so.
func TestOfficerElected(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @eko bendahara")
	got := h.say(chatA, "siti", "/pengurus usul @siti bendahara")
	contains(t, got, "Pilih Siti sebagai bendahara untuk 12 bulan?")
	h.expect(h.say(chatA, "eko", "/pengurus usul @siti bendahara"), h.want("id", "term.already_proposed", "No", "V1"))
	h.say(chatA, "siti", "/pilih 1 1")
	h.say(chatA, "budi", "/pilih 1 1")
	got = h.say(chatA, "budi", "/tutupvoting 1")
	contains(t, got, "Siti sekarang bendahara, terpilih lewat voting. Masa jabatan sampai 24/11/2027.")
	contains(t, h.say(chatA, "eko", "/pengurus"), "bendahara: Siti (sejak 24/11/2026, sampai 24/11/2027)")
	var elected int
	h.store.Read(h.ctx, func(q storage.Querier) error {
		return q.QueryRowContext(h.ctx, "SELECT COUNT(*) FROM role_elections").Scan(&elected)
	})
	if elected != 1 {
		t.Errorf("role_elections = %d", elected)
	}
	h.clock.T = h.clock.T.AddDate(1, 0, 1)
	contains(t, h.say(chatA, "eko", "/pengurus"), "bendahara: Siti ⏰ masa jabatan habis 24/11/2027", "/pengurus usul @nama bendahara")
	ending, err := h.store.TermsEnding(h.ctx, h.clock.T)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[bot.Role]bool{}
	for _, tm := range ending {
		roles[tm.Role] = true
	}
	if !roles[bot.RoleTreasurer] || !roles[bot.RoleChair] || len(ending) != 2 {
		t.Errorf("terms ending = %+v", ending)
	}
}

// With loans approved by poll, a request opens a poll; the officers'
// approval is refused, and the pay-out waits until the poll passes.
func TestLoanApprovedByPoll(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/aturan ubah persetujuan_pinjaman voting")
	h.say(chatA, "siti", "/pilih 1 1")
	h.say(chatA, "eko", "/pilih 1 1")
	contains(t, h.say(chatA, "budi", "/tutupvoting 1"), "Persetujuan pinjaman sekarang lewat voting kelompok.")
	h.say(chatA, "siti", "/setor 200000 @eko")
	got := h.say(chatA, "eko", "/pinjam 150000 3 bibit")
	contains(t, got, "Setujui pinjaman P1 untuk Eko: Rp150.000, 3 bulan?")
	h.expect(h.say(chatA, "siti", "/setujui P1"), h.want("id", "poll.loan_by_poll", "No", "P1"))
	h.expect(h.say(chatA, "siti", "/cairkan P1"), h.want("id", "loan.waits_for_poll", "No", "P1", "Poll", "V2",
		"Closes", "Rabu, 25/11/2026 10:00"))
	if h.entryCount() != 1 {
		t.Fatalf("a loan was paid out before the poll passed")
	}
	// The group says no at first; the officers may put it to a new poll.
	h.say(chatA, "siti", "/pilih 2 2")
	h.say(chatA, "budi", "/pilih 2 2")
	contains(t, h.say(chatA, "budi", "/tutupvoting 2"), "Keputusan: Tidak setuju.", h.want("id", "poll.effect_none"))
	contains(t, h.say(chatA, "siti", "/setujui P1"), "Voting V3", "Setujui pinjaman P1 untuk Eko")
	h.expect(h.say(chatA, "budi", "/setujui P1"), h.want("id", "poll.loan_by_poll", "No", "P1"))
	h.say(chatA, "siti", "/pilih 3 1")
	h.say(chatA, "budi", "/pilih 3 1")
	contains(t, h.say(chatA, "budi", "/tutupvoting 3"), "Pinjaman P1 Eko (Rp150.000) disetujui kelompok.")
	h.say(chatA, "siti", "/cairkan P1")
	if h.entryCount() != 2 {
		t.Errorf("the approved loan was not paid out: %d entries", h.entryCount())
	}
}

// Bad input gets a clear answer and changes nothing.
func TestPollBadInputs(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/voting Rapat di balai? | Ya | Tidak")
	h.say(chatA, "budi", "/voting Sudah ditutup? | Ya | Tidak")
	h.say(chatA, "budi", "/tutupvoting 2")
	eleven := "/voting Q?" + strings.Repeat(" | x", 0)
	for i := 1; i <= 11; i++ {
		eleven += " | o" + strconv.Itoa(i)
	}
	long := strings.Repeat("a", 101)
	for _, c := range []struct{ name, who, text, want string }{
		{"one option", "budi", "/voting Q? | Ya", h.want("id", "poll.option_count", "Count", 1, "Min", 2, "Max", 10)},
		{"eleven options", "budi", eleven, h.want("id", "poll.option_count", "Count", 11, "Min", 2, "Max", 10)},
		{"option too long", "budi", "/voting Q? | Ya | " + long, h.want("id", "poll.option_too_long", "Option", long, "Max", 100)},
		{"option twice", "budi", "/voting Q? | Ya | ya", h.want("id", "poll.option_twice", "Option", "ya")},
		{"no question", "budi", "/voting | Ya | Tidak", h.want("id", "poll.usage")},
		{"question without options", "budi", "/voting Setuju?", h.want("id", "poll.option_count", "Count", 0, "Min", 2, "Max", 10)},
		{"show a poll that is not there", "eko", "/voting 7", h.want("id", "poll.not_found", "No", "V7")},
		{"member opens a poll", "eko", "/voting Q? | Ya | Tidak", h.want("id", "error.not_allowed", "Command", "/voting", "Roles", "ketua, bendahara, sekretaris")},
		{"close another's poll", "eko", "/tutupvoting 1", h.want("id", "poll.close_not_allowed", "No", "V1", "Name", "Siti")},
		{"vote in a closed poll", "eko", "/pilih 2 1", h.want("id", "poll.closed", "No", "V2")},
		{"no such option", "eko", "/pilih 1 3", h.want("id", "poll.bad_option", "Input", "3", "No", "V1", "Max", 2)},
		{"no such poll", "eko", "/pilih 9 1", h.want("id", "poll.not_found", "No", "V9")},
		{"bad poll number", "eko", "/pilih x 1", h.want("id", "poll.bad_number", "Input", "x")},
		{"non-member votes", "joko", "/pilih 1 1", h.want("id", "error.not_member")},
		{"officer not a member", "budi", "/pengurus usul @joko bendahara", h.want("id", "member.not_found", "Name", "@joko")},
		{"officer bad role", "budi", "/pengurus usul @eko raja", h.want("id", "officer.bad_role", "Role", "raja")},
		{"chair to another office", "eko", "/pengurus usul @budi sekretaris", h.want("id", "officer.chair_hand_over")},
		{"interest 200%", "budi", "/aturan ubah bunga 200%", h.want("id", "rules.bad_percent", "Input", "200%", "Max", "10%")},
		{"fine -5", "budi", "/aturan ubah denda -5", h.want("id", "rules.bad_money", "Input", "-5")},
		{"unknown rule", "budi", "/aturan ubah warna biru", h.want("id", "rules.unknown", "Input", "warna")},
		{"rule by a member", "eko", "/aturan ubah bunga 2%", h.want("id", "error.not_allowed", "Command", "/aturan ubah", "Roles", "ketua")},
		{"rule unchanged", "budi", "/aturan ubah bunga 2%", h.want("id", "rules.unchanged", "Name", "Bunga pinjaman", "Value", "2% per bulan")},
		{"quorum 101", "budi", "/aturan ubah kuorum 101", h.want("id", "rules.bad_number", "Input", "101", "Min", 0, "Max", 100)},
		{"schedule by rules", "budi", "/aturan ubah jadwal Selasa", h.want("id", "rules.use_schedule")},
	} {
		before := h.pollBooks()
		h.expect(h.say(chatA, c.who, c.text), c.want)
		if h.pollBooks() != before {
			t.Errorf("%s changed the books", c.name)
		}
	}
}

// Every rule's name, value and choices render in both languages.
func TestRulesRenderInBothLanguages(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi")
	id := h.say(chatA, "budi", "/aturan")
	h.say(chatA, "budi", "/bahasa en")
	en := h.say(chatA, "budi", "/rules")
	for _, s := range [][]string{id, en} {
		if len(s) != 1 || strings.Count(s[0], "\n• ") != len(bot.RuleSpecs)+1 || strings.Contains(s[0], "rules.") {
			t.Errorf("rules: %q", s)
		}
	}
	for _, spec := range bot.RuleSpecs {
		for stored := range spec.Choices {
			for _, lang := range []string{"id", "en"} {
				if key := "rules.choice_" + spec.Key + "_" + stored; !h.cat.Has(lang, key) {
					t.Errorf("%s lacks %s", lang, key)
				}
			}
		}
	}
}

// The result messages in both languages, as golden files.
func TestGoldenPolls(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		h := newHarness(t)
		setLang := ""
		if lang == "en" {
			setLang = "budi: /language en"
		}
		got := h.script(chatA, `
budi: /start
siti: /daftar
eko: /daftar
tono: /daftar
`+setLang+`
budi: /pengurus @siti bendahara
budi: /voting Beli pakan 3 karung? | Ya | Tidak | Tunda
siti: /pilih 1 1
eko: /pilih 1 1
tono: /pilih 1 2
tono: /voting 1
budi: /tutupvoting 1
budi: /voting Rapat di balai desa? | Ya | Tidak
siti: /pilih 2 2
budi: /tutupvoting 2
budi: /aturan ubah denda_telat 2000 sering telat
siti: /pilih 3 1
eko: /pilih 3 1
budi: /tutupvoting 3
eko: /pengurus usul @eko sekretaris
eko: /pilih 4 1
siti: /pilih 4 2
budi: /pilih 4 1
budi: /tutupvoting 4
budi: /pengurus
budi: /aturan riwayat
`)
		golden(t, "polls_"+lang, got)
	}
}

// A run given a time ahead of the clock does not make later polls wait
// past their closing time.
func TestClosePollsDueAheadOfClock(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	if n, err := h.router.ClosePollsDue(h.ctx, h.clock.T.Add(72*time.Hour)); err != nil || n != 0 {
		t.Fatalf("empty run: %d %v", n, err)
	}
	h.say(chatA, "budi", "/voting Q? | Ya | Tidak")
	h.say(chatA, "siti", "/pilih 1 1")
	h.clock.Advance(25 * time.Hour)
	if n, out := h.closeDue(); n != 1 {
		t.Fatalf("closed %d polls (%q), want 1", n, out)
	}
}
