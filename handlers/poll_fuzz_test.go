package handlers_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"kelompok/bot"
	"kelompok/handlers"
)

// FuzzParsePoll: ParsePoll never panics; what it accepts fits Telegram's
// limits (a question of 1-300 characters, 2-10 distinct options of 1-100
// characters, none containing the separator), and what it refuses gets a
// user error. Seeds: testdata/fuzz/FuzzParsePoll.
func FuzzParsePoll(f *testing.F) {
	f.Add("Beli pakan? | Ya | Tidak")
	f.Fuzz(func(t *testing.T, raw string) {
		q, opts, err := handlers.ParsePoll(raw)
		if err != nil {
			if _, ok := bot.AsError(err); !ok {
				t.Fatalf("ParsePoll(%q): not a user error: %v", raw, err)
			}
			return
		}
		if q == "" || utf8.RuneCountInString(q) > bot.PollQuestionMax || strings.Contains(q, "|") {
			t.Fatalf("ParsePoll(%q) question %q", raw, q)
		}
		if len(opts) < bot.PollMinOptions || len(opts) > bot.PollMaxOptions {
			t.Fatalf("ParsePoll(%q) gave %d options", raw, len(opts))
		}
		seen := map[string]bool{}
		for _, o := range opts {
			if o == "" || utf8.RuneCountInString(o) > bot.PollOptionMax || strings.Contains(o, "|") || seen[strings.ToLower(o)] {
				t.Fatalf("ParsePoll(%q) option %q in %q", raw, o, opts)
			}
			seen[strings.ToLower(o)] = true
		}
	})
}
