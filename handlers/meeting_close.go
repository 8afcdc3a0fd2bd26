package handlers

import (
	"kelompok/bot"
	"time"

	"kelompok/bot/ledger"
	"kelompok/bot/meetings"
	"kelompok/storage"
)

// meetingClose closes the open meeting in one transaction: whoever has no
// mark is absent, fines for lateness and absence are charged, waiting agenda
// items are taken, and the minutes are booked and posted. All of it
// happens, or none of it.
func meetingClose(c *Ctx) error {
	m, err := c.openMeetingFor("selesai")
	if err != nil {
		return err
	}
	members, err := c.Tx.Members(c.Group.ID)
	if err != nil {
		return err
	}
	marks, err := c.Tx.Marks(m.ID)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(members))
	for _, mb := range members {
		ids = append(ids, mb.ID)
	}
	status := map[int64]meetings.Status{}
	for _, mk := range marks {
		status[mk.MemberID] = mk.Status
	}
	// The fines are those in force when the meeting opened: a change
	// decided while it was open applies from the next meeting, never back
	// to lateness or installments that happened under the old rule.
	rules, err := c.Tx.RulesAt(c.Group.ID, m.OpenedAt)
	if err != nil {
		return err
	}
	absent, charges := meetings.Close(ids, status, meetings.FineRules{Late: rules.FineLate, Absent: rules.FineAbsent})
	for _, id := range absent {
		if _, _, err := c.Tx.MarkMeeting(m.ID, id, meetings.Absent, "", c.Me.ID, c.U.Source); err != nil {
			return err
		}
		status[id] = meetings.Absent
	}
	for _, ch := range charges {
		e := &storage.Entry{Kind: ledger.Fine, MemberID: ch.MemberID, Amount: ch.Amount, Note: string(ch.Reason)}
		if err := c.bookIn(e, m.ID); err != nil {
			return err
		}
	}
	if err := c.fineLateInstallments(m.ID, rules.FineLateInstallment); err != nil {
		return err
	}
	agenda, err := c.Tx.CurrentAgenda(c.Group.ID, m.ID)
	if err != nil {
		return err
	}
	if err := c.Tx.TakeWaitingItems(agenda, m.ID); err != nil {
		return err
	}
	min, err := c.buildMinutes(m, members, status, agenda, rules)
	if err != nil {
		return err
	}
	if err := c.Tx.EndMeeting(m, "closed", c.Me.ID, min, c.U.Source); err != nil {
		return err
	}
	c.SayText(c.renderMinutes(min, nil))
	return nil
}

// buildMinutes assembles the snapshot posted at the close.
func (c *Ctx) buildMinutes(m *storage.Meeting, members []*storage.Member, status map[int64]meetings.Status,
	agenda []*storage.AgendaItem, rules bot.Rules) (*meetings.Minutes, error) {
	names := map[int64]string{}
	for _, mb := range members {
		names[mb.ID] = mb.Name
	}
	opener := names[m.OpenedBy]
	min := &meetings.Minutes{
		Group: c.Group.Title, No: m.No, Place: m.Place, TimeZone: c.Group.Rules.TimeZone,
		OpenedAt: m.OpenedAt, ClosedAt: c.Tx.Now(), OpenedBy: opener, ClosedBy: c.Me.Name,
		Attendance: map[meetings.Status][]string{},
	}
	for _, mb := range members { // members come sorted by name
		if st, ok := status[mb.ID]; ok {
			min.Attendance[st] = append(min.Attendance[st], mb.Name)
		}
	}
	for _, it := range agenda {
		min.Agenda = append(min.Agenda, meetings.Item{No: it.No, Text: it.Text, Discussed: it.Discussed, Decisions: it.Decisions})
	}
	since := time.Time{}
	if last, err := c.Tx.LastClosedMeeting(c.Group.ID); err != nil {
		return nil, err
	} else if last != nil {
		since = last.EndedAt
	}
	entries, err := c.Tx.MeetingEntries(c.Group.ID, m.ID, since)
	if err != nil {
		return nil, err
	}
	// What each member saved and paid into the social fund, against the
	// rules' minimum and contribution.
	saved, social := map[int64]bot.Money{}, map[int64]bot.Money{}
	for _, e := range entries {
		amount, note := e.Amount, e.Note
		if e.Reverses != 0 {
			// A correction counts against what it corrects.
			amount, note = -e.Amount, c.T("minutes.correction", "Reason", e.Note)
		}
		if e.Kind == ledger.Fine {
			// A fine is a charge, not money moving: listed under fines.
			if e.MeetingID == m.ID && e.Status() == ledger.Confirmed {
				min.Fines = append(min.Fines, meetings.FineLine{No: e.No, Name: names[e.MemberID], Amount: amount, Reason: note})
			}
			continue
		}
		if e.Status() == ledger.Void {
			continue
		}
		kind := string(e.Kind)
		if e.Status() == ledger.Pending {
			kind += "_pending"
		}
		where := ""
		switch {
		case e.MeetingID == 0:
			where = "outside"
		case e.MeetingID != m.ID:
			where = "earlier"
		}
		min.Money = append(min.Money, meetings.MoneyLine{No: e.No, Kind: kind, Name: names[e.MemberID], Amount: amount, Note: note, Where: where})
		if e.MeetingID == m.ID || e.MeetingID == 0 {
			// Paid in this meeting or outside any since the last one
			// (pending reports too: the member did pay).
			switch e.Kind {
			case ledger.Deposit:
				saved[e.MemberID] += amount
			case ledger.Social:
				social[e.MemberID] += amount
			}
		}
	}
	min.MinSavings, min.Short = rules.MinSavings, shortOf(members, saved, rules.MinSavings)
	min.SocialDue, min.ShortSocial = rules.SocialFund, shortOf(members, social, rules.SocialFund)
	tot, err := c.Tx.GroupTotals(c.Group.ID)
	if err != nil {
		return nil, err
	}
	sv, err := ledger.SavingsOf(tot)
	if err != nil {
		return nil, err
	}
	cash, err := ledger.Cash(tot)
	if err != nil {
		return nil, err
	}
	unpaid, err := ledger.UnpaidFines(tot)
	if err != nil {
		return nil, err
	}
	min.After = meetings.Balances{Savings: sv.Confirmed, Cash: cash, UnpaidFines: unpaid}
	min.Next, min.NextPlace = c.nextMeeting(endOfMeetingDay(m.OpenedAt, c.Tx.Now(), c.Group.Rules.Location()))
	return min, nil
}

// shortOf lists the members (in name order) whose payment is below want;
// none when want is 0 (no such rule). Sums are of single meetings' small
// amounts, well inside Money's range.
func shortOf(members []*storage.Member, paid map[int64]bot.Money, want bot.Money) []meetings.ShortLine {
	if want <= 0 {
		return nil
	}
	var out []meetings.ShortLine
	for _, mb := range members {
		if p := paid[mb.ID]; p < want {
			out = append(out, meetings.ShortLine{Name: mb.Name, Paid: max(p, 0)})
		}
	}
	return out
}
