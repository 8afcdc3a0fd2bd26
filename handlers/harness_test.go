package handlers_test

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"kelompok/bot"
	"kelompok/bot/console"
	"kelompok/bot/ledger"
	"kelompok/handlers"
	"kelompok/locales"
	"kelompok/storage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// tuesday is the harness's "now": Tuesday 24 November 2026, 10:00 in
// Jakarta (03:00 UTC). Its week began on Monday 23/11 at 00:00 WIB.
var tuesday = time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)

// Chats the tests use. Titles are what the platform reports.
const (
	chatA bot.ChatRef = "tg:-1001"
	chatB bot.ChatRef = "tg:-1002"
	chatC bot.ChatRef = "tg:-1003"
)

var titles = map[bot.ChatRef]string{chatA: "Tani Makmur", chatB: "Mawar", chatC: "Sumber Rejeki"}

// harness is a fake platform: it turns lines into updates, runs them
// through the real router on a real store, and collects the replies from
// the outbox the way an adapter would.
type harness struct {
	t      testing.TB
	ctx    context.Context
	store  *storage.Store
	router *handlers.Router
	cat    *locales.Catalog
	clock  *bot.FixedClock

	seq    int
	users  map[string]int
	names  map[string]string // who -> display name, when not the capitalised who
	admins map[string]bool   // chat + " " + who
	langs  map[string]string // who -> platform language
	last   []bot.Reply

	// keepOutbox: send reads the outbox after cursor and leaves it.
	keepOutbox bool
	cursor     int64
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	clock := &bot.FixedClock{T: tuesday}
	st, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "k.db"), storage.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	cat := locales.MustLoad()
	return &harness{t: t, ctx: context.Background(), store: st, cat: cat, clock: clock,
		router: handlers.NewRouter(st, cat, handlers.Config{}),
		users:  map[string]int{}, names: map[string]string{}, admins: map[string]bool{}, langs: map[string]string{}}
}

// admin makes who an administrator of the chat, as the platform sees it.
func (h *harness) admin(chat bot.ChatRef, who string) { h.admins[string(chat)+" "+who] = true }

// ref is who's platform identity, "tg:<n>", stable for the harness.
func (h *harness) ref(who string) bot.UserRef {
	n, ok := h.users[who]
	if !ok {
		n = 5000 + len(h.users)
		h.users[who] = n
	}
	return bot.UserRef("tg:" + strconv.Itoa(n))
}

func (h *harness) person(who string) bot.Person {
	name := h.names[who]
	if name == "" {
		r := []rune(who)
		r[0] = unicode.ToUpper(r[0])
		name = string(r)
	}
	return bot.Person{Ref: h.ref(who), Name: name, Username: who, Lang: h.langs[who]}
}

// msg builds a new message update from who in a group chat.
func (h *harness) msg(chat bot.ChatRef, who, text string) bot.Update {
	h.seq++
	return bot.Update{
		Kind: bot.KindMessage, Source: fmt.Sprintf("%s/m/%d", chat, h.seq), Chat: chat,
		ChatTitle: titles[chat], Sender: h.person(who), SenderIsAdmin: h.admins[string(chat)+" "+who],
		Text: text, MessageID: strconv.Itoa(h.seq), At: h.clock.T,
	}
}

// privateMsg builds a message from who in their private chat with the bot.
func (h *harness) privateMsg(who, text string) bot.Update {
	u := h.msg(bot.ChatRef(h.ref(who)), who, text)
	u.Private, u.ChatTitle, u.SenderIsAdmin = true, "", false
	return u
}

// press builds a button press on the bot's message msgID.
func (h *harness) press(chat bot.ChatRef, who, data, msgID string) bot.Update {
	u := h.msg(chat, who, data)
	u.Kind, u.Source, u.ButtonID, u.MessageID = bot.KindButton, fmt.Sprintf("tg:cb/%d", h.seq), "cb"+strconv.Itoa(h.seq), msgID
	return u
}

