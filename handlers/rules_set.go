package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/locales"
	"kelompok/storage"
)

// rulesSet: "/aturan ubah bunga 2% [alasan]" by the chair. The rule is
// named by its plain words ("bunga", "denda_telat", "denda telat") or its
// key; the value is checked by the rule's kind. A rule that needs the
// group's agreement goes to a poll and changes only when it passes; the
// others (language, time zone) change at once. Either way the change is
// kept in the history with its reason.
func rulesSet(c *Ctx) error {
	if c.Me == nil {
		return bot.E("error.not_member")
	}
	if c.Me.Role != bot.RoleChair {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("aturan"))+" "+c.Args[0], "Roles", c.roleNames([]bot.Role{bot.RoleChair}))
	}
	args := c.Args[1:]
	if len(args) < 2 {
		return bot.E("rules.set_usage")
	}
	spec, ok := bot.FindRule(args[0])
	used := 1
	if len(args) >= 3 {
		if two, ok2 := bot.FindRule(args[0] + "_" + args[1]); ok2 {
			spec, ok, used = two, true, 2
		}
	}
	if !ok {
		return bot.E("rules.unknown", "Input", args[0])
	}
	if spec.Kind == bot.ValSchedule {
		return bot.E("rules.use_schedule")
	}
	rest := args[used:]
	value, err := spec.Parse(rest[0], c.r.cfg.MaxAmount)
	if err != nil {
		return err
	}
	reason, err := c.note(strings.Join(rest[1:], " "), maxNoteLen)
	if err != nil {
		return err
	}
	name, shown := locales.Raw(c.ruleName(spec.Key)), locales.Raw(c.ruleValue(spec.Key, value))
	if c.Group.Rules.Value(spec.Key) == value {
		return bot.E("rules.unchanged", "Name", name, "Value", shown)
	}
	if !spec.NeedsPoll {
		if err := c.Tx.ChangeRule(c.Group, spec.Key, value, c.Me.ID, reason, 0, c.U.Source); err != nil {
			return err
		}
		c.Say("rules.changed", "Name", name, "Value", shown, "By", c.Me.Name)
		return nil
	}
	// One poll per rule at a time: two open polls on the same rule could
	// both pass, and the later close would undo the group's later choice.
	open, err := c.Tx.OpenPolls(c.Group.ID)
	if err != nil {
		return err
	}
	for _, p := range open {
		if p.Kind == storage.PollRule && p.RuleKey == spec.Key {
			return bot.E("rules.poll_open", "Name", name, "No", pollRef(p.No),
				"Value", locales.Raw(c.ruleValue(spec.Key, p.RuleValue)), "Closes", c.when(p.ClosesAt))
		}
	}
	question := stripMarkup(c.T("rules.poll_question", "Name", name, "Value", shown))
	_, err = c.openPoll(&storage.Poll{Kind: storage.PollRule, Question: question, Options: c.yesNo(),
		RuleKey: spec.Key, RuleValue: value, RuleFrom: c.Group.Rules.Value(spec.Key), Reason: reason})
	return err
}
