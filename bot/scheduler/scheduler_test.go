package scheduler

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// fakeSource fires every group every `every` from t0, records each
// window it is asked for, and fails a group's run when told to.
type fakeSource struct {
	mu      sync.Mutex
	t0      time.Time
	every   time.Duration
	groups  []Group
	changed []Group
	fail    map[int64]int // group -> runs still to fail
	fired   map[string]int
	runs    []string
}

func (f *fakeSource) Groups(context.Context) ([]Group, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Group(nil), f.groups...), nil
}

func (f *fakeSource) Changed(context.Context) ([]Group, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.changed
	f.changed = nil
	return c, nil
}

func (f *fakeSource) Run(_ context.Context, id int64, from, now, horizon time.Time) (time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runs = append(f.runs, fmt.Sprintf("%d %s..%s", id, from.Format("15:04"), now.Format("15:04")))
	if f.fail[id] > 0 {
		f.fail[id]--
		return time.Time{}, errors.New("disk on fire")
	}
	// Firings at t0 + k*every.
	k := max(from.Sub(f.t0)/f.every+1, 1)
	for t := f.t0.Add(k * f.every); !t.After(now); t = t.Add(f.every) {
		if t.After(from) {
			f.fired[fmt.Sprintf("%d %s", id, t.Format("02 15:04"))]++
		}
	}
	next := f.t0.Add((now.Sub(f.t0)/f.every + 1) * f.every)
	if next.After(horizon) {
		return horizon, nil
	}
	return next, nil
}

func (f *fakeSource) firedList() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for k, n := range f.fired {
		out = append(out, fmt.Sprintf("%s x%d", k, n))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func run(t *testing.T, s *Scheduler, c *clockwork.FakeClock, until time.Time) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		if err := s.WaitIdle(ctx); err != nil {
			t.Fatal(err)
		}
		if !c.Now().Before(until) {
			return
		}
		next := s.NextRun()
		if next.IsZero() || next.After(until) {
			next = until
		}
		c.Advance(next.Sub(c.Now()))
	}
}

// Every firing once, a failing group retried after Retry (its firing
// then sent late), a new group picked up by the resync from its creation,
// the lookback bounded by a group's creation.
func TestScheduler(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	clock := clockwork.NewFakeClockAt(t0)
	src := &fakeSource{t0: t0.Add(-24 * time.Hour), every: 30 * time.Minute, fail: map[int64]int{},
		fired:  map[string]int{},
		groups: []Group{{ID: 1, Created: t0.Add(-time.Hour)}, {ID: 2, Created: t0.Add(-10 * 24 * time.Hour)}}}
	src.fail[2] = 1 // its first round fails
	s, err := New(src, Options{Clock: clock, Workers: 2, Resync: 10 * time.Minute, Retry: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	run(t, s, clock, t0.Add(35*time.Minute))
	// Group 3 appears at 10:35; a resync sees it.
	src.mu.Lock()
	src.changed = []Group{{ID: 3, Created: t0.Add(35 * time.Minute)}}
	src.mu.Unlock()
	s.Resync()
	run(t, s, clock, t0.Add(90*time.Minute))

	// Group 1 looked back to its creation (09:00): 09:30 and 10:00 caught
	// up. Group 2 looked back 3 days but failed first, then caught up at
	// 10:05 (its windows: the failed one, then the retry).
	want := []string{
		"1 01 09:30 x1", "1 01 10:00 x1", "1 01 10:30 x1", "1 01 11:00 x1", "1 01 11:30 x1",
		"2 01 11:00 x1", "2 01 11:30 x1",
		"3 01 11:00 x1", "3 01 11:30 x1",
	}
	got := src.firedList()
	var want2 []string
	for _, w := range want {
		if !strings.HasPrefix(w, "2 ") {
			want2 = append(want2, w)
		}
	}
	// Group 2's catch-up covers (t0-72h, 10:05]: every half hour of it.
	n2 := 0
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "2 ") {
			n2++
			if !strings.HasSuffix(line, "x1") {
				t.Errorf("group 2 fired more than once: %s", line)
			}
		} else if !contains(want2, line) {
			t.Errorf("unexpected firing %q", line)
		}
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing firing %q in\n%s", w, got)
		}
	}
	// Group 2's source fires from t0-24h: to 11:30, 51 half hours.
	if n2 != 51 {
		t.Errorf("group 2 fired %d times, want 51", n2)
	}
	src.mu.Lock()
	runs := strings.Join(src.runs, "\n")
	src.mu.Unlock()
	if !strings.Contains(runs, "2 10:00..10:00") || !strings.Contains(runs, "2 10:00..10:05") {
		t.Errorf("group 2 not retried after its failure:\n%s", runs)
	}
	// Group 3 is looked at from its creation: nothing due at 10:35, its
	// first firing at 11:00.
	if !strings.Contains(runs, "3 10:35..10:35") || !strings.Contains(runs, "3 10:35..11:00") {
		t.Errorf("group 3 not picked up by the resync from its creation:\n%s", runs)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
