package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"kelompok/bot/outbox"
	"kelompok/bot/telegram"
	"kelompok/bot/telegram/tgemu"
	"kelompok/storage"
)

var remindersFull = flag.Bool("reminders.full", false, "deliver 1,000 groups' weekly summaries through the emulator with Telegram's limits (about 40 s instead of 200 groups in about 8 s)")

// manyGroups opens n books in emulator groups (the bot already serving:
// the store's writes come after it set up its outbox).
func manyGroups(t testing.TB, srv *tgemu.Server, m *Main, n int) []tgemu.ChatID {
	chats := make([]tgemu.ChatID, n)
	for i := range chats {
		chats[i] = srv.AddGroup(fmt.Sprintf("Kelompok %d", i))
	}
	err := m.Store.Write(context.Background(), func(tx *storage.Tx) error {
		for i, c := range chats {
			if _, err := tx.CreateGroup(telegram.ChatRef(int64(c)), fmt.Sprintf("Kelompok %d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return chats
}

// serving waits until the bot polls the emulator, so that its outbox is
// set up before the test writes to the store.
func serving(t testing.TB, srv *tgemu.Server) {
	g := srv.AddGroup("Warung")
	id, _ := srv.SendText(g, srv.AddUser("Tono", "tono"), "halo")
	if err := srv.WaitConfirmed(id, 10*time.Second); err != nil {
		t.Fatal(err)
	}
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
	lim := outbox.TelegramLimits()
	b.m.Limits = &lim
	tg := startBot(t, srv, b.m, nil)
	defer tg.stop(t)
	serving(t, srv)
	chats := manyGroups(t, srv, b.m, n)
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
