package handlers

import (
	"strings"

	"kelompok/bot/ledger"
)

// fundShow shows the group's totals, open to every member: total savings
// confirmed and pending, and who has not deposited this week.
func fundShow(c *Ctx) error {
	tot, err := c.Tx.GroupTotals(c.Group.ID)
	if err != nil {
		return err
	}
	s, err := ledger.SavingsOf(tot)
	if err != nil {
		return err
	}
	members, err := c.Tx.Members(c.Group.ID)
	if err != nil {
		return err
	}
	week := weekStart(c.Tx.Now(), c.Group.Rules)
	missing, err := c.Tx.MembersWithoutDeposit(c.Group.ID, week)
	if err != nil {
		return err
	}
	cash, err := ledger.Cash(tot)
	if err != nil {
		return err
	}
	owed, err := ledger.UnpaidFines(tot)
	if err != nil {
		return err
	}
	bank, err := ledger.Bank(tot)
	if err != nil {
		return err
	}
	social, err := ledger.SocialFund(tot)
	if err != nil {
		return err
	}
	lent, err := ledger.LoansOutstanding(tot)
	if err != nil {
		return err
	}
	earned, err := ledger.RetainedEarnings(tot)
	if err != nil {
		return err
	}
	// The fund both ways: where the money is (cash, bank, loans) and whose
	// it is (savings, social fund, the group's earnings). The identity
	// makes the two totals equal; the earnings are listed by where they
	// came from so a member can check them.
	total, err := ledger.Add(cash, bank)
	if err == nil {
		total, err = ledger.Add(total, lent)
	}
	if err != nil {
		return err
	}
	args := []any{"Loans", lent, "Group", c.Group.Title, "Confirmed", s.Confirmed, "Pending", s.Pending, "Count", len(members),
		"Cash", cash, "Income", tot[ledger.Income][ledger.Confirmed], "Expenses", tot[ledger.Expense][ledger.Confirmed],
		"FinesPaid", tot[ledger.FinePayment][ledger.Confirmed], "Fines", owed, "Bank", bank, "Social", social, "Total", total,
		"LoanInterest", tot[ledger.LoanInterest][ledger.Confirmed], "BankInterest", tot[ledger.BankInterest][ledger.Confirmed],
		"BankFees", tot[ledger.BankFee][ledger.Confirmed], "Earnings", earned}
	if shared := tot[ledger.ProfitPaid][ledger.Confirmed]; shared != 0 {
		// Profit paid out at share-outs: shown once there is some.
		args = append(args, "Shared", shared)
	}
	c.Say("fund.show", args...)
	if len(members) == 0 {
		return nil
	}
	if len(missing) == 0 {
		c.Say("fund.all_deposited", "Since", week.Format("02/01"))
		return nil
	}
	names := make([]string, len(missing))
	for i, m := range missing {
		names[i] = m.Name
	}
	c.Say("fund.not_deposited", "Since", week.Format("02/01"), "Count", len(missing), "Names", strings.Join(names, ", "))
	return nil
}
