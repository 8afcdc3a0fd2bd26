package handlers

import (
	"strings"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/meetings"
	"kelompok/locales"
	"kelompok/storage"
)

// moneyOrder is the order of the minutes' money section.
var moneyOrder = []string{"deposit", "deposit_pending", "social", "social_pending", "social_payout", "fine_payment", "fine_payment_pending",
	"withdrawal", "withdrawal_pending", "income", "expense", "bank_deposit", "bank_withdrawal", "bank_interest", "bank_fee",
	"loan_out", "loan_principal", "loan_interest", "profit_paid"}

// renderMinutes renders minutes in the chat's language, one short line
// at a time so that a long meeting splits cleanly between messages.
func (c *Ctx) renderMinutes(m *meetings.Minutes, amendments []renderedAmendment) string {
	loc := zoneNamed(m.TimeZone, c.Group.Rules)
	day := func(t time.Time) string {
		t = t.In(loc)
		return c.T("weekday."+strings.ToLower(t.Weekday().String())) + ", " + t.Format("02/01/2006")
	}
	var b []string
	add := func(key string, kv ...any) { b = append(b, c.T(key, kv...)) }
	add("minutes.title", "No", m.No, "Group", m.Group)
	add("minutes.when", "Date", day(m.OpenedAt), "Place", placeOr(c, m.Place))
	add("minutes.opened", "Open", m.OpenedAt.In(loc).Format("15:04"), "OpenedBy", m.OpenedBy,
		"Close", m.ClosedAt.In(loc).Format("15:04"), "ClosedBy", m.ClosedBy)

	b = append(b, "")
	add("minutes.attendance_title", "Present", m.Count(meetings.Present), "Late", m.Count(meetings.Late),
		"Excused", m.Count(meetings.Excused), "Absent", m.Count(meetings.Absent))
	for _, st := range meetings.Statuses {
		if names := m.Attendance[st]; len(names) > 0 {
			add("minutes.status_line", "Status", locales.Raw(c.T("attendance.status_"+string(st))), "Names", strings.Join(names, ", "))
		}
	}

	b = append(b, "")
	add("minutes.agenda_title")
	if len(m.Agenda) == 0 {
		add("minutes.agenda_none")
	}
	for _, it := range m.Agenda {
		add("minutes.agenda_item", "No", it.No, "Text", it.Text)
		add("minutes.discussed", "Text", joinOr(c, it.Discussed))
		add("minutes.decided", "Text", joinOr(c, it.Decisions))
	}

	b = append(b, "")
	add("minutes.money_title")
	if len(m.Money) == 0 {
		add("minutes.money_none")
	}
	for _, kind := range moneyOrder {
		var lines []meetings.MoneyLine
		var total bot.Money
		for _, ml := range m.Money {
			if ml.Kind == kind {
				lines = append(lines, ml)
				total, _ = ledger.Add(total, ml.Amount)
			}
		}
		if len(lines) == 0 {
			continue
		}
		add("minutes.money_kind", "Kind", locales.Raw(c.T("kind."+kind)), "Count", len(lines), "Total", total)
		for _, ml := range lines {
			where := ""
			if ml.Where != "" {
				where = c.T("minutes.where_" + ml.Where)
			}
			add("minutes.money_line", "No", ml.No, "Name", ml.Name, "Amount", ml.Amount, "Note", ml.Note, "Where", locales.Raw(where))
		}
	}

	if len(m.Fines) > 0 {
		b = append(b, "")
		add("minutes.fines_title")
		for _, f := range m.Fines {
			var reason any = f.Reason
			if f.Reason == string(meetings.Late) || f.Reason == string(meetings.Absent) {
				reason = locales.Raw(c.T("attendance.status_" + f.Reason))
			} else if loan, n, ok := lateInstallmentReason(f.Reason); ok {
				reason = locales.Raw(c.T("fine.late_installment", "Loan", loan, "N", n))
			}
			add("minutes.fine_line", "Name", f.Name, "Amount", f.Amount, "Reason", reason)
		}
	}

	for _, short := range []struct {
		key   string
		want  bot.Money
		lines []meetings.ShortLine
	}{{"minutes.short_savings", m.MinSavings, m.Short}, {"minutes.short_social", m.SocialDue, m.ShortSocial}} {
		if len(short.lines) == 0 {
			continue
		}
		parts := make([]string, len(short.lines))
		for i, l := range short.lines {
			parts[i] = c.T("minutes.short_line", "Name", l.Name, "Paid", l.Paid)
		}
		b = append(b, "")
		add(short.key, "Want", short.want, "Count", len(short.lines), "Names", locales.Raw(strings.Join(parts, ", ")))
	}

	b = append(b, "")
	add("minutes.after_title")
	add("minutes.after", "Savings", m.After.Savings, "Cash", m.After.Cash, "Unpaid", m.After.UnpaidFines)
	if m.Next != nil {
		add("minutes.next", "When", day(*m.Next)+" "+m.Next.In(loc).Format("15:04"), "Place", placeOr(c, m.NextPlace))
	} else {
		add("minutes.next_none")
	}
	if len(amendments) > 0 {
		b = append(b, "")
		add("minutes.amendments_title")
		for _, a := range amendments {
			add("minutes.amendment", "Text", a.Text, "By", a.By, "At", day(a.At)+" "+a.At.In(loc).Format("15:04"))
		}
	}
	return strings.Join(b, "\n")
}

