package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"kelompok/bot"
)

// Client is the part of *whatsmeow.Client the adapter uses; tests stand in
// a fake.
type Client interface {
	Connect() error
	Disconnect()
	AddEventHandlerWithSuccessStatus(h whatsmeow.EventHandlerWithSuccessStatus) uint32
	RemoveEventHandler(id uint32) bool
	SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error)
	GetGroupInfo(ctx context.Context, jid types.JID) (*types.GroupInfo, error)
	PollBuilder
	VoteDecrypter
}

var _ Client = (*whatsmeow.Client)(nil)

// Submitter runs an update (in its chat's order) and reports the result:
// nil only once its effects are committed.
type Submitter interface {
	Submit(ctx context.Context, u bot.Update, done func(error))
}

// Stopped is why WhatsApp stopped on its own: the session was logged out,
// replaced by another connection, or the number banned. Reconnecting would
// not help; a person has to act.
type Stopped struct {
	Reason string
	// Pair is true when the number has to be paired again.
	Pair bool
}

func (s *Stopped) Error() string {
	if s.Pair {
		return "whatsapp stopped: " + s.Reason + "; pair again with: kelompok whatsapp login"
	}
	return "whatsapp stopped: " + s.Reason
}

// Adapter is Kelompok's WhatsApp connection.
type Adapter struct {
	c    Client
	conv Converter
	// Hint renders the line that tells people what to type instead of
	// pressing a reply's buttons (WhatsApp bots have none); nil: no line.
	Hint func(lang string, buttons [][]bot.Button) string
	// Polls finds the book's polls for their votes; nil: votes are ignored.
	Polls PollLookup
	// Unreadable is told about a vote in one of the book's polls that
	// cannot be read, to ask the voter to vote by text (once per Source);
	// an error leaves the vote unacknowledged. nil: the vote is logged only.
	Unreadable func(ctx context.Context, v UnreadableVote) error

	// Transient tells a passing failure to commit (a busy or full disk)
	// from a fault; nil: every failure is a fault.
	Transient func(error) bool
	// RetryFor bounds how long an update whose commit failed for a
	// passing reason is tried again before WhatsApp is asked to deliver it
	// again (by reconnecting: an unacknowledged message comes back only on
	// a new connection). 0: DefaultRetryFor.
	RetryFor time.Duration

	stopOnce sync.Once
	stopped  chan struct{}
	why      *Stopped

	// connMu orders the reconnection that asks for a redelivery with the
	// end of Serve: none after it.
	connMu       sync.Mutex
	closed       bool
	redelivering atomic.Bool

	mu       sync.Mutex
	titles   map[types.JID]string
	pollSent bot.PollSent
	// infoFailed holds when a group's info could not be fetched: it is not
	// asked again (a blocking request per message) until GroupInfoRetry
	// has passed.
	infoFailed map[types.JID]time.Time
	// now is the clock (tests set it).
	now func() time.Time
}

// GroupInfoRetry is how long a group whose info could not be fetched goes
// without a title before it is asked again.
const GroupInfoRetry = 10 * time.Minute

var _ bot.Platform = (*Adapter)(nil)

// New wraps a client. ids resolves people's two address forms; own returns
// the bot's own JIDs.
func New(c Client, ids Identities, own func() []types.JID) *Adapter {
	a := &Adapter{c: c, stopped: make(chan struct{}), titles: map[types.JID]string{},
		infoFailed: map[types.JID]time.Time{}, now: time.Now}
	a.conv = Converter{IDs: ids, Own: own, Title: a.title}
	return a
}

// Name is the platform prefix.
func (a *Adapter) Name() string { return "wa" }

// OnPollSent registers who records the native polls the adapter sends, so
// that their votes find the poll.
func (a *Adapter) OnPollSent(f bot.PollSent) {
	a.mu.Lock()
	a.pollSent = f
	a.mu.Unlock()
}

// Send delivers one reply as a WhatsApp text, quoting the message it
// answers, or a poll as a native poll. Buttons become a line saying what
// to type; edits (which only follow button presses) are sent as new
// messages.
func (a *Adapter) Send(ctx context.Context, r bot.Reply) error {
	to, ok := ChatJID(r.Chat)
	if !ok {
		return &bot.SendError{Permanent: true, Err: fmt.Errorf("not a whatsapp chat: %s", r.Chat)}
	}
	switch {
	case r.Poll != nil:
		return a.sendPoll(ctx, to, r)
	case r.StopPoll != "":
		// WhatsApp lets nobody close a poll, the bot included: members can
		// still tap it after the close, but the book counts no vote after
		// its poll closed, and the result posted at the close is what
		// counts. Nothing to send.
		return nil
	}
	msg := a.Message(r)
	if msg == nil {
		return nil // a button answer: nothing to show on WhatsApp
	}
	_, err := a.c.SendMessage(ctx, to, msg)
	return sendError(err)
}

