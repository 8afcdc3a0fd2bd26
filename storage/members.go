package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"kelompok/bot"
)

// Member is someone in a group's book.
type Member struct {
	ID       int64
	GroupID  int64
	Ref      bot.UserRef // empty for a member without a phone
	Name     string
	Username string
	Role     bot.Role
}

const memberCols = `m.id, m.group_id, COALESCE(m.user_ref, ''), m.name, COALESCE(m.username, '')`

// roleCol is the member's current office, if any (chair before treasurer
// before secretary, should a member hold two).
const roleCol = `COALESCE((SELECT r.role FROM roles r
WHERE r.group_id = m.group_id AND r.member_id = m.id
  AND r.id = (SELECT MAX(r2.id) FROM roles r2 WHERE r2.group_id = r.group_id AND r2.role = r.role)
ORDER BY CASE r.role WHEN 'chair' THEN 0 WHEN 'treasurer' THEN 1 ELSE 2 END LIMIT 1), 'member')`

func scanMember(sc interface{ Scan(...any) error }) (*Member, error) {
	m := &Member{Role: bot.RoleMember}
	var ref string
	if err := sc.Scan(&m.ID, &m.GroupID, &ref, &m.Name, &m.Username); err != nil {
		return nil, err
	}
	m.Ref = bot.UserRef(ref)
	return m, nil
}

func scanMemberRole(sc interface{ Scan(...any) error }) (*Member, error) {
	m := &Member{}
	var ref, role string
	if err := sc.Scan(&m.ID, &m.GroupID, &ref, &m.Name, &m.Username, &role); err != nil {
		return nil, err
	}
	m.Ref, m.Role = bot.UserRef(ref), bot.Role(role)
	return m, nil
}

const qMemberByRef = `SELECT ` + memberCols + `, ` + roleCol + ` FROM members m WHERE m.group_id = ? AND m.user_ref = ?
UNION ALL
SELECT ` + memberCols + `, ` + roleCol + ` FROM member_aliases a JOIN members m ON m.id = a.member_id
WHERE a.group_id = ? AND a.ref = ?
LIMIT 1`

// MemberByRef finds the member with a platform identity, by the reference
// it registered with or by one of its aliases (see AddMemberAlias); nil if
// none.
func (tx *Tx) MemberByRef(groupID int64, ref bot.UserRef) (*Member, error) {
	if m, ok := tx.s.cache.member(groupID, ref); ok {
		return m, nil
	}
	m, err := tx.oneMember(qMemberByRef, groupID, string(ref), groupID, string(ref))
	if m != nil {
		tx.s.cache.putMember(ref, m)
	}
	return m, err
}

const qMemberByID = `SELECT ` + memberCols + `, ` + roleCol + ` FROM members m WHERE m.group_id = ? AND m.id = ?`

// MemberByID finds a member of the group by id; nil if none.
func (tx *Tx) MemberByID(groupID, id int64) (*Member, error) {
	return tx.oneMember(qMemberByID, groupID, id)
}

const qMemberByUsername = `SELECT ` + memberCols + `, ` + roleCol + ` FROM members m WHERE m.group_id = ? AND m.username = ? COLLATE NOCASE LIMIT 2`
const qMemberByName = `SELECT ` + memberCols + `, ` + roleCol + ` FROM members m WHERE m.group_id = ? AND m.name = ? COLLATE NOCASE`

// FindMember resolves how people name a member in a command: "@username"
// or the member's name as registered. nil if nobody matches.
func (tx *Tx) FindMember(groupID int64, name string) (*Member, error) {
	name = strings.TrimSpace(name)
	if u, ok := strings.CutPrefix(name, "@"); ok {
		ms, err := tx.membersByUsername(groupID, u)
		if err != nil {
			return nil, err
		}
		if len(ms) > 1 {
			// Never guess whose book money goes into.
			return nil, bot.E("member.ambiguous", "Name", name)
		}
		if len(ms) == 1 {
			return ms[0], nil
		}
		name = u
	}
	return tx.oneMember(qMemberByName, groupID, name)
}

