package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"

	"github.com/mdp/qrterminal/v3"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"
	"go.mau.fi/whatsmeow/types"
	waLog "go.mau.fi/whatsmeow/util/log"

	_ "github.com/mattn/go-sqlite3" // the session store's driver
)

// Session is whatsmeow's own SQLite file: the paired device's keys, the
// LID map, message secrets (for polls) and the buffer that lets a message
// be handled again after a crash. It is kept apart from the book.
type Session struct {
	Container *sqlstore.Container
	Device    *store.Device
}

// sessionDSN opens the file with foreign keys on, as whatsmeow requires,
// and waits for locks instead of failing.
func sessionDSN(path string) string {
	return "file:" + path + "?_foreign_keys=on&_busy_timeout=5000"
}

// OpenSession opens (or creates) the session file and its one device; the
// device is not paired yet if Paired is false.
func OpenSession(ctx context.Context, path string) (*Session, error) {
	c, err := sqlstore.New(ctx, "sqlite3", sessionDSN(path), Logger("store"))
	if err != nil {
		return nil, fmt.Errorf("whatsapp session %s: %w", path, err)
	}
	d, err := c.GetFirstDevice(ctx)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("whatsapp session %s: %w", path, err)
	}
	return &Session{Container: c, Device: d}, nil
}

// Paired reports whether the session holds a paired device.
func (s *Session) Paired() bool { return s.Device.ID != nil }

// Close closes the session file.
func (s *Session) Close() error { return s.Container.Close() }

// NewClient builds the whatsmeow client for the session, set up so that a
// message is acknowledged only after Kelompok committed it and can be
// handled again (decrypted) if it comes back after a crash. It keeps
// trying to connect when the network is down at start too.
func (s *Session) NewClient() *whatsmeow.Client {
	cli := whatsmeow.NewClient(s.Device, Logger("client"))
	cli.EnableAutoReconnect = true
	cli.InitialAutoReconnect = true
	cli.SynchronousAck = true
	cli.EnableDecryptedEventBuffer = true
	return cli
}

// NewPairingClient builds a client for Pair only: after the phone accepts,
// WhatsApp ends the stream (code 515) and whatsmeow would log the client in
// again by itself, in the background; if that came after the caller
// disconnected it, the client would be back online with nobody handling
// its messages (acknowledging them unbooked) and competing with the client
// that serves. This one does not reconnect after the login: Disconnect it
// and serve with NewClient.
func (s *Session) NewPairingClient() *whatsmeow.Client {
	cli := whatsmeow.NewClient(s.Device, Logger("pair"))
	cli.DisableLoginAutoReconnect = true
	return cli
}

// Own returns the bot's own JIDs (phone number and LID) once paired.
func (s *Session) Own() []types.JID {
	var out []types.JID
	if s.Device.ID != nil {
		out = append(out, s.Device.ID.ToNonAD())
	}
	if !s.Device.LID.IsEmpty() {
		out = append(out, s.Device.LID.ToNonAD())
	}
	return out
}

// ErrAlreadyPaired is returned by Pair for a session that is paired.
var ErrAlreadyPaired = errors.New("whatsapp session is already paired")

// Pair links the session to a phone: by a pairing code for phone (digits
// with country code, e.g. 6281234567890) if given, else by a QR code
// printed to out. It returns once the phone accepted, or on failure.
func Pair(ctx context.Context, s *Session, cli *whatsmeow.Client, phone string, out io.Writer) error {
	if s.Paired() {
		return ErrAlreadyPaired
	}
	// The phone lists the linked device by this name.
	store.SetOSInfo("Kelompok", [3]uint32{1, 0, 0})
	qr, err := cli.GetQRChannel(ctx)
	if err != nil {
		return fmt.Errorf("whatsapp pairing: %w", err)
	}
	if err := cli.Connect(); err != nil {
		return fmt.Errorf("whatsapp connect: %w", err)
	}
	asked := false
	for item := range qr {
		switch item.Event {
		case whatsmeow.QRChannelEventCode:
			if phone == "" {
				fmt.Fprintln(out, "WhatsApp → Perangkat tertaut → Tautkan perangkat, lalu pindai kode ini (Linked devices → Link a device, scan this code):")
				qrterminal.GenerateHalfBlock(item.Code, qrterminal.L, out)
				continue
			}
			if asked {
				continue
			}
			asked = true
			code, err := cli.PairPhone(ctx, phone, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
			if err != nil {
				cli.Disconnect()
				return fmt.Errorf("whatsapp pairing code: %w", err)
			}
			fmt.Fprintf(out, "WhatsApp → Perangkat tertaut → Tautkan dengan nomor telepon, lalu masukkan kode (Link with phone number, enter the code): %s\n", code)
		case whatsmeow.QRChannelEventError:
			cli.Disconnect()
			return fmt.Errorf("whatsapp pairing: %w", item.Error)
		default:
			if item == whatsmeow.QRChannelSuccess {
				slog.Info("whatsapp_paired", "jid", Mask(s.Device.ID.User))
				return nil
			}
			cli.Disconnect()
			return fmt.Errorf("whatsapp pairing ended: %s", item.Event)
		}
	}
	return errors.New("whatsapp pairing ended")
}

// numberRE finds phone numbers (and LIDs) in whatsmeow's log lines.
var numberRE = regexp.MustCompile(`\d{9,}`)

// maskNumbers hides the middle of every long number in a log line.
func maskNumbers(s string) string { return numberRE.ReplaceAllStringFunc(s, Mask) }

// Logger sends whatsmeow's log lines to slog (debug and info as debug:
// whatsmeow is chatty).
func Logger(module string) waLog.Logger { return slogLogger{module: module} }

type slogLogger struct{ module string }

func (l slogLogger) Warnf(msg string, args ...any) {
	slog.Warn("whatsmeow", "module", l.module, "msg", maskNumbers(fmt.Sprintf(msg, args...)))
}
func (l slogLogger) Errorf(msg string, args ...any) {
	slog.Error("whatsmeow", "module", l.module, "msg", maskNumbers(fmt.Sprintf(msg, args...)))
}
func (l slogLogger) Infof(msg string, args ...any) {
	slog.Debug("whatsmeow", "module", l.module, "msg", maskNumbers(fmt.Sprintf(msg, args...)))
}
func (l slogLogger) Debugf(msg string, args ...any) {}
func (l slogLogger) Sub(module string) waLog.Logger {
	return slogLogger{module: l.module + "/" + module}
}
