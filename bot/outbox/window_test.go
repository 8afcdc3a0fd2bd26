package outbox

import (
	"testing"
	"time"
)

// A send counts in the window from its end: 30 sends that began at 0 and
// ended at 200ms leave no room until 200ms + d, not d.
func TestWindowRestamp(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 11, 0, 0, 0, time.UTC)
	w := window{n: 3, d: time.Second}
	for range 3 {
		w.add(t0)
	}
	if at := w.allowedAt(t0); !at.Equal(t0.Add(time.Second)) {
		t.Fatalf("allowedAt = %v", at)
	}
	for i := range 3 {
		w.restamp(t0, t0.Add(time.Duration(200-50*i)*time.Millisecond))
	}
	if len(w.times) != 3 {
		t.Fatalf("times %v", w.times)
	}
	for i := 1; i < len(w.times); i++ {
		if w.times[i].Before(w.times[i-1]) {
			t.Fatalf("times out of order: %v", w.times)
		}
	}
	// The earliest end was 100ms: one more fits at 1.1s, not at 1s.
	if at := w.allowedAt(t0.Add(time.Second)); !at.Equal(t0.Add(1100 * time.Millisecond)) {
		t.Fatalf("allowedAt after restamp = %v", at.Sub(t0))
	}
	// A send whose start was already pruned is recorded at its end.
	w2 := window{n: 3, d: time.Second}
	w2.restamp(t0, t0.Add(2*time.Second))
	if len(w2.times) != 1 || !w2.times[0].Equal(t0.Add(2*time.Second)) {
		t.Fatalf("pruned restamp: %v", w2.times)
	}
	// No limit: nothing recorded.
	w3 := window{}
	w3.restamp(t0, t0)
	if len(w3.times) != 0 {
		t.Fatalf("unlimited window recorded %v", w3.times)
	}
}
