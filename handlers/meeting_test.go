package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/locales"
	"kelompok/storage"
)

// at is a wall-clock time in Jakarta, as an instant.
func at(year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, jakarta)
}

// count runs a COUNT(*) query on the store.
func (h *harness) count(query string, args ...any) int {
	h.t.Helper()
	var n int
	err := h.store.Read(h.ctx, func(q storage.Querier) error {
		return q.QueryRowContext(h.ctx, query, args...).Scan(&n)
	})
	if err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// setRule sets one of the chat's group's rules directly in the store.
func (h *harness) setRule(chat bot.ChatRef, key, value string) {
	h.t.Helper()
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chat)
		if err != nil {
			return err
		}
		return tx.SetRule(g, key, value, 0, "test")
	})
}

// replyTo is the reply block the transcript shows under the n-th (from 1)
// occurrence of the script line.
func replyTo(t *testing.T, transcript, line string, n int) string {
	t.Helper()
	rest := transcript
	for i := 0; i < n; i++ {
		k := strings.Index(rest, line+"\n")
		if k < 0 {
			t.Fatalf("line %q (%d) not in the transcript", line, n)
		}
		rest = rest[k+len(line)+1:]
	}
	var block []string
	for _, l := range strings.Split(rest, "\n") {
		if !strings.HasPrefix(l, "  ") {
			break
		}
		block = append(block, l)
	}
	return strings.Join(block, "\n")
}

// The seed's minute book, replayed: "4/6: Workshop - yes - 3 members to go;
// Purchase of feed - yes - 2 will buy 3 bags; Late arrival fine of
// committee members - yes - none". The schedule is set and two items are
// added while no meeting is open (they wait for it); Dodi excuses himself
// ahead; the chair opens at 16:02 on the first Tuesday; Eko comes at 16:30
// (late: the grace is 15 minutes past 16:00); Wati and Rudi never come.
// Bu Sri has no phone: the secretary marks her.
const meetingScriptID = `
budi: /start
siti: /daftar
ani: /daftar
eko: /daftar
dodi: /daftar
wati: /daftar
rudi: /daftar
budi: /pengurus @siti bendahara
budi: /pengurus @ani sekretaris
budi: /anggota tambah Bu Sri
ani: /jadwal setiap Selasa pertama 16:00 di rumah Bu Sri
ani: /agenda Workshop
ani: /agenda Pembelian pakan
budi: /setor 50rb @siti
siti: /denda @eko 500 lupa bawa buku
dodi: /izin sakit
budi: /rapat
@ 2026-12-01 16:02
budi: /rapat mulai
@ 2026-12-01 16:05
budi: /hadir
siti: /hadir
ani: /hadir
ani: /hadir Bu Sri
ani: /agenda Denda terlambat pengurus
ani: /bahas 1 ya
ani: /putuskan 1 3 anggota berangkat
ani: /bahas 2 ya
ani: /putuskan 2 2 orang beli 3 karung
@ 2026-12-01 16:30
eko: /hadir
ani: /bahas 3 ya
ani: /putuskan 3 tidak ada
ani: /setor 10rb
siti: /terima 3
siti: /setor 15rb Bu Sri
eko: /setor 5rb
eko: /denda bayar 500
siti: /terima 6
siti: /pemasukan 150000 jual ayam
siti: /pengeluaran 90000 pakan 3 karung
ani: /agenda
budi: /rapat
@ 2026-12-01 17:45
budi: /rapat selesai
budi: /notulen 1
budi: /denda
@ 2026-12-02 09:00
ani: /ralat 1 Agenda 2: yang beli pakan Bu Sri dan Eko
budi: /notulen 1
budi: /notulen
budi: /rapat
`

