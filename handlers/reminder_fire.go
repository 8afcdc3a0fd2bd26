package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"kelompok/bot"
	"kelompok/bot/reminders"
	"kelompok/locales"
	"kelompok/storage"
)

// reminderKind is how one kind of reminder is planned and rendered.
//
// Kinds whose times come from the book rather than the settings add a plan
// (reminder_polls.go: poll nudges, officers' terms). Recording the firing
// and queueing what build says happen around it, in one transaction, for
// every kind.
type reminderKind struct {
	// plan adds this kind's firings in (from, to] beyond what
	// reminders.Plan computes from the settings (nil: nothing more).
	plan func(c *Ctx, from, to time.Time) ([]reminders.Firing, error)
	// build says what the firing has to say (c.Say and friends); it says
	// nothing when there is nothing to say any more (the installment was
	// paid, the meeting was held), and the firing is recorded as skipped.
	build func(c *Ctx, f reminders.Firing) error
}

var reminderKinds = map[reminders.Kind]reminderKind{
	reminders.MeetingBefore:      {build: remindMeeting},
	reminders.Summary:            {build: (*Ctx).weeklySummary},
	reminders.InstallmentBefore:  {build: remindInstallment},
	reminders.InstallmentDue:     {build: remindInstallment},
	reminders.InstallmentOverdue: {build: remindInstallment},
	reminders.MeetingMissed:      {build: remindMissed},
}

// reminderInputs are the group's settings, schedule and installments.
func (c *Ctx) reminderInputs() (reminders.Inputs, error) {
	in := reminders.Inputs{Loc: c.Group.Rules.Location(), Settings: reminders.FromRules(c.Group.Rules)}
	if s, ok := c.groupSchedule(); ok {
		in.Schedule = &s
	}
	if in.Settings.Installments == reminders.Off {
		return in, nil
	}
	running, err := c.runningLoans()
	if err != nil {
		return in, err
	}
	for _, s := range running {
		for _, inst := range s.schedule {
			in.Installments = append(in.Installments, reminders.Installment{Loan: s.l.No, N: inst.N, Due: inst.Due})
		}
	}
	return in, nil
}

// runningLoans are the group's loans paid out and not yet repaid, with
// their state.
func (c *Ctx) runningLoans() ([]*loanState, error) {
	states, err := c.groupLoanStates()
	if err != nil {
		return nil, err
	}
	var out []*loanState
	for _, s := range states {
		if s.disbursed == nil || s.rejected {
			continue
		}
		if !s.closed {
			out = append(out, s)
		}
	}
	return out, nil
}

// PlanReminders lists a group's firings due in (from, to]; none for a
// group the bot was removed from.
func (r *Router) PlanReminders(ctx context.Context, groupID int64, from, to time.Time) ([]reminders.Firing, error) {
	var out []reminders.Firing
	err := r.store.Write(ctx, func(tx *storage.Tx) error {
		g, err := tx.ReminderGroup(groupID)
		if err != nil {
			return err
		}
		out, err = r.plan(tx, g, from, to)
		return err
	})
	return out, err
}

// plan lists the group's firings in (from, to].
func (r *Router) plan(tx *storage.Tx, g *storage.Group, from, to time.Time) ([]reminders.Firing, error) {
	if g.Removed {
		return nil, nil
	}
	c := &Ctx{Tx: tx, U: bot.Update{Chat: g.Chat}, Group: g, r: r}
	in, err := c.reminderInputs()
	if err != nil {
		return nil, err
	}
	for _, k := range reminders.Kinds {
		if rk := reminderKinds[k]; rk.plan != nil {
			extra, err := rk.plan(c, from, to)
			if err != nil {
				return nil, err
			}
			in.Extra = append(in.Extra, extra...)
		}
	}
	return reminders.Plan(in, from, to), nil
}

// RunReminders is one scheduler round for a group, in one transaction:
// it handles the firings due in (from, now] (those past their grace at
// now are recorded as skipped) and returns the time of the group's next
// firing up to horizon (horizon itself when there is none before it).
func (r *Router) RunReminders(ctx context.Context, groupID int64, from, now, horizon time.Time) (next time.Time, err error) {
	err = r.store.Write(ctx, func(tx *storage.Tx) error {
		next = horizon
		g, err := tx.ReminderGroup(groupID)
		if err != nil {
			return err
		}
		fs, err := r.plan(tx, g, from, horizon)
		if err != nil {
			return err
		}
		for _, f := range fs {
			if f.Due.After(now) {
				next = f.Due
				break
			}
			if _, err := r.fire(tx, g, f, reminders.Late(f, now)); err != nil {
				return err
			}
		}
		return nil
	})
	return next, err
}

