package storage

import (
	"fmt"

	"kelompok/bot"
)

// A platform may show one person under more than one reference (WhatsApp:
// a LID and a phone number, and a new number after a change). The book
// keeps the first as the member's user_ref and every other one, once the
// platform says it is the same person, as an alias: MemberByRef and
// GroupsOfUser find the member by any of them. Aliases are append-only.

const qInsertAlias = `INSERT INTO member_aliases(group_id, member_id, ref, at, source) VALUES (?, ?, ?, ?, ?)`

// AddMemberAlias records ref as another reference of member m. A ref that
// already finds m changes nothing; one that finds another member of the
// group is refused (the book never merges two members on its own).
func (tx *Tx) AddMemberAlias(m *Member, ref bot.UserRef, source string) error {
	if ref == "" {
		return fmt.Errorf("member alias: empty reference")
	}
	other, err := tx.MemberByRef(m.GroupID, ref)
	if err != nil {
		return err
	}
	if other != nil {
		if other.ID == m.ID {
			return nil
		}
		return fmt.Errorf("member alias: %s is already member %d, not %d", ref, other.ID, m.ID)
	}
	if _, err := tx.exec(qInsertAlias, m.GroupID, m.ID, string(ref), ts(tx.now), source); err != nil {
		return fmt.Errorf("member alias: %w", err)
	}
	delete(tx.s.cache.members, memberKey{m.GroupID, ref})
	return nil
}

const qMemberRefs = `SELECT user_ref FROM members WHERE group_id = ? AND id = ? AND user_ref IS NOT NULL
UNION ALL SELECT ref FROM (SELECT ref FROM member_aliases WHERE group_id = ? AND member_id = ? ORDER BY id)`

// MemberRefs lists every reference a member is known by: the one it
// registered with first, then its aliases in the order they were seen.
func (tx *Tx) MemberRefs(groupID, memberID int64) ([]bot.UserRef, error) {
	rows, err := tx.query(qMemberRefs, groupID, memberID, groupID, memberID)
	if err != nil {
		return nil, fmt.Errorf("member refs: %w", err)
	}
	defer rows.Close()
	var out []bot.UserRef
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("member refs: %w", err)
		}
		out = append(out, bot.UserRef(r))
	}
	return out, rows.Err()
}
