package bot_test

import (
	"math"
	"strings"
	"testing"

	"kelompok/bot"
)

// testMax is the cap used by the table tests: large enough for every good input.
const testMax = bot.Money(1_000_000_000_000)

func TestParseMoneyGood(t *testing.T) {
	tests := []struct {
		in   string
		want bot.Money
	}{
		{"5000", 5000},
		{"5.000", 5000},
		{"5,000", 5000},
		{"5rb", 5000},
		{"5 rb", 5000},
		{"5ribu", 5000},
		{"5 ribu", 5000},
		{"5k", 5000},
		{"5K", 5000},
		{"Rp5.000", 5000},
		{"Rp 5.000", 5000},
		{"rp5000", 5000},
		{"Rp.5000", 5000},
		{"IDR 5000", 5000},
		{"Rp 10.000,-", 10000},
		{"10.000,00", 10000},
		{"1.500.000", 1500000},
		{"1,500,000", 1500000},
		{"1,5jt", 1500000},
		{"1.5 juta", 1500000},
		{"2jt", 2000000},
		{"2 juta", 2000000},
		{"1,25 jt", 1250000},
		{"0,5rb", 500},
		{"1.5k", 1500},
		// Case, spacing and the ignorable tails.
		{"  RP 5.000  ", 5000},
		{"5 RIBU", 5000},
		{"2 JUTA", 2000000},
		{"idr5.000", 5000},
		{"Rp. 7.500", 7500},
		{"10.000.-", 10000},
		{"1,000.00", 1000},
		{"5,00", 5},
		{"1", 1},
		{"007", 7},
		{"1.234jt", 1234000},
		{"1,999rb", 1999},
		{"Rp1.000.000.000.000", 1_000_000_000_000}, // exactly testMax
	}
	for _, tt := range tests {
		got, err := bot.ParseMoney(tt.in, testMax)
		if err != nil || got != tt.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseMoneyBad(t *testing.T) {
	tests := []struct {
		in  string
		key string
	}{
		{"", "money.missing"},
		{"   ", "money.missing"},
		{"\t\n", "money.missing"},

		{"abc", "money.not_a_number"},
		{"5000abc", "money.not_a_number"},
		{"1.2.3", "money.not_a_number"},
		{"5..000", "money.not_a_number"},
		{"1.500,000,5", "money.not_a_number"},
		{"5xyz", "money.not_a_number"},
		{"5 000 7", "money.not_a_number"},
		{"Rp", "money.not_a_number"},
		{"rb", "money.not_a_number"},
		{".5", "money.not_a_number"},
		{"5.", "money.not_a_number"},
		{"1.500.00", "money.not_a_number"}, // ".00" tail needs the other separator kind
		{"1.500.000rb", "money.not_a_number"},
		{"5,-rb", "money.not_a_number"},
		{"5-000", "money.not_a_number"},
		{"--5000", "money.not_a_number"},
		{"+5000", "money.not_a_number"},
		{"5 000", "money.not_a_number"},
		{"5rbrb", "money.not_a_number"},
		{"-abc", "money.not_a_number"},

		{"-5000", "money.negative"},
		{"\u22125000", "money.negative"}, // unicode minus
		{"Rp-5000", "money.negative"},
		{"-Rp 5.000", "money.negative"},
		{"- 5rb", "money.negative"},
		{"-0", "money.negative"},

		{"0", "money.is_zero"},
		{"0rb", "money.is_zero"},
		{"Rp0", "money.is_zero"},
		{"0,00", "money.is_zero"},
		{"000", "money.is_zero"},

		{"1,5", "money.fraction"},
		{"12.50", "money.fraction"},
		{"0,0001jt", "money.fraction"},
		{"1.500,25", "money.fraction"},
		{"1,500.5", "money.fraction"},
		{"0.500", "money.fraction"},
		{"1,2345rb", "money.fraction"},

		{"99999999999999999999", "money.too_large"},
		{"9223372036854775807jt", "money.too_large"},
		{"9223372036854775808", "money.too_large"},
		{"9.223.372.036.854.775.808", "money.too_large"},
		{"9223372036854,776rb", "money.too_large"},
		{"1.000.000.000.001", "money.too_large"}, // testMax + 1
		{"1000001jt", "money.too_large"},
	}
	for _, tt := range tests {
		got, err := bot.ParseMoney(tt.in, testMax)
		e, ok := err.(*bot.Error)
		if !ok || e.Key != tt.key || got != 0 {
			t.Errorf("ParseMoney(%q) = %d, %#v; want key %s", tt.in, got, err, tt.key)
		}
	}
}

func TestParseMoneyErrorArgs(t *testing.T) {
	_, err := bot.ParseMoney(" 5000abc ", testMax)
	if e := err.(*bot.Error); e.Args["Input"] != "5000abc" {
		t.Errorf("not_a_number Input = %v, want the trimmed input", e.Args["Input"])
	}
	for _, in := range []string{"99999999999999999999", "2jt"} {
		_, err := bot.ParseMoney(in, 1_000_000)
		e := err.(*bot.Error)
		if max, ok := e.Args["Max"].(bot.Money); e.Key != "money.too_large" || !ok || max != 1_000_000 {
			t.Errorf("ParseMoney(%q) = %#v; want too_large with Max 1000000", in, e)
		}
	}
}

func TestParseMoneyNoCap(t *testing.T) {
	// A non-positive max means only int64 limits the amount.
	for _, max := range []bot.Money{0, -1} {
		got, err := bot.ParseMoney("9223372036854775807", max)
		if err != nil || got != math.MaxInt64 {
			t.Errorf("max %d: got %d, %v", max, got, err)
		}
	}
}

func TestMoneyFormat(t *testing.T) {
	tests := []struct {
		m      bot.Money
		id, en string
	}{
		{0, "Rp0", "Rp0"},
		{1, "Rp1", "Rp1"},
		{999, "Rp999", "Rp999"},
		{1000, "Rp1.000", "Rp1,000"},
		{15000, "Rp15.000", "Rp15,000"},
		{1500000, "Rp1.500.000", "Rp1,500,000"},
		{-15000, "-Rp15.000", "-Rp15,000"},
		{-1, "-Rp1", "-Rp1"},
		{math.MaxInt64, "Rp9.223.372.036.854.775.807", "Rp9,223,372,036,854,775,807"},
		{math.MinInt64, "-Rp9.223.372.036.854.775.808", "-Rp9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		if got := tt.m.Format("id"); got != tt.id {
			t.Errorf("Money(%d).Format(id) = %q, want %q", int64(tt.m), got, tt.id)
		}
		if got := tt.m.Format("en"); got != tt.en {
			t.Errorf("Money(%d).Format(en) = %q, want %q", int64(tt.m), got, tt.en)
		}
		for _, other := range []string{"", "fr", "jv", "EN-us"} {
			if got := tt.m.Format(other); got != tt.id {
				t.Errorf("Money(%d).Format(%q) = %q, want the id form %q", int64(tt.m), other, got, tt.id)
			}
		}
	}
}

// moneyKeys are the only error keys ParseMoney may return.
var moneyKeys = map[string]bool{
	"money.missing": true, "money.not_a_number": true, "money.negative": true,
	"money.is_zero": true, "money.fraction": true, "money.too_large": true,
}

func FuzzParseMoney(f *testing.F) {
	// More seeds live in testdata/fuzz/FuzzParseMoney.
	for _, s := range []string{"5000", "1,5jt", "Rp 10.000,-", "-5000", "0,0001jt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		const small = bot.Money(1_000_000)
		m, err := check(t, s, math.MaxInt64)
		if err != nil {
			return
		}
		// Round trip through both languages.
		for _, lang := range []string{"id", "en"} {
			out := m.Format(lang)
			if back, err := bot.ParseMoney(out, math.MaxInt64); err != nil || back != m {
				t.Fatalf("ParseMoney(%q) (from %q) = %d, %v; want %d", out, s, back, err, m)
			}
		}
		// A smaller cap accepts the same amount or refuses it as too large.
		sm, err := check(t, s, small)
		want := "" // no error
		if m > small {
			want = "money.too_large"
		}
		if got := errKey(err); got != want || err == nil && sm != m {
			t.Fatalf("ParseMoney(%q, %d) = %d, %v; with no cap %d", s, small, sm, err, m)
		}
		// Case and surrounding space never matter (ASCII only: Unicode case
		// mapping may change a string's length or meaning).
		if isASCII(s) {
			v := "  " + strings.ToUpper(s) + "\t"
			if vm, err := bot.ParseMoney(v, math.MaxInt64); err != nil || vm != m {
				t.Fatalf("ParseMoney(%q) = %d, %v; ParseMoney(%q) = %d", v, vm, err, s, m)
			}
		}
	})
}

// check calls ParseMoney and asserts the invariants that hold for any input.
func check(t *testing.T, s string, max bot.Money) (bot.Money, error) {
	m, err := bot.ParseMoney(s, max)
	if err == nil {
		if m <= 0 || m > max {
			t.Fatalf("ParseMoney(%q, %d) = %d: out of range", s, max, m)
		}
		return m, nil
	}
	e, ok := err.(*bot.Error)
	if !ok || !moneyKeys[e.Key] {
		t.Fatalf("ParseMoney(%q) error %#v is not a money *bot.Error", s, err)
	}
	if m != 0 {
		t.Fatalf("ParseMoney(%q) = %d with error %s", s, m, e.Key)
	}
	return 0, err
}

// errKey is the key of a *bot.Error, or "" for nil.
func errKey(err error) string {
	if e, ok := err.(*bot.Error); ok {
		return e.Key
	}
	return ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
