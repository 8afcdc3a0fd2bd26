package tgemu

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// MaxTextLength is Telegram's limit on a message's text after entity
// parsing, counted (like entity offsets) in UTF-16 code units.
const MaxTextLength = 4096

// CallbackTimeout is how long after a click answerCallbackQuery is still
// accepted, measured on the injected clock.
const CallbackTimeout = 15 * time.Second

// text is a parsed text parameter.
type text struct {
	raw, plain, mode string
	entities         []tgbotapi.MessageEntity
}

// parseText reads "text" and "parse_mode" the way sendMessage and
// editMessageText do.
func parseText(p params) (text, *apiError) {
	t := text{raw: p.str("text"), mode: p.str("parse_mode")}
	if t.raw == "" {
		return t, badRequest("message text is empty")
	}
	if !utf8.ValidString(t.raw) {
		return t, badRequest("strings must be encoded in UTF-8")
	}
	switch strings.ToLower(t.mode) {
	case "":
		t.plain = t.raw
		if e := p.str("entities"); e != "" {
			if err := json.Unmarshal([]byte(e), &t.entities); err != nil {
				return t, badRequest("can't parse entities JSON object")
			}
		}
	case "html":
		plain, ents, err := parseHTML(t.raw)
		if err != nil {
			return t, badRequest("can't parse entities: %s", err)
		}
		t.plain, t.entities = plain, ents
	case "markdown", "markdownv2":
		t.plain = t.raw // accepted but not parsed by the emulator
	default:
		return t, badRequest("unsupported parse_mode")
	}
	if strings.TrimSpace(t.plain) == "" {
		return t, badRequest("message text is empty")
	}
	if utf16Len(t.plain) > MaxTextLength {
		return t, badRequest("message is too long")
	}
	return t, nil
}

// floodLocked charges one message to the chat's flood limits.
func (s *Server) floodLocked(c *chat) *apiError {
	retry, ok := s.limiter.allow(s.limits, c.info.ID, s.now())
	if ok {
		return nil
	}
	return &apiError{
		code:   429,
		desc:   fmt.Sprintf("Too Many Requests: retry after %d", retry),
		params: &tgbotapi.ResponseParameters{RetryAfter: retry},
	}
}

// replyCopy is a message as embedded in reply_to_message: one level deep.
func replyCopy(m *tgbotapi.Message) *tgbotapi.Message {
	cp := *m
	cp.ReplyToMessage = nil
	return &cp
}

func (s *Server) sendMessage(p params) (any, *apiError) {
	c, aerr := s.lookupChatLocked(p, "chat_id")
	if aerr != nil {
		return nil, aerr
	}
	t, aerr := parseText(p)
	if aerr != nil {
		return nil, aerr
	}
	mk, aerr := parseMarkup(p.str("reply_markup"))
	if aerr != nil {
		return nil, aerr
	}
	replyTo, _ := p.int("reply_to_message_id")
	allowWithout := p.bool("allow_sending_without_reply")
	if rp := p.str("reply_parameters"); rp != "" {
		var v struct {
			MessageID    int64 `json:"message_id"`
			AllowWithout bool  `json:"allow_sending_without_reply"`
		}
		if json.Unmarshal([]byte(rp), &v) != nil {
			return nil, badRequest("can't parse reply parameters JSON object")
		}
		replyTo, allowWithout = v.MessageID, v.AllowWithout
	}
	var replied *tgbotapi.Message
	if replyTo != 0 {
		replied = c.msgs[int(replyTo)]
		if replied == nil && !allowWithout {
			return nil, badRequest("message to be replied not found")
		}
	}
	if aerr := s.floodLocked(c); aerr != nil {
		return nil, aerr
	}

	c.nextMsgID++
	bot := s.bot
	m := &tgbotapi.Message{
		MessageID: c.nextMsgID, From: &bot, Date: s.nowUnix(), Chat: c.chatRef(),
		Text: t.plain, Entities: t.entities, ReplyMarkup: mk.inline,
	}
	sm := &SentMessage{
		ChatID: c.info.ID, ID: m.MessageID, Date: time.Unix(int64(m.Date), 0),
		Text: t.raw, Plain: t.plain, ParseMode: t.mode, Entities: t.entities,
		Buttons: mk.buttons, Markup: mk.raw,
	}
	if replied != nil {
		m.ReplyToMessage = replyCopy(replied)
		sm.ReplyTo = replied.MessageID
	}
	c.msgs[m.MessageID] = m
	c.botMsgs[m.MessageID] = sm
	s.sent = append(s.sent, sm)
	s.stats.Sent++
	s.notifyLocked()
	return m, nil
}

