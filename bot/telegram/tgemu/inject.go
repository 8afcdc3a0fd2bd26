package tgemu

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Methods in this file play Telegram's users: each stores what happened and
// queues the update(s) the bot would receive, returning their update ids.
// An update id of 0 means the bot would not receive the event (it is not in
// the chat, or privacy mode hides the message). They panic on an unknown
// chat or message, which is a bug in the test.

// GroupAnonymousBot is the user Telegram puts in "from" of messages that
// anonymous group administrators send.
var GroupAnonymousBot = User{ID: 1087968824, IsBot: true, FirstName: "Group", UserName: "GroupAnonymousBot"}

// Inject queues an arbitrary update (its UpdateID is assigned) and returns
// its id. Nothing else is recorded: prefer the specific methods.
func (s *Server) Inject(u tgbotapi.Update) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enqueueLocked(u)
}

// SendText has from write text in chat. A text starting with "/" carries a
// bot_command entity, as Telegram adds one. Writing in a private chat that
// does not exist yet (chat == from.ID) opens it.
func (s *Server) SendText(chat ChatID, from User, text string) (updateID, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.postLocked(s.injectChatLocked(chat, from), &tgbotapi.Message{From: &from, Text: text})
}

// SendTextReply is SendText replying to message replyTo of the same chat.
func (s *Server) SendTextReply(chat ChatID, from User, replyTo int, text string) (updateID, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.injectChatLocked(chat, from)
	orig := c.msgs[replyTo]
	if orig == nil {
		panic(fmt.Sprintf("tgemu: no message %d in chat %d", replyTo, chat))
	}
	return s.postLocked(c, &tgbotapi.Message{From: &from, Text: text, ReplyToMessage: replyCopy(orig)})
}

// SendFromBot has another bot write text in chat (from.is_bot = true).
// Real Telegram never shows bots each other's messages; this exists to test
// that the bot ignores them anyway.
func (s *Server) SendFromBot(chat ChatID, botUser User, text string) (updateID, messageID int) {
	botUser.IsBot = true
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.postLocked(s.mustChatLocked(chat), &tgbotapi.Message{From: &botUser, Text: text})
}

// SendAsAnonymousAdmin posts text as an anonymous administrator: from is
// GroupAnonymousBot and sender_chat is the group itself.
func (s *Server) SendAsAnonymousAdmin(chat ChatID, text string) (updateID, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustChatLocked(chat)
	anon := GroupAnonymousBot
	return s.postLocked(c, &tgbotapi.Message{
		From: &anon, SenderChat: c.chatRef(), Text: text,
	})
}

// EditText has from edit their earlier message; the bot gets an
// edited_message update.
func (s *Server) EditText(chat ChatID, from User, messageID int, newText string) (updateID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustChatLocked(chat)
	m := c.msgs[messageID]
	if m == nil || m.From == nil || m.From.ID != from.ID {
		panic(fmt.Sprintf("tgemu: user %d has no message %d in chat %d", from.ID, messageID, chat))
	}
	nm := *m
	nm.Text, nm.Entities, nm.EditDate = newText, textEntities(newText), s.nowUnix()
	c.msgs[messageID] = &nm
	if !s.deliversLocked(c, &nm) {
		return 0
	}
	return s.enqueueLocked(tgbotapi.Update{EditedMessage: &nm})
}

// ErrNoButton is returned by ClickButton when the message has no button
// with the given callback data.
var ErrNoButton = errors.New("tgemu: no such button")

// ClickButton has from press the inline button with callback_data data
// under the bot's message messageID. It fails unless the message (as last
// edited) shows such a button. The callback_query update carries the
// message; answers to it are recorded (CallbackAnswers).
func (s *Server) ClickButton(chat ChatID, from User, messageID int, data string) (updateID int, queryID string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustChatLocked(chat)
	sm := c.botMsgs[messageID]
	if sm == nil {
		return 0, "", fmt.Errorf("%w: chat %d has no bot message %d", ErrNoButton, chat, messageID)
	}
	found := false
	for _, row := range sm.Buttons {
		for _, b := range row {
			found = found || (b.Data == data && b.URL == "")
		}
	}
	if !found {
		return 0, "", fmt.Errorf("%w: message %d in chat %d has no button %q", ErrNoButton, messageID, chat, data)
	}
	s.nextQuery++
	q := &query{
		id: strconv.FormatInt(4200000000000000000+int64(s.nextQuery), 10), chatID: chat,
		msgID: messageID, data: data, from: from, at: s.now(),
	}
	s.queries[q.id] = q
	s.rememberUserLocked(from)
	u := from
	return s.enqueueLocked(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{
		ID: q.id, From: &u, Message: replyCopy(c.msgs[messageID]),
		ChatInstance: strconv.FormatInt(-chat*7919, 10), Data: data,
	}}), q.id, nil
}

