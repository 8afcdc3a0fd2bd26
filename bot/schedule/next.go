package schedule

import "time"

// Next returns the first n meeting start times strictly after `after`, in
// loc (nil is UTC). It returns nil for n <= 0 or a schedule that is not
// valid (see valid). The caller keeps n small: the slice is n long.
//
// Dates are counted on the calendar in loc; each meeting's instant is the
// wall-clock time Hour:Minute of its date in loc, never "7×24 hours after the
// last one", so a DST change does not move the meeting's local time.
//
// Wall times a DST change skips or repeats are settled the way calendars do
// (RFC 5545), not as time.Date happens to (which picks by the zone's side of
// UTC): a skipped time moves forward by the gap (a 02:30 meeting on the
// spring-forward day in America/New_York or Europe/Berlin is at 03:30); a
// repeated time is its first occurrence (01:30 on the fall-back day in New
// York is 01:30 EDT, 02:30 in Berlin is 02:30 CEST).
//
// MonthDay 29, 30 or 31 meets on the last day of a shorter month (29 in
// February only in leap years). NthWeekday counts the weekday's days of the
// month (the 4th may be the 28th; "last" is within the final 7 days). With
// Every > 1 only weeks (Monday to Sunday) or months a multiple of Every
// from Anchor's count, so the sequence does not depend on `after`.
func (s Schedule) Next(after time.Time, loc *time.Location, n int) []time.Time {
	if n <= 0 || !s.valid() {
		return nil
	}
	if loc == nil {
		loc = time.UTC
	}
	out := make([]time.Time, 0, min(n, 64))
	s.each(after, loc, s.every(), func(_ int64, at time.Time) bool {
		out = append(out, at)
		return len(out) < n
	})
	return out
}

// each calls yield with the date (a civil day number) and instant of each
// meeting after `after`, in order, while yield returns true.
func (s Schedule) each(after time.Time, loc *time.Location, every int, yield func(day int64, at time.Time) bool) {
	// Start a day early: a meeting late on the day before, moved forward
	// over a DST gap, could still be after `after`.
	d0 := civil(after.In(loc)) - 1
	if s.Kind == Weekly {
		d := d0 + mod(int64(s.Weekday)-int64(weekdayOf(d0)), 7)
		if every > 1 {
			weeks := (weekStart(d) - weekStart(s.anchorDay())) / 7
			if k := mod(weeks, int64(every)); k != 0 {
				d += 7 * (int64(every) - k)
			}
		}
		for ; ; d += 7 * int64(every) {
			if at := wallTime(d, s.Hour, s.Minute, loc); at.After(after) && !yield(d, at) {
				return
			}
		}
	}
	y, m, _ := dateOf(d0).Date()
	mi := int64(y)*12 + int64(m) - 1
	if every > 1 {
		ay, am, _ := dateOf(s.anchorDay()).Date()
		if k := mod(mi-(int64(ay)*12+int64(am)-1), int64(every)); k != 0 {
			mi += int64(every) - k
		}
	}
	for ; ; mi += int64(every) {
		d := s.dayInMonth(int((mi-mod(mi, 12))/12), time.Month(mod(mi, 12)+1))
		if at := wallTime(d, s.Hour, s.Minute, loc); at.After(after) && !yield(d, at) {
			return
		}
	}
}

// dayInMonth is the meeting date in month y-m for the monthly kinds.
func (s Schedule) dayInMonth(y int, m time.Month) int64 {
	first := civil(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC))
	last := int64(daysIn(y, m))
	if s.Kind == MonthDay {
		return first + min(int64(s.Day), last) - 1
	}
	if s.Nth == lastOrdinal {
		end := first + last - 1
		return end - mod(int64(weekdayOf(end))-int64(s.Weekday), 7)
	}
	firstHit := first + mod(int64(s.Weekday)-int64(weekdayOf(first)), 7)
	return firstHit + 7*int64(s.Nth-1)
}

// firstAfter is the date of the first meeting after now, as if Every were 1.
func (s Schedule) firstAfter(now time.Time, loc *time.Location) int64 {
	var day int64
	s.each(now, loc, 1, func(d int64, _ time.Time) bool {
		day = d
		return false
	})
	return day
}

// firstOnOrAfter is the first meeting date on or after civil day d, as if
// Every were 1.
func (s Schedule) firstOnOrAfter(d int64) int64 {
	if s.Kind == Weekly {
		return d + mod(int64(s.Weekday)-int64(weekdayOf(d)), 7)
	}
	y, m, _ := dateOf(d).Date()
	if md := s.dayInMonth(y, m); md >= d {
		return md
	}
	y, m, _ = time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).Date()
	return s.dayInMonth(y, m)
}

// anchorPeriodDay is the meeting date in Anchor's week or month: the canonical
// form of Anchor, as String writes it.
func (s Schedule) anchorPeriodDay() int64 {
	a := s.anchorDay()
	if s.Kind == Weekly {
		return weekStart(a) + mod(int64(s.Weekday)-1, 7)
	}
	y, m, _ := dateOf(a).Date()
	return s.dayInMonth(y, m)
}

func (s Schedule) anchorDay() int64 { return civil(s.Anchor) }

// wallTime is the instant of h:m on civil day d in loc, with DST gaps and
// overlaps settled as Next documents.
func wallTime(d int64, h, m int, loc *time.Location) time.Time {
	y, mo, dd := dateOf(d).Date()
	t := time.Date(y, mo, dd, h, m, 0, 0, loc)
	wall := time.Date(y, mo, dd, h, m, 0, 0, time.UTC).Unix()
	var first, latest time.Time
	for _, probe := range [...]time.Time{t, t.Add(-12 * time.Hour), t.Add(12 * time.Hour)} {
		_, off := probe.Zone()
		c := time.Unix(wall-int64(off), 0).In(loc)
		if latest.IsZero() || c.After(latest) {
			latest = c
		}
		cy, cm, cd := c.Date()
		ch, cmin, _ := c.Clock()
		if cy == y && cm == mo && cd == dd && ch == h && cmin == m && (first.IsZero() || c.Before(first)) {
			first = c
		}
	}
	if !first.IsZero() {
		return first
	}
	return latest // in a gap: the later reading is the wall time moved forward
}

// Calendar arithmetic on civil day numbers (days since 1970-01-01). Only
// dates are computed this way; instants always come from wallTime.

// civil is the day number of t's date in t's own location.
func civil(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// dateOf is civil day d at midnight UTC.
func dateOf(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }

func weekdayOf(d int64) time.Weekday { return time.Weekday(mod(d+4, 7)) } // 1970-01-01 was a Thursday

// weekStart is the Monday on or before d.
func weekStart(d int64) int64 { return d - mod(int64(weekdayOf(d))+6, 7) }

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func mod(a, b int64) int64 {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}
