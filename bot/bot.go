package bot

import (
	"context"
	"time"
)

// ChatRef names a chat on one platform, e.g. "tg:-1001234" or "wa:1203...@g.us".
// It is built only in an adapter's id.go.
type ChatRef string

// UserRef names a person on one platform, e.g. "tg:5551234".
type UserRef string

// Platform returns the platform prefix of the reference ("tg", "wa", "cli").
func (c ChatRef) Platform() string { return prefix(string(c)) }

// Platform returns the platform prefix of the reference.
func (u UserRef) Platform() string { return prefix(string(u)) }

func prefix(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return s[:i]
		}
	}
	return ""
}

// UpdateKind tells what happened in the chat.
type UpdateKind int

const (
	// KindMessage is a new text message (commands arrive this way).
	KindMessage UpdateKind = iota
	// KindEdited is an edit of an earlier message: never re-booked.
	KindEdited
	// KindButton is a press on an inline button; Text holds its data.
	KindButton
	// KindBotAdded means the bot was added to a group by Sender.
	KindBotAdded
	// KindBotRemoved means the bot was removed from the group.
	KindBotRemoved
	// KindMigrated means the chat moved from OldChat to NewChat (Telegram
	// supergroup upgrade).
	KindMigrated
	// KindPollAnswer is a vote in a native poll: PollID names the
	// platform's poll, Choices the chosen option indexes (empty: the vote
	// was retracted). Chat may be empty (Telegram does not say where the
	// poll is); the core finds it from PollID.
	KindPollAnswer
)

// Update is one event from a chat, already converted by an adapter.
type Update struct {
	Kind UpdateKind
	// Source identifies the event so a redelivery is recognised: unique per
	// platform, e.g. "tg:-100123/m/55" or "tg:cb/8812".
	Source string
	Chat   ChatRef
	// Private is true for a one-to-one chat with the bot.
	Private   bool
	ChatTitle string
	Sender    Person
	// SenderIsAdmin is true when the platform says the sender administers the chat.
	SenderIsAdmin bool
	// Anonymous is true when the sender hides behind the group's identity
	// (Telegram's anonymous admins): the message cannot be attributed.
	Anonymous bool
	// FromBot is true for messages sent by other bots; they are ignored.
	FromBot bool
	Text    string
	// Mentions lists people named in the message whose platform identity is
	// known (e.g. Telegram text mentions of users without a username).
	Mentions  []Person
	MessageID string
	// ButtonID is the platform's id of a button press, to answer it.
	ButtonID string
	// OldChat and NewChat are the chat's references before and after a
	// KindMigrated move. Chat is the one the notice arrived in, so the notice
	// is ordered with that chat's other messages.
	OldChat ChatRef
	NewChat ChatRef
	// PollID and Choices are set for KindPollAnswer.
	PollID  string
	Choices []int
	At      time.Time
}

// Person is someone in a chat as the platform shows them.
type Person struct {
	// Ref is the person's lasting reference on the platform.
	Ref UserRef
	// Alt is another reference the platform shows the same person by at
	// the moment (WhatsApp: the phone number beside the LID). The book
	// records it as an alias of the member Ref or Alt finds, so that one
	// person stays one member whichever form comes. Empty on platforms
	// with one reference per person (Telegram).
	Alt      UserRef
	Name     string
	Username string
	Lang     string
}

// Button is an inline button under a reply; Data comes back as a KindButton update.
type Button struct {
	Label string
	Data  string
}

// Reply is a message the bot sends. Text is in Kelompok's small markup: plain
// text in which only <b>, <i> and <code> tags appear and &, <, > are written
// as &amp; &lt; &gt;. Each adapter turns it into its platform's format.
type Reply struct {
	Chat    ChatRef
	Text    string
	Buttons [][]Button
	// ReplyTo is the platform message id this answers, if any.
	ReplyTo string
	// AnswerButton is the ButtonID of a button press this answers with
	// Notice (a short pop-up); such a reply has no Text.
	AnswerButton string
	Notice       string
	// Edit is the platform id of an earlier bot message whose text is
	// replaced by Text and whose buttons are removed.
	Edit string
	// Poll, if set, is a poll to send. A platform with native polls sends
	// it natively (not anonymous, one answer) and ignores Text; one without
	// sends Text, which lists the options and how to vote by text.
	Poll *Poll `json:",omitempty"`
	// StopPoll is the platform message id of a native poll to close. A
	// platform without native polls has nothing to do.
	StopPoll string `json:",omitempty"`
	// Lang is the language Text is written in, for an adapter that adds
	// words of its own (WhatsApp's "type /terima N" under Buttons); "" for
	// replies queued before it was kept.
	Lang string `json:",omitempty"`
}

// Poll is a question put to the group.
type Poll struct {
	// Key is the core's own reference of the poll, reported back by
	// PollSent so that votes on the platform's poll find it.
	Key      string
	Question string
	Options  []string
}

// Telegram's limits on a poll, which the core applies on every platform.
const (
	PollMinOptions  = 2
	PollMaxOptions  = 10
	PollQuestionMax = 300
	PollOptionMax   = 100
)

// PollSent is how an adapter reports a native poll it sent: the poll's
// Key, the platform's poll id (as in Update.PollID) and the id of the
// message that carries it (for StopPoll).
type PollSent func(ctx context.Context, chat ChatRef, key, pollID, messageID string) error

// Platform is what an adapter offers the core besides delivering updates.
type Platform interface {
	// Name is the ChatRef prefix this platform serves ("tg", "wa", "cli").
	Name() string
	// Send delivers one reply. It returns a *SendError for platform refusals.
	Send(ctx context.Context, r Reply) error
}

// SendError is a platform's refusal to deliver, as far as the outbox cares.
type SendError struct {
	// RetryAfter > 0: the platform asks to wait before sending again.
	RetryAfter time.Duration
	// Gone: the bot can no longer write to this chat (removed, chat deleted).
	Gone bool
	// MovedTo: the chat has a new reference (supergroup upgrade).
	MovedTo ChatRef
	// Permanent: this message will never be accepted (bad request).
	Permanent bool
	Err       error
}

func (e *SendError) Error() string {
	if e.Err != nil {
		return "send: " + e.Err.Error()
	}
	return "send refused"
}

func (e *SendError) Unwrap() error { return e.Err }

// Clock gives the current time; tests inject a fixed one.
type Clock interface{ Now() time.Time }

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock is a clock tests can set and advance. It is not safe for
// concurrent Set/Advance, only for concurrent Now.
type FixedClock struct{ T time.Time }

// Now returns the set time.
func (c *FixedClock) Now() time.Time { return c.T }

// Advance moves the clock forward.
func (c *FixedClock) Advance(d time.Duration) { c.T = c.T.Add(d) }
