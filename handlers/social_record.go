package handlers

import (
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
)

// socialRecord: "/sosial 2000" pays into the social fund, kept apart and
// never shared out; like /setor, a member's own report waits for the
// treasurer, and the treasurer can record for others.
func socialRecord(c *Ctx) error {
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
