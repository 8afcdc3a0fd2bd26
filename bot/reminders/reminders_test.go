package reminders

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/schedule"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("zone %s: %v", name, err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// render writes firings as "kind target due(UTC)" lines.
func render(fs []Firing) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s %s\n", f.Kind, f.Target, f.Due.UTC().Format("2006-01-02 15:04"))
	}
	return b.String()
}

var firstTuesday = schedule.Schedule{Kind: schedule.NthWeekday, Weekday: time.Tuesday, Nth: 1, Hour: 16}

func TestPlan(t *testing.T) {
	only := func(s Settings) Settings { return s }
	meetingsOnly := Settings{MeetingBefore: []time.Duration{24 * time.Hour, time.Hour}, Installments: Off}
	sundaySummary := Settings{Summary: &Weekly{Weekday: time.Sunday, Hour: 18}, Installments: Off}
	weeklySunday := schedule.Schedule{Kind: schedule.Weekly, Weekday: time.Sunday, Hour: 16}
	cases := []struct {
		name     string
		zone     string
		sched    *schedule.Schedule
		settings Settings
		inst     []Installment
		from, to string // UTC
		want     string
	}{
		{name: "first Tuesday in Jakarta: day before and hour before", zone: "Asia/Jakarta", sched: &firstTuesday,
			settings: meetingsOnly, from: "2026-11-27 00:00", to: "2027-01-10 00:00",
			// Tue 1 Dec 2026 16:00 WIB = 09:00 UTC; Tue 5 Jan 2027.
			want: "meeting_before 1440 2026-11-30 09:00\nmeeting_before 60 2026-12-01 08:00\n" +
				"meeting_before 1440 2027-01-04 09:00\nmeeting_before 60 2027-01-05 08:00\n"},
		{name: "day before across the autumn change in Berlin is 25 hours", zone: "Europe/Berlin", sched: &weeklySunday,
			settings: only(Settings{MeetingBefore: []time.Duration{24 * time.Hour}, Installments: Off}),
			from:     "2026-10-20 00:00", to: "2026-10-26 00:00",
			// Sun 25 Oct 16:00 CET = 15:00 UTC; Sat 24 Oct 16:00 CEST = 14:00 UTC.
			want: "meeting_before 1440 2026-10-24 14:00\n"},
		{name: "day before across the spring change in Berlin is 23 hours", zone: "Europe/Berlin", sched: &weeklySunday,
			settings: only(Settings{MeetingBefore: []time.Duration{24 * time.Hour}, Installments: Off}),
			from:     "2026-03-25 00:00", to: "2026-03-30 00:00",
			want: "meeting_before 1440 2026-03-28 15:00\n"},
		{name: "summary keeps 18:00 local across the New York change", zone: "America/New_York",
			settings: sundaySummary, from: "2026-10-20 00:00", to: "2026-11-09 00:00",
			want: "summary 2026-W43 2026-10-25 22:00\nsummary 2026-W44 2026-11-01 23:00\nsummary 2026-W45 2026-11-08 23:00\n"},
		{name: "summary at the bounds: from excluded, to included", zone: "Asia/Jakarta",
			settings: sundaySummary, from: "2026-11-29 11:00", to: "2026-12-06 11:00",
			want: "summary 2026-W49 2026-12-06 11:00\n"},
		{name: "missed-meeting nudge three hours after the start", zone: "Asia/Jakarta", sched: &firstTuesday,
			settings: Settings{Missed: true, Installments: Off}, from: "2026-11-27 00:00", to: "2026-12-31 00:00",
			want: "meeting_missed 2026-12-01 2026-12-01 12:00\n"},
		{name: "installments: 3 days before, on the day, the day after, at 09:00", zone: "Asia/Jakarta",
			settings: Settings{Installments: Group},
			inst:     []Installment{{Loan: 3, N: 2, Due: time.Date(2026, 12, 10, 0, 0, 0, 0, zone(t, "Asia/Jakarta"))}},
			from:     "2026-12-01 00:00", to: "2026-12-31 00:00",
			want: "installment_before P3/2 2026-12-07 02:00\ninstallment_due P3/2 2026-12-10 02:00\n" +
				"installment_overdue P3/2 2026-12-11 02:00\n"},
		{name: "installments at 09:00 local across the Berlin autumn change", zone: "Europe/Berlin",
			settings: Settings{Installments: Private},
			inst:     []Installment{{Loan: 7, N: 1, Due: time.Date(2026, 10, 26, 0, 0, 0, 0, zone(t, "Europe/Berlin"))}},
			from:     "2026-10-01 00:00", to: "2026-10-31 00:00",
			want: "installment_before P7/1 2026-10-23 07:00\ninstallment_due P7/1 2026-10-26 08:00\n" +
				"installment_overdue P7/1 2026-10-27 08:00\n"},
		{name: "installments of a loan dated in Jayapura, group now in Jakarta: the loan's date at 09:00 WIB", zone: "Asia/Jakarta",
			settings: Settings{Installments: Group},
			inst:     []Installment{{Loan: 1, N: 1, Due: time.Date(2026, 12, 10, 0, 0, 0, 0, zone(t, "Asia/Jayapura"))}},
			from:     "2026-12-01 00:00", to: "2026-12-31 00:00",
			want: "installment_before P1/1 2026-12-07 02:00\ninstallment_due P1/1 2026-12-10 02:00\n" +
				"installment_overdue P1/1 2026-12-11 02:00\n"},
		{name: "installments off", zone: "Asia/Jakarta", settings: Settings{Installments: Off},
			inst: []Installment{{Loan: 3, N: 2, Due: time.Date(2026, 12, 10, 0, 0, 0, 0, zone(t, "Asia/Jakarta"))}},
			from: "2026-12-01 00:00", to: "2026-12-31 00:00", want: ""},
		{name: "everything off", zone: "Asia/Jakarta", sched: &firstTuesday, settings: Settings{Installments: Off},
			from: "2026-11-27 00:00", to: "2027-12-31 00:00", want: ""},
		{name: "empty span", zone: "Asia/Jakarta", sched: &firstTuesday, settings: Defaults(),
			from: "2026-12-01 00:00", to: "2026-12-01 00:00", want: ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := Inputs{Loc: zone(t, c.zone), Settings: c.settings, Schedule: c.sched, Installments: c.inst}
			got := render(Plan(in, utc(c.from), utc(c.to)))
			if got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// A month of a first-Tuesday group with every default, in a DST zone: the
// plan over the month equals the union of the plans over any split of it
// (what a restart in the middle relies on).
func TestPlanSplits(t *testing.T) {
	loc := zone(t, "America/New_York")
	in := Inputs{Loc: loc, Settings: Defaults(), Schedule: &firstTuesday,
		Installments: []Installment{{Loan: 1, N: 1, Due: time.Date(2026, 11, 4, 0, 0, 0, 0, loc)}}}
	from, to := utc("2026-10-25 00:00"), utc("2026-12-05 00:00")
	whole := render(Plan(in, from, to))
	if strings.Count(whole, "\n") < 10 {
		t.Fatalf("plan too small to test:\n%s", whole)
	}
	for cut := from.Add(time.Hour); cut.Before(to); cut = cut.Add(7 * time.Hour) {
		if got := render(Plan(in, from, cut)) + render(Plan(in, cut, to)); got != whole {
			t.Fatalf("split at %v:\n%s\nwant\n%s", cut, got, whole)
		}
	}
}

func TestGrace(t *testing.T) {
	m := utc("2026-12-01 09:00")
	cases := []struct {
		f    Firing
		late time.Duration
		want bool
	}{
		{Firing{Kind: MeetingBefore, Due: m.Add(-24 * time.Hour), Meeting: m}, 11 * time.Hour, false},
		{Firing{Kind: MeetingBefore, Due: m.Add(-24 * time.Hour), Meeting: m}, 13 * time.Hour, true},
		{Firing{Kind: MeetingBefore, Due: m.Add(-time.Hour), Meeting: m}, 20 * time.Minute, false},
		{Firing{Kind: MeetingBefore, Due: m.Add(-time.Hour), Meeting: m}, 40 * time.Minute, true},
		{Firing{Kind: Summary, Due: m}, 5 * time.Hour, false},
		{Firing{Kind: Summary, Due: m}, 7 * time.Hour, true},
		{Firing{Kind: InstallmentOverdue, Due: m}, 47 * time.Hour, false},
		{Firing{Kind: MeetingMissed, Due: m}, 25 * time.Hour, true},
		{Firing{Kind: "unknown", Due: m}, time.Second, true},
	}
	for _, c := range cases {
		if got := Late(c.f, c.f.Due.Add(c.late)); got != c.want {
			t.Errorf("%s %s late by %v: Late = %v, want %v", c.f.Kind, c.f.Due.Sub(c.f.Meeting), c.late, got, c.want)
		}
	}
}

func TestSettingsForms(t *testing.T) {
	def := Defaults()
	if got := ParseSettings("", "", "", ""); render2(got) != render2(def) {
		t.Errorf("empty forms: %s, want defaults %s", render2(got), render2(def))
	}
	s := ParseSettings("60,1440,60", "3 07:30", "private", "off")
	if got, want := render2(s), "1440,60|3 07:30|private|false"; got != want {
		t.Errorf("got %s want %s", got, want)
	}
	s = ParseSettings("off", "off", "off", "on")
	if got, want := render2(s), "off|off|off|true"; got != want {
		t.Errorf("got %s want %s", got, want)
	}
	for _, bad := range []string{"x", "0", "-5", "20000", "60,"} {
		if _, ok := DecodeOffsets(bad); ok {
			t.Errorf("DecodeOffsets(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"7 18:00", "0 24:00", "0 18:60", "018:00", "x 1:00", ""} {
		if _, ok := DecodeWeekly(bad); ok {
			t.Errorf("DecodeWeekly(%q) accepted", bad)
		}
	}
	r := bot.DefaultRules()
	r.Apply(bot.RuleReminderSummary, "off")
	if FromRules(r).Summary != nil {
		t.Error("summary off in the rules is not off")
	}
}

func render2(s Settings) string {
	return EncodeOffsets(s.MeetingBefore) + "|" + EncodeWeekly(s.Summary) + "|" + string(s.Installments) + "|" + fmt.Sprint(s.Missed)
}

func TestParseOffsets(t *testing.T) {
	ok := []struct{ in, want string }{
		{"1 hari 1 jam", "1440,60"},
		{"24j, 1j", "1440,60"},
		{"2 jam dan 30 menit", "120,30"},
		{"1d 1h", "1440,60"},
		{"30 min, 1 day", "1440,30"},
		{"1 jam 1 jam", "60"},
		{"7 hari", "10080"},
		{"90m", "90"},
	}
	for _, c := range ok {
		got, err := ParseOffsets(c.in)
		if err != nil {
			t.Errorf("ParseOffsets(%q): %v", c.in, err)
			continue
		}
		if EncodeOffsets(got) != c.want {
			t.Errorf("ParseOffsets(%q) = %s, want %s", c.in, EncodeOffsets(got), c.want)
		}
	}
	bad := []struct{ in, key string }{
		{"", KeyBadOffsets},
		{"besok", KeyBadOffsets},
		{"1", KeyBadOffsets},
		{"0 jam", KeyBadOffsets},
		{"3 minggu", KeyBadOffsets},
		{"8 hari", KeyTooFar},
		{"99999999 menit", KeyBadOffsets},
		{"1j 2j 3j 4j 5j", KeyBadOffsets},
	}
	for _, c := range bad {
		_, err := ParseOffsets(c.in)
		be, isBot := bot.AsError(err)
		if !isBot || be.Key != c.key {
			t.Errorf("ParseOffsets(%q) = %v, want %s", c.in, err, c.key)
		}
	}
}

func FuzzParseOffsets(f *testing.F) {
	for _, s := range []string{"1 hari 1 jam", "24j, 1j", "2 jam dan 30 menit", "1d 1h", "8 hari", "", "1j 2j 3j 4j 5j", "0m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOffsets(s)
		if err != nil {
			if _, ok := bot.AsError(err); !ok {
				t.Fatalf("ParseOffsets(%q): a plain error %v", s, err)
			}
			return
		}
		if len(o) == 0 || len(o) > 4 {
			t.Fatalf("ParseOffsets(%q) = %v", s, o)
		}
		back, ok := DecodeOffsets(EncodeOffsets(o))
		if !ok || EncodeOffsets(back) != EncodeOffsets(o) {
			t.Fatalf("ParseOffsets(%q) = %v does not round-trip", s, o)
		}
		for _, d := range o {
			if d <= 0 || d > MaxOffset {
				t.Fatalf("ParseOffsets(%q): offset %v", s, d)
			}
		}
	})
}

// No firing's grace is longer than the look-back: a start looks back far
// enough to send every firing still in its grace.
func TestGraceWithinLookback(t *testing.T) {
	m := utc("2026-12-01 09:00")
	for _, k := range Kinds {
		f := Firing{Kind: k, Due: m.Add(-MaxOffset), Meeting: m}
		if g := Grace(f); g > Lookback || g <= 0 {
			t.Errorf("%s: grace %v, look-back %v", k, g, Lookback)
		}
	}
	if g := Grace(Firing{Kind: MeetingBefore, Due: m.Add(-30 * 24 * time.Hour), Meeting: m}); g != Lookback {
		t.Errorf("a grace longer than the look-back is not capped: %v", g)
	}
}
