package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// String renders the rule canonically in lang: "en" is English, anything
// else Indonesian (the bot's default). Parse reads it back to the same rule:
//
//	setiap Selasa pertama, 16:00, di rumah Bu Sri   every first Tuesday, 16:00, at rumah Bu Sri
//	setiap Jumat, 19:30                              every Friday, 19:30
//	setiap 2 minggu hari Senin mulai 2026-03-09, 09:00
//	                                                 every 2 weeks on Monday starting 2026-03-09, 09:00
//	setiap Minggu terakhir, 08:00                    every last Sunday, 08:00
//	setiap 3 bulan hari Selasa kedua mulai 2026-03-10, 16:00
//	                                                 every 3 months on the second Tuesday starting 2026-03-10, 16:00
//	setiap tanggal 5, 10:00                          monthly on day 5, 10:00
//	setiap 2 bulan tanggal 31 mulai 2026-04-30, 10:00
//	                                                 every 2 months on day 31 starting 2026-04-30, 10:00
//
// With Every > 1 the date after "mulai"/"starting" is the meeting date in
// Anchor's week or month; a zero Anchor is left out (Parse then anchors on
// its own `now`).
func (s Schedule) String(lang string) string {
	en := lang == "en" || strings.HasPrefix(lang, "en-")
	var b strings.Builder
	wd := weekdayName(s.Weekday, en)
	ord := ordinalName(s.Nth, en)
	every := s.every()
	switch {
	case s.Kind == Weekly && every == 1 && en:
		fmt.Fprintf(&b, "every %s", wd)
	case s.Kind == Weekly && every == 1:
		fmt.Fprintf(&b, "setiap %s%s", hari(s.Weekday), wd)
	case s.Kind == Weekly && en:
		fmt.Fprintf(&b, "every %d weeks on %s", every, wd)
	case s.Kind == Weekly:
		fmt.Fprintf(&b, "setiap %d minggu hari %s", every, wd)
	case s.Kind == NthWeekday && every == 1 && en:
		fmt.Fprintf(&b, "every %s %s", ord, wd)
	case s.Kind == NthWeekday && every == 1:
		fmt.Fprintf(&b, "setiap %s%s %s", hari(s.Weekday), wd, ord)
	case s.Kind == NthWeekday && en:
		fmt.Fprintf(&b, "every %d months on the %s %s", every, ord, wd)
	case s.Kind == NthWeekday:
		fmt.Fprintf(&b, "setiap %d bulan hari %s %s", every, wd, ord)
	case every == 1 && en:
		fmt.Fprintf(&b, "monthly on day %d", s.Day)
	case every == 1:
		fmt.Fprintf(&b, "setiap tanggal %d", s.Day)
	case en:
		fmt.Fprintf(&b, "every %d months on day %d", every, s.Day)
	default:
		fmt.Fprintf(&b, "setiap %d bulan tanggal %d", every, s.Day)
	}
	if every > 1 && !s.Anchor.IsZero() && s.valid() {
		start := dateOf(s.anchorPeriodDay()).Format(time.DateOnly)
		if en {
			b.WriteString(" starting " + start)
		} else {
			b.WriteString(" mulai " + start)
		}
	}
	fmt.Fprintf(&b, ", %02d:%02d", s.Hour, s.Minute)
	if s.Place != "" {
		if en {
			b.WriteString(", at " + s.Place)
		} else {
			b.WriteString(", di " + s.Place)
		}
	}
	return b.String()
}

// hari is "hari " before Minggu: "setiap Minggu" alone reads as "every
// week", so Sunday is written "setiap hari Minggu".
func hari(d time.Weekday) string {
	if d == time.Sunday {
		return "hari "
	}
	return ""
}

func weekdayName(d time.Weekday, en bool) string {
	if d < time.Sunday || d > time.Saturday {
		return strconv.Itoa(int(d))
	}
	if en {
		return weekdayEN[d]
	}
	return weekdayID[d]
}

func ordinalName(n int, en bool) string {
	names := ordinalID
	if en {
		names = ordinalEN
	}
	if name, ok := names[n]; ok {
		return name
	}
	return strconv.Itoa(n)
}

// valid reports whether Next can compute the schedule: a known Kind,
// Every 0..52 weeks or 0..12 months (0 reads as 1), Hour 0..23, Minute
// 0..59, and for the kind: Weekday 0..6; Nth 1..4 or -1; Day 1..31.
// Fields the kind does not use are not checked.
func (s Schedule) valid() bool {
	if s.Hour < 0 || s.Hour > 23 || s.Minute < 0 || s.Minute > 59 || s.Every < 0 {
		return false
	}
	okWeekday := s.Weekday >= time.Sunday && s.Weekday <= time.Saturday
	switch s.Kind {
	case Weekly:
		return okWeekday && s.Every <= maxEveryWeeks
	case NthWeekday:
		return okWeekday && s.Every <= maxEveryMonths && (s.Nth == lastOrdinal || s.Nth >= 1 && s.Nth <= 4)
	case MonthDay:
		return s.Every <= maxEveryMonths && s.Day >= 1 && s.Day <= 31
	}
	return false
}

