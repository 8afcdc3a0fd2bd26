// Package loans holds the pure rules of the group's lending and of the
// share-out at the end of a cycle: installment schedules, how a repayment is
// split between interest and principal, a loan's status (outstanding, next
// due, overdue), the limits a loan request must meet, and how the profit is
// shared among members. No storage, no I/O, no floats: every amount is a
// whole number of rupiah, every rounding is stated where it happens, and
// every sum is checked (an overflow is an error, never a wrap).
//
// Rounding, in one place:
//   - Interest: principal x rate, rounded half up to the rupiah (0.5 -> 1).
//   - Principal: split equally, rounded down; the remainder is added to the
//     LAST installment, so the principals always sum to the loan exactly.
//   - Share-out: each member gets the floor of their exact share of the
//     profit; what the floors leave over (the remainder, 0 <= r < members) is
//     stated and stays in the fund. A loss is the same rule applied to a
//     negative profit: each member's share is the floor, i.e. a loss share is
//     rounded up, and the remainder again stays in the fund.
package loans

import (
	"fmt"
	"math"
	"math/bits"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

// Error keys this package returns in a *bot.Error. Sums that overflow return
// ledger's "money.overflow".
const (
	KeyAmountInvalid  = "loan.amount_invalid"           // Amount
	KeyRateInvalid    = "loan.rate_invalid"             // Rate, Max (basis points per month)
	KeyTenorInvalid   = "loan.tenor_invalid"            // Months, Max
	KeyOverpay        = "loan.overpay"                  // Owed, Amount
	KeyClosed         = "loan.closed"                   // (none)
	KeyOverLimit      = "loan.over_limit"               // Limit, Amount, Savings, Multiple
	KeyOverCash       = "loan.over_cash"                // Cash, Amount
	KeyAlreadyOpen    = "loan.already_open"             // Open, Max
	KeyLossExceeds    = "shareout.loss_exceeds_savings" // Loss, Savings
	KeyShareNoBasis   = "shareout.no_basis"             // Method
	KeyShareNoMembers = "shareout.no_members"           // (none)
)

// MaxRateBP is the highest interest rate accepted: 1000 basis points = 10% a month.
const MaxRateBP = 1000

// MaxMonths is the longest tenor the package accepts whatever the rules say
// (it bounds the size of a schedule). A maxMonths <= 0 passed to Schedule or
// CheckLoan means this ceiling.
const MaxMonths = 360

// DefaultMultiple is the loan limit as a multiple of savings when the rules
// say nothing (CheckLoan's multiple <= 0).
const DefaultMultiple = 3

// Method is how interest is charged.
type Method string

const (
	// Flat: every month's interest is the rate on the original principal.
	Flat Method = "flat"
	// Declining: every month's interest is the rate on the principal still
	// outstanding at the start of that month, with equal principal
	// installments ("equal principal" declining balance, not annuity).
	Declining Method = "declining"
)

// EarlyPolicy says which interest is owed when a loan is paid off before
// its last due date. Periods: installment k's period runs from the day after
// installment k-1's due date (from the loan's start, for the first) to its
// own due date, inclusive. At any moment the installments whose due date
// has passed are past due, the one whose period is running is current
// (on its due day it is still current), and the later ones are future.
type EarlyPolicy string

const (
	// InterestToDate (the zero value too): the interest of past-due and
	// current installments is owed; the interest of every future
	// installment is waived when the principal is repaid in full. For a
	// declining loan that is what recomputing on the balance gives (no
	// balance in a period, no interest for it). For a flat loan it means
	// flat interest is charged for every month that has begun, and not for
	// the months not yet begun. A loan repaid within its first month pays
	// one month's interest.
	InterestToDate EarlyPolicy = "to_date"
	// InterestScheduled: all scheduled interest is owed; paying early
	// saves nothing (the way many flat-rate groups count).
	InterestScheduled EarlyPolicy = "scheduled"
)

// ShareMethod is how the profit is divided at share-out.
type ShareMethod string

const (
	// Proportional to each member's savings. The default (also for "").
	Proportional ShareMethod = "proportional"
	// Equal: every member listed gets the same share.
	Equal ShareMethod = "equal"
	// InterestPaid: in proportion to the loan interest each member paid in.
	InterestPaid ShareMethod = "interest_paid"
)

// validTenor checks 1 <= months <= maxMonths (maxMonths <= 0 or above
// MaxMonths means MaxMonths).
func validTenor(months, maxMonths int) error {
	if maxMonths <= 0 || maxMonths > MaxMonths {
		maxMonths = MaxMonths
	}
	if months <= 0 || months > maxMonths {
		return bot.E(KeyTenorInvalid, "Months", months, "Max", maxMonths)
	}
	return nil
}

// mulDiv returns floor(a*b/d) and the remainder, for a, b >= 0 and d > 0,
// computed in 128 bits so the product never overflows. ok is false when the
// quotient does not fit in an int64.
func mulDiv(a, b, d int64) (q, r int64, ok bool) {
	if a < 0 || b < 0 || d <= 0 {
		panic(fmt.Sprintf("loans: mulDiv(%d, %d, %d)", a, b, d))
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(d) {
		return 0, 0, false
	}
	uq, ur := bits.Div64(hi, lo, uint64(d))
	if uq > math.MaxInt64 {
		return 0, 0, false
	}
	return int64(uq), int64(ur), true
}

// interest returns base x rateBP / 10000 rounded half up to the rupiah.
// base >= 0 and 0 <= rateBP <= MaxRateBP, so the result is at most base/10.
func interest(base bot.Money, rateBP int) bot.Money {
	q, r, _ := mulDiv(int64(base), int64(rateBP), 10_000)
	if 2*r >= 10_000 {
		q++
	}
	return bot.Money(q)
}

// sum adds amounts with overflow checking.
func sum(ms ...bot.Money) (bot.Money, error) {
	var s bot.Money
	for _, m := range ms {
		var err error
		if s, err = ledger.Add(s, m); err != nil {
			return 0, err
		}
	}
	return s, nil
}
