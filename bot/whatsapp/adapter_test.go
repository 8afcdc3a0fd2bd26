package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"kelompok/bot"
)

func newAdapter(f *fakeClient, lids mapLIDs) *Adapter {
	if f.groups == nil {
		f.groups = map[types.JID]*types.GroupInfo{}
	}
	return New(f, Identities{LIDs: lids}, func() []types.JID { return []types.JID{botPN, botLID} })
}

func TestSendFormatsAndQuotes(t *testing.T) {
	f := &fakeClient{}
	a := newAdapter(f, mapLIDs{})
	a.Hint = func(_ string, b [][]bot.Button) string { return "ketik <code>/terima 5</code>" }
	err := a.Send(context.Background(), bot.Reply{
		Chat: ChatRef(group), Text: "🕓 Laporan <b>#5</b> &amp; lain", ReplyTo: messageID("3EB0A1", budiLID),
		Buttons: [][]bot.Button{{{Label: "✅ Terima", Data: "ok:5"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.sent) != 1 || f.sent[0].to != group {
		t.Fatalf("sent %+v", f.sent)
	}
	ext := f.sent[0].msg.GetExtendedTextMessage()
	if got, want := ext.GetText(), "🕓 Laporan *#5* & lain\nketik ```/terima 5```"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	ci := ext.GetContextInfo()
	if ci.GetStanzaID() != "3EB0A1" || ci.GetParticipant() != budiLID.String() || ci.GetQuotedMessage() == nil {
		t.Errorf("quote %+v", ci)
	}
	// Without a message to quote: a plain conversation message, to a
	// private chat by phone number.
	if err := a.Send(context.Background(), bot.Reply{Chat: ChatRef(budiPN), Text: "halo"}); err != nil {
		t.Fatal(err)
	}
	if f.sent[1].to != budiPN || f.sent[1].msg.GetConversation() != "halo" {
		t.Errorf("plain %+v", f.sent[1])
	}
	// A button answer has nothing to show on WhatsApp.
	if err := a.Send(context.Background(), bot.Reply{Chat: ChatRef(group), AnswerButton: "x", Notice: "ok"}); err != nil || len(f.sent) != 2 {
		t.Errorf("button answer sent: %v %d", err, len(f.sent))
	}
}

func TestSendErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		want func(*bot.SendError) bool
	}{
		{whatsmeow.ErrNotInGroup, func(e *bot.SendError) bool { return e.Gone }},
		{whatsmeow.ErrIQForbidden, func(e *bot.SendError) bool { return e.Gone }},
		{whatsmeow.ErrIQRateOverLimit, func(e *bot.SendError) bool { return e.RetryAfter > 0 }},
		{whatsmeow.ErrUnknownServer, func(e *bot.SendError) bool { return e.Permanent }},
	} {
		f := &fakeClient{sendErr: c.err}
		err := newAdapter(f, mapLIDs{}).Send(context.Background(), bot.Reply{Chat: ChatRef(group), Text: "x"})
		var se *bot.SendError
		if !errors.As(err, &se) || !c.want(se) {
			t.Errorf("%v -> %#v", c.err, err)
		}
	}
	// Not connected: an ordinary error, retried by the outbox.
	f := &fakeClient{sendErr: whatsmeow.ErrNotConnected}
	err := newAdapter(f, mapLIDs{}).Send(context.Background(), bot.Reply{Chat: ChatRef(group), Text: "x"})
	var se *bot.SendError
	if err == nil || errors.As(err, &se) {
		t.Errorf("not connected -> %#v", err)
	}
	if err := newAdapter(f, mapLIDs{}).Send(context.Background(), bot.Reply{Chat: "tg:-5", Text: "x"}); !errors.As(err, &se) || !se.Permanent {
		t.Errorf("foreign chat -> %v", err)
	}
}

// The group's WhatsApp admins are its first officers; an admin listed by
// LID is recognised when they write from their phone number.
func TestIsAdmin(t *testing.T) {
	f := &fakeClient{groups: map[types.JID]*types.GroupInfo{group: {
		JID: group, GroupName: types.GroupName{Name: "Mawar"},
		Participants: []types.GroupParticipant{
			{JID: budiLID, LID: budiLID, PhoneNumber: budiPN, IsAdmin: true},
			{JID: sitiPN, PhoneNumber: sitiPN, LID: sitiLID},
			{JID: botPN, IsSuperAdmin: true},
		},
	}}}
	lids := mapLIDs{}
	a := newAdapter(f, lids)
	ctx := context.Background()
	for ref, want := range map[bot.UserRef]bool{UserRef(budiPN): true, UserRef(sitiPN): false, "wa:6280000000": false} {
		got, err := a.IsAdmin(ctx, ChatRef(group), ref)
		if err != nil || got != want {
			t.Errorf("IsAdmin(%s) = %v, %v; want %v", ref, got, err, want)
		}
	}
	if lids[sitiLID] != sitiPN {
		t.Error("participant list did not teach the LID map")
	}
	if got, err := a.IsAdmin(ctx, ChatRef(budiPN), UserRef(budiPN)); got || err != nil {
		t.Errorf("private chat admin: %v %v", got, err)
	}
	if _, err := a.IsAdmin(ctx, ChatRef(types.NewJID("1203639", types.GroupServer)), UserRef(budiPN)); err == nil {
		t.Error("unknown group: no error")
	}
	if a.title(ctx, group) != "Mawar" {
		t.Error("title not cached from group info")
	}
}

func TestHandleSubmitsAndWaits(t *testing.T) {
	f := &fakeClient{groups: map[types.JID]*types.GroupInfo{group: {JID: group, GroupName: types.GroupName{Name: "Mawar"}}}}
	a := newAdapter(f, mapLIDs{})
	rec := &recorder{}
	ctx := context.Background()
	if !a.Handle(ctx, rec, textEvent(group, budiPN, "1", "/setor 5000")) {
		t.Fatal("committed message not acknowledged")
	}
	if len(rec.ups) != 1 || rec.ups[0].Text != "/setor 5000" || rec.ups[0].ChatTitle != "Mawar" {
		t.Fatalf("submitted %+v", rec.ups)
	}
	// A failed commit is not acknowledged: WhatsApp delivers it again.
	rec.err = errors.New("disk full")
	if a.Handle(ctx, rec, textEvent(group, budiPN, "2", "/setor 5000")) {
		t.Error("failed message acknowledged")
	}
	// What is not for the book is acknowledged without submitting.
	n := len(rec.ups)
	if !a.Handle(ctx, rec, &events.Receipt{}) || !a.Handle(ctx, rec, textEvent(group, budiPN, "3", "")) {
		t.Error("ignored event not acknowledged")
	}
	if len(rec.ups) != n {
		t.Error("ignored event submitted")
	}
}

func TestConnectionLife(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		evt  any
		stop bool
		pair bool
	}{
		{"disconnected", &events.Disconnected{}, false, false},
		{"keepalive", &events.KeepAliveTimeout{ErrorCount: 2}, false, false},
		// whatsmeow sends ConnectFailure only for failures it does not
		// reconnect after.
		{"connect failure generic", &events.ConnectFailure{Reason: events.ConnectFailureGeneric}, true, false},
		{"connect failure user agent", &events.ConnectFailure{Reason: events.ConnectFailureBadUserAgent}, true, false},
		{"cat refresh", &events.CATRefreshError{Error: errors.New("no")}, true, false},
		{"logged out", &events.LoggedOut{Reason: events.ConnectFailureLoggedOut}, true, true},
		{"logged out on connect", &events.LoggedOut{Reason: events.ConnectFailureLoggedOut, OnConnect: true}, true, true},
		// 403 (LOCKED) and 406 (BANNED) come as LoggedOut: a ban, which
		// pairing again does not cure.
		{"locked", &events.LoggedOut{Reason: events.ConnectFailureMainDeviceGone, OnConnect: true}, true, false},
		{"banned", &events.LoggedOut{Reason: events.ConnectFailureUnknownLogout}, true, false},
		{"stream replaced", &events.StreamReplaced{}, true, false},
		{"temporary ban", &events.TemporaryBan{Code: events.TempBanSentToTooManyPeople}, true, false},
		{"outdated", &events.ClientOutdated{}, true, false},
	} {
		a := newAdapter(&fakeClient{}, mapLIDs{})
		if !a.Handle(ctx, &recorder{}, c.evt) {
			t.Errorf("%s: not acknowledged", c.name)
		}
		select {
		case <-a.stopped:
			if !c.stop {
				t.Errorf("%s: stopped", c.name)
			} else if a.why.Pair != c.pair {
				t.Errorf("%s: pair=%v", c.name, a.why.Pair)
			}
		default:
			if c.stop {
				t.Errorf("%s: did not stop", c.name)
			}
		}
	}
}

// Serve returns when WhatsApp logs the session out, says so, and
// disconnects; it does not reconnect.
func TestServeStopsOnLoggedOut(t *testing.T) {
	f := &fakeClient{onConnect: []any{&events.Connected{}, &events.LoggedOut{Reason: events.ConnectFailureLoggedOut}}}
	a := newAdapter(f, mapLIDs{})
	err := a.Serve(context.Background(), &recorder{})
	var st *Stopped
	if !errors.As(err, &st) || !st.Pair || !strings.Contains(err.Error(), "logged out") || !strings.Contains(err.Error(), "kelompok whatsapp login") {
		t.Fatalf("serve: %v", err)
	}
	if f.disconnects != 1 || f.connected {
		t.Errorf("disconnects %d connected %v", f.disconnects, f.connected)
	}
}

// A connect failure whatsmeow does not reconnect after ends Serve with
// its reason, instead of leaving WhatsApp dead but not stopped.
func TestServeStopsOnUnknownConnectFailure(t *testing.T) {
	f := &fakeClient{onConnect: []any{&events.ConnectFailure{Reason: events.ConnectFailureBadUserAgent}}}
	err := newAdapter(f, mapLIDs{}).Serve(context.Background(), &recorder{})
	var st *Stopped
	if !errors.As(err, &st) || st.Pair || !strings.Contains(err.Error(), "409") {
		t.Fatalf("serve: %v", err)
	}
}

// A ban is not reported as a logout to cure by pairing again.
func TestServeStopsOnBan(t *testing.T) {
	f := &fakeClient{onConnect: []any{&events.LoggedOut{Reason: events.ConnectFailureUnknownLogout, OnConnect: true}}}
	err := newAdapter(f, mapLIDs{}).Serve(context.Background(), &recorder{})
	var st *Stopped
	if !errors.As(err, &st) || st.Pair || strings.Contains(err.Error(), "pair again") || !strings.Contains(err.Error(), "banned") {
		t.Fatalf("serve: %v", err)
	}
}

func TestServeEndsWithContext(t *testing.T) {
	f := &fakeClient{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := newAdapter(f, mapLIDs{}).Serve(ctx, &recorder{}); err != nil {
		t.Fatal(err)
	}
	if f.disconnects != 1 {
		t.Error("not disconnected")
	}
}

// The first message from a LID in a group the bot has not looked at yet:
// the group's member list (fetched for its title) gives the phone number,
// carried beside the LID, so the book finds the member who wrote by
// number before.
func TestFirstLIDMessageLearnsFromGroupInfo(t *testing.T) {
	f := &fakeClient{groups: map[types.JID]*types.GroupInfo{group: {
		JID: group, GroupName: types.GroupName{Name: "Mawar"},
		Participants: []types.GroupParticipant{{JID: budiLID, LID: budiLID, PhoneNumber: budiPN}},
	}}}
	rec := &recorder{}
	a := newAdapter(f, mapLIDs{})
	if !a.Handle(context.Background(), rec, textEvent(group, budiLID, "1", "/saldo")) {
		t.Fatal("not acknowledged")
	}
	if len(rec.ups) != 1 || rec.ups[0].Sender.Ref != UserRef(budiLID) || rec.ups[0].Sender.Alt != UserRef(budiPN) {
		t.Fatalf("sender %+v", rec.ups)
	}
}

// script is a Submitter that answers each update with the next of errs
// (nil once they run out).
type script struct {
	mu   sync.Mutex
	errs []error
	n    int
}

func (s *script) Submit(ctx context.Context, u bot.Update, done func(error)) {
	s.mu.Lock()
	var err error
	if s.n < len(s.errs) {
		err = s.errs[s.n]
	}
	s.n++
	s.mu.Unlock()
	go done(err)
}

var errBusy = errors.New("database is locked")

func isBusy(err error) bool { return errors.Is(err, errBusy) }

// A commit that fails for a passing reason is tried again until it
// succeeds; the message is then acknowledged without reconnecting.
func TestSubmitRetriesPassingFailure(t *testing.T) {
	f := &fakeClient{}
	a := newAdapter(f, mapLIDs{})
	a.Transient = isBusy
	sub := &script{errs: []error{errBusy, errBusy}}
	if !a.Handle(context.Background(), sub, textEvent(types.NewJID("6281", types.DefaultUserServer), budiPN, "1", "/saldo")) {
		t.Fatal("not acknowledged after the retries succeeded")
	}
	if sub.n != 3 || f.disconnects != 0 {
		t.Errorf("tries %d, disconnects %d", sub.n, f.disconnects)
	}
	// A fault is not retried.
	sub = &script{errs: []error{errors.New("constraint failed")}}
	if a.Handle(context.Background(), sub, textEvent(types.NewJID("6281", types.DefaultUserServer), budiPN, "2", "/saldo")) {
		t.Error("failed message acknowledged")
	}
	if sub.n != 1 || f.disconnects != 0 {
		t.Errorf("fault: tries %d, disconnects %d", sub.n, f.disconnects)
	}
}

// A passing failure that lasts past RetryFor leaves the message
// unacknowledged and reconnects, so that WhatsApp delivers it again now
// rather than after the next drop of the connection.
func TestSubmitRedeliversAfterRetries(t *testing.T) {
	f := &fakeClient{connectedCh: make(chan struct{}, 1)}
	a := newAdapter(f, mapLIDs{})
	a.Transient = isBusy
	a.RetryFor = time.Nanosecond
	ctx := context.Background()
	sub := &script{errs: []error{errBusy}}
	if a.Handle(ctx, sub, textEvent(types.NewJID("6281", types.DefaultUserServer), budiPN, "1", "/saldo")) {
		t.Fatal("acknowledged though not committed")
	}
	<-f.connectedCh // reconnected
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.disconnects != 1 || f.connects != 1 || !f.connected {
		t.Errorf("disconnects %d connects %d connected %v", f.disconnects, f.connects, f.connected)
	}
}

// A group whose info cannot be fetched is not asked again for every
// message (each ask blocks the chat) until GroupInfoRetry has passed.
func TestGroupInfoFailureIsCached(t *testing.T) {
	f := &fakeClient{}
	a := newAdapter(f, mapLIDs{})
	clock := &bot.FixedClock{T: at}
	a.now = clock.Now
	rec := &recorder{}
	ctx := context.Background()
	for i := range 3 {
		if !a.Handle(ctx, rec, textEvent(group, budiPN, fmt.Sprint("M", i), "/saldo")) {
			t.Fatal("not acknowledged")
		}
	}
	if f.infoCalls != 1 || len(rec.ups) != 3 || rec.ups[2].ChatTitle != "" {
		t.Fatalf("group info asked %d times for 3 messages", f.infoCalls)
	}
	clock.Advance(GroupInfoRetry)
	f.groups[group] = &types.GroupInfo{JID: group, GroupName: types.GroupName{Name: "Mawar"}}
	a.Handle(ctx, rec, textEvent(group, budiPN, "M3", "/saldo"))
	a.Handle(ctx, rec, textEvent(group, budiPN, "M4", "/saldo"))
	if f.infoCalls != 2 || rec.ups[4].ChatTitle != "Mawar" {
		t.Errorf("after the wait: %d asks, title %q", f.infoCalls, rec.ups[4].ChatTitle)
	}
}
