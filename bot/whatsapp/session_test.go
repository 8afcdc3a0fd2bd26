package whatsapp

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"net"
)

// pairAs stands in for pairing: it gives the session's device an identity
// and saves it, as whatsmeow does after the phone accepts.
func pairAs(t testing.TB, d *store.Device, pn, lid types.JID) {
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
	if u.Sender.Ref != "wa:123456789012345@lid" || u.Sender.Alt != "wa:6281234567890" {
		t.Errorf("LID after restart: %+v", u.Sender)
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
	if cli.DisableLoginAutoReconnect {
		t.Error("the serving client does not log in after a 515")
	}
}

// The client that pairs does not log in again by itself after the phone
// accepted (WhatsApp's stream error 515): once disconnected it stays so,
// and only the serving client, with its handler, receives messages.
func TestPairingClientStaysDisconnected(t *testing.T) {
	s, err := OpenSession(context.Background(), filepath.Join(t.TempDir(), "wa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.NewPairingClient().DisableLoginAutoReconnect {
		t.Error("the pairing client logs in again after pairing")
	}
}

// With the network down at start, Connect does not fail for good: the
// client keeps trying in the background (whatsmeow's InitialAutoReconnect),
// so WhatsApp comes up once the network does. The network here is a
// closed port on 127.0.0.1 as the client's proxy.
func TestNewClientRetriesInitialConnect(t *testing.T) {
	s, err := OpenSession(context.Background(), filepath.Join(t.TempDir(), "wa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nobody listens there now
	cli := s.NewClient()
	// Every connection goes through a proxy that is not there.
	if err := cli.SetProxyAddress("http://" + addr); err != nil {
		t.Fatal(err)
	}
	cli.AutoReconnectHook = func(error) bool { return false } // one try is enough here
	reconnecting := make(chan struct{}, 1)
	cli.AddEventHandler(func(evt any) {
		if _, ok := evt.(*events.Disconnected); ok {
			select {
			case reconnecting <- struct{}{}:
			default:
			}
		}
	})
	if err := cli.Connect(); err != nil {
		t.Fatalf("connect with the network down: %v", err)
	}
	<-reconnecting
	cli.Disconnect()
}
