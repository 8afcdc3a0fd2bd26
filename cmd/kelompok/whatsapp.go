package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"kelompok/bot"
	"kelompok/bot/outbox"
	"kelompok/bot/scheduler"
	"kelompok/bot/whatsapp"
	"kelompok/handlers"
	"kelompok/locales"
	"kelompok/storage"
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
	a.OnPollSent(m.Router.PollSent)
	a.Polls = pollLookup(m.Store)
	a.Unreadable = voteUnreadable(m, loc)
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

// pollLookup finds, for the adapter reading a vote, the options of the
// book's poll that a WhatsApp poll carries.
func pollLookup(st *storage.Store) whatsapp.PollLookup {
	return func(ctx context.Context, pollID string) ([]string, bool, error) {
		p, err := st.PollByPlatformID(ctx, pollID)
		if err != nil || p == nil {
			return nil, false, err
		}
		return p.Options, true, nil
	}
}

// voteUnreadable answers a vote WhatsApp delivered but that cannot be
// read: the voter is asked, in the group's language, to vote by text, and
// nothing is booked. The vote message is claimed like any other update,
// so a redelivery is not answered twice. A vote in a closed poll gets no
// answer (it would not count either).
func voteUnreadable(m *Main, loc *locales.Catalog) func(context.Context, whatsapp.UnreadableVote) error {
	return func(ctx context.Context, v whatsapp.UnreadableVote) error {
		return m.Store.Write(ctx, func(tx *storage.Tx) error {
			if fresh, err := tx.Claim(v.Source); err != nil || !fresh {
				return err
			}
			err := tx.Savepoint(func(tx *storage.Tx) error {
				p, err := tx.PollByPlatformID(v.PollID)
				if err != nil || p == nil || p.Decision != nil || !tx.Now().Before(p.ClosesAt) {
					return err
				}
				g, err := tx.GroupByID(p.GroupID)
				if err != nil {
					return err
				}
				name := v.Voter.Name
				if mem, err := tx.MemberByRef(p.GroupID, v.Voter.Ref); err != nil {
					return err
				} else if mem != nil {
					name = mem.Name
				}
				if name == "" {
					name = "@" + v.Voter.Username
				}
				return tx.Queue(bot.Reply{Chat: v.Chat, Text: voteFallback(loc, g.Rules.Language, name, p)})
			})
			if err != nil && !storage.IsTransient(err) {
				// Like a vote that cannot be recorded, it must not block
				// the updates behind it: logged and dropped.
				slog.Error("whatsapp_vote_fallback_failed", "poll_id", v.PollID, "err", err)
				return nil
			}
			return err
		})
	}
}

// voteFallback is the answer to an unreadable vote: the poll's options,
// each with the "/pilih N OPTION" line to type, as the text ballot shows
// them; the poll is named as the book quotes it, "V3".
func voteFallback(loc *locales.Catalog, lang, name string, p *storage.Poll) string {
	lines := make([]string, len(p.Options))
	for i, o := range p.Options {
		lines[i] = loc.T(lang, "poll.option_line", map[string]any{"N": i + 1, "Option": o, "No": p.No})
	}
	return loc.T(lang, "whatsapp.vote_unreadable", map[string]any{
		"Name": name, "No": "V" + strconv.FormatInt(p.No, 10), "Lines": locales.Raw(strings.Join(lines, "\n"))})
}
