package handlers

import (
	"strconv"
	"strings"

	"kelompok/bot"
	"kelompok/bot/schedule"
	"kelompok/locales"
)

// rulesCommand: "/aturan" shows the rules in plain words with who set each
// and when; "/aturan ubah KEY VALUE [alasan]" changes one (the chair; most
// rules go to a group poll first); "/aturan riwayat" lists the changes.
func rulesCommand(c *Ctx) error {
	if len(c.Args) == 0 {
		return rulesShow(c)
	}
	switch strings.ToLower(c.Args[0]) {
	case "ubah", "set", "ganti", "change":
		return rulesSet(c)
	case "riwayat", "history":
		return rulesHistory(c)
	}
	return bot.E("rules.usage")
}

func rulesShow(c *Ctx) error {
	set, err := c.Tx.RulesSet(c.Group.ID)
	if err != nil {
		return err
	}
	var lines []string
	for _, s := range bot.RuleSpecs {
		who := c.T("rules.default")
		if ch, ok := set[s.Key]; ok {
			by := ch.By
			if by == "" {
				by = c.T("rules.by_bot")
			}
			who = c.T("rules.set_by", "Name", by, "Date", c.day(ch.At))
			if ch.PollNo > 0 {
				who = c.T("rules.set_by_poll", "Name", by, "Date", c.day(ch.At), "No", pollRef(ch.PollNo))
			}
		}
		lines = append(lines, c.T("rules.line", "Name", locales.Raw(c.ruleName(s.Key)),
			"Value", locales.Raw(c.ruleValue(s.Key, c.Group.Rules.Value(s.Key))), "Who", locales.Raw(who)))
	}
	c.Say("rules.show", "Lines", locales.Raw(strings.Join(lines, "\n")), "Currency", "IDR")
	return nil
}

func rulesHistory(c *Ctx) error {
	hist, err := c.Tx.RuleHistory(c.Group.ID, 20)
	if err != nil {
		return err
	}
	if len(hist) == 0 {
		c.Say("rules.history_empty")
		return nil
	}
	var lines []string
	for _, h := range hist {
		by := h.By
		if by == "" {
			by = c.T("rules.by_bot")
		}
		why := ""
		if h.Reason != "" {
			why = c.T("rules.history_reason", "Reason", h.Reason)
		}
		if h.PollNo > 0 {
			why += c.T("rules.history_poll", "No", pollRef(h.PollNo))
		}
		lines = append(lines, c.T("rules.history_line", "Date", c.day(h.At), "Name", locales.Raw(c.ruleName(h.Key)),
			"Value", locales.Raw(c.ruleValue(h.Key, h.Value)), "By", by, "Why", locales.Raw(why)))
	}
	c.Say("rules.history", "Lines", locales.Raw(strings.Join(lines, "\n")))
	return nil
}

// ruleName is a rule's plain-word name in the chat's language.
func (c *Ctx) ruleName(key string) string { return c.T("rules.name_" + key) }

// ruleValue writes a stored rule value in plain words.
func (c *Ctx) ruleValue(key, value string) string {
	spec, ok := bot.FindRule(key)
	if !ok {
		switch key {
		case bot.RuleReminderMeeting, bot.RuleReminderSummary, bot.RuleReminderInstallments, bot.RuleReminderMissed:
			// Set with /pengingat: written as /pengingat shows it.
			r := bot.DefaultRules()
			r.Apply(key, value)
			return c.reminderValue(r, key)
		}
		return locales.Value(c.Lang(), value).(string)
	}
	n, _ := strconv.ParseInt(value, 10, 64)
	switch spec.Kind {
	case bot.ValPercentBP:
		return c.T("rules.value_rate", "Rate", c.percent(int(n)))
	case bot.ValMoney:
		return c.T("rules.value_money", "Amount", bot.Money(n))
	case bot.ValBool:
		if value == "true" {
			return c.T("rules.yes")
		}
		return c.T("rules.no")
	case bot.ValChoice:
		return c.T("rules.choice_" + key + "_" + value)
	case bot.ValInt:
		if key == bot.RuleMajorityPct && n >= 100 {
			return c.T("rules.unit_poll_majority_all")
		}
		return c.T("rules.unit_"+key, "N", n)
	case bot.ValSchedule:
		if value == "" {
			return c.T("rules.no_schedule")
		}
		if s, err := schedule.Decode(value); err == nil {
			return locales.Value(c.Lang(), s.String(c.Lang())).(string)
		}
	}
	return locales.Value(c.Lang(), value).(string)
}
