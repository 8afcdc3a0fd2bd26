package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kelompok/bot/scheduler"
	"kelompok/bot/telegram"
	"kelompok/storage"
)

// BenchmarkSchedulerSummaries10k is the whole path at Sunday 18:00 for
// 10,000 groups on a fake clock: each group's job fires, the scheduler
// plans what is due, fires the summary (record + outbox in one
// transaction) and plans the group's next job. It reports the start (every
// group planned) and the 18:00 round apart. Run with -benchtime 1x.
func BenchmarkSchedulerSummaries10k(b *testing.B) {
	const groups = 10000
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		book := newRemBookB(b, time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)) // 17:00 WIB
		err := book.m.Store.Write(context.Background(), func(tx *storage.Tx) error {
			for g := 0; g < groups; g++ {
				if _, err := tx.CreateGroup(telegram.ChatRef(int64(-1000000-g)), fmt.Sprintf("G%d", g)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		began := time.Now()
		s, err := book.m.StartReminders(context.Background(), book.clock, scheduler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		if err := s.WaitIdle(ctx); err != nil {
			b.Fatal(err)
		}
		started := time.Since(began)
		began = time.Now()
		book.clock.Advance(time.Hour) // 18:00 WIB
		if err := s.WaitIdle(ctx); err != nil {
			b.Fatal(err)
		}
		round := time.Since(began)
		cancel()
		b.StopTimer()
		s.Stop()
		fs, err := book.m.Store.Firings(context.Background())
		if err != nil || len(fs) != groups {
			b.Fatalf("%d firings, want %d (%v)", len(fs), groups, err)
		}
		b.ReportMetric(started.Seconds(), "s/start")
		b.ReportMetric(round.Seconds(), "s/18:00-round")
	}
}
