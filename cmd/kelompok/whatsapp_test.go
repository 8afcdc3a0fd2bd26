package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"kelompok/bot"
	"kelompok/bot/outbox"
	"kelompok/bot/whatsapp"
	"kelompok/locales"
	"kelompok/storage"
)

// waFake stands in for the whatsmeow client: events are delivered to the
// adapter's handler as whatsmeow would, sends are recorded.
type waFake struct {
	mu      sync.Mutex
	handler whatsmeow.EventHandlerWithSuccessStatus
	ready   chan struct{}
	sent    []waSent
	groups  map[types.JID]*types.GroupInfo
	// crypto is the bot's paired (not connected) whatsmeow client: it
	// builds polls, keeps their secrets and decrypts votes.
	crypto *whatsmeow.Client
}

type waSent struct {
	to   types.JID
	text string
	id   types.MessageID
	msg  *waE2E.Message
}

func (f *waFake) Connect() error { close(f.ready); return nil }
func (f *waFake) Disconnect()    {}
func (f *waFake) AddEventHandlerWithSuccessStatus(h whatsmeow.EventHandlerWithSuccessStatus) uint32 {
	f.mu.Lock()
	f.handler = h
	f.mu.Unlock()
	return 1
}
func (f *waFake) RemoveEventHandler(uint32) bool { return true }
func (f *waFake) SendMessage(_ context.Context, to types.JID, m *waE2E.Message, _ ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	text := m.GetConversation()
	if text == "" {
		text = m.GetExtendedTextMessage().GetText()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	id := types.MessageID(fmt.Sprintf("3EB0BOT%d", len(f.sent)+1))
	f.sent = append(f.sent, waSent{to, text, id, m})
	resp := whatsmeow.SendResponse{ID: id, Sender: f.crypto.Store.GetJID()}
	// As whatsmeow's SendMessage does: a poll's secret is kept in the
	// session, under the chat, the bot and the message id.
	if secret := m.GetMessageContextInfo().GetMessageSecret(); secret != nil {
		if err := f.crypto.Store.MsgSecrets.PutMessageSecret(context.Background(), to, resp.Sender, id, secret); err != nil {
			return whatsmeow.SendResponse{}, err
		}
	}
	return resp, nil
}
func (f *waFake) BuildPollCreation(name string, options []string, selectable int) *waE2E.Message {
	return f.crypto.BuildPollCreation(name, options, selectable)
}
func (f *waFake) DecryptPollVote(ctx context.Context, vote *events.Message) (*waE2E.PollVoteMessage, error) {
	return f.crypto.DecryptPollVote(ctx, vote)
}
func (f *waFake) GetGroupInfo(_ context.Context, jid types.JID) (*types.GroupInfo, error) {
	if g := f.groups[jid]; g != nil {
		return g, nil
	}
	return nil, whatsmeow.ErrGroupNotFound
}

func (f *waFake) deliver(t *testing.T, evt any) bool {
	t.Helper()
	<-f.ready
	f.mu.Lock()
	h := f.handler
	f.mu.Unlock()
	return h(evt)
}

func (f *waFake) texts(to types.JID) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, s := range f.sent {
		if s.to == to {
			out = append(out, s.text)
		}
	}
	return out
}