// wire is the stored form, version 1. Field names are short and stable;
// zero fields are left out.
type wire struct {
	V       int    `json:"v"`
	Kind    string `json:"kind"`
	Weekday string `json:"weekday,omitempty"`
	Every   int    `json:"every,omitempty"`
	Nth     int    `json:"nth,omitempty"`
	Day     int    `json:"day,omitempty"`
	Time    string `json:"time"`
	Place   string `json:"place,omitempty"`
	Anchor  string `json:"anchor,omitempty"`
}

var kindNames = [...]string{Weekly: "weekly", NthWeekday: "nth_weekday", MonthDay: "month_day"}

// Encode is the stored form of s: one line of JSON, e.g.
//
//	{"v":1,"kind":"nth_weekday","weekday":"tuesday","every":1,"nth":1,"time":"16:00","place":"rumah Bu Sri"}
//
// Decode(Encode(s)) == s for every valid s whose Place is valid UTF-8 and
// whose Anchor is zero or a midnight UTC (as Parse makes them); another
// Anchor decodes to the same date at midnight UTC.
func (s Schedule) Encode() string {
	w := wire{V: 1, Every: s.Every, Nth: s.Nth, Day: s.Day, Place: s.Place,
		Time: fmt.Sprintf("%02d:%02d", s.Hour, s.Minute)}
	if s.Kind >= 0 && int(s.Kind) < len(kindNames) {
		w.Kind = kindNames[s.Kind]
	} else {
		w.Kind = strconv.Itoa(int(s.Kind))
	}
	if s.Kind != MonthDay || s.Weekday != time.Sunday {
		w.Weekday = strings.ToLower(weekdayName(s.Weekday, true))
	}
	if !s.Anchor.IsZero() {
		w.Anchor = s.Anchor.Format(time.DateOnly)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(w) // a struct of strings and ints cannot fail
	return strings.TrimSuffix(buf.String(), "\n")
}

// ErrDecode is wrapped by every Decode error. A stored schedule that does
// not decode is a bug or a corrupt row, not the user's doing, so Decode
// returns a plain error rather than a *bot.Error.
var ErrDecode = errors.New("schedule: cannot decode")

// Decode reads what Encode wrote. Unknown fields, another version, or a
// schedule that is not valid are errors.
func Decode(text string) (Schedule, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	var w wire
	if err := dec.Decode(&w); err != nil {
		return Schedule{}, fmt.Errorf("%w %q: %v", ErrDecode, text, err)
	}
	if dec.More() {
		return Schedule{}, fmt.Errorf("%w %q: trailing data", ErrDecode, text)
	}
	if w.V != 1 {
		return Schedule{}, fmt.Errorf("%w %q: version %d", ErrDecode, text, w.V)
	}
	s := Schedule{Every: w.Every, Nth: w.Nth, Day: w.Day, Place: w.Place}
	kind := -1
	for k, name := range kindNames {
		if name == w.Kind {
			kind = k
		}
	}
	if kind < 0 {
		return Schedule{}, fmt.Errorf("%w %q: kind %q", ErrDecode, text, w.Kind)
	}
	s.Kind = Kind(kind)
	if w.Weekday != "" {
		d, ok := weekdays[w.Weekday]
		if !ok || w.Weekday != strings.ToLower(weekdayEN[d]) {
			return Schedule{}, fmt.Errorf("%w %q: weekday %q", ErrDecode, text, w.Weekday)
		}
		s.Weekday = d
	}
	clock, err := time.Parse("15:04", w.Time)
	if err != nil || len(w.Time) != 5 {
		return Schedule{}, fmt.Errorf("%w %q: time %q", ErrDecode, text, w.Time)
	}
	s.Hour, s.Minute = clock.Hour(), clock.Minute()
	if w.Anchor != "" {
		a, err := time.Parse(time.DateOnly, w.Anchor)
		if err != nil {
			return Schedule{}, fmt.Errorf("%w %q: anchor %q", ErrDecode, text, w.Anchor)
		}
		s.Anchor = a
	}
	if !s.valid() {
		return Schedule{}, fmt.Errorf("%w %q: not a valid schedule", ErrDecode, text)
	}
	return s, nil
}
