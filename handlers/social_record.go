package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
)

// socialRecord: "/sosial 2000" pays into the social fund, kept apart and
// never shared out; like /setor, a member's own report waits for the
// treasurer, and the treasurer can record for others.
func socialRecord(c *Ctx) error {
	if len(c.Args) > 0 {
		switch strings.ToLower(c.Args[0]) {
		case "bayar", "pay":
			return socialPay(c, c.Args[1:])
		}
	}
	amount, target, self, err := c.memberAmount(c.Args)
	if err != nil {
		return err
	}
	e := &storage.Entry{Kind: ledger.Social, MemberID: target.ID, Amount: amount, NeedsConfirmation: self && c.Group.Rules.ConfirmSelfReports}
	if err := c.book(e); err != nil {
		return err
	}
	meetingID := e.MeetingID
	tot, err := c.Tx.GroupTotals(c.Group.ID)
	if err != nil {
		return err
	}
	fund, err := ledger.SocialFund(tot)
	if err != nil {
		return err
	}
	args := []any{"No", e.No, "Name", target.Name, "Amount", amount, "Fund", fund, "By", c.Me.Name,
		"Outside", locales.Raw(c.outsideNote(meetingID))}
	if e.NeedsConfirmation {
		c.SayButtons(confirmButtons(c, e.No), "social.pending", args...)
		return nil
	}
	c.Say("social.recorded", args...)
	return nil
}

// socialPay: "/sosial bayar 100000 @budi sakit" by the treasurer or chair
// pays help out of the social fund to a member: never more than the fund
// nor the cash, and always with the reason, which the group sees.
func socialPay(c *Ctx, args []string) error {
	if !c.hasRole(moneyOfficers...) {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("sosial"))+" "+args0(c.Args), "Roles", c.roleNames(moneyOfficers))
	}
	amount, rest, err := splitAmount(c, args)
	if err != nil {
		if be, ok := bot.AsError(err); ok && be.Key == "money.missing" {
			return bot.E("social.pay_usage")
		}
		return err
	}
	target, rest, err := c.leadingMember(rest)
	if err != nil {
		return err
	}
	if target == nil {
		return bot.E("social.pay_usage")
	}
	reason, err := c.note(strings.Join(rest, " "), maxNoteLen)
	if err != nil {
		return err
	}
	if reason == "" {
		return bot.E("social.pay_reason_missing")
	}
	tot, cash, err := c.groupCash()
	if err != nil {
		return err
	}
	fund, err := ledger.SocialFund(tot)
	if err != nil {
		return err
	}
	if amount > fund {
		return bot.E("social.over_fund", "Fund", fund, "Amount", amount)
	}
	if amount > cash {
		return bot.E("cashflow.not_enough_cash", "Cash", cash)
	}
	e := &storage.Entry{Kind: ledger.SocialPayout, MemberID: target.ID, Amount: amount, Note: reason}
	if err := c.book(e); err != nil {
		return err
	}
	left, err := ledger.Sub(fund, amount)
	if err != nil {
		return err
	}
	c.Say("social.paid", "No", e.No, "Name", target.Name, "Amount", amount, "Reason", reason, "Fund", left,
		"By", c.Me.Name, "Outside", locales.Raw(c.outsideNote(e.MeetingID)))
	return nil
}

// args0 is the first argument as typed ("" if none).
func args0(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}
