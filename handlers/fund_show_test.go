package handlers_test

import (
	"testing"
	"time"

	"kelompok/bot"
)

// monday is 00:00 on Monday 23 November 2026 in Jakarta: the start of the
// harness's week. In UTC it is still Sunday.
var monday = time.Date(2026, 11, 22, 17, 0, 0, 0, time.UTC)

func TestFundWeekInGroupTimeZone(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko", "ani", "dodi")

	h.clock.T = monday.Add(-30 * time.Minute) // Sunday 23:30 WIB
	h.say(chatA, "siti", "/setor 5000")       // #1, last week
	h.say(chatA, "budi", "/setor 1000 @dodi") // #2, last week
	h.clock.T = monday.Add(30 * time.Minute)  // Monday 00:30 WIB, Sunday 17:30 UTC
	h.say(chatA, "eko", "/setor 2000")        // #3, this week (pending counts)
	h.clock.T = tuesday
	h.say(chatA, "ani", "/setor 3000") // #4, this week but rejected below
	h.say(chatA, "budi", "/tolak 4")
	h.say(chatA, "budi", "/terima 1")

	h.expect(h.say(chatA, "siti", "/kas"),
		"💰 Kas Tani Makmur\nTabungan anggota: Rp6.000\nMenunggu diterima: Rp2.000\nAnggota: 5 orang",
		h.want("id", "fund.not_deposited", "Since", "23/11", "Count", 4, "Names", "Ani, Budi, Dodi, Siti"))

	// A withdrawn report does not count either; the chair's record for a
	// member does.
	h.say(chatA, "dodi", "/setor 1000") // #5
	h.say(chatA, "dodi", "/batal")
	h.say(chatA, "budi", "/setor 1rb @siti")
	h.expect(h.say(chatA, "siti", "/fund")[1:],
		h.want("id", "fund.not_deposited", "Since", "23/11", "Count", 3, "Names", "Ani, Budi, Dodi"))

	for _, who := range []string{"ani", "budi", "dodi"} {
		h.say(chatA, who, "/setor 500")
	}
	h.expect(h.say(chatA, "siti", "/kas")[1:], h.want("id", "fund.all_deposited", "Since", "23/11"))

	// A week later, on Monday morning, everyone is behind again.
	h.clock.T = monday.Add(7*24*time.Hour + time.Hour)
	h.expect(h.say(chatA, "siti", "/kas")[1:],
		h.want("id", "fund.not_deposited", "Since", "30/11", "Count", 5, "Names", "Ani, Budi, Dodi, Eko, Siti"))

	// Sunday night is still the old week.
	h.clock.T = monday.Add(7*24*time.Hour - time.Minute)
	h.expect(h.say(chatA, "siti", "/kas")[1:], h.want("id", "fund.all_deposited", "Since", "23/11"))
}

func TestFundOpenToEveryone(t *testing.T) {
	h := newHarness(t)
	// /kas works before anyone registered, and for a non-member.
	h.expect(h.say(chatA, "tono", "/kas"),
		h.want("id", "fund.show", "Group", "Tani Makmur", "Confirmed", bot.Money(0), "Pending", bot.Money(0), "Count", 0))
	h.group(chatA, "budi")
	h.expect(h.say(chatA, "tono", "/kas"),
		h.want("id", "fund.show", "Group", "Tani Makmur", "Confirmed", bot.Money(0), "Pending", bot.Money(0), "Count", 1),
		h.want("id", "fund.not_deposited", "Since", "23/11", "Count", 1, "Names", "Budi"))
}

func TestAttendance(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "ani", "eko")
	h.expect(h.say(chatA, "siti", "/hadir"), h.want("id", "attendance.marked", "Name", "Siti", "Day", "24/11/2026", "Count", 1))
	before := h.books()
	h.expect(h.say(chatA, "siti", "/hadir"),
		h.want("id", "attendance.already", "Name", "Siti", "Status", "hadir", "Day", "24/11/2026"))
	// A plain member cannot mark another.
	h.expect(h.say(chatA, "siti", "/hadir @eko"),
		h.want("id", "attendance.for_other_not_allowed", "Roles", "sekretaris, ketua"))
	if after := h.books(); after != before {
		t.Errorf("books changed:\n%s\n%s", before, after)
	}
	// Marking oneself by name is fine.
	h.expect(h.say(chatA, "ani", "/hadir @ani"), h.want("id", "attendance.marked", "Name", "Ani", "Day", "24/11/2026", "Count", 2))
	// The secretary can.
	h.say(chatA, "budi", "/pengurus @ani sekretaris")
	h.expect(h.say(chatA, "ani", "/hadir @eko"), h.want("id", "attendance.marked", "Name", "Eko", "Day", "24/11/2026", "Count", 3))
	h.expect(h.say(chatA, "ani", "/hadir Eko"),
		h.want("id", "attendance.already", "Name", "Eko", "Status", "hadir", "Day", "24/11/2026"))
	// The treasurer cannot.
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.expect(h.say(chatA, "siti", "/hadir @budi"),
		h.want("id", "attendance.for_other_not_allowed", "Roles", "sekretaris, ketua"))
	// A platform mention of a known person wins over the words.
	u := h.msg(chatA, "budi", "/hadir Budi Santoso")
	u.Mentions = []bot.Person{h.person("eko"), h.person("siti")}
	h.expect(texts(h.send(u)), h.want("id", "attendance.already", "Name", "Eko", "Status", "hadir", "Day", "24/11/2026"))
	// The meeting day is the day in Jakarta: 00:30 WIB on the 25th is a new day.
	h.clock.T = time.Date(2026, 11, 24, 17, 30, 0, 0, time.UTC)
	h.expect(h.say(chatA, "siti", "/hadir"), h.want("id", "attendance.marked", "Name", "Siti", "Day", "25/11/2026", "Count", 1))
}
