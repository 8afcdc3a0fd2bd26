package handlers_test

import (
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/reminders"
	"kelompok/locales"
	"kelompok/storage"
)

// reminderShow renders /pengingat's answer for the given parts (plain).
func (h *harness) reminderShow(lang string, meeting, summary, inst, missed string) string {
	return h.want(lang, "reminders.show", "Meeting", locales.Raw(meeting), "Summary", summary, "Installments", inst,
		"Missed", missed, "Zone", "Asia/Jakarta")
}

func (h *harness) groupID(chat bot.ChatRef) int64 {
	h.t.Helper()
	var id int64
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chat)
		if err == nil && g != nil {
			id = g.ID
		}
		return err
	})
	if id == 0 {
		h.t.Fatalf("no group for %s", chat)
	}
	return id
}

// fire runs one firing and returns the texts it queued (and removes them
// from the outbox).
func (h *harness) fire(chat bot.ChatRef, f reminders.Firing, skip bool) []bot.Reply {
	h.t.Helper()
	if _, err := h.router.FireReminder(h.ctx, h.groupID(chat), f, skip); err != nil {
		h.t.Fatalf("fire %s: %v", f.Key(), err)
	}
	msgs, err := h.store.OutboxPending(h.ctx, "tg", 0, 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	out := make([]bot.Reply, len(msgs))
	ids := make([]int64, len(msgs))
	for i, m := range msgs {
		out[i], ids[i] = m.Reply, m.ID
	}
	if err := h.store.OutboxDone(h.ctx, ids); err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) firingOutcomes() string {
	h.t.Helper()
	fs, err := h.store.Firings(h.ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	var lines []string
	for _, f := range fs {
		lines = append(lines, f.Kind+" "+f.Target+" "+f.Outcome)
	}
	return strings.Join(lines, "\n")
}

func TestReminderSettings(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	def := func() string {
		return h.reminderShow("id", "1 hari, 1 jam sebelumnya", "Minggu 18:00", "ke grup", "nyala")
	}
	h.expect(h.say(chatA, "eko", "/pengingat"), def())

	refused := []struct{ name, who, text, want string }{
		{"a plain member", "eko", "/pengingat rapat mati", h.want("id", "error.not_allowed", "Command", "/pengingat",
			"Roles", "ketua")},
		// The reminder rules are the chair's (a treasurer who borrowed could
		// silence the overdue reminders naming borrowers).
		{"the treasurer", "siti", "/pengingat cicilan mati", h.want("id", "error.not_allowed", "Command", "/pengingat",
			"Roles", "ketua")},
		{"an unknown setting", "budi", "/pengingat arisan mati", h.want("id", "reminders.usage")},
		{"offsets without a unit", "budi", "/pengingat rapat 5", h.want("id", "reminders.bad_offsets", "Input", "5")},
		{"offsets with an unknown unit", "budi", "/pengingat rapat 2 minggu", h.want("id", "reminders.bad_offsets", "Input", "2minggu")},
		{"an offset over a week", "budi", "/pengingat rapat 8 hari", h.want("id", "reminders.too_far", "Input", "8 hari")},
		{"five offsets", "budi", "/pengingat rapat 1j 2j 3j 4j 5j", h.want("id", "reminders.bad_offsets", "Input", "1j 2j 3j 4j 5j")},
		{"a summary without a day", "budi", "/pengingat ringkasan 18:00", h.want("id", "reminders.bad_summary", "Input", "18:00")},
		{"a summary every 2 weeks", "budi", "/pengingat ringkasan setiap 2 minggu Minggu 18:00",
			h.want("id", "reminders.bad_summary", "Input", "setiap 2 minggu Minggu 18:00")},
		{"a monthly summary", "budi", "/pengingat ringkasan Selasa pertama 18:00",
			h.want("id", "reminders.bad_summary", "Input", "Selasa pertama 18:00")},
		{"installments to nowhere", "budi", "/pengingat cicilan kemana", h.want("id", "reminders.bad_installments", "Input", "kemana")},
		{"missed neither on nor off", "budi", "/pengingat terlewat mungkin", h.want("id", "reminders.bad_switch", "Input", "mungkin")},
	}
	for _, r := range refused {
		before := h.books()
		h.expect(h.say(chatA, r.who, r.text), r.want)
		if h.books() != before {
			t.Errorf("%s changed the books", r.name)
		}
	}
	h.expect(h.say(chatA, "eko", "/pengingat"), def())

	changed := h.want("id", "reminders.changed", "By", "Budi")
	h.expect(h.say(chatA, "budi", "/pengingat rapat 2 hari, 30 menit"), changed,
		h.reminderShow("id", "2 hari, 30 menit sebelumnya", "Minggu 18:00", "ke grup", "nyala"))
	h.expect(h.say(chatA, "budi", "/pengingat ringkasan Jumat jam 7 malam"), changed,
		h.reminderShow("id", "2 hari, 30 menit sebelumnya", "Jumat 19:00", "ke grup", "nyala"))
	h.expect(h.say(chatA, "budi", "/pengingat cicilan pribadi"), changed,
		h.reminderShow("id", "2 hari, 30 menit sebelumnya", "Jumat 19:00", "pesan pribadi ke peminjam", "nyala"))
	h.expect(h.say(chatA, "budi", "/pengingat terlewat mati"), changed,
		h.reminderShow("id", "2 hari, 30 menit sebelumnya", "Jumat 19:00", "pesan pribadi ke peminjam", "mati"))
	h.expect(h.say(chatA, "budi", "/pengingat rapat mati"), changed,
		h.reminderShow("id", "mati", "Jumat 19:00", "pesan pribadi ke peminjam", "mati"))
	h.expect(h.say(chatA, "budi", "/pengingat ringkasan off"), changed,
		h.reminderShow("id", "mati", "mati", "pesan pribadi ke peminjam", "mati"))
	h.expect(h.say(chatA, "budi", "/pengingat rapat nyala"), changed,
		h.reminderShow("id", "1 hari, 1 jam sebelumnya", "mati", "pesan pribadi ke peminjam", "mati"))

	// In English.
	h.say(chatA, "budi", "/bahasa en")
	h.expect(h.say(chatA, "budi", "/reminders summary Sunday 6pm"), h.want("en", "reminders.changed", "By", "Budi"),
		h.want("en", "reminders.show", "Meeting", locales.Raw("1 day, 1 hour before"), "Summary", "Sunday 18:00",
			"Installments", "private message to the borrower", "Missed", "off", "Zone", "Asia/Jakarta"))
}

// A first-Tuesday group's plan, its meeting reminder with the place and the
// agenda, once only, and skipped when too late or when a meeting is open.
func TestReminderMeeting(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.say(chatA, "budi", "/jadwal setiap Selasa pertama 16:00 di rumah Bu Sri")
	h.say(chatA, "budi", "/agenda beli bibit")
	gid := h.groupID(chatA)
	// Now: Tue 24/11/2026 10:00 WIB. Next meetings: Tue 1/12 and Tue 5/1.
	fs, err := h.router.PlanReminders(h.ctx, gid, h.clock.T, h.clock.T.AddDate(0, 0, 42))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, string(f.Kind)+" "+f.Target+" "+f.Due.In(jakarta).Format("Mon 02/01 15:04"))
	}
	want := []string{
		"summary 2026-W48 Sun 29/11 18:00",
		"meeting_before 1440 Mon 30/11 16:00",
		"meeting_before 60 Tue 01/12 15:00",
		"meeting_missed 2026-12-01 Tue 01/12 19:00",
		"summary 2026-W49 Sun 06/12 18:00", "summary 2026-W50 Sun 13/12 18:00", "summary 2026-W51 Sun 20/12 18:00",
		"summary 2026-W52 Sun 27/12 18:00", "summary 2026-W53 Sun 03/01 18:00",
		"meeting_before 1440 Mon 04/01 16:00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	dayBefore, hourBefore := fs[1], fs[2]
	h.clock.T = dayBefore.Due
	rs := h.fire(chatA, dayBefore, false)
	wantText := h.want("id", "reminders.meeting_tomorrow", "When", "Selasa, 01/12/2026 16:00", "In", locales.Raw("1 hari"),
		"Place", "rumah Bu Sri", "Agenda", locales.Raw("1. beli bibit"))
	if len(rs) != 1 || rs[0].Chat != chatA || rs[0].ReplyTo != "" || !strings.Contains(wantText, "rumah Bu Sri") {
		t.Fatalf("day-before reminder: %+v", rs)
	}
	h.expect(texts(rs), wantText)
	// Again (a restart, a second scheduler): nothing.
	if rs := h.fire(chatA, dayBefore, false); len(rs) != 0 {
		t.Errorf("fired twice: %+v", rs)
	}
	// The hour-before reminder while a meeting is already open: nothing.
	h.clock.T = hourBefore.Due
	h.say(chatA, "budi", "/rapat mulai")
	if rs := h.fire(chatA, hourBefore, false); len(rs) != 0 {
		t.Errorf("reminder during an open meeting: %+v", rs)
	}
	// The missed nudge: the meeting was opened that day, so nothing.
	if rs := h.fire(chatA, fs[3], false); len(rs) != 0 {
		t.Errorf("missed nudge after a meeting: %+v", rs)
	}
	// A firing too late to be useful is recorded as skipped.
	if rs := h.fire(chatA, fs[4], true); len(rs) != 0 {
		t.Errorf("skipped firing sent: %+v", rs)
	}
	if got, want := h.firingOutcomes(), "meeting_before 1440 sent\nmeeting_before 60 skipped\nmeeting_missed 2026-12-01 skipped\nsummary 2026-W49 skipped"; got != want {
		t.Errorf("firings:\n%s\nwant:\n%s", got, want)
	}
}

func TestReminderMissedMeeting(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi")
	h.say(chatA, "budi", "/jadwal setiap Selasa 16:00")
	m := time.Date(2026, 12, 1, 16, 0, 0, 0, jakarta)
	f := reminders.Firing{Kind: reminders.MeetingMissed, Target: "2026-12-01", Due: m.Add(reminders.MissedAfter), Meeting: m}
	h.clock.T = f.Due
	h.expect(texts(h.fire(chatA, f, false)), h.want("id", "reminders.meeting_missed", "Day", "Selasa", "Date", "01/12"))
	// The bot removed from the group: nothing more for it.
	h.send(bot.Update{Kind: bot.KindBotRemoved, Source: "tg:rm/1", Chat: chatA, Sender: h.person("budi")})
	f2 := f
	f2.Due, f2.Target = f.Due.AddDate(0, 0, 7), "2026-12-08"
	if rs := h.fire(chatA, f2, false); len(rs) != 0 {
		t.Errorf("reminder to a removed group: %+v", rs)
	}
	fs, err := h.router.PlanReminders(h.ctx, h.groupID(chatA), f.Due, f.Due.AddDate(0, 1, 0))
	if err != nil || len(fs) != 0 {
		t.Errorf("plan of a removed group: %v %v", fs, err)
	}
}

// Installment reminders: before, on the day, overdue; nothing once paid;
// privately when the rules say so.
func TestReminderInstallments(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 200000 @eko")
	h.say(chatA, "siti", "/setor 300000 @budi")
	h.say(chatA, "eko", "/pinjam 300000 3")
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "budi", "/setujui P1")
	h.say(chatA, "siti", "/cairkan P1")
	gid := h.groupID(chatA)
	fs, err := h.router.PlanReminders(h.ctx, gid, h.clock.T, h.clock.T.AddDate(0, 4, 0))
	if err != nil {
		t.Fatal(err)
	}
	var inst []reminders.Firing
	for _, f := range fs {
		if strings.HasPrefix(string(f.Kind), "installment") {
			inst = append(inst, f)
		}
	}
	if len(inst) != 9 || inst[0].Target != "P1/1" || inst[0].Due.In(jakarta).Format("02/01 15:04") != "21/12 09:00" {
		t.Fatalf("installment firings: %+v", inst)
	}
	h.clock.T = inst[0].Due
	h.expect(texts(h.fire(chatA, inst[0], false)), h.want("id", "reminders.installment_soon", "Name", "Eko", "No", "P1",
		"N", 1, "Due", "24/12/2026", "Amount", bot.Money(106000)))
	h.clock.T = inst[1].Due
	h.expect(texts(h.fire(chatA, inst[1], false)), h.want("id", "reminders.installment_today", "Name", "Eko", "No", "P1",
		"N", 1, "Due", "24/12/2026", "Amount", bot.Money(106000)))
	h.clock.T = inst[2].Due
	h.expect(texts(h.fire(chatA, inst[2], false)), h.want("id", "reminders.installment_overdue", "Name", "Eko", "No", "P1",
		"N", 1, "Count", 1, "Amount", bot.Money(106000), "Days", 1))
	// Installment 2 paid early: its reminders say nothing.
	h.say(chatA, "siti", "/bayar 212000 @eko")
	h.clock.T = inst[3].Due
	if rs := h.fire(chatA, inst[3], false); len(rs) != 0 {
		t.Errorf("reminder of a paid installment: %v", texts(rs))
	}
	// Privately, but Eko never wrote to the bot privately (the bot cannot
	// start a conversation there): to the group.
	h.say(chatA, "budi", "/pengingat cicilan pribadi")
	h.clock.T = inst[6].Due
	rs := h.fire(chatA, inst[6], false)
	if len(rs) != 1 || rs[0].Chat != chatA {
		t.Fatalf("private reminder without a private chat: %+v", rs)
	}
	h.expect(texts(rs), h.want("id", "reminders.installment_soon", "Name", "Eko", "No", "P1",
		"N", 3, "Due", "24/02/2027", "Amount", bot.Money(106000)))
	// Once Eko started the bot privately: to Eko's own chat.
	h.sayPrivate("eko", "/start")
	h.clock.T = inst[7].Due
	rs = h.fire(chatA, inst[7], false)
	if len(rs) != 1 || rs[0].Chat != bot.ChatRef(h.ref("eko")) {
		t.Fatalf("private reminder: %+v", rs)
	}
	h.expect(texts(rs), h.want("id", "reminders.installment_today_private", "Name", "Eko", "No", "P1",
		"N", 3, "Due", "24/02/2027", "Amount", bot.Money(106000)))
	// Eko blocks the bot (the platform says the chat is gone): the group
	// again, not a message nobody receives.
	if err := h.store.ChatGone(h.ctx, bot.ChatRef(h.ref("eko"))); err != nil {
		t.Fatal(err)
	}
	h.clock.T = inst[8].Due
	if rs := h.fire(chatA, inst[8], false); len(rs) != 1 || rs[0].Chat != chatA {
		t.Fatalf("private reminder after the bot was blocked: %+v", rs)
	}
	// Off: nothing planned.
	h.say(chatA, "budi", "/pengingat cicilan mati")
	fs, err = h.router.PlanReminders(h.ctx, gid, h.clock.T.AddDate(0, -4, 0), h.clock.T.AddDate(0, 4, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if strings.HasPrefix(string(f.Kind), "installment") {
			t.Errorf("installments off, still planned: %+v", f)
		}
	}
}

// The weekly summary: savings and the week's change, cash and bank, loans
// outstanding and overdue by name, fines, last meeting, next meeting.
func TestWeeklySummary(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/jadwal setiap Selasa 16:00 di balai desa")
	h.say(chatA, "siti", "/setor 200000 @eko")
	h.say(chatA, "siti", "/setor 300000 @budi")
	h.say(chatA, "siti", "/bank setor 100000")
	h.say(chatA, "eko", "/pinjam 150000 3")
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "budi", "/setujui P1")
	h.say(chatA, "siti", "/cairkan P1")
	h.clock.T = time.Date(2026, 12, 1, 16, 0, 0, 0, jakarta)
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/hadir")
	h.say(chatA, "budi", "/rapat selesai")
	// Five weeks later: installment 1 (24/12) is overdue; this week Eko
	// deposited 20,000.
	h.clock.T = time.Date(2026, 12, 29, 10, 0, 0, 0, jakarta)
	h.say(chatA, "siti", "/setor 20000 @eko")
	due := time.Date(2027, 1, 3, 18, 0, 0, 0, jakarta)
	h.clock.T = due
	rs := h.fire(chatA, reminders.Firing{Kind: reminders.Summary, Due: due}, false)
	h.expect(texts(rs), h.want("id", "reminders.summary", "Group", "Tani Makmur", "Date", "03/01/2027",
		"Savings", bot.Money(520000), "Sign", "+", "Change", bot.Money(20000), "Cash", bot.Money(270000),
		"Bank", bot.Money(100000), "Loans", bot.Money(150000),
		"Overdue", locales.Raw(h.cat.T("id", "reminders.summary_overdue_line", bot.E("", "No", "P1", "Name", "Eko",
			"Count", 1, "Amount", bot.Money(53000), "Days", 10).Args)),
		"Fines", bot.Money(2000),
		"Last", locales.Raw(h.cat.T("id", "reminders.summary_last", bot.E("", "No", 1, "Date", "01/12",
			"Present", 2, "Late", 0, "Excused", 0, "Absent", 1).Args)),
		"Next", locales.Raw(h.cat.T("id", "reminders.summary_next", bot.E("", "When", "Selasa, 05/01/2027 16:00",
			"Place", "balai desa").Args))))
	if !strings.Contains(texts(rs)[0], "Eko") {
		t.Errorf("overdue borrower not named: %s", texts(rs)[0])
	}
}
