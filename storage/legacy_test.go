package storage

import (
	"database/sql"
	"errors"
	"fmt"
)

// Helpers the tests use to write and read rows directly. The day-based
// attendance of the first schema (migration 0001's attendance table) is no
// longer written by the bot since meetings exist; its table stays, with
// its append-only triggers, and these helpers test them.

// Attendance statuses.
const (
	Present = "present"
	Late    = "late"
	Excused = "excused"
	Absent  = "absent"
)

const qAttendance = `SELECT status FROM attendance WHERE group_id = ? AND meeting_day = ? AND member_id = ?`
const qInsertAttendance = `INSERT INTO attendance(group_id, meeting_day, member_id, status, recorded_by, at, source) VALUES (?, ?, ?, ?, ?, ?, ?)`

// MarkAttendance records a member's attendance at the meeting of a day
// (YYYY-MM-DD in the group's time zone). If the member is already marked it
// changes nothing and returns the earlier status with marked=false.
func (tx *Tx) MarkAttendance(groupID int64, day string, memberID int64, status string, by int64, source string) (earlier string, marked bool, err error) {
	err = tx.queryRow(qAttendance, groupID, day, memberID).Scan(&earlier)
	if err == nil {
		return earlier, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", false, fmt.Errorf("attendance: %w", err)
	}
	if _, err := tx.exec(qInsertAttendance, groupID, day, memberID, status, by, ts(tx.now), source); err != nil {
		return "", false, fmt.Errorf("mark attendance: %w", err)
	}
	return "", true, nil
}

const qAttendanceCount = `SELECT COUNT(*) FROM attendance WHERE group_id = ? AND meeting_day = ? AND status IN ('present', 'late')`

// AttendanceCount counts who is present (or late) at a day's meeting.
func (tx *Tx) AttendanceCount(groupID int64, day string) (int, error) {
	var n int
	if err := tx.queryRow(qAttendanceCount, groupID, day).Scan(&n); err != nil {
		return 0, fmt.Errorf("attendance count: %w", err)
	}
	return n, nil
}

const qProcessed = `SELECT 1 FROM processed WHERE source = ?`
const qInsertProcessed = `INSERT INTO processed(source, at) VALUES (?, ?)`

// Processed reports whether the platform event source was already handled.
func (tx *Tx) Processed(source string) (bool, error) {
	var one int
	err := tx.queryRow(qProcessed, source).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("processed: %w", err)
	}
	return true, nil
}

// MarkProcessed records that source's effects are in this transaction.
func (tx *Tx) MarkProcessed(source string) error {
	if _, err := tx.exec(qInsertProcessed, source, ts(tx.now)); err != nil {
		return fmt.Errorf("mark processed: %w", err)
	}
	return nil
}
