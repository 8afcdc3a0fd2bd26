package handlers

import (
	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
)

// withdrawalRecord: "/tarik 5000" asks to take savings back (it waits for
// the treasurer, who hands over the cash); the treasurer or chair:
// "/tarik 5000 @budi", booked at once. Never more than the member's
// confirmed savings (less withdrawals still waiting), nor the cash.
func withdrawalRecord(c *Ctx) error {
	amount, target, self, err := c.memberAmount(c.Args)
	if err != nil {
		return err
	}
	if err := c.canWithdraw(target.ID, amount); err != nil {
		return err
	}
	e := &storage.Entry{Kind: ledger.Withdrawal, MemberID: target.ID, Amount: amount, NeedsConfirmation: self && c.Group.Rules.ConfirmSelfReports}
	if err := c.book(e); err != nil {
		return err
	}
	meetingID := e.MeetingID
	s, err := c.savings(target.ID)
	if err != nil {
		return err
	}
	args := []any{"No", e.No, "Name", target.Name, "Amount", amount, "Confirmed", s.Confirmed, "By", c.Me.Name,
		"Outside", locales.Raw(c.outsideNote(meetingID))}
	if e.NeedsConfirmation {
		c.SayButtons(confirmButtons(c, e.No), "withdraw.pending", args...)
		return nil
	}
	c.Say("withdraw.recorded", args...)
	return nil
}

// canWithdraw checks a withdrawal against the member's confirmed savings
// (less withdrawals still waiting) and the cash on hand.
func (c *Ctx) canWithdraw(memberID int64, amount bot.Money) error {
	tot, err := c.Tx.MemberTotals(c.Group.ID, memberID)
	if err != nil {
		return err
	}
	avail, err := ledger.Sub(tot[ledger.Deposit][ledger.Confirmed], tot[ledger.Withdrawal][ledger.Confirmed])
	if err != nil {
		return err
	}
	if avail, err = ledger.Sub(avail, tot[ledger.Withdrawal][ledger.Pending]); err != nil {
		return err
	}
	if amount > avail {
		return bot.E("withdraw.over_savings", "Savings", max(avail, 0))
	}
	return c.needCash(amount)
}

// needCash refuses to pay out more than the cash on hand.
func (c *Ctx) needCash(amount bot.Money) error {
	_, cash, err := c.groupCash()
	if err != nil {
		return err
	}
	if amount > cash {
		return bot.E("cashflow.not_enough_cash", "Cash", cash)
	}
	return nil
}
