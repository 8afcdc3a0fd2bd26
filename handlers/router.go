// Package handlers turns chat updates into book-keeping: it parses
// commands, checks who may do what, runs each command in one storage
// transaction together with the reply, and keeps each chat in order.
package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"kelompok/bot"
	"kelompok/locales"
	"kelompok/storage"
)

// Config is what the router needs to know besides the store.
type Config struct {
	// MaxAmount is the largest amount one command may book.
	MaxAmount bot.Money
}

// AdminChecker asks a platform whether someone administers a chat. It is
// called before the transaction of /start, /daftar and the bot being added.
type AdminChecker func(ctx context.Context, chat bot.ChatRef, user bot.UserRef) (bool, error)

// Router handles updates from every platform.
type Router struct {
	store *storage.Store
	loc   *locales.Catalog
	cfg   Config

	mu       sync.RWMutex
	botNames map[string]string // platform -> bot username, lower case
	admins   map[string]AdminChecker

	// pollsMu serialises ClosePollsDue; every poll due up to
	// pollsDoneUntil is closed.
	pollsMu        sync.Mutex
	pollsDoneUntil time.Time
}

// NewRouter builds a router on a store and the translations.
func NewRouter(store *storage.Store, loc *locales.Catalog, cfg Config) *Router {
	if cfg.MaxAmount <= 0 {
		cfg.MaxAmount = 100_000_000
	}
	return &Router{store: store, loc: loc, cfg: cfg, botNames: map[string]string{}, admins: map[string]AdminChecker{}}
}

// SetBotName tells the router the bot's username on a platform, so that
// "/setor@thatname" is ours and "/setor@otherbot" is not.
func (r *Router) SetBotName(platform, username string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.botNames[platform] = strings.ToLower(strings.TrimPrefix(username, "@"))
}

// SetAdminChecker registers how to ask a platform about chat admins.
func (r *Router) SetAdminChecker(platform string, f AdminChecker) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.admins[platform] = f
}

// Handle processes one update to the end: its effects, the record that it
// was processed and its replies are committed together before it returns.
// A redelivered update (same Source) changes nothing and replies nothing.
// An error means nothing was committed; the platform should redeliver.
func (r *Router) Handle(ctx context.Context, u bot.Update) error {
	if u.FromBot {
		return nil
	}
	if u.Kind == bot.KindPollAnswer {
		return r.store.Write(ctx, func(tx *storage.Tx) error {
			if fresh, err := tx.Claim(u.Source); err != nil || !fresh {
				return err
			}
			err := tx.Savepoint(func(tx *storage.Tx) error { return pollAnswer(tx, u) })
			if err != nil && !storage.IsTransient(err) {
				// A vote that cannot be recorded must not block the
				// updates behind it: it is logged and dropped.
				slog.Error("poll_answer_failed", "poll_id", u.PollID, "err", err)
				return nil
			}
			return err
		})
	}
	var cmd *Command
	var rest string
	switch u.Kind {
	case bot.KindMessage, bot.KindEdited:
		var ok bool
		cmd, rest, ok = r.parse(u.Chat.Platform(), u.Text)
		if !ok {
			return nil // ordinary conversation, or a command for another bot
		}
	case bot.KindButton:
		cmd, rest = buttonCommand(u.Text)
	}
	// Whether the sender administers the chat matters only for naming the
	// first chair; ask the platform before the transaction, not inside it.
	if ((cmd != nil && cmd.AdminBootstrap) || u.Kind == bot.KindBotAdded) && !u.Private && !u.SenderIsAdmin && !u.Anonymous && u.Sender.Ref != "" {
		u.SenderIsAdmin = r.isAdmin(ctx, u)
	}
	return r.store.Write(ctx, func(tx *storage.Tx) error {
		if fresh, err := tx.Claim(u.Source); err != nil || !fresh {
			return err
		}
		if u.Private && u.Sender.Ref != "" {
			// The bot may now write to this person privately (reminders).
			if err := tx.PrivateChatSeen(u.Chat); err != nil {
				return err
			}
		}
		c := &Ctx{Tx: tx, U: u, r: r, Raw: rest, Args: strings.Fields(rest)}
		err := tx.Savepoint(func(tx *storage.Tx) error { return r.dispatch(c, cmd) })
		if err != nil && storage.IsTransient(err) {
			// Not the command's fault: book nothing, not even that it was
			// seen, so the platform delivers it again.
			return err
		}
		if err != nil {
			c.out = c.out[:0]
			if be, ok := bot.AsError(err); ok {
				c.sayErr(be)
			} else {
				slog.Error("command_failed", "chat_id", string(u.Chat), "command", cmdName(cmd), "err", err)
				c.Say("error.internal")
			}
		}
		for _, rep := range c.out {
			if err := tx.Queue(rep); err != nil {
				return err
			}
		}
		return nil
	})
}

func cmdName(c *Command) string {
	if c == nil {
		return ""
	}
	return c.Name
}

func (r *Router) isAdmin(ctx context.Context, u bot.Update) bool {
	r.mu.RLock()
	f := r.admins[u.Chat.Platform()]
	r.mu.RUnlock()
	if f == nil {
		return false
	}
	ok, err := f(ctx, u.Chat, u.Sender.Ref)
	if err != nil {
		slog.Warn("admin_check_failed", "chat_id", string(u.Chat), "err", err)
	}
	return ok
}

