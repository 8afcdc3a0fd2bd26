package handlers

import (
	"kelompok/bot"
	"kelompok/bot/ledger"
)

// reportUndo withdraws the sender's own last report that is still waiting
// for confirmation. Confirmed entries are corrected by the treasurer, never
// undone.
func reportUndo(c *Ctx) error {
	e, err := c.Tx.LastPendingBy(c.Group.ID, c.Me.ID)
	if err != nil {
		return err
	}
	if e == nil {
		return bot.E("undo.nothing")
	}
	mid, err := c.openMeetingID()
	if err != nil {
		return err
	}
	if err := c.Tx.Decide(e, ledger.DecisionWithdrawn, c.Me.ID, mid, c.U.Source); err != nil {
		return err
	}
	c.Say("undo.done", "No", e.No, "Amount", e.Amount)
	return nil
}
