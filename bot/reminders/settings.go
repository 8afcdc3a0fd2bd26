package reminders

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"kelompok/bot"
)

// FromRules reads a group's reminder settings from its rules.
func FromRules(r bot.Rules) Settings {
	return ParseSettings(r.ReminderMeeting, r.ReminderSummary, r.ReminderInstallments, r.ReminderMissed)
}

// Error keys of ParseOffsets.
const (
	KeyBadOffsets = "reminders.bad_offsets" // arg Input
	KeyTooFar     = "reminders.too_far"     // arg Input
)

// ParseOffsets reads meeting reminder offsets as people type them:
// "1 hari 1 jam", "24j, 1j", "2 jam dan 30 menit" (two reminders: 2 hours
// and 30 minutes before), "1d 1h", "1 day, 30 min". Each number takes the
// unit after it. Units: hari/day/d, jam/j/hour/h, menit/min/m. At most 4
// offsets, none longer than MaxOffset. Errors are *bot.Error with
// KeyBadOffsets or KeyTooFar and the offending part in "Input".
func ParseOffsets(text string) ([]time.Duration, error) {
	toks := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';' || r == '+'
	})
	var out []time.Duration
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t == "dan" || t == "and" {
			continue
		}
		num, unit := splitNumber(t)
		if num == "" {
			return nil, bot.E(KeyBadOffsets, "Input", t)
		}
		if unit == "" {
			if i+1 >= len(toks) {
				return nil, bot.E(KeyBadOffsets, "Input", t)
			}
			i++
			unit = toks[i]
		}
		n, err := strconv.Atoi(num)
		u, ok := units[unit]
		if err != nil || !ok || n <= 0 {
			return nil, bot.E(KeyBadOffsets, "Input", num+unit)
		}
		if n > int(MaxOffset/u) {
			return nil, bot.E(KeyTooFar, "Input", num+" "+unit)
		}
		out = append(out, time.Duration(n)*u)
	}
	if len(out) == 0 {
		return nil, bot.E(KeyBadOffsets, "Input", text)
	}
	if len(out) > 4 {
		return nil, bot.E(KeyBadOffsets, "Input", text)
	}
	return normalize(out), nil
}

var units = map[string]time.Duration{
	"hari": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour, "d": 24 * time.Hour,
	"jam": time.Hour, "j": time.Hour, "hour": time.Hour, "hours": time.Hour, "h": time.Hour, "hr": time.Hour,
	"menit": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute, "m": time.Minute,
}

// splitNumber splits "24j" into "24" and "j".
func splitNumber(t string) (num, unit string) {
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i > 6 {
		return "", ""
	}
	return t[:i], t[i:]
}

// Parts splits an offset into days, hours and minutes for showing it.
func Parts(d time.Duration) (days, hours, minutes int) {
	m := int(d / time.Minute)
	return m / (24 * 60), m % (24 * 60) / 60, m % 60
}
