package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"kelompok/bot"
	"kelompok/bot/scheduler"
	"kelompok/storage"
)

// remBook is a book on a fake clock with groups in three time zones.
type remBook struct {
	t     *testing.T
	m     *Main
	clock *clockwork.FakeClock
	seq   int
	zones map[int64]*time.Location
	chats map[int64]bot.ChatRef
}

func newRemBook(t *testing.T, start time.Time) *remBook {
	b := newRemBookB(t, start)
	b.t = t
	return b
}

func newRemBookB(t testing.TB, start time.Time) *remBook {
	t.Helper()
	clock := clockwork.NewFakeClockAt(start)
	m := &Main{Config: Config{DB: filepath.Join(t.TempDir(), "k.db"), MaxAmount: 100_000_000, TelegramTimeout: time.Second}, Clock: clock}
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return &remBook{m: m, clock: clock, zones: map[int64]*time.Location{}, chats: map[int64]bot.ChatRef{}}
}

func (b *remBook) say(chat bot.ChatRef, text string) {
	b.t.Helper()
	b.seq++
	u := bot.Update{Kind: bot.KindMessage, Source: fmt.Sprintf("%s/m/%d", chat, b.seq), Chat: chat, ChatTitle: "Kelompok " + string(chat),
		Sender: bot.Person{Ref: "tg:777", Name: "Sri", Username: "sri"}, SenderIsAdmin: true, Text: text, MessageID: fmt.Sprint(b.seq), At: b.clock.Now()}
	if err := b.m.Router.Handle(context.Background(), u); err != nil {
		b.t.Fatalf("%s: %v", text, err)
	}
}

// group opens a book in chat, in zone, meeting by rule.
func (b *remBook) group(chat bot.ChatRef, zone, rule string) int64 {
	b.t.Helper()
	b.say(chat, "/start")
	var id int64
	err := b.m.Store.Write(context.Background(), func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chat)
		if err != nil {
			return err
		}
		id = g.ID
		return tx.SetRule(g, bot.RuleTimeZone, zone, 0, "test")
	})
	if err != nil {
		b.t.Fatal(err)
	}
	b.say(chat, "/jadwal "+rule)
	loc, _ := time.LoadLocation(zone)
	b.zones[id], b.chats[id] = loc, chat
	return id
}

// runUntil advances the fake clock from one job to the next up to end,
// letting the scheduler finish each step.
func (b *remBook) runUntil(s *scheduler.Scheduler, end time.Time) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := s.WaitIdle(ctx); err != nil {
		b.t.Fatal(err)
	}
	for {
		next := s.NextRun()
		if next.IsZero() || next.After(end) {
			next = end
		}
		if d := next.Sub(b.clock.Now()); d > 0 {
			b.clock.Advance(d)
		}
		if err := s.WaitIdle(ctx); err != nil {
			b.t.Fatal(err)
		}
		if !b.clock.Now().Before(end) {
			return
		}
	}
}

func (b *remBook) start() *scheduler.Scheduler {
	b.t.Helper()
	s, err := b.m.StartReminders(context.Background(), b.clock, scheduler.Options{Workers: 3})
	if err != nil {
		b.t.Fatal(err)
	}
	return s
}

