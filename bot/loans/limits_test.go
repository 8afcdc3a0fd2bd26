package loans

import (
	"math"
	"testing"

	"kelompok/bot"
)

func TestCheckLoan(t *testing.T) {
	type req struct {
		request, savings bot.Money
		multiple         int
		cash             bot.Money
		open, maxOpen    int
		months, max      int
	}
	// ok: 300,000 savings x 3 = 900,000 limit, 2,000,000 in the cash box.
	ok := req{900_000, 300_000, 3, 2_000_000, 0, 1, 10, 12}
	with := func(f func(r *req)) req { r := ok; f(&r); return r }
	cases := []struct {
		name string
		r    req
		key  string
		args map[string]any
	}{
		{"at the limit", ok, "", nil},
		{"default multiple", with(func(r *req) { r.multiple = 0 }), "", nil},
		{"over the limit", with(func(r *req) { r.request = 900_001 }), KeyOverLimit,
			map[string]any{"Limit": bot.Money(900_000), "Amount": bot.Money(900_001), "Multiple": 3}},
		{"over the default limit", with(func(r *req) { r.request, r.multiple = 900_001, -1 }), KeyOverLimit,
			map[string]any{"Limit": bot.Money(900_000), "Multiple": DefaultMultiple}},
		{"a bigger multiple", with(func(r *req) { r.request, r.multiple = 1_500_000, 5 }), "", nil},
		{"no savings", with(func(r *req) { r.savings, r.request = 0, 1 }), KeyOverLimit,
			map[string]any{"Limit": bot.Money(0)}},
		{"over the cash", with(func(r *req) { r.cash = 899_999 }), KeyOverCash,
			map[string]any{"Cash": bot.Money(899_999), "Amount": bot.Money(900_000)}},
		{"cash exactly", with(func(r *req) { r.cash = 900_000 }), "", nil},
		{"already open", with(func(r *req) { r.open = 1 }), KeyAlreadyOpen, map[string]any{"Open": 1, "Max": 1}},
		{"one open by default", with(func(r *req) { r.open, r.maxOpen = 1, 0 }), KeyAlreadyOpen,
			map[string]any{"Max": 1}},
		{"rules allow two", with(func(r *req) { r.open, r.maxOpen = 1, 2 }), "", nil},
		{"tenor 0", with(func(r *req) { r.months = 0 }), KeyTenorInvalid, map[string]any{"Months": 0, "Max": 12}},
		{"tenor over max", with(func(r *req) { r.months = 13 }), KeyTenorInvalid, map[string]any{"Months": 13}},
		{"zero amount", with(func(r *req) { r.request = 0 }), KeyAmountInvalid, nil},
		// Order: the tenor is named before the limit and the cash.
		{"all wrong", req{5_000_000, 1, 3, 0, 3, 1, 99, 12}, KeyTenorInvalid, nil},
		{"open before limit", req{5_000_000, 1, 3, 0, 3, 1, 6, 12}, KeyAlreadyOpen, nil},
		{"limit before cash", req{5_000_000, 1, 3, 0, 0, 1, 6, 12}, KeyOverLimit, nil},
		// savings x multiple beyond int64 is no limit, not a wrap.
		{"limit overflow", req{math.MaxInt64, math.MaxInt64 / 2, 3, math.MaxInt64, 0, 1, 6, 12}, "", nil},
	}
	for _, c := range cases {
		r := c.r
		err := CheckLoan(r.request, r.savings, r.multiple, r.cash, r.open, r.maxOpen, r.months, r.max)
		if k := errKey(err); k != c.key {
			t.Errorf("%s: error %v, want key %q", c.name, err, c.key)
			continue
		}
		if err != nil {
			e, _ := bot.AsError(err)
			for k, v := range c.args {
				if e.Args[k] != v {
					t.Errorf("%s: arg %s = %v (%T), want %v (%T)", c.name, k, e.Args[k], e.Args[k], v, v)
				}
			}
		}
	}
	if got := Limit(math.MaxInt64/2, 3); got != math.MaxInt64 {
		t.Errorf("Limit overflow = %d", got)
	}
	if got := Limit(-5, 3); got != 0 {
		t.Errorf("Limit negative savings = %d", got)
	}
}
