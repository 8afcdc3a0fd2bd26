// Package tgemu is an in-process emulator of the Telegram Bot API, built on
// net/http/httptest, for end-to-end tests of code that talks to Telegram
// through github.com/go-telegram-bot-api/telegram-bot-api/v5.
//
// A test starts a Server, points the real client library at it and then
// plays the part of Telegram's users:
//
//	srv := tgemu.New(tgemu.WithLimits(tgemu.Limits{}))
//	defer srv.Close()
//	api, _ := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
//	group := srv.AddGroup("Arisan RT 05")
//	siti := srv.AddUser("Siti", "siti")
//	srv.SendText(group, siti, "/start")      // queued as an update
//	... run the bot, which calls getUpdates and sendMessage ...
//	msgs, err := srv.WaitSent(group, 1, time.Second)
//
// The emulator answers getMe, getUpdates (with offset confirmation and long
// polling), sendMessage, editMessageText, editMessageReplyMarkup,
// deleteMessage, answerCallbackQuery, setMyCommands, getMyCommands,
// deleteMyCommands, deleteWebhook, getWebhookInfo, getChat, getChatMember,
// getChatAdministrators, sendChatAction, leaveChat, sendPoll and stopPoll
// (with AnswerPoll injecting poll_answer updates), with Telegram's error
// codes and descriptions, HTML parse_mode validation and flood limits. All
// JSON it serves is built from the client library's own types.
//
// Known differences from the real service:
//   - HTML parsing is stricter: a bare '>' or '&' is rejected (Telegram
//     tolerates some); Markdown and MarkdownV2 are accepted unparsed.
//   - Flood limits are a model (see Limits) and count edits too; they are
//     on by default, so fast tests pass WithLimits(Limits{}).
//   - SendFromBot delivers a bot's message, which Telegram never does.
//   - Users' texts get bot_command and mention entities only (no url etc.).
//   - Service messages, chats and members carry only the common fields;
//     JSON may contain "field":null where Telegram omits the field.
//   - Updates are kept until confirmed, with no 24-hour expiry.
//
// A Server is safe for concurrent use.
package tgemu

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// ChatID identifies a chat: positive for private chats (equal to the user's
// id), negative for groups (-4…) and supergroups (-100…).
type ChatID = int64

// User is a Telegram user (or bot) as the client library models it.
type User = tgbotapi.User

// Option configures a Server.
type Option func(*Server)

// WithLimits sets the flood limits. The default is RealLimits(); pass
// Limits{} to disable all of them.
func WithLimits(l Limits) Option { return func(s *Server) { s.limits = l } }

// WithClock injects the clock used for message dates, flood limits and
// callback query expiry (default time.Now). Long polling always waits in
// real time.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithBot sets the bot's username and user id (default "kelompok_test_bot",
// 7000000001). The token becomes "<id>:TEST-TOKEN-tgemu".
func WithBot(username string, id int64) Option {
	return func(s *Server) {
		s.bot.UserName = username
		s.bot.ID = id
	}
}

// WithPrivacyMode turns Telegram's group privacy mode on: in groups the bot
// then only receives commands, replies to its own messages, messages that
// mention it and service messages. Default off (getMe reports
// can_read_all_group_messages=true).
func WithPrivacyMode(on bool) Option { return func(s *Server) { s.privacy = on } }

// Server is the emulated Bot API. Create it with New and Close it when done.
type Server struct {
	http    *httptest.Server
	token   string
	bot     User
	now     func() time.Time
	limits  Limits
	privacy bool

	closeOnce sync.Once
	closed    chan struct{}

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every observable change

	users       map[int64]User
	chats       map[int64]*chat
	nextUserID  int64
	nextGroupID int64
	nextSuperID int64

	queue        []tgbotapi.Update
	nextUpdateID int
	confirmed    int
	allowed      map[string]bool // nil: Telegram's default set
	pollGen      int

	sent      []*SentMessage // every message the bot sent, in order
	queries   map[string]*query
	nextQuery int
	answers   []CallbackAnswer
	commands  map[string][]tgbotapi.BotCommand
	stats     Stats
	limiter   limiter
	polls     pollStore
}

// New starts an emulator listening on 127.0.0.1.
func New(opts ...Option) *Server {
	s := &Server{
		bot: User{
			ID: 7000000001, IsBot: true, FirstName: "Kelompok",
			UserName: "kelompok_test_bot", CanJoinGroups: true,
		},
		now:          time.Now,
		limits:       RealLimits(),
		closed:       make(chan struct{}),
		changed:      make(chan struct{}),
		users:        map[int64]User{},
		chats:        map[int64]*chat{},
		nextUserID:   500000001,
		nextGroupID:  -4000000001,
		nextSuperID:  -1002000000001,
		nextUpdateID: 100000001,
		queries:      map[string]*query{},
		commands:     map[string][]tgbotapi.BotCommand{},
	}
	for _, o := range opts {
		o(s)
	}
	s.bot.IsBot = true
	s.bot.CanReadAllGroupMessages = !s.privacy
	s.token = fmt.Sprintf("%d:TEST-TOKEN-tgemu", s.bot.ID)
	s.users[s.bot.ID] = s.bot
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// Close wakes every pending long poll (they return an empty result) and shuts
// the HTTP server down. It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.mu.Lock()
		s.notifyLocked()
		s.mu.Unlock()
		s.http.Close()
	})
}

// URL is the base URL of the emulator, e.g. "http://127.0.0.1:41234".
func (s *Server) URL() string { return s.http.URL }

// Endpoint is the format string for tgbotapi.NewBotAPIWithAPIEndpoint:
// URL() + "/bot%s/%s".
func (s *Server) Endpoint() string { return s.http.URL + "/bot%s/%s" }

