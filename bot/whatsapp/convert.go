package whatsapp

import (
	"context"
	"regexp"
	"strconv"
	"time"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"kelompok/bot"
)

// Converter turns whatsmeow events into Kelompok's updates.
type Converter struct {
	IDs Identities
	// Own returns the bot's own JIDs (phone number and LID), to recognise
	// the bot itself in membership changes.
	Own func() []types.JID
	// Title returns a group's name, if known (may be nil).
	Title func(ctx context.Context, chat types.JID) string
}

// Message converts a message event; ok is false for messages Kelompok does
// not act on (the bot's own, status updates, channels, forwards, media
// without a caption, poll votes, reactions).
func (c Converter) Message(ctx context.Context, evt *events.Message) (bot.Update, bool) {
	info := evt.Info
	if info.IsFromMe || evt.Message == nil {
		return bot.Update{}, false
	}
	u, title, ok := c.from(ctx, info)
	if !ok {
		return bot.Update{}, false
	}
	u.Kind, u.ChatTitle = bot.KindMessage, title
	msg := evt.Message
	if pm := msg.GetProtocolMessage(); pm != nil {
		if pm.GetType() != waE2E.ProtocolMessage_MESSAGE_EDIT || pm.GetEditedMessage() == nil {
			return bot.Update{}, false // deletions and other protocol messages
		}
		u.Kind = bot.KindEdited
		u.Source = editSource(ChatRef(info.Chat), pm.GetKey().GetID(), info.ID)
		msg = pm.GetEditedMessage()
	} else if evt.IsEdit {
		u.Kind = bot.KindEdited
		u.Source = editSource(ChatRef(info.Chat), info.ID, strconv.FormatInt(info.Timestamp.UnixMilli(), 10))
	}
	text, ci := Text(msg)
	if text == "" || ci.GetIsForwarded() {
		// A forwarded command is someone else's old message: never booked again.
		return bot.Update{}, false
	}
	u.Text = c.mentions(ctx, text, ci.GetMentionedJID())
	return u, true
}

// from reads what a message and a poll vote share: the update's chat,
// sender, message id, time and Source, and the group's title. ok is false
// for a chat or sender Kelompok does not act on (status updates, broadcast
// lists, channels, bots).
func (c Converter) from(ctx context.Context, info types.MessageInfo) (u bot.Update, title string, ok bool) {
	group := info.Chat.Server == types.GroupServer
	if !group && info.Chat.Server != types.DefaultUserServer && info.Chat.Server != types.HiddenUserServer {
		return bot.Update{}, "", false
	}
	if info.Sender.Server != types.DefaultUserServer && info.Sender.Server != types.HiddenUserServer {
		return bot.Update{}, "", false
	}
	if group && c.Title != nil {
		// First: looking up a group's info also teaches the LID map its
		// members' phone numbers.
		title = c.Title(ctx, info.Chat)
	}
	sender := c.IDs.Resolve(ctx, info.Sender, info.SenderAlt)
	u = bot.Update{
		Private:   !group,
		MessageID: messageID(info.ID, info.Sender),
		At:        info.Timestamp,
		Sender:    sender.Person(info.PushName),
		Source:    rawSource(info),
	}
	if group {
		u.Chat = ChatRef(info.Chat)
	} else {
		// One person's private chat is one chat, in either address form.
		u.Chat = ChatRef(sender.Key())
	}
	return u, title, true
}

// Text is the text of a message and its context (mentions, quote,
// forwarding): plain, extended (links, mentions, replies) or a caption of
// an image, video or document.
func Text(m *waE2E.Message) (string, *waE2E.ContextInfo) {
	switch {
	case m.GetConversation() != "":
		return m.GetConversation(), nil
	case m.GetExtendedTextMessage() != nil:
		return m.GetExtendedTextMessage().GetText(), m.GetExtendedTextMessage().GetContextInfo()
	case m.GetImageMessage() != nil:
		return m.GetImageMessage().GetCaption(), m.GetImageMessage().GetContextInfo()
	case m.GetVideoMessage() != nil:
		return m.GetVideoMessage().GetCaption(), m.GetVideoMessage().GetContextInfo()
	case m.GetDocumentMessage() != nil:
		return m.GetDocumentMessage().GetCaption(), m.GetDocumentMessage().GetContextInfo()
	}
	return "", nil
}

