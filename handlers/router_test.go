package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"kelompok/bot"
	"kelompok/handlers"
	"kelompok/storage"
)

func TestBotAddedAndRemoved(t *testing.T) {
	h := newHarness(t)
	// The chat's admin adds the bot: the first chair.
	h.admin(chatA, "budi")
	u := h.msg(chatA, "budi", "")
	u.Kind, u.MessageID = bot.KindBotAdded, ""
	h.expect(texts(h.send(u)), h.want("id", "start.group", "Group", "Tani Makmur"), h.want("id", "start.chair", "Name", "Budi"))
	if h.last[0].ReplyTo != "" {
		t.Errorf("greeting answers message %q", h.last[0].ReplyTo)
	}
	if r := h.roleOf(chatA, "budi"); r != bot.RoleChair {
		t.Errorf("the one who added the bot is %q, want chair", r)
	}
	h.say(chatA, "siti", "/daftar")
	h.say(chatA, "siti", "/setor 5000")
	// Removed and added again by someone else: the book and its chair stay.
	u = h.msg(chatA, "budi", "")
	u.Kind = bot.KindBotRemoved
	h.expect(texts(h.send(u)))
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chatA)
		if err == nil && (g == nil || !g.Removed) {
			t.Errorf("group after removal: %+v", g)
		}
		return err
	})
	u = h.msg(chatA, "ani", "")
	u.Kind, u.MessageID = bot.KindBotAdded, ""
	h.expect(texts(h.send(u)), h.want("id", "start.group", "Group", "Tani Makmur"))
	if r := h.roleOf(chatA, "budi"); r != bot.RoleChair {
		t.Errorf("budi is %q after re-adding", r)
	}
	if s := h.savings(chatA, "siti"); s.Pending != 5000 {
		t.Errorf("siti's report lost: %+v", s)
	}
	if b := h.books(); !strings.Contains(b, "groups=1 ") || !strings.Contains(b, "group_events=3 ") {
		t.Errorf("books: %s", b)
	}
}

// Someone who is not the chat's admin adds the bot: the book opens without
// a chair, and the group is told how to get one; an admin's /start then
// names the first chair.
func TestBotAddedByNonAdmin(t *testing.T) {
	h := newHarness(t)
	u := h.msg(chatB, "tono", "")
	u.Kind, u.MessageID = bot.KindBotAdded, ""
	h.expect(texts(h.send(u)), h.want("id", "start.group", "Group", "Mawar"), h.want("id", "start.need_admin"))
	if r := h.roleOf(chatB, "tono"); r == bot.RoleChair {
		t.Errorf("a non-admin who added the bot became chair")
	}
	h.admin(chatB, "ani")
	h.expect(h.say(chatB, "ani", "/start"), h.want("id", "start.group", "Group", "Mawar"), h.want("id", "start.chair", "Name", "Ani"))
}

func TestMigratedChatKeepsItsBook(t *testing.T) {
	const newChat bot.ChatRef = "tg:-1009991"
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.say(chatA, "siti", "/setor 5000")
	// Telegram sends a notice in the old chat and one in the new; either
	// may come first, and both must be harmless.
	inOld := h.msg(chatA, "budi", "")
	inOld.Kind, inOld.OldChat, inOld.NewChat = bot.KindMigrated, chatA, newChat
	inNew := h.msg(newChat, "budi", "")
	inNew.Kind, inNew.OldChat, inNew.NewChat = bot.KindMigrated, chatA, newChat
	h.expect(texts(h.send(inNew)))
	h.expect(texts(h.send(inOld)))
	h.expect(h.say(newChat, "budi", "/terima 1"), h.want("id", "entry.confirmed", "No", 1, "Kind", "setoran", "IsFine", false, "Owed", bot.Money(0), "Name", "Siti",
		"Amount", bot.Money(5000), "By", "Budi", "Confirmed", bot.Money(5000), "Pending", bot.Money(0)))
	h.expect(h.say(newChat, "siti", "/saldo"), "📒 Buku tabungan Siti\nTabungan: Rp5.000\nMenunggu diterima: Rp0\nDenda belum dibayar: Rp0\nSisa pinjaman: Rp0 · angsuran berikutnya: -")
	if b := h.books(); !strings.Contains(b, "groups=1 ") || !strings.Contains(b, "group_chats=2 ") {
		t.Errorf("books: %s", b)
	}
}

func TestDispatcherKeepsChatOrder(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.group(chatB, "ani", "siti")
	d := handlers.NewDispatcher(h.router.Handle)
	const n = 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for i := 1; i <= n; i++ {
		for _, c := range []struct {
			chat  bot.ChatRef
			chair string
		}{{chatA, "budi"}, {chatB, "ani"}} {
			wg.Add(1)
			d.Submit(context.Background(), h.msg(c.chat, c.chair, fmt.Sprintf("/setor %d @siti", i)), func(err error) {
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
				wg.Done()
			})
		}
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	h.tx(func(tx *storage.Tx) error {
		for _, chat := range []bot.ChatRef{chatA, chatB} {
			g, err := tx.GroupByChat(chat)
			if err != nil {
				return err
			}
			for i := int64(1); i <= n; i++ {
				e, err := tx.EntryByNo(g.ID, i)
				if err != nil {
					return err
				}
				if e == nil || e.Amount != bot.Money(i) {
					t.Errorf("%s #%d = %+v, want the %dth deposit", chat, i, e, i)
				}
			}
		}
		return nil
	})
	// A panicking handler is reported; what was queued behind it fails too
	// (to be redelivered in order), and the chat goes on afterwards.
	calls := 0
	queued := make(chan struct{})
	d = handlers.NewDispatcher(func(context.Context, bot.Update) error {
		calls++
		if calls == 1 {
			<-queued // the second update is behind this one
			panic("boom")
		}
		return nil
	})
	results := make(chan error, 2)
	d.Submit(context.Background(), bot.Update{Chat: chatC}, func(err error) { results <- err })
	d.Submit(context.Background(), bot.Update{Chat: chatC}, func(err error) { results <- err })
	close(queued)
	if err := <-results; err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panic reported as %v", err)
	}
	if err := <-results; err == nil || !strings.Contains(err.Error(), "held behind") {
		t.Errorf("queued behind a panic: %v", err)
	}
	d.Submit(context.Background(), bot.Update{Chat: chatC}, func(err error) { results <- err })
	if err := <-results; err != nil {
		t.Errorf("after a panic: %v", err)
	}
}
