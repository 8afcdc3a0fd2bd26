package handlers_test

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/handlers"
	"kelompok/locales"
	"kelompok/storage"
)

// A command cancelled by its caller (a shutdown) is all or nothing: either
// it succeeded and is booked, or it failed and nothing of it (not even
// "processed") is kept, so the platform delivers it again.
func TestCancelledCommandIsAllOrNothing(t *testing.T) {
	st, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "k.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := handlers.NewRouter(st, locales.MustLoad(), handlers.Config{})
	chat := bot.ChatRef("tg:-1001")
	me := bot.Person{Ref: "tg:5000", Name: "Budi", Username: "budi"}
	mk := func(i int, text string) bot.Update {
		return bot.Update{Kind: bot.KindMessage, Source: fmt.Sprintf("src/%d", i), Chat: chat, ChatTitle: "T",
			Sender: me, SenderIsAdmin: true, Text: text, MessageID: fmt.Sprint(i)}
	}
	if err := r.Handle(context.Background(), mk(0, "/daftar")); err != nil {
		t.Fatal(err)
	}
	count := func(q, src string) int {
		var n int
		st.Read(context.Background(), func(qq storage.Querier) error {
			return qq.QueryRowContext(context.Background(), q, src).Scan(&n)
		})
		return n
	}
	rng := rand.New(rand.NewSource(1))
	ok, failed := 0, 0
	for i := 1; i <= 300; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		d := time.Duration(rng.Intn(400)) * time.Microsecond
		go func() { time.Sleep(d); cancel() }()
		err := r.Handle(ctx, mk(i, "/setor 5000"))
		cancel()
		src := fmt.Sprintf("src/%d", i)
		proc := count(`SELECT COUNT(*) FROM processed WHERE source = ?`, src)
		ent := count(`SELECT COUNT(*) FROM entries WHERE source = ?`, src)
		switch {
		case err == nil && proc == 1 && ent == 1:
			ok++
		case err != nil && proc == 0 && ent == 0:
			failed++
		default:
			t.Fatalf("command %d: err=%v processed=%d entry=%d", i, err, proc, ent)
		}
	}
	t.Logf("%d booked, %d left for redelivery", ok, failed)
}
