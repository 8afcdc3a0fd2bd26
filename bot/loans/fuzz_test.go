package loans

import (
	"encoding/binary"
	"math"
	"math/big"
	"testing"
	"time"

	"kelompok/bot"
)

// FuzzAllocate builds a schedule from the inputs, then repays it as steps
// says: each pair of bytes is (days to wait, how much to pay). Whatever the
// inputs, nothing panics, every accepted payment splits exactly, the
// outstanding is the principal minus the principal repaid, and an amount
// over the payoff is refused with that payoff.
func FuzzAllocate(f *testing.F) {
	f.Add(int64(1_000_000), 200, 10, false, false, []byte{31, 255, 30, 128})
	f.Add(int64(1_000_001), 150, 3, true, true, []byte{0, 1, 90, 255, 5, 0})
	f.Fuzz(func(t *testing.T, principal int64, rate, months int, declining, scheduled bool, steps []byte) {
		if len(steps) > 400 { // every step rereads the whole history
			steps = steps[:400]
		}
		method, policy := Flat, InterestToDate
		if declining {
			method = Declining
		}
		if scheduled {
			policy = InterestScheduled
		}
		s, err := Schedule(bot.Money(principal), rate, months, 0, method, day(2026, 1, 31), jkt)
		if err != nil {
			if _, ok := bot.AsError(err); !ok {
				t.Fatalf("Schedule: plain error %v", err)
			}
			return
		}
		var paid []Payment
		var paidP bot.Money
		now := day(2026, 1, 31)
		for i := 0; i+1 < len(steps); i += 2 {
			now = now.Add(time.Duration(steps[i]) * 24 * time.Hour)
			st, err := Status(Loan{Schedule: s, RateBP: rate, Method: method}, paid, now, policy)
			if err != nil || st.Outstanding != bot.Money(principal)-paidP {
				t.Fatalf("status %+v, %v", st, err)
			}
			// 0 pays nothing (refused), 255 one over the payoff (refused),
			// otherwise that many 254ths of the payoff, at least 1.
			var amt bot.Money
			if steps[i+1] == 255 {
				amt = st.Payoff + 1
			} else if steps[i+1] > 0 {
				q, _, _ := mulDiv(int64(st.Payoff), int64(steps[i+1]), 254)
				amt = max(bot.Money(q), 1)
			}
			a, err := Allocate(Loan{Schedule: s, RateBP: rate, Method: method}, paid, amt, now, policy)
			switch key := errKey(err); {
			case st.Closed:
				if key != KeyClosed {
					t.Fatalf("closed loan: %v", err)
				}
				return
			case amt <= 0:
				if key != KeyAmountInvalid {
					t.Fatalf("amount %d: %v", amt, err)
				}
				continue
			case amt > st.Payoff:
				if e, ok := bot.AsError(err); !ok || e.Key != KeyOverpay || e.Args["Owed"] != st.Payoff {
					t.Fatalf("overpay %d of %d: %v", amt, st.Payoff, err)
				}
				continue
			case err != nil:
				t.Fatalf("Allocate(%d) of %d: %v", amt, st.Payoff, err)
			}
			paid = append(paid, a.Payment())
			paidP += a.Principal
			if a.Interest < 0 || a.Principal < 0 || a.Interest+a.Principal != amt ||
				a.Outstanding != bot.Money(principal)-paidP || a.Closed != (a.Outstanding == 0) {
				t.Fatalf("allocation %+v of %d, principal paid %d", a, amt, paidP)
			}
		}
	})
}

// FuzzShareOut reads members from data, 9 bytes each (a shift, then 8
// bytes of savings shifted right by it; interest paid from the last byte),
// and checks the share-out against exact arithmetic.
func FuzzShareOut(f *testing.F) {
	f.Add([]byte("\x3f\x00\x00\x00\x00\x00\x00\x00\xe1"), int64(900), uint8(0))
	f.Add([]byte("\x30\x00\x00\x00\x00\x00\x00\x10\x00\x30\x00\x00\x00\x00\x00\x00\x20\x05"), int64(-7), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, profit int64, method uint8) {
		var members []Holding
		for i := 0; i+9 <= len(data) && len(members) < 64; i += 9 {
			shift := data[i] % 64
			v := binary.BigEndian.Uint64(data[i+1:i+9]) >> 1 >> shift
			members = append(members, Holding{MemberID: int64(len(members) + 1),
				Savings: bot.Money(v), InterestPaid: bot.Money(uint64(data[i+8]) << (shift % 56))})
		}
		m := []ShareMethod{Proportional, Equal, InterestPaid, ""}[method%4]
		if len(members) == 0 {
			if _, _, err := ShareOut(nil, bot.Money(profit), m); errKey(err) != KeyShareNoMembers {
				t.Fatalf("no members: %v", err)
			}
			return
		}
		if _, _, err := ShareOut(members, bot.Money(profit), m); errKey(err) == "money.overflow" {
			if !overflows(members, bot.Money(profit)) {
				t.Fatalf("ShareOut(%v, %d, %s): overflow without cause", members, profit, m)
			}
			return
		}
		checkShareOut(t, 0, members, bot.Money(profit), m)
	})
}

// overflows reports whether a share-out's totals leave int64: the savings,
// the interest paid, or savings + profit (no payout exceeds that), or a
// loss of MinInt64 (which has no positive amount).
func overflows(members []Holding, profit bot.Money) bool {
	s, ip := new(big.Int), new(big.Int)
	for _, m := range members {
		s.Add(s, big.NewInt(int64(m.Savings)))
		ip.Add(ip, big.NewInt(int64(m.InterestPaid)))
	}
	limit := big.NewInt(math.MaxInt64)
	fund := new(big.Int).Add(s, big.NewInt(int64(profit)))
	return s.Cmp(limit) > 0 || ip.Cmp(limit) > 0 || fund.Cmp(limit) > 0 || profit == math.MinInt64
}
