package handlers

import (
	"strings"
	"time"

	"kelompok/bot"
	"kelompok/bot/meetings"
	"kelompok/bot/schedule"
	"kelompok/storage"
)

var meetingOfficers = []bot.Role{bot.RoleChair, bot.RoleSecretary}

// meetingCommand: "/rapat mulai [tempat]", "/rapat selesai", "/rapat batal",
// or "/rapat" alone to see whether a meeting is open and when the next is.
func meetingCommand(c *Ctx) error {
	sub := ""
	if len(c.Args) > 0 {
		sub = strings.ToLower(c.Args[0])
	}
	switch sub {
	case "mulai", "buka", "start", "open":
		return meetingOpen(c, strings.Join(c.Args[1:], " "))
	case "selesai", "tutup", "end", "close":
		return meetingClose(c)
	case "batal", "cancel":
		return meetingCancel(c)
	case "":
		return meetingStatus(c)
	}
	return bot.E("meeting.usage")
}

func (c *Ctx) needMeetingOfficer(sub string) error {
	if !c.hasRole(meetingOfficers...) {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("rapat"))+" "+sub, "Roles", c.roleNames(meetingOfficers))
	}
	return nil
}

// openMeetingFor checks that the sender may run "/rapat sub" and returns
// the open meeting, or the answer that none is open.
func (c *Ctx) openMeetingFor(sub string) (*storage.Meeting, error) {
	if err := c.needMeetingOfficer(sub); err != nil {
		return nil, err
	}
	m, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, bot.E("meeting.not_open")
	}
	return m, nil
}

// groupSchedule is the group's meeting rule, if it has one.
func (c *Ctx) groupSchedule() (schedule.Schedule, bool) {
	if c.Group.Rules.Schedule == "" {
		return schedule.Schedule{}, false
	}
	s, err := schedule.Decode(c.Group.Rules.Schedule)
	return s, err == nil
}

// scheduledStart is when a meeting opened now should have started: the
// schedule's time today in the group's zone, or now if today is not a
// scheduled day (or there is no schedule).
func (c *Ctx) scheduledStart(now time.Time) time.Time {
	s, ok := c.groupSchedule()
	if !ok {
		return now
	}
	loc := c.Group.Rules.Location()
	local := now.In(loc)
	dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	next := s.Next(dayStart.Add(-time.Nanosecond), loc, 1)
	if len(next) == 1 && next[0].In(loc).Format("2006-01-02") == local.Format("2006-01-02") {
		return next[0]
	}
	return now
}

// afterHeld is the moment to look for the next meeting from: now, or the
// end of today if the group already met today (a meeting held early on its
// scheduled day was that day's meeting).
func (c *Ctx) afterHeld(now time.Time) (time.Time, error) {
	last, err := c.Tx.LastClosedMeeting(c.Group.ID)
	if err != nil || last == nil {
		return now, err
	}
	return endOfMeetingDay(last.OpenedAt, now, c.Group.Rules.Location()), nil
}

// endOfMeetingDay is the end of the local day of a meeting opened at
// opened, if that is still today; else now.
func endOfMeetingDay(opened, now time.Time, loc *time.Location) time.Time {
	o, n := opened.In(loc), now.In(loc)
	if o.Format("2006-01-02") != n.Format("2006-01-02") {
		return now
	}
	return time.Date(n.Year(), n.Month(), n.Day(), 23, 59, 59, 0, loc)
}

// nextMeeting is the first scheduled meeting after t, if there is a schedule.
func (c *Ctx) nextMeeting(after time.Time) (*time.Time, string) {
	s, ok := c.groupSchedule()
	if !ok {
		return nil, ""
	}
	next := s.Next(after, c.Group.Rules.Location(), 1)
	if len(next) == 0 {
		return nil, ""
	}
	return &next[0], s.Place
}

