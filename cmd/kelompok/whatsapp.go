package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"strings"
	"sync"

	"kelompok/bot"
	"kelompok/bot/outbox"
	"kelompok/bot/scheduler"
	"kelompok/bot/whatsapp"
	"kelompok/handlers"
	"kelompok/locales"
)

// validPhone accepts an empty setting or a number in international form
// (8 to 15 digits, an optional leading +).
func validPhone(s string) bool {
	s = strings.TrimPrefix(s, "+")
	if s == "" {
		return true
	}
	if len(s) < 8 || len(s) > 15 || s[0] == '0' {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// runWhatsAppCommand is "kelompok whatsapp [login]": login pairs the
// number and exits; without an argument it serves WhatsApp alone.
func runWhatsAppCommand(ctx context.Context, m *Main, args []string, out io.Writer) error {
	switch {
	case len(args) == 0:
		return runWhatsApp(ctx, m, out)
	case args[0] == "login":
		sess, err := whatsapp.OpenSession(ctx, m.Config.WhatsAppSessionDB)
		if err != nil {
			return err
		}
		defer sess.Close()
		if sess.Paired() {
			fmt.Fprintf(out, "WhatsApp sudah tertaut (already paired): %s. Hapus %s untuk menautkan nomor lain.\n",
				whatsapp.Mask(sess.Device.ID.User), m.Config.WhatsAppSessionDB)
			return nil
		}
		cli := sess.NewClient()
		defer cli.Disconnect()
		if err := whatsapp.Pair(ctx, sess, cli, strings.TrimPrefix(m.Config.WhatsAppPhone, "+"), out); err != nil {
			return err
		}
		fmt.Fprintln(out, "WhatsApp tertaut (paired). Jalankan dengan WHATSAPP_ENABLED=true.")
		return nil
	}
	return fmt.Errorf("unknown whatsapp command %q: use login", args[0])
}

// runWhatsApp pairs the number if the session is new, then serves
// WhatsApp until ctx ends or WhatsApp stops the session.
func runWhatsApp(ctx context.Context, m *Main, out io.Writer) error {
	sess, err := whatsapp.OpenSession(ctx, m.Config.WhatsAppSessionDB)
	if err != nil {
		return err
	}
	defer sess.Close()
	if !sess.Paired() {
		// Pair with a client of its own, closed before serving, so that no
		// message arrives before the handler is in place.
		pc := sess.NewClient()
		err := whatsapp.Pair(ctx, sess, pc, strings.TrimPrefix(m.Config.WhatsAppPhone, "+"), out)
		pc.Disconnect()
		if err != nil {
			return err
		}
	}
	cli := sess.NewClient()
	a := whatsapp.New(cli, whatsapp.Identities{LIDs: sess.Device.LIDs}, sess.Own)
	slog.Info("whatsapp_starting", "jid", whatsapp.Mask(sess.Device.ID.User))
	return serveWhatsApp(ctx, m, a)
}

// startWhatsApp runs WhatsApp beside Telegram when it is enabled. When
// WhatsApp stops (logged out, replaced, banned) it says so in the log and
// Telegram goes on. The returned function stops it and waits.
func startWhatsApp(ctx context.Context, m *Main, out io.Writer) func() {
	if !m.Config.WhatsAppEnabled {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		err := runWhatsApp(ctx, m, out)
		var stopped *whatsapp.Stopped
		switch {
		case errors.As(err, &stopped) && stopped.Pair:
			slog.Error("whatsapp_stopped", "reason", stopped.Reason,
				"action", "pair again: kelompok whatsapp login (or WHATSAPP_ENABLED=true with a new session file)")
		case err != nil:
			slog.Error("whatsapp_stopped", "err", err)
		}
	}()
	return func() { cancel(); wg.Wait() }
}

// serveWhatsApp runs the adapter: updates to the router in each chat's
// order, replies through the paced outbox.
func serveWhatsApp(ctx context.Context, m *Main, a *whatsapp.Adapter) error {
	loc, err := locales.Load()
	if err != nil {
		return err
	}
	m.Router.SetAdminChecker("wa", a.IsAdmin)
	a.Hint = confirmHint(loc)
	lim := outbox.WhatsAppLimits()
	if m.Limits != nil {
		lim = *m.Limits
	}
	lim.IsGroup = whatsapp.IsGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pace := outbox.WhatsAppPace()
	if m.Pace != nil {
		pace = *m.Pace
	}
	sender := outbox.New(m.Store.Outbox(), outbox.NewPacer(a, pace, ctx.Done()), lim)
	m.Store.OnQueued("wa", sender.Wake)
	if m.RunReminders && m.Config.TelegramToken == "" {
		// WhatsApp alone: its serving runs the reminders (beside Telegram,
		// Telegram's does).
		rem, err := m.StartReminders(ctx, nil, scheduler.Options{})
		if err != nil {
			return err
		}
		defer rem.Stop()
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sender.Run(ctx)
	}()
	err = a.Serve(ctx, handlers.NewDispatcher(m.Router.Handle))
	cancel()
	wg.Wait()
	return err
}

// confirmHint tells, under a report that waits for confirmation, what to
// type: WhatsApp bots have no buttons. The buttons' labels say the
// group's language.
func confirmHint(loc *locales.Catalog) func([][]bot.Button) string {
	return func(rows [][]bot.Button) string {
		for _, row := range rows {
			for _, b := range row {
				action, no, _ := strings.Cut(b.Data, ":")
				if action != "ok" {
					continue
				}
				lang := locales.Languages[0]
				for _, l := range locales.Languages {
					if html.UnescapeString(loc.T(l, "button.confirm", nil)) == b.Label {
						lang = l
					}
				}
				return loc.T(lang, "whatsapp.confirm_hint", map[string]any{"No": no})
			}
		}
		return ""
	}
}

// voteFallback is the answer to a poll vote WhatsApp delivered but that
// cannot be decrypted: vote by text instead.
func voteFallback(loc *locales.Catalog, lang string, pollNo int64, option string) string {
	return loc.T(lang, "whatsapp.vote_unreadable", map[string]any{
		"No": pollNo, "Command": whatsapp.FallbackCommand(pollNo, option)})
}