// membersByUsername reads at most two members with the username: enough
// to tell one from several.
func (tx *Tx) membersByUsername(groupID int64, username string) ([]*Member, error) {
	rows, err := tx.query(qMemberByUsername, groupID, username)
	if err != nil {
		return nil, fmt.Errorf("member by username: %w", err)
	}
	defer rows.Close()
	var out []*Member
	for rows.Next() {
		m, err := scanMemberRole(rows)
		if err != nil {
			return nil, fmt.Errorf("member by username: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (tx *Tx) oneMember(q string, args ...any) (*Member, error) {
	m, err := scanMemberRole(tx.queryRow(q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("member: %w", err)
	}
	return m, nil
}

const qInsertMember = `INSERT INTO members(group_id, user_ref, name, username, added_by, joined_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)`

// AddMember registers someone in the group. ref may be empty for a member
// without a phone. A name already taken in the group is refused.
func (tx *Tx) AddMember(groupID int64, ref bot.UserRef, name, username string, addedBy int64, source string) (*Member, error) {
	if other, err := tx.oneMember(qMemberByName, groupID, name); err != nil {
		return nil, err
	} else if other != nil {
		return nil, bot.E("member.name_taken", "Name", name)
	}
	var refArg, userArg any
	if ref != "" {
		refArg = string(ref)
	}
	if username != "" {
		userArg = username
	}
	if username != "" {
		if _, err := tx.exec(qReleaseUsername, groupID, username, 0); err != nil {
			return nil, fmt.Errorf("release username: %w", err)
		}
		clear(tx.s.cache.members)
	}
	id, err := tx.insert(qInsertMember, groupID, refArg, name, userArg, nullID(addedBy), ts(tx.now), source)
	if err != nil {
		return nil, fmt.Errorf("add member: %w", err)
	}
	return &Member{ID: id, GroupID: groupID, Ref: ref, Name: name, Username: username, Role: bot.RoleMember}, nil
}

const qUpdateUsername = `UPDATE members SET username = ? WHERE id = ?`
const qReleaseUsername = `UPDATE members SET username = NULL WHERE group_id = ? AND username = ? COLLATE NOCASE AND id <> ?`

// RefreshUsername keeps a member's @username current (it is contact data,
// not part of the books). A username belongs to one person at a time: the
// one who speaks with it takes it from anyone who had it before.
func (tx *Tx) RefreshUsername(m *Member, username string) error {
	if username == "" || username == m.Username {
		return nil
	}
	if _, err := tx.exec(qReleaseUsername, m.GroupID, username, m.ID); err != nil {
		return fmt.Errorf("release username: %w", err)
	}
	clear(tx.s.cache.members)
	if _, err := tx.exec(qUpdateUsername, username, m.ID); err != nil {
		return fmt.Errorf("refresh username: %w", err)
	}
	m.Username = username
	return nil
}

const qMembers = `SELECT ` + memberCols + ` FROM members m WHERE m.group_id = ? ORDER BY m.name COLLATE NOCASE`
const qOfficers = `SELECT r.role, r.member_id FROM roles r
WHERE r.group_id = ? AND r.id IN (SELECT MAX(id) FROM roles WHERE group_id = ? GROUP BY role)`

// Members lists a group's members by name, with their offices.
func (tx *Tx) Members(groupID int64) ([]*Member, error) {
	rows, err := tx.query(qMembers, groupID)
	if err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	var ms []*Member
	byID := map[int64]*Member{}
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("members: %w", err)
		}
		ms = append(ms, m)
		byID[m.ID] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	off, err := tx.Officers(groupID)
	if err != nil {
		return nil, err
	}
	for _, role := range []bot.Role{bot.RoleSecretary, bot.RoleTreasurer, bot.RoleChair} {
		if m := byID[off[role]]; m != nil {
			m.Role = role
		}
	}
	return ms, nil
}

// Officers maps each filled office to its holder's member id.
func (tx *Tx) Officers(groupID int64) (map[bot.Role]int64, error) {
	rows, err := tx.query(qOfficers, groupID, groupID)
	if err != nil {
		return nil, fmt.Errorf("officers: %w", err)
	}
	defer rows.Close()
	out := map[bot.Role]int64{}
	for rows.Next() {
		var role string
		var id sql.NullInt64
		if err := rows.Scan(&role, &id); err != nil {
			return nil, fmt.Errorf("officers: %w", err)
		}
		if id.Valid {
			out[bot.Role(role)] = id.Int64
		}
	}
	return out, rows.Err()
}

const qInsertRole = `INSERT INTO roles(group_id, role, member_id, assigned_by, assigned_at, source) VALUES (?, ?, ?, ?, ?, ?)`

// AssignRole gives an office to a member. The member's earlier office, if
// another one, is left vacant: one person holds one office.
func (tx *Tx) AssignRole(groupID int64, role bot.Role, memberID, by int64, source string) error {
	_, err := tx.assignRole(groupID, role, memberID, by, source)
	return err
}

// assignRole is AssignRole; it returns the id of the office's new row.
func (tx *Tx) assignRole(groupID int64, role bot.Role, memberID, by int64, source string) (int64, error) {
	off, err := tx.Officers(groupID)
	if err != nil {
		return 0, err
	}
	if off[bot.RoleChair] == memberID && role != bot.RoleChair {
		// The chair hands over by naming a new chair; never a vacant chair.
		return 0, bot.E("officer.chair_hand_over")
	}
	for r, holder := range off {
		if holder == memberID && r != role {
			if _, err := tx.exec(qInsertRole, groupID, string(r), nil, nullID(by), ts(tx.now), source); err != nil {
				return 0, fmt.Errorf("vacate role: %w", err)
			}
		}
	}
	id, err := tx.insert(qInsertRole, groupID, string(role), memberID, nullID(by), ts(tx.now), source)
	if err != nil {
		return 0, fmt.Errorf("assign role: %w", err)
	}
	clear(tx.s.cache.members) // two members' offices may have changed
	return id, nil
}

const qEverHadChair = `SELECT EXISTS (SELECT 1 FROM roles WHERE group_id = ? AND role = 'chair')`

// EverHadChair reports whether the group has ever had a chair: the chat's
// admins name the first one, and after that only the group does.
func (tx *Tx) EverHadChair(groupID int64) (bool, error) {
	var b bool
	if err := tx.queryRow(qEverHadChair, groupID).Scan(&b); err != nil {
		return false, fmt.Errorf("chair history: %w", err)
	}
	return b, nil
}

const qGroupsOfUser = `SELECT m.group_id FROM members m WHERE m.user_ref = ?
UNION SELECT a.group_id FROM member_aliases a WHERE a.ref = ? ORDER BY 1`

// GroupsOfUser lists the ids of the groups where a person is a member, by
// the reference they registered with or by an alias.
func (tx *Tx) GroupsOfUser(ref bot.UserRef) ([]int64, error) {
	rows, err := tx.query(qGroupsOfUser, string(ref), string(ref))
	if err != nil {
		return nil, fmt.Errorf("groups of user: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("groups of user: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
