package console_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"kelompok/bot"
	"kelompok/bot/console"
	"kelompok/handlers"
	"kelompok/locales"
	"kelompok/storage"
)

func TestParseLine(t *testing.T) {
	for _, tc := range []struct {
		line, speaker, text string
		ok                  bool
	}{
		{"budi: /setor 5000", "budi", "/setor 5000", true},
		{"  Bu Sri :  /daftar  ", "Bu Sri", "/daftar", true},
		{"siti: [ok:3]", "siti", "[ok:3]", true},
		{"a b: c: d", "a b", "c: d", true},
		{"Ñoño_2: hola", "Ñoño_2", "hola", true},
		{"budi:", "", "", false},
		{"budi:    ", "", "", false},
		{"no colon here", "", "", false},
		{": hello", "", "", false},
		{"0123456789012345678901234567890123456789x: too long a name", "", "", false},
		{"bu@di: x", "", "", false},
	} {
		speaker, text, ok := console.ParseLine(tc.line)
		if speaker != tc.speaker || text != tc.text || ok != tc.ok {
			t.Errorf("ParseLine(%q) = %q, %q, %v; want %q, %q, %v", tc.line, speaker, text, ok, tc.speaker, tc.text, tc.ok)
		}
	}
	// A speaker of only spaces is no speaker.
	if speaker, _, ok := console.ParseLine(" : hello"); ok {
		t.Errorf("ParseLine accepted an empty speaker %q", speaker)
	}
}

// FuzzParseLine: ParseLine never panics; an accepted line has a trimmed
// speaker of at most 40 letters, digits, '_', '.', '-' or spaces, a
// trimmed non-empty text, and both come from the line. Person never
// panics on the speaker. Seeds: testdata/fuzz/FuzzParseLine.
func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"budi: /setor 5000", "  Bu Sri :  /daftar", "x:y", ":", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		speaker, text, ok := console.ParseLine(line)
		if !ok {
			if speaker != "" || text != "" {
				t.Fatalf("refused %q but returned %q %q", line, speaker, text)
			}
			return
		}
		if speaker != strings.TrimSpace(speaker) || text != strings.TrimSpace(text) || text == "" {
			t.Fatalf("ParseLine(%q) = %q, %q: not trimmed or empty text", line, speaker, text)
		}
		if utf8.RuneCountInString(speaker) > 40 || strings.Contains(speaker, ":") {
			t.Fatalf("ParseLine(%q) speaker %q", line, speaker)
		}
		if !strings.Contains(line, speaker) || !strings.Contains(line, text) {
			t.Fatalf("ParseLine(%q) = %q, %q: not from the line", line, speaker, text)
		}
		p := console.Person(speaker)
		if speaker == "" {
			t.Fatalf("empty speaker accepted from %q", line)
		}
		if !strings.HasPrefix(string(p.Ref), "cli:") || p.Ref == "cli:" || p.Name == "" || strings.ContainsAny(p.Username, " \t") {
			t.Fatalf("Person(%q) = %+v", speaker, p)
		}
	})
}

func TestPersonAndPlain(t *testing.T) {
	p := console.Person("bu  sri")
	if p.Ref != "cli:bu_sri" || p.Name != "Bu Sri" || p.Username != "bu_sri" {
		t.Errorf("Person = %+v", p)
	}
	if got := console.Plain("<b>Rp5.000</b> &amp; <i>x</i> &lt;y&gt; <code>/setor</code>"); got != "Rp5.000 & x <y> /setor" {
		t.Errorf("Plain = %q", got)
	}
}

// fakeChat records updates and answers each with queued replies.
type fakeChat struct {
	updates []bot.Update
	queued  []bot.Reply
	reply   func(u bot.Update) []bot.Reply
}

func (f *fakeChat) handle(_ context.Context, u bot.Update) error {
	f.updates = append(f.updates, u)
	f.queued = append(f.queued, f.reply(u)...)
	return nil
}

func (f *fakeChat) drain(_ context.Context, send func(bot.Reply) error) error {
	for _, r := range f.queued {
		if err := send(r); err != nil {
			return err
		}
	}
	f.queued = nil
	return nil
}

