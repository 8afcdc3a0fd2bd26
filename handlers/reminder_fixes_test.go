package handlers_test

import (
	"strings"
	"testing"
	"time"

	"kelompok/bot/reminders"
)

// A loan paid out while the group was in Jayapura keeps its dates; after
// the group moves to Jakarta the installment reminders go out on the
// loan's own due date at 09:00 WIB, not a day early.
func TestReminderInstallmentAfterZoneChange(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/aturan ubah zona Asia/Jayapura")
	h.say(chatA, "siti", "/setor 200000 @eko")
	h.say(chatA, "siti", "/setor 300000 @budi")
	h.say(chatA, "eko", "/pinjam 300000 3")
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "budi", "/setujui P1")
	h.say(chatA, "siti", "/cairkan P1")
	h.say(chatA, "budi", "/aturan ubah zona Asia/Jakarta")
	fs, err := h.router.PlanReminders(h.ctx, h.groupID(chatA), h.clock.T, h.clock.T.AddDate(0, 2, 0))
	if err != nil {
		t.Fatal(err)
	}
	var before, due *reminders.Firing
	for i, f := range fs {
		if f.Target != "P1/1" {
			continue
		}
		switch f.Kind {
		case reminders.InstallmentBefore:
			before = &fs[i]
		case reminders.InstallmentDue:
			due = &fs[i]
		}
	}
	if before == nil || due == nil {
		t.Fatalf("installment P1/1 reminders not planned: %v", fs)
	}
	// Three days before, the reminder names the installment's due date.
	h.clock.T = before.Due
	out := texts(h.fire(chatA, *before, false))
	if len(out) != 1 {
		t.Fatalf("installment before: %d messages, want 1: %q", len(out), out)
	}
	local := due.Due.In(jakarta)
	if local.Hour() != reminders.InstallmentHour || local.Minute() != 0 {
		t.Errorf("installment reminder at %s WIB, want 09:00", local.Format("15:04"))
	}
	if !strings.Contains(out[0], local.Format("02/01/2006")) {
		t.Errorf("'due today' planned on %s, but the installment is due as %q says", local.Format("02/01/2006"), out[0])
	}
	h.clock.T = due.Due
	if out := texts(h.fire(chatA, *due, false)); len(out) != 1 || !strings.Contains(out[0], "hari ini") {
		t.Errorf("on the due day: %q", out)
	}
}

// A summary sent at 18:00 WIT is not sent again at 18:00 WIB the same
// evening after the group moves to Jakarta: one summary a week.
func TestReminderSummaryOnceAfterZoneChange(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.say(chatA, "budi", "/aturan ubah zona Asia/Jayapura")
	gid := h.groupID(chatA)
	jayapura, err := time.LoadLocation("Asia/Jayapura")
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2026, 11, 29, 18, 0, 0, 0, jayapura)
	h.clock.T = due
	if _, err := h.router.RunReminders(h.ctx, gid, due.Add(-time.Minute), due, due.AddDate(0, 0, 7)); err != nil {
		t.Fatal(err)
	}
	h.drainOutbox()
	h.clock.T = due.Add(30 * time.Minute)
	h.say(chatA, "budi", "/aturan ubah zona Asia/Jakarta")
	now := due.Add(3 * time.Hour) // 19:00 WIB
	h.clock.T = now
	if _, err := h.router.RunReminders(h.ctx, gid, due, now, now.AddDate(0, 0, 7)); err != nil {
		t.Fatal(err)
	}
	sent := 0
	for _, line := range strings.Split(h.firingOutcomes(), "\n") {
		if strings.HasPrefix(line, "summary ") && strings.HasSuffix(line, " sent") {
			sent++
		}
	}
	if sent != 1 {
		t.Errorf("summaries sent on Sunday 29/11: %d\n%s", sent, h.firingOutcomes())
	}
	if got, want := h.firingOutcomes(), "summary 2026-W48 sent"; got != want {
		t.Errorf("firings:\n%s\nwant\n%s", got, want)
	}
}