// Message builds the WhatsApp message for a reply; nil when the reply has
// nothing to show on WhatsApp (a pop-up answer to a button press).
func (a *Adapter) Message(r bot.Reply) *waE2E.Message {
	if (r.AnswerButton != "" || r.StopPoll != "") && r.Text == "" {
		return nil
	}
	text := r.Text
	if len(r.Buttons) > 0 && a.Hint != nil {
		if h := a.Hint(r.Lang, r.Buttons); h != "" {
			text += "\n" + h
		}
	}
	body := Format(text)
	q := quote(r.ReplyTo)
	if q == nil {
		return &waE2E.Message{Conversation: proto.String(body)}
	}
	return &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(body), ContextInfo: q}}
}

// quote is the context that quotes the message replyTo names (a
// messageID); nil when it names none.
func quote(replyTo string) *waE2E.ContextInfo {
	id, who, ok := parseMessageID(replyTo)
	if !ok {
		return nil
	}
	return &waE2E.ContextInfo{
		StanzaID:      proto.String(id),
		Participant:   proto.String(who.String()),
		QuotedMessage: &waE2E.Message{Conversation: proto.String("")},
	}
}

// sendError maps whatsmeow's refusals onto what the outbox does next.
func sendError(err error) error {
	if err == nil {
		return nil
	}
	var iq *whatsmeow.IQError
	switch {
	case errors.Is(err, whatsmeow.ErrNotInGroup), errors.Is(err, whatsmeow.ErrGroupNotFound),
		errors.Is(err, whatsmeow.ErrIQForbidden), errors.Is(err, whatsmeow.ErrIQNotFound), errors.Is(err, whatsmeow.ErrIQGone):
		return &bot.SendError{Gone: true, Err: err}
	case errors.Is(err, whatsmeow.ErrIQRateOverLimit):
		return &bot.SendError{RetryAfter: time.Minute, Err: err}
	case errors.Is(err, whatsmeow.ErrUnknownServer), errors.Is(err, whatsmeow.ErrRecipientADJID),
		errors.Is(err, whatsmeow.ErrBroadcastListUnsupported), errors.Is(err, whatsmeow.ErrIQBadRequest),
		errors.Is(err, whatsmeow.ErrIQNotAcceptable):
		return &bot.SendError{Permanent: true, Err: err}
	case errors.As(err, &iq) && iq.Code == 429:
		return &bot.SendError{RetryAfter: time.Minute, Err: err}
	}
	return err // not connected, timeouts: retry later
}

// IsAdmin asks WhatsApp whether user administers the group: its admins
// are the group's first officers.
func (a *Adapter) IsAdmin(ctx context.Context, chat bot.ChatRef, user bot.UserRef) (bool, error) {
	gid, ok1 := ChatJID(chat)
	if !ok1 || !IsGroup(chat) {
		return false, nil
	}
	info, err := a.groupInfo(ctx, gid)
	if err != nil {
		return false, fmt.Errorf("group info: %w", err)
	}
	return a.admin(ctx, info, user), nil
}

// admin finds user among the group's participants, in either address form.
func (a *Adapter) admin(ctx context.Context, info *types.GroupInfo, user bot.UserRef) bool {
	for _, p := range info.Participants {
		alt := p.PhoneNumber
		if p.JID.Server == types.DefaultUserServer {
			alt = p.LID
		}
		w := a.conv.IDs.Resolve(ctx, p.JID, alt)
		for _, j := range []types.JID{w.LID, w.PN} {
			if !j.IsEmpty() && UserRef(j) == user {
				return p.IsAdmin || p.IsSuperAdmin
			}
		}
	}
	return false
}

func (a *Adapter) title(ctx context.Context, chat types.JID) string {
	a.mu.Lock()
	t, ok := a.titles[chat]
	failed, wait := a.infoFailed[chat]
	now := a.now()
	a.mu.Unlock()
	if ok {
		return t
	}
	if wait && now.Sub(failed) < GroupInfoRetry {
		return ""
	}
	info, err := a.groupInfo(ctx, chat)
	if err != nil {
		slog.Warn("whatsapp_group_info_failed", "chat_id", Mask(chat.String()), "err", err, "retry_in", GroupInfoRetry)
		a.mu.Lock()
		if len(a.infoFailed) >= 10_000 {
			clear(a.infoFailed)
		}
		a.infoFailed[chat] = now
		a.mu.Unlock()
		return ""
	}
	return info.Name
}

