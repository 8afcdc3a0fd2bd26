package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/meetings"
)

// openClock opens a store whose clock the test can move.
func openClock(t *testing.T) (*Store, *bot.FixedClock) {
	t.Helper()
	clk := &bot.FixedClock{T: testNow}
	return openAt(t, filepath.Join(t.TempDir(), "k.db"), Options{Clock: clk}), clk
}

func openMeeting(t *testing.T, s *Store, b book, source string) *Meeting {
	t.Helper()
	var m *Meeting
	write(t, s, func(tx *Tx) error {
		var err error
		m, err = tx.OpenNewMeeting(b.g.ID, "balai", tx.Now(), b.chair.ID, source)
		return err
	})
	return m
}

func TestMeetingEndsOnce(t *testing.T) {
	s, clk := openClock(t)
	b := newBook(t, s, "tg:-1")
	m := openMeeting(t, s, b, "open1")
	if m.No != 1 {
		t.Fatalf("first meeting is #%d", m.No)
	}
	min := &meetings.Minutes{Group: "G", No: 1, TimeZone: "Asia/Jakarta", Attendance: map[meetings.Status][]string{}}
	write(t, s, func(tx *Tx) error { return tx.EndMeeting(m, "closed", b.chair.ID, min, "close1") })
	before := dump(t, s, "meeting_ends")

	// A second end, of either kind, is refused by the primary key and
	// changes nothing.
	clk.Advance(time.Minute)
	for _, kind := range []string{"closed", "cancelled"} {
		err := s.Write(context.Background(), func(tx *Tx) error {
			again, err := tx.MeetingByNo(b.g.ID, 1)
			if err != nil {
				return err
			}
			return tx.EndMeeting(again, kind, b.siti.ID, nil, "again-"+kind)
		})
		if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
			t.Errorf("second end (%s): err = %v, want a UNIQUE refusal", kind, err)
		}
	}
	if after := dump(t, s, "meeting_ends"); after != before {
		t.Errorf("meeting_ends changed:\n%s\n->\n%s", before, after)
	}
	write(t, s, func(tx *Tx) error {
		got, err := tx.MeetingByNo(b.g.ID, 1)
		if err != nil {
			return err
		}
		if got.End != "closed" || got.EndedBy != b.chair.ID || !got.EndedAt.Equal(testNow) || got.Minutes == nil || got.Minutes.Group != "G" {
			t.Errorf("meeting after a refused second end: %+v", got)
		}
		if open, err := tx.OpenMeeting(b.g.ID); err != nil || open != nil {
			t.Errorf("open meeting after the close: %+v %v", open, err)
		}
		if last, err := tx.LastClosedMeeting(b.g.ID); err != nil || last == nil || last.ID != m.ID {
			t.Errorf("last closed: %+v %v", last, err)
		}
		return nil
	})
	// Numbers go on per group; a cancelled meeting is not the last closed one.
	m2 := openMeeting(t, s, b, "open2")
	write(t, s, func(tx *Tx) error { return tx.EndMeeting(m2, "cancelled", b.chair.ID, nil, "cancel2") })
	other := newBook(t, s, "tg:-2")
	m3 := openMeeting(t, s, other, "open3")
	if m2.No != 2 || m3.No != 1 {
		t.Errorf("meeting numbers %d and %d, want 2 and 1", m2.No, m3.No)
	}
	write(t, s, func(tx *Tx) error {
		if last, err := tx.LastClosedMeeting(b.g.ID); err != nil || last == nil || last.No != 1 {
			t.Errorf("last closed after a cancel: %+v %v", last, err)
		}
		return nil
	})
}

// recordCount is MeetingRecordCount of a meeting, read back by number.
func recordCount(t *testing.T, s *Store, b book, no int64) int {
	t.Helper()
	var n int
	write(t, s, func(tx *Tx) error {
		m, err := tx.MeetingByNo(b.g.ID, no)
		if err != nil || m == nil {
			t.Fatalf("meeting %d: %+v %v", no, m, err)
		}
		n, err = tx.MeetingRecordCount(m)
		return err
	})
	return n
}

