package storage

import (
	"fmt"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

// Loan is a member's loan from the group fund: its terms, fixed from the
// rules when it was asked for, and what happened to it since.
type Loan struct {
	ID          int64
	GroupID     int64
	No          int64
	MemberID    int64
	Principal   bot.Money
	RateBP      int
	Months      int
	Method      string
	Purpose     string
	RequestedBy int64
	RequestedAt time.Time
	MeetingID   int64
	Source      string
	// TimeZone is the IANA zone the installments are dated in ("": the
	// group's current zone, for loans from before it was kept).
	TimeZone string
	Events   []LoanEvent
}

// Loan event kinds.
const (
	LoanApproved  = "approved"
	LoanRejected  = "rejected"
	LoanDisbursed = "disbursed"
)

// LoanEvent is an approval, a rejection or the pay-out of a loan.
type LoanEvent struct {
	Kind      string
	By        int64
	At        time.Time
	MeetingID int64
}

// Approvers are the members who approved the loan, in order.
func (l *Loan) Approvers() []int64 {
	var out []int64
	for _, e := range l.Events {
		if e.Kind == LoanApproved {
			out = append(out, e.By)
		}
	}
	return out
}

// Event is the loan's first event of a kind, or nil.
func (l *Loan) Event(kind string) *LoanEvent {
	for i := range l.Events {
		if l.Events[i].Kind == kind {
			return &l.Events[i]
		}
	}
	return nil
}

const (
	qNextLoanNo = `SELECT COALESCE(MAX(no), 0) + 1 FROM loans WHERE group_id = ?`
	qInsertLoan = `INSERT INTO loans(group_id, no, member_id, principal, rate_bp, months, method, purpose, requested_by, requested_at, meeting_id, source, time_zone)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	loanCols = `id, group_id, no, member_id, principal, rate_bp, months, method, purpose, requested_by, requested_at, COALESCE(meeting_id, 0), source, time_zone`
)

// AddLoan records a loan request and fills in its id, number and time.
func (tx *Tx) AddLoan(l *Loan) error {
	if err := tx.queryRow(qNextLoanNo, l.GroupID).Scan(&l.No); err != nil {
		return fmt.Errorf("next loan number: %w", err)
	}
	l.RequestedAt = tx.now
	id, err := tx.insert(qInsertLoan, l.GroupID, l.No, l.MemberID, int64(l.Principal), l.RateBP, l.Months, l.Method,
		l.Purpose, l.RequestedBy, ts(tx.now), nullID(l.MeetingID), l.Source, l.TimeZone)
	if err != nil {
		return fmt.Errorf("add loan: %w", err)
	}
	l.ID = id
	return nil
}

const qInsertLoanEvent = `INSERT INTO loan_events(loan_id, kind, by_member, at, meeting_id, source) VALUES (?, ?, ?, ?, ?, ?)`

// AddLoanEvent records an approval, a rejection or the pay-out of a loan.
func (tx *Tx) AddLoanEvent(l *Loan, kind string, by, meetingID int64, source string) error {
	if _, err := tx.exec(qInsertLoanEvent, l.ID, kind, by, ts(tx.now), nullID(meetingID), source); err != nil {
		return fmt.Errorf("loan %d %s: %w", l.No, kind, err)
	}
	l.Events = append(l.Events, LoanEvent{Kind: kind, By: by, At: tx.now, MeetingID: meetingID})
	return nil
}

// LoanByNo finds loan number no of the group; nil if there is none.
// Another group's loans are never found: the number is per group.
func (tx *Tx) LoanByNo(groupID, no int64) (*Loan, error) {
	ls, err := tx.loans(`SELECT `+loanCols+` FROM loans WHERE group_id = ? AND no = ?`, groupID, no)
	if err != nil || len(ls) == 0 {
		return nil, err
	}
	return ls[0], nil
}

// MemberLoans lists a member's loans, oldest first.
func (tx *Tx) MemberLoans(groupID, memberID int64) ([]*Loan, error) {
	return tx.loans(`SELECT `+loanCols+` FROM loans WHERE group_id = ? AND member_id = ? ORDER BY no`, groupID, memberID)
}

// GroupLoans lists the group's loans, oldest first.
func (tx *Tx) GroupLoans(groupID int64) ([]*Loan, error) {
	return tx.loans(`SELECT `+loanCols+` FROM loans WHERE group_id = ? ORDER BY no`, groupID)
}

func (tx *Tx) loans(q string, args ...any) ([]*Loan, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("loans: %w", err)
	}
	var out []*Loan
	for rows.Next() {
		l := &Loan{}
		var at string
		if err := rows.Scan(&l.ID, &l.GroupID, &l.No, &l.MemberID, &l.Principal, &l.RateBP, &l.Months, &l.Method,
			&l.Purpose, &l.RequestedBy, &at, &l.MeetingID, &l.Source, &l.TimeZone); err != nil {
			rows.Close()
			return nil, fmt.Errorf("loans: %w", err)
		}
		l.RequestedAt = parseTS(at)
		out = append(out, l)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("loans: %w", err)
	}
	if err := tx.loadLoanEvents(out); err != nil {
		return nil, err
	}
	return out, nil
}

// qLoanEvents reads the events of a list of loans (a JSON array of ids) in
// one statement.
const qLoanEvents = `SELECT loan_id, kind, by_member, at, COALESCE(meeting_id, 0) FROM loan_events
WHERE loan_id IN (SELECT value FROM json_each(?)) ORDER BY id`

// loadLoanEvents fills in the events of the loans, in the order they happened.
func (tx *Tx) loadLoanEvents(ls []*Loan) error {
	if len(ls) == 0 {
		return nil
	}
	byID := make(map[int64]*Loan, len(ls))
	ids := make([]int64, len(ls))
	for i, l := range ls {
		l.Events = nil
		byID[l.ID], ids[i] = l, l.ID
	}
	rows, err := tx.query(qLoanEvents, idArray(ids))
	if err != nil {
		return fmt.Errorf("loan events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e LoanEvent
		var at string
		if err := rows.Scan(&id, &e.Kind, &e.By, &at, &e.MeetingID); err != nil {
			return fmt.Errorf("loan events: %w", err)
		}
		e.At = parseTS(at)
		if l := byID[id]; l != nil {
			l.Events = append(l.Events, e)
		}
	}
	return rows.Err()
}

const qLoanTotals = `SELECT e.kind, ` + statusExpr + ` AS st, ` + signedAmount + ` FROM entries e
LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.loan_id = ? GROUP BY e.kind, st`

// LoanTotals sums the entries of one loan (pay-out, principal and interest
// repaid) by kind and status, reversals counted against what they correct.
func (tx *Tx) LoanTotals(loanID int64) (ledger.Totals, error) {
	return tx.totals(qLoanTotals, loanID)
}

const qLoansTotals = `SELECT e.loan_id, e.kind, ` + statusExpr + ` AS st, ` + signedAmount + ` FROM entries e
LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.loan_id IN (SELECT value FROM json_each(?)) GROUP BY e.loan_id, e.kind, st`

// LoansTotals is LoanTotals for several loans in one statement: a loan
// with no entries has no totals in the map.
func (tx *Tx) LoansTotals(loanIDs []int64) (map[int64]ledger.Totals, error) {
	out := map[int64]ledger.Totals{}
	if len(loanIDs) == 0 {
		return out, nil
	}
	rows, err := tx.query(qLoansTotals, idArray(loanIDs))
	if err != nil {
		return nil, fmt.Errorf("loans totals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var loan, sum int64
		var kind, st string
		if err := rows.Scan(&loan, &kind, &st, &sum); err != nil {
			return nil, fmt.Errorf("loans totals: %w", err)
		}
		t := out[loan]
		if t == nil {
			t = ledger.Totals{}
			out[loan] = t
		}
		if err := t.Put(ledger.Kind(kind), ledger.Status(st), bot.Money(sum)); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

const qRepaymentParts = `SELECT ` + entryCols + ` FROM entries e LEFT JOIN entry_decisions d ON d.entry_id = e.id
WHERE e.loan_id = ? AND e.source = ? AND e.reverses IS NULL AND e.kind IN ('loan_interest', 'loan_principal')
ORDER BY e.id`

// RepaymentParts lists the entries one repayment booked on a loan (its
// interest and principal parts share the loan and the update that booked
// them), oldest first.
func (tx *Tx) RepaymentParts(loanID int64, source string) ([]*Entry, error) {
	rows, err := tx.query(qRepaymentParts, loanID, source)
	if err != nil {
		return nil, fmt.Errorf("repayment parts: %w", err)
	}
	defer rows.Close()
	var out []*Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("repayment parts: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
