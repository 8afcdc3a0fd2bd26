package bot

import (
	"math"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Money is an amount in the currency's minor unit (IDR: whole rupiah). Never a float.
type Money int64

// Error keys returned by ParseMoney. Every failure is an *Error with one of these.
const (
	keyMoneyMissing  = "money.missing"
	keyMoneyNaN      = "money.not_a_number"
	keyMoneyNegative = "money.negative"
	keyMoneyZero     = "money.is_zero"
	keyMoneyFraction = "money.fraction"
	keyMoneyTooLarge = "money.too_large"
)

// multipliers maps the suffixes people type after a number to their value.
var multipliers = map[string]int64{
	"k": 1_000, "rb": 1_000, "ribu": 1_000,
	"jt": 1_000_000, "juta": 1_000_000,
}

// ParseMoney reads an amount as people type it in chat. max > 0 is the largest amount accepted.
// (A max <= 0 means no cap other than the range of int64.)
//
// The input is trimmed and case-insensitive. It may start with a currency prefix
// ("Rp", "Rp.", "IDR", with or without a space) and end with a multiplier suffix
// ("rb", "ribu", "k" = 1,000; "jt", "juta" = 1,000,000), with or without a space.
//
// Without a suffix, '.' or ',' followed by groups of exactly three digits (one
// separator kind throughout, first group 1-3 digits) groups thousands:
// "1.500.000" = "1,500,000" = 1500000. A trailing ",-", ".-", ",00" or ".00" is
// ignored ("Rp 10.000,-"). Any other decimal part ("1,5", "12.50", "1.500,25") is
// money.fraction: rupiah have no cents.
//
// With a suffix, one '.' or ',' is a decimal point followed by 1-3 digits
// ("1,5jt" = 1500000, "0,5rb" = 500). More digits than that would name amounts
// finer than the suffix is meant for and are money.fraction ("0,0001jt").
//
// Checks run in this order: missing, not_a_number, negative, fraction,
// zero, too_large (int64 overflow is too_large as well, never a wrap).
func ParseMoney(s string, max Money) (Money, error) {
	if max <= 0 {
		max = math.MaxInt64
	}
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, E(keyMoneyMissing)
	}
	nan := E(keyMoneyNaN, "Input", in)

	body, neg := stripSignAndCurrency(strings.ToLower(in))

	// Split "1,5 jt" into the number "1,5" and the suffix "jt".
	end := strings.IndexFunc(body, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r == '.' || r == ',' || r == '-')
	})
	if end < 0 {
		end = len(body)
	}
	num, suffix := body[:end], strings.TrimSpace(body[end:])

	groups, seps, dash, ok := splitGroups(num)
	if !ok {
		return 0, nan
	}
	var n number
	if suffix == "" {
		n, ok = readPlain(groups, seps)
	} else {
		mul, known := multipliers[suffix]
		if !known || dash { // "5xyz", "5,-rb"
			return 0, nan
		}
		n, ok = readDecimal(groups, seps, mul)
	}
	if !ok {
		return 0, nan
	}

	switch {
	case neg:
		return 0, E(keyMoneyNegative, "Input", in)
	case n.fraction:
		return 0, E(keyMoneyFraction, "Input", in)
	case n.overflow:
		return 0, E(keyMoneyTooLarge, "Input", in, "Max", max)
	case n.value == 0:
		return 0, E(keyMoneyZero, "Input", in)
	case Money(n.value) > max:
		return 0, E(keyMoneyTooLarge, "Input", in, "Max", max)
	}
	return Money(n.value), nil
}

// stripSignAndCurrency removes a leading minus sign (ASCII '-' or U+2212) and a
// currency prefix, in either order ("-Rp5000", "Rp-5000"), and reports the sign.
func stripSignAndCurrency(s string) (body string, neg bool) {
	s, neg = stripMinus(s)
	for _, cur := range []string{"idr", "rp"} {
		if rest, found := strings.CutPrefix(s, cur); found {
			rest = strings.TrimPrefix(rest, ".") // "Rp.5000"
			s = strings.TrimSpace(rest)
			break
		}
	}
	if !neg {
		s, neg = stripMinus(s)
	}
	return s, neg
}

func stripMinus(s string) (string, bool) {
	for _, minus := range []string{"-", "\u2212"} {
		if rest, found := strings.CutPrefix(s, minus); found {
			return strings.TrimSpace(rest), true
		}
	}
	return s, false
}

