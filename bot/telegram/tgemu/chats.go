package tgemu

import (
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Chat member statuses, as Telegram names them.
const (
	StatusCreator       = "creator"
	StatusAdministrator = "administrator"
	StatusMember        = "member"
	StatusRestricted    = "restricted"
	StatusLeft          = "left"
	StatusKicked        = "kicked"
)

// chat is the emulator's state for one chat.
type chat struct {
	info       tgbotapi.Chat
	botStatus  string
	roles      map[int64]string
	order      []int64 // users in the order they joined
	migratedTo int64
	nextMsgID  int
	msgs       map[int]*tgbotapi.Message // every message, the users' and the bot's
	botMsgs    map[int]*SentMessage
}

func (s *Server) newChatLocked(info tgbotapi.Chat, botStatus string) *chat {
	c := &chat{
		info: info, botStatus: botStatus, roles: map[int64]string{},
		msgs: map[int]*tgbotapi.Message{}, botMsgs: map[int]*SentMessage{},
	}
	s.chats[info.ID] = c
	return c
}

func (c *chat) isGroup() bool { return c.info.Type == "group" || c.info.Type == "supergroup" }

// chatRef is the chat object embedded in messages: no getChat-only fields.
func (c *chat) chatRef() *tgbotapi.Chat {
	return &tgbotapi.Chat{
		ID: c.info.ID, Type: c.info.Type, Title: c.info.Title, UserName: c.info.UserName,
		FirstName: c.info.FirstName, LastName: c.info.LastName,
	}
}

func (c *chat) setRole(userID int64, status string) {
	if _, ok := c.roles[userID]; !ok {
		c.order = append(c.order, userID)
	}
	c.roles[userID] = status
}

// joinIfNew makes a user who speaks in a group a member of it.
func (c *chat) joinIfNew(userID int64) {
	switch c.roles[userID] {
	case "", StatusLeft:
		c.setRole(userID, StatusMember)
	}
}

// AddUser registers a Telegram user with a fresh id. username may be empty.
func (s *Server) AddUser(first, username string) User {
	return s.addUser(User{FirstName: first, UserName: username})
}

// AddOtherBot registers another bot account (is_bot=true), e.g. for
// SendFromBot.
func (s *Server) AddOtherBot(first, username string) User {
	return s.addUser(User{FirstName: first, UserName: username, IsBot: true})
}

func (s *Server) addUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	u.ID = s.nextUserID
	s.nextUserID++
	s.users[u.ID] = u
	return u
}

// AddGroup creates a basic group (negative id) that the bot is already a
// member of, without queuing any update.
func (s *Server) AddGroup(title string) ChatID {
	return s.addGroup("group", title, StatusMember)
}

// AddGroupWithoutBot creates a basic group the bot is not in yet (status
// "left"); use AddBotToGroup to add it the way a user would.
func (s *Server) AddGroupWithoutBot(title string) ChatID {
	return s.addGroup("group", title, StatusLeft)
}

// AddSupergroup creates a supergroup (id -100…) the bot is a member of.
func (s *Server) AddSupergroup(title string) ChatID {
	return s.addGroup("supergroup", title, StatusMember)
}

func (s *Server) addGroup(typ, title, botStatus string) ChatID {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextGroupID
	if typ == "supergroup" {
		id = s.nextSuperID
		s.nextSuperID--
	} else {
		s.nextGroupID--
	}
	s.newChatLocked(tgbotapi.Chat{ID: id, Type: typ, Title: title}, botStatus)
	return id
}

// AddPrivate opens the private chat between u and the bot, as if u had
// pressed Start, and returns its id (equal to u.ID). No update is queued.
// Calling it again for the same user is harmless.
func (s *Server) AddPrivate(u User) ChatID {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addPrivateLocked(u).info.ID
}

func (s *Server) addPrivateLocked(u User) *chat {
	if _, ok := s.users[u.ID]; !ok {
		s.users[u.ID] = u
	}
	if c, ok := s.chats[u.ID]; ok {
		return c
	}
	c := s.newChatLocked(tgbotapi.Chat{
		ID: u.ID, Type: "private", FirstName: u.FirstName, LastName: u.LastName, UserName: u.UserName,
	}, StatusMember)
	c.setRole(u.ID, StatusMember)
	return c
}

// SetRole sets a user's status in a chat (one of the Status constants),
// silently: no chat_member update is queued. Passing the bot's own user
// (Bot()) sets the bot's status.
func (s *Server) SetRole(chat ChatID, u User, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.mustChatLocked(chat)
	if u.ID == s.bot.ID {
		c.botStatus = status
		return
	}
	if _, ok := s.users[u.ID]; !ok {
		s.users[u.ID] = u
	}
	c.setRole(u.ID, status)
}

// SetAdmin makes u an administrator of chat (SetRole with "administrator").
func (s *Server) SetAdmin(chat ChatID, u User) { s.SetRole(chat, u, StatusAdministrator) }

// Chat returns the emulator's view of a chat, as getChat would.
func (s *Server) Chat(chat ChatID) (tgbotapi.Chat, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.chats[chat]
	if !ok {
		return tgbotapi.Chat{}, false
	}
	return c.info, true
}

func (s *Server) mustChatLocked(id ChatID) *chat {
	c, ok := s.chats[id]
	if !ok {
		panic(fmt.Sprintf("tgemu: unknown chat %d", id))
	}
	return c
}

// lookupChatLocked resolves a chat_id parameter and applies Telegram's
// migration and membership checks.
func (s *Server) lookupChatLocked(p params, key string) (*chat, *apiError) {
	raw := strings.TrimSpace(p.str(key))
	if raw == "" {
		return nil, badRequest("%s is empty", key)
	}
	var c *chat
	if name, ok := strings.CutPrefix(raw, "@"); ok {
		for _, cand := range s.chats {
			if cand.info.Type != "private" && strings.EqualFold(cand.info.UserName, name) {
				c = cand
			}
		}
	} else if id, err := strconv.ParseInt(raw, 10, 64); err == nil {
		c = s.chats[id]
	}
	if c == nil {
		return nil, badRequest("chat not found")
	}
	if c.migratedTo != 0 {
		e := badRequest("group chat was upgraded to a supergroup chat")
		e.params = &tgbotapi.ResponseParameters{MigrateToChatID: c.migratedTo}
		return nil, e
	}
	kind := c.info.Type
	switch c.botStatus {
	case StatusKicked:
		if kind == "private" {
			return nil, forbidden("bot was blocked by the user")
		}
		return nil, forbidden("bot was kicked from the " + kind + " chat")
	case StatusLeft:
		if kind == "private" {
			return nil, forbidden("bot can't initiate conversation with a user")
		}
		return nil, forbidden("bot is not a member of the " + kind + " chat")
	}
	return c, nil
}

// member builds the ChatMember object for a user in a chat.
func (s *Server) memberLocked(c *chat, userID int64) tgbotapi.ChatMember {
	u := s.users[userID]
	status := c.roles[userID]
	if userID == s.bot.ID {
		status = c.botStatus
	}
	if status == "" {
		status = StatusLeft
	}
	m := tgbotapi.ChatMember{User: &u, Status: status}
	switch status {
	case StatusCreator:
		m.IsMember = true
	case StatusAdministrator:
		m.IsMember = true
		m.CanManageChat, m.CanDeleteMessages, m.CanRestrictMembers = true, true, true
		m.CanInviteUsers, m.CanPinMessages, m.CanChangeInfo = true, true, true
		m.CanBeEdited = false
	case StatusMember, StatusRestricted:
		m.IsMember = true
	}
	return m
}
