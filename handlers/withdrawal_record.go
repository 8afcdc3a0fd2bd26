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
	avail, err := c.lendableSavings(memberID)
	if err != nil {
		return err
	}
	if amount > avail {
		return bot.E("withdraw.over_savings", "Savings", max(avail, 0))
	}
	if err := c.checkPledge(memberID, avail, amount); err != nil {
		return err
	}
	return c.needCash(amount)
}

// checkPledge keeps a borrower's savings behind their loans: a loan was
// lent up to the multiple of the savings in force when it was asked for,
// so while its principal is owed the savings may not fall below that
// principal divided by that multiple (rounded up), summed over the loans.
// avail is what the member could take otherwise.
func (c *Ctx) checkPledge(memberID int64, avail, amount bot.Money) error {
	states, err := c.memberLoanStates(memberID)
	if err != nil {
		return err
	}
	var owed, pledged bot.Money
	mult := 0
	for _, s := range states {
		if s.disbursed == nil || s.closed {
			continue
		}
		r, err := c.Tx.RulesAt(c.Group.ID, s.l.RequestedAt)
		if err != nil {
			return err
		}
		m := bot.Money(max(r.LoanMultiple, 1))
		if mult == 0 || int(m) < mult {
			mult = int(m)
		}
		if owed, err = ledger.Add(owed, s.outstanding); err != nil {
			return err
		}
		if pledged, err = ledger.Add(pledged, (s.outstanding+m-1)/m); err != nil {
			return err
		}
	}
	if pledged > 0 && avail-amount < pledged {
		return bot.E("withdraw.pledged", "Pledged", pledged, "Loan", owed, "Multiple", mult, "Free", max(avail-pledged, 0))
	}
	return nil
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