// The same meeting in a group that speaks English, with the English commands.
const meetingScriptEN = `
budi: /start
budi: /language en
siti: /join
ani: /join
eko: /join
dodi: /join
wati: /join
rudi: /join
budi: /officers @siti treasurer
budi: /officers @ani secretary
budi: /members add Bu Sri
ani: /schedule every first Tuesday 16:00 at Bu Sri's house
ani: /agenda Workshop
ani: /agenda Purchase of feed
budi: /deposit 50k @siti
siti: /fine @eko 500 forgot the book
dodi: /excused sick
budi: /meeting
@ 2026-12-01 16:02
budi: /meeting start
@ 2026-12-01 16:05
budi: /present
siti: /present
ani: /present
ani: /present Bu Sri
ani: /agenda Late arrival fine of committee members
ani: /discuss 1 yes
ani: /decide 1 3 members to go
ani: /discuss 2 yes
ani: /decide 2 2 will buy 3 bags
@ 2026-12-01 16:30
eko: /present
ani: /discuss 3 yes
ani: /decide 3 none
ani: /deposit 10k
siti: /confirm 3
siti: /deposit 15k Bu Sri
eko: /deposit 5k
eko: /fine pay 500
siti: /confirm 6
siti: /income 150000 sold chickens
siti: /expense 90000 3 bags of feed
ani: /agenda
budi: /meeting
@ 2026-12-01 17:45
budi: /meeting end
budi: /minutes 1
budi: /fine
@ 2026-12-02 09:00
ani: /amend 1 Item 2: Bu Sri and Eko buy the feed
budi: /minutes 1
budi: /minutes
budi: /meeting
`

func TestGoldenMinutes(t *testing.T) {
	for _, tc := range []struct {
		name, script, close, show string
		amendment                 string
	}{
		{"minutes_id", meetingScriptID, "budi: /rapat selesai", "budi: /notulen 1",
			"  | ✏️ <b>Ralat</b>\n  | • Agenda 2: yang beli pakan Bu Sri dan Eko (Ani, Rabu, 02/12/2026 09:00)"},
		{"minutes_en", meetingScriptEN, "budi: /meeting end", "budi: /minutes 1",
			"  | ✏️ <b>Amendments</b>\n  | • Item 2: Bu Sri and Eko buy the feed (Ani, Wednesday, 02/12/2026 09:00)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			got := h.script(chatA, tc.script)
			golden(t, tc.name, got)

			// /notulen shows what the close posted, word for word; after the
			// amendment, the same with the amendment, who and when, below.
			posted := replyTo(t, got, tc.close, 1)
			if !strings.Contains(posted, "NOTULEN RAPAT #1") && !strings.Contains(posted, "MINUTES OF MEETING #1") {
				t.Fatalf("the close posted no minutes:\n%s", posted)
			}
			if shown := replyTo(t, got, tc.show, 1); shown != posted {
				t.Errorf("/notulen 1 differs from the posted minutes:\n%s\n---\n%s", shown, posted)
			}
			amended := posted + "\n  | \n" + tc.amendment
			if shown := replyTo(t, got, tc.show, 2); shown != amended {
				t.Errorf("/notulen 1 after the amendment:\n%s\nwant:\n%s", shown, amended)
			}
			// "/notulen" alone is the last closed meeting's.
			if shown := replyTo(t, got, strings.TrimSuffix(tc.show, " 1"), 1); shown != amended {
				t.Errorf("/notulen without a number:\n%s", shown)
			}

			// The books after the close: everyone has a mark, the late and
			// the absent have their fines in the meeting, the waiting items
			// were taken by it.
			for q, want := range map[string]int{
				`SELECT COUNT(*) FROM meeting_attendance`:                                                       8,
				`SELECT COUNT(*) FROM meeting_attendance WHERE status = 'present'`:                              4,
				`SELECT COUNT(*) FROM meeting_attendance WHERE status = 'late'`:                                 1,
				`SELECT COUNT(*) FROM meeting_attendance WHERE status = 'excused' AND reason <> ''`:             1,
				`SELECT COUNT(*) FROM meeting_attendance WHERE status = 'absent'`:                               2,
				`SELECT COUNT(*) FROM entries WHERE kind = 'fine' AND meeting_id IS NOT NULL`:                   3,
				`SELECT COUNT(*) FROM entries WHERE kind = 'fine' AND meeting_id IS NOT NULL AND amount = 2000`: 2,
				`SELECT COUNT(*) FROM agenda_taken`:                                                             2,
				`SELECT COUNT(*) FROM meeting_ends WHERE kind = 'closed' AND minutes <> ''`:                     1,
				`SELECT COUNT(*) FROM minutes_amendments`:                                                       1,
				`SELECT COUNT(*) FROM entries WHERE meeting_id IS NULL`:                                         2,
			} {
				if n := h.count(q); n != want {
					t.Errorf("%s = %d, want %d", q, n, want)
				}
			}
		})
	}
}

