// Package schedule reads when and where a group meets from the words people
// type ("setiap Selasa pertama jam 4 sore di rumah Bu Sri", "every 2 weeks on
// Monday 09:00"), lists the next meeting times, renders the rule back in
// Indonesian or English, and stores it in a compact text form.
//
// The package is pure: no I/O, no clock. Parse takes `now` for the one thing
// that needs it (which weeks an "every 2 weeks" rule falls on), and Next takes
// the group's time zone.
//
// Files: schedule.go (types, errors), words.go (vocabulary), tokens.go
// (splitting text into words), parse.go (place, then the rule), read.go (the
// rule's words), clock.go (time of day), next.go (meeting dates), format.go
// (String, Encode, Decode).
package schedule

import (
	"time"

	"kelompok/bot"
)

// Kind says which calendar rule a Schedule follows.
type Kind int

const (
	// Weekly meets on Weekday every Every weeks.
	Weekly Kind = iota
	// NthWeekday meets on the Nth Weekday of every Every months
	// ("Selasa pertama", "last Friday").
	NthWeekday
	// MonthDay meets on day Day of every Every months; a month without that
	// day meets on its last day.
	MonthDay
)

// Schedule is a group's meeting rule.
//
// The zero Every is read as 1. Anchor holds a calendar date only: its year,
// month and day (read in Anchor's own location) count, nothing else. Parse
// stores it at midnight UTC so that schedules compare with == and encode
// exactly; a date at local midnight means the same.
type Schedule struct {
	Kind         Kind         // Weekly, NthWeekday, MonthDay
	Weekday      time.Weekday // Weekly, NthWeekday
	Every        int          // Weekly: every N weeks (1 = every week); MonthDay/NthWeekday: every N months (1)
	Nth          int          // NthWeekday: 1..4, or -1 for "last"
	Day          int          // MonthDay: 1..31 (a month without that day meets on its last day)
	Hour, Minute int          // local time of day
	Place        string       // optional, as typed ("rumah Bu Sri")
	// Anchor: with Every > 1, a date of a meeting week (Weekly, weeks
	// counted Monday to Sunday) or month (MonthDay, NthWeekday), so that
	// "every 2 weeks" does not shift with the day it is asked. Parse sets it
	// to the date of the first meeting after `now` (or after the date the
	// text gives with "mulai"/"starting").
	Anchor time.Time
}

// Error keys. Every error Parse returns is a *bot.Error with one of these
// keys and the offending fragment of the text in the arg "Input".
const (
	KeyEmpty     = "schedule.empty"     // nothing typed
	KeyNoDay     = "schedule.no_day"    // no weekday, date or ordinal day found
	KeyNoTime    = "schedule.no_time"   // no time of day found
	KeyBadTime   = "schedule.bad_time"  // 25:00, 16:61, "jam 9 sore"
	KeyBadDay    = "schedule.bad_day"   // tanggal 0 or 32, "Selasa kelima", every 0 weeks
	KeyAmbiguous = "schedule.ambiguous" // two weekdays, two times, conflicting rules
)

// Limits on Every.
const (
	maxEveryWeeks  = 52
	maxEveryMonths = 12
)

func fail(key, input string) error { return bot.E(key, "Input", input) }

// every is s.Every with the zero value read as 1.
func (s Schedule) every() int {
	if s.Every <= 0 {
		return 1
	}
	return s.Every
}
