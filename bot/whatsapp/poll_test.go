package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"kelompok/bot"
)

// pollClients is the bot and members, each a whatsmeow client on its own
// device in one session file, paired but not connected: enough to build,
// encrypt and decrypt polls and votes with whatsmeow's own code.
func pollClients(t testing.TB, voters ...types.JID) (botCli *whatsmeow.Client, voterClis []*whatsmeow.Client) {
	t.Helper()
	s, err := OpenSession(context.Background(), filepath.Join(t.TempDir(), "wa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	pairAs(t, s.Device, botPN, botLID)
	for _, v := range voters {
		d := s.Container.NewDevice()
		pairAs(t, d, v, types.JID{})
		voterClis = append(voterClis, whatsmeow.NewClient(d, nil))
	}
	return s.NewClient(), voterClis
}

// receivePoll stands in for a member's phone receiving the bot's poll:
// whatsmeow keeps the poll's secret on the member's side too.
func receivePoll(t testing.TB, voter *whatsmeow.Client, chat types.JID, id types.MessageID, poll *waE2E.Message) {
	t.Helper()
	secret := poll.GetMessageContextInfo().GetMessageSecret()
	if len(secret) != 32 {
		t.Fatalf("poll without its secret: %v", poll)
	}
	if err := voter.Store.MsgSecrets.PutMessageSecret(context.Background(), seenBy(chat), botPN, id, secret); err != nil {
		t.Fatal(err)
	}
}

// seenBy is the chat as the member sees it: the group, or in a private
// chat the bot.
func seenBy(chat types.JID) types.JID {
	if chat.Server == types.GroupServer {
		return chat
	}
	return botPN
}

// voteEvent is the event the bot receives when voter (as `as`) taps
// options in the bot's poll id: encrypted by the voter's whatsmeow client.
func voteEvent(t testing.TB, voter *whatsmeow.Client, as, chat types.JID, poll types.MessageID, id string, options ...string) *events.Message {
	t.Helper()
	pollInfo := &types.MessageInfo{MessageSource: types.MessageSource{Chat: seenBy(chat), Sender: botPN, IsGroup: chat.Server == types.GroupServer}, ID: poll}
	msg, err := voter.BuildPollVote(context.Background(), pollInfo, options)
	if err != nil {
		t.Fatal(err)
	}
	return &events.Message{Info: types.MessageInfo{
		MessageSource: types.MessageSource{Chat: chat, Sender: as, IsGroup: chat.Server == types.GroupServer},
		ID:            id, PushName: "Budi", Timestamp: at}, Message: msg}
}

// sentPolls records what the adapter reports through OnPollSent and
// answers lookups from it, as the book would.
type sentPolls struct {
	mu      sync.Mutex
	reports []string // "chat key pollID messageID"
	options map[string][]string
	err     error // returned by the report
}

func (s *sentPolls) report(ctx context.Context, chat bot.ChatRef, key, pollID, messageID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.reports = append(s.reports, strings.Join([]string{string(chat), key, pollID, messageID}, " "))
	return nil
}

func (s *sentPolls) lookup(opts []string) PollLookup {
	return func(ctx context.Context, pollID string) ([]string, bool, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, r := range s.reports {
			if strings.Fields(r)[2] == pollID {
				return opts, true, nil
			}
		}
		return nil, false, nil
	}
}

// whatsmeow's SendMessage keeps a poll's secret in the session before it
// sends (so even a send that fails, here for want of a connection, leaves
// it): the votes of the bot's polls can be decrypted by the session, here
// in a private chat.
func TestSendMessageKeepsPollSecret(t *testing.T) {
	ctx := context.Background()
	botCli, voters := pollClients(t, sitiPN)
	poll, err := NewPoll(botCli, "Arisan tiap Senin?", []string{"Ya", "Tidak"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := botCli.SendMessage(ctx, sitiPN, poll, whatsmeow.SendRequestExtra{ID: "3EB0POLL"}); err == nil {
		t.Fatal("sent without a connection")
	}
	got, _, err := botCli.Store.MsgSecrets.GetMessageSecret(ctx, sitiPN, botPN, "3EB0POLL")
	if err != nil || !bytes.Equal(got, poll.GetMessageContextInfo().GetMessageSecret()) {
		t.Fatalf("secret not kept by SendMessage: %x %v", got, err)
	}
	receivePoll(t, voters[0], sitiPN, "3EB0POLL", poll)
	evt := voteEvent(t, voters[0], sitiPN, sitiPN, "3EB0POLL", "V1", "Tidak")
	c := Converter{IDs: Identities{LIDs: mapLIDs{}}}
	want := PollRef(ChatRef(sitiPN), "3EB0POLL")
	u, err := c.Vote(ctx, botCli, evt, func(_ context.Context, id string) ([]string, bool, error) {
		return []string{"Ya", "Tidak"}, id == want, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !u.Private || u.Chat != ChatRef(sitiPN) || u.PollID != want || !slices.Equal(u.Choices, []int{1}) || u.Source != "wa:"+sitiPN.User+"/m/V1" {
		t.Errorf("private vote %+v", u)
	}
}

// A reply's poll goes out as a native single-choice poll quoting the
// command, and is reported with its key, the chat-scoped poll id and the
// message id. Votes by two members come back as poll answers of their
// stable identities; an empty vote is a withdrawal; the redelivery of a
// vote has the same Source.
func TestPollSendAndVotes(t *testing.T) {
	ctx := context.Background()
	botCli, voters := pollClients(t, budiPN, sitiPN)
	f := &fakeClient{crypto: botCli}
	a := newAdapter(f, mapLIDs{})
	sp := &sentPolls{}
	opts := []string{"Beli pakan", "Tunda", "Tidak"}
	a.OnPollSent(sp.report)
	a.Polls = sp.lookup(opts)
	var unreadable []UnreadableVote
	a.Unreadable = func(ctx context.Context, v UnreadableVote) error { unreadable = append(unreadable, v); return nil }

	err := a.Send(ctx, bot.Reply{Chat: ChatRef(group), Text: "🗳️ <b>V1</b>: ballot", ReplyTo: messageID("3EB0A1", budiPN),
		Poll: &bot.Poll{Key: "7", Question: "Beli 3 karung pakan?", Options: opts}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.sent) != 1 || f.sent[0].to != group {
		t.Fatalf("sent %+v", f.sent)
	}
	pc := f.sent[0].msg.GetPollCreationMessage()
	if pc.GetName() != "Beli 3 karung pakan?" || len(pc.GetOptions()) != 3 || pc.GetOptions()[1].GetOptionName() != "Tunda" || pc.GetSelectableOptionsCount() != 1 {
		t.Fatalf("poll %v", pc)
	}
	if q := pc.GetContextInfo(); q.GetStanzaID() != "3EB0A1" || q.GetParticipant() != budiPN.String() {
		t.Errorf("poll does not quote the command: %v", q)
	}
	pollID := PollRef(ChatRef(group), "3EB0SENT1")
	if want := "wa:" + group.String() + " 7 " + pollID + " 3EB0SENT1 " + botPN.String(); len(sp.reports) != 1 || sp.reports[0] != want {
		t.Fatalf("reported %q, want %q", sp.reports, want)
	}
	for _, v := range voters {
		receivePoll(t, v, group, "3EB0SENT1", f.sent[0].msg)
	}

	rec := &recorder{}
	budiVote := voteEvent(t, voters[0], budiPN, group, "3EB0SENT1", "V1", "Tunda")
	for _, e := range []*events.Message{
		budiVote,
		voteEvent(t, voters[1], sitiPN, group, "3EB0SENT1", "V2", "Beli pakan"),
		voteEvent(t, voters[1], sitiPN, group, "3EB0SENT1", "V3"), // withdrawn
		budiVote, // redelivered
	} {
		if !a.Handle(ctx, rec, e) {
			t.Fatalf("vote %s not acknowledged", e.Info.ID)
		}
	}
	if len(rec.ups) != 4 || len(unreadable) != 0 {
		t.Fatalf("submitted %d, unreadable %v", len(rec.ups), unreadable)
	}
	for i, want := range []struct {
		voter   types.JID
		choices []int
		source  string
	}{
		{budiPN, []int{1}, "/m/V1"}, {sitiPN, []int{0}, "/m/V2"}, {sitiPN, []int{}, "/m/V3"}, {budiPN, []int{1}, "/m/V1"},
	} {
		u := rec.ups[i]
		if u.Kind != bot.KindPollAnswer || u.Chat != ChatRef(group) || u.PollID != pollID || u.Sender.Ref != UserRef(want.voter) ||
			u.Choices == nil || !slices.Equal(u.Choices, want.choices) || u.Source != string(ChatRef(group))+want.source {
			t.Errorf("update %d: %+v", i, u)
		}
	}
	if rec.ups[0].Source != rec.ups[3].Source {
		t.Error("a redelivered vote has another source")
	}
}

// A vote that does not decrypt (the session lost the poll's secret) goes
// to Unreadable, not to the book; if Unreadable fails, WhatsApp delivers
// it again. A vote in a poll the book does not know is acknowledged and
// dropped; if the book cannot be asked, it is not acknowledged.
func TestPollVoteUnreadableAndUnknown(t *testing.T) {
	ctx := context.Background()
	botCli, voters := pollClients(t, budiPN)
	poll, _ := NewPoll(botCli, "Q?", []string{"a", "b"}, 1)
	receivePoll(t, voters[0], group, "3EB0SENT1", poll)
	vote := voteEvent(t, voters[0], budiPN, group, "3EB0SENT1", "V1", "a")

	other, _ := pollClients(t) // paired again: no secrets
	f := &fakeClient{crypto: other}
	a := newAdapter(f, mapLIDs{})
	known := PollRef(ChatRef(group), "3EB0SENT1")
	var lookErr error
	a.Polls = func(ctx context.Context, id string) ([]string, bool, error) {
		return []string{"a", "b"}, id == known, lookErr
	}
	var got []UnreadableVote
	var hookErr error
	a.Unreadable = func(ctx context.Context, v UnreadableVote) error { got = append(got, v); return hookErr }
	rec := &recorder{}
	if !a.Handle(ctx, rec, vote) {
		t.Fatal("unreadable vote not acknowledged")
	}
	want := UnreadableVote{Source: string(ChatRef(group)) + "/m/V1", Chat: ChatRef(group), PollID: known,
		Voter: bot.Person{Ref: UserRef(budiPN), Name: "Budi", Username: budiPN.User}}
	if len(rec.ups) != 0 || len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("submitted %+v, unreadable %+v", rec.ups, got)
	}
	hookErr = errors.New("disk full")
	if a.Handle(ctx, rec, vote) {
		t.Error("vote acknowledged though its answer failed")
	}

	// A poll the bot sent that the book does not know (its link was not
	// recorded): the voter is asked to vote by text, not ignored.
	hookErr = nil
	other2 := voteEvent(t, voters[0], budiPN, group, "3EB0SENT1", "V2", "b")
	other2.Message.PollUpdateMessage.PollCreationMessageKey.ID = ptr("3EB0ELSE")
	n := len(got)
	if !a.Handle(ctx, rec, other2) || len(got) != n+1 || !got[n].Unlinked || got[n].PollID != PollRef(ChatRef(group), "3EB0ELSE") || len(rec.ups) != 0 {
		t.Errorf("vote in the bot's unlinked poll: %+v", got[n:])
	}
	// A member's own poll: nothing to do.
	n = len(got)
	members := voteEvent(t, voters[0], budiPN, group, "3EB0SENT1", "V4", "b")
	members.Message.PollUpdateMessage.PollCreationMessageKey.ID = ptr("3EB0SITI")
	members.Message.PollUpdateMessage.PollCreationMessageKey.Participant = ptr(sitiPN.String())
	if !a.Handle(ctx, rec, members) || len(got) != n || len(rec.ups) != 0 {
		t.Error("vote in a member's poll handled")
	}
	// The bot's own echo is not a vote.
	mine := voteEvent(t, voters[0], budiPN, group, "3EB0SENT1", "V3", "b")
	mine.Info.IsFromMe = true
	if !a.Handle(ctx, rec, mine) || len(got) != n || len(rec.ups) != 0 {
		t.Error("own vote handled")
	}
	lookErr = errors.New("database is locked")
	if a.Handle(ctx, rec, vote) {
		t.Error("vote acknowledged though the book could not be asked")
	}
	// Without a lookup, votes are acknowledged and ignored.
	a.Polls = nil
	if !a.Handle(ctx, rec, vote) || len(rec.ups) != 0 {
		t.Error("vote without lookup")
	}
}

func ptr(s string) *string { return &s }

// A vote whose option is not the poll's is unreadable too (the poll was
// changed elsewhere, or the vote forged): the voter is asked to type it.
func TestPollVoteUnknownOption(t *testing.T) {
	ctx := context.Background()
	botCli, voters := pollClients(t, budiPN)
	f := &fakeClient{crypto: botCli}
	a := newAdapter(f, mapLIDs{})
	sp := &sentPolls{}
	a.OnPollSent(sp.report)
	a.Polls = sp.lookup([]string{"Ya", "Tidak"})
	var got []UnreadableVote
	a.Unreadable = func(ctx context.Context, v UnreadableVote) error { got = append(got, v); return nil }
	if err := a.Send(ctx, bot.Reply{Chat: ChatRef(group), Poll: &bot.Poll{Key: "1", Question: "Q?", Options: []string{"Ya", "Tidak"}}}); err != nil {
		t.Fatal(err)
	}
	receivePoll(t, voters[0], group, "3EB0SENT1", f.sent[0].msg)
	rec := &recorder{}
	if !a.Handle(ctx, rec, voteEvent(t, voters[0], budiPN, group, "3EB0SENT1", "V1", "Mungkin")) || len(rec.ups) != 0 || len(got) != 1 {
		t.Fatalf("vote for a foreign option: submitted %+v, unreadable %+v", rec.ups, got)
	}
}

// WhatsApp cannot close a poll: StopPoll sends nothing. A poll WhatsApp
// would not show goes out as its text ballot. A refused send is mapped
// like any other and reports no poll; a failed report fails the send.
func TestPollSendEdges(t *testing.T) {
	ctx := context.Background()
	botCli, _ := pollClients(t)
	f := &fakeClient{crypto: botCli}
	a := newAdapter(f, mapLIDs{})
	sp := &sentPolls{}
	a.OnPollSent(sp.report)
	if err := a.Send(ctx, bot.Reply{Chat: ChatRef(group), StopPoll: "3EB0SENT1 " + botPN.String()}); err != nil || len(f.sent) != 0 {
		t.Fatalf("stop poll: %v, sent %+v", err, f.sent)
	}
	many := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"}
	if err := a.Send(ctx, bot.Reply{Chat: ChatRef(group), Text: "🗳️ <b>V2</b>: ballot", Poll: &bot.Poll{Key: "2", Question: "Q?", Options: many}}); err != nil {
		t.Fatal(err)
	}
	if len(f.sent) != 1 || f.sent[0].msg.GetConversation() != "🗳️ *V2*: ballot" || len(sp.reports) != 0 {
		t.Fatalf("poll WhatsApp would not show: %+v %q", f.sent, sp.reports)
	}

	f.sendErr = whatsmeow.ErrNotInGroup
	err := a.Send(ctx, bot.Reply{Chat: ChatRef(group), Poll: &bot.Poll{Key: "3", Question: "Q?", Options: []string{"a", "b"}}})
	var se *bot.SendError
	if !errors.As(err, &se) || !se.Gone || len(sp.reports) != 0 {
		t.Fatalf("refused poll: %v, reports %q", err, sp.reports)
	}
	f.sendErr = nil
	sp.err = errors.New("database is locked")
	if err := a.Send(ctx, bot.Reply{Chat: ChatRef(group), Poll: &bot.Poll{Key: "4", Question: "Q?", Options: []string{"a", "b"}}}); err == nil {
		t.Error("a poll whose report failed counts as sent")
	}
}

func TestVoteOptions(t *testing.T) {
	opts := []string{"Ya", "Tidak", "Abstain"}
	h := whatsmeow.HashPollOptions([]string{"Abstain", "Ya"})
	got, err := VoteOptions(opts, &waE2E.PollVoteMessage{SelectedOptions: h})
	if err != nil || !slices.Equal(got, []int{0, 2}) {
		t.Fatalf("options %v %v", got, err)
	}
	// No option: the voter withdrew the vote.
	if got, err := VoteOptions(opts, &waE2E.PollVoteMessage{}); err != nil || got == nil || len(got) != 0 {
		t.Errorf("withdrawn: %v %v", got, err)
	}
	if _, err := VoteOptions(opts, &waE2E.PollVoteMessage{SelectedOptions: whatsmeow.HashPollOptions([]string{"Mungkin"})}); !errors.Is(err, ErrUnknownOption) {
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

// FuzzVoteOptions: whatever a vote's selection holds, the answer is either
// ErrUnknownOption or distinct option indexes in the poll's order, and
// hashes of the poll's own options always map back to them.
func FuzzVoteOptions(f *testing.F) {
	f.Add("Ya|Tidak|Abstain", []byte{}, 2)
	f.Add("Ya|Tidak", bytes.Repeat([]byte{7}, 32), 0)
	f.Add("Setuju|Tidak setuju", []byte("x"), 1)
	f.Fuzz(func(t *testing.T, joined string, raw []byte, pick int) {
		opts := strings.Split(joined, "|")
		sel := [][]byte{raw}
		if pick >= 0 && pick < len(opts) {
			sel = append(sel, whatsmeow.HashPollOptions(opts[pick:pick+1])...)
		}
		got, err := VoteOptions(opts, &waE2E.PollVoteMessage{SelectedOptions: sel})
		if err != nil {
			if !errors.Is(err, ErrUnknownOption) {
				t.Fatal(err)
			}
		} else {
			for i, g := range got {
				if g < 0 || g >= len(opts) || (i > 0 && got[i-1] >= g) {
					t.Fatalf("options %v of %d", got, len(opts))
				}
			}
		}
		if pick >= 0 && pick < len(opts) {
			got, err := VoteOptions(opts, &waE2E.PollVoteMessage{SelectedOptions: whatsmeow.HashPollOptions(opts[pick : pick+1])})
			if err != nil || len(got) != 1 || opts[got[0]] != opts[pick] {
				t.Fatalf("own option %q: %v %v", opts[pick], got, err)
			}
		}
	})
}
