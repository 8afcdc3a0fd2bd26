package telegram

import (
	"errors"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"kelompok/bot"
)

func group(id int64) *tgbotapi.Chat { return &tgbotapi.Chat{ID: id, Type: "group", Title: "Mawar"} }

func TestConvertMessage(t *testing.T) {
	from := &tgbotapi.User{ID: 42, FirstName: "Siti", LastName: "Aminah", UserName: "siti", LanguageCode: "en"}
	u, ok := Convert(tgbotapi.Update{UpdateID: 9, Message: &tgbotapi.Message{
		MessageID: 55, From: from, Chat: group(-100), Date: 1700000000, Text: "/setor 5000 budi",
		Entities: []tgbotapi.MessageEntity{{Type: "text_mention", Offset: 12, Length: 4, User: &tgbotapi.User{ID: 7, FirstName: "Budi"}}},
	}})
	if !ok {
		t.Fatal("message not converted")
	}
	want := bot.Update{Kind: bot.KindMessage, Source: "tg:-100/m/55", Chat: "tg:-100", ChatTitle: "Mawar",
		Sender: bot.Person{Ref: "tg:42", Name: "Siti Aminah", Username: "siti", Lang: "en"},
		Text:   "/setor 5000 budi", MessageID: "55", At: time.Unix(1700000000, 0),
		Mentions: []bot.Person{{Ref: "tg:7", Name: "Budi"}}}
	if u.Source != want.Source || u.Chat != want.Chat || u.Sender != want.Sender || u.Text != want.Text ||
		u.MessageID != want.MessageID || !u.At.Equal(want.At) || len(u.Mentions) != 1 || u.Mentions[0] != want.Mentions[0] || u.Private {
		t.Fatalf("got %+v\nwant %+v", u, want)
	}
}

func TestConvertCaptionEditedAndPrivate(t *testing.T) {
	from := &tgbotapi.User{ID: 1, FirstName: "A"}
	u, ok := Convert(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 3, From: from, Chat: group(-5), Caption: "/setor 5rb"}})
	if !ok || u.Text != "/setor 5rb" {
		t.Fatalf("caption: %+v %v", u, ok)
	}
	u, ok = Convert(tgbotapi.Update{EditedMessage: &tgbotapi.Message{MessageID: 3, From: from, Chat: group(-5), Text: "/setor 9", EditDate: 1700000100}})
	if !ok || u.Kind != bot.KindEdited || u.Source != "tg:-5/m/3/e/1700000100" {
		t.Fatalf("edit: %+v", u)
	}
	u, _ = Convert(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 1, From: from, Chat: &tgbotapi.Chat{ID: 1, Type: "private"}, Text: "/start"}})
	if !u.Private {
		t.Fatal("private chat not marked")
	}
	if _, ok := Convert(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 4, From: from, Chat: group(-5)}}); ok {
		t.Fatal("a message without text (a sticker) was converted")
	}
}

func TestConvertSenders(t *testing.T) {
	u, _ := Convert(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 1, Chat: group(-5), Text: "/setor 1",
		From: &tgbotapi.User{ID: anonymousAdminID, IsBot: true, FirstName: "Group"}, SenderChat: group(-5)}})
	if !u.Anonymous || u.FromBot || u.Sender.Ref != "" {
		t.Fatalf("anonymous admin: %+v", u)
	}
	u, _ = Convert(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 2, Chat: group(-5), Text: "/setor 1",
		From: &tgbotapi.User{ID: 99, IsBot: true, FirstName: "Spam"}}})
	if !u.FromBot {
		t.Fatalf("other bot: %+v", u)
	}
}

func TestConvertMigrationBothSides(t *testing.T) {
	u, ok := Convert(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 9, Chat: group(-5), MigrateToChatID: -1005}})
	if !ok || u.Kind != bot.KindMigrated || u.Chat != "tg:-5" || u.OldChat != "tg:-5" || u.NewChat != "tg:-1005" {
		t.Fatalf("migrate_to: %+v", u)
	}
	u, ok = Convert(tgbotapi.Update{Message: &tgbotapi.Message{MessageID: 1, Chat: &tgbotapi.Chat{ID: -1005, Type: "supergroup"}, MigrateFromChatID: -5}})
	if !ok || u.Kind != bot.KindMigrated || u.Chat != "tg:-1005" || u.OldChat != "tg:-5" || u.NewChat != "tg:-1005" {
		t.Fatalf("migrate_from: %+v", u)
	}
}