// send handles one update and returns the replies it queued, in order,
// after checking what every reply must satisfy.
func (h *harness) send(u bot.Update) []bot.Reply {
	h.t.Helper()
	if err := h.router.Handle(h.ctx, u); err != nil {
		h.t.Fatalf("Handle(%q): %v", u.Text, err)
	}
	msgs, err := h.store.OutboxPending(h.ctx, "tg", h.cursor, 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	ids := make([]int64, len(msgs))
	replies := make([]bot.Reply, len(msgs))
	for i, m := range msgs {
		ids[i], replies[i] = m.ID, m.Reply
		h.checkReply(u, m.Reply)
	}
	if h.keepOutbox {
		// Read past the replies instead of deleting them: one commit
		// (and one fsync) less per message, for long runs.
		if len(ids) > 0 {
			h.cursor = ids[len(ids)-1]
		}
	} else if err := h.store.OutboxDone(h.ctx, ids); err != nil {
		h.t.Fatal(err)
	}
	h.last = replies
	return replies
}

var (
	keyLikeRE = regexp.MustCompile(`^[a-z_]+\.[a-z_]+$`)
	tagRE     = regexp.MustCompile(`</?(b|i|code)>`)
	entityRE  = regexp.MustCompile(`&(amp|lt|gt|quot|#39|#34);`)
)

// checkReply checks what every reply must satisfy: it goes to the chat the
// update came from, answers the right message or button, and is rendered
// (not a bare key, no unfilled placeholder, only Kelompok's markup).
func (h *harness) checkReply(u bot.Update, r bot.Reply) {
	h.t.Helper()
	if r.Chat != u.Chat {
		h.t.Errorf("reply to %s went to %s: %+v", u.Chat, r.Chat, r)
	}
	text := r.Text
	switch {
	case r.AnswerButton != "":
		if r.AnswerButton != u.ButtonID || r.Text != "" || r.Notice == "" {
			h.t.Errorf("button answer %+v for press %q", r, u.ButtonID)
		}
		text = r.Notice
	case r.Edit != "":
		if u.Kind != bot.KindButton || r.Edit != u.MessageID {
			h.t.Errorf("edit of %q in answer to %+v", r.Edit, u)
		}
	default:
		if u.Kind == bot.KindMessage && r.ReplyTo != u.MessageID {
			h.t.Errorf("reply answers %q, want %q", r.ReplyTo, u.MessageID)
		}
	}
	if keyLikeRE.MatchString(strings.TrimSpace(text)) || strings.Contains(text, "<no value>") || strings.Contains(text, "{{") {
		h.t.Errorf("reply not rendered: %q", text)
	}
	rest := entityRE.ReplaceAllString(tagRE.ReplaceAllString(text, ""), "")
	if strings.ContainsAny(rest, "<>&") {
		h.t.Errorf("reply has stray markup: %q", text)
	}
}

// texts are the replies as a person reads them: markup stripped; a button
// answer is its pop-up text.
func texts(rs []bot.Reply) []string {
	out := []string{}
	for _, r := range rs {
		if r.AnswerButton != "" {
			out = append(out, console.Plain(r.Notice))
		} else {
			out = append(out, console.Plain(r.Text))
		}
	}
	return out
}

// say sends "who: text" in a group chat and returns the replies' plain texts.
func (h *harness) say(chat bot.ChatRef, who, text string) []string {
	h.t.Helper()
	return texts(h.send(h.msg(chat, who, text)))
}

// sayPrivate sends text in who's private chat with the bot.
func (h *harness) sayPrivate(who, text string) []string {
	h.t.Helper()
	return texts(h.send(h.privateMsg(who, text)))
}

// want renders a message the way the bot does, as plain text. A test that
// forgets one of the message's arguments fails here, instead of comparing
// against "<no value>".
func (h *harness) want(lang, key string, kv ...any) string {
	h.t.Helper()
	s := h.cat.T(lang, key, bot.E(key, kv...).Args)
	if strings.Contains(s, "<no value>") || s == key {
		h.t.Errorf("want(%s, %s): missing arguments or key: %q", lang, key, s)
	}
	return console.Plain(s)
}

// outside is the note a money reply carries when no meeting is open, as the
// "Outside" argument of the message; inside a meeting pass locales.Raw("").
func (h *harness) outside(lang string) locales.Raw {
	return locales.Raw(h.cat.T(lang, "meeting.outside_note", nil))
}

// expect checks the replies are exactly these texts.
func (h *harness) expect(got []string, want ...string) {
	h.t.Helper()
	if strings.Join(got, "\n---\n") != strings.Join(want, "\n---\n") {
		h.t.Errorf("replies:\n%s\nwant:\n%s", strings.Join(got, "\n---\n"), strings.Join(want, "\n---\n"))
	}
}

// group opens a book in chat with chair as its first chair (a chat admin)
// and registers the others.
func (h *harness) group(chat bot.ChatRef, chair string, members ...string) {
	h.t.Helper()
	h.admin(chat, chair)
	h.expect(h.say(chat, chair, "/start"),
		h.want("id", "start.group", "Group", titles[chat]), h.want("id", "start.chair", "Name", h.person(chair).Name))
	for _, m := range members {
		got := h.say(chat, m, "/daftar")
		if len(got) != 1 || !strings.Contains(got[0], h.person(m).Name) {
			h.t.Fatalf("%s /daftar: %q", m, got)
		}
	}
}

// tx runs fn in a write transaction for reading what the tests check.
func (h *harness) tx(fn func(tx *storage.Tx) error) {
	h.t.Helper()
	if err := h.store.Write(h.ctx, fn); err != nil {
		h.t.Fatal(err)
	}
}

// savings is who's savings in the chat's group, as the store computes them.
func (h *harness) savings(chat bot.ChatRef, who string) ledger.Savings {
	h.t.Helper()
	var s ledger.Savings
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chat)
		if err != nil || g == nil {
			return fmt.Errorf("no group for %s (%v)", chat, err)
		}
		m, err := tx.MemberByRef(g.ID, h.ref(who))
		if err != nil || m == nil {
			return fmt.Errorf("%s is no member of %s (%v)", who, chat, err)
		}
		tot, err := tx.MemberTotals(g.ID, m.ID)
		if err != nil {
			return err
		}
		s, err = ledger.SavingsOf(tot)
		return err
	})
	return s
}