// waitSent waits until a message to `to` contains want.
func (f *waFake) waitSent(t *testing.T, to types.JID, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, s := range f.texts(to) {
			if strings.Contains(s, want) {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no message to %s with %q; sent: %q", to, want, f.texts(to))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type lidMap map[types.JID]types.JID

func (m lidMap) GetPNForLID(_ context.Context, lid types.JID) (types.JID, error) { return m[lid], nil }
func (m lidMap) GetLIDForPN(context.Context, types.JID) (types.JID, error) {
	return types.JID{}, nil
}
func (m lidMap) PutLIDMapping(_ context.Context, lid, pn types.JID) error { m[lid] = pn; return nil }

var (
	waGroup   = types.NewJID("120363012345678901", types.GroupServer)
	waBudiPN  = types.NewJID("6281234567890", types.DefaultUserServer)
	waBudiLID = types.NewJID("123456789012345", types.HiddenUserServer)
	waSitiPN  = types.NewJID("6289876543210", types.DefaultUserServer)
	waSitiLID = types.NewJID("987654321098765", types.HiddenUserServer)
	waEkoPN   = types.NewJID("6285550001111", types.DefaultUserServer)
	waBotPN   = types.NewJID("6281111111111", types.DefaultUserServer)
)

// waClient is a whatsmeow client on a session file of its own, paired as
// pn as whatsmeow saves a pairing, and never connected: the bot's, or a
// member's phone.
func waClient(t *testing.T, pn types.JID) *whatsmeow.Client {
	t.Helper()
	s, err := whatsapp.OpenSession(context.Background(), filepath.Join(t.TempDir(), pn.User+".db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	pn.Device = 7
	s.Device.ID = &pn
	s.Device.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte{1}, AccountSignature: make([]byte, 64),
		AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
	if err := s.Device.Save(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s.NewClient()
}

func waText(chat, sender types.JID, id, name, text string, mentions ...types.JID) *events.Message {
	m := &waE2E.Message{Conversation: proto.String(text)}
	if len(mentions) > 0 {
		var jids []string
		for _, j := range mentions {
			jids = append(jids, j.String())
		}
		m = &waE2E.Message{ExtendedTextMessage: &waE2E.ExtendedTextMessage{Text: proto.String(text),
			ContextInfo: &waE2E.ContextInfo{MentionedJID: jids}}}
	}
	return &events.Message{Info: types.MessageInfo{
		MessageSource: types.MessageSource{Chat: chat, Sender: sender, IsGroup: chat.Server == types.GroupServer},
		ID:            id, PushName: name, Timestamp: time.Now()}, Message: m}
}

// startWA serves a fake WhatsApp with the real router, book and outbox.
func startWA(t *testing.T) (*Main, *waFake, lidMap, func() error) {
	t.Helper()
	m := openMain(t, filepath.Join(t.TempDir(), "k.db"))
	m.Pace = &outbox.PaceRules{}
	t.Cleanup(func() { m.Close() })
	f := &waFake{ready: make(chan struct{}), crypto: waClient(t, waBotPN), groups: map[types.JID]*types.GroupInfo{waGroup: {
		JID: waGroup, GroupName: types.GroupName{Name: "KM Mawar"},
		Participants: []types.GroupParticipant{
			{JID: waBudiLID, LID: waBudiLID, PhoneNumber: waBudiPN, IsSuperAdmin: true},
			{JID: waSitiLID, LID: waSitiLID, PhoneNumber: waSitiPN},
		}}}}
	lids := lidMap{}
	a := whatsapp.New(f, whatsapp.Identities{LIDs: lids}, func() []types.JID { return []types.JID{waBotPN} })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveWhatsApp(ctx, m, a) }()
	var once sync.Once
	var stopErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(10 * time.Second):
				stopErr = errors.New("whatsapp did not stop")
			}
		})
		return stopErr
	}
	t.Cleanup(func() { stop() })
	return m, f, lids, stop
}

// A WhatsApp group keeps its book with the same commands: the group's
// admin becomes chair, replies come in WhatsApp formatting with the
// command to type instead of buttons, a redelivered message books once,
// and a member is the same member as phone number and as LID.
func TestWhatsAppGroupBook(t *testing.T) {
	m, f, _, stop := startWA(t)
	deliver := func(e *events.Message) {
		t.Helper()
		if !f.deliver(t, e) {
			t.Fatalf("%q not acknowledged", e.Message.GetConversation())
		}
	}
	// Budi, an admin, writes by LID with his number as the alternative.
	start := waText(waGroup, waBudiLID, "A1", "Budi", "/start")
	start.Info.SenderAlt = waBudiPN
	deliver(start)
	chair := f.waitSent(t, waGroup, "tercatat sebagai *ketua*")
	if strings.ContainsAny(chair, "<>") {
		t.Errorf("HTML in a WhatsApp reply: %q", chair)
	}
	deliver(waText(waGroup, waSitiPN, "A2", "Siti", "!daftar"))
	f.waitSent(t, waGroup, "Siti")

	dep := waText(waGroup, waSitiPN, "A3", "Siti", "/setor 5rb")
	deliver(dep)
	pending := f.waitSent(t, waGroup, "menunggu diterima")
	if !strings.Contains(pending, "*Rp5.000*") || !strings.Contains(pending, "```/terima 1```") {
		t.Errorf("pending report lacks bold amount or the command to type: %q", pending)
	}
	// WhatsApp delivers the same message again (same id): booked once,
	// answered once.
	before := len(f.texts(waGroup))
	deliver(dep)
	assertEntries(t, m.Store, 1)

	// Budi, now by LID alone (his number is known from before), confirms.
	deliver(waText(waGroup, waBudiLID, "A4", "Budi", "/terima 1"))
	f.waitSent(t, waGroup, "diterima oleh Budi")
	// The chair records for Siti, naming her by a mention of her LID.
	deliver(waText(waGroup, waBudiPN, "A5", "Budi", "/setor 2000 @987654321098765", waSitiLID))
	f.waitSent(t, waGroup, "Tabungan Siti: Rp7.000")
	assertEntries(t, m.Store, 2)
	if n := strings.Count(strings.Join(f.texts(waGroup)[before:], "\n"), "menunggu diterima bendahara"); n != 0 {
		t.Errorf("redelivery answered again (%d)", n)
	}

	// A group command in a private chat says it is for groups.
	deliver(waText(waSitiPN, waSitiPN, "P1", "Siti", "/setor 5000"))
	f.waitSent(t, waSitiPN, "hanya bisa dipakai di grup")
	assertEntries(t, m.Store, 2)

	// Members: two, not three (Budi by number and by LID is one).
	var n int
	m.Store.Read(context.Background(), func(q storage.Querier) error {
		return q.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM members").Scan(&n)
	})
	if n != 2 {
		t.Errorf("%d members, want 2", n)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// When WhatsApp logs the session out, serving WhatsApp ends with a
// *Stopped saying to pair again.
func TestWhatsAppLoggedOutStops(t *testing.T) {
	_, f, _, stop := startWA(t)
	if !f.deliver(t, &events.LoggedOut{Reason: events.ConnectFailureLoggedOut}) {
		t.Fatal("not acknowledged")
	}
	err := stop()
	var st *whatsapp.Stopped
	if !errors.As(err, &st) || !st.Pair {
		t.Fatalf("serve after logout: %v", err)
	}
}

func TestConfirmHintSpeaksTheGroupsLanguage(t *testing.T) {
	loc := locales.MustLoad()
	hint := confirmHint(loc)
	for lang, want := range map[string]string{"id": "<code>/terima 7</code>", "en": "<code>/confirm 7</code>"} {
		rows := [][]bot.Button{{
			{Label: loc.T(lang, "button.confirm", nil), Data: "ok:7"},
			{Label: loc.T(lang, "button.reject", nil), Data: "no:7"},
		}}
		// The reply's own language; for a reply queued without it, the
		// buttons' labels tell.
		for _, given := range []string{lang, ""} {
			if got := hint(given, rows); !strings.Contains(got, want) {
				t.Errorf("%s: %q lacks %q", lang, got, want)
			}
		}
	}
	if got := hint("id", nil); got != "" {
		t.Errorf("no buttons: %q", got)
	}
}

func TestWhatsAppConfig(t *testing.T) {
	c, err := LoadConfig(env(map[string]string{"WHATSAPP_ENABLED": "true", "WHATSAPP_PHONE": "+6281234567890", "WHATSAPP_SESSION_DB": "/var/lib/kelompok/wa.db"}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.WhatsAppEnabled || c.WhatsAppPhone != "+6281234567890" || c.WhatsAppSessionDB != "/var/lib/kelompok/wa.db" {
		t.Fatalf("config %+v", c)
	}
	if c, _ := LoadConfig(env(nil)); c.WhatsAppEnabled || c.WhatsAppSessionDB != "whatsapp.db" {
		t.Errorf("defaults %+v", c)
	}
	for name, kv := range map[string]map[string]string{
		"WHATSAPP_ENABLED": {"WHATSAPP_ENABLED": "ya"},
		"WHATSAPP_PHONE":   {"WHATSAPP_PHONE": "081234567890"},
	} {
		if _, err := LoadConfig(env(kv)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, bad := range []string{"0812345678", "62-812", "1234567", "6281234567890123"} {
		if validPhone(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Without a session, the login subcommand refuses unknown words, and
// WhatsApp stays off unless enabled (the terminal chat still starts).
func TestWhatsAppCommandArgs(t *testing.T) {
	m := openMain(t, filepath.Join(t.TempDir(), "k.db"))
	defer m.Close()
	err := runWhatsAppCommand(context.Background(), m, []string{"fax"}, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "fax") {
		t.Fatalf("unknown subcommand: %v", err)
	}
	startWhatsApp(context.Background(), m, &strings.Builder{})() // disabled: returns at once
}

// The WhatsApp admin who adds the bot becomes the first chair; a member
// who is not an admin does not.
func TestWhatsAppAddedByAdmin(t *testing.T) {
	_, f, _, _ := startWA(t)
	siti, sitiPN := waSitiLID, waSitiPN
	if !f.deliver(t, &events.GroupInfo{JID: waGroup, Join: []types.JID{waSitiPN}, Sender: &siti, SenderPN: &sitiPN, ParticipantVersionID: "v1"}) {
		t.Fatal("not acknowledged")
	}
	budi := waBudiPN
	if !f.deliver(t, &events.JoinedGroup{Sender: &budi, Notify: "Budi",
		GroupInfo: types.GroupInfo{JID: waGroup, GroupName: types.GroupName{Name: "KM Mawar"}, ParticipantVersionID: "v2"}}) {
		t.Fatal("not acknowledged")
	}
	f.waitSent(t, waGroup, "Budi tercatat sebagai *ketua*")
	// Siti (no admin) writing /start later does not become chair.
	if !f.deliver(t, waText(waGroup, waSitiPN, "S1", "Siti", "/start")) {
		t.Fatal("not acknowledged")
	}
	for deadline := time.Now().Add(10 * time.Second); strings.Count(strings.Join(f.texts(waGroup), "\n"), "Halo KM Mawar") < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no answer to Siti's /start: %q", f.texts(waGroup))
		}
	}
	for _, s := range f.texts(waGroup) {
		if strings.Contains(s, "Siti tercatat sebagai") {
			t.Fatalf("non-admin became chair: %q", s)
		}
	}
}

func countMembers(t *testing.T, m *Main) int {
	t.Helper()
	var n int
	if err := m.Store.Read(context.Background(), func(q storage.Querier) error {
		return q.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM members").Scan(&n)
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// One person stays one member whichever form WhatsApp shows them in and
// in whichever order: Eko joins by LID alone and his number comes later;
// Siti joins by number alone and her LID comes later; Eko then changes his
// number. Each later form is recorded as an alias of the member.
func TestWhatsAppLIDAndNumberAreOneMember(t *testing.T) {
	m, f, _, _ := startWA(t)
	ekoLID := types.NewJID("555000111222333", types.HiddenUserServer)
	ekoNewPN := types.NewJID("6285550002222", types.DefaultUserServer)
	deliver := func(e *events.Message) {
		t.Helper()
		if !f.deliver(t, e) {
			t.Fatalf("%q not acknowledged", e.Message.GetConversation())
		}
	}
	deliver(waText(waGroup, waBudiPN, "B1", "Budi", "/start"))
	f.waitSent(t, waGroup, "tercatat sebagai *ketua*")
	deliver(waText(waGroup, ekoLID, "E1", "Eko", "!daftar"))
	f.waitSent(t, waGroup, "Eko")
	// Same LID, now with his number beside it.
	dep := waText(waGroup, ekoLID, "E2", "Eko", "/setor 5000")
	dep.Info.SenderAlt = waEkoPN
	deliver(dep)
	f.waitSent(t, waGroup, "menunggu diterima")
	// His number alone (as a phone-number-addressed message comes).
	deliver(waText(waGroup, waEkoPN, "E3", "Eko", "/setor 1000"))
	if got := f.waitSent(t, waGroup, "Rp1.000"); strings.Contains(got, "belum terdaftar") {
		t.Fatalf("Eko by number unknown: %q", got)
	}
	// Siti: number first, then LID with number, then LID alone.
	deliver(waText(waGroup, waSitiPN, "S1", "Siti", "!daftar"))
	f.waitSent(t, waGroup, "Siti")
	lidMsg := waText(waGroup, waSitiLID, "S2", "Siti", "/setor 2000")
	lidMsg.Info.SenderAlt = waSitiPN
	deliver(lidMsg)
	f.waitSent(t, waGroup, "Rp2.000")
	deliver(waText(waGroup, waSitiLID, "S3", "Siti", "/setor 3000"))
	f.waitSent(t, waGroup, "Rp3.000")
	// Eko's new number beside his LID.
	changed := waText(waGroup, ekoLID, "E4", "Eko", "/setor 4000")
	changed.Info.SenderAlt = ekoNewPN
	deliver(changed)
	f.waitSent(t, waGroup, "Rp4.000")
	deliver(waText(waGroup, ekoLID, "E5", "Eko", "!daftar"))
	deliver(waText(waGroup, ekoNewPN, "E6", "Eko", "!daftar"))
	for _, s := range f.texts(waGroup) {
		if strings.Contains(s, "belum terdaftar") {
			t.Errorf("a known member was told to register: %q", s)
		}
	}
	if n := countMembers(t, m); n != 3 {
		t.Errorf("%d members, want 3 (Budi, Eko, Siti)", n)
	}
	assertEntries(t, m.Store, 5)
}

// A number that passes to someone else (a new LID with it beside) is not
// linked to the member who had it: the newcomer is not that member.
func TestWhatsAppReusedNumberIsAnotherPerson(t *testing.T) {
	m, f, _, _ := startWA(t)
	ekoLID := types.NewJID("555000111222333", types.HiddenUserServer)
	newLID := types.NewJID("777000111222333", types.HiddenUserServer)
	f.deliver(t, waText(waGroup, waBudiPN, "B1", "Budi", "/start"))
	f.waitSent(t, waGroup, "tercatat sebagai *ketua*")
	reg := waText(waGroup, ekoLID, "E1", "Eko", "!daftar")
	reg.Info.SenderAlt = waEkoPN
	f.deliver(t, reg)
	f.waitSent(t, waGroup, "Eko")
	other := waText(waGroup, newLID, "N1", "Joko", "/setor 5000")
	other.Info.SenderAlt = waEkoPN
	if !f.deliver(t, other) {
		t.Fatal("not acknowledged")
	}
	f.waitSent(t, waGroup, "belum terdaftar")
	assertEntries(t, m.Store, 0)
	if n := countMembers(t, m); n != 2 {
		t.Errorf("%d members, want 2", n)
	}
}

// A private message WhatsApp delivers again after the LID map learned the
// sender's number is recognised: answered once.
func TestWhatsAppPrivateRedeliveryAfterMapping(t *testing.T) {
	_, f, lids, _ := startWA(t)
	ekoLID := types.NewJID("555000111222333", types.HiddenUserServer)
	if !f.deliver(t, waText(ekoLID, ekoLID, "P1", "Eko", "/bantuan")) {
		t.Fatal("nack")
	}
	help := f.waitSent(t, ekoLID, "/")
	lids[ekoLID] = waEkoPN // whatsmeow learned it meanwhile
	if !f.deliver(t, waText(ekoLID, ekoLID, "P1", "Eko", "/bantuan")) {
		t.Fatal("nack")
	}
	if !f.deliver(t, waText(ekoLID, ekoLID, "P2", "Eko", "/start")) {
		t.Fatal("nack")
	}
	f.waitSent(t, ekoLID, "kelompok mana pun") // P2 answered after P1 again
	n := 0
	for _, to := range []types.JID{ekoLID, waEkoPN} {
		for _, s := range f.texts(to) {
			if s == help {
				n++
			}
		}
	}
	if n != 1 {
		t.Errorf("P1 answered %d times", n)
	}
}
