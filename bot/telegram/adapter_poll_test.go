package telegram_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/telegram"
	"kelompok/bot/telegram/tgemu"
)

// TestSendPollStopsUnrecordedPoll: when the book cannot record the poll
// just sent, the adapter stops it before reporting the failure, so the
// outbox's resend does not leave an open poll whose votes never count.
func TestSendPollStopsUnrecordedPoll(t *testing.T) {
	srv := tgemu.New(tgemu.WithLimits(tgemu.Limits{}))
	t.Cleanup(srv.Close)
	a, err := telegram.New(srv.Token(), srv.Endpoint(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	g := srv.AddGroup("Tani Makmur")
	fail := errors.New("database is closed")
	recorded := 0
	a.OnPollSent(func(ctx context.Context, chat bot.ChatRef, key, pollID, messageID string) error {
		if recorded++; recorded == 1 {
			return fail
		}
		return nil
	})
	r := bot.Reply{Chat: telegram.ChatRef(g), Poll: &bot.Poll{Key: "7", Question: "Beli pakan?", Options: []string{"Ya", "Tidak"}}}
	if err := a.Send(context.Background(), r); !errors.Is(err, fail) {
		t.Fatalf("Send = %v, want the record's failure", err)
	}
	ps := srv.Polls(g)
	if len(ps) != 1 || !ps[0].Closed {
		t.Fatalf("after a failed record: %+v, want one stopped poll", ps)
	}
	// The outbox sends again: the second poll is recorded and stays open.
	if err := a.Send(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	ps = srv.Polls(g)
	if len(ps) != 2 || !ps[0].Closed || ps[1].Closed {
		t.Fatalf("after the resend: %+v", ps)
	}
}
