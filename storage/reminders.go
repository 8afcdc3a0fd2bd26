package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

// Firing outcomes as stored.
const (
	FiringSent    = "sent"
	FiringSkipped = "skipped"
)

const qFiringDone = `SELECT 1 FROM reminder_firings WHERE group_id = ? AND kind = ? AND target = ? AND due_at = ?`

// FiringDone reports whether a firing was already handled (sent or skipped).
func (tx *Tx) FiringDone(groupID int64, kind, target string, due time.Time) (bool, error) {
	var one int
	err := tx.queryRow(qFiringDone, groupID, kind, target, ts(due)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("firing done: %w", err)
	}
	return true, nil
}

const qFiringDoneTarget = `SELECT 1 FROM reminder_firings WHERE group_id = ? AND kind = ? AND target = ? LIMIT 1`

// FiringTargetDone reports whether a firing of kind with target was
// already handled at any due time (kinds whose target names the
// occurrence: the summary's week, the missed meeting's date).
func (tx *Tx) FiringTargetDone(groupID int64, kind, target string) (bool, error) {
	var one int
	err := tx.queryRow(qFiringDoneTarget, groupID, kind, target).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("firing target done: %w", err)
	}
	return true, nil
}

const qInsertFiring = `INSERT OR IGNORE INTO reminder_firings(group_id, kind, target, due_at, fired_at, outcome) VALUES (?, ?, ?, ?, ?, ?)`

