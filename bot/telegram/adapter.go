package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"kelompok/bot"
)

// Adapter is Kelompok's Telegram connection.
type Adapter struct {
	api   *tgbotapi.BotAPI
	token string
	polls *pollTransport
	// pollSent is told about each native poll sent (see OnPollSent).
	pollSent bot.PollSent
}

// OnPollSent registers who records the native polls the adapter sends, so
// that their votes find them. Call it before sending.
func (a *Adapter) OnPollSent(f bot.PollSent) { a.pollSent = f }

// pollTransport lets a getUpdates long poll be cut short when the bot
// stops (the client library has no context of its own).
type pollTransport struct {
	base http.RoundTripper
	mu   sync.Mutex
	ctx  context.Context
}

func (t *pollTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, "/getUpdates") {
		t.mu.Lock()
		ctx := t.ctx
		t.mu.Unlock()
		if ctx != nil {
			req = req.WithContext(ctx)
		}
	}
	return t.base.RoundTrip(req)
}

func (t *pollTransport) set(ctx context.Context) {
	t.mu.Lock()
	t.ctx = ctx
	t.mu.Unlock()
}

// redact removes the token from an error: the client's network errors
// carry the whole request URL, token included.
func (a *Adapter) redact(err error) error {
	if err == nil || a.token == "" || !strings.Contains(err.Error(), a.token) {
		return err
	}
	return redacted{msg: strings.ReplaceAll(err.Error(), a.token, "<token>"), err: err}
}

type redacted struct {
	msg string
	err error
}

func (r redacted) Error() string { return r.msg }

// Unwrap keeps errors.As working for *tgbotapi.Error (whose text has no token).
func (r redacted) Unwrap() error { return r.err }

var _ bot.Platform = (*Adapter)(nil)

// New connects to the Bot API at endpoint (the client's format,
// "https://api.telegram.org/bot%s/%s") and checks the token with getMe.
func New(token, endpoint string, pollTimeout time.Duration) (*Adapter, error) {
	polls := &pollTransport{base: http.DefaultTransport}
	client := &http.Client{Timeout: pollTimeout + 30*time.Second, Transport: polls}
	a := &Adapter{token: token, polls: polls}
	api, err := tgbotapi.NewBotAPIWithClient(token, endpoint, client)
	if err != nil {
		return nil, fmt.Errorf("telegram getMe: %w", a.redact(err))
	}
	a.api = api
	return a, nil
}

// Name is the platform prefix.
func (a *Adapter) Name() string { return "tg" }

// Username is the bot's @username without the @.
func (a *Adapter) Username() string { return a.api.Self.UserName }

// Send delivers one reply: a message (HTML), an edit, or a button answer.
func (a *Adapter) Send(ctx context.Context, r bot.Reply) error {
	chat, ok := ChatID(r.Chat)
	if !ok {
		return &bot.SendError{Permanent: true, Err: fmt.Errorf("not a telegram chat: %s", r.Chat)}
	}
	var c tgbotapi.Chattable
	switch {
	case r.Poll != nil:
		return a.sendPoll(ctx, chat, r)
	case r.StopPoll != "":
		id, err := strconv.Atoi(r.StopPoll)
		if err != nil {
			return &bot.SendError{Permanent: true, Err: err}
		}
		c = tgbotapi.NewStopPoll(chat, id)
	case r.AnswerButton != "":
		c = tgbotapi.NewCallback(r.AnswerButton, r.Notice)
	case r.Edit != "":
		id, err := strconv.Atoi(r.Edit)
		if err != nil {
			return &bot.SendError{Permanent: true, Err: err}
		}
		e := tgbotapi.NewEditMessageText(chat, id, r.Text)
		e.ParseMode = tgbotapi.ModeHTML
		c = e
	default:
		m := tgbotapi.NewMessage(chat, r.Text)
		m.ParseMode = tgbotapi.ModeHTML
		m.DisableWebPagePreview = true
		if id, err := strconv.Atoi(r.ReplyTo); err == nil {
			m.ReplyToMessageID = id
			m.AllowSendingWithoutReply = true
		}
		if len(r.Buttons) > 0 {
			m.ReplyMarkup = keyboard(r.Buttons)
		}
		c = m
	}
	_, err := a.api.Request(c)
	err = sendError(a.redact(err))
	var se *bot.SendError
	if errors.As(err, &se) && se.Permanent {
		switch {
		case r.StopPoll != "":
			return nil // already closed, or deleted: nothing left to stop
		case r.Edit != "":
			// The report could not be edited (deleted, too old): say the
			// outcome in a new message, so the group still sees it.
			r.Edit = ""
			return a.Send(ctx, r)
		}
	}
	return err
}

