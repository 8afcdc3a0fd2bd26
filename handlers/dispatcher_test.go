package handlers

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"kelompok/bot"
)

func TestDispatcherKeepsChatOrderAndRunsChatsInParallel(t *testing.T) {
	var mu sync.Mutex
	seen := map[bot.ChatRef][]string{}
	running := map[bot.ChatRef]int{}
	overlap := false
	release := make(chan struct{})
	d := NewDispatcher(func(ctx context.Context, u bot.Update) error {
		mu.Lock()
		running[u.Chat]++
		if running[u.Chat] > 1 {
			overlap = true
		}
		mu.Unlock()
		if u.Chat == "tg:-1" && u.Text == "a0" {
			<-release // chat A's first update blocks until B is done
		}
		mu.Lock()
		seen[u.Chat] = append(seen[u.Chat], u.Text)
		running[u.Chat]--
		mu.Unlock()
		return nil
	})
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		for _, c := range []bot.ChatRef{"tg:-1", "tg:-2"} {
			wg.Add(1)
			name := "a"
			if c == "tg:-2" {
				name = "b"
			}
			d.Submit(context.Background(), bot.Update{Chat: c, Text: name + itoa(i)}, func(error) { wg.Done() })
		}
	}
	deadline := time.After(5 * time.Second)
	for {
		mu.Lock()
		nb := len(seen["tg:-2"])
		mu.Unlock()
		if nb == 20 {
			break
		}
		select {
		case <-deadline:
			t.Fatal("chat B was held up by chat A")
		case <-time.After(time.Millisecond):
		}
	}
	close(release)
	wg.Wait()
	if overlap {
		t.Fatal("two updates of one chat ran at once")
	}
	for c, name := range map[bot.ChatRef]string{"tg:-1": "a", "tg:-2": "b"} {
		for i, txt := range seen[c] {
			if txt != name+itoa(i) {
				t.Fatalf("%s out of order at %d: %v", c, i, seen[c])
			}
		}
	}
	d.mu.Lock()
	left := len(d.chats)
	d.mu.Unlock()
	if left != 0 {
		// Workers exit when their chat is idle; give them a moment.
		time.Sleep(50 * time.Millisecond)
		d.mu.Lock()
		left = len(d.chats)
		d.mu.Unlock()
		if left != 0 {
			t.Fatalf("%d idle chat workers left", left)
		}
	}
}

func TestDispatcherRecoversPanics(t *testing.T) {
	d := NewDispatcher(func(ctx context.Context, u bot.Update) error { panic("boom") })
	errc := make(chan error, 1)
	d.Submit(context.Background(), bot.Update{Chat: "tg:-1"}, func(err error) { errc <- err })
	if err := <-errc; err == nil {
		t.Fatal("panic not reported as an error")
	}
}

// After a failed update, the chat's later updates do not run ahead of it:
// they fail too, to be redelivered behind it in order.
func TestDispatcherHoldsChatBehindAFailure(t *testing.T) {
	var mu sync.Mutex
	var ran []string
	block := make(chan struct{})
	d := NewDispatcher(func(ctx context.Context, u bot.Update) error {
		if u.Text == "first" {
			<-block
			return errors.New("disk full")
		}
		mu.Lock()
		ran = append(ran, u.Text)
		mu.Unlock()
		return nil
	})
	errs := make(chan error, 3)
	for _, txt := range []string{"first", "second", "third"} {
		d.Submit(context.Background(), bot.Update{Chat: "tg:-1", Text: txt}, func(err error) { errs <- err })
	}
	close(block)
	for i := 0; i < 3; i++ {
		if err := <-errs; err == nil {
			t.Fatalf("update %d succeeded behind a failed one", i)
		}
	}
	if len(ran) != 0 {
		t.Fatalf("updates ran after a failure: %v", ran)
	}
}
