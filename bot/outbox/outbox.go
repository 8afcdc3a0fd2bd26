// Package outbox delivers the replies that commands queued in the
// database, paced under a platform's limits: each chat in order, one
// message in flight per chat, a slow or failing chat never holding up the
// others, and the platform's "retry after" honoured.
package outbox

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"sync"
	"time"

	"kelompok/bot"
)

// Message is a queued reply with its queue id.
type Message struct {
	ID    int64
	Reply bot.Reply
}

// Queue is where replies wait (the database's outbox table).
type Queue interface {
	// Pending returns up to limit messages of a platform with id > after, in id order.
	Pending(ctx context.Context, platform string, after int64, limit int) ([]Message, error)
	// Done removes delivered (or undeliverable) messages.
	Done(ctx context.Context, ids []int64) error
	// Gone records that the bot can no longer write to a chat.
	Gone(ctx context.Context, chat bot.ChatRef) error
}

// Limits are a platform's sending limits. Zero values mean "no limit".
type Limits struct {
	// PerChat is the least time between two messages to one chat.
	PerChat time.Duration
	// GroupPerMinute caps messages per minute to one group chat.
	GroupPerMinute int
	// IsGroup tells group chats apart (nil: every chat is a group).
	IsGroup func(bot.ChatRef) bool
	// Global caps messages per second over the whole bot.
	Global int
	// MaxLen is the longest message text; longer replies are split.
	MaxLen int
	// Margin is added to every window, to stay clear of the platform's
	// own clock and rounding. Default 50ms when any limit is set.
	Margin time.Duration
}

// TelegramLimits are Telegram's published limits for bots.
func TelegramLimits() Limits {
	return Limits{PerChat: time.Second, GroupPerMinute: 20, Global: 30, MaxLen: 4000, Margin: 50 * time.Millisecond}
}

// Sender delivers one platform's queue.
type Sender struct {
	q        Queue
	p        bot.Platform
	lim      Limits
	workers  int
	now      func() time.Time
	wake     chan struct{}
	platform string

	// owned by Run's goroutine
	chats   map[bot.ChatRef]*chatState
	urgent  []part // button answers: due within seconds, not chat messages
	after   int64
	seq     uint64
	global  window
	doneIDs []int64
}

type part struct {
	id    int64 // queue id; done when the last part is sent
	seq   uint64
	last  bool
	reply bot.Reply
}

// drop removes the part with seq from the queue: the one that was sent is
// not always first (a moved chat's older replies are merged in front).
func (cs *chatState) drop(seq uint64) {
	for i, p := range cs.parts {
		if p.seq == seq {
			cs.parts = append(cs.parts[:i], cs.parts[i+1:]...)
			return
		}
	}
}

type chatState struct {
	parts    []part
	next     time.Time // earliest time the next send may start
	minute   window
	inflight bool
	failures int
}

type result struct {
	chat bot.ChatRef
	part part
	err  error
	at   time.Time
	// started is when the send began: its place in the windows until it
	// ends (see window.restamp).
	started time.Time
}

// New builds a sender for platform p reading queue q.
func New(q Queue, p bot.Platform, lim Limits) *Sender {
	if lim.Margin == 0 && (lim.PerChat > 0 || lim.Global > 0 || lim.GroupPerMinute > 0) {
		lim.Margin = 50 * time.Millisecond
	}
	s := &Sender{q: q, p: p, lim: lim, workers: 16, now: time.Now, wake: make(chan struct{}, 1),
		platform: p.Name(), chats: map[bot.ChatRef]*chatState{}}
	s.global = window{n: lim.Global, d: time.Second + lim.Margin}
	return s
}

