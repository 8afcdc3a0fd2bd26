package loans

import (
	"fmt"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

// Payment is one repayment already booked against a loan, as Allocate split
// it. Reversed repayments are left out by the caller. Only the amounts
// matter: installments are paid in order (the "waterfall"), so installment k
// is paid in full once the interest paid covers the interest of installments
// 1..k and the principal paid covers their principal.
type Payment struct {
	Interest  bot.Money
	Principal bot.Money
}

// Loan is what Allocate and Status need to know of a loan: its schedule (as
// Schedule made it) and the terms it was made with, so that a declining
// loan's interest can be recomputed on the principal actually outstanding.
type Loan struct {
	Schedule []Installment
	RateBP   int    // interest per month, basis points (as given to Schedule)
	Method   Method // Flat or Declining
}

// Interest owed per installment ("effective" interest). For a Flat loan, and
// for any loan under InterestScheduled, it is the schedule's. For a Declining
// loan under InterestToDate it is recomputed from the principal actually
// repaid, since the schedule assumed none would be repaid early. Payments
// carry no dates, so the rule leans on the waterfall: principal is only ever
// taken once the interest of every installment whose period has begun is
// paid in full. Hence, while installment k's interest is not fully paid, all
// principal repaid so far was repaid before k's period began. With P the
// principal, paidP the principal repaid, cumP(k-1) the scheduled principal of
// installments 1..k-1, paidI the interest paid and E(k-1) the effective
// interest of installments 1..k-1:
//
//	opening(k) = P - max(paidP, cumP(k-1))   the balance at k's start: what is
//	             outstanding now, less the scheduled principal still to come
//	             before k (never more than the scheduled balance, so arrears
//	             are not charged extra interest)
//	r(k)       = opening(k) x rate, rounded half up (as Schedule does)
//	interest(k) = clamp(paidI - E(k-1), r(k), scheduled(k))
//
// That is: r(k) while k's interest is unpaid; once something was paid to it,
// what was paid (interest charged when k's period was running is kept as
// charged: principal repaid during the period does not lower it) but never
// more than the schedule's nor less than r(k). It never exceeds the
// schedule, so a member is never charged more than the reply to /pinjam
// showed. Example: 300,000 at 2% over 3 months (schedule 6,000, 4,000,
// 2,000 interest); 206,000 paid in the first month (6,000 + 200,000
// principal) leaves 100,000, and months 2 and 3 owe 2,000 each.

// Allocation is how one repayment is split, and the loan after it.
type Allocation struct {
	Interest    bot.Money // to interest (income of the group)
	Principal   bot.Money // to principal (back into the fund)
	Outstanding bot.Money // principal still owed after this payment
	Closed      bool      // the principal is repaid in full
	Waived      bot.Money // when Closed: scheduled interest never charged (policy, recomputation)
}

// Payment is the allocation as a Payment to book and pass back in later.
func (a Allocation) Payment() Payment { return Payment{Interest: a.Interest, Principal: a.Principal} }

// Allocate splits a repayment of amount made at `at` (periods as in
// EarlyPolicy; days counted in the schedule's zone). The order is:
//  1. interest of the past-due and current installments, oldest first;
//  2. principal of those installments, oldest first;
//  3. under InterestScheduled only: the interest of future installments;
//  4. principal of future installments (early repayment), next one first.
//
// So an installment paid a few days before its due date counts as that
// installment, interest included, and anything beyond it repays principal
// early. A partial payment stops wherever the amount runs out. A partial
// early repayment lowers the principal of the next installments. Under
// InterestToDate it also lowers a Declining loan's interest of the months
// not yet charged, recomputed on the principal actually outstanding (see
// Loan); a Flat loan's stands, and under either method the future interest
// left is waived when the loan is paid off. The loan is closed when its principal is
// repaid in full; by the order above, the interest owed under the policy is
// paid by then, and whatever scheduled interest is left is Waived.
//
// Errors: loan.closed, loan.amount_invalid (amount <= 0), loan.overpay with
// Owed = the payoff (the exact amount that closes the loan at `at`) when
// amount exceeds it. An inconsistent schedule or payments give a plain
// (non-user) error.
func Allocate(loan Loan, paid []Payment, amount bot.Money, at time.Time,
	policy EarlyPolicy) (Allocation, error) {
	s, err := load(loan, paid, policy)
	if err != nil {
		return Allocation{}, err
	}
	o, err := s.owed(at, policy)
	if err != nil {
		return Allocation{}, err
	}
	if s.closed() {
		return Allocation{}, bot.E(KeyClosed)
	}
	if amount <= 0 {
		return Allocation{}, bot.E(KeyAmountInvalid, "Amount", amount)
	}
	if amount > o.payoff {
		return Allocation{}, bot.E(KeyOverpay, "Owed", o.payoff, "Amount", amount)
	}
	var a Allocation
	left := amount
	take := func(to *bot.Money, part bot.Money) {
		x := min(left, part)
		*to += x // <= amount: cannot overflow
		left -= x
	}
	take(&a.Interest, o.dueI)
	take(&a.Principal, o.dueP)
	take(&a.Interest, o.earlyI)
	take(&a.Principal, o.earlyP)
	if left != 0 { // amount <= payoff = the sum of the four parts
		return Allocation{}, fmt.Errorf("loans: %d left after allocating %d", left, amount)
	}
	if a.Outstanding, err = ledger.Sub(s.totalP-s.paidP, a.Principal); err != nil {
		return Allocation{}, err
	}
	if a.Closed = a.Outstanding == 0; a.Closed {
		paidI := s.paidI + a.Interest // <= total interest
		a.Waived = s.schedI - paidI   // >= 0: paidI <= effective total <= scheduled
	}
	return a, nil
}

// LoanStatus is where a loan stands at a moment.
type LoanStatus struct {
	Closed       bool
	Outstanding  bot.Money // principal disbursed - principal repaid
	InterestDue  bot.Money // unpaid interest of installments due today or before
	PrincipalDue bot.Money // unpaid principal of installments due today or before
	Payoff       bot.Money // the exact amount that closes the loan now, under the policy
	// Next is the first installment not paid in full and not overdue (it may
	// be due today); nil when there is none. NextOwed is what is left of it.
	Next     *Installment
	NextOwed bot.Money
	Overdue  Overdue
}

// Overdue sums the installments whose due day has passed (due yesterday or
// earlier) and that are not paid in full.
type Overdue struct {
	Count  int
	Amount bot.Money // their unpaid interest + principal
	Days   int       // days since the oldest one's due date (0 when none)
	Since  time.Time // the oldest one's due date (zero when none)
	Ns     []int     // their installment numbers, in order
}

// Status reports a loan at `at`. Days are counted in the schedule's zone.
// A closed loan has nothing due, next or overdue.
// Interest figures are the effective ones (see Loan), and so is Next.
func Status(loan Loan, paid []Payment, at time.Time, policy EarlyPolicy) (LoanStatus, error) {
	schedule := loan.Schedule
	s, err := load(loan, paid, policy)
	if err != nil {
		return LoanStatus{}, err
	}
	o, err := s.owed(at, policy)
	if err != nil {
		return LoanStatus{}, err
	}
	st := LoanStatus{Outstanding: s.totalP - s.paidP, Closed: s.closed()}
	if st.Closed {
		return st, nil
	}
	dd := s.dueBy(at, 0)
	st.InterestDue = max(s.cumI[dd]-s.paidI, 0)
	st.PrincipalDue = max(s.cumP[dd]-s.paidP, 0)
	st.Payoff = o.payoff
	loc := schedule[0].Due.Location()
	for k, in := range schedule {
		in.Interest = s.cumI[k+1] - s.cumI[k]
		in.Total = in.Principal + in.Interest // <= the scheduled Total
		uI := clamp(s.cumI[k+1]-s.paidI, in.Interest)
		uP := clamp(s.cumP[k+1]-s.paidP, in.Principal)
		if uI+uP == 0 { // each <= the installment's Total
			continue
		}
		if days := civilDays(in.Due, at, loc); days >= 1 {
			if st.Overdue.Count == 0 {
				st.Overdue.Days, st.Overdue.Since = days, in.Due
			}
			st.Overdue.Count++
			st.Overdue.Ns = append(st.Overdue.Ns, in.N)
			if st.Overdue.Amount, err = sum(st.Overdue.Amount, uI, uP); err != nil {
				return LoanStatus{}, err
			}
			continue
		}
		next := in
		st.Next, st.NextOwed = &next, uI+uP
		break
	}
	return st, nil
}

// clamp bounds x to 0..hi.
func clamp(x, hi bot.Money) bot.Money { return min(max(x, 0), hi) }

// state is a loan's schedule read as running totals, and what was paid.
type state struct {
	n            int
	due          []time.Time
	cumI, cumP   []bot.Money // cumI[k] = effective interest of installments 1..k
	schedI       bot.Money   // the schedule's total interest
	totalP       bot.Money
	paidI, paidP bot.Money
}

func (s state) closed() bool { return s.paidP == s.totalP }

// load checks a loan and its payments and sums them up, with the effective
// interest of a declining loan (see Loan).
func load(loan Loan, paid []Payment, policy EarlyPolicy) (state, error) {
	schedule := loan.Schedule
	if loan.Method != Flat && loan.Method != Declining {
		return state{}, fmt.Errorf("loans: unknown interest method %q", loan.Method)
	}
	if loan.RateBP < 0 || loan.RateBP > MaxRateBP {
		return state{}, fmt.Errorf("loans: bad rate %d", loan.RateBP)
	}
	n := len(schedule)
	if n == 0 {
		return state{}, fmt.Errorf("loans: empty schedule")
	}
	s := state{n: n, due: make([]time.Time, n), cumI: make([]bot.Money, n+1), cumP: make([]bot.Money, n+1)}
	for k, in := range schedule {
		total, err := ledger.Add(in.Principal, in.Interest)
		if err != nil || in.N != k+1 || in.Principal < 0 || in.Interest < 0 || in.Total != total ||
			(k > 0 && !in.Due.After(schedule[k-1].Due)) {
			return state{}, fmt.Errorf("loans: bad installment %d: %+v", k+1, in)
		}
		s.due[k] = in.Due
		if s.cumI[k+1], err = ledger.Add(s.cumI[k], in.Interest); err != nil {
			return state{}, err
		}
		if s.cumP[k+1], err = ledger.Add(s.cumP[k], in.Principal); err != nil {
			return state{}, err
		}
	}
	s.totalP = s.cumP[n]
	if s.totalP <= 0 {
		return state{}, fmt.Errorf("loans: schedule without principal")
	}
	if _, err := ledger.Add(s.totalP, s.cumI[n]); err != nil {
		return state{}, err
	}
	for i, p := range paid {
		if p.Interest < 0 || p.Principal < 0 {
			return state{}, fmt.Errorf("loans: negative payment %d: %+v", i, p)
		}
		var err error
		if s.paidI, err = ledger.Add(s.paidI, p.Interest); err != nil {
			return state{}, err
		}
		if s.paidP, err = ledger.Add(s.paidP, p.Principal); err != nil {
			return state{}, err
		}
	}
	s.schedI = s.cumI[n]
	if s.paidI > s.schedI || s.paidP > s.totalP {
		return state{}, fmt.Errorf("loans: paid %d interest, %d principal: more than scheduled", s.paidI, s.paidP)
	}
	if loan.Method == Declining && (policy == InterestToDate || policy == "") {
		s.recompute(schedule, loan.RateBP)
	}
	return s, nil
}

// recompute replaces cumI by the effective interest of a declining loan
// (the rule is on Loan). Each effective interest lies between 0 and the
// scheduled one, so no sum overflows. And cumI[n] >= paidI: while the running
// total is below paidI, each installment takes at least the smaller of its
// scheduled interest and what is left of paidI, and paidI <= the scheduled
// total.
func (s *state) recompute(schedule []Installment, rateBP int) {
	for k, in := range schedule {
		r := min(interest(s.totalP-max(s.paidP, s.cumP[k]), rateBP), in.Interest)
		s.cumI[k+1] = s.cumI[k] + clamp(max(s.paidI-s.cumI[k], r), in.Interest)
	}
}

// owed is what a loan asks for at a moment, in allocation order.
type owed struct {
	dueI, dueP     bot.Money // unpaid, of installments due by then
	earlyI, earlyP bot.Money // the rest a payoff needs
	payoff         bot.Money // the four together
}

// owed computes the parts at `at` under a policy. All parts are differences
// of totals already checked to fit, so none overflows.
func (s state) owed(at time.Time, policy EarlyPolicy) (owed, error) {
	past := s.dueBy(at, 1)  // installments due before at's day
	cur := min(past+1, s.n) // ... and the current one
	var c int               // installments whose interest a payoff owes
	switch policy {
	case InterestToDate, "":
		c = cur
	case InterestScheduled:
		c = s.n
	default:
		return owed{}, fmt.Errorf("loans: unknown early repayment policy %q", policy)
	}
	var o owed
	o.dueI = max(s.cumI[cur]-s.paidI, 0)
	o.dueP = max(s.cumP[cur]-s.paidP, 0)
	o.earlyI = max(s.cumI[c]-s.paidI, 0) - o.dueI
	o.earlyP = s.totalP - s.paidP - o.dueP
	o.payoff = o.dueI + o.dueP + o.earlyI + o.earlyP
	return o, nil
}

// dueBy counts the installments due at least `days` days before at's day
// (0: due today or earlier; 1: due yesterday or earlier, i.e. overdue).
func (s state) dueBy(at time.Time, days int) int {
	k := 0
	for k < s.n && civilDays(s.due[k], at, s.due[0].Location()) >= days {
		k++
	}
	return k
}
