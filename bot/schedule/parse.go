package schedule

import (
	"strings"
	"time"
	"unicode"
)

// Parse reads a meeting rule from the words people type, in Indonesian or
// English, case-insensitive, with extra spaces and punctuation tolerated.
// now and loc matter only for an "every N weeks/months" rule: its Anchor is
// the date of the first meeting after now in loc (or on/after the date given
// with "mulai"/"starting"/"from", e.g. "mulai 2026-03-09"). A nil loc is UTC.
//
// The place is the rest of the text after " di ", " at ", " bertempat di "
// (or "tempat", "lokasi", "location", "venue"), trimmed, as typed; a marker
// followed by a time ("at 16:00", "at 4pm") is the time, not the place, but
// "at 5 Main Street" is a place (a bare number is not a time). Two
// conveniences for a place typed before the rest: when the words before the
// place hold no day, the place ends where a day or time word starts ("di
// balai desa setiap Senin jam 4 sore"); when they hold a day but no time, it
// ends where a time starts ("setiap Senin di balai jam 4 sore").
//
// How the words are read, and the rules for the ambiguous ones, are on
// read (read.go) and timeAt (clock.go).
//
// Every error is a *bot.Error keyed schedule.empty, schedule.no_day,
// schedule.no_time, schedule.bad_time, schedule.bad_day or
// schedule.ambiguous, with the offending fragment as "Input".
func Parse(text string, now time.Time, loc *time.Location) (Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	toks := tokenize(text)
	if len(toks) == 0 {
		return Schedule{}, fail(KeyEmpty, strings.TrimSpace(text))
	}
	rule, place := splitPlace(text, toks)
	r := &reader{text: text, toks: rule}
	s, err := r.read()
	if err != nil {
		return Schedule{}, err
	}
	s.Place = place
	if s.Every > 1 {
		var day int64
		if r.start.set {
			day = s.firstOnOrAfter(int64(r.start.v))
		} else {
			day = s.firstAfter(now, loc)
		}
		s.Anchor = dateOf(day)
	}
	return s, nil
}

// splitPlace finds the place marker and returns the rule's tokens and the
// place text.
func splitPlace(text string, toks []token) ([]token, string) {
	m, body := -1, -1 // marker index, first token after the marker
	for i, t := range toks {
		if !placeMarkers[t.s] {
			continue
		}
		k := i + 1
		if t.s != "di" && t.s != "at" && k < len(toks) && markerTails[toks[k].s] {
			k++ // "bertempat di", "location at"
		}
		if k < len(toks) && isTimeStart(text, toks, k) {
			continue // "at 16:00"
		}
		m, body = i, k
		break
	}
	if m < 0 {
		return toks, ""
	}
	before := toks[:m:m]
	haveDay, haveTime := false, false
	for i := range before {
		haveDay = haveDay || isDayWord(before, i)
		haveTime = haveTime || isTimeStart(text, before, i)
	}
	end := len(toks)
	if !haveDay || !haveTime {
		for k := body; k < len(toks); k++ {
			if (!haveDay && isDayStart(toks, k)) || isTimeStart(text, toks, k) {
				end = k
				break
			}
		}
	}
	from := toks[body-1].end
	to := len(text)
	if end < len(toks) {
		to = toks[end].start
	}
	rule := append(before, toks[end:]...)
	return rule, trimPlace(text[from:to])
}

func trimPlace(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",.;:!?", r)
	})
}

// isDayWord reports whether toks[i] names a day: a weekday, "minggu", an
// ordinal, or "tanggal" with a number.
func isDayWord(toks []token, i int) bool {
	s := toks[i].s
	if _, ok := weekdayWord(s); ok || s == "minggu" {
		return true
	}
	if _, _, ok := ordinalWord(s); ok {
		return true
	}
	if dayWords[s] && i+1 < len(toks) {
		if _, ok := digits(toks[i+1].s); ok {
			return true
		}
	}
	return false
}

// isDayStart reports whether a day rule starts at toks[i]: a weekday,
// "minggu", "tanggal 5", "setiap"/"every", "hari Senin", "malam Jumat",
// "first Tuesday", "weekly", or "2 minggu". A lone ordinal does not ("di gang kedua").
func isDayStart(toks []token, i int) bool {
	s := toks[i].s
	if _, ok := weekdayWord(s); ok || s == "minggu" || everyWords[s] {
		return true
	}
	if dayWords[s] && i+1 < len(toks) {
		if _, ok := digits(toks[i+1].s); ok {
			return true
		}
	}
	if _, ok := weeklyWords[s]; ok {
		return true
	}
	if _, ok := monthlyWords[s]; ok {
		return true
	}
	if i+1 >= len(toks) {
		return false
	}
	next := toks[i+1].s
	if _, _, ord := ordinalWord(s); s == "hari" || s == "malam" || ord {
		_, ok := weekdayWord(next)
		return ok || next == "minggu"
	}
	if isNumber(s) {
		_, week := weekWords[next]
		_, month := monthWords[next]
		return week || month || next == "minggu"
	}
	return false
}

// isNumber reports whether s is digits or a number word.
func isNumber(s string) bool {
	if _, ok := digits(s); ok {
		return true
	}
	_, ok := numberWords[s]
	return ok
}

func number(s string) (int, bool) {
	if n, ok := digits(s); ok {
		return n, true
	}
	n, ok := numberWords[s]
	return n, ok
}