func TestConvertButtonAndMembership(t *testing.T) {
	u, ok := Convert(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{ID: "cb7", From: &tgbotapi.User{ID: 3, FirstName: "Sri"},
		Message: &tgbotapi.Message{MessageID: 12, Chat: group(-5)}, Data: "ok:4"}})
	if !ok || u.Kind != bot.KindButton || u.Text != "ok:4" || u.ButtonID != "cb7" || u.MessageID != "12" || u.Source != "tg:cb/cb7" {
		t.Fatalf("button: %+v", u)
	}
	add := tgbotapi.ChatMemberUpdated{Chat: *group(-5), From: tgbotapi.User{ID: 3, FirstName: "Sri"},
		OldChatMember: tgbotapi.ChatMember{Status: "left"}, NewChatMember: tgbotapi.ChatMember{Status: "member"}}
	u, ok = Convert(tgbotapi.Update{UpdateID: 70, MyChatMember: &add})
	if !ok || u.Kind != bot.KindBotAdded || u.Sender.Ref != "tg:3" || u.Source != "tg:-5/u/70" {
		t.Fatalf("added: %+v", u)
	}
	add.OldChatMember.Status, add.NewChatMember.Status = "member", "kicked"
	if u, _ = Convert(tgbotapi.Update{UpdateID: 71, MyChatMember: &add}); u.Kind != bot.KindBotRemoved {
		t.Fatalf("removed: %+v", u)
	}
	add.OldChatMember.Status, add.NewChatMember.Status = "member", "administrator"
	if _, ok = Convert(tgbotapi.Update{UpdateID: 72, MyChatMember: &add}); ok {
		t.Fatal("promotion converted as an event")
	}
}

// Only the Bot API's words for a chat the bot cannot write to any more
// mark it gone; other refusals drop the one message.
func TestSendErrorMapping(t *testing.T) {
	cases := []struct {
		err  error
		want func(*bot.SendError) bool
	}{
		{&tgbotapi.Error{Code: 429, Message: "Too Many Requests: retry after 3", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3}},
			func(e *bot.SendError) bool { return e.RetryAfter == 3*time.Second }},
		{&tgbotapi.Error{Code: 400, Message: "Bad Request: group chat was upgraded to a supergroup chat", ResponseParameters: tgbotapi.ResponseParameters{MigrateToChatID: -1005}},
			func(e *bot.SendError) bool { return e.MovedTo == "tg:-1005" }},
		{&tgbotapi.Error{Code: 403, Message: "Forbidden: bot was kicked from the group chat"},
			func(e *bot.SendError) bool { return e.Gone }},
		{&tgbotapi.Error{Code: 403, Message: "Forbidden: bot is not a member of the supergroup chat"},
			func(e *bot.SendError) bool { return e.Gone }},
		{&tgbotapi.Error{Code: 403, Message: "Forbidden: bot was blocked by the user"},
			func(e *bot.SendError) bool { return e.Gone }},
		{&tgbotapi.Error{Code: 403, Message: "Forbidden: user is deactivated"},
			func(e *bot.SendError) bool { return e.Gone }},
		// A muted bot, a person who never started the bot: refused, not gone.
		{&tgbotapi.Error{Code: 403, Message: "Forbidden: not enough rights to send text messages to the chat"},
			func(e *bot.SendError) bool { return e.Permanent && !e.Gone }},
		{&tgbotapi.Error{Code: 403, Message: "Forbidden: bot can't initiate conversation with a user"},
			func(e *bot.SendError) bool { return e.Permanent && !e.Gone }},
		{&tgbotapi.Error{Code: 400, Message: "Bad Request: can't parse entities"},
			func(e *bot.SendError) bool { return e.Permanent }},
	}
	for _, c := range cases {
		var se *bot.SendError
		if err := sendError(c.err); !errors.As(err, &se) || !c.want(se) {
			t.Errorf("%v -> %+v", c.err, err)
		}
	}
	if sendError(&tgbotapi.Error{Code: 400, Message: "Bad Request: message is not modified"}) != nil {
		t.Error("not modified should count as done")
	}
	netErr := errors.New("connection reset")
	if err := sendError(netErr); err != netErr {
		t.Errorf("network error mapped to %v", err)
	}
}

func TestIDs(t *testing.T) {
	if id, ok := ChatID(ChatRef(-1001234)); !ok || id != -1001234 {
		t.Fatal("chat id round trip")
	}
	if _, ok := ChatID("wa:123@g.us"); ok {
		t.Fatal("whatsapp ref read as telegram")
	}
	if !IsGroup("tg:-5") || IsGroup("tg:5") {
		t.Fatal("IsGroup")
	}
	if id, ok := UserID(UserRef(42)); !ok || id != 42 {
		t.Fatal("user id round trip")
	}
}
