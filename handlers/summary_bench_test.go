package handlers_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"kelompok/bot/reminders"
)

// BenchmarkWeeklySummaries10k builds, records and queues the weekly
// summary of 10,000 groups (two members and a deposit each), 64 at a time
// as the scheduler's workers would; one op is all 10,000. Setting up the
// book takes a while; run it with -benchtime 1x.
func BenchmarkWeeklySummaries10k(b *testing.B) {
	const groups = 10000
	bb := newBenchBook(b, groups, 64)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for g := 0; g < groups; g++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(g int) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := bb.say(g, "chair", "/setor 5000 Ani", true); err != nil {
				b.Error(err)
			}
		}(g)
	}
	wg.Wait()
	gs, _, err := bb.store.ReminderGroups(context.Background())
	if err != nil || len(gs) != groups {
		b.Fatalf("%d groups, %v", len(gs), err)
	}
	due := time.Date(2026, 11, 29, 11, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := reminders.Firing{Kind: reminders.Summary, Due: due.AddDate(0, 0, 7*i)}
		start := time.Now()
		var sent, failed int64
		var mu sync.Mutex
		for _, g := range gs {
			wg.Add(1)
			sem <- struct{}{}
			go func(id int64) {
				defer wg.Done()
				defer func() { <-sem }()
				ok, err := bb.router.FireReminder(context.Background(), id, f, false)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failed++
				} else if ok {
					sent++
				}
			}(g.ID)
		}
		wg.Wait()
		if sent != groups || failed != 0 {
			b.Fatalf("sent %d, failed %d of %d", sent, failed, groups)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/10k-summaries")
	}
	b.StopTimer()
	msgs, err := bb.store.OutboxPending(context.Background(), "tg", 0, 5)
	if err != nil || len(msgs) == 0 {
		b.Fatalf("no summaries queued: %v", err)
	}
	b.Log("example: " + strconv.Quote(msgs[len(msgs)-1].Reply.Text))
}