// TestMeetingCloseIsOneTransaction: the close books the absences, the fines
// and the minutes together, or nothing at all; a plain member cannot close.
func TestMeetingCloseIsOneTransaction(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko", "wati")
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/hadir")

	before := h.books()
	h.expect(h.say(chatA, "siti", "/rapat selesai"),
		h.want("id", "error.not_allowed", "Command", "/rapat selesai", "Roles", "ketua, sekretaris"))
	if after := h.books(); after != before {
		t.Errorf("a refused close changed the books:\n%s\n%s", before, after)
	}

	// A close that fails half-way (two absence fines too large to add up)
	// leaves the meeting open with nothing booked.
	h.setRule(chatA, bot.RuleFineAbsent, "9223372036854775807")
	before = h.books()
	h.expect(h.say(chatA, "budi", "/rapat selesai"), h.want("id", "error.internal"))
	if after := h.books(); after != before {
		t.Errorf("a failed close booked part of itself:\n%s\n%s", before, after)
	}
	h.expect(h.say(chatA, "eko", "/hadir"), h.want("id", "attendance.marked", "Name", "Eko", "Status", "hadir", "Meeting", 1, "Count", 3))

	h.setRule(chatA, bot.RuleFineAbsent, "2000")
	got := h.say(chatA, "budi", "/rapat selesai")
	if len(got) != 1 || !strings.HasPrefix(got[0], "📝 NOTULEN RAPAT #1 · Tani Makmur\n") {
		t.Fatalf("close: %q", got)
	}
	for q, want := range map[string]int{
		`SELECT COUNT(*) FROM meeting_attendance WHERE status = 'absent'`:                       1, // wati (budi opened: present)
		`SELECT COUNT(*) FROM meeting_attendance WHERE status = 'present'`:                      3, // budi, siti, eko
		`SELECT COUNT(*) FROM entries WHERE kind = 'fine' AND amount = 2000 AND meeting_id = 1`: 1,
		`SELECT COUNT(*) FROM entries WHERE kind = 'fine'`:                                      1,
		`SELECT COUNT(*) FROM meeting_ends WHERE kind = 'closed' AND minutes LIKE '{%'`:         1,
	} {
		if n := h.count(q); n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}
	// Closed once: a second close finds no open meeting.
	before = h.books()
	h.expect(h.say(chatA, "budi", "/rapat selesai"), h.want("id", "meeting.not_open"))
	if after := h.books(); after != before {
		t.Errorf("a second close changed the books:\n%s\n%s", before, after)
	}
}

// TestLatenessIgnoresClockZone: present or late depends only on instants
// and the group's zone, never on the zone the clock's time carries (the
// server's). 16:15 in Jakarta is on time for a 16:00 meeting, 16:16 late.
func TestLatenessIgnoresClockZone(t *testing.T) {
	zones := []*time.Location{time.UTC, jakarta, time.FixedZone("UTC-12", -12*3600), time.FixedZone("UTC+14", 14*3600)}
	for _, name := range []string{"America/New_York", "Asia/Tokyo"} {
		if loc, err := time.LoadLocation(name); err == nil {
			zones = append(zones, loc)
		}
	}
	for _, zone := range zones {
		t.Run(zone.String(), func(t *testing.T) {
			h := newHarness(t)
			h.clock.T = tuesday.In(zone)
			h.group(chatA, "budi", "siti", "eko", "ani")
			h.say(chatA, "budi", "/jadwal setiap Selasa 16:00")
			// In UTC-12, 16:05 in Jakarta is still Monday.
			h.clock.T = at(2026, 12, 1, 16, 5).In(zone)
			h.expect(h.say(chatA, "budi", "/rapat mulai"), h.want("id", "meeting.opened", "No", 1, "Place", "(tempat belum ditulis)",
				"Time", "16:05", "Start", "16:00", "Grace", 15, "Excused", 0, "By", "Budi"))
			h.clock.T = at(2026, 12, 1, 16, 15).In(zone)
			h.expect(h.say(chatA, "siti", "/hadir"), h.want("id", "attendance.marked", "Name", "Siti", "Status", "hadir", "Meeting", 1, "Count", 2))
			h.clock.T = at(2026, 12, 1, 16, 16).In(zone)
			h.expect(h.say(chatA, "eko", "/hadir"), h.want("id", "attendance.marked", "Name", "Eko", "Status", "terlambat", "Meeting", 1, "Count", 3))
			h.clock.T = at(2026, 12, 1, 17, 0).In(zone)
			got := h.say(chatA, "budi", "/rapat selesai")
			for _, want := range []string{"\n🗓️ Selasa, 01/12/2026 · 📍 (tempat belum ditulis)\nDibuka 16:05 oleh Budi · ditutup 17:00 oleh Budi\n",
				"\n• hadir: Budi, Siti\n• terlambat: Eko\n• absen: Ani\n", "\n➡️ Rapat berikutnya: Selasa, 08/12/2026 16:00, (tempat belum ditulis)"} {
				if len(got) != 1 || !strings.Contains(got[0], want) {
					t.Errorf("minutes lack %q:\n%s", want, got)
				}
			}
			if n := h.count(`SELECT COUNT(*) FROM meetings WHERE scheduled_at = '2026-12-01T09:00:00.000Z' AND opened_at = '2026-12-01T09:05:00.000Z'`); n != 1 {
				t.Errorf("the meeting's start is not 16:00 in Jakarta")
			}
		})
	}
}

