package handlers_test

import (
	"flag"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/meetings"
	"kelompok/locales"
	"kelompok/storage"
)

var (
	propSeed  = flag.Int64("prop.seed", 0, "seed of TestLedgerProperty (0: from the clock)")
	propSteps = flag.Int("prop.steps", 0, "steps of TestLedgerProperty (0: 2000, 1000 with -race, 300 with -short)")
)

// groupDigits writes n with a thousands separator: 1500000 -> 1.500.000.
func groupDigits(n int64, sep string) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// formatAmount writes an amount in one of the ways people type it.
func formatAmount(r chooser, m bot.Money) string {
	n := int64(m)
	switch r.Intn(7) {
	case 0:
		return strconv.FormatInt(n, 10)
	case 1:
		return groupDigits(n, ".")
	case 2:
		return groupDigits(n, ",")
	case 3:
		return "Rp" + groupDigits(n, ".")
	case 4:
		if n%1000 == 0 {
			return fmt.Sprintf("%d%s", n/1000, []string{"rb", " ribu", "k", "RB", " rb"}[r.Intn(5)])
		}
	case 5:
		if n%100_000 == 0 && n >= 1_000_000 {
			if n%1_000_000 == 0 {
				return fmt.Sprintf("%d jt", n/1_000_000)
			}
			return fmt.Sprintf("%d,%djt", n/1_000_000, n%1_000_000/100_000)
		}
	}
	return "Rp " + groupDigits(n, ".") + ",-"
}

func randomAmount(r chooser) bot.Money {
	switch r.Intn(4) {
	case 0:
		return bot.Money(1 + r.Intn(999))
	case 1:
		return bot.Money((1 + r.Intn(100)) * 1000)
	case 2:
		return bot.Money((1 + r.Intn(30)) * 100_000)
	default:
		return bot.Money(1 + r.Intn(3_000_000))
	}
}

// chooser is where a generator's choices come from: a seeded *rand.Rand,
// or a fuzzer's bytes (byteChooser).
type chooser interface {
	Intn(n int) int
	Int63n(n int64) int64
}

func pick(r chooser, xs []string) string { return xs[r.Intn(len(xs))] }

