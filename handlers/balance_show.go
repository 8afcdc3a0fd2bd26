package handlers

import (
	"kelompok/bot"
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
	s, err := c.savings(target.ID)
	if err != nil {
		return err
	}
	c.Say("balance.show", "Name", target.Name, "Confirmed", s.Confirmed, "Pending", s.Pending)
	return nil
}
