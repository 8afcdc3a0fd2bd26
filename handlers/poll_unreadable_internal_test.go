package handlers

import (
	"strings"
	"testing"

	"kelompok/locales"
	"kelompok/storage"
)

// The answer to an unreadable vote speaks the group's language and lists
// the options (escaped) with the text vote for each.
func TestVoteFallbackText(t *testing.T) {
	loc := locales.MustLoad()
	p := &storage.Poll{No: 4, Options: []string{"Ya", "<Tunda>"}}
	for lang, want := range map[string][]string{
		"id": {"Budi, pilihan Anda di voting V4 tidak terbaca", "1. Ya: ketik <code>/pilih 4 1</code>", "2. &lt;Tunda&gt;: ketik <code>/pilih 4 2</code>"},
		"en": {"Budi, your vote in poll V4 could not be read", "1. Ya: type <code>/vote 4 1</code>", "2. &lt;Tunda&gt;: type <code>/vote 4 2</code>"},
	} {
		got := voteFallback(loc, lang, "Budi", p)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", lang, got, w)
			}
		}
	}
}
