// Package reminders says what a group is due to be told and when: meeting
// reminders, the weekly summary, installment reminders and the nudge after
// a scheduled meeting that was never opened. It is pure: the group's
// settings, schedule, installments and time zone go in, firings come out.
// Storage records each firing once; the scheduler runs them.
//
// Every local time is counted on the group's calendar in its own time zone
// (see schedule.Next): a reminder "the day before at 16:00" stays at 16:00
// local across a daylight-saving change.
package reminders

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"kelompok/bot/schedule"
)

// Kind is what a firing is about. The values are stored.
type Kind string

const (
	// MeetingBefore reminds of the next meeting; Target is the offset in
	// minutes before it ("1440" the day before, "60" one hour before).
	MeetingBefore Kind = "meeting_before"
	// Summary is the weekly summary; Target is the local ISO week it
	// belongs to, "2026-W48": one summary a week, whatever its due time
	// becomes after a change of time or time zone.
	Summary Kind = "summary"
	// InstallmentBefore, InstallmentDue and InstallmentOverdue remind of a
	// loan installment 3 days before, on the day and the day after it was
	// due; Target is "P3/2" (loan P3, installment 2).
	InstallmentBefore  Kind = "installment_before"
	InstallmentDue     Kind = "installment_due"
	InstallmentOverdue Kind = "installment_overdue"
	// MeetingMissed says a scheduled meeting was never opened; Target is
	// the meeting's local date, "2026-12-01" (one nudge a date).
	MeetingMissed Kind = "meeting_missed"
	// PollClose is reserved (polls close on their own minute ticker,
	// Router.ClosePollsDue); PollNudge reminds those who have not voted
	// before a poll closes; Target is the poll, "V3".
	PollClose Kind = "poll_close"
	PollNudge Kind = "poll_nudge"
	// TermEnding and TermEnded say an officer's term ends in a week, and
	// has ended; Target is "treasurer/12/2026-11-24" (the office, the
	// member, the term's first day).
	TermEnding Kind = "term_ending"
	TermEnded  Kind = "term_ended"
)

// Kinds are every kind, in the order settings show them.
var Kinds = []Kind{MeetingBefore, Summary, InstallmentBefore, InstallmentDue, InstallmentOverdue, MeetingMissed, PollClose, PollNudge,
	TermEnding, TermEnded}

// Firing is one message due at one moment.
type Firing struct {
	Kind   Kind
	Target string
	Due    time.Time
	// Meeting is the meeting's start (MeetingBefore, MeetingMissed).
	Meeting time.Time
	// Loan and Installment (installment kinds): the loan's number and the
	// installment's.
	Loan        int64
	Installment int
}

// ByOccurrence reports whether the firing's target alone says which
// occurrence it is (the summary's week, the missed meeting's date): it is
// handled once per group, kind and target, whatever its due time. Other
// kinds are told apart by their due time too.
func (f Firing) ByOccurrence() bool { return f.Kind == Summary || f.Kind == MeetingMissed }

// Key identifies a firing as storage records it.
func (f Firing) Key() string {
	return string(f.Kind) + "|" + f.Target + "|" + f.Due.UTC().Format(time.RFC3339)
}

// Installment is a loan installment the planner reminds of.
type Installment struct {
	Loan int64 // the loan's number (P3: 3)
	N    int
	// Due is the start (00:00) of the due day in the loan's own zone, its
	// location kept: the reminders go out on that calendar date at
	// InstallmentHour in the group's zone, whatever zone the group has now.
	Due time.Time
}

// Inputs are what the plan is made from.
type Inputs struct {
	Loc      *time.Location
	Settings Settings
	// Schedule is the meeting rule; nil when the group has none.
	Schedule *schedule.Schedule
	// Installments are the unpaid installments of open loans.
	Installments []Installment
	// Extra are firings planned elsewhere (polls), merged as they are.
	Extra []Firing
}

// InstallmentHour is the local time installment reminders go out.
const InstallmentHour = 9

// MissedAfter is how long after a meeting's scheduled start the bot says
// it was never opened.
const MissedAfter = 3 * time.Hour

// Lookback is how far back a start looks for firings missed while the bot
// was down: those within their grace are sent late, older ones in this
// span are recorded as skipped, older still are not looked at. It is the
// longest grace (Grace never exceeds it), so no firing still in its grace
// is left out.
const Lookback = 7 * 24 * time.Hour

// Grace is how late a firing may still be sent; never more than Lookback.
func Grace(f Firing) time.Duration { return min(grace(f), Lookback) }

