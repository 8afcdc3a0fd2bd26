// Package telegram connects Kelompok to Telegram through the Bot API: its
// own getUpdates loop that confirms an update only after its effects are
// committed, conversions to bot.Update, and sending for the outbox.
package telegram

import (
	"strconv"
	"strings"

	"kelompok/bot"
)

// All Telegram ids pass through here.

const prefix = "tg:"

// ChatRef is a chat's reference: "tg:-1001234".
func ChatRef(id int64) bot.ChatRef { return bot.ChatRef(prefix + strconv.FormatInt(id, 10)) }

// UserRef is a user's reference: "tg:5551234".
func UserRef(id int64) bot.UserRef { return bot.UserRef(prefix + strconv.FormatInt(id, 10)) }

// ChatID reads a chat reference back; ok is false for another platform's.
func ChatID(c bot.ChatRef) (int64, bool) { return parseRef(string(c)) }

// UserID reads a user reference back.
func UserID(u bot.UserRef) (int64, bool) { return parseRef(string(u)) }

// parseRef reads the id of a reference made by ChatRef or UserRef.
func parseRef(ref string) (int64, bool) {
	s, found := strings.CutPrefix(ref, prefix)
	if !found {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil
}

// IsGroup reports whether a chat is a group (Telegram group ids are negative).
func IsGroup(c bot.ChatRef) bool { return strings.HasPrefix(string(c), prefix+"-") }

// messageSource identifies a message: chat and message id.
func messageSource(chat int64, msg int) string {
	return prefix + strconv.FormatInt(chat, 10) + "/m/" + strconv.Itoa(msg)
}

// editSource identifies one edit of a message.
func editSource(chat int64, msg, editDate int) string {
	return messageSource(chat, msg) + "/e/" + strconv.Itoa(editDate)
}

// buttonSource identifies a button press.
func buttonSource(id string) string { return prefix + "cb/" + id }

// updateSource identifies other updates (membership changes).
func updateSource(chat int64, updateID int) string {
	return prefix + strconv.FormatInt(chat, 10) + "/u/" + strconv.Itoa(updateID)
}

// anonymousAdminID is Telegram's GroupAnonymousBot, the sender shown for
// admins who post as the group; 777000 forwards a linked channel's posts.
const (
	anonymousAdminID = 1087968824
	serviceUserID    = 777000
)
