package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"kelompok/bot"
	"kelompok/bot/outbox"
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
		if err := pair(ctx, m, sess, out); err != nil {
			return err
		}
		fmt.Fprintln(out, "WhatsApp tertaut (paired). Jalankan dengan WHATSAPP_ENABLED=true.")
		return nil
	}
	return fmt.Errorf("unknown whatsapp command %q: use login", args[0])
}

// pair links the session to the configured number (or by QR code) with a
// client of its own, closed before serving, so that no message arrives
// before the handler is in place; it does not log in again by itself
// after pairing (see NewPairingClient).
func pair(ctx context.Context, m *Main, sess *whatsapp.Session, out io.Writer) error {
	pc := sess.NewPairingClient()
	defer pc.Disconnect()
	return whatsapp.Pair(ctx, sess, pc, strings.TrimPrefix(m.Config.WhatsAppPhone, "+"), out)
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
		if err := pair(ctx, m, sess, out); err != nil {
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
	m.Router.SetAdminChecker("wa", a.IsAdmin)
	a.Hint = confirmHint(m.Locales)
	a.OnPollSent(m.Router.PollSent)
	a.Polls = pollLookup(m.Store)
	a.Unreadable = voteUnreadable(m)
	a.Transient = storage.IsTransient
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pace := outbox.WhatsAppPace()
	if m.Pace != nil {
		pace = *m.Pace
	}
	// WhatsApp alone: its serving runs the reminders (beside Telegram,
	// Telegram's does).
	wait, err := m.startSending(ctx, outbox.NewPacer(a, pace, ctx.Done()), outbox.WhatsAppLimits(), whatsapp.IsGroup,
		m.RunReminders && !m.servesTelegram)
	if err != nil {
		return err
	}
	err = a.Serve(ctx, &aliasing{next: handlers.NewDispatcher(m.Router.Handle), st: m.Store, seen: map[aliasKey]bool{}})
	cancel()
	wait()
	return err
}

// confirmHint tells, under a report that waits for confirmation, what to
// type: WhatsApp bots have no buttons. It speaks the reply's language.
func confirmHint(loc *locales.Catalog) func(string, [][]bot.Button) string {
	langOf := map[string]string{} // the confirm button's label -> its language
	for _, l := range locales.Languages {
		langOf[html.UnescapeString(loc.T(l, "button.confirm", nil))] = l
	}
	return func(lang string, rows [][]bot.Button) string {
		for _, row := range rows {
			for _, b := range row {
				action, no, _ := strings.Cut(b.Data, ":")
				if action != "ok" {
					continue
				}
				if lang == "" {
					// A reply queued before replies kept their language:
					// told by the button's label.
					if lang = langOf[b.Label]; lang == "" {
						lang = locales.Languages[0]
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

// voteUnreadable hands a vote WhatsApp delivered but that cannot be read
// to the router, which asks the voter to vote by text.
func voteUnreadable(m *Main) func(context.Context, whatsapp.UnreadableVote) error {
	return func(ctx context.Context, v whatsapp.UnreadableVote) error {
		return m.Router.UnreadableVote(ctx, v.Source, v.Chat, v.Voter, v.PollID, v.Unlinked)
	}
}

// aliasing records, before an update is handled, the other address form
// its sender comes with (bot.Person.Alt: the phone number beside a LID) as
// aliases of the member the sender already is, so that the handlers find
// one member whichever form WhatsApp shows. A form already linked in this
// process is not looked at again.
type aliasing struct {
	next whatsapp.Submitter
	st   *storage.Store
	mu   sync.Mutex
	seen map[aliasKey]bool
}

type aliasKey struct {
	chat bot.ChatRef
	ref  bot.UserRef
	alt  bot.UserRef
}

func (s *aliasing) Submit(ctx context.Context, u bot.Update, done func(error)) {
	if err := s.link(ctx, u); err != nil {
		done(err)
		return
	}
	s.next.Submit(ctx, u, done)
}

// link records the sender's forms for the group the update is in (for a
// private message: every group where one of the forms is a member).
func (s *aliasing) link(ctx context.Context, u bot.Update) error {
	p := u.Sender
	if p.Ref == "" || p.Alt == "" {
		return nil
	}
	key := aliasKey{u.Chat, p.Ref, p.Alt}
	s.mu.Lock()
	done := s.seen[key]
	s.mu.Unlock()
	if done {
		return nil
	}
	linked := false
	err := s.st.Write(ctx, func(tx *storage.Tx) error {
		var err error
		linked, err = linkAliases(tx, u)
		return err
	})
	if err != nil {
		return fmt.Errorf("member aliases: %w", err)
	}
	if linked {
		s.mu.Lock()
		if len(s.seen) >= 100_000 {
			clear(s.seen)
		}
		s.seen[key] = true
		s.mu.Unlock()
	}
	return nil
}

// linkAliases finds the member the sender is in the update's group (or,
// privately, in each group) by any of their forms and records the forms
// not yet known as its aliases. linked is false when the sender is nobody's
// member yet (the next message tries again). A LID is a person's lasting
// id: a member who has another LID already is someone else who had the
// number before, and is not linked; nor is a form that is another
// member's (two members are never merged by the book).
func linkAliases(tx *storage.Tx, u bot.Update) (linked bool, err error) {
	forms := []bot.UserRef{u.Sender.Ref, u.Sender.Alt}
	var groups []int64
	if u.Private {
		seen := map[int64]bool{}
		for _, f := range forms {
			ids, err := tx.GroupsOfUser(f)
			if err != nil {
				return false, err
			}
			for _, id := range ids {
				if !seen[id] {
					seen[id] = true
					groups = append(groups, id)
				}
			}
		}
	} else {
		g, err := tx.GroupByChat(u.Chat)
		if err != nil || g == nil {
			return false, err
		}
		groups = []int64{g.ID}
	}
	for _, gid := range groups {
		var m *storage.Member
		for _, f := range forms {
			if m, err = tx.MemberByRef(gid, f); err != nil {
				return false, err
			}
			if m != nil {
				break
			}
		}
		if m == nil {
			continue
		}
		linked = true
		refs, err := tx.MemberRefs(gid, m.ID)
		if err != nil {
			return false, err
		}
		for _, f := range forms {
			if slices.Contains(refs, f) {
				continue
			}
			if other, err := tx.MemberByRef(gid, f); err != nil {
				return false, err
			} else if other != nil {
				slog.Warn("whatsapp_two_members_one_person", "group_id", gid, "member", m.ID, "other", other.ID)
				continue
			}
			if whatsapp.IsLID(f) && slices.ContainsFunc(refs, whatsapp.IsLID) {
				slog.Info("whatsapp_number_reused", "group_id", gid, "member", m.ID)
				continue
			}
			if err := tx.AddMemberAlias(m, f, u.Source); err != nil {
				return false, err
			}
			refs = append(refs, f)
		}
	}
	return linked, nil
}
