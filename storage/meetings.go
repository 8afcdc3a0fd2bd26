package storage

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kelompok/bot/meetings"
)

// Meeting is one of a group's meetings.
type Meeting struct {
	ID          int64
	GroupID     int64
	No          int64
	Place       string
	ScheduledAt time.Time
	OpenedBy    int64
	OpenedAt    time.Time
	// End is "", "closed" or "cancelled".
	End      string
	EndedBy  int64
	EndedAt  time.Time
	Minutes  *meetings.Minutes
	minutesJ string
}

const meetingCols = `m.id, m.group_id, m.no, m.place, m.scheduled_at, m.opened_by, m.opened_at,
COALESCE(e.kind, ''), COALESCE(e.by_member, 0), COALESCE(e.at, ''), COALESCE(e.minutes, '')`

func scanMeeting(sc interface{ Scan(...any) error }) (*Meeting, error) {
	m := &Meeting{}
	var sched, opened, ended string
	if err := sc.Scan(&m.ID, &m.GroupID, &m.No, &m.Place, &sched, &m.OpenedBy, &opened,
		&m.End, &m.EndedBy, &ended, &m.minutesJ); err != nil {
		return nil, err
	}
	m.ScheduledAt, m.OpenedAt = parseTS(sched), parseTS(opened)
	if ended != "" {
		m.EndedAt = parseTS(ended)
	}
	if m.minutesJ != "" {
		m.Minutes = &meetings.Minutes{}
		if err := json.Unmarshal([]byte(m.minutesJ), m.Minutes); err != nil {
			return nil, fmt.Errorf("minutes of meeting %d: %w", m.No, err)
		}
	}
	return m, nil
}

const qOpenMeeting = `SELECT ` + meetingCols + ` FROM meetings m LEFT JOIN meeting_ends e ON e.meeting_id = m.id
WHERE m.group_id = ? AND e.meeting_id IS NULL ORDER BY m.id DESC LIMIT 1`

// OpenMeeting is the group's open meeting, or nil. Every money record
// asks, so the answer is cached for the writer.
func (tx *Tx) OpenMeeting(groupID int64) (*Meeting, error) {
	if m, ok := tx.s.cache.open[groupID]; ok {
		if m == nil {
			return nil, nil
		}
		cp := *m
		return &cp, nil
	}
	m, err := tx.oneMeeting(qOpenMeeting, groupID)
	if err != nil {
		return nil, err
	}
	if len(tx.s.cache.open) >= cacheLimit {
		clear(tx.s.cache.open)
	}
	if m != nil {
		cp := *m
		tx.s.cache.open[groupID] = &cp
	} else {
		tx.s.cache.open[groupID] = nil
	}
	return m, nil
}

const qMeetingByNo = `SELECT ` + meetingCols + ` FROM meetings m LEFT JOIN meeting_ends e ON e.meeting_id = m.id
WHERE m.group_id = ? AND m.no = ?`

// MeetingByNo finds meeting number no of the group; nil if none.
func (tx *Tx) MeetingByNo(groupID, no int64) (*Meeting, error) {
	return tx.oneMeeting(qMeetingByNo, groupID, no)
}

const qLastClosed = `SELECT ` + meetingCols + ` FROM meetings m JOIN meeting_ends e ON e.meeting_id = m.id
WHERE m.group_id = ? AND e.kind = 'closed' ORDER BY m.no DESC LIMIT 1`

// LastClosedMeeting is the group's most recent closed meeting, or nil.
func (tx *Tx) LastClosedMeeting(groupID int64) (*Meeting, error) {
	return tx.oneMeeting(qLastClosed, groupID)
}

