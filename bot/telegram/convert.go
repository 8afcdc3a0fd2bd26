package telegram

import (
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"kelompok/bot"
)

// Convert turns a Telegram update into Kelompok's; ok is false for updates
// Kelompok does not act on.
func Convert(up tgbotapi.Update) (bot.Update, bool) {
	switch {
	case up.Message != nil:
		return convertMessage(up.Message, bot.KindMessage)
	case up.EditedMessage != nil:
		return convertMessage(up.EditedMessage, bot.KindEdited)
	case up.CallbackQuery != nil:
		return convertButton(up.CallbackQuery)
	case up.MyChatMember != nil:
		return convertMembership(up.UpdateID, up.MyChatMember)
	case up.PollAnswer != nil:
		return convertPollAnswer(up.UpdateID, up.PollAnswer)
	}
	return bot.Update{}, false
}

// PollRef is the platform poll id Kelompok stores for a Telegram poll.
func PollRef(id string) string { return prefix + id }

// convertPollAnswer: a vote in a native poll. Telegram does not say in
// which chat; the core finds it from the poll id.
func convertPollAnswer(updateID int, a *tgbotapi.PollAnswer) (bot.Update, bool) {
	if a.PollID == "" || a.User.ID == 0 || a.User.IsBot {
		return bot.Update{}, false
	}
	return bot.Update{
		Kind: bot.KindPollAnswer, Source: prefix + "poll/" + a.PollID + "/u/" + strconv.Itoa(updateID),
		Sender: person(&a.User), PollID: PollRef(a.PollID), Choices: append([]int{}, a.OptionIDs...), At: time.Now(),
	}, true
}

func person(u *tgbotapi.User) bot.Person {
	if u == nil {
		return bot.Person{}
	}
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	return bot.Person{Ref: UserRef(u.ID), Name: name, Username: u.UserName, Lang: u.LanguageCode}
}

func convertMessage(m *tgbotapi.Message, kind bot.UpdateKind) (bot.Update, bool) {
	if m.Chat == nil {
		return bot.Update{}, false
	}
	u := bot.Update{
		Kind: kind, Chat: ChatRef(m.Chat.ID), Private: m.Chat.IsPrivate(), ChatTitle: m.Chat.Title,
		MessageID: strconv.Itoa(m.MessageID), At: time.Unix(int64(m.Date), 0),
		Source: messageSource(m.Chat.ID, m.MessageID),
	}
	switch {
	case m.MigrateToChatID != 0:
		u.Kind, u.OldChat, u.NewChat = bot.KindMigrated, u.Chat, ChatRef(m.MigrateToChatID)
		return u, true
	case m.MigrateFromChatID != 0:
		// The first message of the new supergroup: handled in its order,
		// before anything said there afterwards.
		u.Kind, u.OldChat, u.NewChat = bot.KindMigrated, ChatRef(m.MigrateFromChatID), u.Chat
		return u, true
	}
	if kind == bot.KindEdited {
		u.Source = editSource(m.Chat.ID, m.MessageID, m.EditDate)
	}
	if m.ForwardDate != 0 || m.ForwardFrom != nil || m.ForwardFromChat != nil {
		// A forwarded command is someone else's old message: never booked again.
		return bot.Update{}, false
	}
	u.Text = m.Text
	entities := m.Entities
	if u.Text == "" {
		u.Text, entities = m.Caption, m.CaptionEntities
	}
	if u.Text == "" {
		return bot.Update{}, false
	}
	if m.From != nil {
		u.Sender = person(m.From)
		u.FromBot = m.From.IsBot
	}
	if m.SenderChat != nil || (m.From != nil && (m.From.ID == anonymousAdminID || m.From.ID == serviceUserID)) {
		u.Anonymous, u.FromBot, u.Sender = true, false, bot.Person{}
	}
	for _, e := range entities {
		if e.Type == "text_mention" && e.User != nil {
			u.Mentions = append(u.Mentions, person(e.User))
		}
	}
	return u, true
}

func convertButton(q *tgbotapi.CallbackQuery) (bot.Update, bool) {
	if q.Message == nil || q.Message.Chat == nil || q.From == nil {
		return bot.Update{}, false
	}
	return bot.Update{
		Kind: bot.KindButton, Chat: ChatRef(q.Message.Chat.ID), Private: q.Message.Chat.IsPrivate(),
		ChatTitle: q.Message.Chat.Title, Sender: person(q.From), Text: q.Data,
		MessageID: strconv.Itoa(q.Message.MessageID), ButtonID: q.ID, Source: buttonSource(q.ID),
		At: time.Now(),
	}, true
}

func convertMembership(updateID int, c *tgbotapi.ChatMemberUpdated) (bot.Update, bool) {
	if c.Chat.IsPrivate() {
		return bot.Update{}, false
	}
	in := func(s string) bool {
		return s == "member" || s == "administrator" || s == "creator" || s == "restricted"
	}
	u := bot.Update{
		Chat: ChatRef(c.Chat.ID), ChatTitle: c.Chat.Title, Sender: person(&c.From),
		Source: updateSource(c.Chat.ID, updateID), At: time.Unix(int64(c.Date), 0),
	}
	if c.From.ID == anonymousAdminID || c.From.ID == serviceUserID || c.From.IsBot {
		u.Sender, u.Anonymous = bot.Person{}, true // nobody to name as chair
	}
	switch was, is := in(c.OldChatMember.Status), in(c.NewChatMember.Status); {
	case !was && is:
		u.Kind = bot.KindBotAdded
	case was && !is:
		u.Kind = bot.KindBotRemoved
	default:
		return bot.Update{}, false
	}
	return u, true
}