// splitGroups splits "1.500,-" into digit groups ["1" "500" "-"] and the
// separators between them ['.' ','], and drops the trailing "-" together with
// its separator, reporting dash. Every group must be non-empty digits; "-" may
// only be last.
func splitGroups(num string) (groups []string, seps []byte, dash, ok bool) {
	start := 0
	for i := 0; i <= len(num); i++ {
		if i < len(num) && num[i] != '.' && num[i] != ',' {
			continue
		}
		groups = append(groups, num[start:i])
		if i < len(num) {
			seps = append(seps, num[i])
		}
		start = i + 1
	}
	if len(groups) > 1 && groups[len(groups)-1] == "-" { // "10.000,-"
		groups, seps, dash = groups[:len(groups)-1], seps[:len(seps)-1], true
	}
	for _, g := range groups {
		if g == "" || strings.Trim(g, "0123456789") != "" {
			return nil, nil, false, false
		}
	}
	return groups, seps, dash, true
}

// number is the outcome of reading digit groups: a value, or the reason there is none.
type number struct {
	value    int64
	fraction bool // has a part below one rupiah
	overflow bool // does not fit in int64
}

// readPlain reads groups written without a multiplier suffix.
func readPlain(groups []string, seps []byte) (number, bool) {
	last := len(groups) - 1
	// A trailing ",00" or ".00" after a different separator kind (or as the only
	// separator) is a decimal part that says nothing: "10.000,00".
	if last > 0 && groups[last] == "00" && (last == 1 || seps[0] != seps[last-1]) {
		groups, seps, last = groups[:last], seps[:last-1], last-1
	}
	if thousands(groups, seps) {
		return readDigits(strings.Join(groups, "")), true
	}
	// Otherwise the last separator can only be a decimal point before digits
	// that are not a group of three, after thousands of the other kind:
	// "1,5", "12.50", "1.500,25". The amount is well-formed but not whole.
	if last > 0 && (last == 1 || seps[0] != seps[last-1]) && thousands(groups[:last], seps[:last-1]) {
		return number{fraction: true}, true
	}
	return number{}, false
}

// thousands reports whether groups form a plain integer ("5000") or a
// thousands-grouped one: first group 1-3 digits without a leading zero, every
// other exactly 3, all separators of one kind ("1.500.000", "1,500,000").
// "0.500" is not grouped: it reads as the decimal 0.5.
func thousands(groups []string, seps []byte) bool {
	if len(groups) == 1 {
		return true
	}
	if len(groups[0]) > 3 || groups[0][0] == '0' {
		return false
	}
	for i, g := range groups[1:] {
		if len(g) != 3 || seps[i] != seps[0] {
			return false
		}
	}
	return true
}

// readDecimal reads groups followed by a multiplier suffix: an integer part and
// an optional decimal part of 1-3 digits, after exactly one separator.
func readDecimal(groups []string, seps []byte, mul int64) (number, bool) {
	if len(groups) > 2 {
		return number{}, false // "1.500.000rb", "1,5,0jt"
	}
	whole := readDigits(groups[0])
	if whole.overflow {
		return whole, true
	}
	v, ok := mulInt64(whole.value, mul)
	if !ok {
		return number{overflow: true}, true
	}
	if len(groups) == 1 {
		return number{value: v}, true
	}
	dec := groups[1]
	if len(dec) > 3 {
		return number{fraction: true}, true // "0,0001jt": finer than we read
	}
	// dec has at most 3 digits and mul is a multiple of 1000, so this is exact:
	// "25" before "jt" is 25 * (1000000 / 100).
	scale := [...]int64{1, 10, 100, 1000}[len(dec)]
	part := readDigits(dec).value * (mul / scale)
	if v > math.MaxInt64-part {
		return number{overflow: true}, true
	}
	return number{value: v + part}, true
}

// readDigits turns a string of ASCII digits into a number, flagging overflow.
func readDigits(digits string) number {
	var v int64
	for i := 0; i < len(digits); i++ {
		d := int64(digits[i] - '0')
		if v > (math.MaxInt64-d)/10 {
			return number{overflow: true}
		}
		v = v*10 + d
	}
	return number{value: v}
}

// mulInt64 returns a*b for a >= 0 and b > 0, and false if it overflows int64.
func mulInt64(a, b int64) (int64, bool) {
	if a > math.MaxInt64/b {
		return 0, false
	}
	return a * b, true
}

// Format renders m for a language: "id" -> "Rp15.000", "en" -> "Rp15,000"; negative "-Rp15.000"; 0 -> "Rp0".
// Any other lang falls back to "id". Digit grouping comes from golang.org/x/text/message.
func (m Money) Format(lang string) string {
	tag := language.Indonesian
	if lang == "en" {
		tag = language.English
	}
	// The magnitude as uint64: for MinInt64, -m would overflow int64, but the
	// two's-complement negation in uint64 is exact.
	mag, sign := uint64(m), ""
	if m < 0 {
		mag, sign = -mag, "-"
	}
	return sign + "Rp" + message.NewPrinter(tag).Sprintf("%d", mag)
}
