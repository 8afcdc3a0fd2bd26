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
	"kelompok/bot/loans"
	"kelompok/locales"
	"kelompok/storage"
)

var (
	booksSeed  = flag.Int64("books.seed", 0, "seed of TestBooksProperty: replay one sequence (0: three from the clock)")
	booksSteps = flag.Int("books.steps", 0, "commands per sequence of TestBooksProperty (0: 300, or 3000 with -property.long)")
	booksLong  = flag.Bool("property.long", false, "TestBooksProperty: long sequences (thousands of commands)")
)

// TestBooksProperty drives seeded random sequences of every money command
// through the real router in two groups that share members: deposits,
// confirmations, withdrawals, the social fund, bank moves, fines, income,
// expenses, corrections (reversals), loans from request to repaid,
// share-outs and meetings, valid and not (the wrong person, an officer of
// the other group, over the savings, the limit or the cash, a tenor of 0
// or over the maximum, a closed loan, someone else's loan, overpaying,
// correcting a correction or twice, a share-out with a loan open,
// approving one's own loan), and redeliveries. After every command, in
// both groups: the fund identity (checkFund), cash and bank not below
// zero, each member's savings and unpaid fines as the model's and not
// below zero, loans outstanding as the model's (by the books and loan by
// loan), every entry of the group as the model's with dense numbers that
// never change; a refused command changed no book at all, and its answer
// is the one the model expects. Replay a failure with -books.seed=N.
func TestBooksProperty(t *testing.T) {
	t.Parallel()
	type run struct {
		seed  int64
		steps int
		cover bool // check that every kind of step ran
	}
	now := time.Now().UnixNano()
	// coverSeed's sequence is known to meet every kind of step below in
	// coverSteps commands; the others come from the clock.
	const coverSeed, coverSteps = 55, 500
	runs := []run{{coverSeed, coverSteps, true}, {now, 200, false}}
	if *booksLong {
		runs = []run{{coverSeed, 3000, true}, {now, 3000, false}, {now + 1, 3000, false}}
	}
	if *booksSeed != 0 {
		steps := *booksSteps
		if steps <= 0 {
			steps = 200
			if *booksLong {
				steps = 3000
			}
		}
		runs = []run{{*booksSeed, steps, steps >= 3000}}
	} else if *booksSteps > 0 {
		for i := range runs {
			runs[i].steps, runs[i].cover = *booksSteps, false
		}
	}
	// Every kind of step, so that the test exercises what it claims: the
	// commands, and the bad inputs by name.
	want := []string{"deposit", "deposit_for", "confirm", "reject", "confirm_refused", "undo", "withdraw", "withdraw_refused",
		"social", "bank", "bank_refused", "income", "expense", "fine", "fine_pay", "correct", "correct_refused",
		"loan", "approve", "approve_refused", "disburse", "disburse_refused",
		"repay", "repay_refused", "shareout_preview", "shareout_refused", "role_refused", "stranger", "redeliver",
		"meeting_open", "meeting_close", "present",
		"loan_refused", "approve_own", "repay_closed", "loan_reject", "shareout_confirm", "shareout_booked", "correct_twice",
		"correct_of_correction", "tenor_invalid", "loan_over_limit", "repay_other", "repay_overpay"}
	for _, rn := range runs {
		t.Run(strconv.FormatInt(rn.seed, 10), func(t *testing.T) {
			t.Logf("seed %d, %d commands (replay: go test ./handlers -run TestBooksProperty -books.seed=%d -books.steps=%d)",
				rn.seed, rn.steps, rn.seed, rn.steps)
			r := newBooksRun(t, rand.New(rand.NewSource(rn.seed)), fmt.Sprintf("seed %d; replay: go test ./handlers -run TestBooksProperty -books.seed=%d -books.steps=%d", rn.seed, rn.seed, rn.steps))
			r.run(rn.steps)
			t.Logf("operations: %v", r.ops)
			if !rn.cover {
				return
			}
			for _, op := range want {
				if r.ops[op] == 0 {
					t.Errorf("no %s step ran in %d commands of seed %d: the test is not exercising it "+
						"(if the generator or the bot changed, find a coverSeed that meets every step)", op, rn.steps, rn.seed)
				}
			}
		})
	}
}

