package tgemu_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"kelompok/bot/telegram/tgemu"
)

func TestMembersAndSpecialSenders(t *testing.T) {
	srv, api := start(t)
	group := srv.AddGroup("Arisan")
	ketua := srv.AddUser("Ketua", "ketua")
	warga := srv.AddUser("Warga", "")
	other := srv.AddOtherBot("Other", "other_bot")
	srv.SetAdmin(group, ketua)
	srv.SendText(group, warga, "halo")
	srv.SetAdmin(group, other)

	admins, err := api.GetChatAdministrators(tgbotapi.ChatAdministratorsConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: group}})
	if err != nil || len(admins) != 1 || admins[0].User.ID != ketua.ID || !admins[0].IsAdministrator() {
		t.Fatalf("admins: %+v %v", admins, err)
	}
	for u, want := range map[int64]string{ketua.ID: "administrator", warga.ID: "member", api.Self.ID: "member"} {
		m, err := api.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: group, UserID: u}})
		if err != nil || m.Status != want {
			t.Errorf("member %d: %q %v, want %q", u, m.Status, err, want)
		}
	}
	chat, err := api.GetChat(tgbotapi.ChatInfoConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: group}})
	if err != nil || chat.Title != "Arisan" || chat.Type != "group" {
		t.Fatalf("getChat: %+v %v", chat, err)
	}

	srv.SendAsAnonymousAdmin(group, "/tutup")
	srv.SendFromBot(group, other, "/saldo")
	ups := updates(t, api, 0)
	anon, fromBot := ups[len(ups)-2].Message, ups[len(ups)-1].Message
	if anon.From.ID != 1087968824 || anon.SenderChat == nil || anon.SenderChat.ID != group {
		t.Fatalf("anonymous admin: %+v", anon)
	}
	if !fromBot.From.IsBot || fromBot.From.ID != other.ID {
		t.Fatalf("from bot: %+v", fromBot.From)
	}
}

func TestPrivacyMode(t *testing.T) {
	srv, _ := start(t, tgemu.WithPrivacyMode(true), tgemu.WithBot("kas_bot", 99))
	group := srv.AddGroup("Arisan")
	u := srv.AddUser("Ani", "ani")
	if id, _ := srv.SendText(group, u, "ngobrol biasa"); id != 0 {
		t.Error("plain chatter is hidden in privacy mode")
	}
	for _, text := range []string{"/saldo", "/saldo@kas_bot", "halo @kas_bot"} {
		if id, _ := srv.SendText(group, u, text); id == 0 {
			t.Errorf("%q should reach the bot", text)
		}
	}
	if id, _ := srv.SendText(group, u, "/saldo@other_bot"); id != 0 {
		t.Error("commands for another bot are hidden")
	}
	if id, _ := srv.SendText(u.ID, u, "pesan pribadi"); id == 0 {
		t.Error("private chats are not affected by privacy mode")
	}
}

func TestJSONBodyAndConcurrency(t *testing.T) {
	srv, api := start(t)
	group := srv.AddGroup("Arisan")

	body := `{"chat_id":` + "-4000000001" + `,"text":"pilih","reply_markup":{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}}`
	resp, err := http.Post(srv.URL()+"/bot"+srv.Token()+"/sendMessage", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("JSON body: %v %v", resp, err)
	}
	resp.Body.Close()
	if got := srv.Sent(group); len(got) != 1 || got[0].Data()[0] != "a" {
		t.Fatalf("JSON body message: %+v", got)
	}

	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				if _, err := api.Send(tgbotapi.NewMessage(group, "x")); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	msgs, err := srv.WaitSent(group, 41, time.Second)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, m := range msgs {
		if seen[m.ID] {
			t.Fatalf("duplicate message_id %d", m.ID)
		}
		seen[m.ID] = true
	}
	if _, err := srv.WaitSent(group, 42, 20*time.Millisecond); !errors.Is(err, tgemu.ErrTimeout) {
		t.Fatalf("WaitSent beyond what was sent: %v", err)
	}
}

func TestRepliesAndDeletes(t *testing.T) {
	srv, api := start(t)
	group := srv.AddGroup("Arisan")
	siti := srv.AddUser("Siti", "siti")
	_, userMsg := srv.SendText(group, siti, "/pinjam 100000")

	cfg := tgbotapi.NewMessage(group, "Pinjaman dicatat")
	cfg.ReplyToMessageID = userMsg
	m, err := api.Send(cfg)
	if err != nil || m.ReplyToMessage == nil || m.ReplyToMessage.MessageID != userMsg || m.ReplyToMessage.Text != "/pinjam 100000" {
		t.Fatalf("reply: %+v %v", m.ReplyToMessage, err)
	}
	if m.MessageID == userMsg {
		t.Fatal("message ids are shared by users and the bot within a chat")
	}
	if s, _ := srv.LastSent(group); s.ReplyTo != userMsg {
		t.Fatalf("ReplyTo = %d", s.ReplyTo)
	}
	upd, reply := srv.SendTextReply(group, siti, m.MessageID, "terima kasih")
	ups := updates(t, api, 0)
	last := ups[len(ups)-1]
	if last.UpdateID != upd || last.Message.MessageID != reply || last.Message.ReplyToMessage.From.ID != api.Self.ID {
		t.Fatalf("user reply: %+v", last.Message)
	}

	cfg.ReplyToMessageID = 999
	_, err = api.Send(cfg)
	apiErr(t, err, 400, "Bad Request: message to be replied not found")
	cfg.AllowSendingWithoutReply = true
	if _, err := api.Send(cfg); err != nil {
		t.Fatal(err)
	}

	if _, err := api.Request(tgbotapi.NewDeleteMessage(group, m.MessageID)); err != nil {
		t.Fatal(err)
	}
	if s := srv.Sent(group)[0]; !s.Deleted {
		t.Fatal("deleted message not marked")
	}
	_, err = api.Request(tgbotapi.NewDeleteMessage(group, userMsg))
	apiErr(t, err, 400, "Bad Request: message can't be deleted")
	srv.SetAdmin(group, srv.Bot())
	if _, err := api.Request(tgbotapi.NewDeleteMessage(group, userMsg)); err != nil {
		t.Fatalf("an admin bot deletes users' messages: %v", err)
	}
}
