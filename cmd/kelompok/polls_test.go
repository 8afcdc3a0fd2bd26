package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/telegram"
	"kelompok/bot/telegram/tgemu"
	"kelompok/storage"
)

// answer votes in a native poll as from and waits until the bot has
// committed the vote.
func answer(t *testing.T, srv *tgemu.Server, pollID string, from tgemu.User, options ...int) {
	t.Helper()
	id, err := srv.AnswerPoll(pollID, from, options...)
	if err != nil {
		t.Fatal(err)
	}
	if id == 0 {
		t.Fatalf("no poll_answer update for %s in %s", from.UserName, pollID)
	}
	if err := srv.WaitConfirmed(id, 10*time.Second); err != nil {
		t.Fatalf("vote of %s not confirmed: %v", from.UserName, err)
	}
}

// lastPoll waits for the bot's n-th native poll in chat and checks that it
// is a non-anonymous, one-answer poll.
func lastPoll(t *testing.T, srv *tgemu.Server, chat tgemu.ChatID, n int) tgemu.SentPoll {
	t.Helper()
	ps, err := srv.WaitPolls(chat, n, 10*time.Second)
	if err != nil {
		t.Fatalf("poll %d not sent: %v", n, err)
	}
	p := ps[n-1]
	if p.Anonymous || p.Multiple {
		t.Errorf("poll %q is anonymous=%v multiple=%v", p.Question, p.Anonymous, p.Multiple)
	}
	return p
}

// closeDue runs the scheduler's close as if at `at`, and waits until the
// results are sent.
func closeDue(t *testing.T, b *tgBot, at time.Time) int {
	t.Helper()
	n, err := b.m.Router.ClosePollsDue(context.Background(), at)
	if err != nil {
		t.Fatal(err)
	}
	waitOutboxEmpty(t, b.m.Store)
	return n
}

// A rule changed by a native poll, then a loan approved by one, through the
// emulator with poll_answer updates.
func TestTelegramLoanApprovedByPoll(t *testing.T) {
	srv, m, b, sri, g := chairedGroup(t, "Tani Makmur")
	budi, eko := srv.AddUser("Budi", "budi"), srv.AddUser("Eko", "eko")
	say(t, b, srv, g, budi, "/daftar")
	say(t, b, srv, g, eko, "/daftar")
	say(t, b, srv, g, sri, "/pengurus @budi bendahara")

	got := plains(say(t, b, srv, g, sri, "/aturan ubah persetujuan_pinjaman voting supaya adil"))
	if !strings.Contains(got, "Voting V1") {
		t.Fatalf("rule change: %s", got)
	}
	p := lastPoll(t, srv, g, 1)
	if p.Question != "Ubah aturan: Persetujuan pinjaman menjadi lewat voting kelompok?" || strings.Join(p.Options, "|") != "Setuju|Tidak setuju" {
		t.Fatalf("poll %+v", p)
	}
	answer(t, srv, p.ID, budi, 0)
	answer(t, srv, p.ID, eko, 1)
	answer(t, srv, p.ID, eko, 0) // changed
	got = plains(say(t, b, srv, g, sri, "/tutupvoting 1"))
	if !strings.Contains(got, "1. Setuju: 2 suara (Budi, Eko)") || !strings.Contains(got, "Persetujuan pinjaman sekarang lewat voting kelompok") {
		t.Fatalf("rule poll result: %s", got)
	}
	if err := srv.Wait(5*time.Second, func() bool { return srv.Polls(g)[0].Closed }); err != nil {
		t.Fatal("the native poll was not stopped")
	}
	if id, _ := srv.AnswerPoll(p.ID, sri, 1); id != 0 {
		t.Error("a closed poll still took votes")
	}

	say(t, b, srv, g, budi, "/setor 300000 @eko")
	got = plains(say(t, b, srv, g, eko, "/pinjam 200000 2 bibit"))
	if !strings.Contains(got, "Voting V2") {
		t.Fatalf("loan request: %s", got)
	}
	loanPoll := lastPoll(t, srv, g, 2)
	if got := plains(say(t, b, srv, g, budi, "/cairkan P1")); !strings.Contains(got, "P1") || strings.Contains(got, "dicairkan") {
		t.Fatalf("paid out before the poll: %s", got)
	}
	answer(t, srv, loanPoll.ID, sri, 0)
	answer(t, srv, loanPoll.ID, budi, 0)
	if n := closeDue(t, b, time.Now().Add(time.Hour)); n != 0 {
		t.Fatalf("closed %d polls before their time", n)
	}
	if n := closeDue(t, b, time.Now().Add(25*time.Hour)); n != 1 {
		t.Fatalf("closed %d polls, want 1", n)
	}
	waitText(t, srv, g, "Pinjaman P1 Eko (Rp200.000) disetujui kelompok")
	if n := closeDue(t, b, time.Now().Add(26*time.Hour)); n != 0 {
		t.Fatalf("a poll was closed twice")
	}
	say(t, b, srv, g, budi, "/cairkan P1")
	assertLoanPaid(t, m.Store)
}

