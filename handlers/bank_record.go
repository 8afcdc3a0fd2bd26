package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
)

// bankRecord: the group's account at the village bank, by the treasurer or
// chair: "/bank setor 500000" (cash to the bank), "/bank tarik 200000"
// (bank to the cash), "/bank bunga 1500" (interest paid by the bank),
// "/bank biaya 5000" (a bank fee); "/bank" shows the balances.
func bankRecord(c *Ctx) error {
	if len(c.Args) == 0 {
		return bankShow(c)
	}
	var kind ledger.Kind
	switch strings.ToLower(c.Args[0]) {
	case "setor", "deposit":
		kind = ledger.BankDeposit
	case "tarik", "withdraw":
		kind = ledger.BankWithdrawal
	case "bunga", "interest":
		kind = ledger.BankInterest
	case "biaya", "fee":
		kind = ledger.BankFee
	default:
		return bot.E("bank.usage")
	}
	if !c.hasRole(moneyOfficers...) {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("bank")), "Roles", c.roleNames(moneyOfficers))
	}
	amount, rest, err := splitAmount(c, c.Args[1:])
	if err != nil {
		return err
	}
	note, err := c.note(strings.Join(rest, " "), maxNoteLen)
	if err != nil {
		return err
	}
	tot, cash, err := c.groupCash()
	if err != nil {
		return err
	}
	bank, err := ledger.Bank(tot)
	if err != nil {
		return err
	}
	switch {
	case kind == ledger.BankDeposit && amount > cash:
		return bot.E("cashflow.not_enough_cash", "Cash", cash)
	case (kind == ledger.BankWithdrawal || kind == ledger.BankFee) && amount > bank:
		return bot.E("bank.not_enough", "Bank", bank)
	}
	e := &storage.Entry{Kind: kind, Amount: amount, Note: note}
	if err := c.book(e); err != nil {
		return err
	}
	meetingID := e.MeetingID
	// The balances after it: the entry, booked confirmed, added to the
	// totals read above.
	if err := tot.Put(kind, ledger.Confirmed, amount); err != nil {
		return err
	}
	if cash, err = ledger.Cash(tot); err != nil {
		return err
	}
	if bank, err = ledger.Bank(tot); err != nil {
		return err
	}
	c.Say("bank.recorded", "No", e.No, "Kind", locales.Raw(c.T("kind."+string(kind))), "Amount", amount,
		"Cash", cash, "Bank", bank, "By", c.Me.Name, "Outside", locales.Raw(c.outsideNote(meetingID)))
	return nil
}

func bankShow(c *Ctx) error {
	tot, cash, err := c.groupCash()
	if err != nil {
		return err
	}
	bank, err := ledger.Bank(tot)
	if err != nil {
		return err
	}
	c.Say("bank.show", "Cash", cash, "Bank", bank)
	return nil
}
