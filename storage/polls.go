package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kelompok/bot"
	"kelompok/bot/polls"
)

// Poll kinds: a plain question, or a binding one whose effect is booked
// when it passes.
const (
	PollPlain   = "plain"
	PollLoan    = "loan"
	PollRule    = "rule"
	PollOfficer = "officer"
)

// Poll is a question put to the group, with its decision once closed.
type Poll struct {
	ID, GroupID, No int64
	Question        string
	Options         []string
	Kind            string
	// The subject of a binding poll.
	LoanID    int64
	RuleKey   string
	RuleValue string
	// RuleFrom is the rule's value in force when the poll opened;
	// RuleFromKnown is false for polls recorded before it was kept.
	RuleFrom      string
	RuleFromKnown bool
	Reason        string
	Candidate     int64
	Role          bot.Role
	// Quorum and majority fixed when the poll opened.
	QuorumPct, MajorityPct int
	OpenedBy               int64
	OpenedAt, ClosesAt     time.Time
	MeetingID              int64
	Source                 string
	Decision               *PollDecision
}

// PollDecision is how a poll ended.
type PollDecision struct {
	Result    polls.Result
	ClosedBy  int64 // 0: closed at its set time
	MeetingID int64 // the open meeting it was recorded in; 0 if none
	At        time.Time
}

