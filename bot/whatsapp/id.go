// Package whatsapp connects Kelompok to WhatsApp groups through whatsmeow
// (the multi-device web protocol): conversions of whatsmeow events to
// bot.Update, WhatsApp's text formatting, native polls, and sending for the
// outbox. It is the only package that imports whatsmeow.
package whatsapp

import (
	"strings"

	"go.mau.fi/whatsmeow/types"

	"kelompok/bot"
)

// All WhatsApp ids pass through here.

const prefix = "wa:"

// ChatRef is a group's reference, "wa:120363012345@g.us". A private chat
// is referenced by the person's stable id (see Identities), so that the
// phone-number and LID forms of one chat are one chat.
func ChatRef(jid types.JID) bot.ChatRef {
	return bot.ChatRef(prefix + userKey(jid))
}

// UserRef is a person's reference: "wa:6281234567890" for a phone number,
// "wa:123456789012345@lid" for a LID whose phone number is not known.
func UserRef(jid types.JID) bot.UserRef {
	return bot.UserRef(prefix + userKey(jid))
}

// userKey is a user JID without device: the bare number for a phone
// number, "N@lid" for a LID.
func userKey(jid types.JID) string {
	if jid.Server == types.DefaultUserServer {
		return jid.User
	}
	return jid.ToNonAD().String()
}

// handle is how a person is written in a mention ("@6281234567890"):
// the user part of their stable JID. It is what members are found by when
// a command names them with @.
func handle(jid types.JID) string { return jid.User }

// ChatJID reads a chat reference back; ok is false for another platform's.
func ChatJID(c bot.ChatRef) (types.JID, bool) {
	s, found := strings.CutPrefix(string(c), prefix)
	if !found || s == "" {
		return types.JID{}, false
	}
	if !strings.Contains(s, "@") {
		return types.NewJID(s, types.DefaultUserServer), true
	}
	jid, err := types.ParseJID(s)
	if err != nil || jid.User == "" {
		return types.JID{}, false
	}
	return jid, true
}

// IsGroup reports whether a chat is a group.
func IsGroup(c bot.ChatRef) bool {
	return strings.HasPrefix(string(c), prefix) && strings.HasSuffix(string(c), "@"+types.GroupServer)
}

// messageSource identifies a message: its chat and WhatsApp's message id
// (a redelivery carries the same id).
func messageSource(chat bot.ChatRef, id types.MessageID) string {
	return string(chat) + "/m/" + id
}

// PollRef is the platform poll id of a poll the bot sent: its chat and the
// poll message's id, "wa:120363...@g.us/poll/3EB0...". A vote names the
// poll message by id within its chat, so both are needed to find it.
func PollRef(chat bot.ChatRef, id types.MessageID) string {
	return string(chat) + "/poll/" + id
}

// rawSource identifies a message by the chat as WhatsApp addressed it
// and the message id: a redelivery carries both unchanged, whereas the
// chat's stable form may differ by then (the LID map learned a number).
func rawSource(info types.MessageInfo) string {
	return messageSource(ChatRef(info.Chat), info.ID)
}

// editSource identifies one edit of a message.
func editSource(chat bot.ChatRef, orig, edit types.MessageID) string {
	return messageSource(chat, orig) + "/e/" + edit
}

// joinSource identifies the bot being added to a group.
func joinSource(chat bot.ChatRef, version string) string {
	return string(chat) + "/join/" + version
}

// leaveSource identifies the bot being removed from a group.
func leaveSource(chat bot.ChatRef, version string) string {
	return string(chat) + "/leave/" + version
}

// messageID is the id of a message as replies quote it: WhatsApp needs the
// sender beside the message id to quote in a group.
func messageID(id types.MessageID, sender types.JID) string {
	return id + " " + sender.ToNonAD().String()
}

// parseMessageID reads messageID back.
func parseMessageID(s string) (types.MessageID, types.JID, bool) {
	id, who, ok := strings.Cut(s, " ")
	if !ok || id == "" {
		return "", types.JID{}, false
	}
	jid, err := types.ParseJID(who)
	if err != nil {
		return "", types.JID{}, false
	}
	return id, jid, true
}

// Mask hides most of a phone number for logs: "62812*****890".
func Mask(s string) string {
	s = strings.TrimPrefix(s, prefix)
	user, server, _ := strings.Cut(s, "@")
	if len(user) > 8 {
		user = user[:5] + strings.Repeat("*", len(user)-8) + user[len(user)-3:]
	}
	if server != "" {
		return user + "@" + server
	}
	return user
}