// RecordFiring records that a firing was handled, in the transaction that
// queues its message; fresh is false when it was recorded before (and the
// caller must then queue nothing).
func (tx *Tx) RecordFiring(groupID int64, kind, target string, due time.Time, outcome string) (fresh bool, err error) {
	res, err := tx.exec(qInsertFiring, groupID, kind, target, ts(due), ts(tx.now), outcome)
	if err != nil {
		return false, fmt.Errorf("record firing: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Firing is a recorded firing.
type Firing struct {
	GroupID int64
	Kind    string
	Target  string
	Due     time.Time
	FiredAt time.Time
	Outcome string
}

const qFirings = `SELECT group_id, kind, target, due_at, fired_at, outcome FROM reminder_firings ORDER BY id`

// Firings lists every recorded firing, oldest first (tests, diagnostics).
func (s *Store) Firings(ctx context.Context) ([]Firing, error) {
	rows, err := s.r.QueryContext(ctx, qFirings)
	if err != nil {
		return nil, fmt.Errorf("firings: %w", err)
	}
	defer rows.Close()
	var out []Firing
	for rows.Next() {
		var f Firing
		var due, at string
		if err := rows.Scan(&f.GroupID, &f.Kind, &f.Target, &due, &at, &f.Outcome); err != nil {
			return nil, fmt.Errorf("firings: %w", err)
		}
		f.Due, f.FiredAt = parseTS(due), parseTS(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// Watermark marks how far the scheduler has read the tables that change
// what is due: rules, loan events, and the bot being added or removed.
type Watermark struct{ Settings, LoanEvents, GroupEvents, Groups, Polls, Roles int64 }

const qWatermark = `SELECT (SELECT COALESCE(MAX(id), 0) FROM settings), (SELECT COALESCE(MAX(id), 0) FROM loan_events),
(SELECT COALESCE(MAX(id), 0) FROM group_events), (SELECT COALESCE(MAX(id), 0) FROM groups),
(SELECT COALESCE(MAX(id), 0) FROM polls), (SELECT COALESCE(MAX(id), 0) FROM roles)`

const qActiveGroups = `SELECT g.id, g.created_at FROM groups g WHERE COALESCE((SELECT kind FROM group_events
WHERE group_id = g.id AND kind IN ('added', 'removed') ORDER BY id DESC LIMIT 1), '') != 'removed' ORDER BY g.id`

// GroupStart is a group the bot still serves, and when its book opened.
type GroupStart struct {
	ID      int64
	Created time.Time
}

// ReminderGroups lists the groups the bot still serves and the watermark
// they were read at.
func (s *Store) ReminderGroups(ctx context.Context) ([]GroupStart, Watermark, error) {
	w, err := s.watermark(ctx)
	if err != nil {
		return nil, w, err
	}
	out, err := s.groupStarts(ctx, "reminder groups", qActiveGroups)
	return out, w, err
}

const qChangedGroups = `SELECT g.id, g.created_at FROM groups g WHERE g.id IN (
SELECT group_id FROM settings WHERE id > ?1
UNION SELECT l.group_id FROM loan_events e JOIN loans l ON l.id = e.loan_id WHERE e.id > ?2
UNION SELECT group_id FROM group_events WHERE id > ?3
UNION SELECT id FROM groups WHERE id > ?4
UNION SELECT group_id FROM polls WHERE id > ?5
UNION SELECT group_id FROM roles WHERE id > ?6) ORDER BY g.id`

// ChangedGroups lists the groups that are new or whose rules, loans,
// polls, officers or membership of the bot changed after w, and the new
// watermark. The watermark is read first: a change committed in between
// is listed again next time rather than missed.
func (s *Store) ChangedGroups(ctx context.Context, w Watermark) ([]GroupStart, Watermark, error) {
	next, err := s.watermark(ctx)
	if err != nil {
		return nil, w, err
	}
	out, err := s.groupStarts(ctx, "changed groups", qChangedGroups, w.Settings, w.LoanEvents, w.GroupEvents, w.Groups, w.Polls, w.Roles)
	if err != nil {
		return nil, w, err
	}
	return out, next, nil
}

// watermark reads how far each table that changes what is due has come.
func (s *Store) watermark(ctx context.Context) (Watermark, error) {
	var w Watermark
	if err := s.r.QueryRowContext(ctx, qWatermark).Scan(&w.Settings, &w.LoanEvents, &w.GroupEvents, &w.Groups, &w.Polls, &w.Roles); err != nil {
		return w, fmt.Errorf("reminder watermark: %w", err)
	}
	return w, nil
}

// groupStarts reads (id, created_at) rows.
func (s *Store) groupStarts(ctx context.Context, what, q string, args ...any) ([]GroupStart, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []GroupStart
	for rows.Next() {
		var g GroupStart
		var at string
		if err := rows.Scan(&g.ID, &at); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		g.Created = parseTS(at)
		out = append(out, g)
	}
	return out, rows.Err()
}

const qMeetingsBetween = `SELECT COUNT(*) FROM meetings WHERE group_id = ? AND opened_at >= ? AND opened_at < ?`

// MeetingsOpenedBetween counts a group's meetings opened in [from, to).
func (tx *Tx) MeetingsOpenedBetween(groupID int64, from, to time.Time) (int, error) {
	var n int
	if err := tx.queryRow(qMeetingsBetween, groupID, ts(from), ts(to)).Scan(&n); err != nil {
		return 0, fmt.Errorf("meetings between: %w", err)
	}
	return n, nil
}

// ReminderGroup loads a group by id for its reminders: GroupByID, which
// reads it in one statement (the weekly summary reads it for every group).
func (tx *Tx) ReminderGroup(id int64) (*Group, error) { return tx.GroupByID(id) }

// qGroupTotalsAsOf sums the entries that were confirmed before a moment:
// one that needed no confirmation from when it was made, one that needed it
// from when it was confirmed (only a pending entry is ever decided).
const qGroupTotalsAsOf = `SELECT e.kind, 'confirmed', ` + signedAmount + ` FROM entries e
WHERE e.group_id = ?1 AND e.needs_confirmation = 0 AND e.created_at < ?2 GROUP BY e.kind
UNION ALL
SELECT e.kind, 'confirmed', ` + signedAmount + ` FROM entries e JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.group_id = ?1 AND e.needs_confirmation = 1 AND d.decision = 'confirmed' AND d.decided_at < ?2 GROUP BY e.kind`

// GroupTotalsAsOf sums a group's entries confirmed before t, as the book
// stood then (confirmed amounts only).
func (tx *Tx) GroupTotalsAsOf(groupID int64, t time.Time) (ledger.Totals, error) {
	return tx.totals(qGroupTotalsAsOf, groupID, ts(t))
}

const qPrivateChatSeen = `INSERT INTO private_chats(chat_ref, seen_at) VALUES (?, ?)
ON CONFLICT(chat_ref) DO UPDATE SET seen_at = excluded.seen_at, gone_at = NULL`

// PrivateChatSeen records that a person wrote to the bot in their private
// chat: the bot may write to them there.
func (tx *Tx) PrivateChatSeen(chat bot.ChatRef) error {
	if _, err := tx.exec(qPrivateChatSeen, string(chat), ts(tx.now)); err != nil {
		return fmt.Errorf("private chat seen: %w", err)
	}
	return nil
}

const qPrivateChatGone = `UPDATE private_chats SET gone_at = ? WHERE chat_ref = ? AND gone_at IS NULL`

// privateChatGone records that the bot can no longer write to a private
// chat (unknown chats are left alone).
func (tx *Tx) privateChatGone(chat bot.ChatRef) error {
	if _, err := tx.exec(qPrivateChatGone, ts(tx.now), string(chat)); err != nil {
		return fmt.Errorf("private chat gone: %w", err)
	}
	return nil
}

const qPrivateChatOpen = `SELECT 1 FROM private_chats WHERE chat_ref = ? AND gone_at IS NULL`

// PrivateChatOpen reports whether the bot may write to a private chat: the
// person wrote to it there and has not blocked it since.
func (tx *Tx) PrivateChatOpen(chat bot.ChatRef) (bool, error) {
	var one int
	err := tx.queryRow(qPrivateChatOpen, string(chat)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("private chat open: %w", err)
	}
	return true, nil
}