func assertLoanPaid(t *testing.T, st *storage.Store) {
	t.Helper()
	var n int
	err := st.Read(context.Background(), func(q storage.Querier) error {
		return q.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM entries WHERE kind = 'loan_out'`).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d pay-outs, want 1", n)
	}
}

// An officer elected by a native poll, and a poll that fails its quorum;
// a non-member's vote is shown apart and never counts.
func TestTelegramElectionAndQuorum(t *testing.T) {
	srv, _, b, sri, g := chairedGroup(t, "Mawar")
	budi, eko, tono := srv.AddUser("Budi", "budi"), srv.AddUser("Eko", "eko"), srv.AddUser("Tono", "tono")
	stranger := srv.AddUser("Joko", "joko")
	for _, u := range []tgemu.User{budi, eko, tono} {
		say(t, b, srv, g, u, "/daftar")
	}
	say(t, b, srv, g, budi, "/pengurus usul @eko sekretaris")
	p := lastPoll(t, srv, g, 1)
	answer(t, srv, p.ID, sri, 0)
	answer(t, srv, p.ID, budi, 0)
	answer(t, srv, p.ID, tono, 1)
	answer(t, srv, p.ID, tono) // retracted
	answer(t, srv, p.ID, stranger, 1)
	got := plains(say(t, b, srv, g, eko, "/voting 1"))
	if !strings.Contains(got, "Belum memilih: Eko, Tono") || !strings.Contains(got, "1 suara dari bukan anggota tidak dihitung") {
		t.Fatalf("/voting 1: %s", got)
	}
	// An election binds the group: only the chair closes it early, not
	// even whoever proposed it.
	for _, u := range []tgemu.User{tono, budi} {
		if got := plains(say(t, b, srv, g, u, "/tutupvoting 1")); !strings.Contains(got, "hanya ketua yang boleh menutupnya lebih awal") {
			t.Fatalf("%s closed the election early: %s", u.UserName, got)
		}
	}
	got = plains(say(t, b, srv, g, sri, "/tutupvoting 1"))
	if !strings.Contains(got, "2 dari 4 anggota memilih") || !strings.Contains(got, "Eko sekarang sekretaris, terpilih lewat voting") {
		t.Fatalf("election result: %s", got)
	}
	if got := plains(say(t, b, srv, g, tono, "/pengurus")); !strings.Contains(got, "sekretaris: Eko (sejak") {
		t.Fatalf("/pengurus: %s", got)
	}

	// Quorum: one vote of five members is no decision.
	say(t, b, srv, g, sri, "/voting Pindah rapat ke Kamis? | Ya | Tidak")
	q := lastPoll(t, srv, g, 2)
	answer(t, srv, q.ID, tono, 0)
	if got := plains(say(t, b, srv, g, sri, "/tutupvoting 2")); !strings.Contains(got, "Tidak sah: kurang dari 50% anggota memilih") {
		t.Fatalf("no quorum: %s", got)
	}
}

// crashAfter lets the first update that match commits, then stops the
// poller before it confirms it, as a crash would.
type crashAfter struct {
	next    telegram.Submitter
	match   func(bot.Update) bool
	crash   context.CancelFunc
	crashed atomic.Bool
}

func (c *crashAfter) Submit(ctx context.Context, u bot.Update, done func(error)) {
	c.next.Submit(ctx, u, func(err error) {
		if err == nil && c.match(u) && c.crashed.CompareAndSwap(false, true) {
			c.crash()
			done(errors.New("crashed after commit"))
			return
		}
		done(err)
	})
}

func count(t *testing.T, st *storage.Store, q string) int {
	t.Helper()
	var n int
	if err := st.Read(context.Background(), func(qr storage.Querier) error {
		return qr.QueryRowContext(context.Background(), q).Scan(&n)
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// A vote and a close that committed but were not confirmed before a crash
// are redelivered after the restart: the vote counts once and the rule
// changes once.
func TestTelegramPollCrashRestart(t *testing.T) {
	srv := newEmu(t)
	db := filepath.Join(t.TempDir(), "k.db")
	sri, budi, eko := srv.AddUser("Sri", "sri"), srv.AddUser("Budi", "budi"), srv.AddUser("Eko", "eko")
	g := srv.AddGroup("Kenanga")
	srv.SetAdmin(g, sri)

	run := func(match func(bot.Update) bool, steps func(b *tgBot, crashed <-chan struct{})) {
		m := openMain(t, db)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		b := startBot(t, srv, m, func(s telegram.Submitter) telegram.Submitter {
			return &crashAfter{next: s, match: match, crash: cancel}
		})
		steps(b, ctx.Done())
		b.stop(t)
		m.Close()
	}
	never := func(bot.Update) bool { return false }
	var pollID string
	run(never, func(b *tgBot, _ <-chan struct{}) {
		say(t, b, srv, g, sri, "/start")
		say(t, b, srv, g, budi, "/daftar")
		say(t, b, srv, g, eko, "/daftar")
		say(t, b, srv, g, sri, "/aturan ubah denda_telat 3000")
		pollID = lastPoll(t, srv, g, 1).ID
	})
	// The vote commits, then the bot crashes before confirming it.
	var voteID int
	run(func(u bot.Update) bool { return u.Kind == bot.KindPollAnswer }, func(b *tgBot, crashed <-chan struct{}) {
		voteID, _ = srv.AnswerPoll(pollID, budi, 0)
		<-crashed
	})
	if !containsInt(srv.Unconfirmed(), voteID) {
		t.Fatal("the vote was confirmed although the bot crashed")
	}
	// The close commits, then the bot crashes before confirming it.
	var closeID int
	run(func(u bot.Update) bool { return strings.HasPrefix(u.Text, "/tutupvoting") }, func(b *tgBot, crashed <-chan struct{}) {
		answer(t, srv, pollID, eko, 0)
		closeID, _ = srv.SendText(g, sri, "/tutupvoting 1")
		<-crashed
	})
	m := openMain(t, db)
	defer m.Close()
	b := startBot(t, srv, m, nil)
	defer b.stop(t)
	if err := srv.WaitConfirmed(closeID, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	waitOutboxEmpty(t, m.Store)
	if n := count(t, m.Store, `SELECT COUNT(*) FROM poll_votes`); n != 2 {
		t.Errorf("%d votes recorded, want 2", n)
	}
	if n := count(t, m.Store, `SELECT COUNT(*) FROM rule_changes`); n != 1 {
		t.Errorf("%d rule changes, want 1", n)
	}
	if n := count(t, m.Store, `SELECT COUNT(*) FROM poll_decisions`); n != 1 {
		t.Errorf("%d decisions, want 1", n)
	}
	results := 0
	for _, msg := range srv.Sent(g) {
		if strings.Contains(msg.Plain, "Hasil voting V1") {
			results++
			if !strings.Contains(msg.Plain, "2 dari 3 anggota memilih") {
				t.Errorf("result: %s", msg.Plain)
			}
		}
	}
	if results != 1 {
		t.Errorf("the result was posted %d times, want once", results)
	}
}

// The terminal chat has no native polls: the poll comes as a text ballot
// with /pilih lines, and text votes decide it.
func TestConsoleVoting(t *testing.T) {
	in, err := os.Open("../../examples/voting.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out bytes.Buffer
	db := filepath.Join(t.TempDir(), "k.db")
	if err := run(context.Background(), []string{"console"}, in, &out, env(map[string]string{"KELOMPOK_DB": db})); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"1. Ya: ketik /pilih 1 1",
		"2. Tidak: ketik /pilih 1 2",
		"Belum memilih: Bu Sri, Siti Aminah",
		"1. Ya: 2 suara (Budi, Siti Aminah)",
		"Keputusan: Ya.",
		"Aturan berubah: Bunga pinjaman sekarang 3% per bulan.",
		"Bunga pinjaman → 3% per bulan oleh Bu Sri. Alasan: harga naik. Keputusan voting V2",
		`"-5" bukan jumlah yang boleh`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("transcript lacks %q:\n%s", want, out.String())
		}
	}
}
