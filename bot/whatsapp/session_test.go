package whatsapp

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
)

// pairAs stands in for pairing: it gives the session's device an identity
// and saves it, as whatsmeow does after the phone accepts.
func pairAs(t *testing.T, d *store.Device, pn, lid types.JID) {
	t.Helper()
	pn.Device = 7
	d.ID, d.LID = &pn, lid
	d.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte{1}, AccountSignature: make([]byte, 64), AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
	if err := d.Save(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestSessionStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wa.db")
	s, err := OpenSession(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Paired() || len(s.Own()) != 0 {
		t.Fatal("a new session is paired")
	}
	pairAs(t, s.Device, botPN, botLID)
	// The LID map lives in the session file: a person seen in both forms
	// before a restart is still one person after it.
	if err := s.Device.LIDs.PutLIDMapping(ctx, budiLID, budiPN); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = OpenSession(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Paired() || s.Device.ID.User != botPN.User {
		t.Fatalf("restart lost the pairing: %v", s.Device.ID)
	}
	if own := s.Own(); len(own) != 2 || own[0] != botPN || own[1] != botLID {
		t.Errorf("own %v", own)
	}
	c := Converter{IDs: Identities{LIDs: s.Device.LIDs}}
	u, _ := c.Message(ctx, textEvent(group, budiLID, "1", "/saldo"))
	if u.Sender.Ref != "wa:6281234567890" {
		t.Errorf("LID after restart: %s", u.Sender.Ref)
	}
	// A mapping learned from a message (SenderAlt) is stored too.
	e := textEvent(group, sitiLID, "2", "/saldo")
	e.Info.SenderAlt = sitiPN
	c.Message(ctx, e)
	if pn, err := s.Device.LIDs.GetPNForLID(ctx, sitiLID); err != nil || pn != sitiPN {
		t.Errorf("mapping from SenderAlt: %v %v", pn, err)
	}
	if err := Pair(ctx, s, s.NewClient(), "", nil); !errors.Is(err, ErrAlreadyPaired) {
		t.Errorf("pairing a paired session: %v", err)
	}

	// Foreign keys are on, as whatsmeow requires.
	db, err := sql.Open("sqlite3", sessionDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var fk int
	if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d (%v)", fk, err)
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM whatsmeow_device").Scan(&n); err != nil || n != 1 {
		t.Errorf("devices %d (%v)", n, err)
	}
}

func TestNewClientAcksAfterCommit(t *testing.T) {
	s, err := OpenSession(context.Background(), filepath.Join(t.TempDir(), "wa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cli := s.NewClient()
	if !cli.SynchronousAck || !cli.EnableDecryptedEventBuffer || !cli.EnableAutoReconnect {
		t.Errorf("client settings: ack=%v buffer=%v reconnect=%v", cli.SynchronousAck, cli.EnableDecryptedEventBuffer, cli.EnableAutoReconnect)
	}
}

// pollPair is the bot and a member, each with a whatsmeow client on its
// own device in one session file, not connected: enough to build, encrypt
// and decrypt polls and votes.
func pollPair(t *testing.T) (botCli, voterCli *whatsmeow.Client) {
	t.Helper()
	s, err := OpenSession(context.Background(), filepath.Join(t.TempDir(), "wa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	pairAs(t, s.Device, botPN, botLID)
	voter := s.Container.NewDevice()
	pairAs(t, voter, budiPN, budiLID)
	return s.NewClient(), whatsmeow.NewClient(voter, nil)
}

func TestPollVoteRoundTrip(t *testing.T) {
	ctx := context.Background()
	botCli, voterCli := pollPair(t)
	opts := []string{"Beli pakan", "Tunda", "Tidak"}
	msg, err := NewPoll(botCli, "Beli 3 karung pakan?", opts, 1)
	if err != nil {
		t.Fatal(err)
	}
	pc := msg.GetPollCreationMessage()
	if pc.GetName() != "Beli 3 karung pakan?" || len(pc.GetOptions()) != 3 || pc.GetSelectableOptionsCount() != 1 {
		t.Fatalf("poll %+v", pc)
	}
	secret := msg.GetMessageContextInfo().GetMessageSecret()
	spec := PollSpec{Chat: group, ID: "3EB0POLL", Options: opts}
	// Sending stores the secret on the bot's side; receiving, on the voter's.
	if err := botCli.Store.MsgSecrets.PutMessageSecret(ctx, group, botPN, spec.ID, secret); err != nil {
		t.Fatal(err)
	}
	if err := voterCli.Store.MsgSecrets.PutMessageSecret(ctx, group, botPN, spec.ID, secret); err != nil {
		t.Fatal(err)
	}
	pollInfo := &types.MessageInfo{MessageSource: types.MessageSource{Chat: group, Sender: botPN, IsGroup: true}, ID: spec.ID}
	vote, err := voterCli.BuildPollVote(ctx, pollInfo, []string{"Tunda"})
	if err != nil {
		t.Fatal(err)
	}
	evt := &events.Message{Info: types.MessageInfo{
		MessageSource: types.MessageSource{Chat: group, Sender: budiPN, IsGroup: true}, ID: "3EB0VOTE"}, Message: vote}
	find := func(chat types.JID, id types.MessageID) (PollSpec, bool) { return spec, chat == group && id == spec.ID }
	c := Converter{IDs: Identities{LIDs: botCli.Store.LIDs}}
	got, err := c.ReadVote(ctx, botCli, evt, find)
	if err != nil {
		t.Fatal(err)
	}
	if got.PollID != spec.ID || got.Voter != budiPN || len(got.Options) != 1 || got.Options[0] != 1 {
		t.Fatalf("vote %+v", got)
	}
	// The handler does not submit a vote as a message.
	rec := &recorder{}
	if !New(&fakeClient{}, c.IDs, nil).Handle(ctx, rec, evt) || len(rec.ups) != 0 {
		t.Errorf("vote handled as message: %+v", rec.ups)
	}

	// A session without the poll's secret (paired again since) cannot read
	// the vote: the voter is asked to vote by text.
	other, _ := pollPair(t)
	_, err = c.ReadVote(ctx, other, evt, find)
	if !errors.Is(err, ErrVoteUnreadable) {
		t.Fatalf("unreadable vote: %v", err)
	}
	if got := FallbackCommand(4, "Tunda"); got != "/pilih 4 Tunda" {
		t.Errorf("fallback %q", got)
	}
	// A vote for a poll the book does not know is an error, not a guess.
	if _, err := c.ReadVote(ctx, botCli, evt, func(types.JID, types.MessageID) (PollSpec, bool) { return PollSpec{}, false }); err == nil {
		t.Error("vote for unknown poll accepted")
	}
}

func TestVoteOptions(t *testing.T) {
	spec := PollSpec{Options: []string{"Ya", "Tidak", "Abstain"}}
	h := whatsmeow.HashPollOptions([]string{"Abstain", "Ya"})
	got, err := VoteOptions(spec, &waE2E.PollVoteMessage{SelectedOptions: h})
	if err != nil || len(got) != 2 || got[0] != 0 || got[1] != 2 {
		t.Fatalf("options %v %v", got, err)
	}
	// No option: the voter withdrew the vote.
	if got, err := VoteOptions(spec, &waE2E.PollVoteMessage{}); err != nil || len(got) != 0 {
		t.Errorf("withdrawn: %v %v", got, err)
	}
	if _, err := VoteOptions(spec, &waE2E.PollVoteMessage{SelectedOptions: whatsmeow.HashPollOptions([]string{"Mungkin"})}); !errors.Is(err, ErrUnknownOption) {
		t.Errorf("unknown option: %v", err)
	}
}

func TestNewPollRefusesBadOptions(t *testing.T) {
	botCli := whatsmeow.NewClient(nil, nil)
	for name, opts := range map[string][]string{
		"one":       {"Ya"},
		"thirteen":  {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"},
		"duplicate": {"Ya", "Ya"},
		"empty":     {"Ya", ""},
	} {
		if _, err := NewPoll(botCli, "?", opts, 1); !errors.Is(err, ErrPollOptions) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