func TestRun(t *testing.T) {
	f := &fakeChat{reply: func(u bot.Update) []bot.Reply {
		switch u.Kind {
		case bot.KindButton:
			return []bot.Reply{
				{Chat: u.Chat, Text: "<b>#3</b> diterima", Edit: "m"},
				{Chat: u.Chat, AnswerButton: u.ButtonID, Notice: "#3 diterima"},
			}
		default:
			return []bot.Reply{{Chat: u.Chat, Text: "halo &amp; <i>selamat</i>\nbaris dua",
				Buttons: [][]bot.Button{{{Label: "✅ Terima", Data: "ok:3"}}}}}
		}
	}}
	in := "# a comment\n\nbudi: /start\nthis is not a line\nsiti: [ok:3]\n"
	var out bytes.Buffer
	c := &console.Console{In: strings.NewReader(in), Out: &out, Handle: f.handle, Drain: f.drain,
		Clock: &bot.FixedClock{T: time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)}, Echo: true, RunID: "r1"}
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := `# a comment
budi: /start
  🤖 halo & selamat
     baris dua
     [✅ Terima] ketik: [ok:3]
this is not a line
  (tulis: nama: pesan, contoh  budi: /setor 5000)
siti: [ok:3]
  🤖 (ubah pesan) #3 diterima
  [#3 diterima]
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if len(f.updates) != 2 {
		t.Fatalf("%d updates", len(f.updates))
	}
	u0, u1 := f.updates[0], f.updates[1]
	if u0.Kind != bot.KindMessage || u0.Text != "/start" || u0.Chat != console.Chat || !u0.SenderIsAdmin ||
		u0.Sender.Ref != "cli:budi" || u0.Source != "cli:demo/r1/1" || u0.MessageID != "1" {
		t.Errorf("first update %+v", u0)
	}
	if u1.Kind != bot.KindButton || u1.Text != "ok:3" || u1.ButtonID == "" || u1.Source == u0.Source {
		t.Errorf("button update %+v", u1)
	}
	// A handler error stops the run and names the line.
	c = &console.Console{In: strings.NewReader("budi: /x\n"), Out: &out, Clock: c.Clock, Drain: f.drain,
		Handle: func(context.Context, bot.Update) error { return errors.New("disk full") }}
	if err := c.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("handler error: %v", err)
	}
}

// TestConsoleEndToEnd runs the terminal chat on the real router and store.
func TestConsoleEndToEnd(t *testing.T) {
	ctx := context.Background()
	clock := &bot.FixedClock{T: time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)}
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "k.db"), storage.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := handlers.NewRouter(st, locales.MustLoad(), handlers.Config{})
	drain := func(ctx context.Context, send func(bot.Reply) error) error {
		msgs, err := st.OutboxPending(ctx, "cli", 0, 100)
		if err != nil {
			return err
		}
		ids := make([]int64, len(msgs))
		for i, m := range msgs {
			if err := send(m.Reply); err != nil {
				return err
			}
			ids[i] = m.ID
		}
		return st.OutboxDone(ctx, ids)
	}
	var out bytes.Buffer
	c := &console.Console{In: strings.NewReader("budi: /start\nsiti: /daftar\nsiti: /setor 5000\nbudi: [ok:1]\nsiti: /saldo\n"),
		Out: &out, Handle: r.Handle, Drain: drain, Clock: clock, Echo: true}
	if err := c.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  🤖 ⭐ Budi tercatat sebagai ketua.",
		"  🤖 ✅ Selamat datang, Siti! Anggota kelompok sekarang 2 orang.",
		"  🤖 🕓 Laporan #1: setoran Siti Rp5.000, menunggu diterima bendahara.",
		"     [✅ Terima] ketik: [ok:1]  [❌ Tolak] ketik: [no:1]",
		"  🤖 (ubah pesan) ✅ #1: setoran Siti Rp5.000 diterima oleh Budi.",
		"  [#1 diterima]",
		"     Tabungan: Rp5.000",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
