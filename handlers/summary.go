package handlers

import (
	"strings"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/meetings"
	"kelompok/bot/reminders"
	"kelompok/locales"
	"kelompok/storage"
)

// weeklySummary says the group's week: total savings and what this week
// changed, cash and bank, loans outstanding and overdue (by name), fines
// unpaid, the last meeting's attendance and the next meeting. The figures
// are /kas's (ledger over the group's totals) as they stand when it is
// sent; "this week" is the seven days before the firing's due time (a
// summary sent late still covers its own week and bears its own date),
// and its change is the confirmed savings now less those confirmed before
// the week began, so money reported earlier and confirmed this week counts
// in this week.
func (c *Ctx) weeklySummary(f reminders.Firing) error {
	now := c.Tx.Now()
	due := f.Due
	if due.IsZero() || due.After(now) {
		due = now
	}
	loc := c.Group.Rules.Location()
	tot, err := c.Tx.GroupTotals(c.Group.ID)
	if err != nil {
		return err
	}
	s, err := ledger.SavingsOf(tot)
	if err != nil {
		return err
	}
	before, err := c.confirmedSavingsAsOf(due.In(loc).AddDate(0, 0, -7))
	if err != nil {
		return err
	}
	change, err := ledger.Sub(s.Confirmed, before)
	if err != nil {
		return err
	}
	cash, err := ledger.Cash(tot)
	if err != nil {
		return err
	}
	bank, err := ledger.Bank(tot)
	if err != nil {
		return err
	}
	lent, err := ledger.LoansOutstanding(tot)
	if err != nil {
		return err
	}
	owed, err := ledger.UnpaidFines(tot)
	if err != nil {
		return err
	}
	overdue, err := c.overdueLines()
	if err != nil {
		return err
	}
	lastMeeting, err := c.Tx.LastClosedMeeting(c.Group.ID)
	if err != nil {
		return err
	}
	last := c.lastAttendance(lastMeeting)
	after := now
	if lastMeeting != nil {
		// As afterHeld: a meeting held today was today's meeting.
		after = endOfMeetingDay(lastMeeting.OpenedAt, now, c.Group.Rules.Location())
	}
	next := c.T("reminders.summary_next_none")
	if t, place := c.nextMeeting(after); t != nil {
		next = c.T("reminders.summary_next", "When", c.when(*t), "Place", placeOr(c, place))
	}
	sign := "+"
	if change < 0 {
		sign, change = "−", -change
	}
	c.Say("reminders.summary", "Group", c.Group.Title, "Date", due.In(loc).Format("02/01/2006"),
		"Savings", s.Confirmed, "Sign", sign, "Change", change, "Cash", cash, "Bank", bank, "Loans", lent,
		"Overdue", locales.Raw(overdue), "Fines", owed, "Last", locales.Raw(last), "Next", locales.Raw(next))
	return nil
}

// confirmedSavingsAsOf is the members' savings confirmed before t
// (deposits less withdrawals, corrections counted).
func (c *Ctx) confirmedSavingsAsOf(t time.Time) (bot.Money, error) {
	tot, err := c.Tx.GroupTotalsAsOf(c.Group.ID, t)
	if err != nil {
		return 0, err
	}
	s, err := ledger.SavingsOf(tot)
	return s.Confirmed, err
}

// overdueLines names the borrowers with overdue installments, one a line,
// or says there are none.
func (c *Ctx) overdueLines() (string, error) {
	running, err := c.runningLoans()
	if err != nil {
		return "", err
	}
	var lines []string
	var roster map[int64]*storage.Member // read at the first overdue loan
	for _, s := range running {
		l := s.l
		st, err := s.status(c)
		if err != nil {
			return "", err
		}
		if st.Overdue.Count == 0 {
			continue
		}
		if roster == nil {
			if roster, err = c.roster(); err != nil {
				return "", err
			}
		}
		lines = append(lines, c.T("reminders.summary_overdue_line", "No", loanRef(l.No), "Name", nameOf(roster, l.MemberID),
			"Count", st.Overdue.Count, "Amount", st.Overdue.Amount, "Days", st.Overdue.Days))
	}
	if len(lines) == 0 {
		return c.T("reminders.summary_overdue_none"), nil
	}
	return strings.Join(lines, "\n"), nil
}

// lastAttendance is the last closed meeting's attendance in one line.
func (c *Ctx) lastAttendance(m *storage.Meeting) string {
	if m == nil || m.Minutes == nil {
		return c.T("reminders.summary_last_none")
	}
	mi := m.Minutes
	return c.T("reminders.summary_last", "No", m.No, "Date", m.OpenedAt.In(c.Group.Rules.Location()).Format("02/01"),
		"Present", mi.Count(meetings.Present), "Late", mi.Count(meetings.Late),
		"Excused", mi.Count(meetings.Excused), "Absent", mi.Count(meetings.Absent))
}