// groupSavings is the group's total savings.
func (h *harness) groupSavings(chat bot.ChatRef) ledger.Savings {
	h.t.Helper()
	var s ledger.Savings
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chat)
		if err != nil || g == nil {
			return fmt.Errorf("no group for %s (%v)", chat, err)
		}
		tot, err := tx.GroupTotals(g.ID)
		if err != nil {
			return err
		}
		s, err = ledger.SavingsOf(tot)
		return err
	})
	return s
}

// bookTables are the tables of the books that books() counts.
var bookTables = []string{"groups", "group_chats", "group_events", "members", "roles", "settings",
	"entries", "entry_decisions", "attendance", "meetings", "meeting_ends", "meeting_attendance", "excuses",
	"agenda_items", "agenda_taken", "agenda_notes", "minutes_amendments", "loans", "loan_events",
	"cycles", "shareout_confirmations"}

// books is a snapshot of everything in the books (not the processed
// marks or the outbox): row counts of every book table and each group's
// totals by kind and status.
func (h *harness) books() string {
	h.t.Helper()
	var out strings.Builder
	out.WriteString(h.rowCounts(bookTables))
	h.tx(func(tx *storage.Tx) error {
		for _, chat := range []bot.ChatRef{chatA, chatB, chatC} {
			g, err := tx.GroupByChat(chat)
			if err != nil || g == nil {
				continue
			}
			tot, err := tx.GroupTotals(g.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(&out, "%s=%v ", chat, tot)
		}
		return nil
	})
	return out.String()
}

// rowCounts lists the tables' row counts: "entries=3 loans=1 ".
func (h *harness) rowCounts(tables []string) string {
	h.t.Helper()
	var out strings.Builder
	err := h.store.Read(h.ctx, func(q storage.Querier) error {
		for _, table := range tables {
			var n int
			if err := q.QueryRowContext(h.ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
				return err
			}
			fmt.Fprintf(&out, "%s=%d ", table, n)
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out.String()
}

// entryCount counts the entries of all groups.
func (h *harness) entryCount() int {
	h.t.Helper()
	var n int
	err := h.store.Read(h.ctx, func(q storage.Querier) error {
		return q.QueryRowContext(h.ctx, "SELECT COUNT(*) FROM entries").Scan(&n)
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}
