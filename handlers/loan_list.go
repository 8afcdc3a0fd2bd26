package handlers

import (
	"strings"

	"kelompok/bot/loans"
	"kelompok/locales"
)

// loanList: "/pinjaman" lists the group's open loans, open to every member:
// borrower, principal outstanding, the next installment and what is overdue;
// then the loans still waiting for approval or pay-out.
func loanList(c *Ctx) error {
	states, err := c.groupLoanStates()
	if err != nil {
		return err
	}
	roster, err := c.roster()
	if err != nil {
		return err
	}
	var lines []string
	for _, s := range states {
		l := s.l
		if !s.open() {
			continue
		}
		name := nameOf(roster, l.MemberID)
		if s.disbursed == nil {
			lines = append(lines, c.T("loan.list_waiting", "No", loanRef(l.No), "Name", name, "Amount", l.Principal,
				"Count", len(l.Approvers())))
			continue
		}
		st, err := s.status(c)
		if err != nil {
			return err
		}
		lines = append(lines, c.T("loan.list_line", "No", loanRef(l.No), "Name", name, "Outstanding", st.Outstanding,
			"Next", locales.Raw(c.nextInstallment(st)), "Overdue", locales.Raw(c.overdueNote(st))))
	}
	if len(lines) == 0 {
		c.Say("loan.list_none")
		return nil
	}
	c.Say("loan.list", "Count", len(lines), "Lines", locales.Raw(strings.Join(lines, "\n")))
	return nil
}

// nextInstallment is the next installment's date and what is left of it.
func (c *Ctx) nextInstallment(st loans.LoanStatus) string {
	if st.Next == nil {
		return "-"
	}
	return c.T("loan.next", "Due", st.Next.Due.Format("02/01/2006"), "Amount", st.NextOwed)
}

// overdueNote says what is overdue, or nothing.
func (c *Ctx) overdueNote(st loans.LoanStatus) string {
	if st.Overdue.Count == 0 {
		return ""
	}
	return c.T("loan.overdue", "Count", st.Overdue.Count, "Amount", st.Overdue.Amount, "Days", st.Overdue.Days)
}
