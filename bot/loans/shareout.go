package loans

import (
	"fmt"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

// Holding is what a member has in the cycle being shared out.
type Holding struct {
	MemberID     int64
	Savings      bot.Money // confirmed savings at the end of the cycle
	InterestPaid bot.Money // loan interest the member paid in during the cycle
}

// Payout is what a member takes home at share-out.
type Payout struct {
	MemberID int64
	Savings  bot.Money
	Profit   bot.Money // negative when the cycle made a loss
	Total    bot.Money // Savings + Profit, never negative
}

// ShareOut divides the cycle's profit (the fund minus savings and the social
// fund: interest + fines + other income - expenses) among members, and
// returns their payouts in the order given and the remainder kept in the fund.
//
// Profit: each member's exact share is profit x weight / total weight, with
// weight = savings (Proportional, also for ""), 1 (Equal) or interest paid
// (InterestPaid). Each member gets the FLOOR of that share; the remainder,
// profit - sum of the floors, is stated and stays in the fund. It is never
// negative and is less than the number of members (each floor drops less
// than one rupiah), so sum(Profit) + remainder == profit and sum(Total) +
// remainder == savings + profit, to the rupiah.
//
// Loss (profit < 0): a loss reduces the savings it was made with, so it is
// always shared in proportion to savings, whatever the method. The same
// floor rule applies to the negative share, i.e. each member's part of the
// loss is rounded UP, and the remainder (0 <= r < members) again stays in the
// fund. If the loss exceeds all savings together, some payout would be
// negative: shareout.loss_exceeds_savings (Loss, Savings).
//
// Errors: shareout.no_members; shareout.no_basis (Method) when there is a
// profit to share but the total weight is 0 (nobody saved, or nobody paid
// interest); shareout.loss_exceeds_savings; money.overflow. Negative
// holdings or a repeated member give a plain (non-user) error.
func ShareOut(members []Holding, profit bot.Money, method ShareMethod) ([]Payout, bot.Money, error) {
	if len(members) == 0 {
		return nil, 0, bot.E(KeyShareNoMembers)
	}
	if method == "" {
		method = Proportional
	}
	if method != Proportional && method != Equal && method != InterestPaid {
		return nil, 0, fmt.Errorf("loans: unknown share-out method %q", method)
	}
	seen := make(map[int64]bool, len(members))
	var savings, interestPaid bot.Money
	for _, m := range members {
		if m.Savings < 0 || m.InterestPaid < 0 || seen[m.MemberID] {
			return nil, 0, fmt.Errorf("loans: bad holding %+v", m)
		}
		seen[m.MemberID] = true
		var err error
		if savings, err = ledger.Add(savings, m.Savings); err != nil {
			return nil, 0, err
		}
		if interestPaid, err = ledger.Add(interestPaid, m.InterestPaid); err != nil {
			return nil, 0, err
		}
	}

	weight := func(m Holding) bot.Money { return m.Savings }
	total := savings
	loss := profit < 0
	switch {
	case loss:
		l, err := ledger.Sub(0, profit)
		if err != nil {
			return nil, 0, err
		}
		if l > savings {
			return nil, 0, bot.E(KeyLossExceeds, "Loss", l, "Savings", savings)
		}
	case method == Equal:
		weight = func(Holding) bot.Money { return 1 }
		total = bot.Money(len(members))
	case method == InterestPaid:
		weight = func(m Holding) bot.Money { return m.InterestPaid }
		total = interestPaid
	}
	if profit > 0 && total == 0 {
		return nil, 0, bot.E(KeyShareNoBasis, "Method", string(method))
	}

	out := make([]Payout, len(members))
	shared := bot.Money(0)
	for i, m := range members {
		p := Payout{MemberID: m.MemberID, Savings: m.Savings}
		var err error
		if p.Profit, err = floorShare(profit, weight(m), total); err != nil {
			return nil, 0, err
		}
		if p.Total, err = ledger.Add(p.Savings, p.Profit); err != nil {
			return nil, 0, err
		}
		if p.Total < 0 { // impossible once the loss is within savings
			return nil, 0, fmt.Errorf("loans: negative payout %+v", p)
		}
		if shared, err = ledger.Add(shared, p.Profit); err != nil {
			return nil, 0, err
		}
		out[i] = p
	}
	remainder, err := ledger.Sub(profit, shared)
	if err != nil {
		return nil, 0, err
	}
	if remainder < 0 || remainder >= bot.Money(len(members)) {
		return nil, 0, fmt.Errorf("loans: share-out remainder %d out of range", remainder)
	}
	return out, remainder, nil
}

// floorShare is floor(profit x w / total) for 0 <= w <= total, for a
// profit of either sign (a negative share rounds towards minus infinity).
// A profit of 0 or a weight of 0 is a share of 0, whatever the total.
func floorShare(profit, w, total bot.Money) (bot.Money, error) {
	if profit == 0 || w == 0 {
		return 0, nil
	}
	if w < 0 || total < w {
		return 0, fmt.Errorf("loans: weight %d of %d", w, total)
	}
	mag := profit
	if profit < 0 {
		var err error
		if mag, err = ledger.Sub(0, profit); err != nil {
			return 0, err
		}
	}
	q, r, ok := mulDiv(int64(mag), int64(w), int64(total)) // q <= mag since w <= total
	if !ok {
		return 0, bot.E("money.overflow")
	}
	if profit > 0 {
		return bot.Money(q), nil
	}
	if r > 0 {
		q++ // the loss share rounds up: q < mag here, so no overflow
	}
	return -bot.Money(q), nil
}
