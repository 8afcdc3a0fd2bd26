package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/bot/meetings"
	"kelompok/locales"
	"kelompok/storage"
)

// attendanceMark marks the sender at the open meeting: present, or late
// after the rule's grace minutes past the scheduled start. The secretary or
// chair can mark another member ("/hadir @budi"), give a status or correct
// one ("/hadir @budi terlambat"). Marking oneself twice changes nothing.
func attendanceMark(c *Ctx) error {
	args := c.Args
	// An officer may say how the member came: "/hadir @budi terlambat",
	// and so correct an earlier mark.
	var given meetings.Status
	if n := len(args); n >= 2 {
		if st, ok := statusWord(args[n-1]); ok {
			given, args = st, args[:n-1]
		}
	}
	target, err := c.attendanceTarget(args)
	if err != nil {
		return err
	}
	if given != "" && !c.Me.Role.CanRecordAttendance() {
		return bot.E("attendance.for_other_not_allowed", "Roles", c.roleNames([]bot.Role{bot.RoleSecretary, bot.RoleChair}))
	}
	m, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil {
		return err
	}
	if m == nil {
		return bot.E("attendance.no_meeting")
	}
	if given != "" {
		return attendanceSet(c, m.ID, m.No, target, given)
	}
	// Lateness counts from when the member sent the message, not from when
	// it was processed (a redelivery after a restart is not lateness).
	at := c.Tx.Now()
	if !c.U.At.IsZero() && c.U.At.Before(at) {
		at = c.U.At
	}
	// The grace minutes in force when the meeting opened: a rule changed
	// during the meeting applies from the next one.
	rules, err := c.Tx.RulesAt(c.Group.ID, m.OpenedAt)
	if err != nil {
		return err
	}
	st := meetings.Arrival(at, m.ScheduledAt, rules.LateGrace)
	earlier, marked, err := c.Tx.MarkMeeting(m.ID, target.ID, st, "", c.Me.ID, c.U.Source)
	if err != nil {
		return err
	}
	if !marked {
		return bot.E("attendance.already", "Name", target.Name, "Status", locales.Raw(c.T("attendance.status_"+string(earlier))), "Meeting", m.No)
	}
	marks, err := c.Tx.Marks(m.ID)
	if err != nil {
		return err
	}
	here := 0
	for _, mk := range marks {
		if mk.Status == meetings.Present || mk.Status == meetings.Late {
			here++
		}
	}
	c.Say("attendance.marked", "Name", target.Name, "Status", locales.Raw(c.T("attendance.status_"+string(st))), "Meeting", m.No, "Count", here)
	return nil
}

// attendanceSet records the status an officer gives, correcting an earlier
// mark by a new one (the earlier stays in the book).
func attendanceSet(c *Ctx, meetingID, no int64, target *storage.Member, st meetings.Status) error {
	earlier, marked, err := c.Tx.MarkMeeting(meetingID, target.ID, st, "", c.Me.ID, c.U.Source)
	if err != nil {
		return err
	}
	if marked {
		c.Say("attendance.set", "Name", target.Name, "Status", locales.Raw(c.T("attendance.status_"+string(st))), "Meeting", no, "By", c.Me.Name)
		return nil
	}
	if earlier == st {
		return bot.E("attendance.already", "Name", target.Name, "Status", locales.Raw(c.T("attendance.status_"+string(st))), "Meeting", no)
	}
	if err := c.Tx.CorrectMark(meetingID, target.ID, st, "", c.Me.ID, c.U.Source); err != nil {
		return err
	}
	c.Say("attendance.corrected", "Name", target.Name, "From", locales.Raw(c.T("attendance.status_"+string(earlier))),
		"To", locales.Raw(c.T("attendance.status_"+string(st))), "Meeting", no, "By", c.Me.Name)
	return nil
}

// statusWord reads an attendance status as officers type it.
func statusWord(s string) (meetings.Status, bool) {
	switch strings.ToLower(s) {
	case "hadir", "present":
		return meetings.Present, true
	case "terlambat", "telat", "late":
		return meetings.Late, true
	case "izin", "excused":
		return meetings.Excused, true
	case "absen", "absent", "alpa":
		return meetings.Absent, true
	}
	return "", false
}

// attendanceTarget is the sender, or (for the secretary or chair) the member
// the arguments name.
func (c *Ctx) attendanceTarget(args []string) (*storage.Member, error) {
	if len(args) == 0 {
		return c.Me, nil
	}
	target, err := c.otherMember(args)
	if err != nil {
		return nil, err
	}
	if target.ID != c.Me.ID && !c.Me.Role.CanRecordAttendance() {
		return nil, bot.E("attendance.for_other_not_allowed", "Roles", c.roleNames([]bot.Role{bot.RoleSecretary, bot.RoleChair}))
	}
	return target, nil
}

// attendanceExcuse: "/izin [alasan]" before or during a meeting; the
// secretary or chair: "/izin @budi sakit".
func attendanceExcuse(c *Ctx) error {
	// An officer may excuse another member, named first ("/izin Mbah
	// Karto sakit"); anyone else excuses themselves.
	target, rest := c.Me, c.Args
	if len(rest) > 0 && (c.Me.Role.CanRecordAttendance() || strings.HasPrefix(rest[0], "@")) {
		other, after, err := c.leadingMember(rest)
		if err != nil {
			return err
		}
		if other != nil {
			if other.ID != c.Me.ID && !c.Me.Role.CanRecordAttendance() {
				return bot.E("attendance.for_other_not_allowed", "Roles", c.roleNames([]bot.Role{bot.RoleSecretary, bot.RoleChair}))
			}
			target, rest = other, after
		}
	}
	reason, err := c.note(strings.Join(rest, " "), maxNoteLen)
	if err != nil {
		return err
	}
	m, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil {
		return err
	}
	if m == nil {
		if err := c.Tx.AddExcuse(c.Group.ID, target.ID, reason, c.Me.ID, c.U.Source); err != nil {
			return err
		}
		c.Say("attendance.excused_ahead", "Name", target.Name, "Reason", reasonOr(c, reason))
		return nil
	}
	earlier, marked, err := c.Tx.MarkMeeting(m.ID, target.ID, meetings.Excused, reason, c.Me.ID, c.U.Source)
	if err != nil {
		return err
	}
	if !marked {
		return bot.E("attendance.already", "Name", target.Name, "Status", locales.Raw(c.T("attendance.status_"+string(earlier))), "Meeting", m.No)
	}
	c.Say("attendance.excused", "Name", target.Name, "Reason", reasonOr(c, reason), "Meeting", m.No)
	return nil
}

func reasonOr(c *Ctx, r string) string {
	if r == "" {
		return "-"
	}
	return r
}