func TestMeetingRecordCount(t *testing.T) {
	s, clk := openClock(t)
	b := newBook(t, s, "tg:-1")
	other := newBook(t, s, "tg:-2")
	// Before any meeting: an entry, an excuse and a waiting agenda item.
	deposit(t, s, b, b.siti, 1000, false)
	var waiting *AgendaItem
	write(t, s, func(tx *Tx) error {
		if err := tx.AddExcuse(b.g.ID, b.eko.ID, "sakit", b.eko.ID, "ex"); err != nil {
			return err
		}
		var err error
		waiting, err = tx.AddAgendaItem(b.g.ID, 0, "Workshop", b.chair.ID, "ag0")
		return err
	})
	clk.Advance(time.Hour)
	m := openMeeting(t, s, b, "open1")
	if n := recordCount(t, s, b, 1); n != 0 {
		t.Fatalf("a fresh meeting has %d records", n)
	}
	// Another group's meeting and records do not count.
	om := openMeeting(t, s, other, "open-other")
	write(t, s, func(tx *Tx) error {
		e := &Entry{GroupID: other.g.ID, Kind: ledger.Deposit, MemberID: other.siti.ID, Amount: 1, RequestedBy: other.chair.ID,
			MeetingID: om.ID, Source: "other-dep"}
		if err := tx.AddEntry(e); err != nil {
			return err
		}
		_, _, err := tx.MarkMeeting(om.ID, other.siti.ID, meetings.Present, "", other.siti.ID, "other-mark")
		return err
	})
	if n := recordCount(t, s, b, 1); n != 0 {
		t.Fatalf("another group's records counted: %d", n)
	}
	steps := []struct {
		name string
		do   func(tx *Tx) error
	}{
		{"an entry in the meeting", func(tx *Tx) error {
			return tx.AddEntry(&Entry{GroupID: b.g.ID, Kind: ledger.Income, Amount: 5000, RequestedBy: b.chair.ID,
				Note: "jual ayam", MeetingID: m.ID, Source: "inc"})
		}},
		{"an attendance mark", func(tx *Tx) error {
			_, _, err := tx.MarkMeeting(m.ID, b.siti.ID, meetings.Present, "", b.siti.ID, "mark")
			return err
		}},
		{"an agenda item of the meeting", func(tx *Tx) error {
			_, err := tx.AddAgendaItem(b.g.ID, m.ID, "Pakan", b.chair.ID, "ag1")
			return err
		}},
		{"a note on the waiting item", func(tx *Tx) error {
			return tx.AddAgendaNote(waiting.ID, "decided", "3 orang", b.chair.ID, "note")
		}},
	}
	for i, st := range steps {
		write(t, s, st.do)
		if n := recordCount(t, s, b, 1); n != i+1 {
			t.Errorf("after %s: %d records, want %d", st.name, n, i+1)
		}
	}
	// Nothing made outside the meeting counts: an entry without it, a
	// second mark refused, a new waiting item.
	deposit(t, s, b, b.eko, 2000, true)
	write(t, s, func(tx *Tx) error {
		if _, marked, err := tx.MarkMeeting(m.ID, b.siti.ID, meetings.Late, "", b.chair.ID, "mark2"); err != nil || marked {
			t.Errorf("second mark: %v %v", marked, err)
		}
		_, err := tx.AddAgendaItem(b.g.ID, 0, "Nanti", b.chair.ID, "ag2")
		return err
	})
	if n := recordCount(t, s, b, 1); n != len(steps) {
		t.Errorf("%d records, want %d", n, len(steps))
	}

	// Closed: the next meeting starts from nothing, even though the last
	// one's notes are in the same group.
	write(t, s, func(tx *Tx) error {
		items, err := tx.CurrentAgenda(b.g.ID, m.ID)
		if err != nil {
			return err
		}
		if len(items) != 3 {
			t.Errorf("current agenda %d items, want 3", len(items))
		}
		if err := tx.TakeWaitingItems(items[:2], m.ID); err != nil {
			return err
		}
		return tx.EndMeeting(m, "closed", b.chair.ID, &meetings.Minutes{}, "close")
	})
	clk.Advance(24 * time.Hour)
	openMeeting(t, s, b, "open2")
	if n := recordCount(t, s, b, 2); n != 0 {
		t.Errorf("the next meeting starts with %d records", n)
	}
}