// FuzzBooks runs short command sequences chosen by the fuzzer's bytes
// through the same generator and checks the same identities after every
// command. Seeds: a few byte strings; `go test` runs them.
func FuzzBooks(f *testing.F) {
	for _, s := range []string{"", "\x00\x01\x02\x03", "loans and share-out", "\xff\xfe\x10\x20\x30\x40\x50\x60\x70\x80",
		strings.Repeat("\x2a\x07", 40)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 400 {
			data = data[:400]
		}
		r := newBooksRun(t, &byteChooser{b: data}, fmt.Sprintf("fuzz input %q", data))
		r.run(40)
	})
}

// byteChooser reads choices from bytes; when they run out every choice is 0.
type byteChooser struct {
	b []byte
	i int
}

func (c *byteChooser) next() uint64 {
	var v uint64
	for k := 0; k < 3; k++ {
		v <<= 8
		if c.i < len(c.b) {
			v |= uint64(c.b[c.i])
			c.i++
		}
	}
	return v
}

func (c *byteChooser) Intn(n int) int       { return int(c.next() % uint64(n)) }
func (c *byteChooser) Int63n(n int64) int64 { return int64(c.next() % uint64(n)) }

type booksRun struct {
	t      testing.TB
	h      *harness
	c      chooser
	label  string // how to replay: the seed or the fuzz input
	groups []*bGroup
	gids   map[bot.ChatRef]int64
	ids    map[bot.ChatRef]map[string]int64
	ops    map[string]int
	last   bot.Update
	step   int
	// settling: the next commands go to this group, to clear the way to
	// a share-out, for this many steps at most.
	settling   *bGroup
	settleLeft int
	// focus is a loan the next commands move on now and then, from the
	// request to repaid, so that every run has loans at every stage.
	focus       *bLoan
	focusGroup  *bGroup
	focusActive bool // this step is moving it
}

func newBooksRun(t testing.TB, c chooser, label string) *booksRun {
	h := newHarness(t)
	h.keepOutbox = true
	r := &booksRun{t: t, h: h, c: c, label: label, ops: map[string]int{},
		gids: map[bot.ChatRef]int64{}, ids: map[bot.ChatRef]map[string]int64{}}
	// Budi chairs A and is a plain member of B; Sari is plain in both.
	r.groups = []*bGroup{
		{chat: chatA, chair: "budi", treasurer: "ani", secretary: "siti", members: []string{"budi", "ani", "siti", "eko", "sari"}, cycle: 1},
		{chat: chatB, chair: "dewi", treasurer: "joko", secretary: "rudi", members: []string{"dewi", "joko", "rudi", "sari", "budi", "wati"}, cycle: 1},
	}
	for _, g := range r.groups {
		h.group(g.chat, g.chair, g.members[1:]...)
		h.say(g.chat, g.chair, "/pengurus @"+g.treasurer+" bendahara")
		h.say(g.chat, g.chair, "/pengurus @"+g.secretary+" sekretaris")
	}
	h.tx(func(tx *storage.Tx) error {
		for _, g := range r.groups {
			sg, err := tx.GroupByChat(g.chat)
			if err != nil {
				return err
			}
			r.gids[g.chat] = sg.ID
			r.ids[g.chat] = map[string]int64{}
			for _, who := range g.members {
				m, err := tx.MemberByRef(sg.ID, h.ref(who))
				if err != nil || m == nil {
					return fmt.Errorf("%s in %s: %v", who, g.chat, err)
				}
				if m.Role != g.role(who) && !(m.Role == bot.RoleMember && g.role(who) == "") {
					return fmt.Errorf("%s in %s is %q, want %q", who, g.chat, m.Role, g.role(who))
				}
				r.ids[g.chat][who] = m.ID
			}
		}
		return nil
	})
	return r
}

// step is one command and what the model expects of it.
type step struct {
	op string
	u  bot.Update
	// ok: booked something, so the books must change; else (refused, a
	// preview, a redelivery) they must not.
	ok bool
	// want are the exact replies; check, when set, judges them instead.
	want  []string
	check func(got []string) string
}