// AddBotToGroup has by add the bot to a group: the bot gets my_chat_member
// (old status "left", or "kicked" if it had been removed) and the
// new_chat_members service message, as Telegram sends both.
func (s *Server) AddBotToGroup(chat ChatID, by User) (memberUpdateID, messageUpdateID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustChatLocked(chat)
	old := c.botStatus
	if old != StatusKicked {
		old = StatusLeft
	}
	c.botStatus = StatusMember
	s.rememberUserLocked(by)
	c.joinIfNew(by.ID)
	memberUpdateID = s.myChatMemberLocked(c, by, old, StatusMember)
	messageUpdateID, _ = s.postLocked(c, &tgbotapi.Message{From: &by, NewChatMembers: []User{s.bot}})
	return memberUpdateID, messageUpdateID
}

// RemoveBot has by remove the bot from a group: my_chat_member to
// "kicked". Afterwards the bot's calls on the chat get 403 "Forbidden: bot
// was kicked from the group chat" and it sees nothing more there.
func (s *Server) RemoveBot(chat ChatID, by User) (updateID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustChatLocked(chat)
	old := c.botStatus
	c.botStatus = StatusKicked
	return s.myChatMemberLocked(c, by, old, StatusKicked)
}

// BlockBot has u block the bot in their private chat (my_chat_member to
// "kicked"); sending to it then gets 403 "Forbidden: bot was blocked by the
// user". UnblockBot undoes it.
func (s *Server) BlockBot(u User) (updateID int) {
	return s.setPrivateStatus(u, StatusKicked)
}

// UnblockBot has u restart the bot after blocking it (my_chat_member to
// "member").
func (s *Server) UnblockBot(u User) (updateID int) {
	return s.setPrivateStatus(u, StatusMember)
}

func (s *Server) setPrivateStatus(u User, status string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.injectChatLocked(u.ID, u)
	old := c.botStatus
	c.botStatus = status
	return s.myChatMemberLocked(c, u, old, status)
}

// AddMembers has by add users to a group (by == the single user for a
// join); the bot gets a new_chat_members service message.
func (s *Server) AddMembers(chat ChatID, by User, users ...User) (updateID, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustChatLocked(chat)
	for _, u := range users {
		s.rememberUserLocked(u)
		c.setRole(u.ID, StatusMember)
	}
	return s.postLocked(c, &tgbotapi.Message{From: &by, NewChatMembers: append([]User(nil), users...)})
}

// MemberLeft has u leave a group; the bot gets a left_chat_member service
// message.
func (s *Server) MemberLeft(chat ChatID, u User) (updateID, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustChatLocked(chat)
	c.setRole(u.ID, StatusLeft)
	left := u
	return s.postLocked(c, &tgbotapi.Message{From: &u, LeftChatMember: &left})
}

// MigrateToSupergroup upgrades a basic group to a supergroup with a new id,
// returned. Members, roles and the bot's status carry over. As on Telegram,
// the old chat gets a service message with migrate_to_chat_id, the new one
// a service message with migrate_from_chat_id, and from then on calls on the
// old id fail with 400 "group chat was upgraded to a supergroup chat" and
// parameters.migrate_to_chat_id. The messages come from the group's creator
// (or first administrator, or GroupAnonymousBot).
func (s *Server) MigrateToSupergroup(chat ChatID) ChatID {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.mustChatLocked(chat)
	if old.info.Type != "group" || old.migratedTo != 0 {
		panic(fmt.Sprintf("tgemu: chat %d is not a basic group", chat))
	}
	id := s.nextSuperID
	s.nextSuperID--
	info := old.info
	info.ID, info.Type = id, "supergroup"
	nc := s.newChatLocked(info, old.botStatus)
	for _, uid := range old.order {
		nc.setRole(uid, old.roles[uid])
	}
	by := GroupAnonymousBot
	for _, want := range []string{StatusAdministrator, StatusCreator} {
		for _, uid := range old.order {
			if old.roles[uid] == want {
				by = s.users[uid]
				break
			}
		}
	}
	s.postLocked(old, &tgbotapi.Message{From: &by, MigrateToChatID: id})
	old.migratedTo = id
	s.postLocked(nc, &tgbotapi.Message{From: &by, MigrateFromChatID: chat})
	return id
}

