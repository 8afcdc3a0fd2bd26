package loans

import (
	"math"
	"reflect"
	"testing"

	"kelompok/bot"
)

func TestShareOut(t *testing.T) {
	// Three members with savings 100, 200, 700 and interest paid 0, 30,000, 10,000.
	three := []Holding{{1, 100, 0}, {2, 200, 30_000}, {3, 700, 10_000}}
	cases := []struct {
		name      string
		members   []Holding
		profit    bot.Money
		method    ShareMethod
		profits   []bot.Money
		remainder bot.Money
		key       string
		args      map[string]any
	}{
		// DOMAIN.md: share price 5, 900 shares in the group, profit 900. The
		// member with 45 shares (225 savings) gets 45/900 x 900 = 45 profit,
		// 270 in all. The others hold 300 and 555 shares.
		{name: "DOMAIN example", members: []Holding{{1, 45 * 5, 0}, {2, 300 * 5, 0}, {3, 555 * 5, 0}},
			profit: 900, profits: []bot.Money{45, 300, 555}},
		// 100 / 3 = 33.33 each: 33 each, 1 kept in the fund.
		{name: "proportional remainder", members: []Holding{{1, 100, 0}, {2, 100, 0}, {3, 100, 0}},
			profit: 100, profits: []bot.Money{33, 33, 33}, remainder: 1},
		// 1,001 x 100/1,000 = 100.1; x 200/1,000 = 200.2; x 700/1,000 = 700.7.
		{name: "proportional floors", members: three, profit: 1_001, method: Proportional,
			profits: []bot.Money{100, 200, 700}, remainder: 1},
		{name: "empty method is proportional", members: three, profit: 1_001,
			profits: []bot.Money{100, 200, 700}, remainder: 1},
		// Equal: 1,000 / 3 = 333.33 each.
		{name: "equal", members: three, profit: 1_000, method: Equal,
			profits: []bot.Money{333, 333, 333}, remainder: 1},
		// Interest paid: 10,001 x 30,000/40,000 = 7,500.75; x 10,000/40,000 = 2,500.25.
		{name: "interest paid", members: three, profit: 10_001, method: InterestPaid,
			profits: []bot.Money{0, 7_500, 2_500}, remainder: 1},
		// A member without savings shares nothing in proportion.
		{name: "member without savings", members: []Holding{{1, 0, 0}, {2, 500, 0}}, profit: 99,
			profits: []bot.Money{0, 99}},
		{name: "no profit", members: three, profit: 0, method: InterestPaid, profits: []bot.Money{0, 0, 0}},
		// A loss of 10 on savings 1,000: 1, 2 and 7 exactly.
		{name: "loss exact", members: three, profit: -10, profits: []bot.Money{-1, -2, -7}},
		// A loss of 11: 1.1, 2.2, 7.7 rounded up to 2, 3, 8 = 13; the 2
		// over the loss stays in the fund.
		{name: "loss rounds up", members: three, profit: -11, profits: []bot.Money{-2, -3, -8}, remainder: 2},
		// A loss is borne by savings whatever the method.
		{name: "loss under equal", members: three, profit: -10, method: Equal, profits: []bot.Money{-1, -2, -7}},
		{name: "loss under interest paid", members: three, profit: -10, method: InterestPaid,
			profits: []bot.Money{-1, -2, -7}},
		{name: "loss of all savings", members: three, profit: -1_000, profits: []bot.Money{-100, -200, -700}},
		{name: "loss over savings", members: three, profit: -1_001, key: KeyLossExceeds,
			args: map[string]any{"Loss": bot.Money(1_001), "Savings": bot.Money(1_000)}},
		{name: "loss without savings", members: []Holding{{1, 0, 5}}, profit: -1, key: KeyLossExceeds},
		{name: "no members", profit: 100, key: KeyShareNoMembers},
		{name: "nobody saved", members: []Holding{{1, 0, 0}, {2, 0, 0}}, profit: 1, key: KeyShareNoBasis,
			args: map[string]any{"Method": "proportional"}},
		{name: "nobody paid interest", members: []Holding{{1, 10, 0}}, profit: 1, method: InterestPaid,
			key: KeyShareNoBasis, args: map[string]any{"Method": "interest_paid"}},
		{name: "unknown method", members: three, profit: 1, method: "lottery", key: "plain"},
		{name: "repeated member", members: []Holding{{1, 10, 0}, {1, 10, 0}}, profit: 1, key: "plain"},
		{name: "negative savings", members: []Holding{{1, -10, 0}}, profit: 1, key: "plain"},
		// Overflow: savings that do not add up, a payout beyond int64, the
		// smallest int64 as a loss.
		{name: "savings overflow", members: []Holding{{1, math.MaxInt64, 0}, {2, 1, 0}}, profit: 1,
			key: "money.overflow"},
		{name: "payout overflow", members: []Holding{{1, math.MaxInt64, 0}}, profit: 1, key: "money.overflow"},
		{name: "interest paid overflow", members: []Holding{{1, 1, math.MaxInt64}, {2, 1, 1}}, profit: 1,
			key: "money.overflow"},
		{name: "min int64 loss", members: three, profit: math.MinInt64, key: "money.overflow"},
		// Large but fine: the product profit x savings needs 128 bits.
		// 3e18 x 3e18 / 6e18 = 1.5e18 exactly, twice.
		{name: "huge", members: []Holding{{1, 3e18, 0}, {2, 3e18, 0}}, profit: 3e18,
			profits: []bot.Money{1.5e18, 1.5e18}},
	}
	for _, c := range cases {
		got, rem, err := ShareOut(c.members, c.profit, c.method)
		if k := errKey(err); k != c.key {
			t.Errorf("%s: error %v, want key %q", c.name, err, c.key)
			continue
		}
		if c.key != "" {
			e, _ := bot.AsError(err)
			for k, v := range c.args {
				if e.Args[k] != v {
					t.Errorf("%s: arg %s = %v, want %v", c.name, k, e.Args[k], v)
				}
			}
			continue
		}
		want := make([]Payout, len(c.members))
		for i, m := range c.members {
			want[i] = Payout{m.MemberID, m.Savings, c.profits[i], m.Savings + c.profits[i]}
		}
		if !reflect.DeepEqual(got, want) || rem != c.remainder {
			t.Errorf("%s:\n got %v rest %d\nwant %v rest %d", c.name, got, rem, want, c.remainder)
		}
	}
}

// The DOMAIN.md member, spelled out: 45 shares of 5 = 225 savings, 45
// profit, 270 paid out.
func TestShareOutDomainMember(t *testing.T) {
	got, rem, err := ShareOut([]Holding{{7, 225, 0}, {8, 4_275, 0}}, 900, Proportional)
	if err != nil || rem != 0 || got[0] != (Payout{MemberID: 7, Savings: 225, Profit: 45, Total: 270}) {
		t.Fatalf("got %+v rest %d, %v", got, rem, err)
	}
}
