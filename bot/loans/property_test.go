package loans

import (
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"kelompok/bot"
)

// The properties below run on a seeded generator, so a failure repeats.
const propertyCases = 3000

// amount draws money of every size, mostly realistic, sometimes huge.
func amount(r *rand.Rand) bot.Money {
	switch r.IntN(4) {
	case 0:
		return bot.Money(1 + r.Int64N(10_000))
	case 1:
		return bot.Money(1 + r.Int64N(100_000_000))
	case 2:
		return bot.Money(1 + r.Int64N(1e12))
	default:
		return bot.Money(1 + r.Int64N(1e17))
	}
}

var policies = []EarlyPolicy{InterestToDate, InterestScheduled}

// halfUp is round-half-up(a x b / d) computed exactly with big integers.
func halfUp(a bot.Money, b, d int64) bot.Money {
	n := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(b))
	n.Mul(n, big.NewInt(2)).Add(n, big.NewInt(d))
	return bot.Money(n.Div(n, big.NewInt(2*d)).Int64())
}

func TestPropertySchedules(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2026))
	for i := range propertyCases {
		principal, rate, months := amount(r), r.IntN(MaxRateBP+1), 1+r.IntN(60)
		method := []Method{Flat, Declining}[r.IntN(2)]
		start := time.Date(2020+r.IntN(10), time.Month(1+r.IntN(12)), 1+r.IntN(31), r.IntN(24), 0, 0, 0, jkt)
		s, err := Schedule(principal, rate, months, 60, method, start, jkt)
		if err != nil {
			t.Fatalf("case %d: Schedule(%d, %d, %d, %s): %v", i, principal, rate, months, method, err)
		}
		var sumP bot.Money
		balance := principal
		for k, in := range s {
			sumP += in.Principal
			base := principal
			if method == Declining {
				base = balance
			}
			if in.Principal < 0 || in.Total != in.Principal+in.Interest ||
				in.Interest != halfUp(base, int64(rate), 10_000) {
				t.Fatalf("case %d: installment %+v (base %d, rate %d)", i, in, base, rate)
			}
			if k < months-1 && in.Principal != principal/bot.Money(months) {
				t.Fatalf("case %d: installment %d principal %d", i, k+1, in.Principal)
			}
			if k > 0 && (!in.Due.After(s[k-1].Due) || in.Due.Day() > start.Day()) {
				t.Fatalf("case %d: due %v after %v, start %v", i, in.Due, s[k-1].Due, start)
			}
			balance -= in.Principal
		}
		if sumP != principal {
			t.Fatalf("case %d: principals sum to %d, want %d", i, sumP, principal)
		}
		checkRepayments(t, r, i, Loan{Schedule: s, RateBP: rate, Method: method}, policies[r.IntN(len(policies))])
	}
}

// checkRepayments repays a schedule at random moments and amounts until it
// closes, checking every allocation against the identities.
func checkRepayments(t *testing.T, r *rand.Rand, i int, s Loan, policy EarlyPolicy) {
	t.Helper()
	var principal, totalI bot.Money
	for _, in := range s.Schedule {
		principal += in.Principal
		totalI += in.Interest
	}
	var paid []Payment
	var paidP, paidI bot.Money
	now := s.Schedule[0].Due.AddDate(0, -1, 0)
	for step := 0; ; step++ {
		now = now.Add(time.Duration(r.IntN(50*24)) * time.Hour)
		st, err := Status(s, paid, now, policy)
		if err != nil || st.Outstanding != principal-paidP {
			t.Fatalf("case %d step %d: status %+v, %v; outstanding want %d", i, step, st, err, principal-paidP)
		}
		// Recomputed (declining) interest is never negative nor above the
		// schedule's, and nothing owed is negative.
		if n := st.Next; n != nil && (n.Interest < 0 || n.Interest > s.Schedule[n.N-1].Interest ||
			n.Total != n.Principal+n.Interest || st.NextOwed <= 0 || st.NextOwed > n.Total) {
			t.Fatalf("case %d step %d: next %+v owed %d, scheduled %+v", i, step, n, st.NextOwed, s.Schedule[n.N-1])
		}
		if st.Payoff < 0 || st.InterestDue < 0 || st.PrincipalDue < 0 || st.Overdue.Amount < 0 {
			t.Fatalf("case %d step %d: negative status %+v", i, step, st)
		}
		if st.Closed {
			if _, err := Allocate(s, paid, 1, now, policy); errKey(err) != KeyClosed {
				t.Fatalf("case %d: paying a closed loan: %v", i, err)
			}
			return
		}
		if step > 200 {
			t.Fatalf("case %d: not closed after %d payments", i, step)
		}
		// Sometimes one rupiah too much: refused with the exact payoff.
		if r.IntN(10) == 0 {
			_, err := Allocate(s, paid, st.Payoff+1, now, policy)
			if e, ok := bot.AsError(err); !ok || e.Key != KeyOverpay || e.Args["Owed"] != st.Payoff {
				t.Fatalf("case %d: overpay %d: %v", i, st.Payoff+1, err)
			}
		}
		amt := st.Payoff
		switch r.IntN(4) {
		case 0, 1:
			amt = 1 + bot.Money(r.Int64N(int64(st.Payoff)))
		case 2:
			if st.NextOwed > 0 { // "the next installment", capped at the payoff
				amt = min(st.NextOwed+st.Overdue.Amount, st.Payoff)
			}
		}
		a, err := Allocate(s, paid, amt, now, policy)
		if err != nil {
			t.Fatalf("case %d step %d: Allocate(%d): %v (status %+v)", i, step, amt, err, st)
		}
		paid = append(paid, a.Payment())
		paidP += a.Principal
		paidI += a.Interest
		switch {
		case a.Interest < 0 || a.Principal < 0 || a.Interest+a.Principal != amt:
			t.Fatalf("case %d: allocation %+v of %d", i, a, amt)
		case a.Outstanding != principal-paidP || a.Outstanding < 0:
			t.Fatalf("case %d: outstanding %d, want %d", i, a.Outstanding, principal-paidP)
		case a.Closed != (a.Outstanding == 0) || paidI > totalI:
			t.Fatalf("case %d: %+v, interest paid %d of %d", i, a, paidI, totalI)
		case a.Closed && a.Waived != totalI-paidI:
			t.Fatalf("case %d: waived %d, want %d", i, a.Waived, totalI-paidI)
		case a.Closed && policy == InterestScheduled && a.Waived != 0:
			t.Fatalf("case %d: scheduled policy waived %d", i, a.Waived)
		}
	}
}