// Token is the only token the emulator accepts; others get 401 Unauthorized.
func (s *Server) Token() string { return s.token }

// Bot returns the bot's own user, as getMe reports it.
func (s *Server) Bot() User { return s.bot }

// apiError is a failed Bot API call.
type apiError struct {
	code   int
	desc   string
	params *tgbotapi.ResponseParameters
}

func badRequest(format string, a ...any) *apiError {
	return &apiError{code: 400, desc: "Bad Request: " + fmt.Sprintf(format, a...)}
}

func forbidden(desc string) *apiError { return &apiError{code: 403, desc: "Forbidden: " + desc} }

// params are a request's parameters, whatever encoding they came in.
type params map[string]string

func (p params) str(k string) string { return p[k] }

func (p params) has(k string) bool { _, ok := p[k]; return ok }

func (p params) int(k string) (int64, bool) {
	v, err := strconv.ParseInt(strings.TrimSpace(p[k]), 10, 64)
	return v, err == nil
}

func (p params) bool(k string) bool {
	b, _ := strconv.ParseBool(p[k])
	return b
}

// readParams merges the query string with a form, multipart or JSON body.
// JSON values that are not strings are kept as their JSON text, which is how
// form-encoding clients send objects such as reply_markup.
func readParams(r *http.Request) (params, *apiError) {
	p := params{}
	for k, v := range r.URL.Query() {
		p[k] = v[0]
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, badRequest("can't read request body")
		}
		if len(strings.TrimSpace(string(body))) == 0 {
			return p, nil
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, badRequest("can't parse JSON object")
		}
		for k, raw := range m {
			var str string
			switch {
			case string(raw) == "null":
			case json.Unmarshal(raw, &str) == nil:
				p[k] = str
			default:
				p[k] = string(raw)
			}
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return nil, badRequest("can't parse multipart form")
		}
		for k, v := range r.MultipartForm.Value {
			p[k] = v[0]
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, badRequest("can't parse form")
		}
		for k, v := range r.PostForm {
			p[k] = v[0]
		}
	}
	return p, nil
}

type handler func(s *Server, p params) (any, *apiError)

// methods run with s.mu held. getUpdates is handled separately because it
// waits without the lock.
var methods = map[string]handler{
	"getme":                  (*Server).getMe,
	"sendmessage":            (*Server).sendMessage,
	"editmessagetext":        (*Server).editMessageText,
	"editmessagereplymarkup": (*Server).editMessageReplyMarkup,
	"deletemessage":          (*Server).deleteMessage,
	"answercallbackquery":    (*Server).answerCallbackQuery,
	"setmycommands":          (*Server).setMyCommands,
	"getmycommands":          (*Server).getMyCommands,
	"deletemycommands":       (*Server).deleteMyCommands,
	"deletewebhook":          (*Server).deleteWebhook,
	"getwebhookinfo":         (*Server).getWebhookInfo,
	"getchat":                (*Server).getChat,
	"getchatmember":          (*Server).getChatMember,
	"getchatadministrators":  (*Server).getChatAdministrators,
	"leavechat":              (*Server).leaveChat,
	"sendchataction":         (*Server).sendChatAction,
	"sendpoll":               (*Server).sendPoll,
	"stoppoll":               (*Server).stopPoll,
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.stats.Requests++
	s.notifyLocked()
	s.mu.Unlock()

	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 {
		s.reply(w, nil, &apiError{code: 404, desc: "Not Found"})
		return
	}
	if token != s.token {
		s.reply(w, nil, &apiError{code: 401, desc: "Unauthorized"})
		return
	}
	method = strings.ToLower(method) // Bot API method names are case-insensitive
	p, aerr := readParams(r)
	if aerr != nil {
		s.reply(w, nil, aerr)
		return
	}
	if method == "getupdates" {
		res, aerr := s.getUpdates(r, p)
		s.reply(w, res, aerr)
		return
	}
	h, ok := methods[method]
	if !ok {
		s.reply(w, nil, &apiError{code: 404, desc: "Not Found"})
		return
	}
	s.mu.Lock()
	res, aerr := h(s, p)
	var body json.RawMessage
	if aerr == nil {
		body = mustJSON(res) // while locked: results may share state
	}
	s.mu.Unlock()
	s.reply(w, body, aerr)
}

// reply writes Telegram's response envelope; the HTTP status equals
// error_code, as with the real API.
func (s *Server) reply(w http.ResponseWriter, result any, aerr *apiError) {
	w.Header().Set("Content-Type", "application/json")
	var body any
	if aerr != nil {
		s.mu.Lock()
		s.stats.Errors++
		if aerr.code == http.StatusTooManyRequests {
			s.stats.TooMany429++
		}
		s.mu.Unlock()
		body = struct {
			Ok          bool                         `json:"ok"`
			ErrorCode   int                          `json:"error_code"`
			Description string                       `json:"description"`
			Parameters  *tgbotapi.ResponseParameters `json:"parameters,omitempty"`
		}{false, aerr.code, aerr.desc, aerr.params}
		w.WriteHeader(aerr.code)
	} else {
		body = struct {
			Ok     bool `json:"ok"`
			Result any  `json:"result"`
		}{true, result}
	}
	_ = json.NewEncoder(w).Encode(body)
}

// notifyLocked wakes everyone waiting for a change (long polls, Wait*).
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("tgemu: " + err.Error())
	}
	return b
}

// nowUnix is the current emulated time as a Telegram date.
func (s *Server) nowUnix() int { return int(s.now().Unix()) }

func (s *Server) getMe(params) (any, *apiError) { return s.bot, nil }
