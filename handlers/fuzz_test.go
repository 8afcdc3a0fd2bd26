package handlers_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"kelompok/handlers"
)

// FuzzParseCommand: ParseCommand never panics; a command it accepts has a
// non-empty lower-case name of [a-z0-9_] (with at most one "@bot"), no
// spaces, a trimmed rest, and reads back the same when written plainly.
// Seeds: testdata/fuzz/FuzzParseCommand.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/setor 5000", "!SETOR@Kelompok_Bot 5rb @siti", "/start", "/", "/ setor", "//", "/a\tb c", "/x\n5000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		name, rest, ok := handlers.ParseCommand(text)
		if !ok {
			if name != "" || rest != "" {
				t.Fatalf("not a command but name %q rest %q", name, rest)
			}
			return
		}
		if name == "" || name != strings.ToLower(name) || strings.ContainsFunc(name, unicode.IsSpace) {
			t.Fatalf("ParseCommand(%q) name %q", text, name)
		}
		cmd, bot, _ := strings.Cut(name, "@")
		if cmd == "" || len(cmd) > 32 || strings.Contains(bot, "@") {
			t.Fatalf("ParseCommand(%q) name %q", text, name)
		}
		for _, r := range cmd + bot {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
				t.Fatalf("ParseCommand(%q) name %q has %q", text, name, r)
			}
		}
		if rest != strings.TrimSpace(rest) {
			t.Fatalf("ParseCommand(%q) rest %q not trimmed", text, rest)
		}
		if utf8.ValidString(text) && !utf8.ValidString(rest) {
			t.Fatalf("ParseCommand(%q) rest %q is not valid UTF-8", text, rest)
		}
		again := "/" + name
		if rest != "" {
			again += " " + rest
		}
		if n2, r2, ok2 := handlers.ParseCommand(again); !ok2 || n2 != name || r2 != rest {
			t.Fatalf("ParseCommand(%q) = %q %q, but %q reads back as %q %q %v", text, name, rest, again, n2, r2, ok2)
		}
	})
}

func TestParseCommandRejectsNonASCIINames(t *testing.T) {
	for _, in := range []string{"/\u212Aas", "/setör 5", "/ｓetor"} {
		if name, _, ok := handlers.ParseCommand(in); ok {
			t.Errorf("ParseCommand(%q) accepted %q", in, name)
		}
	}
	if name, rest, ok := handlers.ParseCommand("/SETOR@KelompokBot 5rb"); !ok || name != "setor@kelompokbot" || rest != "5rb" {
		t.Errorf("upper case: %q %q %v", name, rest, ok)
	}
}
