package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/bot/reminders"
	"kelompok/bot/schedule"
	"kelompok/locales"
)

// reminderSet: "/pengingat" shows the group's reminder settings; the chair
// changes them (they are group rules: an officer who borrowed must not be
// able to silence the overdue reminders naming borrowers), and each change
// is kept in the rules history (/aturan riwayat) as the chair's direct
// rule changes are:
//
//	/pengingat rapat 1 hari 1 jam | rapat mati | rapat nyala   (meeting reminders)
//	/pengingat ringkasan Minggu 18:00 | ringkasan mati          (weekly summary)
//	/pengingat cicilan grup | pribadi | mati                   (installments)
//	/pengingat terlewat nyala | mati                           (missed meeting)
//
// English words work too: meeting, summary, installments, missed, on, off,
// group, private.
func reminderSet(c *Ctx) error {
	if len(c.Args) == 0 {
		return reminderShow(c)
	}
	if c.Me == nil {
		return bot.E("error.not_member")
	}
	if c.Me.Role != bot.RoleChair {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("pengingat")), "Roles", c.roleNames([]bot.Role{bot.RoleChair}))
	}
	what := strings.ToLower(c.Args[0])
	rest := strings.TrimSpace(strings.TrimPrefix(c.Raw, c.Args[0]))
	word := strings.ToLower(rest)
	var key, value string
	switch what {
	case "rapat", "meeting", "meetings":
		key = bot.RuleReminderMeeting
		switch {
		case isOff(word):
			value = "off"
		case isOn(word) || word == "":
			value = reminders.EncodeOffsets(reminders.Defaults().MeetingBefore)
		default:
			o, err := reminders.ParseOffsets(rest)
			if err != nil {
				return err
			}
			value = reminders.EncodeOffsets(o)
		}
	case "ringkasan", "summary":
		key = bot.RuleReminderSummary
		switch {
		case isOff(word):
			value = "off"
		case isOn(word) || word == "":
			value = reminders.EncodeWeekly(reminders.Defaults().Summary)
		default:
			s, err := schedule.Parse(rest, c.Tx.Now(), c.Group.Rules.Location())
			if err != nil || s.Kind != schedule.Weekly || s.Every > 1 || s.Place != "" {
				return bot.E("reminders.bad_summary", "Input", rest)
			}
			value = reminders.EncodeWeekly(&reminders.Weekly{Weekday: s.Weekday, Hour: s.Hour, Minute: s.Minute})
		}
	case "cicilan", "angsuran", "installments", "installment":
		key = bot.RuleReminderInstallments
		switch {
		case isOff(word):
			value = string(reminders.Off)
		case word == "grup" || word == "group" || isOn(word):
			value = string(reminders.Group)
		case word == "pribadi" || word == "private":
			value = string(reminders.Private)
		default:
			return bot.E("reminders.bad_installments", "Input", rest)
		}
	case "terlewat", "missed":
		key = bot.RuleReminderMissed
		switch {
		case isOff(word):
			value = "off"
		case isOn(word) || word == "":
			value = "on"
		default:
			return bot.E("reminders.bad_switch", "Input", rest)
		}
	default:
		return bot.E("reminders.usage")
	}
	if err := c.Tx.ChangeRule(c.Group, key, value, c.Me.ID, "", 0, c.U.Source); err != nil {
		return err
	}
	c.Say("reminders.changed", "By", c.Me.Name)
	return reminderShow(c)
}

func isOff(w string) bool {
	switch w {
	case "off", "mati", "nonaktif", "tidak", "no":
		return true
	}
	return false
}

func isOn(w string) bool {
	switch w {
	case "on", "nyala", "aktif", "ya", "yes":
		return true
	}
	return false
}

// reminderShow lists the settings in force.
func reminderShow(c *Ctx) error {
	r := c.Group.Rules
	c.Say("reminders.show", "Meeting", locales.Raw(c.reminderValue(r, bot.RuleReminderMeeting)),
		"Summary", c.reminderValue(r, bot.RuleReminderSummary),
		"Installments", c.reminderValue(r, bot.RuleReminderInstallments),
		"Missed", c.reminderValue(r, bot.RuleReminderMissed), "Zone", r.TimeZone)
	return nil
}

// reminderValue writes one reminder setting of rules in plain words.
func (c *Ctx) reminderValue(r bot.Rules, key string) string {
	s := reminders.FromRules(r)
	switch key {
	case bot.RuleReminderMeeting:
		if len(s.MeetingBefore) == 0 {
			return c.T("reminders.off")
		}
		parts := make([]string, len(s.MeetingBefore))
		for i, d := range s.MeetingBefore {
			parts[i] = c.duration(d)
		}
		return c.T("reminders.meeting_offsets", "Offsets", strings.Join(parts, ", "))
	case bot.RuleReminderSummary:
		if w := s.Summary; w != nil {
			return c.T("weekday."+strings.ToLower(w.Weekday.String())) + " " + twoDigit(w.Hour) + ":" + twoDigit(w.Minute)
		}
		return c.T("reminders.off")
	case bot.RuleReminderInstallments:
		return c.T(map[reminders.Delivery]string{reminders.Group: "reminders.delivery_group",
			reminders.Private: "reminders.delivery_private", reminders.Off: "reminders.delivery_off"}[s.Installments])
	case bot.RuleReminderMissed:
		if s.Missed {
			return c.T("reminders.on")
		}
		return c.T("reminders.off")
	}
	return ""
}

func twoDigit(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}
