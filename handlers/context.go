package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/storage"
)

// Ctx is one command being handled: the update, the transaction, the
// group and the sender as the book knows them, and the replies so far.
type Ctx struct {
	Tx    *storage.Tx
	U     bot.Update
	Group *storage.Group
	// Me is the sender's membership; nil if not registered (or private chat).
	Me   *storage.Member
	Raw  string
	Args []string

	r   *Router
	out []bot.Reply
}

// load finds the group and the sender's membership.
func (c *Ctx) load() error {
	if c.U.Private {
		return nil
	}
	g, err := c.Tx.GroupByChat(c.U.Chat)
	if err != nil || g == nil {
		return err
	}
	c.Group = g
	if c.U.Sender.Ref == "" {
		return nil
	}
	m, err := c.Tx.MemberByRef(g.ID, c.U.Sender.Ref)
	if err != nil || m == nil {
		return err
	}
	c.Me = m
	return c.Tx.RefreshUsername(m, c.U.Sender.Username)
}

// Lang is the language to answer in: the group's, or in a private chat
// the person's own if we speak it.
func (c *Ctx) Lang() string {
	if c.Group != nil {
		return c.Group.Rules.Language
	}
	if strings.HasPrefix(c.U.Sender.Lang, "en") {
		return "en"
	}
	return "id"
}

// T renders a message in the chat's language.
func (c *Ctx) T(key string, kv ...any) string {
	return c.r.loc.T(c.Lang(), key, bot.E(key, kv...).Args)
}

// Say replies in the chat with a rendered message.
func (c *Ctx) Say(key string, kv ...any) { c.SayText(c.T(key, kv...)) }

// SayText replies with text already in reply markup.
func (c *Ctx) SayText(text string) {
	c.out = append(c.out, bot.Reply{Chat: c.U.Chat, Text: text, ReplyTo: c.U.MessageID})
}

// SayButtons replies with inline buttons under the message.
func (c *Ctx) SayButtons(buttons [][]bot.Button, key string, kv ...any) {
	c.out = append(c.out, bot.Reply{Chat: c.U.Chat, Text: c.T(key, kv...), ReplyTo: c.U.MessageID, Buttons: buttons, Lang: c.Lang()})
}

// Notice answers a button press with a short pop-up text.
func (c *Ctx) Notice(key string, kv ...any) {
	if c.U.Kind != bot.KindButton {
		return
	}
	c.out = append(c.out, bot.Reply{Chat: c.U.Chat, Notice: c.T(key, kv...), AnswerButton: c.U.ButtonID})
}

func (c *Ctx) sayErr(e *bot.Error) {
	text := c.r.loc.T(c.Lang(), e.Key, e.Args)
	if c.U.Kind == bot.KindButton {
		c.out = append(c.out, bot.Reply{Chat: c.U.Chat, Notice: stripMarkup(text), AnswerButton: c.U.ButtonID})
		return
	}
	c.SayText(text)
}

func (c *Ctx) hasRole(roles ...bot.Role) bool {
	if c.Me == nil {
		return false
	}
	for _, r := range roles {
		if c.Me.Role == r {
			return true
		}
	}
	return false
}

func (c *Ctx) roleNames(roles []bot.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = c.r.loc.T(c.Lang(), "role."+string(r), nil)
	}
	return strings.Join(names, ", ")
}

// commandName is how the chat's language writes a command in messages:
// "/terima" in Indonesian, its English alias "/confirm" in English.
func (c *Ctx) commandName(cmd *Command) string {
	if c.Lang() == "en" && len(cmd.Aliases) > 0 {
		return "/" + cmd.Aliases[0]
	}
	return "/" + cmd.Name
}

// roster is the group's members by id, with their offices.
func (c *Ctx) roster() (map[int64]*storage.Member, error) {
	members, err := c.Tx.Members(c.Group.ID)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*storage.Member, len(members))
	for _, m := range members {
		byID[m.ID] = m
	}
	return byID, nil
}

// roleOf is a member's office from a roster ("" for an unknown id: no
// office).
func roleOf(r map[int64]*storage.Member, id int64) bot.Role {
	if m := r[id]; m != nil {
		return m.Role
	}
	return ""
}

// nameOf is a member's name from a roster ("?" for an unknown id).
func nameOf(r map[int64]*storage.Member, id int64) string {
	if m := r[id]; m != nil {
		return m.Name
	}
	return "?"
}

// money parses an amount with the configured maximum.
func (c *Ctx) money(s string) (bot.Money, error) { return bot.ParseMoney(s, c.r.cfg.MaxAmount) }