// Wake tells the sender that new messages were queued.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends; then it finishes the sends in flight and
// records them before returning.
func (s *Sender) Run(ctx context.Context) error {
	results := make(chan result, s.workers)
	var wg sync.WaitGroup
	inflight := 0
	timer := time.NewTimer(0)
	defer timer.Stop()
	poll := time.NewTicker(2 * time.Second)
	defer poll.Stop()
	s.load(ctx)
	for {
		// Button answers go first and are not paced: Telegram wants them
		// within seconds, and they are not messages in the chat.
		for len(s.urgent) > 0 && inflight < s.workers {
			p := s.urgent[0]
			s.urgent = s.urgent[1:]
			inflight++
			wg.Add(1)
			go func(p part) {
				defer wg.Done()
				err := s.p.Send(context.WithoutCancel(ctx), p.reply)
				results <- result{chat: "", part: p, err: err, at: s.now()}
			}(p)
		}
		// Start every send that is allowed now.
		now := s.now()
		wait := time.Duration(-1)
		for chat, cs := range s.chats {
			if inflight >= s.workers {
				break
			}
			if cs.inflight {
				continue
			}
			if len(cs.parts) == 0 {
				// An idle chat whose pacing no longer matters is forgotten,
				// so memory stays flat with many groups.
				if cs.minute.prune(now); cs.next.Before(now) && len(cs.minute.times) == 0 {
					delete(s.chats, chat)
				}
				continue
			}
			at := s.readyAt(chat, cs, now)
			if at.After(now) {
				if d := at.Sub(now); wait < 0 || d < wait {
					wait = d
				}
				continue
			}
			p := cs.parts[0]
			cs.inflight = true
			inflight++
			s.global.add(now)
			cs.minute.add(now)
			wg.Add(1)
			go func(chat bot.ChatRef, p part, started time.Time) {
				defer wg.Done()
				err := s.p.Send(context.WithoutCancel(ctx), p.reply)
				results <- result{chat: chat, part: p, err: err, at: s.now(), started: started}
			}(chat, p, now)
		}
		if len(s.doneIDs) >= 100 || (inflight == 0 && len(s.doneIDs) > 0) {
			s.flush(ctx)
		}
		if wait >= 0 {
			timer.Reset(wait)
		}
		select {
		case <-ctx.Done():
			go func() { wg.Wait(); close(results) }()
			for r := range results {
				s.finish(ctx, r)
			}
			s.flush(context.WithoutCancel(ctx))
			return nil
		case r := <-results:
			inflight--
			s.finish(ctx, r)
		case <-s.wake:
			s.load(ctx)
		case <-poll.C:
			s.load(ctx)
			s.flush(ctx)
		case <-timer.C:
		}
	}
}

// readyAt is the earliest time chat may send, given every limit.
func (s *Sender) readyAt(chat bot.ChatRef, cs *chatState, now time.Time) time.Time {
	at := cs.next
	if t := s.global.allowedAt(now); t.After(at) {
		at = t
	}
	if s.lim.GroupPerMinute > 0 && (s.lim.IsGroup == nil || s.lim.IsGroup(chat)) {
		cs.minute.n, cs.minute.d = s.lim.GroupPerMinute, time.Minute+s.lim.Margin
		if t := cs.minute.allowedAt(now); t.After(at) {
			at = t
		}
	}
	return at
}

func (s *Sender) load(ctx context.Context) {
	for {
		msgs, err := s.q.Pending(ctx, s.platform, s.after, 500)
		if err != nil {
			if ctx.Err() == nil {
				slog.Error("outbox_load_failed", "platform", s.platform, "err", err)
			}
			return
		}
		for _, m := range msgs {
			s.after = m.ID
			if m.Reply.AnswerButton != "" {
				s.seq++
				s.urgent = append(s.urgent, part{id: m.ID, seq: s.seq, last: true, reply: m.Reply})
				continue
			}
			parts := Split(m.Reply, s.lim.MaxLen)
			cs := s.chat(m.Reply.Chat)
			for i, r := range parts {
				s.seq++
				cs.parts = append(cs.parts, part{id: m.ID, seq: s.seq, last: i == len(parts)-1, reply: r})
			}
		}
		if len(msgs) < 500 {
			return
		}
	}
}

func (s *Sender) chat(ref bot.ChatRef) *chatState {
	cs := s.chats[ref]
	if cs == nil {
		cs = &chatState{}
		s.chats[ref] = cs
	}
	return cs
}

