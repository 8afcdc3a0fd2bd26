package storage

import (
	"database/sql"
	"errors"
	"fmt"
)

// AgendaItem is one agenda row with what was said and decided.
type AgendaItem struct {
	ID        int64
	No        int64
	MeetingID int64 // 0: waiting for the next meeting
	Text      string
	Discussed []string
	Decisions []string
}

const (
	qNextItemNo  = `SELECT COALESCE(MAX(no), 0) + 1 FROM agenda_items WHERE group_id = ?`
	qInsertItem  = `INSERT INTO agenda_items(group_id, no, meeting_id, text, added_by, at, source) VALUES (?, ?, ?, ?, ?, ?, ?)`
	qInsertNote  = `INSERT INTO agenda_notes(item_id, kind, text, by_member, at, source) VALUES (?, ?, ?, ?, ?, ?)`
	qInsertTaken = `INSERT INTO agenda_taken(item_id, meeting_id) VALUES (?, ?)`
)

// AddAgendaItem adds an item to the open meeting (meetingID) or, with 0,
// to the waiting list for the next one.
func (tx *Tx) AddAgendaItem(groupID, meetingID int64, text string, by int64, source string) (*AgendaItem, error) {
	it := &AgendaItem{MeetingID: meetingID, Text: text}
	if err := tx.queryRow(qNextItemNo, groupID).Scan(&it.No); err != nil {
		return nil, fmt.Errorf("next agenda number: %w", err)
	}
	id, err := tx.insert(qInsertItem, groupID, it.No, nullID(meetingID), text, by, ts(tx.now), source)
	if err != nil {
		return nil, fmt.Errorf("add agenda item: %w", err)
	}
	it.ID = id
	return it, nil
}

// itemMeeting is the meeting an item belongs to: its own, or the one that took it.
const itemCols = `i.id, i.no, COALESCE(i.meeting_id, t.meeting_id, 0), i.text`

const qItemByNo = `SELECT ` + itemCols + ` FROM agenda_items i LEFT JOIN agenda_taken t ON t.item_id = i.id
WHERE i.group_id = ? AND i.no = ?`

// AgendaItemByNo finds item number no of the group, with its notes; nil if none.
func (tx *Tx) AgendaItemByNo(groupID, no int64) (*AgendaItem, error) {
	it := &AgendaItem{}
	err := tx.queryRow(qItemByNo, groupID, no).Scan(&it.ID, &it.No, &it.MeetingID, &it.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("agenda item %d: %w", no, err)
	}
	return it, tx.loadNotes([]*AgendaItem{it})
}

// qCurrentAgenda: the open meeting's items and the items still waiting.
const qCurrentAgenda = `SELECT ` + itemCols + ` FROM agenda_items i LEFT JOIN agenda_taken t ON t.item_id = i.id
WHERE i.group_id = ?1 AND (i.meeting_id = ?2 OR (i.meeting_id IS NULL AND t.item_id IS NULL)) ORDER BY i.no`

// CurrentAgenda lists the items of the open meeting (0: none open) and the
// items waiting for a meeting.
func (tx *Tx) CurrentAgenda(groupID, meetingID int64) ([]*AgendaItem, error) {
	return tx.items(qCurrentAgenda, groupID, meetingID)
}

const qMeetingAgenda = `SELECT ` + itemCols + ` FROM agenda_items i LEFT JOIN agenda_taken t ON t.item_id = i.id
WHERE i.group_id = ?1 AND (i.meeting_id = ?2 OR t.meeting_id = ?2) ORDER BY i.no`

// MeetingAgenda lists the items a meeting dealt with.
func (tx *Tx) MeetingAgenda(groupID, meetingID int64) ([]*AgendaItem, error) {
	return tx.items(qMeetingAgenda, groupID, meetingID)
}

func (tx *Tx) items(q string, args ...any) ([]*AgendaItem, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("agenda: %w", err)
	}
	var out []*AgendaItem
	for rows.Next() {
		it := &AgendaItem{}
		if err := rows.Scan(&it.ID, &it.No, &it.MeetingID, &it.Text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("agenda: %w", err)
		}
		out = append(out, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("agenda: %w", err)
	}
	return out, tx.loadNotes(out)
}

// qNotes reads the notes of a list of items (a JSON array of ids) in one
// statement.
const qNotes = `SELECT item_id, kind, text FROM agenda_notes WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY id`

func (tx *Tx) loadNotes(items []*AgendaItem) error {
	if len(items) == 0 {
		return nil
	}
	byID := make(map[int64]*AgendaItem, len(items))
	ids := make([]int64, len(items))
	for i, it := range items {
		byID[it.ID], ids[i] = it, it.ID
	}
	rows, err := tx.query(qNotes, idArray(ids))
	if err != nil {
		return fmt.Errorf("agenda notes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, text string
		if err := rows.Scan(&id, &kind, &text); err != nil {
			return fmt.Errorf("agenda notes: %w", err)
		}
		it := byID[id]
		if it == nil {
			continue
		}
		if kind == "decided" {
			it.Decisions = append(it.Decisions, text)
		} else {
			it.Discussed = append(it.Discussed, text)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("agenda notes: %w", err)
	}
	return nil
}

// AddAgendaNote records what was discussed ("discussed") or decided
// ("decided") about an item.
func (tx *Tx) AddAgendaNote(itemID int64, kind, text string, by int64, source string) error {
	if _, err := tx.exec(qInsertNote, itemID, kind, text, by, ts(tx.now), source); err != nil {
		return fmt.Errorf("agenda note: %w", err)
	}
	return nil
}

// TakeWaitingItems links the waiting items to the meeting that closes.
func (tx *Tx) TakeWaitingItems(items []*AgendaItem, meetingID int64) error {
	for _, it := range items {
		if it.MeetingID != 0 {
			continue
		}
		if _, err := tx.exec(qInsertTaken, it.ID, meetingID); err != nil {
			return fmt.Errorf("take agenda item %d: %w", it.No, err)
		}
		it.MeetingID = meetingID
	}
	return nil
}
