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

// FuzzPollVote: whatever follows "/pilih 1", from an officer, gets one
// rendered answer and records at most one vote; a vote on someone's behalf
// only for a member without a chat account, and the answer names them.
// Seeds: testdata/fuzz/FuzzPollVote.
func FuzzPollVote(f *testing.F) {
	for _, s := range []string{"1", "Ya", "batal", "1 Mbah Karto", "Tidak @mbah_karto", "batal Bu Sri", "2 @siti", "1 Orang Lain", "Ya Ya"} {
		f.Add(s)
	}
	h := newHarness(f)
	h.group(chatA, "budi", "siti")
	h.say(chatA, "budi", "/anggota tambah Mbah Karto")
	h.say(chatA, "budi", "/anggota tambah Bu Sri")
	h.say(chatA, "budi", "/voting Beli pakan? | Ya | Tidak")
	const votes = "SELECT COUNT(*) FROM poll_votes"
	const proxies = votes + " v JOIN members m ON m.id = v.member_id WHERE v.cast_by IS NOT NULL AND m.user_ref IS NULL"
	f.Fuzz(func(t *testing.T, answer string) {
		if strings.ContainsAny(answer, "\n\r") || strings.TrimSpace(answer) == "" {
			return
		}
		h.t = t
		all, proxy := h.count(votes), h.count(proxies)
		got := h.say(chatA, "budi", "/pilih 1 "+answer)
		if len(got) != 1 {
			t.Fatalf("/pilih 1 %q: %q", answer, got)
		}
		dAll, dProxy := h.count(votes)-all, h.count(proxies)-proxy
		if dAll > 1 || dProxy > dAll {
			t.Fatalf("/pilih 1 %q recorded %d votes, %d on behalf", answer, dAll, dProxy)
		}
		if h.count(votes+" WHERE cast_by IS NOT NULL") != h.count(proxies) {
			t.Fatalf("/pilih 1 %q: a vote cast on behalf of a member with a chat account", answer)
		}
		if dProxy == 1 && !strings.Contains(got[0], "Mbah Karto") && !strings.Contains(got[0], "Bu Sri") {
			t.Fatalf("/pilih 1 %q: a vote on behalf, answered %q", answer, got)
		}
	})
}
