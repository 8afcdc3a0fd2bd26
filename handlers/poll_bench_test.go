package handlers_test

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkPollVote: one native vote through the router and storage (a
// 30-member group, one open poll, votes changing back and forth).
func BenchmarkPollVote(b *testing.B) {
	h := newHarness(b)
	members := make([]string, 29)
	for i := range members {
		members[i] = fmt.Sprintf("m%02d", i)
	}
	h.group(chatA, "budi", members...)
	h.say(chatA, "budi", "/voting Beli pakan? | Ya | Tidak")
	pid := h.linkPoll(chatA, 1)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := h.router.Handle(h.ctx, h.nativeVote(members[i%len(members)], pid, i%2)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPollClose: closing a poll of a 30-member group where everyone
// voted (tally, decision, minutes and result in one transaction).
func BenchmarkPollClose(b *testing.B) {
	h := newHarness(b)
	members := make([]string, 29)
	for i := range members {
		members[i] = fmt.Sprintf("m%02d", i)
	}
	h.group(chatA, "budi", members...)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		h.send(h.msg(chatA, "budi", "/voting Beli pakan? | Ya | Tidak"))
		pid := h.linkPoll(chatA, int64(i+1))
		for j, m := range members {
			if err := h.router.Handle(h.ctx, h.nativeVote(m, pid, j%2)); err != nil {
				b.Fatal(err)
			}
		}
		h.clock.Advance(25 * time.Hour)
		b.StartTimer()
		if n, err := h.router.ClosePollsDue(h.ctx, h.clock.T); err != nil || n != 1 {
			b.Fatalf("closed %d, %v", n, err)
		}
		b.StopTimer()
		msgs, _ := h.store.OutboxPending(h.ctx, "tg", 0, 100)
		ids := make([]int64, len(msgs))
		for k, m := range msgs {
			ids[k] = m.ID
		}
		if err := h.store.OutboxDone(h.ctx, ids); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
