package outbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"kelompok/bot"
)

// memQueue is an in-memory Queue.
type memQueue struct {
	mu   sync.Mutex
	msgs []Message
	done map[int64]bool
	gone []bot.ChatRef
}

func (q *memQueue) add(chat bot.ChatRef, text string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.msgs = append(q.msgs, Message{ID: int64(len(q.msgs) + 1), Reply: bot.Reply{Chat: chat, Text: text}})
}

func (q *memQueue) Pending(_ context.Context, _ string, after int64, limit int) ([]Message, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Message
	for _, m := range q.msgs {
		if m.ID > after && !q.done[m.ID] && len(out) < limit {
			out = append(out, m)
		}
	}
	return out, nil
}

func (q *memQueue) Done(_ context.Context, ids []int64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.done == nil {
		q.done = map[int64]bool{}
	}
	for _, id := range ids {
		q.done[id] = true
	}
	return nil
}

func (q *memQueue) Gone(_ context.Context, chat bot.ChatRef) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.gone = append(q.gone, chat)
	return nil
}

func (q *memQueue) doneCount() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.done)
}

type sent struct {
	r  bot.Reply
	at time.Time
}

// fakePlatform records sends; fail decides a send's error.
type fakePlatform struct {
	mu   sync.Mutex
	sent []sent
	fail func(r bot.Reply, attempt int) error
	seen map[string]int
}

func (p *fakePlatform) Name() string { return "tg" }

func (p *fakePlatform) Send(_ context.Context, r bot.Reply) error {
	p.mu.Lock()
	if p.seen == nil {
		p.seen = map[string]int{}
	}
	p.seen[r.Text]++
	attempt := p.seen[r.Text]
	fail := p.fail
	p.mu.Unlock()
	if fail != nil {
		if err := fail(r, attempt); err != nil {
			return err
		}
	}
	p.mu.Lock()
	p.sent = append(p.sent, sent{r, time.Now()})
	p.mu.Unlock()
	return nil
}

func (p *fakePlatform) sends() []sent {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]sent(nil), p.sent...)
}

func (p *fakePlatform) to(chat bot.ChatRef) []sent {
	var out []sent
	for _, s := range p.sends() {
		if s.r.Chat == chat {
			out = append(out, s)
		}
	}
	return out
}

