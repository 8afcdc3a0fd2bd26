package handlers

import (
	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/loans"
	"kelompok/locales"
)

// balanceShow is the passbook: "/saldo" for oneself, "/saldo @budi" for an
// officer (or for every member when the rules keep the books open). In a private chat it lists the person's groups.
func balanceShow(c *Ctx) error {
	if c.U.Private {
		return startPrivate(c)
	}
	target := c.Me
	if len(c.Args) > 0 {
		var err error
		if target, err = c.otherMember(c.Args); err != nil {
			return err
		}
		if target.ID != c.Me.ID && !c.Me.Role.Officer() && !c.Group.Rules.BooksOpen {
			return bot.E("balance.other_not_allowed")
		}
	}
	tot, err := c.Tx.MemberTotals(c.Group.ID, target.ID)
	if err != nil {
		return err
	}
	s, err := ledger.SavingsOf(tot)
	if err != nil {
		return err
	}
	owed, err := ledger.UnpaidFines(tot)
	if err != nil {
		return err
	}
	loan, next, err := c.memberLoanSummary(target.ID)
	if err != nil {
		return err
	}
	args := []any{"Name", target.Name, "Confirmed", s.Confirmed, "Pending", s.Pending, "Fines", owed,
		"Loan", loan, "Next", locales.Raw(next)}
	if paidIn := tot[ledger.Social][ledger.Confirmed]; paidIn != 0 {
		// The social fund line shows once the member has paid into it.
		args = append(args, "Social", paidIn)
	}
	c.Say("balance.show", args...)
	return nil
}

// memberLoanSummary is the principal a member still owes on paid-out loans
// and their next installment (the earliest, "-" when none).
func (c *Ctx) memberLoanSummary(memberID int64) (bot.Money, string, error) {
	states, err := c.memberLoanStates(memberID)
	if err != nil {
		return 0, "", err
	}
	var total bot.Money
	next := "-"
	var first *loans.LoanStatus
	for _, s := range states {
		if s.disbursed == nil || s.closed {
			continue
		}
		st, err := s.status(c)
		if err != nil {
			return 0, "", err
		}
		if total, err = ledger.Add(total, st.Outstanding); err != nil {
			return 0, "", err
		}
		if st.Next != nil && (first == nil || st.Next.Due.Before(first.Next.Due)) {
			first = &st
		}
	}
	if first != nil {
		next = c.nextInstallment(*first)
	}
	return total, next, nil
}
