package storage

import (
	"fmt"
	"time"

	"kelompok/bot"
)

const qInsertRuleChange = `INSERT INTO rule_changes(setting_id, reason, poll_id) VALUES (?, ?, ?)`

// ChangeRule records a change of one rule with the reason and the poll
// that decided it (0: the chair changed it directly).
func (tx *Tx) ChangeRule(g *Group, key, value string, by int64, reason string, pollID int64, source string) error {
	id, err := tx.setRule(g, key, value, by, source)
	if err != nil {
		return err
	}
	if _, err := tx.exec(qInsertRuleChange, id, reason, nullID(pollID)); err != nil {
		return fmt.Errorf("rule change %s: %w", key, err)
	}
	return nil
}

// RuleChange is one recorded setting of a rule.
type RuleChange struct {
	Key, Value string
	By         string // the member's name; "" when nobody (the bot)
	At         time.Time
	Reason     string
	PollNo     int64 // 0: not decided by a poll
}

const ruleChangeCols = `s.key, s.value, COALESCE(m.name, ''), s.set_at, COALESCE(c.reason, ''), COALESCE(p.no, 0)
FROM settings s LEFT JOIN members m ON m.id = s.set_by LEFT JOIN rule_changes c ON c.setting_id = s.id
LEFT JOIN polls p ON p.id = c.poll_id`

const qRuleHistory = `SELECT ` + ruleChangeCols + ` WHERE s.group_id = ? ORDER BY s.id DESC LIMIT ?`
const qRulesInForce = `SELECT ` + ruleChangeCols + ` WHERE s.id IN (SELECT MAX(id) FROM settings WHERE group_id = ? GROUP BY key)`

// RuleHistory lists the group's rule changes, newest first, at most limit.
func (tx *Tx) RuleHistory(groupID int64, limit int) ([]RuleChange, error) {
	return tx.ruleChanges(qRuleHistory, groupID, limit)
}

// RulesSet maps each rule the group has set to its latest change (who set
// it and when); rules never set keep their defaults and are absent.
func (tx *Tx) RulesSet(groupID int64) (map[string]RuleChange, error) {
	cs, err := tx.ruleChanges(qRulesInForce, groupID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]RuleChange, len(cs))
	for _, c := range cs {
		out[c.Key] = c
	}
	return out, nil
}

func (tx *Tx) ruleChanges(q string, args ...any) ([]RuleChange, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("rule changes: %w", err)
	}
	defer rows.Close()
	var out []RuleChange
	for rows.Next() {
		var c RuleChange
		var at string
		if err := rows.Scan(&c.Key, &c.Value, &c.By, &at, &c.Reason, &c.PollNo); err != nil {
			return nil, fmt.Errorf("rule changes: %w", err)
		}
		c.At = parseTS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

const qSettingsAt = `SELECT key, value FROM settings WHERE id IN
  (SELECT MAX(id) FROM settings WHERE group_id = ? AND set_at <= ? GROUP BY key)`

// RulesAt are the group's rules as they were in force at t: every setting
// recorded at or before t, over the defaults. A meeting's fines follow the
// rules of its opening, not a change decided while it was open.
func (tx *Tx) RulesAt(groupID int64, t time.Time) (bot.Rules, error) {
	r := bot.DefaultRules()
	rows, err := tx.query(qSettingsAt, groupID, ts(t))
	if err != nil {
		return r, fmt.Errorf("settings at: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return r, fmt.Errorf("settings at: %w", err)
		}
		r.Apply(k, v)
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("settings at: %w", err)
	}
	return r, nil
}
