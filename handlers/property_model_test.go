package handlers_test

import (
	"fmt"
	"math/big"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/loans"
	"kelompok/bot/meetings"
	"kelompok/storage"
)

// The model of TestLedgerProperty, and the check of the store against it.

// The model of one group's books that the property test keeps beside the store.
type modelEntry struct {
	kind             ledger.Kind
	member, reporter string // member is "" for income and expenses
	amount           bot.Money
	status           ledger.Status
	meeting          int64 // the meeting's number, 0 outside meetings
}

type modelGroup struct {
	chat             bot.ChatRef
	chair, treasurer string
	members          []string      // in the order they registered (member id order)
	entries          []*modelEntry // entry number n is entries[n-1]

	meetings int64 // meetings opened so far
	open     bool  // meetings is open
	openedAt time.Time
	marks    map[string]meetings.Status
}

// sum adds the amounts of who's entries (any member with who == "*") of a
// kind and status.
func (g *modelGroup) sum(who string, kind ledger.Kind, st ledger.Status) bot.Money {
	var m bot.Money
	for _, e := range g.entries {
		if e.kind == kind && e.status == st && (who == "*" || e.member == who) {
			m += e.amount
		}
	}
	return m
}

func (g *modelGroup) savings(who string) ledger.Savings {
	return ledger.Savings{Confirmed: g.sum(who, ledger.Deposit, ledger.Confirmed), Pending: g.sum(who, ledger.Deposit, ledger.Pending)}
}

// unpaid is who's unpaid fines ("*": the group's): confirmed fines minus
// confirmed payments.
func (g *modelGroup) unpaid(who string) bot.Money {
	return g.sum(who, ledger.Fine, ledger.Confirmed) - g.sum(who, ledger.FinePayment, ledger.Confirmed)
}

// cash is the cash box: confirmed deposits and fine payments and income,
// minus expenses.
func (g *modelGroup) cash() bot.Money {
	return g.sum("*", ledger.Deposit, ledger.Confirmed) + g.sum("*", ledger.FinePayment, ledger.Confirmed) +
		g.sum("*", ledger.Income, ledger.Confirmed) - g.sum("*", ledger.Expense, ledger.Confirmed)
}

// meetingNo is the number of the open meeting, 0 if none.
func (g *modelGroup) meetingNo() int64 {
	if g.open {
		return g.meetings
	}
	return 0
}