func (r *booksRun) name(who string) string { return r.h.person(who).Name }

func (r *booksRun) outside(g *bGroup) locales.Raw {
	if g.open {
		return ""
	}
	return r.h.outside("id")
}

func (r *booksRun) kind(k ledger.Kind) locales.Raw {
	return locales.Raw(r.h.cat.T("id", "kind."+string(k), nil))
}

func (r *booksRun) refuse(s *step, key string, kv ...any) {
	s.ok, s.want = false, []string{r.h.want("id", key, kv...)}
}

func (r *booksRun) accept(s *step, key string, kv ...any) {
	s.ok, s.want = true, []string{r.h.want("id", key, kv...)}
}

func (r *booksRun) fail(format string, args ...any) {
	r.t.Helper()
	r.t.Fatalf("step %d (%s): %s", r.step, r.label, fmt.Sprintf(format, args...))
}

func (r *booksRun) run(steps int) {
	before := r.h.books()
	for r.step = 1; r.step <= steps; r.step++ {
		r.h.clock.Advance(time.Duration(5+r.c.Intn(30)) * time.Second)
		gi := r.c.Intn(len(r.groups))
		g, other := r.groups[gi], r.groups[1-gi]
		var s *step
		if r.settleLeft > 0 && r.c.Intn(4) > 0 {
			r.settleLeft--
			g, other = r.settling, r.groups[0]
			if g == other {
				other = r.groups[1]
			}
			s = &step{}
			r.settle(s, g, other)
			if s.op == "shareout_booked" || (len(s.want) == 1 && strings.HasPrefix(s.want[0], r.h.want("id", "shareout.nothing", "Profit", g.retained()))) {
				r.settleLeft = 0 // done, or nothing to share
			}
		} else if l := r.focus; l != nil && r.c.Intn(3) == 0 {
			g = r.focusGroup
			other = r.groups[0]
			if g == other {
				other = r.groups[1]
			}
			s = &step{}
			r.focusActive = true
			switch {
			case l.rejected || l.closed():
				r.focus, r.focusActive = nil, false
				s = r.next(g, other)
			case !g.officesApproved(l):
				r.loanDecide(s, g, other)
			case !l.disbursed:
				r.disburse(s, g, other)
			default:
				r.repay(s, g, other, r.c.Intn(2) == 0)
			}
			r.focusActive = false
		} else {
			s = r.next(g, other)
		}
		if s == nil { // time passed, no command
			continue
		}
		r.ops[s.op]++
		got := texts(r.h.send(s.u))
		if s.u.Source == r.last.Source {
			s.want, s.check, s.ok = []string{}, nil, false
		}
		if s.check != nil {
			if msg := s.check(got); msg != "" {
				r.fail("%s %s %q: %q\nwant: %s", s.op, s.u.Chat, s.u.Text, got, msg)
			}
		} else if strings.Join(got, "\n--\n") != strings.Join(s.want, "\n--\n") {
			r.fail("%s %s %q by %s:\nreplies: %q\nwant:    %q", s.op, s.u.Chat, s.u.Text, s.u.Sender.Username, got, s.want)
		}
		r.last = s.u
		after := r.h.books()
		switch {
		case s.ok && after == before:
			r.fail("%s %q was answered as booked but the books did not change", s.op, s.u.Text)
		case !s.ok && after != before:
			r.fail("%s %q was refused (or redelivered) but changed the books:\n%s\n%s", s.op, s.u.Text, before, after)
		}
		before = after
		// The group the command went to, every time; the other (which it
		// must not have touched) every fifth command and at the end.
		for _, mg := range r.groups {
			if mg.chat == s.u.Chat || r.step%5 == 0 || r.step == steps {
				r.checkGroup(mg, s)
			}
		}
	}
}