func grace(f Firing) time.Duration {
	switch f.Kind {
	case MeetingBefore:
		// Useful until half the time to the meeting has gone.
		return f.Meeting.Sub(f.Due) / 2
	case Summary:
		return 6 * time.Hour
	case InstallmentBefore, InstallmentDue:
		return 12 * time.Hour
	case InstallmentOverdue:
		return 2 * 24 * time.Hour
	case MeetingMissed:
		return 24 * time.Hour
	case PollClose:
		return 7 * 24 * time.Hour
	case PollNudge:
		return time.Hour
	case TermEnding:
		return 3 * 24 * time.Hour
	case TermEnded:
		return 7 * 24 * time.Hour
	}
	return 0
}

// Late reports whether a firing due at f.Due is past its grace at now.
func Late(f Firing, now time.Time) bool { return now.Sub(f.Due) > Grace(f) }

// Plan lists the firings due in (from, to], in time order (ties in Kinds
// order, then by target).
func Plan(in Inputs, from, to time.Time) []Firing {
	if !to.After(from) {
		return nil
	}
	loc := in.Loc
	if loc == nil {
		loc = time.UTC
	}
	var out []Firing
	add := func(f Firing) {
		if f.Due.After(from) && !f.Due.After(to) {
			out = append(out, f)
		}
	}
	st := in.Settings
	if in.Schedule != nil && (len(st.MeetingBefore) > 0 || st.Missed) {
		var longest time.Duration
		for _, o := range st.MeetingBefore {
			longest = max(longest, o+time.Hour) // +1h: a calendar day across DST
		}
		start := from.Add(-MissedAfter)
		for _, m := range meetings(*in.Schedule, loc, start, to.Add(longest)) {
			for _, o := range st.MeetingBefore {
				add(Firing{Kind: MeetingBefore, Target: strconv.Itoa(int(o / time.Minute)), Due: before(m, o, loc), Meeting: m})
			}
			if st.Missed {
				add(Firing{Kind: MeetingMissed, Target: m.In(loc).Format("2006-01-02"), Due: m.Add(MissedAfter), Meeting: m})
			}
		}
	}
	if st.Summary != nil {
		w := schedule.Schedule{Kind: schedule.Weekly, Weekday: st.Summary.Weekday, Hour: st.Summary.Hour, Minute: st.Summary.Minute}
		for _, t := range meetings(w, loc, from, to) {
			y, wk := t.In(loc).ISOWeek()
			add(Firing{Kind: Summary, Target: fmt.Sprintf("%04d-W%02d", y, wk), Due: t})
		}
	}
	if st.Installments != Off {
		for _, in := range in.Installments {
			// The loan's calendar date, read in the loan's own zone (not
			// converted: a loan dated in Jayapura is due on the same date
			// in a group that moved to Jakarta).
			y, m, d := in.Due.Date()
			at := func(days int) time.Time {
				return time.Date(y, m, d+days, InstallmentHour, 0, 0, 0, loc)
			}
			target := "P" + strconv.FormatInt(in.Loan, 10) + "/" + strconv.Itoa(in.N)
			for _, k := range []struct {
				kind Kind
				days int
			}{{InstallmentBefore, -3}, {InstallmentDue, 0}, {InstallmentOverdue, 1}} {
				add(Firing{Kind: k.kind, Target: target, Due: at(k.days), Loan: in.Loan, Installment: in.N})
			}
		}
	}
	for _, f := range in.Extra {
		add(f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		if a.Kind != b.Kind {
			return kindOrder(a.Kind) < kindOrder(b.Kind)
		}
		return a.Target < b.Target
	})
	return out
}

func kindOrder(k Kind) int {
	for i, kk := range Kinds {
		if kk == k {
			return i
		}
	}
	return len(Kinds)
}

// meetings are the schedule's times in (from, to].
func meetings(s schedule.Schedule, loc *time.Location, from, to time.Time) []time.Time {
	var out []time.Time
	after := from
	for {
		next := s.Next(after, loc, 16)
		if len(next) == 0 {
			return out
		}
		for _, t := range next {
			if t.After(to) {
				return out
			}
			out = append(out, t)
		}
		after = next[len(next)-1]
	}
}

// before is offset o before meeting m: whole days are counted on the
// calendar (the same local time, days earlier), the rest in minutes.
func before(m time.Time, o time.Duration, loc *time.Location) time.Time {
	days := int(o / (24 * time.Hour))
	rest := o - time.Duration(days)*24*time.Hour
	l := m.In(loc)
	d := time.Date(l.Year(), l.Month(), l.Day()-days, l.Hour(), l.Minute(), 0, 0, loc)
	return d.Add(-rest)
}

