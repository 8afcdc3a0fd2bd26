package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/telegram"
	"kelompok/bot/telegram/tgemu"
)

// A member who may add bots is not thereby the group's chair.
func TestTelegramNonAdminAdderIsNotChair(t *testing.T) {
	srv := newEmu(t)
	m := openMain(t, filepath.Join(t.TempDir(), "k.db"))
	defer m.Close()
	b := startBot(t, srv, m, nil)
	defer b.stop(t)
	eve, sri := srv.AddUser("Eve", "eve"), srv.AddUser("Sri", "sri")
	g := srv.AddGroupWithoutBot("Kelompok Seruni")
	srv.SetAdmin(g, sri)
	srv.AddBotToGroup(g, eve)
	waitText(t, srv, g, "belum punya ketua")
	if got := plains(say(t, b, srv, g, eve, "/start")); strings.Contains(got, "ketua</b>") || strings.Contains(got, "Eve tercatat sebagai ketua") {
		t.Fatalf("non-admin became chair: %s", got)
	}
	if got := plains(say(t, b, srv, g, sri, "/start")); !strings.Contains(got, "Sri tercatat sebagai ketua") {
		t.Fatalf("admin /start: %s", got)
	}
	// The chair cannot leave the chair empty; a later admin cannot take it.
	if got := plains(say(t, b, srv, g, sri, "/pengurus @sri bendahara")); !strings.Contains(got, "Ketua tidak boleh kosong") {
		t.Fatalf("chair vacating: %s", got)
	}
	srv.SetAdmin(g, eve)
	say(t, b, srv, g, eve, "/daftar")
	if got := plains(say(t, b, srv, g, eve, "/pengurus")); !strings.Contains(got, "ketua: Sri") {
		t.Fatalf("officers after a second admin joined: %s", got)
	}
}

// Errors the Bot API client returns carry the request URL; the token must
// not reach the logs.
func TestTelegramErrorsHideToken(t *testing.T) {
	_, err := telegram.New("123456:SECRETTOKEN", "http://127.0.0.1:1/bot%s/%s", time.Second)
	if err == nil {
		t.Fatal("connected to a closed port")
	}
	if strings.Contains(err.Error(), "SECRETTOKEN") {
		t.Fatalf("token in error: %v", err)
	}
}

// Stopping the bot cuts a long poll short.
func TestTelegramStopsWithoutWaitingForLongPoll(t *testing.T) {
	srv := newEmu(t)
	a, err := telegram.New(srv.Token(), srv.Endpoint(), 20*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		a.Poll(ctx, nopSubmitter{}, 20*time.Second)
		close(done)
	}()
	time.Sleep(200 * time.Millisecond) // the poll is waiting at the emulator
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Poll still waiting for its 20 s long poll after the stop")
	}
}

type nopSubmitter struct{}

func (nopSubmitter) Submit(ctx context.Context, u bot.Update, done func(error)) { done(nil) }

// A confirmation whose report message is gone is said in a new message.
func TestTelegramEditFallsBackToNewMessage(t *testing.T) {
	srv := newEmu(t)
	a, err := telegram.New(srv.Token(), srv.Endpoint(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	g := srv.AddGroup("Kelompok Kamboja")
	if err := a.Send(context.Background(), bot.Reply{Chat: telegram.ChatRef(g), Text: "✅ <b>#3</b> diterima", Edit: "9999"}); err != nil {
		t.Fatal(err)
	}
	msgs, err := srv.WaitSent(g, 1, 2*time.Second)
	if err != nil || msgs[0].Plain != "✅ #3 diterima" || msgs[0].Edited {
		t.Fatalf("fallback: %+v %v", msgs, err)
	}
}

// A forwarded command is not booked again.
func TestTelegramIgnoresForwardedCommands(t *testing.T) {
	srv, m, _, sri, g := chairedGroup(t, "Kelompok Teratai")
	msg := tgemuForward(srv, g, sri, "/setor 5000")
	if err := srv.WaitConfirmed(msg, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	waitOutboxEmpty(t, m.Store)
	assertEntries(t, m.Store, 0)
}

func tgemuForward(srv *tgemu.Server, chat tgemu.ChatID, from tgemu.User, text string) int {
	c, _ := srv.Chat(chat)
	return srv.Inject(tgemuUpdate(c, from, text))
}
