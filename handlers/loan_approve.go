package handlers

import (
	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/storage"
)

// loanApprovers are the offices that both approve a loan.
var loanApprovers = []bot.Role{bot.RoleChair, bot.RoleTreasurer}

// loanApprove: "/setujui P3" by the chair or the treasurer. A loan is
// approved when both offices have approved it (two different members);
// nobody approves their own loan.
func loanApprove(c *Ctx) error {
	l, err := c.decidableLoan()
	if err != nil {
		return err
	}
	ref := loanRef(l.No)
	if c.Group.Rules.LoanApproval == "poll" {
		return c.loanByPoll(l)
	}
	roster, err := c.roster()
	if err != nil {
		return err
	}
	if !c.Me.Role.CanHandleMoney() && c.Me.Role != bot.RoleSecretary {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("setujui")), "Roles", c.roleNames(loanApprovers))
	}
	if l.MemberID == c.Me.ID {
		return bot.E("loan.own_approval", "No", ref)
	}
	mine := approvingOffice(c.Me.Role, roleOf(roster, l.MemberID))
	if mine == "" {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("setujui")), "Roles", c.roleNames(loanApprovers))
	}
	for _, by := range l.Approvers() {
		if by == c.Me.ID {
			return bot.E("loan.already_approved", "No", ref, "Name", c.Me.Name)
		}
		// An office approves once, whoever holds it now.
		if approvingOffice(roleOf(roster, by), roleOf(roster, l.MemberID)) == mine {
			return bot.E("loan.already_approved", "No", ref, "Name", nameOf(roster, by))
		}
	}
	mid, err := c.openMeetingID()
	if err != nil {
		return err
	}
	if err := c.Tx.AddLoanEvent(l, storage.LoanApproved, c.Me.ID, mid, c.U.Source); err != nil {
		return err
	}
	if loanApproved(l, roster) {
		c.Say("loan.ready", "No", ref, "Name", nameOf(roster, l.MemberID), "Amount", l.Principal, "By", c.Me.Name)
		return nil
	}
	other := bot.RoleTreasurer
	if mine == bot.RoleTreasurer {
		other = bot.RoleChair
	}
	c.Say("loan.approved", "No", ref, "Name", nameOf(roster, l.MemberID), "Amount", l.Principal, "By", c.Me.Name,
		"Role", c.roleNames([]bot.Role{other}))
	return nil
}

// loanApproved reports whether the loan's approvals are, now, one by the
// chair and one by the treasurer, from two people who still hold those
// offices: an approval by someone who has since left the office no longer
// counts (the new officer approves again).
func loanApproved(l *storage.Loan, roster map[int64]*storage.Member) bool {
	offices := map[bot.Role]bool{}
	for _, by := range l.Approvers() {
		if r := approvingOffice(roleOf(roster, by), roleOf(roster, l.MemberID)); r != "" {
			offices[r] = true
		}
	}
	return offices[bot.RoleChair] && offices[bot.RoleTreasurer]
}

// approvingOffice is the office in whose name someone approves a loan:
// the chair's or the treasurer's; when the borrower holds one of those, the
// secretary stands in for it (nobody approves their own loan). "" if the
// person may not approve this loan.
func approvingOffice(approver, borrower bot.Role) bot.Role {
	switch {
	case approver == bot.RoleChair || approver == bot.RoleTreasurer:
		return approver
	case approver == bot.RoleSecretary && (borrower == bot.RoleChair || borrower == bot.RoleTreasurer):
		return borrower
	}
	return ""
}

// lendableSavings is what a member can draw on: confirmed savings less
// withdrawals still waiting. A loan limit counts it, and a withdrawal may
// not exceed it.
func (c *Ctx) lendableSavings(memberID int64) (bot.Money, error) {
	tot, err := c.Tx.MemberTotals(c.Group.ID, memberID)
	if err != nil {
		return 0, err
	}
	s, err := ledger.SavingsOf(tot)
	if err != nil {
		return 0, err
	}
	return ledger.Sub(s.Confirmed, tot[ledger.Withdrawal][ledger.Pending])
}

// loanReject: "/tolak P3" by the chair or the treasurer, before the pay-out.
func loanReject(c *Ctx) error {
	l, err := c.decidableLoan()
	if err != nil {
		return err
	}
	mid, err := c.openMeetingID()
	if err != nil {
		return err
	}
	if err := c.Tx.AddLoanEvent(l, storage.LoanRejected, c.Me.ID, mid, c.U.Source); err != nil {
		return err
	}
	name, err := c.memberName(l.MemberID)
	if err != nil {
		return err
	}
	c.Say("loan.rejected", "No", loanRef(l.No), "Name", name, "Amount", l.Principal, "By", c.Me.Name)
	return nil
}

// decidableLoan is the loan the first argument names, if it still waits
// for a decision: not rejected and not paid out.
func (c *Ctx) decidableLoan() (*storage.Loan, error) {
	if len(c.Args) == 0 {
		return nil, bot.E("loan.number_missing")
	}
	l, err := c.loanByArg(c.Args[0])
	if err != nil {
		return nil, err
	}
	switch {
	case l.Event(storage.LoanRejected) != nil:
		return nil, bot.E("loan.already_rejected", "No", loanRef(l.No))
	case l.Event(storage.LoanDisbursed) != nil:
		return nil, bot.E("loan.already_disbursed", "No", loanRef(l.No))
	}
	return l, nil
}