// groupInfo asks WhatsApp about a group and keeps what it tells: the
// group's title and its members' two address forms.
func (a *Adapter) groupInfo(ctx context.Context, chat types.JID) (*types.GroupInfo, error) {
	info, err := a.c.GetGroupInfo(ctx, chat)
	if err != nil {
		return nil, err
	}
	a.setTitle(chat, info.Name)
	a.learn(ctx, info)
	return info, nil
}

// learn stores the phone number of every group member listed with both
// forms (whatsmeow's client does the same; a fake client does not).
func (a *Adapter) learn(ctx context.Context, info *types.GroupInfo) {
	for _, p := range info.Participants {
		if p.LID.Server == types.HiddenUserServer && p.PhoneNumber.Server == types.DefaultUserServer {
			a.conv.IDs.remember(ctx, p.LID.ToNonAD(), p.PhoneNumber.ToNonAD())
		}
	}
}

func (a *Adapter) setTitle(chat types.JID, name string) {
	a.mu.Lock()
	delete(a.infoFailed, chat)
	a.titles[chat] = name
	a.mu.Unlock()
}

// Serve connects and hands every message to sub until ctx ends (nil) or
// WhatsApp stops the session (*Stopped). whatsmeow reconnects by itself
// after drops. A message is acknowledged to WhatsApp only after sub
// committed it (with the client's SynchronousAck and decrypted-event
// buffer on), so a crash redelivers it and the store recognises it.
func (a *Adapter) Serve(ctx context.Context, sub Submitter) error {
	id := a.c.AddEventHandlerWithSuccessStatus(func(evt any) bool { return a.Handle(ctx, sub, evt) })
	defer a.c.RemoveEventHandler(id)
	if err := a.c.Connect(); err != nil {
		return fmt.Errorf("whatsapp connect: %w", err)
	}
	select {
	case <-ctx.Done():
	case <-a.stopped:
	}
	a.connMu.Lock()
	a.closed = true
	a.c.Disconnect()
	a.connMu.Unlock()
	if a.why != nil {
		return a.why
	}
	return nil
}

func (a *Adapter) stop(s *Stopped) {
	a.stopOnce.Do(func() {
		a.why = s
		close(a.stopped)
	})
}

// Handle processes one whatsmeow event; false asks whatsmeow not to
// acknowledge it (it comes again).
func (a *Adapter) Handle(ctx context.Context, sub Submitter, evt any) bool {
	switch e := evt.(type) {
	case *events.Message:
		if e.Message.GetPollUpdateMessage() != nil {
			return a.vote(ctx, sub, e)
		}
		u, ok := a.conv.Message(ctx, e)
		return !ok || a.submit(ctx, sub, u)
	case *events.JoinedGroup:
		a.setTitle(e.JID, e.Name)
		u, ok := a.conv.Joined(ctx, e)
		return !ok || a.submit(ctx, sub, u)
	case *events.GroupInfo:
		if e.Name != nil {
			a.setTitle(e.JID, e.Name.Name)
		}
		u, ok := a.conv.GroupChange(ctx, e)
		return !ok || a.submit(ctx, sub, u)
	case *events.Connected:
		slog.Info("whatsapp_connected")
	case *events.Disconnected:
		slog.Warn("whatsapp_disconnected", "action", "reconnecting")
	case *events.KeepAliveTimeout:
		slog.Warn("whatsapp_keepalive_timeout", "errors", e.ErrorCount)
	case *events.LoggedOut:
		if banned(e.Reason) {
			slog.Error("whatsapp_banned", "reason", e.Reason.String(), "on_connect", e.OnConnect,
				"action", "whatsapp stopped, telegram goes on; the number is locked or banned by WhatsApp: check the phone")
			a.stop(&Stopped{Reason: "banned or locked by WhatsApp (" + e.Reason.String() + ")"})
			break
		}
		slog.Error("whatsapp_logged_out", "reason", e.Reason.String(), "on_connect", e.OnConnect,
			"action", "whatsapp stopped, telegram goes on; pair again with: kelompok whatsapp login")
		a.stop(&Stopped{Reason: "logged out (" + e.Reason.String() + ")", Pair: true})
	case *events.StreamReplaced:
		slog.Error("whatsapp_stream_replaced",
			"action", "another process connected with the same session; whatsapp stopped, not reconnecting")
		a.stop(&Stopped{Reason: "stream replaced by another connection with the same session"})
	case *events.TemporaryBan:
		slog.Error("whatsapp_temporary_ban", "code", int(e.Code), "reason", e.Code.String(), "expires_in", e.Expire,
			"action", "whatsapp stopped; start again after the ban ends")
		a.stop(&Stopped{Reason: "temporarily banned: " + e.String()})
	case *events.ClientOutdated:
		slog.Error("whatsapp_client_outdated", "action", "update go.mau.fi/whatsmeow; whatsapp stopped")
		a.stop(&Stopped{Reason: "client outdated: update whatsmeow"})
	case events.PermanentDisconnect:
		// Any other end whatsmeow does not reconnect after (an unknown
		// connect failure, a failed CAT refresh): left alone, WhatsApp
		// would be dead without saying so.
		slog.Error("whatsapp_disconnected_for_good", "reason", e.PermanentDisconnectDescription(),
			"action", "whatsapp stopped, not reconnecting; start the bot again")
		a.stop(&Stopped{Reason: e.PermanentDisconnectDescription()})
	case *events.UndecryptableMessage:
		slog.Warn("whatsapp_undecryptable_message", "chat_id", Mask(e.Info.Chat.String()), "unavailable", e.IsUnavailable)
	}
	return true
}

