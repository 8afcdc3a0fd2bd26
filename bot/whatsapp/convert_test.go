package whatsapp

import (
	"context"
	"reflect"
	"testing"

	"go.mau.fi/whatsmeow/proto/waCommon"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"kelompok/bot"
)

func conv(m mapLIDs) Converter {
	return Converter{IDs: Identities{LIDs: m}, Own: func() []types.JID { return []types.JID{botPN, botLID} },
		Title: func(context.Context, types.JID) string { return "Kelompok Mawar" }}
}

func TestConvertGroupText(t *testing.T) {
	u, ok := conv(mapLIDs{}).Message(context.Background(), textEvent(group, dev(budiPN, 3), "3EB0A1", "/setor 5000"))
	if !ok {
		t.Fatal("group text dropped")
	}
	want := bot.Update{
		Kind: bot.KindMessage, Source: "wa:120363012345678901@g.us/m/3EB0A1", Chat: "wa:120363012345678901@g.us",
		ChatTitle: "Kelompok Mawar", Text: "/setor 5000", MessageID: "3EB0A1 6281234567890@s.whatsapp.net", At: at,
		Sender: bot.Person{Ref: "wa:6281234567890", Name: "Budi", Username: "6281234567890"},
	}
	if u.Kind != want.Kind || u.Source != want.Source || u.Chat != want.Chat || u.ChatTitle != want.ChatTitle ||
		u.Text != want.Text || u.MessageID != want.MessageID || !u.At.Equal(at) || !reflect.DeepEqual(u.Sender, want.Sender) || u.Private {
		t.Fatalf("got  %+v\nwant %+v", u, want)
	}
	if u.Chat.Platform() != "wa" || !IsGroup(u.Chat) {
		t.Errorf("chat %s not a wa group", u.Chat)
	}
}

func TestConvertExtendedAndCaption(t *testing.T) {
	c := conv(mapLIDs{})
	for name, m := range map[string]*waE2E.Message{
		"extended": {ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String("!kas")}},
		"image":    {ImageMessage: &waE2E.ImageMessage{Caption: proto.String("!kas")}},
		"video":    {VideoMessage: &waE2E.VideoMessage{Caption: proto.String("!kas")}},
		"document": {DocumentMessage: &waE2E.DocumentMessage{Caption: proto.String("!kas")}},
	} {
		e := textEvent(group, budiPN, "3EB0B"+name, "")
		e.Message = m
		u, ok := c.Message(context.Background(), e)
		if !ok || u.Text != "!kas" {
			t.Errorf("%s: ok=%v text=%q", name, ok, u.Text)
		}
	}
	e := textEvent(group, budiPN, "3EB0C", "")
	e.Message = &waE2E.Message{ImageMessage: &waE2E.ImageMessage{}}
	if _, ok := c.Message(context.Background(), e); ok {
		t.Error("an image without caption became an update")
	}
}

// A message in a LID-addressed group names the sender by LID; the phone
// number comes as SenderAlt, or from the store's LID map. The LID, when
// known, is the lasting reference and the number its alternative, which
// the book records as the member's alias: a member who wrote from the
// phone number is found by either.
func TestConvertLIDSenderIsOnePerson(t *testing.T) {
	ctx := context.Background()
	lids := mapLIDs{}
	c := conv(lids)
	budi := bot.Person{Ref: "wa:123456789012345@lid", Alt: "wa:6281234567890", Name: "Budi", Username: "6281234567890"}
	// Only the number, the LID not known yet.
	pn, _ := c.Message(ctx, textEvent(group, budiPN, "1", "/saldo"))
	if want := (bot.Person{Ref: "wa:6281234567890", Name: "Budi", Username: "6281234567890"}); !reflect.DeepEqual(pn.Sender, want) {
		t.Fatalf("number alone: %+v", pn.Sender)
	}
	withAlt := textEvent(group, budiLID, "2", "/saldo")
	withAlt.Info.AddressingMode = types.AddressingModeLID
	withAlt.Info.SenderAlt = budiPN
	u, _ := c.Message(ctx, withAlt)
	if !reflect.DeepEqual(u.Sender, budi) {
		t.Fatalf("LID with alt: %+v", u.Sender)
	}
	if lids[budiLID] != budiPN {
		t.Fatalf("mapping not remembered: %v", lids)
	}
	// Later the LID alone, or the number alone: both forms through the map.
	for i, from := range []types.JID{dev(budiLID, 2), budiPN} {
		u, _ = c.Message(ctx, textEvent(group, from, "3"+from.User, "/saldo"))
		if !reflect.DeepEqual(u.Sender, budi) {
			t.Fatalf("%d: %+v", i, u.Sender)
		}
	}
	// A LID nobody has mapped stays a LID, distinct from every number.
	u, _ = c.Message(ctx, textEvent(group, sitiLID, "4", "/saldo"))
	if u.Sender.Ref != "wa:987654321098765@lid" || u.Sender.Username != "987654321098765" || u.Sender.Alt != "" {
		t.Fatalf("unmapped LID: %+v", u.Sender)
	}
	if !IsLID(u.Sender.Ref) || IsLID(pn.Sender.Ref) || IsLID("tg:1@lid") {
		t.Error("IsLID")
	}
}

