package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
)

// incomeRecord: "/pemasukan 150000 jual ayam", by the treasurer or chair.
func incomeRecord(c *Ctx) error { return cashflowRecord(c, ledger.Income) }

// expenseRecord: "/pengeluaran 90000 pakan 3 karung", by the treasurer or
// chair; never more than the cash on hand.
func expenseRecord(c *Ctx) error { return cashflowRecord(c, ledger.Expense) }

func cashflowRecord(c *Ctx, kind ledger.Kind) error {
	amount, rest, err := splitAmount(c, c.Args)
	if err != nil {
		return err
	}
	note, err := c.note(strings.Join(rest, " "), maxNoteLen)
	if err != nil {
		return err
	}
	if note == "" {
		return bot.E("cashflow.note_missing", "Kind", locales.Raw(c.T("kind."+string(kind))))
	}
	_, cash, err := c.groupCash()
	if err != nil {
		return err
	}
	if kind == ledger.Expense && amount > cash {
		return bot.E("cashflow.not_enough_cash", "Cash", cash)
	}
	e := &storage.Entry{Kind: kind, Amount: amount, Note: note}
	if err := c.book(e); err != nil {
		return err
	}
	meetingID := e.MeetingID
	if kind == ledger.Income {
		cash, err = ledger.Add(cash, amount)
	} else {
		cash, err = ledger.Sub(cash, amount)
	}
	if err != nil {
		return err
	}
	c.Say("cashflow.recorded", "No", e.No, "Kind", locales.Raw(c.T("kind."+string(kind))), "Amount", amount,
		"Note", note, "Cash", cash, "By", c.Me.Name, "Outside", locales.Raw(c.outsideNote(meetingID)))
	return nil
}
