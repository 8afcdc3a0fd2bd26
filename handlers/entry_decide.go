package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
)

// entryConfirm: "/terima N" or the ✅ button, by the treasurer or chair.
func entryConfirm(c *Ctx) error { return entryDecide(c, ledger.DecisionConfirmed) }

// entryReject: "/tolak N" or the ❌ button, by the treasurer or chair.
// "/tolak P3" rejects loan P3 instead.
func entryReject(c *Ctx) error {
	if len(c.Args) > 0 && isLoanNo(c.Args[0]) {
		return loanReject(c)
	}
	return entryDecide(c, ledger.DecisionRejected)
}

func entryDecide(c *Ctx, d ledger.Decision) error {
	if len(c.Args) == 0 {
		return bot.E("entry.number_missing")
	}
	e, err := c.entryArg(c.Args[0])
	if err != nil {
		return err
	}
	no := e.No
	if e.RequestedBy == c.Me.ID && e.Status() == ledger.Pending {
		return bot.E("entry.own_report", "No", no)
	}
	if d == ledger.DecisionConfirmed && e.Kind == ledger.Withdrawal && e.Status() == ledger.Pending {
		// The savings and the cash may have changed since it was asked.
		if err := c.canConfirmWithdrawal(e); err != nil {
			return err
		}
	}
	if d == ledger.DecisionConfirmed && e.Kind == ledger.FinePayment && e.Status() == ledger.Pending {
		// The fines may have been corrected since it was reported.
		if err := c.canConfirmFinePayment(e); err != nil {
			return err
		}
	}
	mid, err := c.openMeetingID()
	if err != nil {
		return err
	}
	if err := c.Tx.Decide(e, d, c.Me.ID, mid, c.U.Source); err != nil {
		return err
	}
	name, err := c.memberName(e.MemberID)
	if err != nil {
		return err
	}
	// The member's savings and unpaid fines now, from one reading.
	tot, err := c.Tx.MemberTotals(c.Group.ID, e.MemberID)
	if err != nil {
		return err
	}
	s, err := ledger.SavingsOf(tot)
	if err != nil {
		return err
	}
	key := "entry.confirmed"
	if d == ledger.DecisionRejected {
		key = "entry.rejected"
	}
	owed, err := ledger.UnpaidFines(tot)
	if err != nil {
		return err
	}
	text := c.T(key, "No", e.No, "Kind", locales.Raw(c.T("kind."+string(e.Kind))), "Name", name, "Amount", e.Amount,
		"By", c.Me.Name, "Confirmed", s.Confirmed, "Pending", s.Pending, "IsFine", e.Kind == ledger.FinePayment, "Owed", owed)
	if c.U.Kind == bot.KindButton {
		// Replace the report's buttons with the outcome, and answer the press.
		c.out = append(c.out, bot.Reply{Chat: c.U.Chat, Text: text, Edit: c.U.MessageID})
		c.Notice(key+"_notice", "No", e.No)
		return nil
	}
	c.SayText(text)
	return nil
}

func (c *Ctx) memberName(id int64) (string, error) {
	m, err := c.Tx.MemberByID(c.Group.ID, id)
	if err != nil || m == nil {
		return "?", err
	}
	return m.Name, nil
}

// entryArg finds the entry a command quotes ("12" or "#12") in this group.
func (c *Ctx) entryArg(s string) (*storage.Entry, error) {
	no, err := parseEntryNo(s)
	if err != nil {
		return nil, err
	}
	e, err := c.Tx.EntryByNo(c.Group.ID, no)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, bot.E("entry.not_found", "No", no)
	}
	return e, nil
}

// entryPending lists the reports waiting for confirmation, with the
// numbers to quote in /terima and /tolak.
func entryPending(c *Ctx) error {
	es, err := c.Tx.PendingEntries(c.Group.ID)
	if err != nil {
		return err
	}
	if len(es) == 0 {
		c.Say("entry.none_pending")
		return nil
	}
	roster, err := c.roster()
	if err != nil {
		return err
	}
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = c.T("entry.pending_line", "No", e.No, "Kind", locales.Raw(c.T("kind."+string(e.Kind))), "Name", nameOf(roster, e.MemberID), "Amount", e.Amount)
	}
	c.Say("entry.pending_list", "Count", len(es), "Lines", locales.Raw(strings.Join(lines, "\n")))
	return nil
}

// canConfirmWithdrawal checks a pending withdrawal against the member's
// confirmed savings and the cash, as they are now.
func (c *Ctx) canConfirmWithdrawal(e *storage.Entry) error {
	s, err := c.savings(e.MemberID)
	if err != nil {
		return err
	}
	if e.Amount > s.Confirmed {
		return bot.E("withdraw.over_savings", "Savings", max(s.Confirmed, 0))
	}
	if err := c.checkPledge(e.MemberID, s.Confirmed, e.Amount); err != nil {
		return err
	}
	return c.needCash(e.Amount)
}

// canConfirmFinePayment checks a pending fine payment against the fines
// the member owes now: never more than is owed.
func (c *Ctx) canConfirmFinePayment(e *storage.Entry) error {
	owed, err := c.unpaidFines(e.MemberID)
	if err != nil {
		return err
	}
	if owed <= 0 || e.Amount > owed {
		name, err := c.memberName(e.MemberID)
		if err != nil {
			return err
		}
		if owed <= 0 {
			return bot.E("fine.nothing_owed", "Name", name)
		}
		return bot.E("fine.overpay", "Name", name, "Owed", owed)
	}
	return nil
}