// editTargetLocked finds the bot message an edit method addresses.
func (s *Server) editTargetLocked(p params) (*chat, *tgbotapi.Message, *SentMessage, *apiError) {
	if p.str("inline_message_id") != "" {
		return nil, nil, nil, badRequest("MESSAGE_ID_INVALID")
	}
	c, aerr := s.lookupChatLocked(p, "chat_id")
	if aerr != nil {
		return nil, nil, nil, aerr
	}
	id, ok := p.int("message_id")
	if !ok || id == 0 {
		return nil, nil, nil, badRequest("message identifier is not specified")
	}
	m := c.msgs[int(id)]
	if m == nil {
		return nil, nil, nil, badRequest("message to edit not found")
	}
	sm := c.botMsgs[int(id)]
	if sm == nil {
		return nil, nil, nil, badRequest("message can't be edited")
	}
	return c, m, sm, nil
}

const errNotModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

func (s *Server) editMessageText(p params) (any, *apiError) {
	c, m, sm, aerr := s.editTargetLocked(p)
	if aerr != nil {
		return nil, aerr
	}
	t, aerr := parseText(p)
	if aerr != nil {
		return nil, aerr
	}
	// Like Telegram: an edit without reply_markup removes the inline keyboard.
	mk, aerr := parseMarkup(p.str("reply_markup"))
	if aerr != nil {
		return nil, aerr
	}
	if m.Text == t.plain && sameJSON(m.Entities, t.entities) && sameJSON(m.ReplyMarkup, mk.inline) {
		return nil, badRequest("%s", errNotModified)
	}
	if aerr := s.floodLocked(c); aerr != nil {
		return nil, aerr
	}
	nm := *m
	nm.Text, nm.Entities, nm.ReplyMarkup, nm.EditDate = t.plain, t.entities, mk.inline, s.nowUnix()
	c.msgs[nm.MessageID] = &nm
	sm.Text, sm.Plain, sm.ParseMode, sm.Entities = t.raw, t.plain, t.mode, t.entities
	sm.Buttons, sm.Markup, sm.Edited = mk.buttons, mk.raw, true
	s.stats.Edited++
	s.notifyLocked()
	return &nm, nil
}

func (s *Server) editMessageReplyMarkup(p params) (any, *apiError) {
	c, m, sm, aerr := s.editTargetLocked(p)
	if aerr != nil {
		return nil, aerr
	}
	mk, aerr := parseMarkup(p.str("reply_markup"))
	if aerr != nil {
		return nil, aerr
	}
	if sameJSON(m.ReplyMarkup, mk.inline) {
		return nil, badRequest("%s", errNotModified)
	}
	if aerr := s.floodLocked(c); aerr != nil {
		return nil, aerr
	}
	nm := *m
	nm.ReplyMarkup, nm.EditDate = mk.inline, s.nowUnix()
	c.msgs[nm.MessageID] = &nm
	sm.Buttons, sm.Markup, sm.Edited = mk.buttons, mk.raw, true
	s.stats.Edited++
	s.notifyLocked()
	return &nm, nil
}

// sameJSON compares two values as Telegram would see them; an empty list
// equals an absent one.
func sameJSON(a, b any) bool {
	norm := func(v any) string {
		if s := string(mustJSON(v)); s != "[]" {
			return s
		}
		return "null"
	}
	return norm(a) == norm(b)
}