// run starts a sender and stops it once want messages are done.
func run(t *testing.T, q *memQueue, p *fakePlatform, lim Limits, want int) {
	t.Helper()
	s := New(q, p, lim)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for q.doneCount() < want {
		if time.Now().After(deadline) {
			cancel()
			<-done
			t.Fatalf("only %d of %d messages done", q.doneCount(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
}

func TestOrderAndPerChatGap(t *testing.T) {
	q, p := &memQueue{}, &fakePlatform{}
	chats := []bot.ChatRef{"tg:-1", "tg:-2", "tg:-3"}
	for i := 0; i < 5; i++ {
		for _, c := range chats {
			q.add(c, fmt.Sprintf("%s #%d", c, i))
		}
	}
	gap := 30 * time.Millisecond
	run(t, q, p, Limits{PerChat: gap, Margin: time.Millisecond}, 15)
	for _, c := range chats {
		got := p.to(c)
		if len(got) != 5 {
			t.Fatalf("%s got %d messages", c, len(got))
		}
		for i, s := range got {
			if want := fmt.Sprintf("%s #%d", c, i); s.r.Text != want {
				t.Errorf("%s message %d = %q, want %q", c, i, s.r.Text, want)
			}
			if i > 0 && s.at.Sub(got[i-1].at) < gap {
				t.Errorf("%s: messages %d and %d only %v apart", c, i-1, i, s.at.Sub(got[i-1].at))
			}
		}
	}
}

func TestGlobalLimit(t *testing.T) {
	q, p := &memQueue{}, &fakePlatform{}
	for i := 0; i < 15; i++ {
		q.add(bot.ChatRef(fmt.Sprintf("tg:-%d", i)), "hi")
	}
	run(t, q, p, Limits{Global: 10, Margin: 10 * time.Millisecond}, 15)
	s := p.sends()
	for i := 10; i < len(s); i++ {
		if d := s[i].at.Sub(s[i-10].at); d < time.Second {
			t.Fatalf("11 messages within %v", d)
		}
	}
}

func TestGroupPerMinute(t *testing.T) {
	s := New(&memQueue{}, &fakePlatform{}, Limits{GroupPerMinute: 3, Margin: time.Millisecond})
	cs := &chatState{}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if at := s.readyAt("tg:-1", cs, now); at.After(now) {
			t.Fatalf("send %d held until %v", i, at)
		}
		cs.minute.add(now)
	}
	at := s.readyAt("tg:-1", cs, now)
	if want := now.Add(time.Minute + time.Millisecond); !at.Equal(want) {
		t.Fatalf("4th send at %v, want %v", at, want)
	}
	private := New(&memQueue{}, &fakePlatform{}, Limits{GroupPerMinute: 3, IsGroup: func(c bot.ChatRef) bool { return strings.HasPrefix(string(c), "tg:-") }})
	cs2 := &chatState{}
	for i := 0; i < 5; i++ {
		cs2.minute.add(now)
	}
	if at := private.readyAt("tg:42", cs2, now); at.After(now) {
		t.Fatalf("private chat held by the group limit until %v", at)
	}
}

func TestRetryAfterAndSlowChatDoNotHoldOthers(t *testing.T) {
	q := &memQueue{}
	p := &fakePlatform{fail: func(r bot.Reply, attempt int) error {
		if r.Chat == "tg:-1" && attempt == 1 {
			return &bot.SendError{RetryAfter: 300 * time.Millisecond}
		}
		return nil
	}}
	q.add("tg:-1", "a1")
	q.add("tg:-1", "a2")
	for i := 0; i < 5; i++ {
		q.add("tg:-2", fmt.Sprintf("b%d", i))
	}
	start := time.Now()
	run(t, q, p, Limits{}, 7)
	a := p.to("tg:-1")
	if len(a) != 2 || a[0].r.Text != "a1" || a[1].r.Text != "a2" {
		t.Fatalf("chat A got %+v", a)
	}
	if d := a[0].at.Sub(start); d < 300*time.Millisecond {
		t.Fatalf("retry_after not honoured: resent after %v", d)
	}
	b := p.to("tg:-2")
	if len(b) != 5 || !b[4].at.Before(a[0].at) {
		t.Fatalf("chat B waited for chat A: %d sends, last at %v, A at %v", len(b), b[len(b)-1].at, a[0].at)
	}
}

func TestGoneChatIsDroppedAndRecorded(t *testing.T) {
	q := &memQueue{}
	p := &fakePlatform{fail: func(r bot.Reply, _ int) error {
		if r.Chat == "tg:-9" {
			return &bot.SendError{Gone: true, Err: errors.New("kicked")}
		}
		return nil
	}}
	q.add("tg:-9", "x1")
	q.add("tg:-9", "x2")
	q.add("tg:-1", "ok")
	run(t, q, p, Limits{}, 3)
	if len(p.to("tg:-9")) != 0 || len(p.to("tg:-1")) != 1 {
		t.Fatalf("sends: %+v", p.sends())
	}
	if len(q.gone) != 1 || q.gone[0] != "tg:-9" {
		t.Fatalf("gone = %v", q.gone)
	}
}

func TestMovedChatKeepsOrder(t *testing.T) {
	q := &memQueue{}
	p := &fakePlatform{fail: func(r bot.Reply, _ int) error {
		if r.Chat == "tg:-5" {
			return &bot.SendError{MovedTo: "tg:-1005"}
		}
		return nil
	}}
	for i := 0; i < 3; i++ {
		q.add("tg:-5", fmt.Sprintf("m%d", i))
	}
	run(t, q, p, Limits{}, 3)
	got := p.to("tg:-1005")
	if len(got) != 3 {
		t.Fatalf("moved chat got %d", len(got))
	}
	for i, s := range got {
		if s.r.Text != fmt.Sprintf("m%d", i) {
			t.Fatalf("order after move: %d is %q", i, s.r.Text)
		}
	}
}

func TestTransientErrorRetries(t *testing.T) {
	q := &memQueue{}
	p := &fakePlatform{fail: func(r bot.Reply, attempt int) error {
		if attempt == 1 {
			return errors.New("connection reset")
		}
		return nil
	}}
	q.add("tg:-1", "once")
	run(t, q, p, Limits{}, 1)
	if got := p.to("tg:-1"); len(got) != 1 || got[0].r.Text != "once" {
		t.Fatalf("sends %+v", got)
	}
}

func TestPermanentErrorIsDroppedNotRetried(t *testing.T) {
	q := &memQueue{}
	p := &fakePlatform{fail: func(r bot.Reply, _ int) error {
		if r.Text == "bad" {
			return &bot.SendError{Permanent: true, Err: errors.New("can't parse entities")}
		}
		return nil
	}}
	q.add("tg:-1", "bad")
	q.add("tg:-1", "good")
	run(t, q, p, Limits{}, 2)
	if got := p.to("tg:-1"); len(got) != 1 || got[0].r.Text != "good" || p.seen["bad"] != 1 {
		t.Fatalf("sends %+v, bad tried %d times", got, p.seen["bad"])
	}
}

func TestLongReplyIsSplitAndDoneOnce(t *testing.T) {
	q, p := &memQueue{}, &fakePlatform{}
	var lines []string
	for i := 0; i < 300; i++ {
		lines = append(lines, fmt.Sprintf("<b>%03d</b> Siti &amp; Budi setor Rp5.000", i))
	}
	q.mu.Lock()
	q.msgs = append(q.msgs, Message{ID: 1, Reply: bot.Reply{Chat: "tg:-1", Text: strings.Join(lines, "\n"), ReplyTo: "7",
		Buttons: [][]bot.Button{{{Label: "ok", Data: "ok:1"}}}}})
	q.mu.Unlock()
	run(t, q, p, Limits{MaxLen: 1000}, 1)
	got := p.to("tg:-1")
	if len(got) < 10 {
		t.Fatalf("split into %d parts", len(got))
	}
	var joined []string
	for i, s := range got {
		if n := utf8.RuneCountInString(s.r.Text); n > 1000 {
			t.Errorf("part %d has %d characters", i, n)
		}
		if (i == 0) != (s.r.ReplyTo == "7") {
			t.Errorf("part %d ReplyTo %q", i, s.r.ReplyTo)
		}
		if (i == len(got)-1) != (len(s.r.Buttons) == 1) {
			t.Errorf("part %d buttons %v", i, s.r.Buttons)
		}
		joined = append(joined, s.r.Text)
	}
	if strings.Join(joined, "\n") != strings.Join(lines, "\n") {
		t.Fatal("parts do not add up to the message")
	}
}

func TestSplitLongLineKeepsEntities(t *testing.T) {
	line := strings.Repeat("a&amp;b <b>x</b> ", 200)
	parts := Split(bot.Reply{Chat: "tg:1", Text: line}, 100)
	if len(parts) < 2 {
		t.Fatalf("%d parts", len(parts))
	}
	var plain strings.Builder
	for _, p := range parts {
		if utf8.RuneCountInString(p.Text) > 100 {
			t.Fatalf("part over limit: %d", utf8.RuneCountInString(p.Text))
		}
		if strings.Contains(p.Text, "<b>") {
			t.Fatal("tag kept in a cut line")
		}
		for _, frag := range []string{"&am", "&a", "&"} {
			if strings.HasSuffix(p.Text, frag) {
				t.Fatalf("entity cut: %q", p.Text[len(p.Text)-10:])
			}
		}
		plain.WriteString(p.Text)
	}
	want := strings.ReplaceAll(strings.ReplaceAll(line, "<b>", ""), "</b>", "")
	if plain.String() != want {
		t.Fatal("text lost in cutting")
	}
	if got := Split(bot.Reply{Chat: "tg:1", Text: "short"}, 100); len(got) != 1 || got[0].Text != "short" {
		t.Fatalf("short reply changed: %+v", got)
	}
}

func TestButtonAnswersAreNotPaced(t *testing.T) {
	q, p := &memQueue{}, &fakePlatform{}
	q.add("tg:-1", "m1")
	q.add("tg:-1", "m2")
	q.add("tg:-1", "m3")
	q.mu.Lock()
	q.msgs = append(q.msgs, Message{ID: 4, Reply: bot.Reply{Chat: "tg:-1", AnswerButton: "q1", Notice: "#1 diterima"}})
	q.mu.Unlock()
	start := time.Now()
	run(t, q, p, Limits{PerChat: 300 * time.Millisecond}, 4)
	for _, s := range p.sends() {
		if s.r.AnswerButton == "q1" {
			if d := s.at.Sub(start); d > 200*time.Millisecond {
				t.Fatalf("button answered after %v, behind paced messages", d)
			}
			return
		}
	}
	t.Fatal("button never answered")
}

func TestMovedChatRepliesStayAheadOfNewOnes(t *testing.T) {
	q := &memQueue{}
	p := &fakePlatform{fail: func(r bot.Reply, _ int) error {
		if r.Chat == "tg:-5" {
			return &bot.SendError{MovedTo: "tg:-1005"}
		}
		return nil
	}}
	q.add("tg:-5", "old1")
	q.add("tg:-5", "old2")
	q.add("tg:-1005", "new1")
	run(t, q, p, Limits{PerChat: 50 * time.Millisecond}, 3)
	got := p.to("tg:-1005")
	var texts []string
	for _, s := range got {
		texts = append(texts, s.r.Text)
	}
	// new1 may already have gone out before the move was known; what is
	// queued behind it must keep the old chat's order.
	joined := strings.Join(texts, ",")
	if joined != "old1,old2,new1" && joined != "new1,old1,old2" {
		t.Fatalf("order after move: %s", joined)
	}
}

// A chat moved while its new chat has a reply in flight: nothing is lost
// or sent twice.
func TestMovedWhileNewChatInFlight(t *testing.T) {
	q := &memQueue{}
	p := &fakePlatform{fail: func(r bot.Reply, _ int) error {
		switch {
		case r.Chat == "tg:-5":
			return &bot.SendError{MovedTo: "tg:-1005"}
		case r.Text == "new1":
			time.Sleep(150 * time.Millisecond) // in flight while the move is learnt
		}
		return nil
	}}
	q.add("tg:-1005", "new1")
	q.add("tg:-5", "old1")
	q.add("tg:-5", "old2")
	run(t, q, p, Limits{}, 3)
	var texts []string
	for _, x := range p.to("tg:-1005") {
		texts = append(texts, x.r.Text)
	}
	if len(texts) != 3 || q.doneCount() != 3 {
		t.Fatalf("lost or duplicated: sent %v, done %v", texts, q.done)
	}
	seen := map[string]bool{}
	for _, x := range texts {
		if seen[x] {
			t.Fatalf("%s sent twice: %v", x, texts)
		}
		seen[x] = true
	}
}