func TestPropertyShareOut(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 2026))
	for i := range propertyCases {
		members := make([]Holding, 1+r.IntN(30))
		for k := range members {
			members[k] = Holding{MemberID: int64(k + 1)}
			if r.IntN(8) > 0 {
				members[k].Savings = amount(r) / 100
			}
			if r.IntN(3) > 0 {
				members[k].InterestPaid = amount(r) / 1000
			}
		}
		profit := amount(r) / 10
		if r.IntN(4) == 0 {
			profit = -profit / 50
		}
		method := []ShareMethod{Proportional, Equal, InterestPaid}[r.IntN(3)]
		checkShareOut(t, i, members, profit, method)
	}
}

// checkShareOut checks ShareOut's answer against exact arithmetic: every
// profit is the floor of the exact share and everything adds up.
func checkShareOut(t *testing.T, i int, members []Holding, profit bot.Money, method ShareMethod) {
	t.Helper()
	got, rem, err := ShareOut(members, profit, method)
	savings, weights, total := big.NewInt(0), make([]*big.Int, len(members)), big.NewInt(0)
	for k, m := range members {
		savings.Add(savings, big.NewInt(int64(m.Savings)))
		w := int64(m.Savings)
		switch {
		case profit < 0:
		case method == Equal:
			w = 1
		case method == InterestPaid:
			w = int64(m.InterestPaid)
		}
		weights[k] = big.NewInt(w)
		total.Add(total, weights[k])
	}
	if err != nil {
		switch key := errKey(err); {
		case key == KeyShareNoBasis && profit > 0 && total.Sign() == 0:
		case key == KeyLossExceeds && big.NewInt(-int64(profit)).Cmp(savings) > 0:
		case key == "money.overflow" && overflows(members, profit):
		default:
			t.Fatalf("case %d: ShareOut(%v, %d, %s): %v", i, members, profit, method, err)
		}
		return
	}
	sumProfit := new(big.Int)
	sumTotal := new(big.Int)
	for k, p := range got {
		want := new(big.Int)
		if total.Sign() > 0 {
			want.Mul(big.NewInt(int64(profit)), weights[k])
			want.Div(want, total) // Euclidean division by a positive total = floor
		}
		if p.MemberID != members[k].MemberID || p.Savings != members[k].Savings ||
			big.NewInt(int64(p.Profit)).Cmp(want) != 0 || p.Total != p.Savings+p.Profit || p.Total < 0 {
			t.Fatalf("case %d: payout %+v, want profit %v (profit %d, %s)", i, p, want, profit, method)
		}
		sumProfit.Add(sumProfit, big.NewInt(int64(p.Profit)))
		sumTotal.Add(sumTotal, big.NewInt(int64(p.Total)))
	}
	if rem < 0 || rem >= bot.Money(len(members)) ||
		sumProfit.Add(sumProfit, big.NewInt(int64(rem))).Cmp(big.NewInt(int64(profit))) != 0 {
		t.Fatalf("case %d: profits + %d != %d", i, rem, profit)
	}
	// The fund identity: payouts + what stays = savings + profit.
	fund := new(big.Int).Add(savings, big.NewInt(int64(profit)))
	if sumTotal.Add(sumTotal, big.NewInt(int64(rem))).Cmp(fund) != 0 {
		t.Fatalf("case %d: payouts + %d != fund %v", i, rem, fund)
	}
}
