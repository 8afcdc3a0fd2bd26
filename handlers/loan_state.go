package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/loans"
	"kelompok/storage"
)

// loanPolicy is how early repayment is counted: the interest of the months
// begun is owed, the later months' interest is waived at payoff.
const loanPolicy = loans.InterestToDate

// loanState is a loan as the books stand: its schedule (counted from the
// pay-out), what has been repaid, and whether it is still open.
type loanState struct {
	l         *storage.Loan
	disbursed *storage.LoanEvent
	schedule  []loans.Installment
	paid      loans.Payment
	// outstanding is the principal paid out and not yet repaid.
	outstanding bot.Money
	rejected    bool
	closed      bool
}

// open: asked for or paid out, not rejected and not repaid in full.
func (s *loanState) open() bool { return !s.rejected && !s.closed }

func (c *Ctx) loanState(l *storage.Loan) (*loanState, error) {
	states, err := c.loanStates([]*storage.Loan{l})
	if err != nil {
		return nil, err
	}
	return states[0], nil
}

// loanStates is loanState for several loans, their totals read in one
// statement.
func (c *Ctx) loanStates(ls []*storage.Loan) ([]*loanState, error) {
	var paidOut []int64
	for _, l := range ls {
		if l.Event(storage.LoanDisbursed) != nil {
			paidOut = append(paidOut, l.ID)
		}
	}
	totals, err := c.Tx.LoansTotals(paidOut)
	if err != nil {
		return nil, err
	}
	out := make([]*loanState, len(ls))
	for i, l := range ls {
		if out[i], err = c.newLoanState(l, totals[l.ID]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// newLoanState is a loan's state given its totals.
func (c *Ctx) newLoanState(l *storage.Loan, tot ledger.Totals) (*loanState, error) {
	s := &loanState{l: l, disbursed: l.Event(storage.LoanDisbursed), rejected: l.Event(storage.LoanRejected) != nil}
	if s.disbursed == nil {
		return s, nil
	}
	var err error
	s.paid = loans.Payment{Interest: tot[ledger.LoanInterest][ledger.Confirmed], Principal: tot[ledger.LoanPrincipal][ledger.Confirmed]}
	if s.outstanding, err = ledger.LoansOutstanding(tot); err != nil {
		return nil, err
	}
	s.closed = s.outstanding <= 0
	s.schedule, err = loans.Schedule(l.Principal, l.RateBP, l.Months, 0, loans.Method(l.Method), s.disbursed.At, loanLocation(l, c.Group.Rules))
	return s, err
}

// loanLocation is the zone a loan's installments are dated in: its own,
// kept from the request, or the group's for loans from before that.
func loanLocation(l *storage.Loan, r bot.Rules) *time.Location {
	if l.TimeZone == "" {
		return r.Location()
	}
	return zoneNamed(l.TimeZone, r)
}

// zoneNamed is the time zone called name, or r's zone if there is none by
// that name. Loading a zone reads the zone database, so the group's own
// zone (the usual case) is taken from the rules' cache instead.
func zoneNamed(name string, r bot.Rules) *time.Location {
	if name == r.TimeZone {
		return r.Location()
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return r.Location()
}

// loan is the schedule with the loan's terms, as Allocate and Status take it.
func (s *loanState) loan() loans.Loan {
	return loans.Loan{Schedule: s.schedule, RateBP: s.l.RateBP, Method: loans.Method(s.l.Method)}
}

// status is where a paid-out loan stands now.
func (s *loanState) status(c *Ctx) (loans.LoanStatus, error) {
	return loans.Status(s.loan(), []loans.Payment{s.paid}, c.Tx.Now(), loanPolicy)
}

// memberLoanStates lists a member's loans with their state.
func (c *Ctx) memberLoanStates(memberID int64) ([]*loanState, error) {
	ls, err := c.Tx.MemberLoans(c.Group.ID, memberID)
	if err != nil {
		return nil, err
	}
	return c.loanStates(ls)
}

// groupLoanStates lists the group's loans with their state.
func (c *Ctx) groupLoanStates() ([]*loanState, error) {
	ls, err := c.Tx.GroupLoans(c.Group.ID)
	if err != nil {
		return nil, err
	}
	return c.loanStates(ls)
}

// parseLoanNo reads a loan number: "P3" (or "p3", "3" when prefixed is false).
func parseLoanNo(s string, prefixed bool) (int64, error) {
	t := strings.TrimPrefix(s, "#")
	has := strings.HasPrefix(t, "P") || strings.HasPrefix(t, "p")
	if has {
		t = t[1:]
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || (prefixed && !has) {
		return 0, bot.E("loan.bad_number", "Input", s)
	}
	return n, nil
}

// isLoanNo tells a loan number ("P3") from an entry number ("3").
func isLoanNo(s string) bool {
	_, err := parseLoanNo(s, true)
	return err == nil
}

// loanByArg finds the loan an argument names in this group.
func (c *Ctx) loanByArg(arg string) (*storage.Loan, error) {
	no, err := parseLoanNo(arg, false)
	if err != nil {
		return nil, err
	}
	l, err := c.Tx.LoanByNo(c.Group.ID, no)
	if err != nil {
		return nil, err
	}
	if l == nil {
		return nil, bot.E("loan.not_found", "No", loanRef(no))
	}
	return l, nil
}

// loanRef is how a loan is quoted: "P3".
func loanRef(no int64) string { return "P" + strconv.FormatInt(no, 10) }

// percent writes basis points as a percentage in the chat's language.
func (c *Ctx) percent(bp int) string {
	s := strconv.Itoa(bp / 100)
	if r := bp % 100; r != 0 {
		sep := ","
		if c.Lang() == "en" {
			sep = "."
		}
		s += sep + strings.TrimRight(fmt.Sprintf("%02d", r), "0")
	}
	return s + "%"
}

// scheduleLines renders a schedule, one installment a line.
func (c *Ctx) scheduleLines(sch []loans.Installment) string {
	lines := make([]string, len(sch))
	for i, in := range sch {
		lines[i] = c.T("loan.schedule_line", "N", in.N, "Due", in.Due.Format("02/01/2006"),
			"Principal", in.Principal, "Interest", in.Interest, "Total", in.Total)
	}
	return strings.Join(lines, "\n")
}

// owedOnOtherLoans is what a member's loans (their states) other than
// except count against their limit: the principal still owed on paid-out
// loans, and, with requested, the principal asked for on loans not yet
// paid out.
func owedOnOtherLoans(states []*loanState, except int64, requested bool) (bot.Money, error) {
	var owed bot.Money
	var err error
	for _, s := range states {
		if s.l.ID == except || !s.open() {
			continue
		}
		switch {
		case s.disbursed != nil:
			owed, err = ledger.Add(owed, s.outstanding)
		case requested:
			owed, err = ledger.Add(owed, s.l.Principal)
		}
		if err != nil {
			return 0, err
		}
	}
	return owed, nil
}

// withinLimit checks amount against what is left of the member's limit
// once their other loans (states, from memberLoanStates) are counted (see
// owedOnOtherLoans).
func withinLimit(states []*loanState, except int64, amount, savings bot.Money, multiple int, requested bool) error {
	owed, err := owedOnOtherLoans(states, except, requested)
	if err != nil || owed == 0 {
		return err
	}
	limit := loans.Limit(savings, multiple)
	left := max(limit-owed, 0)
	if amount > left {
		return bot.E("loan.over_limit_others", "Limit", limit, "Multiple", max(multiple, 1), "Savings", savings,
			"Owed", owed, "Left", left, "Amount", amount)
	}
	return nil
}
