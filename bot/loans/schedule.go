package loans

import (
	"fmt"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

// Installment is one line of a loan's schedule.
type Installment struct {
	N         int       // 1-based
	Due       time.Time // the start (00:00) of the due day, in the schedule's zone
	Principal bot.Money
	Interest  bot.Money
	Total     bot.Money // Principal + Interest
}

// Schedule computes a loan's installments.
//
// Dates: installment n falls due n months after start, on the same day of
// the month, clamped to the month's last day (a loan of 31 January is due 28
// or 29 February, 31 March, 30 April...). Each date is counted from start,
// not from the previous one, so a clamp never drifts. Due is the start of
// that day in loc (nil loc: start's own zone).
//
// Principal: principal / months rounded down on every installment, the
// remainder added to the last one, so the principals sum to principal
// exactly (1,000,001 over 3 months: 333,333 + 333,333 + 333,335).
//
// Interest, rounded half up to the rupiah each month:
//   - Flat: principal x rate every month.
//   - Declining (equal principal): the balance still outstanding at the
//     start of the month x rate; the balance falls by that month's principal.
//
// Errors (checked in this order): loan.amount_invalid (principal <= 0),
// loan.rate_invalid (rate < 0 or > MaxRateBP), loan.tenor_invalid (months
// outside 1..maxMonths; maxMonths <= 0 means MaxMonths), money.overflow.
func Schedule(principal bot.Money, ratePerMonthBP int, months, maxMonths int, method Method,
	start time.Time, loc *time.Location) ([]Installment, error) {
	if principal <= 0 {
		return nil, bot.E(KeyAmountInvalid, "Amount", principal)
	}
	if ratePerMonthBP < 0 || ratePerMonthBP > MaxRateBP {
		return nil, bot.E(KeyRateInvalid, "Rate", ratePerMonthBP, "Max", MaxRateBP)
	}
	if err := validTenor(months, maxMonths); err != nil {
		return nil, err
	}
	if method != Flat && method != Declining {
		return nil, fmt.Errorf("loans: unknown interest method %q", method)
	}
	if loc == nil {
		loc = start.Location()
	}

	each := principal / bot.Money(months)
	// each*(months-1) <= principal, so the product cannot overflow.
	last, err := ledger.Sub(principal, each*bot.Money(months-1))
	if err != nil {
		return nil, err
	}
	flat := interest(principal, ratePerMonthBP)
	balance := principal
	out := make([]Installment, months)
	var totalInterest bot.Money
	for i := range out {
		in := Installment{N: i + 1, Due: DueDate(start, i+1, loc), Principal: each, Interest: flat}
		if i == months-1 {
			in.Principal = last
		}
		if method == Declining {
			in.Interest = interest(balance, ratePerMonthBP)
			// Never below zero: the principals sum to principal.
			if balance, err = ledger.Sub(balance, in.Principal); err != nil {
				return nil, err
			}
		}
		if in.Total, err = ledger.Add(in.Principal, in.Interest); err != nil {
			return nil, err
		}
		if totalInterest, err = ledger.Add(totalInterest, in.Interest); err != nil {
			return nil, err
		}
		out[i] = in
	}
	// The whole loan (principal + all interest) must be representable too,
	// since Status and Allocate add it up.
	if _, err := ledger.Add(principal, totalInterest); err != nil {
		return nil, err
	}
	return out, nil
}

// DueDate is the start of the day n months after start (as seen in loc),
// on start's day of the month clamped to the target month's last day.
func DueDate(start time.Time, n int, loc *time.Location) time.Time {
	if loc == nil {
		loc = start.Location()
	}
	y, m, d := start.In(loc).Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, loc)
	if days := daysIn(first.Year(), first.Month()); d > days {
		d = days
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, loc)
}

// daysIn is the number of days in a month.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// civilDays is the number of calendar days from a's date to b's date, both
// read in loc (negative when b is earlier).
func civilDays(a, b time.Time, loc *time.Location) int {
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / (24 * time.Hour))
}
