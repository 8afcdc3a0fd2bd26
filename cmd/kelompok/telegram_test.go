package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/outbox"
	"kelompok/bot/telegram"
	"kelompok/bot/telegram/tgemu"
	"kelompok/storage"
)

// tgBot is Kelompok serving the emulator; stop it with stop().
type tgBot struct {
	m      *Main
	cancel context.CancelFunc
	done   chan error
}

func openMain(t *testing.T, db string) *Main {
	t.Helper()
	m := &Main{Config: Config{DB: db, MaxAmount: 100_000_000, TelegramTimeout: time.Second},
		Limits: &outbox.Limits{MaxLen: 4000}}
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

func startBot(t *testing.T, srv *tgemu.Server, m *Main, wrap func(telegram.Submitter) telegram.Submitter) *tgBot {
	t.Helper()
	a, err := telegram.New(srv.Token(), srv.Endpoint(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &tgBot{m: m, cancel: cancel, done: make(chan error, 1)}
	go func() { b.done <- serveTelegram(ctx, m, a, wrap) }()
	return b
}

func (b *tgBot) stop(t *testing.T) {
	t.Helper()
	b.cancel()
	select {
	case err := <-b.done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("bot did not stop")
	}
}

// waitText waits until a message in chat contains want and returns it.
func waitText(t *testing.T, srv *tgemu.Server, chat tgemu.ChatID, want string) tgemu.SentMessage {
	t.Helper()
	var found tgemu.SentMessage
	err := srv.Wait(10*time.Second, func() bool {
		for _, m := range srv.Sent(chat) {
			if strings.Contains(m.Plain, want) {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		var all []string
		for _, m := range srv.Sent(chat) {
			all = append(all, m.Plain)
		}
		t.Fatalf("no message with %q in chat %d; sent:\n%s", want, chat, strings.Join(all, "\n---\n"))
	}
	return found
}

// say sends text and waits until the bot has finished the update and its
// replies have gone out; it returns the replies sent after it.
func say(t *testing.T, b *tgBot, srv *tgemu.Server, chat tgemu.ChatID, from tgemu.User, text string) []tgemu.SentMessage {
	t.Helper()
	before := len(srv.Sent(chat))
	id, _ := srv.SendText(chat, from, text)
	if id == 0 {
		t.Fatalf("bot would not receive %q", text)
	}
	if err := srv.WaitConfirmed(id, 10*time.Second); err != nil {
		t.Fatalf("update %q not confirmed: %v", text, err)
	}
	// Replies were committed before the confirm: once the outbox is empty,
	// they have all been sent.
	waitOutboxEmpty(t, b.m.Store)
	return srv.Sent(chat)[before:]
}

func waitOutboxEmpty(t *testing.T, st *storage.Store) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		msgs, err := st.OutboxPending(context.Background(), "tg", 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox still has %+v", msgs[0])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func plains(ms []tgemu.SentMessage) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Plain)
	}
	return strings.Join(s, "\n")
}

// chairedGroup starts the bot on the emulator with a group whose admin
// Sri has typed /start (she is its chair); everything stops with the test.
func chairedGroup(t *testing.T, title string) (*tgemu.Server, *Main, *tgBot, tgemu.User, tgemu.ChatID) {
	t.Helper()
	srv := newEmu(t)
	m := openMain(t, filepath.Join(t.TempDir(), "k.db"))
	t.Cleanup(func() { m.Close() })
	b := startBot(t, srv, m, nil)
	t.Cleanup(func() { b.stop(t) })
	sri := srv.AddUser("Sri", "sri")
	g := srv.AddGroup(title)
	srv.SetAdmin(g, sri)
	say(t, b, srv, g, sri, "/start")
	return srv, m, b, sri, g
}

func newEmu(t *testing.T, opts ...tgemu.Option) *tgemu.Server {
	srv := tgemu.New(append([]tgemu.Option{tgemu.WithLimits(tgemu.Limits{})}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

func TestTelegramGroupBook(t *testing.T) {
	srv := newEmu(t)
	m := openMain(t, filepath.Join(t.TempDir(), "k.db"))
	defer m.Close()
	b := startBot(t, srv, m, nil)
	defer b.stop(t)

	sri, siti, budi := srv.AddUser("Sri", "bu_sri"), srv.AddUser("Siti", "siti"), srv.AddUser("Budi", "budi")
	g := srv.AddGroupWithoutBot("Kelompok Mawar")
	srv.SetAdmin(g, sri)
	srv.AddBotToGroup(g, sri)
	waitText(t, srv, g, "Sri tercatat sebagai ketua")

	// The command menu went out in both languages.
	if err := srv.Wait(5*time.Second, func() bool { return len(srv.Commands("en")) > 0 && len(srv.Commands("id")) > 0 }); err != nil {
		t.Fatal("setMyCommands not called for id and en")
	}
	if c := srv.Commands("en"); c[0].Command != "help" {
		t.Errorf("English menu starts with %q", c[0].Command)
	}

	say(t, b, srv, g, siti, "/daftar@kelompok_test_bot Siti Aminah")
	say(t, b, srv, g, budi, "/join")
	if got := plains(say(t, b, srv, g, sri, "/pengurus @siti bendahara")); !strings.Contains(got, "Siti Aminah sekarang bendahara") {
		t.Fatalf("assign treasurer: %s", got)
	}

	// Every amount format people type books the exact amount.
	formats := []struct {
		in   string
		want string
	}{
		{"5000", "Rp5.000"}, {"5.000", "Rp5.000"}, {"5,000", "Rp5.000"}, {"5rb", "Rp5.000"},
		{"5 ribu", "Rp5.000"}, {"5k", "Rp5.000"}, {"Rp5.000", "Rp5.000"}, {"Rp 10.000,-", "Rp10.000"},
		{"1,5jt", "Rp1.500.000"}, {"1.5 juta", "Rp1.500.000"},
	}
	for _, f := range formats {
		got := plains(say(t, b, srv, g, siti, "/setor "+f.in+" @budi"))
		if !strings.Contains(got, "setoran Budi "+f.want+" dicatat") {
			t.Errorf("/setor %s: %s", f.in, got)
		}
	}
	if got := plains(say(t, b, srv, g, budi, "/saldo")); !strings.Contains(got, "Tabungan: Rp3.045.000") {
		t.Fatalf("budi's passbook: %s", got)
	}

	// A member's own report waits; the treasurer confirms it with the button.
	reply := say(t, b, srv, g, budi, "/setor 2500")
	if len(reply) != 1 || len(reply[0].Buttons) != 1 || len(reply[0].Buttons[0]) != 2 {
		t.Fatalf("pending report without buttons: %+v", reply)
	}
	if !strings.Contains(reply[0].Plain, "menunggu Rp2.500") {
		t.Fatalf("pending not shown apart: %s", reply[0].Plain)
	}
	// The reporter cannot confirm it; the treasurer can.
	upd, qid, err := srv.ClickButton(g, budi, reply[0].ID, reply[0].Buttons[0][0].Data)
	if err != nil {
		t.Fatal(err)
	}
	srv.WaitConfirmed(upd, 5*time.Second)
	ans, err := srv.WaitAnswer(qid, 5*time.Second)
	if err != nil || !strings.Contains(ans.Text, "hanya untuk") {
		t.Fatalf("member pressing confirm: %+v %v", ans, err)
	}
	upd, qid, err = srv.ClickButton(g, siti, reply[0].ID, reply[0].Buttons[0][0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if ans, err := srv.WaitAnswer(qid, 5*time.Second); err != nil || !strings.Contains(ans.Text, "diterima") {
		t.Fatalf("treasurer pressing confirm: %+v %v", ans, err)
	}
	srv.Wait(5*time.Second, func() bool {
		m, _ := srv.LastSent(g)
		return m.Edited
	})
	var edited tgemu.SentMessage
	for _, m := range srv.Sent(g) {
		if m.ID == reply[0].ID {
			edited = m
		}
	}
	if !edited.Edited || len(edited.Buttons) != 0 || !strings.Contains(edited.Plain, "diterima oleh Siti Aminah") {
		t.Fatalf("report not updated after confirm: %+v", edited)
	}
	if got := plains(say(t, b, srv, g, budi, "/saldo")); !strings.Contains(got, "Tabungan: Rp3.047.500") || !strings.Contains(got, "Menunggu diterima: Rp0") {
		t.Fatalf("after confirm: %s", got)
	}
	// The buttons are gone; confirming again by text changes nothing.
	if _, _, err := srv.ClickButton(g, siti, reply[0].ID, "ok:11"); err == nil {
		t.Fatal("buttons still under the confirmed report")
	}
	if got := plains(say(t, b, srv, g, siti, "/terima 11")); !strings.Contains(got, "#11 sudah diterima") {
		t.Fatalf("second confirm: %s", got)
	}

	// /kas: the group's totals.
	if got := plains(say(t, b, srv, g, budi, "/kas")); !strings.Contains(got, "Tabungan anggota: Rp3.047.500") {
		t.Fatalf("/kas: %s", got)
	}
	// User text is escaped for HTML: the emulator refuses bad HTML, so a reply arriving proves it.
	if got := plains(say(t, b, srv, g, budi, "/setor <b>&")); !strings.Contains(got, `"<b>&" bukan jumlah uang`) {
		t.Fatalf("escaping: %s", got)
	}
}

func TestTelegramBadInputs(t *testing.T) {
	srv := newEmu(t)
	m := openMain(t, filepath.Join(t.TempDir(), "k.db"))
	defer m.Close()
	b := startBot(t, srv, m, nil)
	defer b.stop(t)
	sri, ani := srv.AddUser("Sri", "sri"), srv.AddUser("Ani", "ani")
	g := srv.AddGroup("Kelompok Melati")
	srv.SetAdmin(g, sri)
	// The bot was added before it ran: a chat admin's /start makes the chair.
	if got := plains(say(t, b, srv, g, sri, "/start")); !strings.Contains(got, "Sri tercatat sebagai ketua") {
		t.Fatalf("/start by admin: %s", got)
	}
	cases := []struct{ name, text, want string }{
		{"non-member", "/setor 5000", "belum terdaftar"},
		{"unknown command", "/terbang", "Perintah /terbang tidak dikenal"},
	}
	for _, c := range cases {
		if got := plains(say(t, b, srv, g, ani, c.text)); !strings.Contains(got, c.want) {
			t.Errorf("%s: %s", c.name, got)
		}
	}
	say(t, b, srv, g, ani, "/daftar")
	for _, c := range []struct{ name, text, want string }{
		{"missing", "/setor", "Tulis jumlahnya"},
		{"zero", "/setor 0", "lebih dari nol"},
		{"negative", "/setor -5000", "tidak boleh minus"},
		{"words", "/setor lima", `"lima" bukan jumlah uang`},
		{"absurd", "/setor 999jt", "terlalu besar"},
		{"overflow", "/setor 99999999999999999999", "terlalu besar"},
		{"other's book by a member", "/setor 5000 @sri", "hanya untuk"},
	} {
		if got := plains(say(t, b, srv, g, ani, c.text)); !strings.Contains(got, c.want) {
			t.Errorf("%s: %s", c.name, got)
		}
	}
	// An anonymous admin is told how to fix it.
	id, _ := srv.SendAsAnonymousAdmin(g, "/setor 5000")
	srv.WaitConfirmed(id, 5*time.Second)
	waitText(t, srv, g, "admin anonim")
	// An edit is answered, not booked.
	_, msg := srv.SendText(g, ani, "/setor 5000")
	waitText(t, srv, g, "setoran Ani Rp5.000")
	id = srv.EditText(g, ani, msg, "/setor 50000")
	srv.WaitConfirmed(id, 5*time.Second)
	waitText(t, srv, g, "Pesan yang diubah tidak mengubah buku")
	// Another bot is ignored: no reply at all.
	before := len(srv.Sent(g))
	id, _ = srv.SendFromBot(g, srv.AddOtherBot("Spam", "spambot"), "/setor 5000")
	srv.WaitConfirmed(id, 5*time.Second)
	// A group command in a private chat.
	p := srv.AddPrivate(ani)
	say(t, b, srv, p, ani, "/setor 5000")
	waitText(t, srv, p, "hanya bisa dipakai di grup")
	if after := len(srv.Sent(g)); after != before {
		t.Fatalf("bot answered another bot: %d new messages", after-before)
	}
	// Private /start lists the person's groups with balances.
	say(t, b, srv, p, ani, "/start")
	waitText(t, srv, p, "Kelompok Melati: tabungan Rp0 (menunggu Rp5.000)")
	// Nothing but the one pending report is in the books.
	assertEntries(t, m.Store, 1)
}

// TestTelegramMeeting runs a short meeting through the emulator: opened,
// attendance, an agenda item that waited for it and its decision, a deposit,
// then the close posts the minutes to the group.
func TestTelegramMeeting(t *testing.T) {
	srv := newEmu(t)
	m := openMain(t, filepath.Join(t.TempDir(), "k.db"))
	defer m.Close()
	b := startBot(t, srv, m, nil)
	defer b.stop(t)
	sri, ani, eko := srv.AddUser("Sri", "sri"), srv.AddUser("Ani", "ani"), srv.AddUser("Eko", "eko")
	g := srv.AddGroup("Kelompok Mawar")
	srv.SetAdmin(g, sri)
	say(t, b, srv, g, sri, "/start")
	say(t, b, srv, g, ani, "/daftar")
	say(t, b, srv, g, eko, "/daftar")
	if got := plains(say(t, b, srv, g, sri, "/agenda Beli pakan")); !strings.Contains(got, "Menunggu rapat berikutnya") {
		t.Fatalf("/agenda before the meeting: %s", got)
	}
	for _, step := range []struct {
		who  tgemu.User
		text string
		want string
	}{
		{sri, "/rapat mulai balai desa", "Rapat #1 dibuka oleh Sri"},
		{sri, "/hadir", "Sri sudah tercatat hadir di rapat #1. Tidak ada yang berubah."}, // she opened it
		{ani, "/hadir", "Ani hadir di rapat #1. Yang hadir: 2 orang."},
		{sri, "/bahas 1 harga naik", "Agenda 1 (Beli pakan) dibahas: harga naik"},
		{sri, "/putuskan 1 beli 3 karung", "Keputusan agenda 1 (Beli pakan): beli 3 karung"},
		{sri, "/setor 5000 @ani", "setoran Ani Rp5.000 dicatat oleh Sri"},
	} {
		if got := plains(say(t, b, srv, g, step.who, step.text)); !strings.Contains(got, step.want) {
			t.Fatalf("%s: %s", step.text, got)
		}
	}
	say(t, b, srv, g, sri, "/rapat selesai")
	minutes := waitText(t, srv, g, "NOTULEN RAPAT #1 · Kelompok Mawar")
	for _, want := range []string{
		"📍 balai desa",
		"Kehadiran: hadir 2, terlambat 0, izin 0, absen 1",
		"• hadir: Ani, Sri",
		"• absen: Eko",
		"Agenda | Dibahas | Keputusan\n1. Beli pakan\n   Dibahas: harga naik\n   Keputusan: beli 3 karung",
		"setoran (1): Rp5.000",
		"• Eko: Rp2.000 (absen)",
		"Tabungan anggota: Rp5.000\nUang kas: Rp5.000\nDenda belum dibayar: Rp2.000",
	} {
		if !strings.Contains(minutes.Plain, want) {
			t.Errorf("minutes lack %q:\n%s", want, minutes.Plain)
		}
	}
	if got := plains(say(t, b, srv, g, eko, "/notulen 1")); got != minutes.Plain {
		t.Errorf("/notulen 1:\n%s\nposted:\n%s", got, minutes.Plain)
	}
	// Two entries: the deposit and Eko's absence fine, both in meeting 1.
	assertEntries(t, m.Store, 2)
	var linked int
	m.Store.Read(context.Background(), func(q storage.Querier) error {
		return q.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM entries WHERE meeting_id IS NOT NULL").Scan(&linked)
	})
	if linked != 2 {
		t.Errorf("%d entries linked to the meeting, want 2", linked)
	}
}

func assertEntries(t *testing.T, st *storage.Store, want int) {
	t.Helper()
	var n int
	st.Read(context.Background(), func(q storage.Querier) error {
		return q.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM entries").Scan(&n)
	})
	if n != want {
		t.Fatalf("%d entries in the books, want %d", n, want)
	}
}

func TestTelegramSupergroupMigrationKeepsBook(t *testing.T) {
	srv, _, b, sri, g := chairedGroup(t, "Kelompok Anggrek")
	say(t, b, srv, g, sri, "/setor 7500")
	sg := srv.MigrateToSupergroup(g)
	if got := plains(say(t, b, srv, sg, sri, "/saldo")); !strings.Contains(got, "menunggu diterima: Rp7.500") && !strings.Contains(got, "Menunggu diterima: Rp7.500") {
		t.Fatalf("book lost in migration: %s", got)
	}
	if got := plains(say(t, b, srv, sg, sri, "/anggota")); !strings.Contains(got, "Sri · ketua") {
		t.Fatalf("officers lost in migration: %s", got)
	}
	// Removing the bot deletes nothing; adding it back finds the same book.
	srv.RemoveBot(sg, sri)
	srv.AddBotToGroup(sg, sri)
	if got := plains(say(t, b, srv, sg, sri, "/saldo")); !strings.Contains(got, "Rp7.500") {
		t.Fatalf("book lost after removal: %s", got)
	}
}

// crashAfterCommit lets the first `/setor` commit, then stops the poller
// before it can confirm the update, as a crash would.
type crashAfterCommit struct {
	next    telegram.Submitter
	crash   context.CancelFunc
	crashed atomic.Bool
}

func (c *crashAfterCommit) Submit(ctx context.Context, u bot.Update, done func(error)) {
	c.next.Submit(ctx, u, func(err error) {
		if err == nil && strings.HasPrefix(u.Text, "/setor") && c.crashed.CompareAndSwap(false, true) {
			c.crash()
			done(errors.New("crashed after commit"))
			return
		}
		done(err)
	})
}

// dropFirst loses the first `/setor` before it is handled, as a crash
// before the commit would.
type dropFirst struct {
	next    telegram.Submitter
	dropped atomic.Bool
}

func (d *dropFirst) Submit(ctx context.Context, u bot.Update, done func(error)) {
	if strings.HasPrefix(u.Text, "/setor") && d.dropped.CompareAndSwap(false, true) {
		done(errors.New("crashed before commit"))
		return
	}
	d.next.Submit(ctx, u, done)
}

func TestTelegramCrashRestartExactlyOnce(t *testing.T) {
	srv := newEmu(t)
	db := filepath.Join(t.TempDir(), "k.db")
	sri := srv.AddUser("Sri", "sri")
	g := srv.AddGroup("Kelompok Kenanga")
	srv.SetAdmin(g, sri)

	// Run 1: set up, then crash right after the deposit commits.
	m := openMain(t, db)
	var crash *crashAfterCommit
	b := startBot(t, srv, m, func(s telegram.Submitter) telegram.Submitter {
		crash = &crashAfterCommit{next: s, crash: func() {}}
		return crash
	})
	say(t, b, srv, g, sri, "/start")
	b.stop(t)
	m.Close()

	m = openMain(t, db)
	var mu sync.Mutex
	ctxCrash, cancelCrash := context.WithCancel(context.Background())
	defer cancelCrash()
	b = startBot(t, srv, m, func(s telegram.Submitter) telegram.Submitter {
		mu.Lock()
		defer mu.Unlock()
		crash = &crashAfterCommit{next: s, crash: cancelCrash}
		return crash
	})
	id, _ := srv.SendText(g, sri, "/setor 5000")
	<-ctxCrash.Done()
	b.stop(t)
	m.Close()
	if !containsInt(srv.Unconfirmed(), id) {
		t.Fatalf("update %d was confirmed although the bot crashed", id)
	}

	// Run 2: Telegram redelivers; the book already has it.
	m = openMain(t, db)
	defer m.Close()
	b = startBot(t, srv, m, func(s telegram.Submitter) telegram.Submitter { return &dropFirst{next: s} })
	if err := srv.WaitConfirmed(id, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	// A second deposit is lost once before its commit and redelivered.
	id2, _ := srv.SendText(g, sri, "/setor 7000")
	if err := srv.WaitConfirmed(id2, 15*time.Second); err != nil {
		t.Fatal(err)
	}
	waitText(t, srv, g, "setoran Sri Rp7.000")
	b.stop(t)
	assertEntries(t, m.Store, 2)
	n := 0
	for _, msg := range srv.Sent(g) {
		if strings.Contains(msg.Plain, "setoran Sri Rp5.000") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the 5000 deposit was answered %d times, want once", n)
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// TestTelegramRateLimits runs the real limits on both sides: replies to
// one chat are paced, and no 429 happens.
func TestTelegramRateLimits(t *testing.T) {
	srv := tgemu.New(tgemu.WithLimits(tgemu.RealLimits()))
	t.Cleanup(srv.Close)
	m := openMain(t, filepath.Join(t.TempDir(), "k.db"))
	defer m.Close()
	lim := outbox.TelegramLimits()
	m.Limits = &lim
	b := startBot(t, srv, m, nil)
	defer b.stop(t)
	sri := srv.AddUser("Sri", "sri")
	g := srv.AddGroup("Kelompok Dahlia")
	srv.SetAdmin(g, sri)
	var last int
	for _, text := range []string{"/start", "/setor 1000", "/setor 2000", "/setor 3000"} {
		last, _ = srv.SendText(g, sri, text)
	}
	srv.WaitConfirmed(last, 10*time.Second)
	msgs, err := srv.WaitSent(g, 5, 15*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(msgs); i++ {
		if d := msgs[i].Date.Sub(msgs[i-1].Date); d < 900*time.Millisecond {
			t.Errorf("messages %d and %d only %v apart", i-1, i, d)
		}
	}
	if s := srv.Stats(); s.TooMany429 != 0 {
		t.Fatalf("%d answers were 429", s.TooMany429)
	}
}

// TestTelegramHonoursRetryAfter lets the bot send faster than Telegram
// allows: it gets 429s, waits as told, and every reply still arrives in order.
func TestTelegramHonoursRetryAfter(t *testing.T) {
	srv := tgemu.New(tgemu.WithLimits(tgemu.Limits{PerChat: tgemu.Rate{Events: 1, Window: time.Second}}))
	t.Cleanup(srv.Close)
	m := openMain(t, filepath.Join(t.TempDir(), "k.db"))
	defer m.Close()
	b := startBot(t, srv, m, nil) // no pacing on our side
	defer b.stop(t)
	sri := srv.AddUser("Sri", "sri")
	g := srv.AddGroup("Kelompok Tulip")
	srv.SetAdmin(g, sri)
	srv.SendText(g, sri, "/start")
	srv.SendText(g, sri, "/setor 1000")
	msgs, err := srv.WaitSent(g, 3, 15*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if srv.Stats().TooMany429 == 0 {
		t.Fatal("expected the emulator to refuse some sends with 429")
	}
	if !strings.Contains(msgs[2].Plain, "Rp1.000") {
		t.Fatalf("replies out of order: %q", msgs[2].Plain)
	}
}
