package main

import (
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func tgemuUpdate(c tgbotapi.Chat, from tgbotapi.User, text string) tgbotapi.Update {
	orig := from
	return tgbotapi.Update{Message: &tgbotapi.Message{
		MessageID: 424242, From: &from, Chat: &c, Date: int(time.Now().Unix()), Text: text,
		ForwardFrom: &orig, ForwardDate: int(time.Now().Add(-time.Hour).Unix()),
	}}
}