// The meetings' tables refuse UPDATE and DELETE like the rest of the books.
func TestMeetingTablesAppendOnly(t *testing.T) {
	s := openTest(t)
	b := newBook(t, s, "tg:-1")
	m := openMeeting(t, s, b, "open")
	write(t, s, func(tx *Tx) error {
		if _, _, err := tx.MarkMeeting(m.ID, b.siti.ID, meetings.Present, "", b.siti.ID, "mark"); err != nil {
			return err
		}
		if err := tx.AddExcuse(b.g.ID, b.eko.ID, "sakit", b.eko.ID, "ex"); err != nil {
			return err
		}
		it, err := tx.AddAgendaItem(b.g.ID, 0, "Workshop", b.chair.ID, "ag")
		if err != nil {
			return err
		}
		if err := tx.AddAgendaNote(it.ID, "discussed", "ya", b.chair.ID, "note"); err != nil {
			return err
		}
		if err := tx.TakeWaitingItems([]*AgendaItem{it}, m.ID); err != nil {
			return err
		}
		if err := tx.EndMeeting(m, "closed", b.chair.ID, &meetings.Minutes{}, "close"); err != nil {
			return err
		}
		return tx.AddAmendment(m.ID, "ralat", b.chair.ID, "amend")
	})
	checkAppendOnly(t, s, map[string]string{
		"meetings":           "place = 'x'",
		"meeting_ends":       "kind = 'cancelled'",
		"meeting_attendance": "status = 'absent'",
		"excuses":            "reason = ''",
		"agenda_items":       "text = 'x'",
		"agenda_taken":       "meeting_id = meeting_id",
		"agenda_notes":       "text = 'x'",
		"minutes_amendments": "text = 'x'",
	})
}