// injectChatLocked finds the chat a user writes in, opening the private
// chat with the bot if needed.
func (s *Server) injectChatLocked(chat ChatID, from User) *chat {
	if c, ok := s.chats[chat]; ok {
		return c
	}
	if chat == from.ID && chat > 0 {
		return s.addPrivateLocked(from)
	}
	return s.mustChatLocked(chat)
}

func (s *Server) rememberUserLocked(u User) {
	if _, ok := s.users[u.ID]; !ok && u.ID != 0 {
		s.users[u.ID] = u
	}
}

// postLocked stores a new message in chat c and queues it if the bot can
// see it.
func (s *Server) postLocked(c *chat, m *tgbotapi.Message) (updateID, messageID int) {
	c.nextMsgID++
	m.MessageID, m.Date, m.Chat = c.nextMsgID, s.nowUnix(), c.chatRef()
	if m.Text != "" && m.Entities == nil {
		m.Entities = textEntities(m.Text)
	}
	c.msgs[m.MessageID] = m
	if m.From != nil && m.SenderChat == nil {
		s.rememberUserLocked(*m.From)
		if c.isGroup() && m.LeftChatMember == nil && m.From.ID != GroupAnonymousBot.ID {
			c.joinIfNew(m.From.ID)
		}
	}
	s.notifyLocked()
	if !s.deliversLocked(c, m) {
		return 0, m.MessageID
	}
	return s.enqueueLocked(tgbotapi.Update{Message: m}), m.MessageID
}

// deliversLocked reports whether the bot receives message m of chat c.
func (s *Server) deliversLocked(c *chat, m *tgbotapi.Message) bool {
	if c.migratedTo != 0 || c.botStatus == StatusLeft || c.botStatus == StatusKicked {
		return false
	}
	if !s.privacy || !c.isGroup() || c.botStatus == StatusAdministrator || c.botStatus == StatusCreator {
		return true
	}
	// Privacy mode: service messages, replies to the bot, commands and mentions.
	if m.Text == "" {
		return true
	}
	if r := m.ReplyToMessage; r != nil && r.From != nil && r.From.ID == s.bot.ID {
		return true
	}
	for _, e := range m.Entities {
		word := substr16(m.Text, e.Offset, e.Length)
		switch e.Type {
		case "bot_command":
			_, at, ok := strings.Cut(word, "@")
			if !ok || strings.EqualFold(at, s.bot.UserName) {
				return true
			}
		case "mention":
			if strings.EqualFold(word, "@"+s.bot.UserName) {
				return true
			}
		}
	}
	return false
}

// myChatMemberLocked queues a my_chat_member update for the bot.
func (s *Server) myChatMemberLocked(c *chat, by User, oldStatus, newStatus string) int {
	bot := s.bot
	return s.enqueueLocked(tgbotapi.Update{MyChatMember: &tgbotapi.ChatMemberUpdated{
		Chat: *c.chatRef(), From: by, Date: s.nowUnix(),
		OldChatMember: tgbotapi.ChatMember{User: &bot, Status: oldStatus},
		NewChatMember: tgbotapi.ChatMember{User: &bot, Status: newStatus},
	}})
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// textEntities finds the bot_command ("/cmd", "/cmd@bot") and mention
// ("@name") entities Telegram attaches to a user's text, with UTF-16 offsets.
func textEntities(text string) []tgbotapi.MessageEntity {
	var out []tgbotapi.MessageEntity
	off16, wordStart := 0, true
	for i := 0; i < len(text); {
		if c := text[i]; wordStart && (c == '/' || c == '@') {
			j := i + 1
			for j < len(text) && isWordByte(text[j]) {
				j++
			}
			if c == '/' && j > i+1 && j < len(text) && text[j] == '@' {
				k := j + 1
				for k < len(text) && isWordByte(text[k]) {
					k++
				}
				if k > j+1 {
					j = k
				}
			}
			if (c == '/' && j > i+1) || (c == '@' && j-i > 4) {
				typ := "bot_command"
				if c == '@' {
					typ = "mention"
				}
				out = append(out, tgbotapi.MessageEntity{Type: typ, Offset: off16, Length: j - i})
				off16 += j - i
				i, wordStart = j, false
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		wordStart = unicode.IsSpace(r)
		off16 += utf16Len(string(r))
		i += size
	}
	return out
}

// substr16 cuts s by UTF-16 offset and length.
func substr16(s string, off, n int) string {
	var b strings.Builder
	pos := 0
	for _, r := range s {
		if pos >= off && pos < off+n {
			b.WriteRune(r)
		}
		pos += utf16Len(string(r))
	}
	return b.String()
}
