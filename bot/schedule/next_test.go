package schedule_test

import (
	"slices"
	"testing"
	"time"

	"kelompok/bot/schedule"
)

var (
	newYork = mustZone("America/New_York")
	berlin  = mustZone("Europe/Berlin")
)

// wall reads "2006-01-02 15:04" in loc.
func wall(t *testing.T, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// instant reads an RFC 3339 time ("2026-03-08T03:30:00-04:00").
func instant(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// checkNext compares s.Next(after, loc, len(want)) with want: same
// instants, all in loc.
func checkNext(t *testing.T, name string, s schedule.Schedule, after time.Time, loc *time.Location, want []time.Time) {
	t.Helper()
	got := s.Next(after, loc, len(want))
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = got[i].Equal(want[i]) && got[i].Location() == loc
	}
	if !ok {
		t.Errorf("%s: Next(%s, %d)\n got %v\nwant %v", name, after, len(want), got, want)
	}
}

func walls(t *testing.T, loc *time.Location, hm string, days ...string) []time.Time {
	t.Helper()
	out := make([]time.Time, len(days))
	for i, d := range days {
		out[i] = wall(t, loc, d+" "+hm)
	}
	return out
}

func TestNextFirstTuesday(t *testing.T) {
	s := nth(1, time.Tuesday, 16, 0)
	// 2026-04-07, 2026-07-07 and 2027-12-07 are first Tuesdays on the 7th.
	want := walls(t, jakarta, "16:00",
		"2026-01-06", "2026-02-03", "2026-03-03", "2026-04-07", "2026-05-05", "2026-06-02",
		"2026-07-07", "2026-08-04", "2026-09-01", "2026-10-06", "2026-11-03", "2026-12-01",
		"2027-01-05", "2027-02-02", "2027-03-02", "2027-04-06", "2027-05-04", "2027-06-01",
		"2027-07-06", "2027-08-03", "2027-09-07", "2027-10-05", "2027-11-02", "2027-12-07")
	checkNext(t, "first Tuesday 2026-2027", s, wall(t, jakarta, "2026-01-01 00:00"), jakarta, want)
	// Strictly after: a meeting at `after` itself is not returned.
	checkNext(t, "at a meeting", s, want[3], jakarta, want[4:8])
	checkNext(t, "a minute before", s, want[3].Add(-time.Minute), jakarta, want[3:6])
	// The same rule in UTC: the same dates, 16:00 UTC.
	checkNext(t, "in UTC", s, wall(t, jakarta, "2026-03-04 00:00"), time.UTC, walls(t, time.UTC, "16:00", "2026-04-07", "2026-05-05"))
}

func TestNextLateInMonth(t *testing.T) {
	after := wall(t, jakarta, "2026-01-01 00:00")
	// Months with five Fridays (Jan, May, Jul, Oct 2026): the fourth is not the last.
	checkNext(t, "fourth Friday", nth(4, time.Friday, 19, 30), after, jakarta, walls(t, jakarta, "19:30",
		"2026-01-23", "2026-02-27", "2026-03-27", "2026-04-24", "2026-05-22", "2026-06-26",
		"2026-07-24", "2026-08-28", "2026-09-25", "2026-10-23", "2026-11-27", "2026-12-25"))
	checkNext(t, "last Friday", nth(-1, time.Friday, 19, 30), after, jakarta, walls(t, jakarta, "19:30",
		"2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24", "2026-05-29", "2026-06-26",
		"2026-07-31", "2026-08-28", "2026-09-25", "2026-10-30", "2026-11-27", "2026-12-25"))
	// 29 February 2028 is a Tuesday: the last and the fifth Tuesday.
	checkNext(t, "last Tuesday, leap February", nth(-1, time.Tuesday, 16, 0), wall(t, jakarta, "2028-02-01 00:00"), jakarta,
		walls(t, jakarta, "16:00", "2028-02-29", "2028-03-28"))
	checkNext(t, "fourth Tuesday, leap February", nth(4, time.Tuesday, 16, 0), wall(t, jakarta, "2028-02-01 00:00"), jakarta,
		walls(t, jakarta, "16:00", "2028-02-22", "2028-03-28"))
}

func TestNextMonthDay(t *testing.T) {
	checkNext(t, "tanggal 29 in 2028", monthDay(29, 10, 0), wall(t, jakarta, "2027-12-31 00:00"), jakarta,
		walls(t, jakarta, "10:00", "2028-01-29", "2028-02-29", "2028-03-29", "2028-04-29"))
	checkNext(t, "tanggal 29 in 2027", monthDay(29, 10, 0), wall(t, jakarta, "2027-01-29 10:00"), jakarta,
		walls(t, jakarta, "10:00", "2027-02-28", "2027-03-29"))
	checkNext(t, "tanggal 31 in 2028", monthDay(31, 10, 0), wall(t, jakarta, "2028-01-01 00:00"), jakarta,
		walls(t, jakarta, "10:00", "2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31", "2028-06-30"))
	checkNext(t, "tanggal 31 in 2027", monthDay(31, 10, 0), wall(t, jakarta, "2027-02-01 00:00"), jakarta,
		walls(t, jakarta, "10:00", "2027-02-28", "2027-03-31", "2027-04-30"))
	checkNext(t, "tanggal 30, February", monthDay(30, 10, 0), wall(t, jakarta, "2026-02-01 00:00"), jakarta,
		walls(t, jakarta, "10:00", "2026-02-28", "2026-03-30"))
	checkNext(t, "across the year", monthDay(5, 10, 0), wall(t, jakarta, "2026-12-05 10:00"), jakarta,
		walls(t, jakarta, "10:00", "2027-01-05", "2027-02-05"))
}

func TestNextEveryTwoWeeksIsStable(t *testing.T) {
	s := every(weekly(time.Monday, 9, 0), 2, date(2026, 3, 9))
	all := walls(t, jakarta, "09:00", "2026-02-09", "2026-02-23", "2026-03-09", "2026-03-23", "2026-04-06",
		"2026-04-20", "2026-05-04", "2026-05-18")
	for _, tc := range []struct {
		after string
		first int // index in all
	}{
		{"2026-02-01 00:00", 0}, // before the anchor: the same fortnights, counted back
		{"2026-03-01 00:00", 2},
		{"2026-03-09 08:59", 2},
		{"2026-03-09 09:00", 3}, // strictly after
		{"2026-03-10 00:00", 3},
		{"2026-03-16 09:00", 3}, // an off week's Monday
		{"2026-03-22 23:59", 3},
		{"2026-03-23 09:01", 4},
		{"2026-04-30 12:00", 6},
	} {
		checkNext(t, "every 2 weeks after "+tc.after, s, wall(t, jakarta, tc.after), jakarta, all[tc.first:tc.first+2])
	}
	// Across a year end, and the same anchor written as local midnight.
	checkNext(t, "year end", s, wall(t, jakarta, "2026-12-20 00:00"), jakarta, walls(t, jakarta, "09:00", "2026-12-28", "2027-01-11", "2027-01-25"))
	local := every(weekly(time.Monday, 9, 0), 2, time.Date(2026, 3, 9, 0, 0, 0, 0, jakarta))
	checkNext(t, "anchor at local midnight", local, wall(t, jakarta, "2026-03-10 00:00"), jakarta, all[3:5])
	// Any day of the meeting week anchors the same weeks (weeks run Monday to Sunday).
	sunday := every(weekly(time.Monday, 9, 0), 2, date(2026, 3, 15))
	checkNext(t, "anchor on the week's Sunday", sunday, wall(t, jakarta, "2026-03-10 00:00"), jakarta, all[3:5])
	// A Sunday meeting every 3 weeks.
	sun3 := every(weekly(time.Sunday, 8, 0), 3, date(2026, 3, 8))
	checkNext(t, "Sunday every 3 weeks", sun3, wall(t, jakarta, "2026-03-09 00:00"), jakarta, walls(t, jakarta, "08:00", "2026-03-29", "2026-04-19"))
}

func TestNextEveryNMonths(t *testing.T) {
	after := wall(t, jakarta, "2026-01-01 00:00")
	checkNext(t, "first Tuesday every 2 months", every(nth(1, time.Tuesday, 16, 0), 2, date(2026, 4, 7)), after, jakarta,
		walls(t, jakarta, "16:00", "2026-02-03", "2026-04-07", "2026-06-02", "2026-08-04"))
	checkNext(t, "day 15 every 3 months", every(monthDay(15, 10, 0), 3, date(2026, 3, 15)), after, jakarta,
		walls(t, jakarta, "10:00", "2026-03-15", "2026-06-15", "2026-09-15", "2026-12-15", "2027-03-15"))
}

func TestNextDST(t *testing.T) {
	// New York springs forward on 2026-03-08 (02:00 -> 03:00) and falls back
	// on 2026-11-01 (02:00 -> 01:00).
	checkNext(t, "NY Sunday 02:30, spring", weekly(time.Sunday, 2, 30), wall(t, newYork, "2026-03-01 00:00"), newYork, []time.Time{
		instant(t, "2026-03-01T02:30:00-05:00"),
		instant(t, "2026-03-08T03:30:00-04:00"), // 02:30 does not exist: moved forward by the gap
		instant(t, "2026-03-15T02:30:00-04:00"),
	})
	checkNext(t, "NY Sunday 01:30, fall", weekly(time.Sunday, 1, 30), wall(t, newYork, "2026-10-20 00:00"), newYork, []time.Time{
		instant(t, "2026-10-25T01:30:00-04:00"),
		instant(t, "2026-11-01T01:30:00-04:00"), // 01:30 happens twice: the first
		instant(t, "2026-11-08T01:30:00-05:00"),
	})
	// Strictly after the first 01:30: the repeat is not a second meeting.
	checkNext(t, "NY after the first 01:30", weekly(time.Sunday, 1, 30), instant(t, "2026-11-01T01:30:00-04:00"), newYork,
		[]time.Time{instant(t, "2026-11-08T01:30:00-05:00")})
	checkNext(t, "NY Saturday 16:00 keeps its wall time", weekly(time.Saturday, 16, 0), wall(t, newYork, "2026-03-01 00:00"), newYork, []time.Time{
		instant(t, "2026-03-07T16:00:00-05:00"),
		instant(t, "2026-03-14T16:00:00-04:00"),
	})
	checkNext(t, "NY tanggal 8 02:30", monthDay(8, 2, 30), wall(t, newYork, "2026-02-10 00:00"), newYork, []time.Time{
		instant(t, "2026-03-08T03:30:00-04:00"),
		instant(t, "2026-04-08T02:30:00-04:00"),
	})
	// Berlin: forward on 2026-03-29 (02:00 -> 03:00), back on 2026-10-25 (03:00 -> 02:00).
	checkNext(t, "Berlin last Sunday 02:30, spring", nth(-1, time.Sunday, 2, 30), wall(t, berlin, "2026-02-01 00:00"), berlin, []time.Time{
		instant(t, "2026-02-22T02:30:00+01:00"),
		instant(t, "2026-03-29T03:30:00+02:00"),
		instant(t, "2026-04-26T02:30:00+02:00"),
	})
	checkNext(t, "Berlin last Sunday 02:30, autumn", nth(-1, time.Sunday, 2, 30), wall(t, berlin, "2026-10-01 00:00"), berlin, []time.Time{
		instant(t, "2026-10-25T02:30:00+02:00"), // the first 02:30 (CEST)
		instant(t, "2026-11-29T02:30:00+01:00"),
	})
	checkNext(t, "Berlin every 2 weeks across the change", every(weekly(time.Sunday, 10, 0), 2, date(2026, 3, 22)), wall(t, berlin, "2026-03-20 00:00"), berlin, []time.Time{
		instant(t, "2026-03-22T10:00:00+01:00"),
		instant(t, "2026-04-05T10:00:00+02:00"),
	})
	// Jakarta has no DST: the same 02:30 every week.
	checkNext(t, "Jakarta Sunday 02:30", weekly(time.Sunday, 2, 30), wall(t, jakarta, "2026-03-01 00:00"), jakarta, []time.Time{
		instant(t, "2026-03-01T02:30:00+07:00"),
		instant(t, "2026-03-08T02:30:00+07:00"),
		instant(t, "2026-03-15T02:30:00+07:00"),
	})
	// `after` in another zone is the same instant.
	checkNext(t, "after given in UTC", weekly(time.Monday, 6, 0), instant(t, "2026-03-08T23:30:00Z"), jakarta, []time.Time{
		instant(t, "2026-03-16T06:00:00+07:00"), // 2026-03-09 06:30 Jakarta is after 06:00 that day
	})
}

func TestNextEdges(t *testing.T) {
	after := wall(t, jakarta, "2026-03-04 10:00")
	ok := weekly(time.Monday, 9, 0)
	for _, n := range []int{0, -1} {
		if got := ok.Next(after, jakarta, n); got != nil {
			t.Errorf("Next(n=%d) = %v, want nil", n, got)
		}
	}
	invalid := map[string]schedule.Schedule{
		"hour 24":      {Kind: schedule.Weekly, Hour: 24},
		"minute 60":    {Kind: schedule.Weekly, Minute: 60},
		"weekday 7":    {Kind: schedule.Weekly, Weekday: 7},
		"nth 5":        {Kind: schedule.NthWeekday, Nth: 5},
		"nth 0":        {Kind: schedule.NthWeekday},
		"day 0":        {Kind: schedule.MonthDay},
		"day 32":       {Kind: schedule.MonthDay, Day: 32},
		"kind 9":       {Kind: 9},
		"every -1":     {Kind: schedule.Weekly, Every: -1},
		"every 53 wks": {Kind: schedule.Weekly, Every: 53},
		"every 13 mos": {Kind: schedule.MonthDay, Day: 1, Every: 13},
	}
	for name, s := range invalid {
		if got := s.Next(after, jakarta, 3); got != nil {
			t.Errorf("%s: Next = %v, want nil", name, got)
		}
	}
	// Every 0 reads as 1; a nil location is UTC.
	zero := ok
	zero.Every = 0
	if a, b := zero.Next(after, jakarta, 5), ok.Next(after, jakarta, 5); !slices.Equal(a, b) {
		t.Errorf("Every 0: %v, want %v", a, b)
	}
	if a, b := ok.Next(after, nil, 3), ok.Next(after, time.UTC, 3); !slices.Equal(a, b) {
		t.Errorf("nil loc: %v, want %v", a, b)
	}
}
