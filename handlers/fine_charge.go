package handlers

import (
	"strings"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
)

var moneyOfficers = []bot.Role{bot.RoleTreasurer, bot.RoleChair}

// fineCommand: "/denda @budi 2000 terlambat" charges a fine (treasurer or
// chair); "/denda bayar 2000 [@budi]" pays fines; "/denda" lists who owes.
func fineCommand(c *Ctx) error {
	if len(c.Args) == 0 {
		return fineList(c)
	}
	switch strings.ToLower(c.Args[0]) {
	case "bayar", "pay":
		return finePay(c, c.Args[1:])
	}
	return fineCharge(c)
}

func fineCharge(c *Ctx) error {
	if !c.hasRole(moneyOfficers...) {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("denda")), "Roles", c.roleNames(moneyOfficers))
	}
	// "/denda @budi 2000 alasan", "/denda Mbah Karto 2000 alasan" or
	// "/denda 2000 @budi alasan".
	target, args, err := c.leadingMember(c.Args)
	if err != nil {
		return err
	}
	amount, rest, err := splitAmount(c, args)
	if err != nil {
		return err
	}
	if target == nil {
		if target, rest, err = c.leadingMember(rest); err != nil {
			return err
		}
		if target == nil {
			return bot.E("fine.usage")
		}
	}
	reason, err := c.note(strings.Join(rest, " "), maxNoteLen)
	if err != nil {
		return err
	}
	if reason == "" {
		return bot.E("fine.reason_missing")
	}
	e := &storage.Entry{Kind: ledger.Fine, MemberID: target.ID, Amount: amount, Note: reason}
	if err := c.book(e); err != nil {
		return err
	}
	meetingID := e.MeetingID
	owed, err := c.unpaidFines(target.ID)
	if err != nil {
		return err
	}
	c.Say("fine.charged", "No", e.No, "Name", target.Name, "Amount", amount, "Reason", reason, "Owed", owed,
		"By", c.Me.Name, "Outside", locales.Raw(c.outsideNote(meetingID)))
	return nil
}

func finePay(c *Ctx, args []string) error {
	amount, target, self, err := c.memberAmount(args)
	if err != nil {
		return err
	}
	// Paying more than is owed (counting payments still pending) is refused.
	tot, err := c.Tx.MemberTotals(c.Group.ID, target.ID)
	if err != nil {
		return err
	}
	owed, err := ledger.UnpaidFines(tot)
	if err != nil {
		return err
	}
	if owed, err = ledger.Sub(owed, tot[ledger.FinePayment][ledger.Pending]); err != nil {
		return err
	}
	if owed <= 0 {
		return bot.E("fine.nothing_owed", "Name", target.Name)
	}
	if amount > owed {
		return bot.E("fine.overpay", "Name", target.Name, "Owed", owed)
	}
	e := &storage.Entry{Kind: ledger.FinePayment, MemberID: target.ID, Amount: amount, NeedsConfirmation: self && c.Group.Rules.ConfirmSelfReports}
	if err := c.book(e); err != nil {
		return err
	}
	meetingID := e.MeetingID
	left, err := c.unpaidFines(target.ID)
	if err != nil {
		return err
	}
	if e.NeedsConfirmation {
		c.SayButtons(confirmButtons(c, e.No), "fine.pay_pending", "No", e.No, "Name", target.Name, "Amount", amount, "Owed", left,
			"Outside", locales.Raw(c.outsideNote(meetingID)))
		return nil
	}
	c.Say("fine.paid", "No", e.No, "Name", target.Name, "Amount", amount, "Owed", left, "By", c.Me.Name,
		"Outside", locales.Raw(c.outsideNote(meetingID)))
	return nil
}

func (c *Ctx) unpaidFines(memberID int64) (bot.Money, error) {
	tot, err := c.Tx.MemberTotals(c.Group.ID, memberID)
	if err != nil {
		return 0, err
	}
	return ledger.UnpaidFines(tot)
}

func fineList(c *Ctx) error {
	members, err := c.Tx.Members(c.Group.ID)
	if err != nil {
		return err
	}
	byMember, err := c.Tx.TotalsByMember(c.Group.ID, time.Time{})
	if err != nil {
		return err
	}
	var lines []string
	for _, m := range members {
		owed, err := ledger.UnpaidFines(byMember[m.ID])
		if err != nil {
			return err
		}
		if owed > 0 {
			lines = append(lines, c.T("fine.owed_line", "Name", m.Name, "Owed", owed))
		}
	}
	if len(lines) == 0 {
		c.Say("fine.none_owed")
		return nil
	}
	c.Say("fine.owed_list", "Count", len(lines), "Lines", locales.Raw(strings.Join(lines, "\n")))
	return nil
}

// outsideNote marks a record made while no meeting was open.
func (c *Ctx) outsideNote(meetingID int64) string {
	if meetingID != 0 {
		return ""
	}
	return c.T("meeting.outside_note")
}
