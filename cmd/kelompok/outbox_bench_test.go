package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/outbox"
	"kelompok/bot/telegram"
	"kelompok/bot/telegram/tgemu"
	"kelompok/storage"
)

// BenchmarkOutboxRate queues one summary-sized message to each of 1,200
// groups at once and measures how fast the outbox delivers them to the
// emulator enforcing Telegram's real limits (30 messages a second over
// all chats, 1 a second per chat, 20 a minute per group). It reports
// delivered messages per second, that rate over the 30/s limit, and the
// 429 answers (which must be 0). One op is all 1,200 messages (about 40 s);
// run with -benchtime 1x.
func BenchmarkOutboxRate(b *testing.B) {
	const groups = 1200
	srv := tgemu.New(tgemu.WithLimits(tgemu.RealLimits()))
	b.Cleanup(srv.Close)
	m := &Main{Config: Config{DB: filepath.Join(b.TempDir(), "k.db"), MaxAmount: 100_000_000, TelegramTimeout: time.Second}}
	if err := m.Open(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	lim := outbox.TelegramLimits()
	m.Limits = &lim
	a, err := telegram.New(srv.Token(), srv.Endpoint(), time.Second)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveTelegram(ctx, m, a, nil) }()
	defer func() {
		cancel()
		<-done
	}()
	serving(b, srv)
	text := strings.Repeat("📊 Ringkasan mingguan · Tabungan anggota: Rp1.234.000 (minggu ini +Rp20.000)\n", 6)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		chats := make([]tgemu.ChatID, groups)
		for j := range chats {
			chats[j] = srv.AddGroup(fmt.Sprintf("G%d-%d", i, j))
		}
		before := srv.Stats()
		start := time.Now()
		err := m.Store.Write(context.Background(), func(tx *storage.Tx) error {
			for _, c := range chats {
				if err := tx.Queue(bot.Reply{Chat: telegram.ChatRef(int64(c)), Text: text}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if err := srv.Wait(5*time.Minute, func() bool { return srv.Stats().Sent-before.Sent >= groups }); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		st := srv.Stats()
		rate := float64(groups) / took.Seconds()
		b.ReportMetric(rate, "msgs/s")
		b.ReportMetric(rate/30, "of-limit")
		b.ReportMetric(float64(st.TooMany429-before.TooMany429), "429s")
		if st.TooMany429 != before.TooMany429 {
			b.Errorf("%d requests answered 429", st.TooMany429-before.TooMany429)
		}
	}
}