// TestLedgerProperty runs a seeded random sequence of deposits,
// confirmations, rejections, withdrawals, fines and their payments, income,
// expenses, meetings (open, attendance, close with its fines), redeliveries
// and bad inputs in three groups that share some members, and checks after
// every step that the store agrees with a simple model: each member's
// savings, confirmed and pending apart, and unpaid fines; each group's
// totals as the sum of its members'; the cash box (confirmed deposits +
// confirmed fine payments + income - expenses); and that the newest entry
// names the meeting it was booked in.
func TestLedgerProperty(t *testing.T) {
	t.Parallel() // the longest test: let the others run beside it
	seed := *propSeed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	steps := *propSteps
	switch {
	case steps > 0:
	case testing.Short():
		steps = 300
	case raceBuild:
		steps = 1000
	default:
		steps = 2000
	}
	t.Logf("seed %d, %d steps (rerun with -prop.seed=%d)", seed, steps, seed)
	r := rand.New(rand.NewSource(seed))

	h := newHarness(t)
	h.keepOutbox = true
	groups := []*modelGroup{
		{chat: chatA, chair: "budi", treasurer: "ani", members: []string{"budi", "ani", "siti", "eko", "sari"}},
		{chat: chatB, chair: "dewi", treasurer: "joko", members: []string{"dewi", "joko", "sari", "rudi", "budi"}},
		{chat: chatC, chair: "sari", treasurer: "tono", members: []string{"sari", "tono", "eko", "wati"}},
	}
	for _, g := range groups {
		h.group(g.chat, g.chair, g.members[1:]...)
		h.say(g.chat, g.chair, "/pengurus @"+g.treasurer+" bendahara")
	}
	groupIDs := map[bot.ChatRef]int64{}
	memberIDs := map[bot.ChatRef]map[string]int64{}
	h.tx(func(tx *storage.Tx) error {
		for _, g := range groups {
			sg, err := tx.GroupByChat(g.chat)
			if err != nil {
				return err
			}
			groupIDs[g.chat] = sg.ID
			memberIDs[g.chat] = map[string]int64{}
			for _, who := range g.members {
				m, err := tx.MemberByRef(sg.ID, h.ref(who))
				if err != nil || m == nil {
					return fmt.Errorf("%s in %s: %v", who, g.chat, err)
				}
				memberIDs[g.chat][who] = m.ID
			}
		}
		return nil
	})
	name := func(who string) string { return h.person(who).Name }
	ops := map[string]int{}
	var last bot.Update
	const (
		moneyRoles   = "bendahara, ketua"
		meetingRoles = "ketua, sekretaris"
	)
	// outside is the "Outside" argument of a money reply in g now.
	outside := func(g *modelGroup) locales.Raw {
		if g.open {
			return ""
		}
		return h.outside("id")
	}
	statusName := map[meetings.Status]string{meetings.Present: "hadir", meetings.Late: "terlambat",
		meetings.Excused: "izin", meetings.Absent: "absen"}
	fineRules := bot.DefaultRules()

	for step := 1; step <= steps; step++ {
		// Time passes, so that some arrivals are late.
		h.clock.Advance(time.Duration(5+r.Intn(30)) * time.Second)
		g := groups[r.Intn(len(groups))]
		var u bot.Update
		var want []string
		// check, when set, judges the replies instead of comparing them with want.
		var check func(got []string) string
		op := ""
		switch k := r.Intn(100); {
		case k < 20: // a member reports a deposit: pending
			op = "report"
			who := pick(r, g.members)
			m := randomAmount(r)
			u = h.msg(g.chat, who, "/setor "+formatAmount(r, m))
			no := g.add(&modelEntry{kind: ledger.Deposit, member: who, reporter: who, amount: m, status: ledger.Pending})
			s := g.savings(who)
			want = []string{h.want("id", "deposit.pending", "No", no, "Name", name(who), "Amount", m,
				"Confirmed", s.Confirmed, "Pending", s.Pending, "Outside", outside(g))}
		case k < 32: // the chair or treasurer records for someone: confirmed (unless for themselves)
			op = "record"
			who := g.chair
			if r.Intn(2) == 0 {
				who = g.treasurer
			}
			target := pick(r, g.members)
			m := randomAmount(r)
			text := "/setor " + formatAmount(r, m) + " @" + target
			if r.Intn(3) == 0 {
				text = "/setor " + formatAmount(r, m) + " " + name(target)
			}
			u = h.msg(g.chat, who, text)
			e := &modelEntry{kind: ledger.Deposit, member: target, reporter: who, amount: m, status: ledger.Confirmed}
			if target == who {
				e.status = ledger.Pending
			}
			no := g.add(e)
			s := g.savings(target)
			if e.status == ledger.Pending {
				want = []string{h.want("id", "deposit.pending", "No", no, "Name", name(target), "Amount", m,
					"Confirmed", s.Confirmed, "Pending", s.Pending, "Outside", outside(g))}
			} else {
				want = []string{h.want("id", "deposit.recorded", "No", no, "Name", name(target), "Amount", m,
					"By", name(who), "Confirmed", s.Confirmed, "Pending", s.Pending, "HasPending", s.Pending > 0, "Outside", outside(g))}
			}
		case k < 52: // someone confirms or rejects an entry, by command or button
			who := pick(r, g.members)
			if r.Intn(4) > 0 {
				who = []string{g.chair, g.treasurer}[r.Intn(2)]
			}
			no := 1 + r.Intn(len(g.entries)+2)
			if pending := g.pendingNos(); len(pending) > 0 && r.Intn(2) == 0 {
				no = pending[r.Intn(len(pending))]
				// Fine payments wait less often than deposits: favour them.
				for _, n := range pending {
					if g.entries[n-1].kind == ledger.FinePayment && r.Intn(2) == 0 {
						no = n
						break
					}
				}
			}
			confirm := r.Intn(3) > 0
			verb, key, notice, data := "/terima", "entry.confirmed", "#%d diterima", "ok:"
			op = "confirm"
			if !confirm {
				verb, key, notice, data, op = "/tolak", "entry.rejected", "#%d ditolak", "no:", "reject"
			}
			button := r.Intn(3) == 0
			if button {
				u = h.press(g.chat, who, data+strconv.Itoa(no), "bot-"+strconv.Itoa(no))
				op += "_button"
			} else {
				u = h.msg(g.chat, who, verb+" "+strconv.Itoa(no))
			}
			var e *modelEntry
			if no <= len(g.entries) {
				e = g.entries[no-1]
			}
			var errText string
			switch {
			case !g.handlesMoney(who):
				errText = h.want("id", "error.not_allowed", "Command", verb, "Roles", "ketua, bendahara")
			case e == nil:
				errText = h.want("id", "entry.not_found", "No", no)
			case e.reporter == who && e.status == ledger.Pending:
				errText = h.want("id", "entry.own_report", "No", no)
			case e.status == ledger.Confirmed:
				errText = h.want("id", "entry.already_confirmed", "No", no)
			case e.status == ledger.Void:
				errText = h.want("id", "entry.already_void", "No", no)
			}
			if errText != "" {
				want = []string{errText}
				op += "_refused"
				break
			}
			e.status = ledger.Void
			if confirm {
				e.status = ledger.Confirmed
			}
			if e.kind == ledger.FinePayment {
				op += "_fine"
			}
			kind := map[ledger.Kind]string{ledger.Deposit: "setoran", ledger.FinePayment: "bayar denda"}[e.kind]
			s := g.savings(e.member)
			want = []string{h.want("id", key, "No", no, "Kind", kind, "Name", name(e.member), "Amount", e.amount, "By", name(who),
				"Confirmed", s.Confirmed, "Pending", s.Pending, "IsFine", e.kind == ledger.FinePayment, "Owed", g.unpaid(e.member))}
			if button {
				want = append(want, fmt.Sprintf(notice, no))
			}
		case k < 60: // a member withdraws their last pending report
			op = "undo"
			who := pick(r, g.members)
			u = h.msg(g.chat, who, []string{"/batal", "/undo"}[r.Intn(2)])
			want = []string{h.want("id", "undo.nothing")}
			for no := len(g.entries); no >= 1; no-- {
				if e := g.entries[no-1]; e.reporter == who && e.status == ledger.Pending {
					e.status = ledger.Void
					want = []string{h.want("id", "undo.done", "No", no, "Amount", e.amount)}
					break
				}
			}
		case k < 64 && last.Source != "": // a redelivery: nothing at all
			op = "redeliver"
			u = last
		case k < 68: // an officer fines a member
			op = "fine"
			who := []string{g.chair, g.treasurer}[r.Intn(2)]
			if r.Intn(5) == 0 {
				who = pick(r, g.plainMembers())
			}
			target := pick(r, g.members)
			m := bot.Money((1 + r.Intn(10)) * 500)
			// The member named by @username or by name, before or after the amount.
			text := "/denda @" + target + " " + formatAmount(r, m) + " tidak bawa buku"
			switch r.Intn(3) {
			case 1:
				text, op = "/denda "+name(target)+" "+formatAmount(r, m)+" tidak bawa buku", "fine_by_name"
			case 2:
				text, op = "/denda "+formatAmount(r, m)+" "+name(target)+" tidak bawa buku", "fine_by_name"
			}
			u = h.msg(g.chat, who, text)
			if !g.handlesMoney(who) {
				op += "_refused"
				want = []string{h.want("id", "error.not_allowed", "Command", "/denda", "Roles", moneyRoles)}
				break
			}
			no := g.add(&modelEntry{kind: ledger.Fine, member: target, reporter: who, amount: m, status: ledger.Confirmed})
			want = []string{h.want("id", "fine.charged", "No", no, "Name", name(target), "Amount", m, "Reason", "tidak bawa buku",
				"Owed", g.unpaid(target), "By", name(who), "Outside", outside(g))}
		case k < 74: // fines are paid: by the member (waits) or recorded by an officer
			op = "fine_pay"
			who := pick(r, g.members)
			target := who
			if r.Intn(3) == 0 {
				target = pick(r, g.members)
			}
			owed := g.unpaid(target) - g.sum(target, ledger.FinePayment, ledger.Pending)
			m := bot.Money((1 + r.Intn(10)) * 500)
			if owed > 0 && r.Intn(4) > 0 {
				m = bot.Money(1 + r.Int63n(int64(owed)))
			}
			text := "/denda bayar " + formatAmount(r, m)
			if target != who {
				text += " @" + target
			}
			u = h.msg(g.chat, who, text)
			switch {
			case target != who && !g.handlesMoney(who):
				want = []string{h.want("id", "deposit.for_other_not_allowed", "Roles", moneyRoles)}
			case owed <= 0:
				want = []string{h.want("id", "fine.nothing_owed", "Name", name(target))}
			case m > owed:
				want = []string{h.want("id", "fine.overpay", "Name", name(target), "Owed", owed)}
			}
			if want != nil {
				op += "_refused"
				break
			}
			e := &modelEntry{kind: ledger.FinePayment, member: target, reporter: who, amount: m, status: ledger.Confirmed}
			if target == who {
				e.status = ledger.Pending
			}
			no := g.add(e)
			if e.status == ledger.Pending {
				want = []string{h.want("id", "fine.pay_pending", "No", no, "Name", name(target), "Amount", m, "Owed", g.unpaid(target),
					"Outside", outside(g))}
			} else {
				want = []string{h.want("id", "fine.paid", "No", no, "Name", name(target), "Amount", m, "Owed", g.unpaid(target),
					"By", name(who), "Outside", outside(g))}
			}
		case k < 80: // income or an expense, by an officer; an expense never exceeds the cash
			who := []string{g.chair, g.treasurer}[r.Intn(2)]
			kind, verb, label, note := ledger.Income, "/pemasukan", "pemasukan", "jual ayam"
			m := randomAmount(r)
			if r.Intn(2) == 0 {
				kind, verb, label, note = ledger.Expense, "/pengeluaran", "pengeluaran", "pakan 3 karung"
				switch c := g.cash(); {
				case r.Intn(4) == 0:
					m += c // more than the cash
				case c > 0:
					m = bot.Money(1 + r.Int63n(int64(c)))
				}
			}
			op = string(kind)
			u = h.msg(g.chat, who, verb+" "+formatAmount(r, m)+" "+note)
			if kind == ledger.Expense && m > g.cash() {
				op += "_refused"
				want = []string{h.want("id", "cashflow.not_enough_cash", "Cash", g.cash())}
				break
			}
			no := g.add(&modelEntry{kind: kind, reporter: who, amount: m, status: ledger.Confirmed})
			want = []string{h.want("id", "cashflow.recorded", "No", no, "Kind", label, "Amount", m, "Note", note,
				"Cash", g.cash(), "By", name(who), "Outside", outside(g))}
		case k < 88: // meetings: the chair opens and closes, members mark attendance
			switch c := r.Intn(10); {
			case c < 3:
				op = "meeting_open"
				who := g.chair
				if r.Intn(6) == 0 {
					who = pick(r, g.plainMembers())
				}
				u = h.msg(g.chat, who, "/rapat mulai")
				switch {
				case who != g.chair:
					want = []string{h.want("id", "error.not_allowed", "Command", "/rapat mulai", "Roles", meetingRoles)}
				case g.open:
					want = []string{h.want("id", "meeting.already_open", "No", g.meetings)}
				default:
					g.meetings++
					// Whoever opens the meeting is present from the start.
					g.open, g.openedAt, g.marks = true, h.clock.T, map[string]meetings.Status{who: meetings.Present}
					at := h.clock.T.In(jakarta).Format("15:04")
					want = []string{h.want("id", "meeting.opened", "No", g.meetings, "Place", "(tempat belum ditulis)",
						"Time", at, "Start", at, "Grace", 15, "Excused", 0, "By", name(who))}
				}
			case c < 8:
				op = "meeting_present"
				who := pick(r, g.members)
				u = h.msg(g.chat, who, "/hadir")
				switch earlier, marked := g.marks[who]; {
				case !g.open:
					want = []string{h.want("id", "attendance.no_meeting")}
				case marked:
					want = []string{h.want("id", "attendance.already", "Name", name(who), "Status", statusName[earlier], "Meeting", g.meetings)}
				default:
					st := meetings.Present
					if h.clock.T.Sub(g.openedAt) > 15*time.Minute {
						st, op = meetings.Late, "meeting_late"
					}
					g.marks[who] = st
					want = []string{h.want("id", "attendance.marked", "Name", name(who), "Status", statusName[st],
						"Meeting", g.meetings, "Count", len(g.marks))}
				}
			default:
				op = "meeting_close"
				who := g.chair
				if r.Intn(6) == 0 {
					who = pick(r, g.plainMembers())
				}
				u = h.msg(g.chat, who, "/rapat selesai")
				switch {
				case who != g.chair:
					want = []string{h.want("id", "error.not_allowed", "Command", "/rapat selesai", "Roles", meetingRoles)}
				case !g.open:
					want = []string{h.want("id", "meeting.not_open")}
				default:
					// Members in id order: the late and the absent are fined.
					for _, m := range g.members {
						switch g.marks[m] {
						case meetings.Late:
							g.add(&modelEntry{kind: ledger.Fine, member: m, reporter: who, amount: fineRules.FineLate, status: ledger.Confirmed})
						case "":
							g.add(&modelEntry{kind: ledger.Fine, member: m, reporter: who, amount: fineRules.FineAbsent, status: ledger.Confirmed})
						}
					}
					g.open = false
					title := fmt.Sprintf("📝 NOTULEN RAPAT #%d · %s", g.meetings, titles[g.chat])
					after := h.want("id", "minutes.after", "Savings", g.savings("*").Confirmed, "Cash", g.cash(), "Unpaid", g.unpaid("*"))
					check = func(got []string) string {
						if len(got) != 1 || !strings.HasPrefix(got[0], title+"\n") || !strings.Contains(got[0], "\n"+after+"\n") {
							return fmt.Sprintf("minutes starting %q with %q", title, after)
						}
						return ""
					}
				}
			}
		default: // bad input
			op = "bad"
			who := pick(r, g.members)
			switch r.Intn(7) {
			case 0:
				u, want = h.msg(g.chat, who, "/setor"), []string{h.want("id", "money.missing")}
			case 1:
				u, want = h.msg(g.chat, who, "/setor 0"), []string{h.want("id", "money.is_zero", "Input", "0")}
			case 2:
				in := "-" + formatAmount(r, randomAmount(r))
				u, want = h.msg(g.chat, who, "/setor "+in), []string{h.want("id", "money.negative", "Input", strings.Fields(in)[0])}
			case 3:
				u, want = h.msg(g.chat, who, "/setor sepuluh"), []string{h.want("id", "money.not_a_number", "Input", "sepuluh")}
			case 4:
				in := []string{"100.000.001", "99999999999999999999", "101jt", "9223372036854775808"}[r.Intn(4)]
				u, want = h.msg(g.chat, who, "/setor "+in),
					[]string{h.want("id", "money.too_large", "Input", in, "Max", bot.Money(100_000_000))}
			case 5:
				plain := g.plainMembers()
				who = pick(r, plain)
				other := pick(r, g.members)
				for other == who {
					other = pick(r, g.members)
				}
				u, want = h.msg(g.chat, who, "/setor 5000 @"+other),
					[]string{h.want("id", "deposit.for_other_not_allowed", "Roles", "bendahara, ketua")}
			case 6:
				u, want = h.msg(g.chat, "orang"+strconv.Itoa(r.Intn(3)), "/setor 5000"), []string{h.want("id", "error.not_member")}
			}
		}
		ops[op]++
		got := texts(h.send(u))
		if u.Source == last.Source {
			want, check = []string{}, nil
		}
		if check != nil {
			if msg := check(got); msg != "" {
				t.Fatalf("step %d (%s, seed %d) %s: %q\nreplies: %q\nwant:    %s", step, op, seed, u.Chat, u.Text, got, msg)
			}
		} else if strings.Join(got, "\n--\n") != strings.Join(want, "\n--\n") {
			t.Fatalf("step %d (%s, seed %d) %s: %q\nreplies: %q\nwant:    %q", step, op, seed, u.Chat, u.Text, got, want)
		}
		last = u

		// The store agrees with the model for the group the step went to;
		// each tenth step for every group (so nothing leaked elsewhere).
		full := step%10 == 0 || step == steps
		h.tx(func(tx *storage.Tx) error {
			for _, mg := range groups {
				if mg != g && !full {
					continue
				}
				if err := checkGroup(tx, mg, groupIDs[mg.chat], memberIDs[mg.chat], full); err != nil {
					return fmt.Errorf("step %d (%s, seed %d): %w", step, op, seed, err)
				}
			}
			return nil
		})
	}
	t.Logf("operations: %v", ops)
	for _, op := range []string{"report", "record", "confirm", "reject", "confirm_button", "undo", "bad", "redeliver", "confirm_refused"} {
		if ops[op] == 0 && steps >= 300 {
			t.Errorf("no %s step ran: the test is not exercising it", op)
		}
	}
	// Rarer steps, in the longer runs.
	for _, op := range []string{"fine", "fine_by_name", "fine_pay", "fine_pay_refused", "confirm_fine", "income", "expense", "expense_refused",
		"meeting_open", "meeting_present", "meeting_late", "meeting_close"} {
		if ops[op] == 0 && steps >= 1000 {
			t.Errorf("no %s step ran: the test is not exercising it", op)
		}
	}
}

var jakarta = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		panic(err)
	}
	return loc
}()