func meetingOpen(c *Ctx, place string) error {
	if err := c.needMeetingOfficer("mulai"); err != nil {
		return err
	}
	open, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil {
		return err
	}
	if open != nil {
		return bot.E("meeting.already_open", "No", open.No)
	}
	place, err = c.note(place, 100)
	if err != nil {
		return err
	}
	if s, ok := c.groupSchedule(); ok && place == "" {
		place = s.Place
	}
	now := c.Tx.Now()
	m, err := c.Tx.OpenNewMeeting(c.Group.ID, place, c.scheduledStart(now), c.Me.ID, c.U.Source)
	if err != nil {
		return err
	}
	// Whoever opens the meeting is there.
	if _, _, err := c.Tx.MarkMeeting(m.ID, c.Me.ID, meetings.Present, "", c.Me.ID, c.U.Source); err != nil {
		return err
	}
	// Excuses sent since the last meeting are marked now.
	since := time.Time{}
	if last, err := c.Tx.LastClosedMeeting(c.Group.ID); err != nil {
		return err
	} else if last != nil {
		since = last.EndedAt
	}
	excuses, err := c.Tx.ExcusesSince(c.Group.ID, since)
	if err != nil {
		return err
	}
	excused := 0
	for id, reason := range excuses {
		_, marked, err := c.Tx.MarkMeeting(m.ID, id, meetings.Excused, reason, c.Me.ID, c.U.Source)
		if err != nil {
			return err
		}
		if marked {
			excused++
		}
	}
	loc := c.Group.Rules.Location()
	c.Say("meeting.opened", "No", m.No, "Place", placeOr(c, m.Place), "Time", now.In(loc).Format("15:04"),
		"Start", m.ScheduledAt.In(loc).Format("15:04"), "Grace", int(c.Group.Rules.LateGrace/time.Minute),
		"Excused", excused, "By", c.Me.Name)
	return nil
}

func placeOr(c *Ctx, place string) string {
	if place == "" {
		return c.T("meeting.no_place")
	}
	return place
}

func meetingCancel(c *Ctx) error {
	m, err := c.openMeetingFor("batal")
	if err != nil {
		return err
	}
	n, err := c.Tx.MeetingRecordCount(m)
	if err != nil {
		return err
	}
	if n > 0 {
		return bot.E("meeting.has_records", "No", m.No, "Count", n)
	}
	if err := c.Tx.EndMeeting(m, "cancelled", c.Me.ID, nil, c.U.Source); err != nil {
		return err
	}
	c.Say("meeting.cancelled", "No", m.No, "By", c.Me.Name)
	return nil
}

func meetingStatus(c *Ctx) error {
	m, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil {
		return err
	}
	if m != nil {
		marks, err := c.Tx.Marks(m.ID)
		if err != nil {
			return err
		}
		c.Say("meeting.status_open", "No", m.No, "Place", placeOr(c, m.Place),
			"Time", m.OpenedAt.In(c.Group.Rules.Location()).Format("15:04"), "Count", len(marks))
		return nil
	}
	after, err := c.afterHeld(c.Tx.Now())
	if err != nil {
		return err
	}
	if next, place := c.nextMeeting(after); next != nil {
		c.Say("meeting.status_next", "When", c.when(*next), "Place", placeOr(c, place))
		return nil
	}
	c.Say("meeting.status_none")
	return nil
}

// when renders a moment in the group's zone: "Selasa, 01/12/2026 16:00".
func (c *Ctx) when(t time.Time) string {
	t = t.In(c.Group.Rules.Location())
	return c.T("weekday."+strings.ToLower(t.Weekday().String())) + ", " + t.Format("02/01/2006 15:04")
}

// openMeetingID is the open meeting's id, or 0.
func (c *Ctx) openMeetingID() (int64, error) {
	m, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil || m == nil {
		return 0, err
	}
	return m.ID, nil
}

// book appends e to the ledger as this message's record, made by the
// sender, in the open meeting if there is one (see recordMeeting).
func (c *Ctx) book(e *storage.Entry) error {
	mid, err := c.recordMeeting()
	if err != nil {
		return err
	}
	return c.bookIn(e, mid)
}

// bookIn appends e to the ledger as this message's record, made by the
// sender, in meeting meetingID (0: none). A command booking several
// entries finds the meeting once and books each with it.
func (c *Ctx) bookIn(e *storage.Entry, meetingID int64) error {
	e.GroupID, e.RequestedBy, e.MeetingID, e.Source = c.Group.ID, c.Me.ID, meetingID, c.U.Source
	return c.Tx.AddEntry(e)
}

// recordMeeting is the meeting a money record belongs to: the open one, or
// none (0) — refused when the rules say records need a meeting.
func (c *Ctx) recordMeeting() (int64, error) {
	m, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil {
		return 0, err
	}
	if m != nil {
		return m.ID, nil
	}
	if c.Group.Rules.RecordsNeedMeeting {
		return 0, bot.E("meeting.records_need_meeting")
	}
	return 0, nil
}