// TestLateCountsFromScheduledStart: with a schedule, lateness counts from
// the scheduled time, even when the chair opens early or late; without
// one (or on another day), from the opening.
func TestLateCountsFromScheduledStart(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko", "ani")
	marked := func(name, status string, no, count int) string {
		return h.want("id", "attendance.marked", "Name", name, "Status", status, "Meeting", no, "Count", count)
	}
	// No schedule: the opening is the start.
	h.clock.T = at(2026, 11, 24, 19, 0)
	h.say(chatA, "budi", "/rapat mulai")
	h.clock.T = at(2026, 11, 24, 19, 15)
	h.expect(h.say(chatA, "siti", "/hadir"), marked("Siti", "hadir", 1, 2))
	h.clock.T = at(2026, 11, 24, 19, 16)
	h.expect(h.say(chatA, "eko", "/hadir"), marked("Eko", "terlambat", 1, 3))
	h.say(chatA, "budi", "/rapat selesai")

	// Opened early on the scheduled day: 16:00 is still the start.
	h.say(chatA, "budi", "/jadwal setiap Selasa 16:00 di balai desa")
	h.clock.T = at(2026, 12, 1, 15, 30)
	h.expect(h.say(chatA, "budi", "/rapat mulai"), h.want("id", "meeting.opened", "No", 2, "Place", "balai desa",
		"Time", "15:30", "Start", "16:00", "Grace", 15, "Excused", 0, "By", "Budi"))
	h.clock.T = at(2026, 12, 1, 16, 14)
	h.expect(h.say(chatA, "siti", "/hadir"), marked("Siti", "hadir", 2, 2))
	h.clock.T = at(2026, 12, 1, 16, 20)
	h.expect(h.say(chatA, "eko", "/hadir"), marked("Eko", "terlambat", 2, 3))
	h.say(chatA, "budi", "/rapat selesai")

	// Opened on a day without a meeting, with a place of its own: the
	// opening is the start.
	h.clock.T = at(2026, 12, 3, 10, 0)
	h.expect(h.say(chatA, "budi", "/rapat mulai rumah Pak RT"), h.want("id", "meeting.opened", "No", 3, "Place", "rumah Pak RT",
		"Time", "10:00", "Start", "10:00", "Grace", 15, "Excused", 0, "By", "Budi"))
	h.clock.T = at(2026, 12, 3, 10, 10)
	h.expect(h.say(chatA, "ani", "/hadir"), marked("Ani", "hadir", 3, 2))
	// The secretary marking someone marks them by the time it is now.
	h.say(chatA, "budi", "/pengurus @ani sekretaris")
	h.clock.T = at(2026, 12, 3, 10, 30)
	h.expect(h.say(chatA, "ani", "/hadir @siti"), marked("Siti", "terlambat", 3, 3))
}

