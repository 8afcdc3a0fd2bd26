package telegram

import (
	"reflect"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"kelompok/bot"
)

func TestConvertPollAnswer(t *testing.T) {
	siti := tgbotapi.User{ID: 5551, FirstName: "Siti", UserName: "siti"}
	u, ok := Convert(tgbotapi.Update{UpdateID: 70, PollAnswer: &tgbotapi.PollAnswer{PollID: "P9", User: siti, OptionIDs: []int{1}}})
	if !ok || u.Kind != bot.KindPollAnswer || u.PollID != "tg:P9" || u.Sender.Ref != "tg:5551" || u.Sender.Name != "Siti" ||
		!reflect.DeepEqual(u.Choices, []int{1}) || u.Source != "tg:poll/P9/u/70" || u.Chat != "" {
		t.Fatalf("Convert = %+v, %v", u, ok)
	}
	// The same update redelivered has the same source; a retraction has no choices.
	r, ok := Convert(tgbotapi.Update{UpdateID: 71, PollAnswer: &tgbotapi.PollAnswer{PollID: "P9", User: siti}})
	if !ok || len(r.Choices) != 0 || r.Source == u.Source {
		t.Fatalf("retraction = %+v, %v", r, ok)
	}
	if PollRef("P9") != u.PollID {
		t.Error("PollRef differs from the converted poll id")
	}
	bt := tgbotapi.User{ID: 9, IsBot: true}
	if _, ok := Convert(tgbotapi.Update{UpdateID: 72, PollAnswer: &tgbotapi.PollAnswer{PollID: "P9", User: bt, OptionIDs: []int{0}}}); ok {
		t.Error("a bot's vote was converted")
	}
}
