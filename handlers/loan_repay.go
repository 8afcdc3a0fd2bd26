package handlers

import (
	"strconv"
	"strings"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/loans"
	"kelompok/locales"
	"kelompok/storage"
)

// loanRepay: "/bayar 50000 [P3] [@budi]" by the treasurer or the chair,
// who takes the borrower's money: interest due first, then principal (see
// loans.Allocate), booked as a loan_interest and/or a loan_principal
// entry. Without a loan number it is the named member's (or one's own)
// open loan. More than is owed is refused with the exact amount owed.
func loanRepay(c *Ctx) error {
	if !c.hasRole(moneyOfficers...) {
		return bot.E("loan.repay_officer", "Roles", c.roleNames(moneyOfficers))
	}
	amount, rest, err := splitAmount(c, c.Args)
	if err != nil {
		return err
	}
	var l *storage.Loan
	if len(rest) > 0 && isLoanNo(rest[0]) {
		if l, err = c.loanByArg(rest[0]); err != nil {
			return err
		}
		rest = rest[1:]
	}
	borrower := c.Me
	if len(rest) > 0 || len(c.U.Mentions) > 0 {
		if borrower, err = c.otherMember(rest); err != nil {
			return err
		}
	}
	var s *loanState
	if l != nil {
		if (len(rest) > 0 || len(c.U.Mentions) > 0) && l.MemberID != borrower.ID {
			return bot.E("loan.not_found", "No", loanRef(l.No))
		}
		if s, err = c.loanState(l); err != nil {
			return err
		}
	} else if s, err = c.onlyOpenLoan(borrower); err != nil {
		return err
	}
	l = s.l
	ref := loanRef(l.No)
	switch {
	case s.rejected:
		return bot.E("loan.already_rejected", "No", ref)
	case s.disbursed == nil:
		return bot.E("loan.not_disbursed", "No", ref)
	}
	a, err := loans.Allocate(s.loan(), []loans.Payment{s.paid}, amount, c.Tx.Now(), loanPolicy)
	if err != nil {
		return err
	}
	meetingID, err := c.recordMeeting()
	if err != nil {
		return err
	}
	var nos []string
	for _, part := range []struct {
		kind   ledger.Kind
		amount bot.Money
	}{{ledger.LoanInterest, a.Interest}, {ledger.LoanPrincipal, a.Principal}} {
		if part.amount == 0 {
			continue
		}
		e := &storage.Entry{Kind: part.kind, MemberID: l.MemberID, Amount: part.amount, Note: ref, LoanID: l.ID}
		if err := c.bookIn(e, meetingID); err != nil {
			return err
		}
		nos = append(nos, "#"+strconv.FormatInt(e.No, 10))
	}
	name, err := c.memberName(l.MemberID)
	if err != nil {
		return err
	}
	args := []any{"Entries", strings.Join(nos, ", "), "No", ref, "Name", name, "Amount", amount,
		"Interest", a.Interest, "Principal", a.Principal, "Outstanding", a.Outstanding, "By", c.Me.Name,
		"Outside", locales.Raw(c.outsideNote(meetingID))}
	if a.Closed {
		c.Say("loan.repaid_closed", append(args, "Waived", a.Waived)...)
		return nil
	}
	c.Say("loan.repaid", args...)
	return nil
}

// onlyOpenLoan is the member's one paid-out loan still owed.
func (c *Ctx) onlyOpenLoan(m *storage.Member) (*loanState, error) {
	states, err := c.memberLoanStates(m.ID)
	if err != nil {
		return nil, err
	}
	var open []*loanState
	var refs []string
	for _, s := range states {
		if s.disbursed != nil && !s.closed {
			open = append(open, s)
			refs = append(refs, loanRef(s.l.No))
		}
	}
	switch len(open) {
	case 0:
		return nil, bot.E("loan.none_open", "Name", m.Name)
	case 1:
		return open[0], nil
	}
	return nil, bot.E("loan.choose", "Name", m.Name, "Loans", strings.Join(refs, ", "))
}
