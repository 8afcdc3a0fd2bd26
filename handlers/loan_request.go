package handlers

import (
	"strconv"
	"strings"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/loans"
	"kelompok/locales"
	"kelompok/storage"
)

// loanRequest: "/pinjam 300000 3 beli bibit" asks for a loan of 300,000
// over 3 months. It is checked against the rules (a multiple of the
// member's confirmed savings, the longest term, open loans, the cash on
// hand) and answered with its number and schedule; the chair and the
// treasurer approve it, then it is paid out.
func loanRequest(c *Ctx) error {
	amount, rest, err := splitAmount(c, c.Args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return bot.E("loan.usage")
	}
	months, err := strconv.Atoi(rest[0])
	if err != nil {
		return bot.E("loan.usage")
	}
	purpose, err := c.note(strings.Join(rest[1:], " "), maxNoteLen)
	if err != nil {
		return err
	}
	r := c.Group.Rules
	savings, err := c.lendableSavings(c.Me.ID)
	if err != nil {
		return err
	}
	_, cash, err := c.groupCash()
	if err != nil {
		return err
	}
	states, err := c.memberLoanStates(c.Me.ID)
	if err != nil {
		return err
	}
	open := 0
	for _, st := range states {
		if st.open() {
			open++
		}
	}
	if err := loans.CheckLoan(amount, savings, r.LoanMultiple, cash, open, r.LoanMaxOpen, months, r.LoanMaxMonths); err != nil {
		return err
	}
	// The limit is the member's, for all their loans together.
	if err := withinLimit(states, 0, amount, savings, r.LoanMultiple, true); err != nil {
		return err
	}
	sch, err := loans.Schedule(amount, r.LoanRateBP, months, r.LoanMaxMonths, loans.Method(r.LoanMethod), c.Tx.Now(), r.Location())
	if err != nil {
		return err
	}
	meetingID, err := c.openMeetingID()
	if err != nil {
		return err
	}
	l := &storage.Loan{GroupID: c.Group.ID, MemberID: c.Me.ID, Principal: amount, RateBP: r.LoanRateBP, Months: months,
		Method: r.LoanMethod, Purpose: purpose, RequestedBy: c.Me.ID, MeetingID: meetingID, Source: c.U.Source,
		TimeZone: r.TimeZone}
	if err := c.Tx.AddLoan(l); err != nil {
		return err
	}
	var interest bot.Money
	for _, in := range sch {
		if interest, err = ledger.Add(interest, in.Interest); err != nil {
			return err
		}
	}
	total, err := ledger.Add(amount, interest)
	if err != nil {
		return err
	}
	c.Say("loan.requested", "No", loanRef(l.No), "Name", c.Me.Name, "Amount", amount, "Months", months,
		"Rate", c.percent(r.LoanRateBP), "Method", locales.Raw(c.T("loan.method_"+r.LoanMethod)),
		"Lines", locales.Raw(c.scheduleLines(sch)), "Interest", interest, "Total", total)
	if r.LoanApproval == "poll" {
		return c.openLoanPoll(l)
	}
	return nil
}
