package handlers_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kelompok/bot"
)

// script runs "who: text" lines in one chat and writes the transcript:
// each line, then each reply as the bot's markup (so escaping shows),
// with edits, pop-ups and buttons marked. "who: [data]" presses a button
// on the bot's last message; budi is the chat's admin. A line
// "@ 2026-12-01 16:02" sets the clock to that time in Jakarta.
func (h *harness) script(chat bot.ChatRef, lines string) string {
	h.t.Helper()
	h.admin(chat, "budi")
	var out bytes.Buffer
	lastBotMsg := ""
	for _, line := range strings.Split(strings.TrimSpace(lines), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		fmt.Fprintln(&out, line)
		if at, ok := strings.CutPrefix(line, "@ "); ok {
			t, err := time.ParseInLocation("2006-01-02 15:04", at, jakarta)
			if err != nil {
				h.t.Fatalf("bad clock line %q: %v", line, err)
			}
			h.clock.T = t.UTC()
			continue
		}
		who, text, ok := strings.Cut(line, ": ")
		if !ok {
			h.t.Fatalf("bad script line %q", line)
		}
		var u bot.Update
		if strings.HasPrefix(text, "[") {
			u = h.press(chat, who, strings.Trim(text, "[]"), lastBotMsg)
		} else {
			u = h.msg(chat, who, text)
		}
		for i, r := range h.send(u) {
			switch {
			case r.AnswerButton != "":
				fmt.Fprintf(&out, "  (pop-up) %s\n", r.Notice)
				continue
			case r.Edit != "":
				fmt.Fprintf(&out, "  (edits %s)\n", r.Edit)
			}
			for _, l := range strings.Split(r.Text, "\n") {
				fmt.Fprintf(&out, "  | %s\n", l)
			}
			for _, row := range r.Buttons {
				var bs []string
				for _, b := range row {
					bs = append(bs, fmt.Sprintf("[%s → %s]", b.Label, b.Data))
				}
				fmt.Fprintf(&out, "  %s\n", strings.Join(bs, " "))
			}
			lastBotMsg = fmt.Sprintf("bot-%d-%d", h.seq, i)
		}
	}
	return out.String()
}

// golden compares got with testdata/name.golden, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

const sessionID = `
budi: /start
siti: /daftar
eko: /daftar Eko <Prasetyo> & Co
budi: /pengurus @siti bendahara
budi: /anggota tambah Bu Sri
eko: /setor 5rb
siti: [ok:1]
eko: /setor 10.000
eko: /batal
budi: /setor 1,5jt Bu Sri
eko: /setor Rp 2.000,-
siti: [no:4]
eko: /setor 7 ribu
siti: /terima 5
eko: /setor lima
eko: /terima 5
eko: /hadir
budi: /rapat mulai
eko: /hadir
eko: /hadir
siti: /hadir @eko
budi: /tunggu
eko: /saldo
budi: /saldo @bu sri
budi: /kas
budi: /pengurus
budi: /anggota
budi: /bantuan
`

const sessionEN = `
budi: /start
budi: /language en
siti: /join
eko: /join Eko <Prasetyo> & Co
budi: /officers @siti treasurer
budi: /members add Bu Sri
eko: /deposit 5k
siti: [ok:1]
eko: /deposit 10,000
eko: /undo
budi: /deposit 1.5jt Bu Sri
eko: /deposit Rp 2.000,-
siti: [no:4]
eko: /deposit 7 ribu
siti: /confirm 5
eko: /deposit five
eko: /confirm 5
eko: /present
budi: /meeting start
eko: /present
eko: /present
siti: /present @eko
budi: /pending
eko: /balance
budi: /balance @bu sri
budi: /fund
budi: /officers
budi: /members
budi: /help
`

func TestGoldenSession(t *testing.T) {
	for _, tc := range []struct{ name, script string }{{"session_id", sessionID}, {"session_en", sessionEN}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			golden(t, tc.name, h.script(chatA, tc.script))
		})
	}
}
