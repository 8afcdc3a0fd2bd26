package schedule_test

import (
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/schedule"
)

// fuzzZones: no DST, DST west and east of UTC, a 30-minute DST
// (Lord Howe), a DST change at midnight (Santiago), a :45 offset.
var fuzzZones = []*time.Location{
	jakarta, newYork, berlin, time.UTC,
	mustZone("Australia/Lord_Howe"), mustZone("America/Santiago"), mustZone("Asia/Kathmandu"),
}

var errorKeys = map[string]bool{
	schedule.KeyEmpty: true, schedule.KeyNoDay: true, schedule.KeyNoTime: true,
	schedule.KeyBadTime: true, schedule.KeyBadDay: true, schedule.KeyAmbiguous: true,
}

// fuzzTime maps any int64 to an instant between 1950 and 2150.
func fuzzTime(sec int64) time.Time {
	const start, span = -631152000, 200 * 365 * 86400
	return time.Unix(start+((sec%span)+span)%span, 0)
}

func dayNumber(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func lastDay(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// meetingDate is the date a meeting at `at` belongs to: its own local date,
// or, for a wall time a DST gap skips, the date whose Hour:Minute does not
// exist; the meeting is then moved forward, by at most 3 hours.
func meetingDate(t *testing.T, s schedule.Schedule, at time.Time, loc *time.Location) (int, time.Month, int) {
	t.Helper()
	local := at.In(loc)
	y, m, d := local.Date()
	if local.Hour() == s.Hour && local.Minute() == s.Minute {
		return y, m, d
	}
	shown := time.Date(y, m, d, local.Hour(), local.Minute(), local.Second(), 0, time.UTC)
	for _, back := range []int{0, -1} {
		dy, dm, dd := time.Date(y, m, d+back, 0, 0, 0, 0, time.UTC).Date()
		if probe := time.Date(dy, dm, dd, s.Hour, s.Minute, 0, 0, loc); probe.Hour() == s.Hour && probe.Minute() == s.Minute {
			continue // that wall time exists: no gap on this date
		}
		if moved := shown.Sub(time.Date(dy, dm, dd, s.Hour, s.Minute, 0, 0, time.UTC)); moved > 0 && moved <= 3*time.Hour {
			return dy, dm, dd
		}
	}
	t.Fatalf("%+v: meeting %s is not at %02d:%02d local and no DST gap explains it", s, local, s.Hour, s.Minute)
	return 0, 0, 0
}

// FuzzParse: Parse never panics; an error is a *bot.Error with a known key
// and an Input; a schedule is valid: Next gives n strictly increasing times
// after `after`, in loc, each at Hour:Minute local (but over a DST gap) on a
// date that fits the rule, spaced by Every, continuing the same sequence from
// a later `after`; it survives String (both languages, parsed at another
// time and zone) and Encode/Decode unchanged. Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, in := range roundTripInputs {
		f.Add(in, int64(1772593200), int64(1772593200), uint8(0))
	}
	f.Add("2 minggu sekali hari Minggu jam 2.30 pagi", int64(1772900000), int64(1772900000), uint8(1))
	f.Add("last Sunday 02:30", int64(1772900000), int64(1774000000), uint8(2))
	f.Add("tanggal 31 setiap 2 bulan jam 0:00", int64(1788000000), int64(1788000000), uint8(5))
	f.Fuzz(func(t *testing.T, text string, nowSec, afterSec int64, zone uint8) {
		loc := fuzzZones[int(zone)%len(fuzzZones)]
		now, after := fuzzTime(nowSec), fuzzTime(afterSec)
		s, err := schedule.Parse(text, now, loc)
		if err != nil {
			e, ok := bot.AsError(err)
			if !ok || !errorKeys[e.Key] {
				t.Fatalf("Parse(%q): unexpected error %v", text, err)
			}
			if _, ok := e.Args["Input"].(string); !ok || len(e.Args) != 1 {
				t.Fatalf("Parse(%q): %v: want exactly the arg Input", text, err)
			}
			return
		}
		const n = 6
		ts := s.Next(after, loc, n)
		if len(ts) != n {
			t.Fatalf("Parse(%q) = %+v: Next gave %d times, want %d", text, s, len(ts), n)
		}
		prev := after
		var prevDay, prevMonth int64
		every := int64(max(s.Every, 1))
		for i, at := range ts {
			if !at.After(prev) || at.Location() != loc {
				t.Fatalf("%q %+v: Next(%s) = %v: not increasing after `after` in %s", text, s, after, ts, loc)
			}
			prev = at
			y, m, d := meetingDate(t, s, at, loc)
			wd := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Weekday()
			day, month := dayNumber(y, m, d), int64(y)*12+int64(m)
			switch s.Kind {
			case schedule.Weekly:
				if wd != s.Weekday || i > 0 && day-prevDay != 7*every {
					t.Fatalf("%q %+v: %v: wrong weekday or spacing at %d", text, s, ts, i)
				}
			case schedule.NthWeekday:
				ok := wd == s.Weekday && (s.Nth > 0 && (d-1)/7+1 == s.Nth || s.Nth == -1 && d+7 > lastDay(y, m))
				if !ok || i > 0 && month-prevMonth != every {
					t.Fatalf("%q %+v: %v: wrong day or spacing at %d", text, s, ts, i)
				}
			case schedule.MonthDay:
				if d != min(s.Day, lastDay(y, m)) || i > 0 && month-prevMonth != every {
					t.Fatalf("%q %+v: %v: wrong day or spacing at %d", text, s, ts, i)
				}
			default:
				t.Fatalf("%q: kind %d", text, s.Kind)
			}
			prevDay, prevMonth = day, month
		}
		if again := s.Next(ts[0], loc, n-1); len(again) != n-1 || !again[0].Equal(ts[1]) || !again[n-2].Equal(ts[n-1]) {
			t.Fatalf("%q %+v: Next from the first meeting %v is not the rest of %v", text, s, again, ts)
		}
		for _, lang := range []string{"id", "en"} {
			out := s.String(lang)
			back, err := schedule.Parse(out, after, fuzzZones[(int(zone)+1)%len(fuzzZones)])
			if err != nil || back != s {
				t.Fatalf("%q = %+v; String(%s) = %q parses to %+v, %v", text, s, lang, out, back, err)
			}
		}
		if back, err := schedule.Decode(s.Encode()); err != nil || back != s {
			t.Fatalf("%q = %+v; Decode(%s) = %+v, %v", text, s, s.Encode(), back, err)
		}
	})
}