// checkGroup compares the store with the model after a step.
func (r *booksRun) checkGroup(g *bGroup, s *step) {
	r.t.Helper()
	t, ok := r.t.(*testing.T)
	if ok {
		checkFund(t, r.h, g.chat, fmt.Sprintf("step %d (%s) %s", r.step, s.op, s.u.Text))
		if t.Failed() {
			r.fail("the fund identity broke after %s %q in %s", s.op, s.u.Text, s.u.Chat)
		}
	}
	gid, ids := r.gids[g.chat], r.ids[g.chat]
	var err error
	r.h.tx(func(tx *storage.Tx) error {
		err = r.compare(tx, g, gid, ids)
		return nil
	})
	if err == nil {
		err = r.compareEntries(g, gid, ids)
	}
	if err != nil {
		r.fail("after %s %s %q: %s: %v", s.op, s.u.Chat, s.u.Text, g.chat, err)
	}
}

func (r *booksRun) compare(tx *storage.Tx, g *bGroup, gid int64, ids map[string]int64) error {
	// Every member's totals in one pass, and one member's (by turns) as
	// the passbook reads them.
	all, err := tx.TotalsByMember(gid, time.Time{})
	if err != nil {
		return err
	}
	one := g.members[r.step%len(g.members)]
	for _, who := range g.members {
		tot := all[ids[who]]
		if who == one {
			if tot, err = tx.MemberTotals(gid, ids[who]); err != nil {
				return err
			}
		}
		s, err := ledger.SavingsOf(tot)
		if err != nil {
			return err
		}
		if want := g.savings(who); s != want {
			return fmt.Errorf("%s's savings %+v, model %+v", who, s, want)
		}
		if s.Confirmed < 0 {
			return fmt.Errorf("%s's savings %d, below zero", who, s.Confirmed)
		}
		owed, err := ledger.UnpaidFines(tot)
		if err != nil {
			return err
		}
		if owed != g.unpaid(who) || owed < 0 {
			return fmt.Errorf("%s owes %d in fines, model %d", who, owed, g.unpaid(who))
		}
	}
	tot, err := tx.GroupTotals(gid)
	if err != nil {
		return err
	}
	for _, x := range []struct {
		name  string
		f     func(ledger.Totals) (bot.Money, error)
		model bot.Money
	}{
		{"cash", ledger.Cash, g.cash()}, {"bank", ledger.Bank, g.bank()}, {"loans outstanding", ledger.LoansOutstanding, g.lent()},
		{"social fund", ledger.SocialFund, g.social()}, {"retained earnings", ledger.RetainedEarnings, g.retained()},
	} {
		got, err := x.f(tot)
		if err != nil {
			return err
		}
		if got != x.model {
			return fmt.Errorf("%s %d, model %d", x.name, got, x.model)
		}
		if got < 0 && x.name != "retained earnings" {
			return fmt.Errorf("%s %d, below zero", x.name, got)
		}
	}
	if lent := g.c("*", ledger.LoanOut) - g.c("*", ledger.LoanPrincipal); lent != g.lent() {
		return fmt.Errorf("model: loans outstanding by entries %d, by loans %d", lent, g.lent())
	}
	ls, err := tx.GroupLoans(gid)
	if err != nil {
		return err
	}
	if len(ls) != len(g.loans) {
		return fmt.Errorf("%d loans, model %d", len(ls), len(g.loans))
	}
	for i, l := range ls {
		ml := g.loans[i]
		if l.No != int64(ml.no) || l.MemberID != ids[ml.member] || l.Principal != ml.principal || l.Months != ml.months ||
			(l.Event(storage.LoanRejected) != nil) != ml.rejected || (l.Event(storage.LoanDisbursed) != nil) != ml.disbursed ||
			len(l.Approvers()) != len(ml.approvals) {
			return fmt.Errorf("loan %+v, model %+v", l, ml)
		}
		lt, err := tx.LoanTotals(l.ID)
		if err != nil {
			return err
		}
		if p := (loans.Payment{Interest: lt[ledger.LoanInterest][ledger.Confirmed], Principal: lt[ledger.LoanPrincipal][ledger.Confirmed]}); p != ml.paid {
			return fmt.Errorf("P%d repaid %+v, model %+v", ml.no, p, ml.paid)
		}
		if out, err := ledger.LoansOutstanding(lt); err != nil || out != ml.disbursedFor-ml.paid.Principal {
			return fmt.Errorf("P%d outstanding %d (%v), model %d", ml.no, out, err, ml.disbursedFor-ml.paid.Principal)
		}
	}
	return nil
}

