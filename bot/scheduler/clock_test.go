package scheduler

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// slowSource: the first round takes 200ms of the clock (a busy store) and
// says the group's next firing is 100ms after the round's now, so it falls
// due while the round runs.
type slowSource struct {
	clock *clockwork.FakeClock
	mu    sync.Mutex
	runs  int
}

func (s *slowSource) Groups(context.Context) ([]Group, error) {
	return []Group{{ID: 1, Created: s.clock.Now().Add(-time.Hour)}}, nil
}
func (s *slowSource) Changed(context.Context) ([]Group, error) { return nil, nil }
func (s *slowSource) Run(_ context.Context, _ int64, _, now, _ time.Time) (time.Time, error) {
	s.mu.Lock()
	s.runs++
	n := s.runs
	s.mu.Unlock()
	if n == 1 {
		s.clock.Advance(200 * time.Millisecond)
		return now.Add(100 * time.Millisecond), nil
	}
	return now.Add(time.Hour), nil
}

// A next firing that fell due during a slow round is run at once, not lost
// (gocron refuses a start in the past; the group was left without a job).
func TestSchedulerNextFiringDuringSlowRound(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2026, 11, 29, 10, 59, 59, 0, time.UTC))
	src := &slowSource{clock: clock}
	s, err := New(src, Options{Clock: clock, Workers: 1, Resync: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.WaitIdle(ctx); err != nil {
		t.Fatalf("the group has no job after a slow round: %v", err)
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	if src.runs != 2 {
		t.Errorf("group ran %d times, want 2 (the round, then the firing due during it)", src.runs)
	}
}

// steppedClock: timers run on the fake (monotonic) clock; Now is the wall
// clock, which an NTP step moved back by skew.
type steppedClock struct {
	*clockwork.FakeClock
	skew atomic.Int64
}

func (c *steppedClock) Now() time.Time { return c.FakeClock.Now().Add(-time.Duration(c.skew.Load())) }

// hourly fires every hour on the hour (wall clock).
type hourly struct {
	mu    sync.Mutex
	runs  int
	fired map[time.Time]int
}

func (h *hourly) Groups(context.Context) ([]Group, error)  { return []Group{{ID: 1}}, nil }
func (h *hourly) Changed(context.Context) ([]Group, error) { return nil, nil }
func (h *hourly) Run(_ context.Context, _ int64, from, now, _ time.Time) (time.Time, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.runs++
	for t := from.Truncate(time.Hour).Add(time.Hour); !t.After(now); t = t.Add(time.Hour) {
		if t.After(from) {
			h.fired[t]++
		}
	}
	return now.Truncate(time.Hour).Add(time.Hour), nil
}

// A wall clock stepped back: the job fires before the firing is due by
// the wall clock; the round finds the same next firing and must arm a new
// job for it (the old one is used up), else the group stops for good.
func TestSchedulerClockStepBack(t *testing.T) {
	fake := clockwork.NewFakeClockAt(time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC))
	clock := &steppedClock{FakeClock: fake}
	src := &hourly{fired: map[time.Time]int{}}
	s, err := New(src, Options{Clock: clock, Workers: 1, Resync: 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	clock.skew.Store(int64(2 * time.Minute)) // NTP steps the wall clock back
	for h := 11; h <= 15; h++ {
		at := time.Date(2026, 11, 29, h, 0, 0, 0, time.UTC)
		src.mu.Lock()
		runs := src.runs
		src.mu.Unlock()
		if h == 11 {
			// The job set before the step fires at 11:00 by the timers,
			// 10:58 by the wall clock: nothing is due yet.
			fake.Advance(at.Sub(fake.Now()))
			waitFor(ctx, t, func() bool { return src.runs > runs }, &src.mu, "the job at 11:00 to fire")
		}
		// The firing falls due by the wall clock at h:02 by the timers.
		fake.Advance(at.Add(3 * time.Minute).Sub(fake.Now()))
		waitFor(ctx, t, func() bool { return src.fired[at] > 0 }, &src.mu, "the firing at "+at.Format("15:04")+" to be handled")
		if err := s.WaitIdle(ctx); err != nil {
			t.Fatal(err)
		}
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	for h := 11; h <= 15; h++ {
		at := time.Date(2026, 11, 29, h, 0, 0, 0, time.UTC)
		if src.fired[at] != 1 {
			t.Errorf("firing at %s handled %d times", at.Format("15:04"), src.fired[at])
		}
	}
}

// waitFor waits (without a time limit of its own) until cond holds under mu.
func waitFor(ctx context.Context, t *testing.T, cond func() bool, mu *sync.Mutex, what string) {
	t.Helper()
	for {
		mu.Lock()
		ok := cond()
		mu.Unlock()
		if ok {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("waited in vain for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
