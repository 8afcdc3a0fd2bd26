package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/bot/schedule"
	"kelompok/locales"
)

// scheduleSet: "/jadwal" shows when and where the group meets and the next
// three dates; "/jadwal setiap Selasa pertama 16:00 di rumah Bu Sri" sets it
// (chair or secretary).
func scheduleSet(c *Ctx) error {
	if strings.TrimSpace(c.Raw) == "" {
		return scheduleShow(c)
	}
	if c.Me == nil {
		return bot.E("error.not_member")
	}
	if !c.hasRole(meetingOfficers...) {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("jadwal")), "Roles", c.roleNames(meetingOfficers))
	}
	loc := c.Group.Rules.Location()
	s, err := schedule.Parse(c.Raw, c.Tx.Now(), loc)
	if err != nil {
		if be, ok := bot.AsError(err); ok {
			// Every schedule error shows the examples too.
			return bot.E("schedule.invalid", "Reason", locales.Raw(c.T(be.Key, argsKV(be.Args)...)))
		}
		return err
	}
	if err := c.Tx.SetRule(c.Group, bot.RuleSchedule, s.Encode(), c.Me.ID, c.U.Source); err != nil {
		return err
	}
	c.Say("schedule.set", "Rule", s.String(c.Lang()), "By", c.Me.Name, "Next", locales.Raw(c.nextDates(s)))
	return nil
}

func scheduleShow(c *Ctx) error {
	s, ok := c.groupSchedule()
	if !ok {
		c.Say("schedule.none")
		return nil
	}
	c.Say("schedule.show", "Rule", s.String(c.Lang()), "Next", locales.Raw(c.nextDates(s)))
	return nil
}

func (c *Ctx) nextDates(s schedule.Schedule) string {
	var lines []string
	for _, t := range s.Next(c.Tx.Now(), c.Group.Rules.Location(), 3) {
		lines = append(lines, "• "+c.when(t))
	}
	return strings.Join(lines, "\n")
}

func argsKV(m map[string]any) []any {
	var kv []any
	for k, v := range m {
		kv = append(kv, k, v)
	}
	return kv
}