func TestConvertMentions(t *testing.T) {
	c := conv(mapLIDs{sitiLID: sitiPN})
	e := textEvent(group, budiPN, "5", "")
	e.Message = &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
		Text:        proto.String("/setor 5000 @987654321098765 dan @6281234567890 bukan @6200000000"),
		ContextInfo: &waE2E.ContextInfo{MentionedJID: []string{sitiLID.String(), budiPN.String()}},
	}}
	u, ok := c.Message(context.Background(), e)
	if !ok {
		t.Fatal("dropped")
	}
	// The LID mention becomes Siti's phone handle; an @number the message
	// does not list as a mention stays as typed.
	if want := "/setor 5000 @6289876543210 dan @6281234567890 bukan @6200000000"; u.Text != want {
		t.Fatalf("text %q, want %q", u.Text, want)
	}
}

func TestConvertPrivateChat(t *testing.T) {
	c := conv(mapLIDs{budiLID: budiPN})
	a, _ := c.Message(context.Background(), textEvent(budiPN, budiPN, "6", "/start"))
	b, _ := c.Message(context.Background(), textEvent(budiLID, budiLID, "7", "/start"))
	if !a.Private || !b.Private || a.Chat != "wa:123456789012345@lid" || b.Chat != a.Chat {
		t.Fatalf("private chats: %+v / %+v", a, b)
	}
	if IsGroup(a.Chat) {
		t.Error("private chat counted as group")
	}
}

func TestConvertSkips(t *testing.T) {
	c := conv(mapLIDs{})
	mine := textEvent(group, botPN, "8", "/kas")
	mine.Info.IsFromMe = true
	status := textEvent(types.StatusBroadcastJID, budiPN, "9", "/kas")
	channel := textEvent(types.NewJID("1203", types.NewsletterServer), budiPN, "10", "/kas")
	fwd := textEvent(group, budiPN, "11", "")
	fwd.Message = &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{
		Text: proto.String("/setor 5000"), ContextInfo: &waE2E.ContextInfo{IsForwarded: proto.Bool(true)}}}
	revoke := textEvent(group, budiPN, "12", "")
	revoke.Message = &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{Type: waE2E.ProtocolMessage_REVOKE.Enum()}}
	vote := textEvent(group, budiPN, "13", "")
	vote.Message = &waE2E.Message{PollUpdateMessage: &waE2E.PollUpdateMessage{}}
	for name, e := range map[string]*events.Message{"own": mine, "status": status, "channel": channel, "forward": fwd, "revoke": revoke, "vote": vote} {
		if u, ok := c.Message(context.Background(), e); ok {
			t.Errorf("%s became %+v", name, u)
		}
	}
}

func TestConvertEdit(t *testing.T) {
	e := textEvent(group, budiPN, "3EB0ED", "")
	e.Message = &waE2E.Message{ProtocolMessage: &waE2E.ProtocolMessage{
		Type:          waE2E.ProtocolMessage_MESSAGE_EDIT.Enum(),
		Key:           &waCommon.MessageKey{ID: proto.String("3EB0A1")},
		EditedMessage: &waE2E.Message{Conversation: proto.String("/setor 50000")},
	}}
	u, ok := conv(mapLIDs{}).Message(context.Background(), e)
	if !ok || u.Kind != bot.KindEdited || u.Text != "/setor 50000" || u.Source != "wa:120363012345678901@g.us/m/3EB0A1/e/3EB0ED" {
		t.Fatalf("edit: ok=%v %+v", ok, u)
	}
}