// banned reports whether a logout is WhatsApp locking or banning the
// number (403 is LOCKED and 406 BANNED in WhatsApp's own client), which
// pairing again does not cure.
func banned(r events.ConnectFailureReason) bool {
	return r == events.ConnectFailureMainDeviceGone || r == events.ConnectFailureUnknownLogout
}

// DefaultRetryFor is how long a passing failure to commit is retried.
const DefaultRetryFor = 30 * time.Second

// retryFirst and retryMost bound the wait between two tries.
const (
	retryFirst = 50 * time.Millisecond
	retryMost  = 5 * time.Second
)

// submit runs an update and waits until it is committed (or failed). A
// passing failure (Transient) is tried again, waiting longer each time, for
// RetryFor; if it still fails, WhatsApp is asked to deliver the message
// again by reconnecting (without that it would come back only after the
// next drop of the connection). false: not acknowledged.
func (a *Adapter) submit(ctx context.Context, sub Submitter, u bot.Update) bool {
	retryFor := a.RetryFor
	if retryFor <= 0 {
		retryFor = DefaultRetryFor
	}
	deadline := time.Now().Add(retryFor)
	wait := retryFirst
	for {
		done := make(chan error, 1)
		sub.Submit(ctx, u, func(err error) { done <- err })
		err := <-done
		if err == nil {
			return true
		}
		if a.Transient == nil || !a.Transient(err) || ctx.Err() != nil {
			slog.Error("whatsapp_update_failed", "chat_id", Mask(string(u.Chat)), "source", maskSource(u.Source), "err", err)
			return false
		}
		if !time.Now().Add(wait).Before(deadline) {
			slog.Error("whatsapp_update_failed", "chat_id", Mask(string(u.Chat)), "source", maskSource(u.Source), "err", err,
				"action", "reconnecting so that WhatsApp delivers it again")
			a.redeliver(ctx)
			return false
		}
		slog.Warn("whatsapp_update_retry", "chat_id", Mask(string(u.Chat)), "source", maskSource(u.Source), "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
		wait = min(2*wait, retryMost)
	}
}

// redeliver reconnects, so that WhatsApp delivers the messages not
// acknowledged again; in the background (the event handler that asks must
// return first), once at a time, and never after Serve ended.
func (a *Adapter) redeliver(ctx context.Context) {
	if !a.redelivering.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer a.redelivering.Store(false)
		a.connMu.Lock()
		defer a.connMu.Unlock()
		if a.closed || ctx.Err() != nil {
			return
		}
		slog.Warn("whatsapp_reconnecting", "reason", "redeliver messages whose commit failed")
		a.c.Disconnect()
		if err := a.c.Connect(); err != nil {
			slog.Error("whatsapp_reconnect_failed", "err", err)
		}
	}()
}

func maskSource(s string) string {
	chat, rest, _ := strings.Cut(s, "/")
	return Mask(chat) + "/" + rest
}
