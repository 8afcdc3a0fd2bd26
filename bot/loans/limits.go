package loans

import (
	"math"

	"kelompok/bot"
)

// CheckLoan checks a loan request against the group's rules before a
// schedule is shown. The checks run in this order and the first that fails
// is returned:
//
//   - loan.amount_invalid (Amount): request <= 0.
//   - loan.tenor_invalid (Months, Max): months outside 1..maxMonths
//     (maxMonths <= 0 means MaxMonths).
//   - loan.already_open (Open, Max): the member already has maxOpen open
//     loans (maxOpen <= 0 means 1: one open loan per member).
//   - loan.over_limit (Limit, Amount, Savings, Multiple): request above
//     savings x multiple (multiple <= 0 means DefaultMultiple; a member
//     without savings has a limit of 0; a product beyond int64 is no limit).
//   - loan.over_cash (Cash, Amount): request above the cash on hand.
func CheckLoan(request, savings bot.Money, multiple int, cashOnHand bot.Money,
	openLoans, maxOpen int, months, maxMonths int) error {
	if request <= 0 {
		return bot.E(KeyAmountInvalid, "Amount", request)
	}
	if err := validTenor(months, maxMonths); err != nil {
		return err
	}
	if maxOpen <= 0 {
		maxOpen = 1
	}
	if openLoans >= maxOpen {
		return bot.E(KeyAlreadyOpen, "Open", openLoans, "Max", maxOpen)
	}
	if limit := Limit(savings, multiple); request > limit {
		if multiple <= 0 {
			multiple = DefaultMultiple
		}
		return bot.E(KeyOverLimit, "Limit", limit, "Amount", request, "Savings", savings, "Multiple", multiple)
	}
	if request > cashOnHand {
		return bot.E(KeyOverCash, "Cash", cashOnHand, "Amount", request)
	}
	return nil
}

// Limit is the most a member with these savings may borrow: savings x
// multiple (multiple <= 0 means DefaultMultiple), 0 without savings, and
// capped at the largest amount when the product would overflow.
func Limit(savings bot.Money, multiple int) bot.Money {
	if multiple <= 0 {
		multiple = DefaultMultiple
	}
	if savings <= 0 {
		return 0
	}
	q, _, ok := mulDiv(int64(savings), int64(multiple), 1)
	if !ok {
		return math.MaxInt64
	}
	return bot.Money(q)
}