// FireReminder handles one firing in one transaction (see fire).
func (r *Router) FireReminder(ctx context.Context, groupID int64, f reminders.Firing, skip bool) (sent bool, err error) {
	err = r.store.Write(ctx, func(tx *storage.Tx) error {
		g, err := tx.ReminderGroup(groupID)
		if err != nil {
			return err
		}
		sent, err = r.fire(tx, g, f, skip)
		return err
	})
	return sent, err
}

// fire handles one firing: unless it was handled before, it records the
// firing and queues its message(s) in the same transaction, so that no
// restart sends it twice. skip records it as skipped (too late to be
// useful) without a message; so does a firing with nothing left to say.
// sent reports whether a message was queued.
func (r *Router) fire(tx *storage.Tx, g *storage.Group, f reminders.Firing, skip bool) (sent bool, err error) {
	var done bool
	if f.ByOccurrence() {
		// One summary a week, one nudge a meeting date: a change of time or
		// time zone moves the due time, not the occurrence.
		done, err = tx.FiringTargetDone(g.ID, string(f.Kind), f.Target)
		if err == nil && !done && f.Kind == reminders.Summary {
			// Recorded before summaries named their week (target "").
			done, err = tx.FiringDone(g.ID, string(f.Kind), "", f.Due)
		}
	} else {
		done, err = tx.FiringDone(g.ID, string(f.Kind), f.Target, f.Due)
	}
	if err != nil || done {
		return false, err
	}
	c := &Ctx{Tx: tx, U: bot.Update{Chat: g.Chat, Source: "reminder:" + f.Key()}, Group: g, r: r}
	rk, known := reminderKinds[f.Kind]
	switch {
	case g.Removed:
		skip = true
	case !known:
		slog.Error("reminder_kind_unknown", "group_id", g.ID, "kind", string(f.Kind))
		skip = true
	case skip:
		slog.Warn("reminder_skipped_late", "group_id", g.ID, "kind", string(f.Kind), "target", f.Target, "due", f.Due)
	}
	if !skip {
		err := tx.Savepoint(func(*storage.Tx) error { return rk.build(c, f) })
		if err != nil {
			if storage.IsTransient(err) {
				return false, err
			}
			// A reminder that cannot be built is logged and skipped:
			// retrying it would fail the same way.
			slog.Error("reminder_failed", "group_id", g.ID, "kind", string(f.Kind), "target", f.Target, "err", err)
			c.out = nil
		}
	}
	outcome := storage.FiringSkipped
	if len(c.out) > 0 {
		outcome = storage.FiringSent
	}
	if _, err := tx.RecordFiring(g.ID, string(f.Kind), f.Target, f.Due, outcome); err != nil {
		return false, err
	}
	for _, rep := range c.out {
		if err := tx.Queue(rep); err != nil {
			return false, err
		}
	}
	return len(c.out) > 0, nil
}

// remindMeeting: the next meeting, its place and the agenda so far; nothing
// if a meeting is already open.
func remindMeeting(c *Ctx, f reminders.Firing) error {
	open, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil || open != nil {
		return err
	}
	s, _ := c.groupSchedule()
	items, err := c.Tx.CurrentAgenda(c.Group.ID, 0)
	if err != nil {
		return err
	}
	var lines []string
	for _, it := range items {
		lines = append(lines, c.T("reminders.agenda_line", "No", it.No, "Text", it.Text))
	}
	agenda := c.T("reminders.agenda_none")
	if len(lines) > 0 {
		agenda = strings.Join(lines, "\n")
	}
	// Said by the calendar and the time left now (the reminder may go out
	// late): "in 40 minutes" on the meeting's day, "tomorrow", "in 3 days".
	now := c.Tx.Now()
	left := f.Meeting.Sub(now)
	if left <= 0 {
		return nil // the meeting's time has come: a reminder says nothing new
	}
	key, count := "reminders.meeting_soon", 0
	switch days := calendarDays(now, f.Meeting, c.Group.Rules.Location()); {
	case days == 1:
		key = "reminders.meeting_tomorrow"
	case days > 1:
		key, count = "reminders.meeting_in_days", days
	}
	c.Say(key, "When", c.when(f.Meeting), "In", locales.Raw(c.duration(left)), "Count", count,
		"Place", placeOr(c, s.Place), "Agenda", locales.Raw(agenda))
	return nil
}

