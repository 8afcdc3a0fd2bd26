package handlers_test

import (
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/reminders"
)

// Two hours before a poll closes, those who have not voted are named; a
// poll everyone voted in, or one closed early, gets no reminder; a fired
// reminder is not sent twice.
func TestReminderPollNudge(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	opened := h.clock.T
	h.say(chatA, "budi", "/voting Beli pakan? | Ya | Tidak")
	h.say(chatA, "budi", "/pilih 1 1")
	fs, err := h.router.PlanReminders(h.ctx, h.groupID(chatA), opened, opened.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var nudge *reminders.Firing
	for i := range fs {
		if fs[i].Kind == reminders.PollNudge {
			nudge = &fs[i]
		}
	}
	closes := opened.Add(24 * time.Hour) // the default poll_hours
	if nudge == nil || nudge.Target != "V1" || !nudge.Due.Equal(closes.Add(-2*time.Hour)) {
		t.Fatalf("planned firings: %+v; want a poll nudge for V1 at %v", fs, closes.Add(-2*time.Hour))
	}
	h.clock.T = nudge.Due
	got := texts(h.fire(chatA, *nudge, false))
	if len(got) != 1 || !strings.Contains(got[0], "Eko, Siti") || strings.Contains(got[0], "Budi") {
		t.Errorf("nudge: %q; want Eko and Siti named, not Budi", got)
	}
	if again := h.fire(chatA, *nudge, false); len(again) != 0 {
		t.Errorf("the same nudge fired twice: %+v", again)
	}

	// Everyone voted: nothing to say.
	h.say(chatA, "budi", "/voting Arisan? | Ya | Tidak")
	for _, who := range []string{"budi", "siti", "eko"} {
		h.say(chatA, who, "/pilih 2 2")
	}
	f2 := reminders.Firing{Kind: reminders.PollNudge, Target: "V2", Due: h.clock.T.Add(22 * time.Hour)}
	h.clock.T = f2.Due
	if got := h.fire(chatA, f2, false); len(got) != 0 {
		t.Errorf("nudge for a poll everyone voted in: %q", texts(got))
	}
	if !strings.Contains(h.firingOutcomes(), "poll_nudge V2") {
		t.Errorf("the empty nudge is not recorded: %s", h.firingOutcomes())
	}
}

// An officer's term is announced a week before it ends and on the day;
// a term renewed since (a new election) is not.
func TestReminderTermEnding(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.setRule(chatA, bot.RuleOfficerTermMonths, "12")
	from := h.clock.T
	fs, err := h.router.PlanReminders(h.ctx, h.groupID(chatA), from, from.AddDate(1, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	var ending, ended []reminders.Firing
	for _, f := range fs {
		switch f.Kind {
		case reminders.TermEnding:
			ending = append(ending, f)
		case reminders.TermEnded:
			ended = append(ended, f)
		}
	}
	// The chair (Budi) and the treasurer (Siti), each twice.
	if len(ending) != 2 || len(ended) != 2 {
		t.Fatalf("term firings: %+v", fs)
	}
	var siti reminders.Firing
	for _, f := range ended {
		if strings.HasPrefix(f.Target, "treasurer/") {
			siti = f
		}
	}
	if !siti.Due.Equal(from.AddDate(1, 0, 0)) {
		t.Errorf("Siti's term ends %v, want %v", siti.Due, from.AddDate(1, 0, 0))
	}
	h.clock.T = siti.Due
	want := h.want("id", "reminders.term_ended", "Name", "Siti", "Role", "bendahara", "Ends", siti.Due.In(jakarta).Format("02/01/2006"))
	h.expect(texts(h.fire(chatA, siti, false)), want)

	// Re-elected (assigned again): the old term's reminder says nothing.
	h.say(chatA, "budi", "/pengurus @eko bendahara")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	old := siti
	old.Kind = reminders.TermEnding
	old.Due = siti.Due.Add(time.Minute)
	if got := h.fire(chatA, old, false); len(got) != 0 {
		t.Errorf("reminder for a term renewed since: %q", texts(got))
	}
}