const (
	pollCols = `p.id, p.group_id, p.no, p.question, p.options, p.kind, COALESCE(p.loan_id, 0), COALESCE(p.rule_key, ''),
COALESCE(p.rule_value, ''), p.reason, COALESCE(p.candidate, 0), COALESCE(p.role, ''), p.quorum_pct, p.majority_pct,
p.opened_by, p.opened_at, p.closes_at, COALESCE(p.meeting_id, 0), p.source, p.rule_from,
d.tally, COALESCE(d.closed_by, 0), COALESCE(d.meeting_id, 0), d.at`
	pollFrom       = ` FROM polls p LEFT JOIN poll_decisions d ON d.poll_id = p.id `
	qNextPollNo    = `SELECT COALESCE(MAX(no), 0) + 1 FROM polls WHERE group_id = ?`
	qInsertPoll    = `INSERT INTO polls(group_id, no, question, options, kind, loan_id, rule_key, rule_value, reason, candidate, role, quorum_pct, majority_pct, opened_by, opened_at, closes_at, meeting_id, source, rule_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qPollByNo      = `SELECT ` + pollCols + pollFrom + `WHERE p.group_id = ? AND p.no = ?`
	qPollByID      = `SELECT ` + pollCols + pollFrom + `WHERE p.id = ?`
	qOpenPolls     = `SELECT ` + pollCols + pollFrom + `WHERE p.group_id = ? AND d.poll_id IS NULL ORDER BY p.no`
	qDuePolls      = `SELECT ` + pollCols + pollFrom + `WHERE p.closes_at > ? AND p.closes_at <= ? AND d.poll_id IS NULL ORDER BY p.closes_at, p.id LIMIT ?`
	qPollByLink    = `SELECT ` + pollCols + pollFrom + `JOIN poll_links l ON l.poll_id = p.id WHERE l.platform_poll_id = ?`
	qLoanPollOpen  = `SELECT ` + pollCols + pollFrom + `WHERE p.loan_id = ? ORDER BY p.id DESC LIMIT 1`
	qInsertLink    = `INSERT INTO poll_links(platform_poll_id, poll_id, chat_ref, message_id, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(platform_poll_id) DO NOTHING`
	qPollLinks     = `SELECT chat_ref, message_id FROM poll_links WHERE poll_id = ? ORDER BY at, platform_poll_id`
	qInsertVote    = `INSERT INTO poll_votes(poll_id, voter_ref, member_id, choices, via, at, source, cast_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	qPollVotes     = `SELECT voter_ref, COALESCE(member_id, 0), choices, at, COALESCE(cast_by, 0) FROM poll_votes WHERE poll_id = ? ORDER BY id`
	qInsertDecided = `INSERT INTO poll_decisions(poll_id, outcome, winner, tally, closed_by, meeting_id, at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(poll_id) DO NOTHING`
)

func scanPoll(sc interface{ Scan(...any) error }) (*Poll, error) {
	p := &Poll{}
	var opts, role, opened, closes string
	var tally, decidedAt, ruleFrom sql.NullString
	var closedBy, dMeeting int64
	if err := sc.Scan(&p.ID, &p.GroupID, &p.No, &p.Question, &opts, &p.Kind, &p.LoanID, &p.RuleKey, &p.RuleValue,
		&p.Reason, &p.Candidate, &role, &p.QuorumPct, &p.MajorityPct, &p.OpenedBy, &opened, &closes, &p.MeetingID,
		&p.Source, &ruleFrom, &tally, &closedBy, &dMeeting, &decidedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(opts), &p.Options); err != nil {
		return nil, fmt.Errorf("poll %d options: %w", p.ID, err)
	}
	p.Role, p.OpenedAt, p.ClosesAt = bot.Role(role), parseTS(opened), parseTS(closes)
	p.RuleFrom, p.RuleFromKnown = ruleFrom.String, ruleFrom.Valid
	if tally.Valid {
		d := &PollDecision{ClosedBy: closedBy, MeetingID: dMeeting, At: parseTS(decidedAt.String)}
		if err := json.Unmarshal([]byte(tally.String), &d.Result); err != nil {
			return nil, fmt.Errorf("poll %d tally: %w", p.ID, err)
		}
		p.Decision = d
	}
	return p, nil
}

// AddPoll records a new poll and fills in its id, number and opening time.
func (tx *Tx) AddPoll(p *Poll) error {
	if err := tx.queryRow(qNextPollNo, p.GroupID).Scan(&p.No); err != nil {
		return fmt.Errorf("next poll number: %w", err)
	}
	opts, err := json.Marshal(p.Options)
	if err != nil {
		return fmt.Errorf("poll options: %w", err)
	}
	p.OpenedAt = tx.now
	var role, key, value, from any
	if p.Role != "" {
		role = string(p.Role)
	}
	if p.RuleKey != "" {
		key, value, from = p.RuleKey, p.RuleValue, p.RuleFrom
		p.RuleFromKnown = true
	}
	id, err := tx.insert(qInsertPoll, p.GroupID, p.No, p.Question, string(opts), p.Kind, nullID(p.LoanID), key, value,
		p.Reason, nullID(p.Candidate), role, p.QuorumPct, p.MajorityPct, p.OpenedBy, ts(tx.now), ts(p.ClosesAt),
		nullID(p.MeetingID), p.Source, from)
	if err != nil {
		return fmt.Errorf("add poll: %w", err)
	}
	p.ID = id
	return nil
}

func (tx *Tx) onePoll(q string, args ...any) (*Poll, error) {
	p, err := scanPoll(tx.queryRow(q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("poll: %w", err)
	}
	return p, nil
}

func (tx *Tx) somePolls(q string, args ...any) ([]*Poll, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("polls: %w", err)
	}
	defer rows.Close()
	var out []*Poll
	for rows.Next() {
		p, err := scanPoll(rows)
		if err != nil {
			return nil, fmt.Errorf("polls: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PollByNo finds poll number no of the group; nil if none.
func (tx *Tx) PollByNo(groupID, no int64) (*Poll, error) { return tx.onePoll(qPollByNo, groupID, no) }

// PollByID loads a poll by id; nil if none.
func (tx *Tx) PollByID(id int64) (*Poll, error) { return tx.onePoll(qPollByID, id) }

// PollByPlatformID finds the poll a platform's poll belongs to; nil if the
// platform's poll is not known (yet).
func (tx *Tx) PollByPlatformID(platformPollID string) (*Poll, error) {
	return tx.onePoll(qPollByLink, platformPollID)
}

// PollByPlatformID, outside a transaction, finds the poll a platform's
// poll belongs to (an adapter reading a vote needs its options); nil if
// the platform's poll is not known.
func (s *Store) PollByPlatformID(ctx context.Context, platformPollID string) (*Poll, error) {
	p, err := scanPoll(s.r.QueryRowContext(ctx, qPollByLink, platformPollID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("poll: %w", err)
	}
	return p, nil
}

// LoanPoll is the latest poll about a loan; nil if none.
func (tx *Tx) LoanPoll(loanID int64) (*Poll, error) { return tx.onePoll(qLoanPollOpen, loanID) }

// OpenPolls lists the group's polls not yet closed.
func (tx *Tx) OpenPolls(groupID int64) ([]*Poll, error) { return tx.somePolls(qOpenPolls, groupID) }

// DuePolls lists up to limit polls, of any group, whose closing time is
// after `after` (zero: any) and at or before now, and that are not closed
// yet, the earliest first.
func (tx *Tx) DuePolls(after, now time.Time, limit int) ([]*Poll, error) {
	low := ""
	if !after.IsZero() {
		low = ts(after)
	}
	return tx.somePolls(qDuePolls, low, ts(now), limit)
}

// LinkPoll records the platform's poll that carries one of ours. A link
// reported twice is kept once.
func (tx *Tx) LinkPoll(pollID int64, platformPollID string, chat bot.ChatRef, messageID string) error {
	if _, err := tx.exec(qInsertLink, platformPollID, pollID, string(chat), messageID, ts(tx.now)); err != nil {
		return fmt.Errorf("link poll: %w", err)
	}
	return nil
}

// PollMessage is a platform message carrying a poll.
type PollMessage struct {
	Chat      bot.ChatRef
	MessageID string
}

// PollMessages lists the platform messages that carry a poll.
func (tx *Tx) PollMessages(pollID int64) ([]PollMessage, error) {
	rows, err := tx.query(qPollLinks, pollID)
	if err != nil {
		return nil, fmt.Errorf("poll links: %w", err)
	}
	defer rows.Close()
	var out []PollMessage
	for rows.Next() {
		var m PollMessage
		var chat string
		if err := rows.Scan(&chat, &m.MessageID); err != nil {
			return nil, fmt.Errorf("poll links: %w", err)
		}
		m.Chat = bot.ChatRef(chat)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Vote is one recorded vote event.
type Vote struct {
	VoterRef string
	MemberID int64 // 0: not a member
	Choices  []int
	At       time.Time
	CastBy   int64 // the officer who recorded it for the member; 0: the voter
}

// AddVote records a vote event: choices empty is a retraction. memberID is
// 0 for someone who is not a member; via is "native" or "text".
func (tx *Tx) AddVote(pollID int64, voterRef string, memberID int64, choices []int, via, source string) error {
	return tx.addVote(pollID, voterRef, memberID, choices, via, source, 0)
}

// ProxyVoteRef is the voter of the votes an officer records for a member
// without a chat account.
func ProxyVoteRef(memberID int64) string { return fmt.Sprintf("member:%d", memberID) }

// AddProxyVote records a vote (choices empty: a retraction) that officer
// castBy cast on behalf of member memberID, who has no chat account.
func (tx *Tx) AddProxyVote(pollID, memberID, castBy int64, choices []int, source string) error {
	return tx.addVote(pollID, ProxyVoteRef(memberID), memberID, choices, "text", source, castBy)
}

func (tx *Tx) addVote(pollID int64, voterRef string, memberID int64, choices []int, via, source string, castBy int64) error {
	if choices == nil {
		choices = []int{}
	}
	b, err := json.Marshal(choices)
	if err != nil {
		return fmt.Errorf("vote choices: %w", err)
	}
	if _, err := tx.exec(qInsertVote, pollID, voterRef, nullID(memberID), string(b), via, ts(tx.now), source, nullID(castBy)); err != nil {
		return fmt.Errorf("add vote: %w", err)
	}
	return nil
}

// PollVotes lists a poll's vote events in order.
func (tx *Tx) PollVotes(pollID int64) ([]Vote, error) {
	rows, err := tx.query(qPollVotes, pollID)
	if err != nil {
		return nil, fmt.Errorf("poll votes: %w", err)
	}
	defer rows.Close()
	var out []Vote
	for rows.Next() {
		var v Vote
		var choices, at string
		if err := rows.Scan(&v.VoterRef, &v.MemberID, &choices, &at, &v.CastBy); err != nil {
			return nil, fmt.Errorf("poll votes: %w", err)
		}
		if err := json.Unmarshal([]byte(choices), &v.Choices); err != nil {
			return nil, fmt.Errorf("poll vote choices: %w", err)
		}
		v.At = parseTS(at)
		out = append(out, v)
	}
	return out, rows.Err()
}

// DecidePoll records a poll's decision. It reports false, and changes
// nothing, when the poll already has one: a close is applied once, however
// often it is attempted. The caller books the poll's effect in the same
// transaction only when it reports true.
func (tx *Tx) DecidePoll(p *Poll, r polls.Result, closedBy, meetingID int64, source string) (bool, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return false, fmt.Errorf("poll tally: %w", err)
	}
	var winner any
	if r.Winner >= 0 {
		winner = r.Winner
	}
	res, err := tx.exec(qInsertDecided, p.ID, string(r.Outcome), winner, string(b), nullID(closedBy), nullID(meetingID), ts(tx.now), source)
	if err != nil {
		return false, fmt.Errorf("decide poll: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	p.Decision = &PollDecision{Result: r, ClosedBy: closedBy, MeetingID: meetingID, At: tx.now}
	return true, nil
}

const qLoanPassed = `SELECT EXISTS (SELECT 1 FROM polls p JOIN poll_decisions d ON d.poll_id = p.id
WHERE p.loan_id = ? AND p.kind = 'loan' AND d.outcome = 'decided' AND d.winner = 0)`

// LoanPassedByPoll reports whether the group approved a loan by poll.
func (tx *Tx) LoanPassedByPoll(loanID int64) (bool, error) {
	var ok bool
	if err := tx.queryRow(qLoanPassed, loanID).Scan(&ok); err != nil {
		return false, fmt.Errorf("loan poll: %w", err)
	}
	return ok, nil
}

const qInsertElection = `INSERT INTO role_elections(role_id, poll_id) VALUES (?, ?)`

// ElectOfficer books an officer elected by a poll: the office is assigned
// as /pengurus does, and the election names the poll.
func (tx *Tx) ElectOfficer(groupID int64, role bot.Role, memberID, by int64, pollID int64, source string) error {
	id, err := tx.assignRole(groupID, role, memberID, by, source)
	if err != nil {
		return err
	}
	if _, err := tx.exec(qInsertElection, id, pollID); err != nil {
		return fmt.Errorf("record election: %w", err)
	}
	return nil
}

// Term is an officer's time in office.
type Term struct {
	GroupID  int64
	Role     bot.Role
	MemberID int64
	Since    time.Time
	// Ends is Since plus the group's officers' term.
	Ends time.Time
}

const qTerms = `SELECT r.group_id, r.role, r.member_id, r.assigned_at,
  COALESCE((SELECT value FROM settings s WHERE s.group_id = r.group_id AND s.key = 'officer_term_months' ORDER BY s.id DESC LIMIT 1), '')
FROM roles r
WHERE r.member_id IS NOT NULL AND r.id IN (SELECT MAX(id) FROM roles GROUP BY group_id, role) AND (? = 0 OR r.group_id = ?)
ORDER BY r.group_id, CASE r.role WHEN 'chair' THEN 0 WHEN 'treasurer' THEN 1 ELSE 2 END`

func scanTerms(rows *sql.Rows) ([]Term, error) {
	defer rows.Close()
	var out []Term
	for rows.Next() {
		var t Term
		var role, since, months string
		if err := rows.Scan(&t.GroupID, &role, &t.MemberID, &since, &months); err != nil {
			return nil, fmt.Errorf("terms: %w", err)
		}
		r := bot.DefaultRules()
		r.Apply(bot.RuleOfficerTermMonths, months)
		t.Role, t.Since = bot.Role(role), parseTS(since)
		t.Ends = t.Since.AddDate(0, r.OfficerTermMonths, 0)
		out = append(out, t)
	}
	return out, rows.Err()
}

// OfficerTerms lists the group's officers with the start and end of their
// terms. A member who holds an office again after a re-election starts a
// new term.
func (tx *Tx) OfficerTerms(groupID int64) ([]Term, error) {
	rows, err := tx.query(qTerms, groupID, groupID)
	if err != nil {
		return nil, fmt.Errorf("terms: %w", err)
	}
	return scanTerms(rows)
}

// TermsEnding lists, over every group, the officers whose term ends before
// `before` (ended ones included), for reminders.
func (s *Store) TermsEnding(ctx context.Context, before time.Time) ([]Term, error) {
	rows, err := s.r.QueryContext(ctx, qTerms, 0, 0)
	if err != nil {
		return nil, fmt.Errorf("terms: %w", err)
	}
	all, err := scanTerms(rows)
	if err != nil {
		return nil, err
	}
	var out []Term
	for _, t := range all {
		if t.Ends.Before(before) {
			out = append(out, t)
		}
	}
	return out, nil
}

// LoanByID loads a loan of the group by id; nil if none.
func (tx *Tx) LoanByID(groupID, id int64) (*Loan, error) {
	ls, err := tx.loans(`SELECT `+loanCols+` FROM loans WHERE group_id = ? AND id = ?`, groupID, id)
	if err != nil || len(ls) == 0 {
		return nil, err
	}
	return ls[0], nil
}
