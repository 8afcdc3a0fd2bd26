package tgemu

import (
	"math"
	"sync"
	"time"
)

// Rate is one flood limit. With Burst == 0 it is a sliding window: at most
// Events in any Window. With Burst > 0 it is a token bucket holding up to
// Burst messages and refilled at Events per Window. A Rate with Events or
// Window zero is disabled.
type Rate struct {
	Events int
	Window time.Duration
	Burst  int
}

func (r Rate) enabled() bool { return r.Events > 0 && r.Window > 0 }

// perSecond is the bucket refill rate in tokens per second.
func (r Rate) perSecond() float64 { return float64(r.Events) / r.Window.Seconds() }

// Limits are the flood limits the emulator enforces on messages the bot
// sends or edits (sendMessage, editMessageText, editMessageReplyMarkup).
// A request over any of them fails with 429 "Too Many Requests: retry after
// N" and parameters.retry_after = N; it does not use up any allowance.
// The zero Limits{} disables them all.
type Limits struct {
	PerChat  Rate // every chat separately
	PerGroup Rate // every group or supergroup (negative chat id) separately
	Global   Rate // all chats together
}

// RealLimits are Telegram's documented limits: about one message per second
// in a chat (bursts of 3 tolerated), 20 messages per minute in a group and
// 30 messages per second overall. New uses them unless WithLimits is given.
func RealLimits() Limits {
	return Limits{
		PerChat:  Rate{Events: 1, Window: time.Second, Burst: 3},
		PerGroup: Rate{Events: 20, Window: time.Minute},
		Global:   Rate{Events: 30, Window: time.Second},
	}
}

// meter tracks one Rate for one key.
type meter struct {
	tokens float64     // token bucket
	last   time.Time   // token bucket: last refill
	times  []time.Time // sliding window: recent events, oldest first
}

// wait brings the meter up to date and returns how long until one more
// event fits (0 if it fits now).
func (m *meter) wait(r Rate, now time.Time) time.Duration {
	if r.Burst == 0 {
		i := 0
		for i < len(m.times) && !m.times[i].Add(r.Window).After(now) {
			i++
		}
		m.times = m.times[i:]
		if len(m.times) < r.Events {
			return 0
		}
		return m.times[len(m.times)-r.Events].Add(r.Window).Sub(now)
	}
	if m.last.IsZero() {
		m.tokens, m.last = float64(r.Burst), now
	}
	if dt := now.Sub(m.last).Seconds(); dt > 0 {
		m.tokens = math.Min(float64(r.Burst), m.tokens+dt*r.perSecond())
		m.last = now
	}
	if m.tokens >= 1-1e-9 {
		return 0
	}
	return time.Duration((1 - m.tokens) / r.perSecond() * float64(time.Second))
}

// take records one event.
func (m *meter) take(r Rate, now time.Time) {
	if r.Burst == 0 {
		m.times = append(m.times, now)
	} else {
		m.tokens--
	}
}

type limiter struct {
	chats  map[int64]*meter
	groups map[int64]*meter
	global meter
}

// allow charges one message to chatID, or reports in whole seconds (at
// least 1) how long the caller must wait.
func (l *limiter) allow(lim Limits, chatID int64, now time.Time) (retryAfter int, ok bool) {
	if l.chats == nil {
		l.chats, l.groups = map[int64]*meter{}, map[int64]*meter{}
	}
	type use struct {
		m *meter
		r Rate
	}
	var uses []use
	if lim.PerChat.enabled() {
		uses = append(uses, use{getMeter(l.chats, chatID), lim.PerChat})
	}
	if lim.PerGroup.enabled() && chatID < 0 {
		uses = append(uses, use{getMeter(l.groups, chatID), lim.PerGroup})
	}
	if lim.Global.enabled() {
		uses = append(uses, use{&l.global, lim.Global})
	}
	var wait time.Duration
	for _, u := range uses {
		wait = max(wait, u.m.wait(u.r, now))
	}
	if wait > 0 {
		return max(1, int(math.Ceil(wait.Seconds()))), false
	}
	for _, u := range uses {
		u.m.take(u.r, now)
	}
	return 0, true
}

func getMeter(ms map[int64]*meter, id int64) *meter {
	m, ok := ms[id]
	if !ok {
		m = &meter{}
		ms[id] = m
	}
	return m
}

// ManualClock is a clock for WithClock that only moves when told to, so
// tests can step past flood limits and callback expiry without sleeping.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock returns a clock stopped at start.
func NewManualClock(start time.Time) *ManualClock { return &ManualClock{t: start} }

// Now returns the clock's current time; pass c.Now to WithClock.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
