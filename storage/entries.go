package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

// Entry is one line of the ledger.
type Entry struct {
	ID                int64
	GroupID           int64
	No                int64
	Kind              ledger.Kind
	MemberID          int64
	Amount            bot.Money
	RequestedBy       int64
	NeedsConfirmation bool
	Note              string
	// Reverses is the id of the entry this one corrects (a reversal: same
	// kind and amount, counted with the opposite sign); 0 for none.
	Reverses int64
	// MeetingID is the meeting the entry was booked in; 0 outside meetings.
	MeetingID int64
	Source    string
	CreatedAt time.Time
	Decision  ledger.Decision
	DecidedBy int64
	// DecidedIn is the meeting the decision was taken in (0: outside one).
	DecidedIn int64
	// LoanID is the loan a pay-out or repayment belongs to (0: none).
	LoanID int64
}

// Status is the entry's standing in the books.
func (e *Entry) Status() ledger.Status { return ledger.StatusOf(e.NeedsConfirmation, e.Decision) }

const (
	qNextNo      = `SELECT COALESCE(MAX(no), 0) + 1 FROM entries WHERE group_id = ?`
	qInsertEntry = `INSERT INTO entries(group_id, no, kind, member_id, amount, requested_by, needs_confirmation, note, meeting_id, reverses, source, created_at, loan_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

// AddEntry appends an entry to the group's ledger and fills in its id and number.
func (tx *Tx) AddEntry(e *Entry) error {
	if e.Amount <= 0 {
		return fmt.Errorf("add entry: amount %d must be positive", e.Amount)
	}
	// The single writer makes the next number safe to know in advance;
	// UNIQUE(group_id, no) guards it all the same.
	no, ok := tx.s.cache.nextNo[e.GroupID]
	if !ok {
		if err := tx.queryRow(qNextNo, e.GroupID).Scan(&no); err != nil {
			return fmt.Errorf("next entry number: %w", err)
		}
	}
	e.CreatedAt = tx.now
	id, err := tx.insert(qInsertEntry, e.GroupID, no, string(e.Kind), nullID(e.MemberID), int64(e.Amount),
		e.RequestedBy, e.NeedsConfirmation, e.Note, nullID(e.MeetingID), nullID(e.Reverses), e.Source, ts(tx.now), nullID(e.LoanID))
	if err != nil {
		delete(tx.s.cache.nextNo, e.GroupID)
		return fmt.Errorf("add entry: %w", err)
	}
	e.ID, e.No = id, no
	tx.s.cache.nextNo[e.GroupID] = no + 1
	return nil
}

const entryCols = `e.id, e.group_id, e.no, e.kind, COALESCE(e.member_id, 0), e.amount, e.requested_by,
e.needs_confirmation, e.note, COALESCE(e.meeting_id, 0), COALESCE(e.reverses, 0), e.source, e.created_at, COALESCE(d.decision, ''), COALESCE(d.decided_by, 0), COALESCE(e.loan_id, 0)`

func scanEntry(sc interface{ Scan(...any) error }) (*Entry, error) {
	return scanEntryWith(sc)
}

// scanEntryDecided scans entryCols followed by the decision's meeting.
func scanEntryDecided(sc interface{ Scan(...any) error }) (*Entry, error) {
	var in int64
	e, err := scanEntryWith(sc, &in)
	if e != nil {
		e.DecidedIn = in
	}
	return e, err
}

func scanEntryWith(sc interface{ Scan(...any) error }, extra ...any) (*Entry, error) {
	e := &Entry{}
	var kind, created, decision string
	dest := append([]any{&e.ID, &e.GroupID, &e.No, &kind, &e.MemberID, &e.Amount, &e.RequestedBy,
		&e.NeedsConfirmation, &e.Note, &e.MeetingID, &e.Reverses, &e.Source, &created, &decision, &e.DecidedBy, &e.LoanID}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	e.Kind, e.CreatedAt, e.Decision = ledger.Kind(kind), parseTS(created), ledger.Decision(decision)
	return e, nil
}

const qEntryByNo = `SELECT ` + entryCols + ` FROM entries e LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.group_id = ? AND e.no = ?`

// EntryByNo finds entry number no of the group; nil if there is none.
// Another group's entries are never found: the number is per group.
func (tx *Tx) EntryByNo(groupID, no int64) (*Entry, error) {
	e, err := scanEntry(tx.queryRow(qEntryByNo, groupID, no))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("entry %d: %w", no, err)
	}
	return e, nil
}

const qLastPendingBy = `SELECT ` + entryCols + ` FROM entries e LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.group_id = ?1 AND e.member_id = ?2 AND e.requested_by = ?2 AND e.needs_confirmation = 1 AND d.entry_id IS NULL
ORDER BY e.id DESC LIMIT 1`

// LastPendingBy finds the newest still-pending entry a member reported.
func (tx *Tx) LastPendingBy(groupID, memberID int64) (*Entry, error) {
	e, err := scanEntry(tx.queryRow(qLastPendingBy, groupID, memberID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("last pending: %w", err)
	}
	return e, nil
}

const qPending = `SELECT ` + entryCols + ` FROM entries e LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.group_id = ? AND e.needs_confirmation = 1 AND d.entry_id IS NULL ORDER BY e.id`

// PendingEntries lists the group's entries that wait for confirmation.
func (tx *Tx) PendingEntries(groupID int64) ([]*Entry, error) {
	rows, err := tx.query(qPending, groupID)
	if err != nil {
		return nil, fmt.Errorf("pending entries: %w", err)
	}
	defer rows.Close()
	var out []*Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("pending entries: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

const qInsertDecision = `INSERT INTO entry_decisions(entry_id, decision, decided_by, decided_at, meeting_id, source) VALUES (?, ?, ?, ?, ?, ?)`

// Decide records the one decision a pending entry can get, in the meeting
// (0: none) where it is taken. An entry that is not pending is refused with
// a user error naming its standing.
func (tx *Tx) Decide(e *Entry, d ledger.Decision, by, meetingID int64, source string) error {
	switch e.Status() {
	case ledger.Confirmed:
		return bot.E("entry.already_confirmed", "No", e.No)
	case ledger.Void:
		return bot.E("entry.already_void", "No", e.No)
	}
	if _, err := tx.exec(qInsertDecision, e.ID, string(d), by, ts(tx.now), nullID(meetingID), source); err != nil {
		return fmt.Errorf("decide entry %d: %w", e.No, err)
	}
	e.Decision, e.DecidedBy, e.DecidedIn = d, by, meetingID
	return nil
}

const statusExpr = `CASE WHEN d.decision = 'confirmed' OR (e.needs_confirmation = 0 AND d.entry_id IS NULL) THEN 'confirmed'
WHEN d.entry_id IS NULL THEN 'pending' ELSE 'void' END`

// signedAmount counts a reversal against what it corrects.
const signedAmount = `SUM(CASE WHEN e.reverses IS NULL THEN e.amount ELSE -e.amount END)`

const qMemberTotals = `SELECT e.kind, ` + statusExpr + ` AS st, ` + signedAmount + ` FROM entries e
LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.group_id = ? AND e.member_id = ? GROUP BY e.kind, st`

// qGroupTotals reads the entries that needed no confirmation (always
// confirmed: only a pending entry can be decided) from the covering index
// entries_totals, without the join, and the others with their decisions.
const qGroupTotals = `SELECT e.kind, 'confirmed', ` + signedAmount + ` FROM entries e
WHERE e.group_id = ?1 AND e.needs_confirmation = 0 GROUP BY e.kind
UNION ALL
SELECT e.kind, ` + statusExpr + ` AS st, ` + signedAmount + ` FROM entries e
LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.group_id = ?1 AND e.needs_confirmation = 1 GROUP BY e.kind, st`

// MemberTotals sums a member's entries by kind and status.
func (tx *Tx) MemberTotals(groupID, memberID int64) (ledger.Totals, error) {
	return tx.totals(qMemberTotals, groupID, memberID)
}

// GroupTotals sums all of a group's entries by kind and status.
func (tx *Tx) GroupTotals(groupID int64) (ledger.Totals, error) {
	return tx.totals(qGroupTotals, groupID)
}

func (tx *Tx) totals(q string, args ...any) (ledger.Totals, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("totals: %w", err)
	}
	defer rows.Close()
	t := ledger.Totals{}
	for rows.Next() {
		var kind, st string
		var sum int64
		if err := rows.Scan(&kind, &st, &sum); err != nil {
			return nil, fmt.Errorf("totals: %w", err)
		}
		if err := t.Put(ledger.Kind(kind), ledger.Status(st), bot.Money(sum)); err != nil {
			return nil, err
		}
	}
	return t, rows.Err()
}

const qNoDepositSince = `SELECT ` + memberCols + ` FROM members m WHERE m.group_id = ? AND NOT EXISTS (
  SELECT 1 FROM entries e LEFT JOIN entry_decisions d ON d.entry_id = e.id
  WHERE e.group_id = m.group_id AND e.member_id = m.id AND e.kind = 'deposit'
    AND e.created_at >= ? AND (d.decision IS NULL OR d.decision = 'confirmed'))
ORDER BY m.name COLLATE NOCASE`

// MembersWithoutDeposit lists members with no deposit (confirmed or
// pending) since a moment.
func (tx *Tx) MembersWithoutDeposit(groupID int64, since time.Time) ([]*Member, error) {
	rows, err := tx.query(qNoDepositSince, groupID, ts(since))
	if err != nil {
		return nil, fmt.Errorf("members without deposit: %w", err)
	}
	defer rows.Close()
	var out []*Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, fmt.Errorf("members without deposit: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

const qReversalOf = `SELECT no FROM entries WHERE reverses = ?`

// ReversalOf is the number of the entry that corrects entry id, or 0.
func (tx *Tx) ReversalOf(id int64) (int64, error) {
	var no int64
	err := tx.queryRow(qReversalOf, id).Scan(&no)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reversal of %d: %w", id, err)
	}
	return no, nil
}

const qHasEntryNote = `SELECT EXISTS (SELECT 1 FROM entries
WHERE group_id = ? AND kind = ? AND member_id = ? AND note = ? AND reverses IS NULL)`

// HasEntryNote reports whether the group has an entry (not a reversal) of
// the kind for the member with exactly this note: the mark of a charge
// made once, such as a late installment's fine.
func (tx *Tx) HasEntryNote(groupID int64, kind ledger.Kind, memberID int64, note string) (bool, error) {
	var has bool
	if err := tx.queryRow(qHasEntryNote, groupID, string(kind), memberID, note).Scan(&has); err != nil {
		return false, fmt.Errorf("entry note: %w", err)
	}
	return has, nil
}
