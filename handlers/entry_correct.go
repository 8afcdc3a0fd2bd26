package handlers

import (
	"strconv"
	"strings"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
)

// entryCorrect: "/koreksi N alasan" by the treasurer or chair. Entry N is
// never changed: a reversal entry that names it and the reason is booked,
// counted with the opposite sign, and shown to the group with the member's
// name.
func entryCorrect(c *Ctx) error {
	if len(c.Args) < 2 {
		return bot.E("correct.usage")
	}
	no, err := parseEntryNo(c.Args[0])
	if err != nil {
		return err
	}
	reason, err := c.note(strings.Join(c.Args[1:], " "), maxNoteLen)
	if err != nil {
		return err
	}
	e, err := c.Tx.EntryByNo(c.Group.ID, no)
	if err != nil {
		return err
	}
	if e == nil {
		return bot.E("entry.not_found", "No", no)
	}
	switch {
	case e.Reverses != 0:
		return bot.E("correct.of_correction", "No", no)
	case e.LoanID != 0 && e.Kind == ledger.LoanOut:
		// A pay-out is money the borrower holds; it comes back as a
		// repayment, not by undoing the record.
		return bot.E("correct.loan_entry", "No", no)
	case e.Kind == ledger.ProfitPaid || (e.Kind == ledger.Withdrawal && e.Note == shareOutNote):
		// A share-out is booked whole, confirmed by two officers; undoing
		// one member's part would leave a cycle half shared out.
		return bot.E("correct.shareout_entry", "No", no)
	case e.Status() == ledger.Pending:
		return bot.E("correct.pending", "No", no)
	case e.Status() == ledger.Void:
		return bot.E("entry.already_void", "No", no)
	}
	// A repayment is corrected whole: its interest and principal parts
	// together, so the loan's split stays as Allocate made it.
	targets := []*storage.Entry{e}
	if e.LoanID != 0 {
		if targets, err = c.Tx.RepaymentParts(e.LoanID, e.Source); err != nil {
			return err
		}
	}
	for _, t := range targets {
		if by, err := c.Tx.ReversalOf(t.ID); err != nil {
			return err
		} else if by != 0 {
			return bot.E("correct.already", "No", t.No, "By", by)
		}
	}
	// A correction may not leave the books impossible: less cash than
	// nothing, or negative unpaid fines.
	tot, err := c.Tx.GroupTotals(c.Group.ID)
	if err != nil {
		return err
	}
	// The books as they would be after the reversal: neither the cash nor
	// the bank account may go below nothing.
	after := ledger.Totals{}
	for k, bySt := range tot {
		for st, m := range bySt {
			if err := after.Put(k, st, m); err != nil {
				return err
			}
		}
	}
	for _, t := range targets {
		if err := after.Put(t.Kind, ledger.Confirmed, -t.Amount); err != nil {
			return err
		}
	}
	cash, err := ledger.Cash(tot)
	if err != nil {
		return err
	}
	if cashAfter, err := ledger.Cash(after); err != nil {
		return err
	} else if cashAfter < 0 {
		return bot.E("cashflow.not_enough_cash", "Cash", cash)
	}
	bank, err := ledger.Bank(tot)
	if err != nil {
		return err
	}
	if bankAfter, err := ledger.Bank(after); err != nil {
		return err
	} else if bankAfter < 0 {
		return bot.E("bank.not_enough", "Bank", bank)
	}
	if e.LoanID != 0 {
		return c.correctRepayment(e, targets, reason)
	}
	switch e.Kind {
	case ledger.Fine:
		owed, err := c.unpaidFines(e.MemberID)
		if err != nil {
			return err
		}
		if owed < e.Amount {
			return bot.E("correct.fine_paid", "No", no, "Owed", owed)
		}
	case ledger.Deposit:
		// The deposit may have been taken out since (a withdrawal, a
		// share-out): its reversal may not leave the savings below zero.
		sv, err := c.savings(e.MemberID)
		if err != nil {
			return err
		}
		if sv.Confirmed < e.Amount {
			name, err := c.memberName(e.MemberID)
			if err != nil {
				return err
			}
			return bot.E("correct.savings_short", "No", no, "Name", name, "Savings", sv.Confirmed, "Amount", e.Amount)
		}
	case ledger.Social:
		// Likewise the social fund, once help was paid out of it.
		if fund, err := ledger.SocialFund(after); err != nil {
			return err
		} else if fund < 0 {
			social, err := ledger.SocialFund(tot)
			if err != nil {
				return err
			}
			return bot.E("correct.social_short", "No", no, "Fund", social, "Amount", e.Amount)
		}
	}
	r := &storage.Entry{Kind: e.Kind, MemberID: e.MemberID, Amount: e.Amount, Reverses: e.ID, Note: reason}
	if err := c.book(r); err != nil {
		return err
	}
	meetingID := r.MeetingID
	name := "-"
	if e.MemberID != 0 {
		if name, err = c.memberName(e.MemberID); err != nil {
			return err
		}
	}
	c.Say("correct.done", "No", r.No, "Of", e.No, "Kind", locales.Raw(c.T("kind."+string(e.Kind))), "Name", name,
		"Amount", e.Amount, "Reason", reason, "By", c.Me.Name, "Outside", locales.Raw(c.outsideNote(meetingID)))
	if e.Kind == ledger.Deposit {
		// The deposit was money behind a loan: say plainly when the loan
		// is no longer covered by the savings it was lent against.
		sv, err := c.savings(e.MemberID)
		if err != nil {
			return err
		}
		if err := c.checkPledge(e.MemberID, sv.Confirmed, 0); err != nil {
			be, ok := bot.AsError(err)
			if !ok || be.Key != "withdraw.pledged" {
				return err
			}
			c.Say("correct.loan_uncovered", "Name", name, "Savings", sv.Confirmed, "Pledged", be.Args["Pledged"],
				"Loan", be.Args["Loan"])
		}
	}
	return nil
}

// correctRepayment books the reversal of every part of one loan repayment
// and tells the group what the borrower owes now.
func (c *Ctx) correctRepayment(e *storage.Entry, parts []*storage.Entry, reason string) error {
	meetingID, err := c.recordMeeting()
	if err != nil {
		return err
	}
	var total bot.Money
	var of, by []string
	for _, p := range parts {
		r := &storage.Entry{Kind: p.Kind, MemberID: p.MemberID, Amount: p.Amount, Reverses: p.ID, Note: reason, LoanID: p.LoanID}
		if err := c.bookIn(r, meetingID); err != nil {
			return err
		}
		if total, err = ledger.Add(total, p.Amount); err != nil {
			return err
		}
		of = append(of, "#"+strconv.FormatInt(p.No, 10))
		by = append(by, "#"+strconv.FormatInt(r.No, 10))
	}
	l, err := c.Tx.LoanByID(c.Group.ID, e.LoanID)
	if err != nil {
		return err
	}
	s, err := c.loanState(l)
	if err != nil {
		return err
	}
	name, err := c.memberName(e.MemberID)
	if err != nil {
		return err
	}
	c.Say("correct.repayment_done", "Loan", loanRef(l.No), "Of", strings.Join(of, ", "), "By", strings.Join(by, ", "),
		"Amount", total, "Name", name, "Reason", reason, "Officer", c.Me.Name, "Outstanding", s.outstanding,
		"Outside", locales.Raw(c.outsideNote(meetingID)))
	return nil
}
