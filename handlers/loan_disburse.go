package handlers

import (
	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/loans"
	"kelompok/locales"
	"kelompok/storage"
)

// loanDisburse: "/cairkan P3" by the treasurer or the chair, once both
// offices approved: the cash goes to the borrower, booked as a loan_out
// entry in the open meeting (if any). The schedule counts from now.
func loanDisburse(c *Ctx) error {
	l, err := c.decidableLoan()
	if err != nil {
		return err
	}
	ref := loanRef(l.No)
	roster, err := c.roster()
	if err != nil {
		return err
	}
	byPoll, err := c.Tx.LoanPassedByPoll(l.ID)
	if err != nil {
		return err
	}
	if !byPoll && !loanApproved(l, roster) {
		if c.Group.Rules.LoanApproval == "poll" {
			// Loans are the group's decision: say which poll it waits for.
			p, err := c.Tx.LoanPoll(l.ID)
			if err != nil {
				return err
			}
			if p != nil {
				return bot.E("loan.waits_for_poll", "No", ref, "Poll", pollRef(p.No), "Closes", c.when(p.ClosesAt))
			}
			return bot.E("loan.no_poll", "No", ref)
		}
		return bot.E("loan.not_approved", "No", ref, "Count", len(l.Approvers()))
	}
	_, cash, err := c.groupCash()
	if err != nil {
		return err
	}
	if l.Principal > cash {
		return bot.E(loans.KeyOverCash, "Cash", cash, "Amount", l.Principal)
	}
	// The savings may have gone down since the request: the limit holds
	// at the pay-out too.
	savings, err := c.lendableSavings(l.MemberID)
	if err != nil {
		return err
	}
	r := c.Group.Rules
	if limit := loans.Limit(savings, r.LoanMultiple); l.Principal > limit {
		return bot.E(loans.KeyOverLimit, "Limit", limit, "Amount", l.Principal, "Savings", savings, "Multiple", r.LoanMultiple)
	}
	states, err := c.memberLoanStates(l.MemberID)
	if err != nil {
		return err
	}
	if err := withinLimit(states, l.ID, l.Principal, savings, r.LoanMultiple, false); err != nil {
		return err
	}
	e := &storage.Entry{Kind: ledger.LoanOut, MemberID: l.MemberID, Amount: l.Principal, Note: ref, LoanID: l.ID}
	if err := c.book(e); err != nil {
		return err
	}
	meetingID := e.MeetingID
	if err := c.Tx.AddLoanEvent(l, storage.LoanDisbursed, c.Me.ID, meetingID, c.U.Source); err != nil {
		return err
	}
	s, err := c.loanState(l)
	if err != nil {
		return err
	}
	cash, err = ledger.Sub(cash, l.Principal)
	if err != nil {
		return err
	}
	c.Say("loan.disbursed", "No", ref, "Entry", e.No, "Name", nameOf(roster, l.MemberID), "Amount", l.Principal, "Cash", cash, "By", c.Me.Name,
		"Lines", locales.Raw(c.scheduleLines(s.schedule)), "Outside", locales.Raw(c.outsideNote(meetingID)))
	return nil
}
