package outbox

import (
	"context"
	"crypto/sha256"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"kelompok/bot"
)

// WhatsAppLimits are deliberately slow: WhatsApp bans numbers that send
// like a bulk sender. One message per chat every 3 seconds and at most 10
// a minute to one group; the whole bot is further spread out by a Pacer.
func WhatsAppLimits() Limits {
	return Limits{PerChat: 3 * time.Second, GroupPerMinute: 10, Global: 1, MaxLen: 4000, Margin: 250 * time.Millisecond}
}

// PaceRules say how a Pacer spreads the bot's sends over time.
type PaceRules struct {
	// Gap is the least time between any two sends of the bot, and Jitter
	// the most added to it at random, so that reminders and summaries to
	// many groups leave at an irregular, human pace.
	Gap, Jitter time.Duration
	// SameBodyGap is the least time between two sends of the same text
	// (to different chats): identical bodies are never a burst.
	SameBodyGap time.Duration
	// MaxWait is the longest a send waits in the pacer; a send due later
	// is handed back to the outbox with a RetryAfter.
	MaxWait time.Duration
}

// WhatsAppPace is the pacing the WhatsApp sender uses: 4 to 7 seconds
// between messages (about 10 a minute at most), 30 seconds between
// identical texts.
func WhatsAppPace() PaceRules {
	return PaceRules{Gap: 4 * time.Second, Jitter: 3 * time.Second, SameBodyGap: 30 * time.Second, MaxWait: 10 * time.Second}
}

// Pacer wraps a platform and spreads its sends by PaceRules. It sits
// between the Sender and the adapter: the Sender keeps each chat in order
// and under its per-chat limits, the Pacer keeps the whole bot slow.
type Pacer struct {
	p     bot.Platform
	rules PaceRules
	stop  <-chan struct{}
	now   func() time.Time
	sleep func(stop <-chan struct{}, d time.Duration) bool
	rand  func(n int64) int64

	mu   sync.Mutex
	next time.Time              // earliest start of the next send
	body map[[32]byte]time.Time // earliest next send of each recent text
}

// NewPacer paces p. stop ends waiting sends (they are retried later).
func NewPacer(p bot.Platform, rules PaceRules, stop <-chan struct{}) *Pacer {
	return &Pacer{p: p, rules: rules, stop: stop, now: time.Now, sleep: sleep, rand: rand.Int64N, body: map[[32]byte]time.Time{}}
}

// Name is the wrapped platform's name.
func (pc *Pacer) Name() string { return pc.p.Name() }

// errPacerStopped is returned for sends cut short by stop: the outbox
// keeps them and sends them on the next start.
var errPacerStopped = errors.New("pacer stopped")

// Send waits for the send's slot, then sends.
func (pc *Pacer) Send(ctx context.Context, r bot.Reply) error {
	if (r.AnswerButton != "" || r.StopPoll != "") && r.Text == "" && r.Poll == nil {
		// A button answer or a poll's close sends no message to the chat
		// (WhatsApp has neither): nothing to pace.
		return pc.p.Send(ctx, r)
	}
	at, ok := pc.reserve(r.Text)
	if !ok {
		return &bot.SendError{RetryAfter: at.Sub(pc.now())}
	}
	if d := at.Sub(pc.now()); d > 0 && !pc.sleep(pc.stop, d) {
		return errPacerStopped
	}
	return pc.p.Send(ctx, r)
}

// reserve books the earliest slot for a text. ok is false (and nothing is
// booked) when that slot is more than MaxWait away; at is then when to
// try again.
func (pc *Pacer) reserve(text string) (at time.Time, ok bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	now := pc.now()
	at = now
	if pc.next.After(at) {
		at = pc.next
	}
	key := sha256.Sum256([]byte(text))
	if t, seen := pc.body[key]; seen && t.After(at) {
		at = t
	}
	if pc.rules.MaxWait > 0 && at.Sub(now) > pc.rules.MaxWait {
		return at, false
	}
	gap := pc.rules.Gap
	if pc.rules.Jitter > 0 {
		gap += time.Duration(pc.rand(int64(pc.rules.Jitter) + 1))
	}
	pc.next = at.Add(gap)
	if pc.rules.SameBodyGap > 0 {
		pc.body[key] = at.Add(pc.rules.SameBodyGap)
		for k, t := range pc.body {
			if !t.After(now) {
				delete(pc.body, k)
			}
		}
	}
	return at, true
}

func sleep(stop <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-stop:
		return false
	case <-t.C:
		return true
	}
}
