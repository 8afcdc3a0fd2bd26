package handlers

import (
	"kelompok/bot"
	"kelompok/storage"
)

// attendanceMark marks the sender present at today's meeting (the
// calendar day in the group's time zone), or by the secretary or chair
// another member: "/hadir @budi". Marking twice changes nothing.
func attendanceMark(c *Ctx) error {
	target := c.Me
	if len(c.Args) > 0 {
		var err error
		if target, err = c.otherMember(c.Args); err != nil {
			return err
		}
		if target.ID != c.Me.ID && !c.Me.Role.CanRecordAttendance() {
			return bot.E("attendance.for_other_not_allowed", "Roles", c.roleNames([]bot.Role{bot.RoleSecretary, bot.RoleChair}))
		}
	}
	day := localDay(c.Tx.Now(), c.Group.Rules)
	earlier, marked, err := c.Tx.MarkAttendance(c.Group.ID, day, target.ID, storage.Present, c.Me.ID, c.U.Source)
	if err != nil {
		return err
	}
	if !marked {
		return bot.E("attendance.already", "Name", target.Name, "Status", c.T("attendance.status_"+earlier), "Day", showDay(day))
	}
	n, err := c.Tx.AttendanceCount(c.Group.ID, day)
	if err != nil {
		return err
	}
	c.Say("attendance.marked", "Name", target.Name, "Day", showDay(day), "Count", n)
	return nil
}
