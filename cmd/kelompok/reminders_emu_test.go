package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/outbox"
	"kelompok/bot/telegram"
	"kelompok/bot/telegram/tgemu"
)

var remindersFull = flag.Bool("reminders.full", false, "deliver 1,000 groups' weekly summaries through the emulator with Telegram's limits (about 40 s instead of 200 groups in about 8 s)")

// manyGroups opens n books in emulator groups, as n chairs typing /start,
// with the outbox emptied afterwards.
func manyGroups(t testing.TB, srv *tgemu.Server, m *Main, n int, at func() time.Time) []tgemu.ChatID {
	chats := make([]tgemu.ChatID, n)
	for i := range chats {
		chats[i] = srv.AddGroup(fmt.Sprintf("Kelompok %d", i))
	}
	var seq atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for i, c := range chats {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, c tgemu.ChatID) {
			defer wg.Done()
			defer func() { <-sem }()
			chat := telegram.ChatRef(int64(c))
			n := seq.Add(1)
			u := bot.Update{Kind: bot.KindMessage, Source: fmt.Sprintf("%s/m/%d", chat, n), Chat: chat,
				ChatTitle: fmt.Sprintf("Kelompok %d", i), Sender: bot.Person{Ref: telegram.UserRef(int64(100000 + i)), Name: "Sri"},
				SenderIsAdmin: true, Text: "/start", MessageID: fmt.Sprint(n), At: at()}
			if err := m.Router.Handle(context.Background(), u); err != nil {
				t.Error(err)
			}
		}(i, c)
	}
	wg.Wait()
	if err := drainOutbox(context.Background(), m.Store, "tg", func(bot.Reply) error { return nil }); err != nil {
		t.Fatal(err)
	}
	return chats
}

// TestTelegramWeeklySummariesAtOnce: at Sunday 18:00 every group's summary
// falls due at once. Through the emulator with Telegram's real limits
// (and the outbox's), every summary arrives, exactly once per group, and
// no request is answered 429. Run with -reminders.full for 1,000 groups.
func TestTelegramWeeklySummariesAtOnce(t *testing.T) {
	n := 200
	if *remindersFull {
		n = 1000
	}
	srv := tgemu.New(tgemu.WithLimits(tgemu.RealLimits()))
	t.Cleanup(srv.Close)
	// The book's clock (and the scheduler's) is fake; sending runs on real
	// time against the emulator's real limits.
	b := newRemBook(t, time.Date(2026, 11, 29, 10, 59, 0, 0, time.UTC)) // 17:59 WIB
	chats := manyGroups(t, srv, b.m, n, b.clock.Now)
	lim := outbox.TelegramLimits()
	b.m.Limits = &lim
	tg := startBot(t, srv, b.m, nil)
	defer tg.stop(t)
	s := b.start()
	defer s.Stop()

	began := time.Now()
	b.runUntil(s, time.Date(2026, 11, 29, 11, 0, 30, 0, time.UTC))
	if err := srv.Wait(time.Duration(n/20+60)*time.Second, func() bool { return srv.Stats().Sent >= n }); err != nil {
		t.Fatalf("%d of %d summaries arrived: %v", srv.Stats().Sent, n, err)
	}
	took := time.Since(began)
	for _, c := range chats {
		msgs := srv.Sent(c)
		if len(msgs) != 1 || !strings.Contains(msgs[0].Plain, "Ringkasan mingguan") {
			t.Fatalf("chat %d got %d messages: %+v", c, len(msgs), msgs)
		}
	}
	st := srv.Stats()
	if st.TooMany429 != 0 {
		t.Errorf("%d requests answered 429", st.TooMany429)
	}
	t.Logf("%d summaries in %v: %.1f msgs/s (limit 30/s), %d requests, %d errors, %d 429s",
		n, took.Round(time.Millisecond), float64(n)/took.Seconds(), st.Requests, st.Errors, st.TooMany429)
}