func (g *modelGroup) add(e *modelEntry) int {
	e.meeting = g.meetingNo()
	g.entries = append(g.entries, e)
	return len(g.entries)
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

// checkGroup compares the store with the model: each member's savings and
// unpaid fines by MemberTotals, and the group's totals as their sum and its
// cash box. With entries, the entry numbers must also be dense and the
// newest entry the model's, booked in the model's meeting (or none).
func checkGroup(tx *storage.Tx, mg *modelGroup, gid int64, ids map[string]int64, entries bool) error {
	var sum ledger.Savings
	var unpaid bot.Money
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
		owed, err := ledger.UnpaidFines(tot)
		if err != nil {
			return err
		}
		if want := mg.unpaid(who); owed != want {
			return fmt.Errorf("%s in %s owes %d in fines, model %d", who, mg.chat, owed, want)
		}
		sum.Confirmed += got.Confirmed
		sum.Pending += got.Pending
		unpaid += owed
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
	if owed, err := ledger.UnpaidFines(tot); err != nil || owed != unpaid {
		return fmt.Errorf("%s unpaid fines %d (%v), sum of members %d", mg.chat, owed, err, unpaid)
	}
	if cash, err := ledger.Cash(tot); err != nil || cash != mg.cash() {
		return fmt.Errorf("%s cash %d (%v), model %d", mg.chat, cash, err, mg.cash())
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
		if e == nil || e.Kind != me.kind || e.Amount != me.amount || e.Status() != me.status || e.MemberID != ids[me.member] {
			return fmt.Errorf("%s #%d is %+v, model %+v", mg.chat, n, e, me)
		}
		var meetingID int64
		if me.meeting != 0 {
			m, err := tx.MeetingByNo(gid, me.meeting)
			if err != nil || m == nil {
				return fmt.Errorf("%s has no meeting #%d (%v)", mg.chat, me.meeting, err)
			}
			meetingID = m.ID
		}
		if e.MeetingID != meetingID {
			return fmt.Errorf("%s #%d booked in meeting id %d, model meeting #%d (id %d)", mg.chat, n, e.MeetingID, me.meeting, meetingID)
		}
	}
	return nil
}

// The model of TestBooksProperty: one group's entries (reversals
// included), loans, meetings and share-outs, as the rules in DOMAIN.md say
// they must come out, kept beside the store and compared with it after
// every command.

type bEntry struct {
	kind       ledger.Kind
	member, by string // member "" for income, expenses and bank moves
	amount     bot.Money
	status     ledger.Status
	reverses   int // the entry number this one corrects, 0 if none
	reversedBy int // the entry number that corrects this one, 0 if none
	loan       int // the loan's number for a loan's entries
	// pay is, for a repayment's parts, the number of its first part: the
	// parts are corrected together.
	pay      int
	shareOut bool
}

type bLoan struct {
	no           int
	member       string
	principal    bot.Money
	months       int
	approvals    []string
	rejected     bool
	disbursed    bool
	disbursedAt  time.Time
	paid         loans.Payment
	disbursedFor bot.Money // principal paid out (0 before the pay-out)
}

func (l *bLoan) closed() bool { return l.disbursed && l.paid.Principal >= l.principal }

// open: asked for or paid out, not rejected, not repaid in full.
func (l *bLoan) open() bool { return !l.rejected && !l.closed() }

// terms is the loan as loans.Allocate takes it, its schedule counted from
// the pay-out (flat 2% a month: the default rules).
func (l *bLoan) terms() (loans.Loan, error) {
	sch, err := loans.Schedule(l.principal, bot.DefaultRules().LoanRateBP, l.months, 0, loans.Flat, l.disbursedAt, jakarta)
	return loans.Loan{Schedule: sch, RateBP: bot.DefaultRules().LoanRateBP, Method: loans.Flat}, err
}

type bConf struct {
	by, fp string
	total  bot.Money
}

type bGroup struct {
	chat                        bot.ChatRef
	chair, treasurer, secretary string
	members                     []string // in the order they registered
	entries                     []*bEntry
	loans                       []*bLoan

	meetings int64
	open     bool
	openedAt time.Time
	marks    map[string]meetings.Status

	cycle     int64
	confs     []bConf // share-out confirmations of this cycle
	previewed bool    // the share-out of this cycle was previewed
}

func (g *bGroup) role(who string) bot.Role {
	switch who {
	case g.chair:
		return bot.RoleChair
	case g.treasurer:
		return bot.RoleTreasurer
	case g.secretary:
		return bot.RoleSecretary
	}
	return ""
}

func (g *bGroup) isMember(who string) bool {
	for _, m := range g.members {
		if m == who {
			return true
		}
	}
	return false
}

func (g *bGroup) handlesMoney(who string) bool { return who == g.chair || who == g.treasurer }

func (g *bGroup) plain() []string {
	var out []string
	for _, m := range g.members {
		if g.role(m) == "" {
			out = append(out, m)
		}
	}
	return out
}

// sum adds who's ("*": everyone's) entries of a kind and status, a
// reversal counted against what it corrects.
func (g *bGroup) sum(who string, k ledger.Kind, st ledger.Status) bot.Money {
	var m bot.Money
	for _, e := range g.entries {
		if e.kind != k || e.status != st || (who != "*" && e.member != who) {
			continue
		}
		if e.reverses != 0 {
			m -= e.amount
		} else {
			m += e.amount
		}
	}
	return m
}

func (g *bGroup) c(who string, kinds ...ledger.Kind) bot.Money {
	var m bot.Money
	for _, k := range kinds {
		m += g.sum(who, k, ledger.Confirmed)
	}
	return m
}

func (g *bGroup) savings(who string) ledger.Savings {
	return ledger.Savings{Confirmed: g.c(who, ledger.Deposit) - g.c(who, ledger.Withdrawal),
		Pending: g.sum(who, ledger.Deposit, ledger.Pending)}
}

// lendable is what a loan limit counts: confirmed savings less withdrawals
// still waiting.
// pledged is the principal a member owes on paid-out loans and the savings
// that stand behind it: owed / 3 (the default loan multiple), rounded up.
func (g *bGroup) pledged(who string) (owed, pledged bot.Money) {
	for _, l := range g.loans {
		if l.member == who && l.disbursed && !l.closed() {
			owed += l.disbursedFor - l.paid.Principal
		}
	}
	return owed, (owed + 2) / 3
}

func (g *bGroup) lendable(who string) bot.Money {
	return g.savings(who).Confirmed - g.sum(who, ledger.Withdrawal, ledger.Pending)
}

func (g *bGroup) unpaid(who string) bot.Money {
	return g.c(who, ledger.Fine) - g.c(who, ledger.FinePayment)
}

func (g *bGroup) cash() bot.Money {
	return g.c("*", ledger.Deposit, ledger.FinePayment, ledger.Income, ledger.Social, ledger.BankWithdrawal,
		ledger.LoanPrincipal, ledger.LoanInterest) -
		g.c("*", ledger.Expense, ledger.Withdrawal, ledger.BankDeposit, ledger.LoanOut, ledger.ProfitPaid)
}

func (g *bGroup) bank() bot.Money {
	return g.c("*", ledger.BankDeposit, ledger.BankInterest) - g.c("*", ledger.BankWithdrawal, ledger.BankFee)
}

func (g *bGroup) social() bot.Money { return g.c("*", ledger.Social) }

func (g *bGroup) retained() bot.Money {
	return g.c("*", ledger.FinePayment, ledger.Income, ledger.BankInterest, ledger.LoanInterest) -
		g.c("*", ledger.Expense, ledger.BankFee, ledger.ProfitPaid)
}

// lent is the loans outstanding, counted from the loans themselves.
func (g *bGroup) lent() bot.Money {
	var m bot.Money
	for _, l := range g.loans {
		m += l.disbursedFor - l.paid.Principal
	}
	return m
}

// numberOf is an entry's number (its place in the book).
func (g *bGroup) numberOf(e *bEntry) int {
	for i, x := range g.entries {
		if x == e {
			return i + 1
		}
	}
	return 0
}

func (g *bGroup) add(e *bEntry) int {
	g.entries = append(g.entries, e)
	return len(g.entries)
}

func (g *bGroup) pendingNos() []int {
	var out []int
	for i, e := range g.entries {
		if e.status == ledger.Pending {
			out = append(out, i+1)
		}
	}
	return out
}

// openLoanOf is who's one paid-out loan still owed, nil if none.
func (g *bGroup) openLoanOf(who string) *bLoan {
	for _, l := range g.loans {
		if l.member == who && l.disbursed && !l.closed() {
			return l
		}
	}
	return nil
}

func (g *bGroup) openLoans(who string) int {
	n := 0
	for _, l := range g.loans {
		if l.member == who && l.open() {
			n++
		}
	}
	return n
}

// officesApproved: the loan's approvals are one by the chair's office and
// one by the treasurer's (the secretary standing in for a borrowing
// officer).
func (g *bGroup) officesApproved(l *bLoan) bool {
	offices := map[bot.Role]bool{}
	for _, by := range l.approvals {
		if r := approvingOffice(g.role(by), g.role(l.member)); r != "" {
			offices[r] = true
		}
	}
	return offices[bot.RoleChair] && offices[bot.RoleTreasurer]
}

func approvingOffice(approver, borrower bot.Role) bot.Role {
	switch {
	case approver == bot.RoleChair || approver == bot.RoleTreasurer:
		return approver
	case approver == bot.RoleSecretary && (borrower == bot.RoleChair || borrower == bot.RoleTreasurer):
		return borrower
	}
	return ""
}

// bPayout is one member's part of a share-out.
type bPayout struct {
	member                 string
	savings, profit, total bot.Money
}

// bPlan is a share-out as the model works it out: savings paid back, and
// the profit (retained earnings) shared in proportion to savings, each
// share rounded down to the rupiah (a loss share up) and the remainder
// kept in the fund.
type bPlan struct {
	payouts                                 []bPayout // by name, as the group's member list
	savings, profit, remainder, total, cash bot.Money
	social, bank                            bot.Money
	fp                                      string
}

// floorDiv is floor(a*b/c) for c > 0, in big integers.
func floorDiv(a, b, c bot.Money) bot.Money {
	n := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(int64(b)))
	// Div rounds towards minus infinity for a positive divisor.
	return bot.Money(new(big.Int).Div(n, big.NewInt(int64(c))).Int64())
}