// A month of three groups meeting on the first Tuesday, in Jakarta, Berlin
// and New York (both change from summer time in it), on a fake clock,
// with three restarts: one straight away, one across a reminder still
// worth sending late, one across firings too late to send. Every firing
// is handled once, at its local time; none is sent twice; each sent one
// queued exactly one message.
func TestRemindersMonthWithRestarts(t *testing.T) {
	start := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	b := newRemBook(t, start)
	jkt := b.group("tg:-1001", "Asia/Jakarta", "setiap Selasa pertama 16:00 di balai desa")
	ber := b.group("tg:-1002", "Europe/Berlin", "setiap Selasa pertama 19:00 di Gemeindehaus")
	nyc := b.group("tg:-1003", "America/New_York", "setiap Selasa pertama 19:00 di church hall")
	// The replies to the setup are not what this test counts.
	drain(t, b.m.Store)

	s := b.start()
	b.runUntil(s, time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC))
	// Restart 1: straight away.
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	s = b.start()
	b.runUntil(s, time.Date(2026, 11, 3, 7, 50, 0, 0, time.UTC))
	// Restart 2: down 07:50-08:20 UTC, over Jakarta's hour-before reminder
	// (08:00 UTC, 15:00 WIB): 20 minutes late is within its grace.
	s.Stop()
	b.clock.Advance(30 * time.Minute)
	s = b.start()
	b.runUntil(s, time.Date(2026, 11, 8, 10, 0, 0, 0, time.UTC))
	// Restart 3: down from Sun 8 Nov 10:00 UTC to Mon 03:00 UTC: Jakarta's
	// summary (11:00 UTC) and Berlin's (17:00 UTC) are more than 6 hours
	// late, skipped; New York's (23:00 UTC) is 4 hours late, sent.
	s.Stop()
	b.clock.Advance(17 * time.Hour)
	s = b.start()
	end := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	b.runUntil(s, end)
	s.Stop()

	late := map[string]string{
		"1 meeting_before 60 Tue 03/11 15:00 WIB": "sent late 08:20Z",
		"1 summary 2026-W45 Sun 08/11 18:00 WIB":  "skipped",
		"2 summary 2026-W45 Sun 08/11 18:00 CET":  "skipped",
		"3 summary 2026-W45 Sun 08/11 18:00 EST":  "sent late 03:00Z",
	}
	sundays := func(g int64, zone string) []string {
		var out []string
		for i, d := range []string{"25/10", "01/11", "08/11", "15/11", "22/11", "29/11"} {
			z := zone
			if d == "25/10" && zone == "EST" {
				z = "EDT" // New York changes on 1 November
			}
			// The summary's target is its local ISO week.
			out = append(out, fmt.Sprintf("%d summary 2026-W%d Sun %s 18:00 %s", g, 43+i, d, z))
		}
		return out
	}
	var want []string
	want = append(want, sundays(jkt, "WIB")...)
	want = append(want, sundays(ber, "CET")...)
	want = append(want, sundays(nyc, "EST")...)
	want = append(want,
		"1 meeting_before 1440 Mon 02/11 16:00 WIB", "1 meeting_before 60 Tue 03/11 15:00 WIB", "1 meeting_missed 2026-11-03 Tue 03/11 19:00 WIB",
		"2 meeting_before 1440 Mon 02/11 19:00 CET", "2 meeting_before 60 Tue 03/11 18:00 CET", "2 meeting_missed 2026-11-03 Tue 03/11 22:00 CET",
		"3 meeting_before 1440 Mon 02/11 19:00 EST", "3 meeting_before 60 Tue 03/11 18:00 EST", "3 meeting_missed 2026-11-03 Tue 03/11 22:00 EST",
	)
	if jkt != 1 || ber != 2 || nyc != 3 {
		t.Fatalf("group ids %d %d %d", jkt, ber, nyc)
	}

	fs, err := b.m.Store.Firings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var got []string
	sent := map[bot.ChatRef]int{}
	for _, f := range fs {
		key := fmt.Sprintf("%d %s %s %s", f.GroupID, f.Kind, f.Target, f.Due.In(b.zones[f.GroupID]).Format("Mon 02/01 15:04 MST"))
		if seen[key] {
			t.Errorf("firing recorded twice: %s", key)
		}
		seen[key] = true
		got = append(got, key)
		how, isLate := late[key]
		switch {
		case isLate && how == "skipped":
			if f.Outcome != storage.FiringSkipped {
				t.Errorf("%s: %s, want skipped", key, f.Outcome)
			}
		case isLate && how != "":
			at := strings.TrimPrefix(how, "sent late ")
			if f.Outcome != storage.FiringSent || f.FiredAt.UTC().Format("15:04Z") != at {
				t.Errorf("%s: %s at %v, want sent late at %s", key, f.Outcome, f.FiredAt, at)
			}
		default:
			if f.Outcome != storage.FiringSent || !f.FiredAt.Equal(f.Due) {
				t.Errorf("%s: %s at %v, want sent on time", key, f.Outcome, f.FiredAt)
			}
		}
		if f.Outcome == storage.FiringSent {
			sent[b.chats[f.GroupID]]++
		}
	}
	if len(fs) != 27 {
		t.Errorf("%d firings recorded, want 27", len(fs))
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("firings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// One message per sent firing, to its group, and nothing else.
	msgs, err := b.m.Store.OutboxPending(context.Background(), "tg", 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	queued := map[bot.ChatRef]int{}
	for _, m := range msgs {
		queued[m.Reply.Chat]++
		place := map[bot.ChatRef]string{"tg:-1001": "balai desa", "tg:-1002": "Gemeindehaus", "tg:-1003": "church hall"}[m.Reply.Chat]
		if strings.Contains(m.Reply.Text, "Agenda sejauh ini") && !strings.Contains(m.Reply.Text, place) {
			t.Errorf("meeting reminder without its place: %s", m.Reply.Text)
		}
	}
	if fmt.Sprint(queued) != fmt.Sprint(sent) {
		t.Errorf("messages queued %v, firings sent %v", queued, sent)
	}
}

// drain empties the outbox.
func drain(t *testing.T, st *storage.Store) {
	t.Helper()
	if err := drainOutbox(context.Background(), st, "tg", func(bot.Reply) error { return nil }); err != nil {
		t.Fatal(err)
	}
}