func (s *Server) deleteMessage(p params) (any, *apiError) {
	c, aerr := s.lookupChatLocked(p, "chat_id")
	if aerr != nil {
		return nil, aerr
	}
	id, ok := p.int("message_id")
	if !ok || id == 0 {
		return nil, badRequest("message identifier is not specified")
	}
	m := c.msgs[int(id)]
	if m == nil {
		return nil, badRequest("message to delete not found")
	}
	sm := c.botMsgs[int(id)]
	admin := c.botStatus == StatusAdministrator || c.botStatus == StatusCreator
	if sm == nil && c.isGroup() && !admin {
		return nil, badRequest("message can't be deleted")
	}
	delete(c.msgs, int(id))
	if sm != nil {
		sm.Deleted = true
		delete(c.botMsgs, int(id))
	}
	s.notifyLocked()
	return true, nil
}

// query is a callback query the emulator handed out.
type query struct {
	id       string
	chatID   int64
	msgID    int
	data     string
	from     User
	at       time.Time
	answered bool
}

// CallbackAnswer is a recorded answerCallbackQuery call.
type CallbackAnswer struct {
	QueryID   string
	ChatID    ChatID // chat of the clicked message
	MessageID int    // the clicked message
	Data      string // the clicked button's callback_data
	From      User   // who clicked
	Text      string
	ShowAlert bool
	URL       string
	CacheTime int
}

func (s *Server) answerCallbackQuery(p params) (any, *apiError) {
	q := s.queries[p.str("callback_query_id")]
	if q == nil || q.answered || s.now().Sub(q.at) > CallbackTimeout {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	q.answered = true
	cache, _ := p.int("cache_time")
	s.answers = append(s.answers, CallbackAnswer{
		QueryID: q.id, ChatID: q.chatID, MessageID: q.msgID, Data: q.data, From: q.from,
		Text: p.str("text"), ShowAlert: p.bool("show_alert"), URL: p.str("url"), CacheTime: int(cache),
	})
	s.notifyLocked()
	return true, nil
}

func (s *Server) getChat(p params) (any, *apiError) {
	c, aerr := s.lookupChatLocked(p, "chat_id")
	if aerr != nil {
		return nil, aerr
	}
	return c.info, nil
}

func (s *Server) getChatMember(p params) (any, *apiError) {
	c, aerr := s.lookupChatLocked(p, "chat_id")
	if aerr != nil {
		return nil, aerr
	}
	uid, ok := p.int("user_id")
	if !ok || uid == 0 {
		return nil, badRequest("invalid user_id specified")
	}
	if _, known := s.users[uid]; !known {
		return nil, badRequest("user not found")
	}
	return s.memberLocked(c, uid), nil
}

func (s *Server) getChatAdministrators(p params) (any, *apiError) {
	c, aerr := s.lookupChatLocked(p, "chat_id")
	if aerr != nil {
		return nil, aerr
	}
	if !c.isGroup() {
		return nil, badRequest("there are no administrators in the private chat")
	}
	out := []tgbotapi.ChatMember{}
	for _, want := range []string{StatusCreator, StatusAdministrator} {
		if c.botStatus == want {
			out = append(out, s.memberLocked(c, s.bot.ID))
		}
		for _, uid := range c.order {
			if c.roles[uid] == want && !s.users[uid].IsBot { // other bots are not listed
				out = append(out, s.memberLocked(c, uid))
			}
		}
	}
	return out, nil
}

func (s *Server) leaveChat(p params) (any, *apiError) {
	c, aerr := s.lookupChatLocked(p, "chat_id")
	if aerr != nil {
		return nil, aerr
	}
	if !c.isGroup() {
		return nil, badRequest("chat member status can't be changed in private chats")
	}
	old := c.botStatus
	c.botStatus = StatusLeft
	s.myChatMemberLocked(c, s.bot, old, StatusLeft)
	return true, nil
}

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true,
}

func (s *Server) sendChatAction(p params) (any, *apiError) {
	if _, aerr := s.lookupChatLocked(p, "chat_id"); aerr != nil {
		return nil, aerr
	}
	if !chatActions[p.str("action")] {
		return nil, badRequest("wrong parameter action in request")
	}
	return true, nil
}
