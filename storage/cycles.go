package storage

import (
	"fmt"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

// Cycle is a savings cycle begun by a booked share-out (the first cycle
// of a group has no row: it runs from the start of the book).
type Cycle struct {
	No        int64
	StartedAt time.Time
}

const qCurrentCycle = `SELECT no, started_at FROM cycles WHERE group_id = ? ORDER BY no DESC LIMIT 1`

// CurrentCycle is the group's running cycle: number 1 from the start of
// the book (zero StartedAt) until the first share-out is booked.
func (tx *Tx) CurrentCycle(groupID int64) (Cycle, error) {
	var c Cycle
	var at string
	rows, err := tx.query(qCurrentCycle, groupID)
	if err != nil {
		return c, fmt.Errorf("current cycle: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return Cycle{No: 1}, rows.Err()
	}
	if err := rows.Scan(&c.No, &at); err != nil {
		return c, fmt.Errorf("current cycle: %w", err)
	}
	c.StartedAt = parseTS(at)
	return c, nil
}

const qInsertCycle = `INSERT INTO cycles(group_id, no, started_at, shareout_savings, shareout_profit, shareout_remainder, booked_by, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

// StartCycle records cycle no, begun now by the share-out that paid
// savings and profit and kept remainder in the fund.
func (tx *Tx) StartCycle(groupID, no int64, savings, profit, remainder bot.Money, by int64, source string) error {
	if _, err := tx.exec(qInsertCycle, groupID, no, ts(tx.now), int64(savings), int64(profit), int64(remainder), by, source); err != nil {
		return fmt.Errorf("start cycle %d: %w", no, err)
	}
	return nil
}

// ShareOutConfirmation is an officer's confirmation of a share-out preview.
type ShareOutConfirmation struct {
	Fingerprint string
	Total       bot.Money
	By          int64
	At          time.Time
}

const qShareOutConfirmations = `SELECT fingerprint, total, by_member, at FROM shareout_confirmations
WHERE group_id = ? AND cycle_no = ? ORDER BY id`

// ShareOutConfirmations lists the confirmations given in a cycle, oldest first.
func (tx *Tx) ShareOutConfirmations(groupID, cycleNo int64) ([]ShareOutConfirmation, error) {
	rows, err := tx.query(qShareOutConfirmations, groupID, cycleNo)
	if err != nil {
		return nil, fmt.Errorf("share-out confirmations: %w", err)
	}
	defer rows.Close()
	var out []ShareOutConfirmation
	for rows.Next() {
		var c ShareOutConfirmation
		var at string
		if err := rows.Scan(&c.Fingerprint, &c.Total, &c.By, &at); err != nil {
			return nil, fmt.Errorf("share-out confirmations: %w", err)
		}
		c.At = parseTS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

const qInsertShareOutConfirmation = `INSERT INTO shareout_confirmations(group_id, cycle_no, fingerprint, total, by_member, at, meeting_id, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

// ConfirmShareOut records an officer's confirmation of the preview with
// the given fingerprint and total payout.
func (tx *Tx) ConfirmShareOut(groupID, cycleNo int64, fingerprint string, total bot.Money, by, meetingID int64, source string) error {
	if _, err := tx.exec(qInsertShareOutConfirmation, groupID, cycleNo, fingerprint, int64(total), by, ts(tx.now), nullID(meetingID), source); err != nil {
		return fmt.Errorf("confirm share-out: %w", err)
	}
	return nil
}

const qTotalsByMember = `SELECT e.member_id, e.kind, 'confirmed', ` + signedAmount + ` FROM entries e
WHERE e.group_id = ?1 AND e.needs_confirmation = 0 AND e.member_id IS NOT NULL GROUP BY e.kind, e.member_id
UNION ALL
SELECT e.member_id, e.kind, ` + statusExpr + ` AS st, ` + signedAmount + ` FROM entries e
LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.group_id = ?1 AND e.needs_confirmation = 1 AND e.member_id IS NOT NULL GROUP BY e.member_id, e.kind, st`

const qTotalsByMemberSince = `SELECT e.member_id, e.kind, ` + statusExpr + ` AS st, ` + signedAmount + ` FROM entries e
LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.group_id = ? AND e.member_id IS NOT NULL AND e.created_at >= ? GROUP BY e.member_id, e.kind, st`

// TotalsByMember sums the entries of every member of the group by kind and
// status, in one pass; only entries made at or after since count (the
// zero time: all of them).
func (tx *Tx) TotalsByMember(groupID int64, since time.Time) (map[int64]ledger.Totals, error) {
	q, args := qTotalsByMember, []any{groupID}
	if !since.IsZero() {
		q, args = qTotalsByMemberSince, []any{groupID, ts(since)}
	}
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("totals by member: %w", err)
	}
	defer rows.Close()
	out := map[int64]ledger.Totals{}
	for rows.Next() {
		var member, sum int64
		var kind, st string
		if err := rows.Scan(&member, &kind, &st, &sum); err != nil {
			return nil, fmt.Errorf("totals by member: %w", err)
		}
		t := out[member]
		if t == nil {
			t = ledger.Totals{}
			out[member] = t
		}
		if err := t.Put(ledger.Kind(kind), ledger.Status(st), bot.Money(sum)); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}
