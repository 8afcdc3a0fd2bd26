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
	"kelompok/storage"
)

var (
	propSeed  = flag.Int64("prop.seed", 0, "seed of TestLedgerProperty (0: from the clock)")
	propSteps = flag.Int("prop.steps", 0, "steps of TestLedgerProperty (0: 2000, 1000 with -race, 300 with -short)")
)

// The model of one group's books that the property test keeps beside the store.
type modelEntry struct {
	member, reporter string
	amount           bot.Money
	status           ledger.Status
}

type modelGroup struct {
	chat             bot.ChatRef
	chair, treasurer string
	members          []string
	entries          []*modelEntry // entry number n is entries[n-1]
}

func (g *modelGroup) savings(who string) ledger.Savings {
	var s ledger.Savings
	for _, e := range g.entries {
		if e.member != who {
			continue
		}
		switch e.status {
		case ledger.Confirmed:
			s.Confirmed += e.amount
		case ledger.Pending:
			s.Pending += e.amount
		}
	}
	return s
}

func (g *modelGroup) pendingNos() []int {
	var out []int
	for i, e := range g.entries {
		if e.status == ledger.Pending {
			out = append(out, i+1)
		}
	}
	return out
}

func (g *modelGroup) handlesMoney(who string) bool { return who == g.chair || who == g.treasurer }

func (g *modelGroup) plainMembers() []string {
	var out []string
	for _, m := range g.members {
		if !g.handlesMoney(m) {
			out = append(out, m)
		}
	}
	return out
}

// groupDigits writes n with a thousands separator: 1500000 -> 1.500.000.
func groupDigits(n int64, sep string) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// formatAmount writes an amount in one of the ways people type it.
func formatAmount(r *rand.Rand, m bot.Money) string {
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

func randomAmount(r *rand.Rand) bot.Money {
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

func pick(r *rand.Rand, xs []string) string { return xs[r.Intn(len(xs))] }

// TestLedgerProperty runs a seeded random sequence of deposits,
// confirmations, rejections, withdrawals, redeliveries and bad inputs in
// three groups that share some members, and checks after every step that
// the store agrees with a simple model: each member's savings, confirmed
// and pending apart, and each group's totals as the sum of its members'.
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

	for step := 1; step <= steps; step++ {
		g := groups[r.Intn(len(groups))]
		var u bot.Update
		var want []string
		op := ""
		switch k := r.Intn(100); {
		case k < 25: // a member reports a deposit: pending
			op = "report"
			who := pick(r, g.members)
			m := randomAmount(r)
			u = h.msg(g.chat, who, "/setor "+formatAmount(r, m))
			g.entries = append(g.entries, &modelEntry{member: who, reporter: who, amount: m, status: ledger.Pending})
			s := g.savings(who)
			want = []string{h.want("id", "deposit.pending", "No", len(g.entries), "Name", name(who), "Amount", m,
				"Confirmed", s.Confirmed, "Pending", s.Pending)}
		case k < 40: // the chair or treasurer records for someone: confirmed (unless for themselves)
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
			e := &modelEntry{member: target, reporter: who, amount: m, status: ledger.Confirmed}
			if target == who {
				e.status = ledger.Pending
			}
			g.entries = append(g.entries, e)
			s := g.savings(target)
			if e.status == ledger.Pending {
				want = []string{h.want("id", "deposit.pending", "No", len(g.entries), "Name", name(target), "Amount", m,
					"Confirmed", s.Confirmed, "Pending", s.Pending)}
			} else {
				want = []string{h.want("id", "deposit.recorded", "No", len(g.entries), "Name", name(target), "Amount", m,
					"By", name(who), "Confirmed", s.Confirmed, "Pending", s.Pending, "HasPending", s.Pending > 0)}
			}
		case k < 65: // someone confirms or rejects an entry, by command or button
			who := pick(r, g.members)
			if r.Intn(4) > 0 {
				who = []string{g.chair, g.treasurer}[r.Intn(2)]
			}
			no := 1 + r.Intn(len(g.entries)+2)
			if pending := g.pendingNos(); len(pending) > 0 && r.Intn(2) == 0 {
				no = pending[r.Intn(len(pending))]
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
			s := g.savings(e.member)
			want = []string{h.want("id", key, "No", no, "Name", name(e.member), "Amount", e.amount, "By", name(who),
				"Confirmed", s.Confirmed, "Pending", s.Pending)}
			if button {
				want = append(want, fmt.Sprintf(notice, no))
			}
		case k < 75: // a member withdraws their last pending report
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
		case k < 80 && last.Source != "": // a redelivery: nothing at all
			op = "redeliver"
			u = last
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
			want = []string{}
		}
		if strings.Join(got, "\n--\n") != strings.Join(want, "\n--\n") {
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
}

// checkGroup compares the store with the model: each member's savings by
// MemberTotals, and the group's totals as their sum. With entries, the
// entry numbers must also be dense and the newest entry the model's.
func checkGroup(tx *storage.Tx, mg *modelGroup, gid int64, ids map[string]int64, entries bool) error {
	var sum ledger.Savings
	for _, who := range mg.members {
		tot, err := tx.MemberTotals(gid, ids[who])
		if err != nil {
			return err
		}
		got, err := ledger.SavingsOf(tot)
		if err != nil {
			return err
		}
		if want := mg.savings(who); got != want {
			return fmt.Errorf("%s in %s has %+v, model %+v", who, mg.chat, got, want)
		}
		sum.Confirmed += got.Confirmed
		sum.Pending += got.Pending
	}
	tot, err := tx.GroupTotals(gid)
	if err != nil {
		return err
	}
	gs, err := ledger.SavingsOf(tot)
	if err != nil {
		return err
	}
	if gs != sum {
		return fmt.Errorf("%s totals %+v, sum of members %+v", mg.chat, gs, sum)
	}
	if !entries {
		return nil
	}
	n := int64(len(mg.entries))
	next, err := tx.EntryByNo(gid, n+1)
	if err != nil {
		return err
	}
	if next != nil {
		return fmt.Errorf("%s has entry #%d, model has %d", mg.chat, n+1, n)
	}
	if n > 0 {
		e, err := tx.EntryByNo(gid, n)
		if err != nil {
			return err
		}
		me := mg.entries[n-1]
		if e == nil || e.Amount != me.amount || e.Status() != me.status || e.MemberID != ids[me.member] {
			return fmt.Errorf("%s #%d is %+v, model %+v", mg.chat, n, e, me)
		}
	}
	return nil
}