// dispatch runs inside the command's savepoint.
func (r *Router) dispatch(c *Ctx, cmd *Command) error {
	u := c.U
	switch u.Kind {
	case bot.KindBotAdded:
		return botAdded(c)
	case bot.KindBotRemoved:
		return botRemoved(c)
	case bot.KindMigrated:
		_, err := c.Tx.MoveChat(u.OldChat, u.NewChat)
		return err
	}
	if err := c.load(); err != nil {
		return err
	}
	if u.Kind == bot.KindEdited {
		return bot.E("error.edited")
	}
	if u.Anonymous {
		return bot.E("error.anonymous")
	}
	if cmd == nil {
		return bot.E("error.unknown_command", "Command", firstWord(u.Text))
	}
	if u.Private && !cmd.Private {
		return bot.E("error.group_only", "Command", c.commandName(cmd))
	}
	if !u.Private {
		if c.Group == nil {
			g, err := c.Tx.CreateGroup(u.Chat, titleOr(u.ChatTitle))
			if err != nil {
				return err
			}
			c.Group = g
		}
		if cmd.Member && c.Me == nil {
			return bot.E("error.not_member")
		}
		if len(cmd.Roles) > 0 && !c.hasRole(cmd.Roles...) {
			return bot.E("error.not_allowed", "Command", c.commandName(cmd), "Roles", c.roleNames(cmd.Roles))
		}
	}
	return cmd.Run(c)
}

func titleOr(t string) string {
	if t == "" {
		return "Kelompok"
	}
	return t
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// parse reads "/name@bot args" or "!name args". ok is false for text that
// is not a command, or a command addressed to another bot.
func (r *Router) parse(platform, text string) (cmd *Command, rest string, ok bool) {
	name, rest, ok := ParseCommand(text)
	if !ok {
		return nil, "", false
	}
	name, addressee, _ := strings.Cut(name, "@")
	if addressee != "" {
		r.mu.RLock()
		ours := r.botNames[platform]
		r.mu.RUnlock()
		if ours != "" && addressee != ours {
			return nil, "", false
		}
	}
	return lookup(name), rest, true
}

// ParseCommand splits a chat line into a lower-case command name (which may
// still carry "@botname") and the rest. It accepts "/" and "!" prefixes.
func ParseCommand(text string) (name, rest string, ok bool) {
	text = strings.TrimSpace(text)
	if len(text) < 2 || (text[0] != '/' && text[0] != '!') {
		return "", "", false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		rest = head[i+1:] + " " + rest
		head = head[:i]
	}
	// Only ASCII names (isCommandName refuses any other letter):
	// strings.ToLower would read "/\u212Aas" (Kelvin sign) as "/kas".
	head = asciiLower(head)
	if !isCommandName(head) {
		return "", "", false
	}
	return head, strings.TrimSpace(rest), true
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isCommandName(s string) bool {
	name, bot, _ := strings.Cut(s, "@")
	if name == "" || len(name) > 32 {
		return false
	}
	for _, r := range name + bot {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func buttonCommand(data string) (*Command, string) {
	action, arg, _ := strings.Cut(data, ":")
	switch action {
	case "ok":
		return lookup("terima"), arg
	case "no":
		return lookup("tolak"), arg
	}
	return nil, ""
}

// Dispatcher runs updates of one chat in order and different chats in
// parallel. A chat's worker lives only while the chat has work.
type Dispatcher struct {
	handle func(context.Context, bot.Update) error
	mu     sync.Mutex
	chats  map[bot.ChatRef][]item
}

type item struct {
	ctx  context.Context
	u    bot.Update
	done func(error)
}

// NewDispatcher wraps a handler (usually Router.Handle).
func NewDispatcher(handle func(context.Context, bot.Update) error) *Dispatcher {
	return &Dispatcher{handle: handle, chats: map[bot.ChatRef][]item{}}
}

// Submit queues an update; done is called with Handle's result.
func (d *Dispatcher) Submit(ctx context.Context, u bot.Update, done func(error)) {
	d.mu.Lock()
	q, running := d.chats[u.Chat]
	d.chats[u.Chat] = append(q, item{ctx, u, done})
	d.mu.Unlock()
	if !running {
		go d.run(u.Chat)
	}
}

func (d *Dispatcher) run(chat bot.ChatRef) {
	for {
		d.mu.Lock()
		q := d.chats[chat]
		if len(q) == 0 {
			delete(d.chats, chat)
			d.mu.Unlock()
			return
		}
		it := q[0]
		d.chats[chat] = q[1:]
		d.mu.Unlock()
		err := safeHandle(d.handle, it.ctx, it.u)
		if it.done != nil {
			it.done(err)
		}
		if err != nil {
			// The chat's later updates must not overtake this one: they
			// fail too, and the platform redelivers them all in order.
			d.mu.Lock()
			rest := d.chats[chat]
			d.chats[chat] = nil
			d.mu.Unlock()
			for _, later := range rest {
				if later.done != nil {
					later.done(fmt.Errorf("held behind a failed update: %w", err))
				}
			}
		}
	}
}

func safeHandle(h func(context.Context, bot.Update) error, ctx context.Context, u bot.Update) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic handling update: %v", r)
			slog.Error("handler_panic", "chat_id", string(u.Chat), "err", err)
		}
	}()
	return h(ctx, u)
}