// drainOutbox removes every queued reply.
func (h *harness) drainOutbox() {
	h.t.Helper()
	msgs, err := h.store.OutboxPending(h.ctx, "tg", 0, 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	ids := make([]int64, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	if err := h.store.OutboxDone(h.ctx, ids); err != nil {
		h.t.Fatal(err)
	}
}

// The meeting reminder's words follow the calendar and the time left when
// it goes out, not the configured offset: 3 days before says "3 days",
// 12 hours before on the meeting's own morning says "12 hours", the day
// before says "tomorrow", an hour-before reminder sent 20 minutes late
// says "40 minutes".
func TestReminderMeetingWords(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.say(chatA, "budi", "/jadwal setiap Selasa 16:00 di balai desa")
	h.say(chatA, "budi", "/pengingat rapat 3 hari, 1 hari, 12 jam, 1 jam")
	fs, err := h.router.PlanReminders(h.ctx, h.groupID(chatA), h.clock.T, h.clock.T.AddDate(0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		late time.Duration
		has  string
	}{
		"4320": {0, "3 hari lagi"},
		"1440": {0, "besok"},
		"720":  {0, "Rapat 12 jam lagi"},
		"60":   {20 * time.Minute, "Rapat 40 menit lagi"},
	}
	seen := 0
	for _, f := range fs {
		w, ok := want[f.Target]
		if f.Kind != reminders.MeetingBefore || !ok {
			continue
		}
		seen++
		h.clock.T = f.Due.Add(w.late)
		out := texts(h.fire(chatA, f, false))
		if len(out) != 1 || !strings.Contains(out[0], w.has) {
			t.Errorf("%s minutes before, sent %s for the meeting of %s: %q, want %q", f.Target,
				h.clock.T.In(jakarta).Format("Mon 02/01 15:04"), f.Meeting.In(jakarta).Format("Mon 02/01 15:04"), out, w.has)
		}
		if w.has != "besok" && len(out) == 1 && strings.Contains(out[0], "besok") {
			t.Errorf("%s minutes before says 'besok': %q", f.Target, out[0])
		}
	}
	if seen != len(want) {
		t.Fatalf("planned %d of %d meeting reminders: %v", seen, len(want), fs)
	}
}

// Only the chair changes the reminder rules, and each change is in the
// rules history with who made it, like the chair's other direct changes.
func TestReminderRulesByChairInHistory(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/pengurus @eko sekretaris")
	for _, who := range []string{"siti", "eko"} {
		before := h.books()
		h.expect(h.say(chatA, who, "/pengingat cicilan mati"), h.want("id", "error.not_allowed", "Command", "/pengingat", "Roles", "ketua"))
		if h.books() != before {
			t.Errorf("%s changed the books", who)
		}
	}
	h.say(chatA, "budi", "/pengingat cicilan pribadi")
	hist := strings.Join(h.say(chatA, "eko", "/aturan riwayat"), "\n")
	// The value in plain words, as /pengingat shows it, not as stored.
	if want := "Pengingat angsuran → " + h.want("id", "reminders.delivery_private") + " oleh Budi"; !strings.Contains(hist, want) {
		t.Errorf("the change is not in the rules history as %q:\n%s", want, hist)
	}
	if strings.Contains(hist, "mati") {
		t.Errorf("a refused change is in the rules history:\n%s", hist)
	}
}

// The summary's "this week" counts money confirmed this week even when it
// was reported earlier, and a summary sent late covers and is dated by its
// own week, not the time it went out.
func TestWeeklySummaryChangeByConfirmation(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/pengingat ringkasan Minggu 21:00")
	// Sat 28/11: Eko reports 50,000 (pending).
	h.clock.T = time.Date(2026, 11, 28, 10, 0, 0, 0, jakarta)
	h.say(chatA, "eko", "/setor 50000")
	sun1 := time.Date(2026, 11, 29, 21, 0, 0, 0, jakarta)
	h.clock.T = sun1
	rs1 := texts(h.fire(chatA, reminders.Firing{Kind: reminders.Summary, Target: "2026-W48", Due: sun1}, false))
	// Mon 30/11: the treasurer confirms it.
	h.clock.T = time.Date(2026, 11, 30, 10, 0, 0, 0, jakarta)
	h.say(chatA, "siti", "/terima 1")
	sun2 := time.Date(2026, 12, 6, 21, 0, 0, 0, jakarta)
	h.clock.T = sun2.Add(5 * time.Hour) // sent five hours late, Monday 02:00
	rs2 := texts(h.fire(chatA, reminders.Firing{Kind: reminders.Summary, Target: "2026-W49", Due: sun2}, false))
	if len(rs1) != 1 || len(rs2) != 1 {
		t.Fatalf("summaries: %q, %q", rs1, rs2)
	}
	if !strings.Contains(rs1[0], "(minggu ini +Rp0)") {
		t.Errorf("week 1: nothing was confirmed, yet:\n%s", rs1[0])
	}
	if !strings.Contains(rs2[0], "Rp50.000</b> (minggu ini +Rp50.000)") && !strings.Contains(rs2[0], "Rp50.000 (minggu ini +Rp50.000)") {
		t.Errorf("week 2: savings went from Rp0 to Rp50.000, the change says otherwise:\n%s", rs2[0])
	}
	if !strings.Contains(rs2[0], "06/12/2026") || strings.Contains(rs2[0], "07/12/2026") {
		t.Errorf("a summary due on Sunday 06/12 sent late is dated otherwise:\n%s", rs2[0])
	}
}

// The missed-meeting nudge is one per meeting date: planned again at
// another due time (the schedule's time or the zone changed), it says
// nothing; a summary recorded before summaries named their week (target
// "") is not sent again under its week's name.
func TestReminderOncePerOccurrence(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.say(chatA, "budi", "/jadwal setiap Selasa 16:00 di balai desa")
	meeting := time.Date(2026, 12, 1, 16, 0, 0, 0, jakarta)
	first := reminders.Firing{Kind: reminders.MeetingMissed, Target: "2026-12-01", Due: meeting.Add(reminders.MissedAfter), Meeting: meeting}
	h.clock.T = first.Due
	if out := texts(h.fire(chatA, first, false)); len(out) != 1 {
		t.Fatalf("missed nudge: %q", out)
	}
	again := first
	again.Meeting = meeting.Add(2 * time.Hour) // the meeting moved to 18:00 that day
	again.Due = again.Meeting.Add(reminders.MissedAfter)
	h.clock.T = again.Due
	if out := texts(h.fire(chatA, again, false)); len(out) != 0 {
		t.Errorf("missed nudge for 01/12 sent twice: %q", out)
	}

	sun := time.Date(2026, 11, 29, 18, 0, 0, 0, jakarta)
	h.clock.T = sun
	if out := texts(h.fire(chatA, reminders.Firing{Kind: reminders.Summary, Due: sun}, false)); len(out) != 1 {
		t.Fatalf("summary with the old empty target: %q", out)
	}
	if out := texts(h.fire(chatA, reminders.Firing{Kind: reminders.Summary, Target: "2026-W48", Due: sun}, false)); len(out) != 0 {
		t.Errorf("summary recorded under the old empty target sent again: %q", out)
	}
}
