package loans

import (
	"math"
	"testing"
	"time"

	"kelompok/bot"
)

var jkt = time.FixedZone("WIB", 7*3600)

// day is the start of a day in Jakarta.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, jkt) }

// errKey is the user error's key, "" for nil, "plain" for a non-user error.
func errKey(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := bot.AsError(err); ok {
		return e.Key
	}
	return "plain"
}

// repeat is n copies of m.
func repeat(n int, m bot.Money) []bot.Money {
	out := make([]bot.Money, n)
	for i := range out {
		out[i] = m
	}
	return out
}

func TestScheduleByHand(t *testing.T) {
	cases := []struct {
		name                  string
		principal             bot.Money
		rate                  int
		months                int
		method                Method
		principals, interests []bot.Money
	}{
		// 1,000,000 at 2%/month for 10 months, flat: 2% of 1,000,000 = 20,000
		// every month; 1,000,000 / 10 = 100,000 principal a month. Total
		// interest 200,000, total repaid 1,200,000.
		{"flat 1jt 2% 10", 1_000_000, 200, 10, Flat, repeat(10, 100_000), repeat(10, 20_000)},
		// Declining (equal principal): 2% of the balance at the start of each
		// month: 1,000,000 -> 20,000; 900,000 -> 18,000; ... 100,000 -> 2,000.
		// Total interest 20,000 x (10+9+...+1)/10 = 110,000.
		{"declining 1jt 2% 10", 1_000_000, 200, 10, Declining, repeat(10, 100_000),
			[]bot.Money{20_000, 18_000, 16_000, 14_000, 12_000, 10_000, 8_000, 6_000, 4_000, 2_000}},
		// 1,000,001 / 3 = 333,333 rest 2: the last installment takes 333,335.
		// Flat interest 2% x 1,000,001 = 20,000.02 -> 20,000.
		{"flat awkward principal", 1_000_001, 200, 3, Flat,
			[]bot.Money{333_333, 333_333, 333_335}, repeat(3, 20_000)},
		// Declining: 1,000,001 x 2% = 20,000.02 -> 20,000; 666,668 x 2% =
		// 13,333.36 -> 13,333; 333,335 x 2% = 6,666.70 -> 6,667.
		{"declining awkward principal", 1_000_001, 200, 3, Declining,
			[]bot.Money{333_333, 333_333, 333_335}, []bot.Money{20_000, 13_333, 6_667}},
		// 1.5% of 333,333 = 4,999.995 -> 5,000 (half up); 333,333 / 3 = 111,111.
		{"flat 1.5% on 333,333", 333_333, 150, 3, Flat, repeat(3, 111_111), repeat(3, 5_000)},
		// Declining: 4,999.995 -> 5,000; 222,222 x 1.5% = 3,333.33 -> 3,333;
		// 111,111 x 1.5% = 1,666.665 -> 1,667.
		{"declining 1.5% on 333,333", 333_333, 150, 3, Declining, repeat(3, 111_111),
			[]bot.Money{5_000, 3_333, 1_667}},
		// Half up at exactly one half: 1% of 50 = 0.5 -> 1; 1% of 49 = 0.49 -> 0.
		{"half rounds up", 50, 100, 1, Flat, []bot.Money{50}, []bot.Money{1}},
		{"below half rounds down", 49, 100, 1, Flat, []bot.Money{49}, []bot.Money{0}},
		// Fewer rupiah than months: 2 / 3 = 0 rest 2, all on the last.
		// Declining 10% of 2, 2, 2 = 0.2 -> 0 each.
		{"tiny principal", 2, 1000, 3, Declining, []bot.Money{0, 0, 2}, []bot.Money{0, 0, 0}},
		{"no interest", 500_000, 0, 4, Flat, repeat(4, 125_000), repeat(4, 0)},
	}
	for _, c := range cases {
		got, err := Schedule(c.principal, c.rate, c.months, 12, c.method, day(2026, 1, 15), jkt)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != c.months {
			t.Fatalf("%s: %d installments", c.name, len(got))
		}
		for i, in := range got {
			if in.N != i+1 || in.Principal != c.principals[i] || in.Interest != c.interests[i] ||
				in.Total != c.principals[i]+c.interests[i] {
				t.Errorf("%s: installment %d = %+v, want principal %d interest %d",
					c.name, i+1, in, c.principals[i], c.interests[i])
			}
		}
	}
	// The rounding on the largest amount, in 128 bits: 10% of MaxInt64 =
	// 922,337,203,685,477,580.7 -> ...581 (the schedule itself overflows).
	if got := interest(math.MaxInt64, 1000); got != 922_337_203_685_477_581 {
		t.Errorf("interest(MaxInt64, 10%%) = %d", got)
	}
}