// sendPoll sends a native, non-anonymous poll and reports the platform's
// poll id. If the report fails, the poll just sent is stopped (so nobody
// votes in a poll whose votes would not count) and the send is reported
// failed: the outbox sends again, and the second poll is the one linked.
// What remains: if the process dies between sendPoll and the report (or
// the stop fails), the first poll stays open in the chat, unlinked; votes
// in it are dropped (logged as an unknown poll) and only the resent poll
// and text votes count.
func (a *Adapter) sendPoll(ctx context.Context, chat int64, r bot.Reply) error {
	p := tgbotapi.NewPoll(chat, r.Poll.Question, r.Poll.Options...)
	p.IsAnonymous = false
	if id, err := strconv.Atoi(r.ReplyTo); err == nil {
		p.ReplyToMessageID = id
		p.AllowSendingWithoutReply = true
	}
	m, err := a.api.Send(p)
	if err != nil {
		return sendError(a.redact(err))
	}
	if m.Poll == nil {
		return &bot.SendError{Permanent: true, Err: errors.New("sendPoll answered without a poll")}
	}
	if a.pollSent == nil {
		return nil
	}
	err = a.pollSent(ctx, r.Chat, r.Poll.Key, PollRef(m.Poll.ID), strconv.Itoa(m.MessageID))
	if err != nil {
		if _, serr := a.api.Request(tgbotapi.NewStopPoll(chat, m.MessageID)); serr != nil {
			slog.Warn("poll_stop_unrecorded_failed", "chat_id", r.Chat, "message_id", m.MessageID, "err", a.redact(serr))
		}
		return err
	}
	return nil
}

func keyboard(rows [][]bot.Button) tgbotapi.InlineKeyboardMarkup {
	var kb [][]tgbotapi.InlineKeyboardButton
	for _, row := range rows {
		var r []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			r = append(r, tgbotapi.NewInlineKeyboardButtonData(b.Label, b.Data))
		}
		kb = append(kb, r)
	}
	return tgbotapi.NewInlineKeyboardMarkup(kb...)
}

// sendError maps the Bot API's refusals onto what the outbox does next.
func sendError(err error) error {
	if err == nil {
		return nil
	}
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		return err // network: retry later
	}
	switch {
	case te.RetryAfter > 0 || te.Code == http.StatusTooManyRequests:
		return &bot.SendError{RetryAfter: time.Duration(max(te.RetryAfter, 1)) * time.Second, Err: err}
	case te.MigrateToChatID != 0:
		return &bot.SendError{MovedTo: ChatRef(te.MigrateToChatID), Err: err}
	case te.Code == http.StatusForbidden && chatGone(te.Message):
		return &bot.SendError{Gone: true, Err: err}
	case te.Code == http.StatusForbidden:
		// Muted ("not enough rights to send text messages"), or a person
		// who never started a chat with the bot: this message is refused,
		// the chat is not gone.
		return &bot.SendError{Permanent: true, Err: err}
	case te.Code == http.StatusBadRequest && strings.Contains(te.Message, "message is not modified"):
		return nil
	case te.Code == http.StatusBadRequest && strings.Contains(te.Message, "chat not found"):
		return &bot.SendError{Gone: true, Err: err}
	case te.Code >= 400 && te.Code < 500:
		return &bot.SendError{Permanent: true, Err: err}
	}
	return err
}

// goneDescriptions are the Bot API's words for a chat the bot can no
// longer write to at all.
var goneDescriptions = []string{"bot was kicked", "bot is not a member", "chat not found",
	"user is deactivated", "bot was blocked by the user"}

func chatGone(description string) bool {
	d := strings.ToLower(description)
	for _, g := range goneDescriptions {
		if strings.Contains(d, g) {
			return true
		}
	}
	return false
}

// IsAdmin asks Telegram whether user administers chat.
func (a *Adapter) IsAdmin(ctx context.Context, chat bot.ChatRef, user bot.UserRef) (bool, error) {
	cid, ok1 := ChatID(chat)
	uid, ok2 := UserID(user)
	if !ok1 || !ok2 {
		return false, nil
	}
	m, err := a.api.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: cid, UserID: uid}})
	if err != nil {
		return false, fmt.Errorf("getChatMember: %w", a.redact(err))
	}
	return m.IsCreator() || m.IsAdministrator(), nil
}

// Command is one entry of the bot's command menu.
type Command struct{ Name, Description string }

// SetCommands publishes the command menu for a language ("" is the default
// for users whose language has no menu of its own).
func (a *Adapter) SetCommands(lang string, cmds []Command) error {
	var bc []tgbotapi.BotCommand
	for _, c := range cmds {
		bc = append(bc, tgbotapi.BotCommand{Command: c.Name, Description: c.Description})
	}
	_, err := a.api.Request(tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeDefault(), lang, bc...))
	if err != nil {
		return fmt.Errorf("setMyCommands %s: %w", lang, a.redact(err))
	}
	return nil
}
