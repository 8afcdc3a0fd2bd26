package handlers

import (
	"kelompok/bot"
	"kelompok/bot/ledger"
)

// balanceShow is the passbook: "/saldo" for oneself, "/saldo @budi" for an
// officer. In a private chat it lists the person's groups.
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
		if target.ID != c.Me.ID && !c.Me.Role.Officer() {
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
	c.Say("balance.show", "Name", target.Name, "Confirmed", s.Confirmed, "Pending", s.Pending, "Fines", owed)
	return nil
}