func TestScheduleDates(t *testing.T) {
	cases := []struct {
		name   string
		start  time.Time
		months int
		want   []time.Time
	}{
		{"same day next months", time.Date(2026, 1, 15, 10, 30, 0, 0, jkt), 3,
			[]time.Time{day(2026, 2, 15), day(2026, 3, 15), day(2026, 4, 15)}},
		// Clamped to the month's end, and counted from the start each time,
		// so after February it is the 31st again.
		{"month end", day(2026, 1, 31), 4,
			[]time.Time{day(2026, 2, 28), day(2026, 3, 31), day(2026, 4, 30), day(2026, 5, 31)}},
		{"leap year", day(2028, 1, 30), 2, []time.Time{day(2028, 2, 29), day(2028, 3, 30)}},
		{"across the year", day(2026, 11, 30), 3,
			[]time.Time{day(2026, 12, 30), day(2027, 1, 30), day(2027, 2, 28)}},
		// 20:00 UTC on 14 January is already 15 January in Jakarta.
		{"start read in the group's zone", time.Date(2026, 1, 14, 20, 0, 0, 0, time.UTC), 1,
			[]time.Time{day(2026, 2, 15)}},
	}
	for _, c := range cases {
		got, err := Schedule(1_000_000, 200, c.months, 0, Flat, c.start, jkt)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i, in := range got {
			if !in.Due.Equal(c.want[i]) || in.Due.Location() != jkt {
				t.Errorf("%s: due %d = %v, want %v", c.name, i+1, in.Due, c.want[i])
			}
		}
	}
	// A nil zone means the start's own.
	got, _ := Schedule(100, 0, 1, 0, Flat, time.Date(2026, 1, 14, 20, 0, 0, 0, time.UTC), nil)
	if want := time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC); !got[0].Due.Equal(want) {
		t.Errorf("nil loc: due %v, want %v", got[0].Due, want)
	}
}

func TestScheduleErrors(t *testing.T) {
	start := day(2026, 1, 15)
	cases := []struct {
		name      string
		principal bot.Money
		rate      int
		months    int
		maxMonths int
		method    Method
		key       string
		args      map[string]any
	}{
		{"zero amount", 0, 200, 10, 12, Flat, KeyAmountInvalid, map[string]any{"Amount": bot.Money(0)}},
		{"negative amount", -5, 200, 10, 12, Flat, KeyAmountInvalid, map[string]any{"Amount": bot.Money(-5)}},
		{"negative rate", 1000, -1, 10, 12, Flat, KeyRateInvalid, map[string]any{"Rate": -1, "Max": MaxRateBP}},
		{"rate over 10%", 1000, 1001, 10, 12, Flat, KeyRateInvalid, map[string]any{"Rate": 1001, "Max": MaxRateBP}},
		{"tenor 0", 1000, 200, 0, 12, Flat, KeyTenorInvalid, map[string]any{"Months": 0, "Max": 12}},
		{"tenor negative", 1000, 200, -3, 12, Declining, KeyTenorInvalid, map[string]any{"Months": -3, "Max": 12}},
		{"tenor over the rule", 1000, 200, 13, 12, Flat, KeyTenorInvalid, map[string]any{"Months": 13, "Max": 12}},
		{"tenor over the ceiling", 1000, 200, 361, 0, Flat, KeyTenorInvalid, map[string]any{"Months": 361, "Max": MaxMonths}},
		{"rule above the ceiling", 1000, 200, 361, 1000, Flat, KeyTenorInvalid, map[string]any{"Months": 361, "Max": MaxMonths}},
		{"unknown method", 1000, 200, 10, 12, "annuity", "plain", nil},
		// 10% of MaxInt64 a month: the first installment's total overflows.
		{"overflow", math.MaxInt64, 1000, 1, 12, Flat, "money.overflow", nil},
		// 1% of 9e18 is 9e16 a month: each installment fits, but 12 months
		// of interest on top of the principal do not.
		{"overflow over the term", 9e18, 100, 12, 0, Flat, "money.overflow", nil},
		// 10% of 5e18 is 5e17 a month; 360 months of interest alone overflow.
		{"interest sum overflows", 5e18, 1000, 360, 0, Declining, "money.overflow", nil},
	}
	for _, c := range cases {
		_, err := Schedule(c.principal, c.rate, c.months, c.maxMonths, c.method, start, jkt)
		if got := errKey(err); got != c.key {
			t.Errorf("%s: error %v, want key %s", c.name, err, c.key)
			continue
		}
		if c.args != nil {
			e, _ := bot.AsError(err)
			for k, v := range c.args {
				if e.Args[k] != v {
					t.Errorf("%s: arg %s = %v (%T), want %v (%T)", c.name, k, e.Args[k], e.Args[k], v, v)
				}
			}
		}
	}
	// At the edges, the same inputs are fine.
	if _, err := Schedule(1, MaxRateBP, 12, 12, Declining, start, jkt); err != nil {
		t.Errorf("edges: %v", err)
	}
	if _, err := Schedule(1, 0, MaxMonths, 0, Flat, start, jkt); err != nil {
		t.Errorf("longest: %v", err)
	}
}