const qBookEntries = `SELECT e.no, e.kind, COALESCE(e.member_id, 0), e.amount, COALESCE(r.no, 0), COALESCE(e.loan_id, 0) <> 0,
CASE WHEN d.decision = 'confirmed' OR (e.needs_confirmation = 0 AND d.entry_id IS NULL) THEN 'confirmed'
WHEN d.entry_id IS NULL THEN 'pending' ELSE 'void' END
FROM entries e LEFT JOIN entry_decisions d ON d.entry_id = e.id LEFT JOIN entries r ON r.id = e.reverses
WHERE e.group_id = ? ORDER BY e.no`

// compareEntries reads every entry of the group: numbered 1..n without a
// gap, each the model's (so none was changed or numbered again).
func (r *booksRun) compareEntries(g *bGroup, gid int64, ids map[string]int64) error {
	return r.h.store.Read(r.h.ctx, func(q storage.Querier) error {
		rows, err := q.QueryContext(r.h.ctx, qBookEntries, gid)
		if err != nil {
			return err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var no, member, reverses int64
			var kind, status string
			var amount bot.Money
			var loan bool
			if err := rows.Scan(&no, &kind, &member, &amount, &reverses, &loan, &status); err != nil {
				return err
			}
			n++
			if no != int64(n) {
				return fmt.Errorf("entry #%d where #%d was due: numbers not dense", no, n)
			}
			if n > len(g.entries) {
				return fmt.Errorf("entry #%d %s %d is not in the model (%d entries)", no, kind, amount, len(g.entries))
			}
			e := g.entries[n-1]
			if kind != string(e.kind) || member != ids[e.member] || amount != e.amount || reverses != int64(e.reverses) ||
				loan != (e.loan != 0) || status != string(e.status) {
				return fmt.Errorf("entry #%d is %s member %d %d reverses #%d loan %v %s; model %+v", no, kind, member, amount, reverses, loan, status, e)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if n != len(g.entries) {
			return fmt.Errorf("%d entries, model %d", n, len(g.entries))
		}
		return nil
	})
}

// actor is who sends a privileged command: mostly one of the officers
// given, sometimes a plain member, sometimes an officer of the other group.
func (r *booksRun) actor(g, other *bGroup, officers ...string) string {
	switch k := r.c.Intn(20); {
	case k < 16:
		return pick(r.c, officers)
	case k < 19:
		return pick(r.c, g.plain())
	default:
		return pick(r.c, []string{other.chair, other.treasurer, other.secretary})
	}
}

// gate applies the router's checks of a command for members only, with
// roles if given: it refuses and returns true when who may not.
func (r *booksRun) gate(s *step, g *bGroup, who, command string, roles ...bot.Role) bool {
	if !g.isMember(who) {
		r.refuse(s, "error.not_member")
		s.op = "stranger"
		return true
	}
	if len(roles) > 0 {
		for _, rl := range roles {
			if g.role(who) == rl {
				return false
			}
		}
		r.refuse(s, "error.not_allowed", "Command", command, "Roles", roleNames(roles))
		s.op = "role_refused"
		return true
	}
	return false
}

var (
	rolesMoney   = []bot.Role{bot.RoleTreasurer, bot.RoleChair}
	rolesDecide  = []bot.Role{bot.RoleChair, bot.RoleTreasurer}
	rolesMeeting = []bot.Role{bot.RoleChair, bot.RoleSecretary}
)

func roleNames(roles []bot.Role) string {
	names := map[bot.Role]string{bot.RoleChair: "ketua", bot.RoleTreasurer: "bendahara", bot.RoleSecretary: "sekretaris"}
	out := make([]string, len(roles))
	for i, rl := range roles {
		out[i] = names[rl]
	}
	return strings.Join(out, ", ")
}

// amountUpTo is an amount from 1 to max (max >= 1), or any amount.
func (r *booksRun) amountUpTo(max bot.Money) bot.Money {
	if max >= 1 && r.c.Intn(5) > 0 {
		return bot.Money(1 + r.c.Int63n(int64(max)))
	}
	return randomAmount(r.c)
}