// A member's latest mark counts: CorrectMark adds a row that supersedes
// the earlier one (which stays), MarkMeeting reports the latest and adds
// nothing, and Marks lists one mark per member, the latest.
func TestMarksLatestPerMember(t *testing.T) {
	s, clk := openClock(t)
	b := newBook(t, s, "tg:-1")
	m := openMeeting(t, s, b, "open1")
	other := openMeeting(t, s, newBook(t, s, "tg:-2"), "open-other")
	write(t, s, func(tx *Tx) error {
		if _, marked, err := tx.MarkMeeting(m.ID, b.siti.ID, meetings.Present, "", b.siti.ID, "m1"); err != nil || !marked {
			t.Fatalf("first mark: %v %v", marked, err)
		}
		if _, _, err := tx.MarkMeeting(m.ID, b.eko.ID, meetings.Excused, "sakit", b.chair.ID, "m2"); err != nil {
			return err
		}
		_, _, err := tx.MarkMeeting(other.ID, b.siti.ID, meetings.Absent, "", b.chair.ID, "m-other")
		return err
	})
	clk.Advance(time.Minute)
	write(t, s, func(tx *Tx) error { return tx.CorrectMark(m.ID, b.siti.ID, meetings.Late, "", b.chair.ID, "c1") })
	write(t, s, func(tx *Tx) error {
		earlier, marked, err := tx.MarkMeeting(m.ID, b.siti.ID, meetings.Present, "", b.siti.ID, "m3")
		if err != nil || marked || earlier != meetings.Late {
			t.Errorf("mark after the correction: %q %v %v, want the latest (late) and no new row", earlier, marked, err)
		}
		marks, err := tx.Marks(m.ID)
		if err != nil {
			return err
		}
		want := []Mark{
			{MemberID: b.eko.ID, Status: meetings.Excused, Reason: "sakit", At: testNow},
			{MemberID: b.siti.ID, Status: meetings.Late, At: testNow.Add(time.Minute)},
		}
		if len(marks) != len(want) {
			t.Fatalf("marks %+v, want %+v", marks, want)
		}
		for i := range want {
			if g, w := marks[i], want[i]; g.MemberID != w.MemberID || g.Status != w.Status || g.Reason != w.Reason || !g.At.Equal(w.At) {
				t.Errorf("mark %d: %+v, want %+v", i, g, w)
			}
		}
		return nil
	})
	if n := count(t, s, `SELECT COUNT(*) FROM meeting_attendance WHERE meeting_id = ? AND member_id = ?`, m.ID, b.siti.ID); n != 2 {
		t.Errorf("Siti has %d rows, want both marks kept", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM meeting_attendance WHERE meeting_id = ? AND member_id = ? AND status = 'late' AND recorded_by = ? AND source = 'c1'`,
		m.ID, b.siti.ID, b.chair.ID); n != 1 {
		t.Errorf("the correction's row is missing")
	}
}

// MeetingEntries is what a meeting accounts for: its own entries, entries
// decided in it, and entries booked outside any meeting since the given
// moment, in the group; Decide records the meeting a decision is taken in.
func TestMeetingEntriesScope(t *testing.T) {
	s, clk := openClock(t)
	b := newBook(t, s, "tg:-1")
	other := newBook(t, s, "tg:-2")
	add := func(g book, m *Member, amount bot.Money, meetingID int64, pending bool) *Entry {
		t.Helper()
		e := &Entry{GroupID: g.g.ID, Kind: ledger.Deposit, MemberID: m.ID, Amount: amount, RequestedBy: m.ID,
			NeedsConfirmation: pending, MeetingID: meetingID, Source: fmt.Sprintf("dep/%d/%d", m.ID, amount)}
		write(t, s, func(tx *Tx) error { return tx.AddEntry(e) })
		return e
	}
	decide := func(e *Entry, d ledger.Decision, meetingID int64) {
		t.Helper()
		write(t, s, func(tx *Tx) error { return tx.Decide(e, d, b.chair.ID, meetingID, fmt.Sprintf("dec/%d", e.No)) })
		if e.DecidedIn != meetingID {
			t.Errorf("#%d decided in %d, want %d", e.No, e.DecidedIn, meetingID)
		}
	}
	before := add(b, b.siti, 100, 0, false) // #1 outside, before the last close
	clk.Advance(time.Hour)
	m1 := openMeeting(t, s, b, "open1")
	inM1 := add(b, b.siti, 200, m1.ID, true)          // #2 pending in meeting 1, decided in meeting 2
	decidedOutside := add(b, b.eko, 300, m1.ID, true) // #3 decided outside
	write(t, s, func(tx *Tx) error { return tx.EndMeeting(m1, "closed", b.chair.ID, &meetings.Minutes{}, "close1") })
	since := m1.EndedAt
	clk.Advance(time.Hour)
	outside := add(b, b.eko, 400, 0, true) // #4 outside since the close
	add(other, other.siti, 500, 0, false)  // another group's
	decide(decidedOutside, ledger.DecisionRejected, 0)
	m2 := openMeeting(t, s, b, "open2")
	decide(inM1, ledger.DecisionConfirmed, m2.ID)
	decide(outside, ledger.DecisionConfirmed, m2.ID)
	inM2 := add(b, b.siti, 600, m2.ID, false)
	withdrawn := add(b, b.eko, 700, m2.ID, true)
	decide(withdrawn, ledger.DecisionWithdrawn, m2.ID)

	var got []string
	write(t, s, func(tx *Tx) error {
		es, err := tx.MeetingEntries(b.g.ID, m2.ID, since)
		if err != nil {
			return err
		}
		for _, e := range es {
			got = append(got, fmt.Sprintf("#%d %d in:%d decided:%s in:%d", e.No, e.Amount, e.MeetingID, e.Decision, e.DecidedIn))
		}
		return nil
	})
	want := []string{
		fmt.Sprintf("#%d 200 in:%d decided:confirmed in:%d", inM1.No, m1.ID, m2.ID),
		fmt.Sprintf("#%d 400 in:0 decided:confirmed in:%d", outside.No, m2.ID),
		fmt.Sprintf("#%d 600 in:%d decided: in:0", inM2.No, m2.ID),
		fmt.Sprintf("#%d 700 in:%d decided:withdrawn in:%d", withdrawn.No, m2.ID, m2.ID),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("meeting 2 accounts for:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// With no earlier close, everything outside counts, the first deposit too.
	write(t, s, func(tx *Tx) error {
		es, err := tx.MeetingEntries(b.g.ID, m1.ID, time.Time{})
		if err != nil {
			return err
		}
		var nos []int64
		for _, e := range es {
			nos = append(nos, e.No)
		}
		if fmt.Sprint(nos) != fmt.Sprint([]int64{before.No, inM1.No, decidedOutside.No, outside.No}) {
			t.Errorf("meeting 1 from the start accounts for %v", nos)
		}
		return nil
	})
	if n := count(t, s, `SELECT COUNT(*) FROM entry_decisions WHERE meeting_id IS NULL`); n != 1 {
		t.Errorf("%d decisions outside a meeting, want 1", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM entry_decisions WHERE meeting_id = ?`, m2.ID); n != 3 {
		t.Errorf("%d decisions in meeting 2, want 3", n)
	}
}
