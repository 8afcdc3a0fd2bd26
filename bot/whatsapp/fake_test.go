package whatsapp

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"kelompok/bot"
)

// fakeClient stands in for *whatsmeow.Client: it records what is sent and
// lets a test deliver events to the registered handler.
type fakeClient struct {
	mu          sync.Mutex
	handler     whatsmeow.EventHandlerWithSuccessStatus
	sent        []sentMsg
	groups      map[types.JID]*types.GroupInfo
	sendErr     error
	connected   bool
	disconnects int
	onConnect   []any // events delivered as soon as Connect is called
	connects    int
	infoCalls   int
	// connectedCh, if set, is told of every Connect.
	connectedCh chan struct{}
	// crypto, if set, is a paired whatsmeow client (not connected) that
	// builds polls and decrypts votes with its session's secrets.
	crypto *whatsmeow.Client
}

type sentMsg struct {
	to  types.JID
	msg *waE2E.Message
}

func (f *fakeClient) Connect() error {
	f.mu.Lock()
	f.connected = true
	f.connects++
	evs, h, ch := f.onConnect, f.handler, f.connectedCh
	f.mu.Unlock()
	for _, e := range evs {
		h(e)
	}
	if ch != nil {
		ch <- struct{}{}
	}
	return nil
}

func (f *fakeClient) Disconnect() {
	f.mu.Lock()
	f.connected = false
	f.disconnects++
	f.mu.Unlock()
}

func (f *fakeClient) AddEventHandlerWithSuccessStatus(h whatsmeow.EventHandlerWithSuccessStatus) uint32 {
	f.mu.Lock()
	f.handler = h
	f.mu.Unlock()
	return 1
}

func (f *fakeClient) RemoveEventHandler(id uint32) bool { return true }

func (f *fakeClient) SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sendErr != nil {
		return whatsmeow.SendResponse{}, f.sendErr
	}
	f.sent = append(f.sent, sentMsg{to, msg})
	resp := whatsmeow.SendResponse{ID: fmt.Sprintf("3EB0SENT%d", len(f.sent)), Timestamp: time.Unix(0, 0)}
	if f.crypto != nil {
		// As whatsmeow's SendMessage does: the message secret (a poll's)
		// is kept in the session under the chat, the bot and the id.
		resp.Sender = f.crypto.Store.GetJID()
		if secret := msg.GetMessageContextInfo().GetMessageSecret(); secret != nil {
			if err := f.crypto.Store.MsgSecrets.PutMessageSecret(ctx, to, resp.Sender, resp.ID, secret); err != nil {
				return whatsmeow.SendResponse{}, err
			}
		}
	}
	return resp, nil
}

func (f *fakeClient) BuildPollCreation(name string, options []string, selectable int) *waE2E.Message {
	return f.crypto.BuildPollCreation(name, options, selectable) // needs no client
}

func (f *fakeClient) DecryptPollVote(ctx context.Context, vote *events.Message) (*waE2E.PollVoteMessage, error) {
	if f.crypto == nil {
		return nil, whatsmeow.ErrOriginalMessageSecretNotFound
	}
	return f.crypto.DecryptPollVote(ctx, vote)
}

func (f *fakeClient) GetGroupInfo(ctx context.Context, jid types.JID) (*types.GroupInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.infoCalls++
	if g := f.groups[jid]; g != nil {
		return g, nil
	}
	return nil, whatsmeow.ErrGroupNotFound
}

// mapLIDs is an in-memory LID map.
type mapLIDs map[types.JID]types.JID

func (m mapLIDs) GetPNForLID(ctx context.Context, lid types.JID) (types.JID, error) {
	return m[lid], nil
}

func (m mapLIDs) GetLIDForPN(ctx context.Context, pn types.JID) (types.JID, error) {
	for l, p := range m {
		if p == pn {
			return l, nil
		}
	}
	return types.JID{}, nil
}

func (m mapLIDs) PutLIDMapping(ctx context.Context, lid, pn types.JID) error {
	m[lid] = pn
	return nil
}

// recorder is a Submitter that records updates and answers with err.
type recorder struct {
	mu  sync.Mutex
	ups []bot.Update
	err error
}

func (r *recorder) Submit(ctx context.Context, u bot.Update, done func(error)) {
	r.mu.Lock()
	r.ups = append(r.ups, u)
	err := r.err
	r.mu.Unlock()
	go done(err)
}

// Hand-built JIDs and events.
var (
	group   = types.NewJID("120363012345678901", types.GroupServer)
	budiPN  = types.NewJID("6281234567890", types.DefaultUserServer)
	budiLID = types.NewJID("123456789012345", types.HiddenUserServer)
	sitiPN  = types.NewJID("6289876543210", types.DefaultUserServer)
	sitiLID = types.NewJID("987654321098765", types.HiddenUserServer)
	botPN   = types.NewJID("6281111111111", types.DefaultUserServer)
	botLID  = types.NewJID("111111111111111", types.HiddenUserServer)
	at      = time.Date(2026, 3, 3, 16, 0, 0, 0, time.UTC)
)

func textEvent(chat, sender types.JID, id, text string) *events.Message {
	return &events.Message{
		Info: types.MessageInfo{
			MessageSource: types.MessageSource{Chat: chat, Sender: sender, IsGroup: chat.Server == types.GroupServer},
			ID:            id, PushName: "Budi", Timestamp: at,
		},
		Message: &waE2E.Message{Conversation: proto.String(text)},
	}
}
