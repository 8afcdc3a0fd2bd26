package storage

import (
	"context"
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
	for table, set := range map[string]string{
		"meetings":           "place = 'x'",
		"meeting_ends":       "kind = 'cancelled'",
		"meeting_attendance": "status = 'absent'",
		"excuses":            "reason = ''",
		"agenda_items":       "text = 'x'",
		"agenda_taken":       "meeting_id = meeting_id",
		"agenda_notes":       "text = 'x'",
		"minutes_amendments": "text = 'x'",
	} {
		before := dump(t, s, table)
		if before == "" {
			t.Fatalf("%s is empty: the test proves nothing", table)
		}
		for _, q := range []string{"UPDATE " + table + " SET " + set, "DELETE FROM " + table} {
			err := s.Write(context.Background(), func(tx *Tx) error {
				_, err := tx.exec(q)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want append-only refusal", q, err)
			}
		}
		if after := dump(t, s, table); after != before {
			t.Errorf("%s changed:\n%s\n->\n%s", table, before, after)
		}
	}
}