// The same message delivered twice converts to the same Source, which the
// store claims once; different chats never share a Source.
func TestConvertSourceIsStable(t *testing.T) {
	c := conv(mapLIDs{budiLID: budiPN})
	a, _ := c.Message(context.Background(), textEvent(group, budiPN, "3EB0DUP", "/setor 5000"))
	again := textEvent(group, budiLID, "3EB0DUP", "/setor 5000")
	b, _ := c.Message(context.Background(), again)
	other, _ := c.Message(context.Background(), textEvent(types.NewJID("120363999", types.GroupServer), budiPN, "3EB0DUP", "/setor 5000"))
	if a.Source != b.Source || a.Source == other.Source {
		t.Fatalf("sources %q %q %q", a.Source, b.Source, other.Source)
	}
}

func TestConvertJoinedAndRemoved(t *testing.T) {
	c := conv(mapLIDs{})
	sender, pn := budiLID, budiPN
	j := &events.JoinedGroup{Sender: &sender, SenderPN: &pn, Notify: "Budi",
		GroupInfo: types.GroupInfo{JID: group, GroupName: types.GroupName{Name: "Mawar"}, ParticipantVersionID: "v7"}}
	u, ok := c.Joined(context.Background(), j)
	if !ok || u.Kind != bot.KindBotAdded || u.ChatTitle != "Mawar" || u.Sender.Ref != "wa:123456789012345@lid" || u.Sender.Alt != "wa:6281234567890" || u.Source != "wa:120363012345678901@g.us/join/v7" {
		t.Fatalf("joined: %+v", u)
	}
	u, ok = c.Joined(context.Background(), &events.JoinedGroup{GroupInfo: types.GroupInfo{JID: group, ParticipantVersionID: "v8"}})
	if !ok || !u.Anonymous || u.Sender.Ref != "" {
		t.Fatalf("joined without sender: %+v", u)
	}
	if _, ok := c.GroupChange(context.Background(), &events.GroupInfo{JID: group, Leave: []types.JID{sitiPN}}); ok {
		t.Error("someone else leaving became an update")
	}
	adder := sitiLID
	u, ok = c.GroupChange(context.Background(), &events.GroupInfo{JID: group, Join: []types.JID{sitiPN, botPN}, Sender: &adder, SenderPN: &sitiPN, ParticipantVersionID: "v10"})
	if !ok || u.Kind != bot.KindBotAdded || u.Sender.Ref != "wa:987654321098765@lid" || u.Sender.Alt != "wa:6289876543210" || u.ChatTitle != "Kelompok Mawar" || u.Source != "wa:120363012345678901@g.us/join/v10" {
		t.Fatalf("added by group change: ok=%v %+v", ok, u)
	}
	u, ok = c.GroupChange(context.Background(), &events.GroupInfo{JID: group, Leave: []types.JID{botLID}, ParticipantVersionID: "v9"})
	if !ok || u.Kind != bot.KindBotRemoved || u.Source != "wa:120363012345678901@g.us/leave/v9" {
		t.Fatalf("removed: ok=%v %+v", ok, u)
	}
}

func TestIDsRoundTrip(t *testing.T) {
	for _, j := range []types.JID{group, budiPN, sitiLID} {
		ref := ChatRef(j)
		back, ok := ChatJID(ref)
		if !ok || back != j {
			t.Errorf("%s -> %s -> %s", j, ref, back)
		}
	}
	if _, ok := ChatJID("tg:-100"); ok {
		t.Error("telegram chat read as whatsapp")
	}
	if _, ok := ChatJID("wa:"); ok {
		t.Error("empty ref accepted")
	}
	if got := Mask("wa:6281234567890"); got != "62812*****890" {
		t.Errorf("mask: %s", got)
	}
	if got := maskNumbers("failed for 6281234567890@s.whatsapp.net"); got != "failed for 62812*****890@s.whatsapp.net" {
		t.Errorf("maskNumbers: %s", got)
	}
}

func dev(j types.JID, d uint16) types.JID {
	j.Device = d
	return j
}

// A private message redelivered after the LID map learned the sender's
// number has the same Source: it is built from the chat as WhatsApp
// addressed it, not from the person's resolved form.
func TestConvertPrivateRedeliveryAfterMapping(t *testing.T) {
	lids := mapLIDs{}
	c := conv(lids)
	for _, chat := range []types.JID{sitiLID, sitiPN} {
		a, _ := c.Message(context.Background(), textEvent(chat, chat, "P1", "/bantuan"))
		lids[sitiLID] = sitiPN
		b, _ := c.Message(context.Background(), textEvent(chat, chat, "P1", "/bantuan"))
		delete(lids, sitiLID)
		if a.Source == "" || a.Source != b.Source {
			t.Errorf("%s: sources %q, %q", chat, a.Source, b.Source)
		}
	}
}