// mentionRE finds "@digits" in a text, as WhatsApp writes a mention.
var mentionRE = regexp.MustCompile(`@(\d{5,20})\b`)

// mentions rewrites each mention to the person's stable handle: a mention
// of someone's LID reads "@<lid digits>", which becomes "@<phone digits>"
// when the phone number is known. Members are found by that handle (it is
// kept as their username), so "/setor 5000 @628..." names the same member
// whichever form WhatsApp used. Mentions the message does not list are
// left as typed (they then match nobody and the command says so).
func (c Converter) mentions(ctx context.Context, text string, jids []string) string {
	if len(jids) == 0 {
		return text
	}
	to := map[string]string{}
	for _, s := range jids {
		j, err := types.ParseJID(s)
		if err != nil || j.User == "" {
			continue
		}
		to[j.User] = c.IDs.Resolve(ctx, j, types.JID{}).Handle()
	}
	return mentionRE.ReplaceAllStringFunc(text, func(m string) string {
		if h, ok := to[m[1:]]; ok {
			return "@" + h
		}
		return m
	})
}

// Joined converts the bot being added to a group; the one who added it
// (if WhatsApp says) is the sender, a candidate for first chair.
func (c Converter) Joined(ctx context.Context, evt *events.JoinedGroup) (bot.Update, bool) {
	if evt.JID.Server != types.GroupServer {
		return bot.Update{}, false
	}
	chat := ChatRef(evt.JID)
	version := changeVersion(evt.ParticipantVersionID, evt.GroupCreated)
	u := bot.Update{Kind: bot.KindBotAdded, Chat: chat, ChatTitle: evt.Name, Source: joinSource(chat, version), At: evt.GroupCreated}
	c.addedBy(ctx, &u, evt.Sender, evt.SenderPN, evt.Notify)
	return u, true
}

// GroupChange converts a change of a group's members that adds the bot
// (by whom, if WhatsApp says) or removes it.
func (c Converter) GroupChange(ctx context.Context, evt *events.GroupInfo) (bot.Update, bool) {
	if c.Own == nil || evt.JID.Server != types.GroupServer {
		return bot.Update{}, false
	}
	chat := ChatRef(evt.JID)
	version := changeVersion(evt.ParticipantVersionID, evt.Timestamp)
	switch {
	case c.isMe(evt.Join):
		u := bot.Update{Kind: bot.KindBotAdded, Chat: chat, Source: joinSource(chat, version), At: evt.Timestamp}
		if c.Title != nil {
			u.ChatTitle = c.Title(ctx, evt.JID)
		}
		c.addedBy(ctx, &u, evt.Sender, evt.SenderPN, "")
		return u, true
	case c.isMe(evt.Leave):
		return bot.Update{Kind: bot.KindBotRemoved, Chat: chat, Source: leaveSource(chat, version), At: evt.Timestamp}, true
	}
	return bot.Update{}, false
}

// changeVersion tells one change of a group's members from another: the
// participant version WhatsApp gives, else the time of the change.
func changeVersion(participantVersion string, at time.Time) string {
	if participantVersion != "" {
		return participantVersion
	}
	return strconv.FormatInt(at.Unix(), 10)
}

// addedBy sets who added the bot to a group as the update's sender, if
// WhatsApp says (sender and, beside a LID, its phone number); else the
// update is anonymous: nobody to name as chair, an admin types /start.
func (c Converter) addedBy(ctx context.Context, u *bot.Update, sender, senderPN *types.JID, name string) {
	if sender == nil || sender.IsEmpty() {
		u.Anonymous = true
		return
	}
	var alt types.JID
	if senderPN != nil {
		alt = *senderPN
	}
	u.Sender = c.IDs.Resolve(ctx, *sender, alt).Person(name)
}

// isMe reports whether the bot is among jids.
func (c Converter) isMe(jids []types.JID) bool {
	if c.Own == nil {
		return false
	}
	for _, j := range jids {
		for _, me := range c.Own() {
			if !me.IsEmpty() && j.User == me.User && j.Server == me.Server {
				return true
			}
		}
	}
	return false
}
