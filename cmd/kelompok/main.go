// Command kelompok runs the Kelompok bot: on Telegram when a token is set,
// otherwise as a terminal chat on the embedded SQLite book.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"kelompok/bot"
	"kelompok/bot/console"
	"kelompok/bot/outbox"
	"kelompok/bot/scheduler"
	"kelompok/handlers"
	"kelompok/locales"
	"kelompok/storage"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "kelompok:", err)
		os.Exit(1)
	}
}

// Main is the whole program, bootable from a test.
type Main struct {
	Config Config
	Store  *storage.Store
	Router *handlers.Router
	// Locales is the catalog the router speaks with.
	Locales *locales.Catalog
	Clock   bot.Clock
	// Limits overrides the platform's sending limits (tests).
	Limits *outbox.Limits
	// Pace overrides WhatsApp's pacing (tests).
	Pace *outbox.PaceRules
	// RunReminders: serving a platform also runs the reminder scheduler
	// (tests that drive their own on a fake clock leave it off).
	RunReminders bool
	// servesTelegram: Telegram is served in this process, and runs the
	// reminders; WhatsApp beside it does not run them again.
	servesTelegram bool
}

// Open opens the book and builds the router.
func (m *Main) Open(ctx context.Context) error {
	if m.Clock == nil {
		m.Clock = bot.SystemClock{}
	}
	loc, err := locales.Load()
	if err != nil {
		return err
	}
	st, err := storage.Open(ctx, m.Config.DB, storage.Options{Clock: m.Clock})
	if err != nil {
		var tooNew *storage.ErrTooNew
		if errors.As(err, &tooNew) {
			return fmt.Errorf("%s: %w", m.Config.DB, err)
		}
		return fmt.Errorf("open %s: %w", m.Config.DB, err)
	}
	m.Store, m.Locales = st, loc
	m.Router = handlers.NewRouter(st, loc, handlers.Config{MaxAmount: m.Config.MaxAmount})
	return nil
}

// Close closes the book.
func (m *Main) Close() error {
	if m.Store != nil {
		return m.Store.Close()
	}
	return nil
}

func run(ctx context.Context, args []string, in io.Reader, out io.Writer, getenv func(string) string) error {
	cfg, err := LoadConfig(getenv)
	if err != nil {
		return err
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel})))
	mode := "auto"
	if len(args) > 0 {
		mode = args[0]
	}
	m := &Main{Config: cfg}
	if err := m.Open(ctx); err != nil {
		return err
	}
	defer m.Close()
	m.RunReminders = true
	if mode == "whatsapp" && len(args) > 1 {
		return runWhatsAppCommand(ctx, m, args[1:], out) // login: nothing served
	}
	go closePollsEvery(ctx, m, time.Minute)
	switch {
	case mode == "whatsapp":
		return runWhatsApp(ctx, m, out)
	case mode == "console" || (mode == "auto" && cfg.TelegramToken == "" && !cfg.WhatsAppEnabled):
		rem, err := m.StartReminders(ctx, nil, scheduler.Options{})
		if err != nil {
			return err
		}
		defer rem.Stop()
		return runConsole(ctx, m, in, out)
	case mode == "auto" && cfg.TelegramToken == "":
		return runWhatsApp(ctx, m, out)
	case mode == "telegram" || mode == "auto":
		m.servesTelegram = true // its serving runs the reminders
		defer startWhatsApp(ctx, m, out)()
		return runTelegram(ctx, m)
	default:
		return fmt.Errorf("unknown mode %q: use console, telegram or whatsapp", mode)
	}
}

func runConsole(ctx context.Context, m *Main, in io.Reader, out io.Writer) error {
	c := &console.Console{In: in, Out: out, Handle: m.Router.Handle, Clock: m.Clock,
		Drain: func(ctx context.Context, send func(bot.Reply) error) error {
			return drainOutbox(ctx, m.Store, "cli", send)
		}}
	if f, ok := in.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintln(out, "Kelompok: obrolan terminal (grup demo). Tulis  nama: pesan  contoh  budi: /daftar  lalu  budi: /setor 5000. Ctrl-D untuk keluar.")
			c.Prompt = "> "
		} else {
			c.Echo = true
		}
	}
	return c.Run(ctx)
}

// drainOutbox delivers every queued reply of a platform now, in order.
func drainOutbox(ctx context.Context, st *storage.Store, platform string, send func(bot.Reply) error) error {
	for {
		msgs, err := st.OutboxPending(ctx, platform, 0, 100)
		if err != nil || len(msgs) == 0 {
			return err
		}
		ids := make([]int64, len(msgs))
		for i, msg := range msgs {
			if err := send(msg.Reply); err != nil {
				return err
			}
			ids[i] = msg.ID
		}
		if err := st.OutboxDone(ctx, ids); err != nil {
			return err
		}
	}
}