type renderedAmendment struct {
	Text, By string
	At       time.Time
}

func joinOr(c *Ctx, s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, "; ")
}

// minutesShow: "/notulen" shows the last closed meeting's minutes,
// "/notulen N" meeting N's, with their amendments.
func minutesShow(c *Ctx) error {
	var m *storage.Meeting
	var err error
	if len(c.Args) > 0 {
		no, perr := parseMeetingNo(c.Args[0])
		if perr != nil {
			return perr
		}
		m, err = c.Tx.MeetingByNo(c.Group.ID, no)
		if err == nil && m == nil {
			return bot.E("minutes.not_found", "No", no)
		}
	} else {
		m, err = c.Tx.LastClosedMeeting(c.Group.ID)
		if err == nil && m == nil {
			return bot.E("minutes.none")
		}
	}
	if err != nil {
		return err
	}
	if m.End == "cancelled" {
		return c.cancelledMeeting(m)
	}
	if m.End != "closed" || m.Minutes == nil {
		return bot.E("minutes.not_closed", "No", m.No)
	}
	ams, err := c.amendments(m)
	if err != nil {
		return err
	}
	c.SayText(c.renderMinutes(m.Minutes, ams))
	return nil
}

func (c *Ctx) amendments(m *storage.Meeting) ([]renderedAmendment, error) {
	as, err := c.Tx.Amendments(m.ID)
	if err != nil || len(as) == 0 {
		return nil, err
	}
	roster, err := c.roster()
	if err != nil {
		return nil, err
	}
	out := make([]renderedAmendment, len(as))
	for i, a := range as {
		out[i] = renderedAmendment{Text: a.Text, By: nameOf(roster, a.By), At: a.At}
	}
	return out, nil
}

// minutesAmend: "/ralat N TEXT" by the secretary or chair appends a
// visible correction to closed minutes.
func minutesAmend(c *Ctx) error {
	if len(c.Args) < 2 {
		return bot.E("minutes.amend_usage")
	}
	no, err := parseMeetingNo(c.Args[0])
	if err != nil {
		return err
	}
	text, err := c.note(strings.Join(c.Args[1:], " "), maxNoteLen)
	if err != nil {
		return err
	}
	m, err := c.Tx.MeetingByNo(c.Group.ID, no)
	if err != nil {
		return err
	}
	if m == nil {
		return bot.E("minutes.not_found", "No", no)
	}
	if m.End == "cancelled" {
		return c.cancelledMeeting(m)
	}
	if m.End != "closed" {
		return bot.E("minutes.not_closed", "No", no)
	}
	if err := c.Tx.AddAmendment(m.ID, text, c.Me.ID, c.U.Source); err != nil {
		return err
	}
	c.Say("minutes.amended", "No", no, "Text", text, "By", c.Me.Name)
	return nil
}

// cancelledMeeting answers for a meeting that was cancelled: who and when.
func (c *Ctx) cancelledMeeting(m *storage.Meeting) error {
	name, err := c.memberName(m.EndedBy)
	if err != nil {
		return err
	}
	return bot.E("minutes.cancelled", "No", m.No, "By", name, "At", c.when(m.EndedAt))
}

func parseMeetingNo(s string) (int64, error) {
	n, err := parseEntryNo(s)
	if err != nil {
		return 0, bot.E("minutes.bad_number", "Input", s)
	}
	return n, nil
}