func (s *Sender) finish(ctx context.Context, r result) {
	if r.chat == "" {
		// A button answer: one try; a late or failed answer only leaves
		// the button's spinner, the chat message says the outcome.
		if r.err != nil {
			slog.Warn("outbox_button_answer_failed", "err", r.err)
		}
		s.doneIDs = append(s.doneIDs, r.part.id)
		return
	}
	cs := s.chats[r.chat]
	cs.inflight = false
	// The platform counts a message when the request reaches it, which is
	// some time after the send began: count it from its end instead, so
	// that a slow request never lets the next ones crowd the same second.
	s.global.restamp(r.started, r.at)
	cs.minute.restamp(r.started, r.at)
	var se *bot.SendError
	errors.As(r.err, &se)
	switch {
	case r.err == nil:
		cs.failures = 0
		cs.drop(r.part.seq)
		if r.part.last {
			s.doneIDs = append(s.doneIDs, r.part.id)
		}
		if s.lim.PerChat > 0 {
			cs.next = r.at.Add(s.lim.PerChat + s.lim.Margin)
		}
	case se != nil && se.RetryAfter > 0:
		slog.Warn("outbox_retry_after", "chat_id", string(r.chat), "retry_after", se.RetryAfter)
		cs.next = r.at.Add(se.RetryAfter)
	case se != nil && se.Gone:
		slog.Warn("outbox_chat_gone", "chat_id", string(r.chat), "dropped", len(cs.parts))
		for _, p := range cs.parts {
			if p.last {
				s.doneIDs = append(s.doneIDs, p.id)
			}
		}
		delete(s.chats, r.chat)
		if err := s.q.Gone(ctx, r.chat); err != nil {
			slog.Error("outbox_mark_gone_failed", "chat_id", string(r.chat), "err", err)
		}
	case se != nil && se.MovedTo != "":
		slog.Info("outbox_chat_moved", "chat_id", string(r.chat), "new_chat_id", string(se.MovedTo))
		moved := s.chat(se.MovedTo)
		parts := make([]part, 0, len(cs.parts)+len(moved.parts))
		for _, p := range cs.parts {
			p.reply.Chat = se.MovedTo
			parts = append(parts, p)
		}
		// The old chat's replies were queued first: they stay first.
		moved.parts = append(parts, moved.parts...)
		sort.SliceStable(moved.parts, func(i, j int) bool { return moved.parts[i].seq < moved.parts[j].seq })
		delete(s.chats, r.chat)
	case se != nil && se.Permanent:
		slog.Error("outbox_message_refused", "chat_id", string(r.chat), "err", r.err)
		cs.drop(r.part.seq)
		if r.part.last {
			s.doneIDs = append(s.doneIDs, r.part.id)
		}
	default:
		cs.failures++
		backoff := min(time.Duration(1<<min(cs.failures, 6))*time.Second, time.Minute)
		slog.Warn("outbox_send_failed", "chat_id", string(r.chat), "err", r.err, "retry_in", backoff)
		cs.next = r.at.Add(backoff)
	}
}

func (s *Sender) flush(ctx context.Context) {
	if len(s.doneIDs) == 0 {
		return
	}
	if err := s.q.Done(ctx, s.doneIDs); err != nil {
		slog.Error("outbox_done_failed", "err", err, "count", len(s.doneIDs))
		return
	}
	s.doneIDs = s.doneIDs[:0]
}

// window is a sliding-window counter: at most n events in any span d.
type window struct {
	n     int
	d     time.Duration
	times []time.Time
}

func (w *window) prune(now time.Time) {
	i := 0
	for i < len(w.times) && !w.times[i].After(now.Add(-w.d)) {
		i++
	}
	w.times = w.times[i:]
}

// allowedAt is the earliest time one more event fits.
func (w *window) allowedAt(now time.Time) time.Time {
	if w.n <= 0 {
		return now
	}
	w.prune(now)
	if len(w.times) < w.n {
		return now
	}
	return w.times[len(w.times)-w.n].Add(w.d)
}

// restamp moves the event recorded at from to to (a send's start to its
// end), keeping the times in order; if it was pruned meanwhile, to is
// recorded alone.
func (w *window) restamp(from, to time.Time) {
	if w.n <= 0 {
		return
	}
	for i, t := range w.times {
		if t.Equal(from) {
			w.times = append(w.times[:i], w.times[i+1:]...)
			break
		}
	}
	j := sort.Search(len(w.times), func(k int) bool { return w.times[k].After(to) })
	w.times = append(w.times, time.Time{})
	copy(w.times[j+1:], w.times[j:])
	w.times[j] = to
}

func (w *window) add(now time.Time) {
	if w.n > 0 {
		w.times = append(w.times, now)
	}
}