// calendarDays is how many local dates lie from a to b (0: the same day,
// 1: b is the day after a).
func calendarDays(a, b time.Time, loc *time.Location) int {
	a, b = a.In(loc), b.In(loc)
	da := time.Date(a.Year(), a.Month(), a.Day(), 12, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / (24 * time.Hour))
}

// duration writes an offset as "1 hari", "2 jam 30 menit".
func (c *Ctx) duration(d time.Duration) string {
	days, hours, mins := reminders.Parts(d)
	var parts []string
	if days > 0 {
		parts = append(parts, c.T("reminders.days", "Count", days))
	}
	if hours > 0 {
		parts = append(parts, c.T("reminders.hours", "Count", hours))
	}
	if mins > 0 {
		parts = append(parts, c.T("reminders.minutes", "Count", mins))
	}
	if len(parts) == 0 {
		return c.T("reminders.minutes", "Count", 0)
	}
	return strings.Join(parts, " ")
}

// remindInstallment: an installment 3 days before, on the day, or the day
// after it was due; nothing if it was paid (or the loan closed) by then.
func remindInstallment(c *Ctx, f reminders.Firing) error {
	l, err := c.Tx.LoanByNo(c.Group.ID, f.Loan)
	if err != nil || l == nil {
		return err
	}
	s, err := c.loanState(l)
	if err != nil || s.disbursed == nil || !s.open() {
		return err
	}
	st, err := s.status(c)
	if err != nil {
		return err
	}
	m, err := c.Tx.MemberByID(c.Group.ID, l.MemberID)
	if err != nil {
		return err
	}
	if m == nil {
		return fmt.Errorf("borrower %d of loan %d not found", l.MemberID, l.No)
	}
	var key, private string
	args := []any{"Name", m.Name, "No", loanRef(l.No), "N", f.Installment}
	switch f.Kind {
	case reminders.InstallmentBefore, reminders.InstallmentDue:
		if st.Next == nil || st.Next.N != f.Installment {
			return nil // paid already (or overdue: that reminder says so)
		}
		key, private = "reminders.installment_soon", "reminders.installment_soon_private"
		if f.Kind == reminders.InstallmentDue {
			key, private = "reminders.installment_today", "reminders.installment_today_private"
		}
		args = append(args, "Due", st.Next.Due.Format("02/01/2006"), "Amount", st.NextOwed)
	case reminders.InstallmentOverdue:
		if st.Overdue.Count == 0 || (st.Next != nil && st.Next.N <= f.Installment) {
			return nil // paid
		}
		key, private = "reminders.installment_overdue", "reminders.installment_overdue_private"
		args = append(args, "Amount", st.Overdue.Amount, "Count", st.Overdue.Count, "Days", st.Overdue.Days)
	}
	chat := c.Group.Chat
	settings := reminders.FromRules(c.Group.Rules)
	if settings.Installments == reminders.Private && m.Ref != "" {
		// A private chat with a person has the person's reference; the bot
		// may write there only once the person wrote to it (and has not
		// blocked it since): else the reminder goes to the group.
		open, err := c.Tx.PrivateChatOpen(bot.ChatRef(m.Ref))
		if err != nil {
			return err
		}
		if open {
			chat, key = bot.ChatRef(m.Ref), private
		}
	}
	c.out = append(c.out, bot.Reply{Chat: chat, Text: c.T(key, args...)})
	return nil
}

// remindMissed: a scheduled meeting that was never opened that day.
func remindMissed(c *Ctx, f reminders.Firing) error {
	loc := c.Group.Rules.Location()
	l := f.Meeting.In(loc)
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
	n, err := c.Tx.MeetingsOpenedBetween(c.Group.ID, day, day.AddDate(0, 0, 1))
	if err != nil || n > 0 {
		return err
	}
	open, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil || open != nil {
		return err
	}
	c.Say("reminders.meeting_missed", "Day", c.T("weekday."+strings.ToLower(l.Weekday().String())), "Date", l.Format("02/01"))
	return nil
}
