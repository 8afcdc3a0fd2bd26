package storage

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"kelompok/bot"
)

// Group is a group's book header: its id, title and rules in force.
type Group struct {
	ID    int64
	Title string
	Chat  bot.ChatRef
	Rules bot.Rules
	// Removed: the bot was removed from the chat (nothing is deleted).
	Removed bool
}

// groupState is the last of the bot's "added"/"removed" events in the
// group and its rules in force (as a JSON object): what every load of a
// group reads beside its row, in the same statement.
const groupState = `
  COALESCE((SELECT kind FROM group_events WHERE group_id = g.id AND kind IN ('added', 'removed') ORDER BY id DESC LIMIT 1), ''),
  COALESCE((SELECT json_group_object(key, value) FROM settings WHERE id IN (SELECT MAX(id) FROM settings WHERE group_id = g.id GROUP BY key)), '{}')`

// qGroupByChat reads the group, whether the bot was removed, and the rules
// in force in one statement: it runs for every command.
const qGroupByChat = `SELECT g.id, g.title,` + groupState + `
FROM group_chats c JOIN groups g ON g.id = c.group_id WHERE c.chat_ref = ?`

// GroupByChat finds the group a chat belongs to; nil if none.
func (tx *Tx) GroupByChat(chat bot.ChatRef) (*Group, error) {
	if g, ok := tx.s.cache.group(chat); ok {
		return g, nil
	}
	g := &Group{Chat: chat}
	var event, rules string
	err := tx.queryRow(qGroupByChat, string(chat)).Scan(&g.ID, &g.Title, &event, &rules)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("group by chat: %w", err)
	}
	if err := g.setState(event, rules); err != nil {
		return nil, err
	}
	tx.s.cache.putGroup(g)
	return g, nil
}

// qGroupByID reads a group, whether the bot was removed, its rules in
// force and its current chat in one statement.
const qGroupByID = `SELECT g.title,` + groupState + `,
  (SELECT chat_ref FROM group_chats WHERE group_id = g.id ORDER BY rowid DESC LIMIT 1)
FROM groups g WHERE g.id = ?`

// GroupByID loads a group by id, with its current chat.
func (tx *Tx) GroupByID(id int64) (*Group, error) {
	g := &Group{ID: id}
	var event, rules, chat string
	if err := tx.queryRow(qGroupByID, id).Scan(&g.Title, &event, &rules, &chat); err != nil {
		return nil, fmt.Errorf("group %d: %w", id, err)
	}
	g.Chat = bot.ChatRef(chat)
	if err := g.setState(event, rules); err != nil {
		return nil, err
	}
	return g, nil
}

// setState fills in what groupState read: whether the bot was removed, and
// the rules in force over the defaults.
func (g *Group) setState(event, rules string) error {
	g.Removed = event == "removed"
	var kv map[string]string
	if err := json.Unmarshal([]byte(rules), &kv); err != nil {
		return fmt.Errorf("group rules: %w", err)
	}
	g.Rules = bot.DefaultRules()
	for k, v := range kv {
		g.Rules.Apply(k, v)
	}
	return nil
}

const (
	qInsertGroup     = `INSERT INTO groups(title, created_at) VALUES (?, ?)`
	qInsertGroupChat = `INSERT INTO group_chats(chat_ref, group_id, added_at) VALUES (?, ?, ?)`
	qInsertEvent     = `INSERT INTO group_events(group_id, kind, chat_ref, by_ref, at) VALUES (?, ?, ?, ?, ?)`
)

// CreateGroup starts a new book for a chat.
func (tx *Tx) CreateGroup(chat bot.ChatRef, title string) (*Group, error) {
	id, err := tx.insert(qInsertGroup, title, ts(tx.now))
	if err != nil {
		return nil, fmt.Errorf("create group: %w", err)
	}
	if _, err := tx.exec(qInsertGroupChat, string(chat), id, ts(tx.now)); err != nil {
		return nil, fmt.Errorf("create group chat: %w", err)
	}
	return &Group{ID: id, Title: title, Chat: chat, Rules: bot.DefaultRules()}, nil
}

// GroupEvent records what happened to the bot in the group: "added",
// "removed" or "migrated".
func (tx *Tx) GroupEvent(groupID int64, kind string, chat bot.ChatRef, by bot.UserRef) error {
	var byRef any
	if by != "" {
		byRef = string(by)
	}
	if _, err := tx.exec(qInsertEvent, groupID, kind, string(chat), byRef, ts(tx.now)); err != nil {
		return fmt.Errorf("group event: %w", err)
	}
	clear(tx.s.cache.groups)
	return nil
}

const qChatKnown = `SELECT group_id FROM group_chats WHERE chat_ref = ?`

// MoveChat makes newChat another reference of the group at oldChat (a
// supergroup upgrade). It is idempotent: both the old chat's and the new
// chat's service messages may arrive, in either order.
func (tx *Tx) MoveChat(oldChat, newChat bot.ChatRef) (moved bool, err error) {
	var gOld, gNew int64
	errOld := tx.queryRow(qChatKnown, string(oldChat)).Scan(&gOld)
	errNew := tx.queryRow(qChatKnown, string(newChat)).Scan(&gNew)
	if errOld != nil && !errors.Is(errOld, sql.ErrNoRows) {
		return false, fmt.Errorf("move chat: %w", errOld)
	}
	if errNew != nil && !errors.Is(errNew, sql.ErrNoRows) {
		return false, fmt.Errorf("move chat: %w", errNew)
	}
	if errOld != nil {
		return false, nil // no book for the old chat: nothing to move
	}
	if errNew == nil {
		if gNew != gOld {
			slog.Warn("chat_move_conflict", "old_chat", string(oldChat), "new_chat", string(newChat), "group_id", gOld, "other_group_id", gNew)
		}
		return false, nil // already moved
	}
	if _, err := tx.exec(qInsertGroupChat, string(newChat), gOld, ts(tx.now)); err != nil {
		return false, fmt.Errorf("move chat: %w", err)
	}
	return true, tx.GroupEvent(gOld, "migrated", newChat, "")
}

const qInsertSetting = `INSERT INTO settings(group_id, key, value, set_by, set_at, source) VALUES (?, ?, ?, ?, ?, ?)`

// SetRule records a change of one of the group's rules.
func (tx *Tx) SetRule(g *Group, key, value string, by int64, source string) error {
	_, err := tx.setRule(g, key, value, by, source)
	return err
}

// setRule records a setting, applies it to g, and returns its id.
func (tx *Tx) setRule(g *Group, key, value string, by int64, source string) (int64, error) {
	id, err := tx.insert(qInsertSetting, g.ID, key, value, nullID(by), ts(tx.now), source)
	if err != nil {
		return 0, fmt.Errorf("set rule %s: %w", key, err)
	}
	clear(tx.s.cache.groups)
	g.Rules.Apply(key, value)
	return id, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
