package outbox

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"kelompok/bot"
)

// virtualPacer is a pacer on a fixed clock whose waits are recorded, not
// slept: the schedule it computes is checked without timing anything.
func virtualPacer(p bot.Platform, rules PaceRules) (*Pacer, *[]time.Duration, *time.Time) {
	now := time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	var waits []time.Duration
	pc := NewPacer(p, rules, nil)
	pc.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	pc.sleep = func(_ <-chan struct{}, d time.Duration) bool {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return true
	}
	n := int64(0)
	pc.rand = func(max int64) int64 { n++; return (n * 7919) % max } // spread over [0, max)
	return pc, &waits, &now
}

func TestPacerSpreadsSends(t *testing.T) {
	p := &fakePlatform{}
	rules := PaceRules{Gap: 4 * time.Second, Jitter: 3 * time.Second, SameBodyGap: 30 * time.Second}
	pc, waits, _ := virtualPacer(p, rules)
	for i := range 10 {
		if err := pc.Send(context.Background(), bot.Reply{Chat: bot.ChatRef(fmt.Sprintf("wa:%d@g.us", i)), Text: fmt.Sprintf("Rapat besok, grup %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if len(p.sends()) != 10 || len(*waits) != 9 {
		t.Fatalf("%d sent, %d waits", len(p.sends()), len(*waits))
	}
	// On a still clock each wait is the distance from the first send: the
	// steps between them are the gaps, each within [Gap, Gap+Jitter], and
	// not all the same (the jitter makes the pace irregular).
	prev := time.Duration(0)
	steps := map[time.Duration]bool{}
	for _, w := range *waits {
		step := w - prev
		if step < rules.Gap || step > rules.Gap+rules.Jitter {
			t.Errorf("step %v outside [%v, %v]", step, rules.Gap, rules.Gap+rules.Jitter)
		}
		steps[step] = true
		prev = w
	}
	if len(steps) < 2 {
		t.Errorf("no jitter: steps %v", steps)
	}
	// Ten messages take at least 9 gaps: at most ~15 a minute.
	if total := (*waits)[8]; total < 9*rules.Gap {
		t.Errorf("10 messages in %v", total)
	}
}

func TestPacerSpacesIdenticalBodies(t *testing.T) {
	p := &fakePlatform{}
	rules := PaceRules{Gap: time.Second, SameBodyGap: 30 * time.Second}
	pc, waits, now := virtualPacer(p, rules)
	ctx := context.Background()
	pc.Send(ctx, bot.Reply{Chat: "wa:1@g.us", Text: "Pengingat: rapat Selasa"})
	pc.Send(ctx, bot.Reply{Chat: "wa:2@g.us", Text: "Pengingat: rapat Selasa"})
	pc.Send(ctx, bot.Reply{Chat: "wa:3@g.us", Text: "lain"})
	if got := *waits; len(got) != 2 || got[0] != 30*time.Second || got[1] != 31*time.Second {
		t.Fatalf("waits %v, want [30s 31s]", got)
	}
	// With MaxWait, a send due later goes back to the outbox with a
	// RetryAfter and books nothing.
	pc.rules.MaxWait = 10 * time.Second
	*now = now.Add(40 * time.Second)
	pc.Send(ctx, bot.Reply{Chat: "wa:1@g.us", Text: "Saldo kas"})
	err := pc.Send(ctx, bot.Reply{Chat: "wa:2@g.us", Text: "Saldo kas"})
	var se *bot.SendError
	if !errors.As(err, &se) || se.RetryAfter != 30*time.Second {
		t.Fatalf("identical body within MaxWait: %v", err)
	}
	if n := len(p.sends()); n != 4 {
		t.Fatalf("%d sent, want 4", n)
	}
	// A different text is not held up by the one handed back.
	if err := pc.Send(ctx, bot.Reply{Chat: "wa:3@g.us", Text: "Lain lagi"}); err != nil {
		t.Fatal(err)
	}
}

func TestPacerStopKeepsMessage(t *testing.T) {
	p := &fakePlatform{}
	pc, _, _ := virtualPacer(p, PaceRules{Gap: time.Minute})
	pc.sleep = func(<-chan struct{}, time.Duration) bool { return false }
	ctx := context.Background()
	if err := pc.Send(ctx, bot.Reply{Chat: "wa:1@g.us", Text: "a"}); err != nil {
		t.Fatal(err)
	}
	err := pc.Send(ctx, bot.Reply{Chat: "wa:1@g.us", Text: "b"})
	var se *bot.SendError
	if err == nil || errors.As(err, &se) || len(p.sends()) != 1 {
		t.Fatalf("stopped send: %v, %d sent", err, len(p.sends()))
	}
	// Button answers are not chat messages: never paced.
	if err := pc.Send(ctx, bot.Reply{Chat: "wa:1@g.us", AnswerButton: "x", Notice: "ok"}); err != nil || len(p.sends()) != 2 {
		t.Errorf("button answer: %v", err)
	}
	if pc.Name() != "tg" {
		t.Errorf("name %s", pc.Name())
	}
}

// Reminders to many groups go through the sender and the pacer: every one
// is delivered once, and the pacer's schedule never has two sends closer
// than the gap, even with the sender's sends in parallel.
func TestPacerUnderSender(t *testing.T) {
	q := &memQueue{}
	for i := range 30 {
		q.add(bot.ChatRef(fmt.Sprintf("wa:%d@g.us", i%12)), fmt.Sprintf("Pengingat %d", i))
	}
	p := &fakePlatform{}
	rules := PaceRules{Gap: 5 * time.Second, Jitter: 2 * time.Second}
	pc, waits, _ := virtualPacer(p, rules)
	s := New(q, pc, Limits{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	for deadline := time.Now().Add(10 * time.Second); q.doneCount() < 30; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			break
		}
	}
	cancel()
	<-done
	if q.doneCount() != 30 || len(p.sends()) != 30 {
		t.Fatalf("%d done, %d sent", q.doneCount(), len(p.sends()))
	}
	w := append([]time.Duration{0}, *waits...)
	sort.Slice(w, func(i, j int) bool { return w[i] < w[j] })
	for i := 1; i < len(w); i++ {
		if w[i]-w[i-1] < rules.Gap {
			t.Fatalf("sends %v apart", w[i]-w[i-1])
		}
	}
}

func TestWhatsAppLimitsAreConservative(t *testing.T) {
	l, p := WhatsAppLimits(), WhatsAppPace()
	if l.PerChat < 2*time.Second || l.GroupPerMinute > 15 || l.Global > 1 {
		t.Errorf("limits %+v", l)
	}
	// The pace allows at most 60s/Gap messages a minute over the whole bot.
	if perMinute := int(time.Minute / p.Gap); perMinute > 15 || p.Jitter <= 0 || p.SameBodyGap < 10*time.Second {
		t.Errorf("pace %+v (%d a minute)", p, perMinute)
	}
}

// Closing polls sends no message on WhatsApp: stopping several groups'
// polls takes no slot and waits for nothing, and the next real message
// is not held up by them.
func TestPacerPollStopsTakeNoSlot(t *testing.T) {
	p := &fakePlatform{}
	rules := PaceRules{Gap: 4 * time.Second, SameBodyGap: 30 * time.Second}
	pc, waits, _ := virtualPacer(p, rules)
	ctx := context.Background()
	for i := range 3 {
		if err := pc.Send(ctx, bot.Reply{Chat: bot.ChatRef(fmt.Sprintf("wa:%d@g.us", i)), StopPoll: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := pc.Send(ctx, bot.Reply{Chat: "wa:9@g.us", Text: "Hasil voting"}); err != nil {
		t.Fatal(err)
	}
	if len(*waits) != 0 || len(p.sends()) != 4 {
		t.Errorf("waits %v and %d sends; want no wait and 4 sends", *waits, len(p.sends()))
	}
}