// TestMeetingRecordsLink: money recorded while a meeting is open names it;
// outside a meeting it names none and the reply says so.
func TestMeetingRecordsLink(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	var outside locales.Raw
	steps := func() {
		t.Helper()
		n := h.entryCount()
		s := h.savings(chatA, "eko")
		h.expect(h.say(chatA, "eko", "/setor 5000"), h.want("id", "deposit.pending", "No", n+1, "Name", "Eko", "Amount", bot.Money(5000),
			"Confirmed", s.Confirmed, "Pending", s.Pending+5000, "Outside", outside))
		h.expect(h.say(chatA, "siti", "/setor 1000 @eko"), h.want("id", "deposit.recorded", "No", n+2, "Name", "Eko", "Amount", bot.Money(1000),
			"By", "Siti", "Confirmed", s.Confirmed+1000, "Pending", s.Pending+5000, "HasPending", true, "Outside", outside))
		var owed, cash bot.Money
		h.tx(func(tx *storage.Tx) error {
			g, _ := tx.GroupByChat(chatA)
			tot, err := tx.GroupTotals(g.ID)
			if err != nil {
				return err
			}
			owed = tot["fine"]["confirmed"] - tot["fine_payment"]["confirmed"]
			cash = tot["deposit"]["confirmed"] + tot["fine_payment"]["confirmed"] + tot["income"]["confirmed"] - tot["expense"]["confirmed"]
			return nil
		})
		h.expect(h.say(chatA, "siti", "/denda @eko 500 lupa buku"), h.want("id", "fine.charged", "No", n+3, "Name", "Eko", "Amount", bot.Money(500),
			"Reason", "lupa buku", "Owed", owed+500, "By", "Siti", "Outside", outside))
		h.expect(h.say(chatA, "siti", "/denda bayar 200 @eko"), h.want("id", "fine.paid", "No", n+4, "Name", "Eko", "Amount", bot.Money(200),
			"Owed", owed+300, "By", "Siti", "Outside", outside))
		h.expect(h.say(chatA, "siti", "/pemasukan 10rb jual telur"), h.want("id", "cashflow.recorded", "No", n+5, "Kind", "pemasukan",
			"Amount", bot.Money(10000), "Note", "jual telur", "Cash", cash+200+10000, "By", "Siti", "Outside", outside))
		h.expect(h.say(chatA, "siti", "/pengeluaran 3000 sapu"), h.want("id", "cashflow.recorded", "No", n+6, "Kind", "pengeluaran",
			"Amount", bot.Money(3000), "Note", "sapu", "Cash", cash+200+10000-3000, "By", "Siti", "Outside", outside))
	}
	outside = h.outside("id")
	steps() // #1..#6, outside
	h.clock.Advance(time.Hour)
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "budi", "/hadir")
	h.say(chatA, "siti", "/hadir")
	h.say(chatA, "eko", "/hadir")
	outside = ""
	steps()                           // #7..#12, in meeting 1
	h.say(chatA, "siti", "/terima 1") // made outside, confirmed inside: stays outside
	h.say(chatA, "budi", "/rapat selesai")
	h.clock.Advance(time.Hour)
	outside = h.outside("id")
	steps() // #13..#18, outside again

	var got []string
	err := h.store.Read(h.ctx, func(q storage.Querier) error {
		rows, err := q.QueryContext(h.ctx, `SELECT no, COALESCE(meeting_id, 0) FROM entries ORDER BY no`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var no, m int
			if err := rows.Scan(&no, &m); err != nil {
				return err
			}
			got = append(got, fmt.Sprintf("#%d:%d", no, m))
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "#1:0 #2:0 #3:0 #4:0 #5:0 #6:0 #7:1 #8:1 #9:1 #10:1 #11:1 #12:1 #13:0 #14:0 #15:0 #16:0 #17:0 #18:0"
	if strings.Join(got, " ") != want {
		t.Errorf("entries and their meetings:\n%s\nwant:\n%s", strings.Join(got, " "), want)
	}

	// A group whose rules say money is recorded only in meetings.
	h.setRule(chatA, bot.RuleRecordsNeedMeeting, "true")
	before := h.books()
	for _, text := range []string{"/setor 5000", "/pemasukan 5000 x", "/pengeluaran 10 x", "/denda @eko 500 x", "/denda bayar 100 @eko"} {
		h.expect(h.say(chatA, "siti", text), h.want("id", "meeting.records_need_meeting"))
	}
	if after := h.books(); after != before {
		t.Errorf("refused records changed the books:\n%s\n%s", before, after)
	}
	h.say(chatA, "budi", "/rapat mulai")
	h.expect(h.say(chatA, "siti", "/setor 1000 @eko"), h.want("id", "deposit.recorded", "No", 19, "Name", "Eko", "Amount", bot.Money(1000),
		"By", "Siti", "Confirmed", bot.Money(9000), "Pending", bot.Money(10000), "HasPending", true, "Outside", locales.Raw("")))
}