// Delivery is where installment reminders go.
type Delivery string

const (
	Group   Delivery = "group"   // to the group, naming the member
	Private Delivery = "private" // to the member alone (to the group if they have no account)
	Off     Delivery = "off"
)

// Weekly is a day and local time of the week.
type Weekly struct {
	Weekday      time.Weekday
	Hour, Minute int
}

// Settings are a group's reminder settings.
type Settings struct {
	// MeetingBefore are the offsets before each meeting, longest first;
	// empty: no meeting reminders.
	MeetingBefore []time.Duration
	// Summary is when the weekly summary goes out; nil: off.
	Summary      *Weekly
	Installments Delivery
	// Missed: say when a scheduled meeting was never opened.
	Missed bool
}

// Defaults: the day before and one hour before each meeting, the summary
// on Sunday at 18:00, installment reminders to the group, the nudge on.
func Defaults() Settings {
	return Settings{MeetingBefore: []time.Duration{24 * time.Hour, time.Hour},
		Summary: &Weekly{Weekday: time.Sunday, Hour: 18}, Installments: Group, Missed: true}
}

// The stored forms, one rule each (see bot.Rules):
//
//	reminder_meeting       "1440,60" (minutes before) or "off"
//	reminder_summary       "0 18:00" (weekday 0 = Sunday, local time) or "off"
//	reminder_installments  "group", "private" or "off"
//	reminder_missed        "on" or "off"
//
// An empty or unreadable value is the default.

// MaxOffset is the longest meeting reminder offset.
const MaxOffset = 7 * 24 * time.Hour

// ParseSettings reads the stored forms.
func ParseSettings(meeting, summary, installments, missed string) Settings {
	s := Defaults()
	if o, ok := DecodeOffsets(meeting); ok {
		s.MeetingBefore = o
	}
	if w, ok := DecodeWeekly(summary); ok {
		s.Summary = w
	}
	switch Delivery(installments) {
	case Group, Private, Off:
		s.Installments = Delivery(installments)
	}
	switch missed {
	case "on":
		s.Missed = true
	case "off":
		s.Missed = false
	}
	return s
}

// EncodeOffsets is the stored form of meeting offsets.
func EncodeOffsets(o []time.Duration) string {
	if len(o) == 0 {
		return "off"
	}
	parts := make([]string, len(o))
	for i, d := range o {
		parts[i] = strconv.Itoa(int(d / time.Minute))
	}
	return strings.Join(parts, ",")
}

// DecodeOffsets reads EncodeOffsets' form; ok is false for "" or bad input.
func DecodeOffsets(s string) ([]time.Duration, bool) {
	if s == "off" {
		return nil, true
	}
	if s == "" {
		return nil, false
	}
	var out []time.Duration
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(p)
		d := time.Duration(n) * time.Minute
		if err != nil || n <= 0 || d > MaxOffset {
			return nil, false
		}
		out = append(out, d)
	}
	return normalize(out), true
}

// normalize sorts offsets longest first and drops repeats.
func normalize(o []time.Duration) []time.Duration {
	sort.Slice(o, func(i, j int) bool { return o[i] > o[j] })
	out := o[:0]
	for i, d := range o {
		if i == 0 || d != o[i-1] {
			out = append(out, d)
		}
	}
	return out
}

// EncodeWeekly is the stored form of the summary time.
func EncodeWeekly(w *Weekly) string {
	if w == nil {
		return "off"
	}
	return strconv.Itoa(int(w.Weekday)) + " " + twoDigits(w.Hour) + ":" + twoDigits(w.Minute)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// DecodeWeekly reads EncodeWeekly's form; (nil, true) is "off".
func DecodeWeekly(s string) (*Weekly, bool) {
	if s == "off" {
		return nil, true
	}
	day, clock, ok := strings.Cut(s, " ")
	if !ok {
		return nil, false
	}
	hh, mm, ok := strings.Cut(clock, ":")
	d, err1 := strconv.Atoi(day)
	h, err2 := strconv.Atoi(hh)
	m, err3 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || err3 != nil || d < 0 || d > 6 || h < 0 || h > 23 || m < 0 || m > 59 {
		return nil, false
	}
	return &Weekly{Weekday: time.Weekday(d), Hour: h, Minute: m}, true
}