func (tx *Tx) oneMeeting(q string, args ...any) (*Meeting, error) {
	m, err := scanMeeting(tx.queryRow(q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("meeting: %w", err)
	}
	return m, nil
}

const (
	qNextMeetingNo = `SELECT COALESCE(MAX(no), 0) + 1 FROM meetings WHERE group_id = ?`
	qInsertMeeting = `INSERT INTO meetings(group_id, no, place, scheduled_at, opened_by, opened_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)`
)

// OpenNewMeeting opens the group's next meeting. The caller checks that
// none is open.
func (tx *Tx) OpenNewMeeting(groupID int64, place string, scheduled time.Time, by int64, source string) (*Meeting, error) {
	m := &Meeting{GroupID: groupID, Place: place, ScheduledAt: scheduled, OpenedBy: by, OpenedAt: tx.now}
	if err := tx.queryRow(qNextMeetingNo, groupID).Scan(&m.No); err != nil {
		return nil, fmt.Errorf("next meeting number: %w", err)
	}
	id, err := tx.insert(qInsertMeeting, groupID, m.No, place, ts(scheduled), by, ts(tx.now), source)
	if err != nil {
		return nil, fmt.Errorf("open meeting: %w", err)
	}
	m.ID = id
	delete(tx.s.cache.open, groupID)
	return m, nil
}

const qInsertMeetingEnd = `INSERT INTO meeting_ends(meeting_id, kind, by_member, at, minutes, source) VALUES (?, ?, ?, ?, ?, ?)`

// EndMeeting closes (with its minutes) or cancels a meeting. A meeting
// ends once: the primary key refuses a second end.
func (tx *Tx) EndMeeting(m *Meeting, kind string, by int64, minutes *meetings.Minutes, source string) error {
	body := ""
	if minutes != nil {
		b, err := json.Marshal(minutes)
		if err != nil {
			return fmt.Errorf("minutes: %w", err)
		}
		body = string(b)
	}
	if _, err := tx.exec(qInsertMeetingEnd, m.ID, kind, by, ts(tx.now), body, source); err != nil {
		return fmt.Errorf("end meeting %d: %w", m.No, err)
	}
	m.End, m.EndedBy, m.EndedAt, m.Minutes = kind, by, tx.now, minutes
	delete(tx.s.cache.open, m.GroupID)
	return nil
}

// Excuses carried in when the meeting opened (same source as the opening)
// are not records of the meeting: they hold for the next one.
const qMeetingRecords = `SELECT
 (SELECT COUNT(*) FROM entries WHERE meeting_id = ?1) +
 (SELECT COUNT(*) FROM entry_decisions WHERE meeting_id = ?1) +
 (SELECT COUNT(*) FROM meeting_attendance WHERE meeting_id = ?1
    AND source <> (SELECT source FROM meetings WHERE id = ?1)) +
 (SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ?1) +
 (SELECT COUNT(*) FROM agenda_notes n JOIN agenda_items i ON i.id = n.item_id
   WHERE i.group_id = (SELECT group_id FROM meetings WHERE id = ?1) AND n.at >= (SELECT opened_at FROM meetings WHERE id = ?1))`

// MeetingRecordCount counts what was recorded in an open meeting.
func (tx *Tx) MeetingRecordCount(m *Meeting) (int, error) {
	var n int
	if err := tx.queryRow(qMeetingRecords, m.ID).Scan(&n); err != nil {
		return 0, fmt.Errorf("meeting records: %w", err)
	}
	return n, nil
}

// Mark is one attendance mark at a meeting.
type Mark struct {
	MemberID int64
	Status   meetings.Status
	Reason   string
	At       time.Time
}

const qMarks = `SELECT a.member_id, a.status, a.reason, a.at FROM meeting_attendance a
WHERE a.meeting_id = ?1 AND a.id = (SELECT MAX(b.id) FROM meeting_attendance b WHERE b.meeting_id = ?1 AND b.member_id = a.member_id)
ORDER BY a.id`

// Marks lists a meeting's attendance: each member's latest mark.
func (tx *Tx) Marks(meetingID int64) ([]Mark, error) {
	rows, err := tx.query(qMarks, meetingID)
	if err != nil {
		return nil, fmt.Errorf("marks: %w", err)
	}
	defer rows.Close()
	var out []Mark
	for rows.Next() {
		var mk Mark
		var st, at string
		if err := rows.Scan(&mk.MemberID, &st, &mk.Reason, &at); err != nil {
			return nil, fmt.Errorf("marks: %w", err)
		}
		mk.Status, mk.At = meetings.Status(st), parseTS(at)
		out = append(out, mk)
	}
	return out, rows.Err()
}

const qMark = `SELECT status FROM meeting_attendance WHERE meeting_id = ? AND member_id = ? ORDER BY id DESC LIMIT 1`
const qInsertMark = `INSERT INTO meeting_attendance(meeting_id, member_id, status, reason, recorded_by, at, source) VALUES (?, ?, ?, ?, ?, ?, ?)`

// MarkMeeting records a member's attendance at a meeting. If the member is
// already marked it changes nothing and returns the earlier status.
func (tx *Tx) MarkMeeting(meetingID, memberID int64, st meetings.Status, reason string, by int64, source string) (earlier meetings.Status, marked bool, err error) {
	var e string
	err = tx.queryRow(qMark, meetingID, memberID).Scan(&e)
	if err == nil {
		return meetings.Status(e), false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", false, fmt.Errorf("attendance: %w", err)
	}
	if _, err := tx.exec(qInsertMark, meetingID, memberID, string(st), reason, by, ts(tx.now), source); err != nil {
		return "", false, fmt.Errorf("mark attendance: %w", err)
	}
	return "", true, nil
}

const qInsertExcuse = `INSERT INTO excuses(group_id, member_id, reason, recorded_by, at, source) VALUES (?, ?, ?, ?, ?, ?)`

// CorrectMark records an officer's correction of a member's mark: a new
// row that supersedes the earlier one, which stays in the book.
func (tx *Tx) CorrectMark(meetingID, memberID int64, st meetings.Status, reason string, by int64, source string) error {
	if _, err := tx.exec(qInsertMark, meetingID, memberID, string(st), reason, by, ts(tx.now), source); err != nil {
		return fmt.Errorf("correct attendance: %w", err)
	}
	return nil
}

// AddExcuse records, before a meeting, that a member will not come.
func (tx *Tx) AddExcuse(groupID, memberID int64, reason string, by int64, source string) error {
	if _, err := tx.exec(qInsertExcuse, groupID, memberID, reason, by, ts(tx.now), source); err != nil {
		return fmt.Errorf("excuse: %w", err)
	}
	return nil
}

// Excuses are written only while no meeting is open, so one stamped in the
// same millisecond as the last close came after it: >= keeps it.
const qExcusesSince = `SELECT member_id, reason FROM excuses WHERE group_id = ? AND at >= ? ORDER BY id`

// ExcusesSince lists the excuses sent after a moment (the last close), the
// latest reason per member.
func (tx *Tx) ExcusesSince(groupID int64, since time.Time) (map[int64]string, error) {
	rows, err := tx.query(qExcusesSince, groupID, ts(since))
	if err != nil {
		return nil, fmt.Errorf("excuses: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var reason string
		if err := rows.Scan(&id, &reason); err != nil {
			return nil, fmt.Errorf("excuses: %w", err)
		}
		out[id] = reason
	}
	return out, rows.Err()
}

// qMeetingEntries: what a meeting's minutes account for: entries booked in
// it, entries decided in it, and entries booked outside any meeting since
// the previous close.
const qMeetingEntries = `SELECT ` + entryCols + `, COALESCE(d.meeting_id, 0) FROM entries e LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.group_id = ?1 AND (e.meeting_id = ?2 OR d.meeting_id = ?2 OR (e.meeting_id IS NULL AND e.created_at >= ?3))
ORDER BY e.no`

// MeetingEntries lists what a meeting accounts for (see qMeetingEntries);
// since is the previous meeting's close.
func (tx *Tx) MeetingEntries(groupID, meetingID int64, since time.Time) ([]*Entry, error) {
	rows, err := tx.query(qMeetingEntries, groupID, meetingID, ts(since))
	if err != nil {
		return nil, fmt.Errorf("meeting entries: %w", err)
	}
	defer rows.Close()
	var out []*Entry
	for rows.Next() {
		e, err := scanEntryDecided(rows)
		if err != nil {
			return nil, fmt.Errorf("meeting entries: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Amendment is a visible correction of closed minutes.
type Amendment struct {
	Text string
	By   int64
	At   time.Time
}

const qInsertAmendment = `INSERT INTO minutes_amendments(meeting_id, text, by_member, at, source) VALUES (?, ?, ?, ?, ?)`
const qAmendments = `SELECT text, by_member, at FROM minutes_amendments WHERE meeting_id = ? ORDER BY id`

// AddAmendment appends a correction to a meeting's minutes.
func (tx *Tx) AddAmendment(meetingID int64, text string, by int64, source string) error {
	if _, err := tx.exec(qInsertAmendment, meetingID, text, by, ts(tx.now), source); err != nil {
		return fmt.Errorf("amend minutes: %w", err)
	}
	return nil
}

// Amendments lists a meeting's corrections in order.
func (tx *Tx) Amendments(meetingID int64) ([]Amendment, error) {
	rows, err := tx.query(qAmendments, meetingID)
	if err != nil {
		return nil, fmt.Errorf("amendments: %w", err)
	}
	defer rows.Close()
	var out []Amendment
	for rows.Next() {
		var a Amendment
		var at string
		if err := rows.Scan(&a.Text, &a.By, &at); err != nil {
			return nil, fmt.Errorf("amendments: %w", err)
		}
		a.At = parseTS(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
