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

// Tests of the meetings' review changes: the opener's own mark, the agenda
// kept by the secretary or chair, statuses given and corrected by officers,
// members named without "@" in /izin and /denda, what the minutes account
// for, and the answer for a cancelled meeting's minutes.

// rows runs a query on the store and returns each row as its columns
// joined by "|" (NULL as "NULL").
func (h *harness) rows(query string, args ...any) []string {
	h.t.Helper()
	out := []string{}
	err := h.store.Read(h.ctx, func(q storage.Querier) error {
		rs, err := q.QueryContext(h.ctx, query, args...)
		if err != nil {
			return err
		}
		defer rs.Close()
		cols, err := rs.Columns()
		if err != nil {
			return err
		}
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				return err
			}
			parts := make([]string, len(cols))
			for i, v := range vals {
				switch v := v.(type) {
				case nil:
					parts[i] = "NULL"
				case []byte:
					parts[i] = string(v)
				default:
					parts[i] = fmt.Sprint(v)
				}
			}
			out = append(out, strings.Join(parts, "|"))
		}
		return rs.Err()
	})
	if err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
	return out
}

// expectRows checks a query's rows (see rows) are exactly these.
func (h *harness) expectRows(query string, want ...string) {
	h.t.Helper()
	if want == nil {
		want = []string{}
	}
	if got := h.rows(query); strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Errorf("%s:\n%s\nwant:\n%s", query, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// marksOf lists a meeting's attendance rows in the order they were made:
// member, status, reason, who recorded it.
const marksOf = `SELECT m.name, a.status, a.reason, r.name FROM meeting_attendance a
JOIN members m ON m.id = a.member_id JOIN members r ON r.id = a.recorded_by
JOIN meetings g ON g.id = a.meeting_id WHERE g.no = %d ORDER BY a.id`

// section is the part of a message from the line starting with from up to
// (not including) the line starting with to; "" if from is missing.
func section(msg, from, to string) string {
	i := strings.Index(msg, "\n"+from)
	if i < 0 {
		return ""
	}
	rest := msg[i+1:]
	if j := strings.Index(rest, "\n"+to); j >= 0 {
		rest = rest[:j]
	}
	return strings.TrimRight(rest, "\n")
}

// minutesOf sends the close (or /notulen) and returns the one reply.
func (h *harness) minutesOf(chat bot.ChatRef, who, text string) string {
	h.t.Helper()
	got := h.say(chat, who, text)
	if len(got) != 1 || !strings.Contains(got[0], "NOTULEN RAPAT #") && !strings.Contains(got[0], "MINUTES OF MEETING #") {
		h.t.Fatalf("%s: no minutes: %q", text, got)
	}
	return got[0]
}

// Item 1: whoever opens a meeting is present from the opening, before the
// excuses carried in; that mark is no record for /rapat batal; the opener
// is never late or absent unless an officer corrects the mark.
func TestMeetingOpenerIsPresent(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "ani", "eko", "dodi")
	h.say(chatA, "budi", "/pengurus @ani sekretaris")
	h.say(chatA, "ani", "/jadwal setiap Selasa 16:00 di balai")
	h.expect(h.say(chatA, "dodi", "/izin sakit"), h.want("id", "attendance.excused_ahead", "Name", "Dodi", "Reason", "sakit"))

	// The secretary opens half an hour after the scheduled 16:00: she is
	// present, not late, and marked before Dodi's excuse is.
	h.clock.T = at(2026, 11, 24, 16, 30)
	h.expect(h.say(chatA, "ani", "/rapat mulai"), h.want("id", "meeting.opened", "No", 1, "Place", "balai",
		"Time", "16:30", "Start", "16:00", "Grace", 15, "Excused", 1, "By", "Ani"))
	h.expectRows(fmt.Sprintf(marksOf, 1), "Ani|present||Ani", "Dodi|excused|sakit|Ani")
	if n := h.count(`SELECT COUNT(*) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id WHERE a.source = m.source`); n != 2 {
		t.Errorf("%d marks made by the opening itself, want 2", n)
	}
	h.expect(h.say(chatA, "ani", "/hadir"), h.want("id", "attendance.already", "Name", "Ani", "Status", "hadir", "Meeting", 1))
	h.expect(h.say(chatA, "budi", "/rapat"), h.want("id", "meeting.status_open", "No", 1, "Place", "balai", "Time", "16:30", "Count", 2))

	// Opened by mistake: the opener's mark and the excuse carried in are
	// no records, so it can be cancelled.
	h.expect(h.say(chatA, "ani", "/rapat batal"), h.want("id", "meeting.cancelled", "No", 1, "By", "Ani"))

	// The chair opens #2 (late too); Dodi's excuse still holds. Siti's
	// mark is a record; Budi's own is not.
	h.clock.T = at(2026, 11, 24, 16, 35)
	h.expect(h.say(chatA, "budi", "/rapat mulai"), h.want("id", "meeting.opened", "No", 2, "Place", "balai",
		"Time", "16:35", "Start", "16:00", "Grace", 15, "Excused", 1, "By", "Budi"))
	h.clock.T = at(2026, 11, 24, 16, 40)
	h.expect(h.say(chatA, "siti", "/hadir"), h.want("id", "attendance.marked", "Name", "Siti", "Status", "terlambat", "Meeting", 2, "Count", 2))
	h.expect(h.say(chatA, "budi", "/rapat batal"), h.want("id", "meeting.has_records", "No", 2, "Count", 1))
	h.clock.T = at(2026, 11, 24, 17, 0)
	min := h.minutesOf(chatA, "budi", "/rapat selesai")
	if got, want := section(min, "👥", "📌"), "👥 Kehadiran: hadir 1, terlambat 1, izin 1, absen 2\n"+
		"• hadir: Budi\n• terlambat: Siti\n• izin: Dodi\n• absen: Ani, Eko"; got != want {
		t.Errorf("attendance of #2:\n%s\nwant:\n%s", got, want)
	}
	if got, want := section(min, "⚖️", "📊"), "⚖️ Denda dikenakan\n• Siti: Rp1.000 (terlambat)\n"+
		"• Ani: Rp2.000 (absen)\n• Eko: Rp2.000 (absen)"; got != want {
		t.Errorf("fines of #2:\n%s\nwant:\n%s", got, want)
	}
	h.expectRows(`SELECT m.name, e.amount, e.note FROM entries e JOIN members m ON m.id = e.member_id WHERE e.kind = 'fine' ORDER BY e.no`,
		"Siti|1000|late", "Ani|2000|absent", "Eko|2000|absent")

	// #3: the secretary opens, but she only dropped by; the chair corrects
	// her mark and the close fines her as absent.
	h.clock.T = at(2026, 12, 1, 15, 55)
	h.expect(h.say(chatA, "ani", "/rapat mulai"), h.want("id", "meeting.opened", "No", 3, "Place", "balai",
		"Time", "15:55", "Start", "16:00", "Grace", 15, "Excused", 0, "By", "Ani"))
	h.expect(h.say(chatA, "budi", "/hadir @ani absen"), h.want("id", "attendance.corrected", "Name", "Ani",
		"From", "hadir", "To", "absen", "Meeting", 3, "By", "Budi"))
	h.expectRows(fmt.Sprintf(marksOf, 3), "Ani|present||Ani", "Ani|absent||Budi")
	for _, who := range []string{"budi", "siti", "eko", "dodi"} {
		h.say(chatA, who, "/hadir")
	}
	min = h.minutesOf(chatA, "ani", "/rapat selesai")
	if got, want := section(min, "👥", "📌"), "👥 Kehadiran: hadir 4, terlambat 0, izin 0, absen 1\n"+
		"• hadir: Budi, Dodi, Eko, Siti\n• absen: Ani"; got != want {
		t.Errorf("attendance of #3:\n%s\nwant:\n%s", got, want)
	}
	if got, want := section(min, "⚖️", "📊"), "⚖️ Denda dikenakan\n• Ani: Rp2.000 (absen)"; got != want {
		t.Errorf("fines of #3:\n%s\nwant:\n%s", got, want)
	}
	if n := h.count(`SELECT COUNT(*) FROM entries WHERE kind = 'fine' AND meeting_id = 3`); n != 1 {
		t.Errorf("meeting #3 booked %d fines, want 1", n)
	}
}

// Item 1, with the opener excused ahead: the opener's mark comes first, so
// the excuse carried in does not replace it; the others' excuses hold.
func TestMeetingOpenerExcusedAhead(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.expect(h.say(chatA, "budi", "/izin rapat desa"), h.want("id", "attendance.excused_ahead", "Name", "Budi", "Reason", "rapat desa"))
	h.say(chatA, "eko", "/izin sakit")
	// The reply's "Izin sebelumnya" count is not checked here: it counts
	// Budi's excuse too (reported as a suspected bug).
	if got := h.say(chatA, "budi", "/rapat mulai"); len(got) != 1 || !strings.HasPrefix(got[0], "📣 Rapat #1 dibuka oleh Budi pukul 10:00") {
		t.Fatalf("open: %q", got)
	}
	h.expectRows(fmt.Sprintf(marksOf, 1), "Budi|present||Budi", "Eko|excused|sakit|Budi")
	h.expect(h.say(chatA, "budi", "/izin sakit"), h.want("id", "attendance.already", "Name", "Budi", "Status", "hadir", "Meeting", 1))
	h.expect(h.say(chatA, "siti", "/hadir"), h.want("id", "attendance.marked", "Name", "Siti", "Status", "hadir", "Meeting", 1, "Count", 2))
	min := h.minutesOf(chatA, "budi", "/rapat selesai")
	if got, want := section(min, "👥", "📌"), "👥 Kehadiran: hadir 2, terlambat 0, izin 1, absen 0\n"+
		"• hadir: Budi, Siti\n• izin: Eko"; got != want {
		t.Errorf("attendance:\n%s\nwant:\n%s", got, want)
	}
	if n := h.count(`SELECT COUNT(*) FROM entries`); n != 0 {
		t.Errorf("%d entries: nobody should be fined", n)
	}
}

// Item 2: adding an agenda item is for the secretary or the chair; the
// list is for anyone in the group, registered or not.
func TestAgendaAddIsForSecretaryOrChair(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "ani", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/pengurus @ani sekretaris")
	notAllowed := h.want("id", "error.not_allowed", "Command", "/agenda …", "Roles", "sekretaris, ketua")
	h.runBad(t, []badCase{
		{"a plain member adds", "eko", "/agenda Beli pakan", notAllowed},
		{"the treasurer adds", "siti", "/agenda Beli pakan", notAllowed},
		{"a stranger adds", "tono", "/agenda Beli pakan", h.want("id", "error.not_member")},
		{"a stranger lists", "tono", "/agenda", h.want("id", "agenda.empty")},
		{"a member lists", "eko", "/agenda", h.want("id", "agenda.empty")},
	})
	h.expect(h.say(chatA, "ani", "/agenda Beli pakan"), h.want("id", "agenda.added_waiting", "No", 1, "Text", "Beli pakan"))
	h.expect(h.say(chatA, "budi", "/agenda Workshop"), h.want("id", "agenda.added_waiting", "No", 2, "Text", "Workshop"))
	h.say(chatA, "budi", "/rapat mulai")
	h.expect(h.say(chatA, "eko", "/agenda Arisan"), notAllowed)
	h.expect(h.say(chatA, "ani", "/agenda Arisan"), h.want("id", "agenda.added", "No", 3, "Text", "Arisan", "Meeting", 1))
	list := h.want("id", "agenda.list", "Count", 3, "Lines", "1. Beli pakan\n2. Workshop\n3. Arisan")
	h.expect(h.say(chatA, "tono", "/agenda"), list)
	h.expect(h.say(chatA, "eko", "/agenda"), list)
	h.expectRows(`SELECT i.no, i.text, m.name, COALESCE(i.meeting_id, 0) FROM agenda_items i JOIN members m ON m.id = i.added_by ORDER BY i.no`,
		"1|Beli pakan|Ani|0", "2|Workshop|Budi|0", "3|Arisan|Ani|1")
	if n := h.count(`SELECT COUNT(*) FROM members WHERE name = 'Tono'`); n != 0 {
		t.Errorf("listing the agenda registered the stranger")
	}

	// In English, the refusal names the English command.
	h.say(chatA, "budi", "/language en")
	h.expect(h.say(chatA, "eko", "/agenda Savings"), "🔒 /agenda … is only for: secretary, chair.")
}

// Item 3: the secretary or chair gives a status ("/hadir @eko terlambat");
// a different status corrects the mark by a new row, the same one changes
// nothing, and the close and the minutes use each member's latest mark.
// Plain members (and the treasurer) cannot give a status.
func TestAttendanceStatusByOfficer(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "ani", "eko", "dodi", "wati")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/pengurus @ani sekretaris")
	h.say(chatA, "budi", "/anggota tambah Mbah Karto")
	forOther := h.want("id", "attendance.for_other_not_allowed", "Roles", "sekretaris, ketua")
	h.runBad(t, []badCase{
		{"status with no meeting", "ani", "/hadir @eko terlambat", h.want("id", "attendance.no_meeting")},
	})
	h.say(chatA, "budi", "/rapat mulai")
	set := func(name, status, by string) string {
		return h.want("id", "attendance.set", "Name", name, "Status", status, "Meeting", 1, "By", by)
	}
	corrected := func(name, from, to, by string) string {
		return h.want("id", "attendance.corrected", "Name", name, "From", from, "To", to, "Meeting", 1, "By", by)
	}
	already := func(name, status string) string {
		return h.want("id", "attendance.already", "Name", name, "Status", status, "Meeting", 1)
	}
	h.expect(h.say(chatA, "ani", "/hadir @eko terlambat"), set("Eko", "terlambat", "Ani"))
	h.expect(h.say(chatA, "ani", "/hadir Mbah Karto izin"), set("Mbah Karto", "izin", "Ani"))
	h.runBad(t, []badCase{
		{"the same status again", "budi", "/hadir @eko telat", already("Eko", "terlambat")},
		{"a plain member for another", "eko", "/hadir @dodi terlambat", forOther},
		{"a plain member for themselves", "eko", "/hadir @eko hadir", forOther},
		{"a plain member by name", "dodi", "/hadir Dodi absen", forOther},
		{"the treasurer", "siti", "/hadir @eko hadir", forOther},
		{"a member's own mark stays", "eko", "/hadir", already("Eko", "terlambat")},
	})
	h.expect(h.say(chatA, "ani", "/hadir @eko hadir"), corrected("Eko", "terlambat", "hadir", "Ani"))

	// Every word for every status, in either case; each change is a new row.
	for i, step := range []struct{ word, from, to string }{
		{"alpa", "", "absen"}, {"present", "absen", "hadir"}, {"late", "hadir", "terlambat"},
		{"excused", "terlambat", "izin"}, {"absent", "izin", "absen"}, {"IZIN", "absen", "izin"},
		{"Telat", "izin", "terlambat"}, {"absen", "terlambat", "absen"}, {"terlambat", "absen", "terlambat"},
		{"hadir", "terlambat", "hadir"},
	} {
		want := corrected("Dodi", step.from, step.to, "Budi")
		if i == 0 {
			want = set("Dodi", step.to, "Budi")
		}
		h.expect(h.say(chatA, "budi", "/hadir @dodi "+step.word), want)
	}
	h.expect(h.say(chatA, "budi", "/hadir Dodi HADIR"), already("Dodi", "hadir"))
	h.expectRows(fmt.Sprintf(`SELECT a.status FROM meeting_attendance a JOIN members m ON m.id = a.member_id
WHERE m.name = 'Dodi' AND a.meeting_id = %d ORDER BY a.id`, 1),
		"absent", "present", "late", "excused", "absent", "excused", "late", "absent", "late", "present")
	h.expectRows(fmt.Sprintf(marksOf, 1)+` LIMIT 4`, "Budi|present||Budi", "Eko|late||Ani", "Mbah Karto|excused||Ani", "Eko|present||Ani")

	// Counts go by member and latest mark: Budi, Eko and Dodi are here;
	// Mbah Karto is excused.
	h.expect(h.say(chatA, "budi", "/rapat"), h.want("id", "meeting.status_open", "No", 1, "Place", "(tempat belum ditulis)",
		"Time", "10:00", "Count", 4))
	h.expect(h.say(chatA, "siti", "/hadir"), h.want("id", "attendance.marked", "Name", "Siti", "Status", "hadir", "Meeting", 1, "Count", 4))
	// Wati came late but the secretary saw her come on time.
	h.clock.Advance(time.Hour)
	h.expect(h.say(chatA, "wati", "/hadir"), h.want("id", "attendance.marked", "Name", "Wati", "Status", "terlambat", "Meeting", 1, "Count", 5))
	h.expect(h.say(chatA, "ani", "/hadir @wati hadir"), corrected("Wati", "terlambat", "hadir", "Ani"))

	// Ani never marked herself: absent. Nobody is late.
	min := h.minutesOf(chatA, "budi", "/rapat selesai")
	if got, want := section(min, "👥", "📌"), "👥 Kehadiran: hadir 5, terlambat 0, izin 1, absen 1\n"+
		"• hadir: Budi, Dodi, Eko, Siti, Wati\n• izin: Mbah Karto\n• absen: Ani"; got != want {
		t.Errorf("attendance:\n%s\nwant:\n%s", got, want)
	}
	if got, want := section(min, "⚖️", "📊"), "⚖️ Denda dikenakan\n• Ani: Rp2.000 (absen)"; got != want {
		t.Errorf("fines:\n%s\nwant:\n%s", got, want)
	}
	h.expectRows(`SELECT m.name, e.amount, e.note FROM entries e JOIN members m ON m.id = e.member_id WHERE e.kind = 'fine'`, "Ani|2000|absent")
	// The close marked only Ani; the corrected rows are all still there.
	h.expectRows(fmt.Sprintf(`SELECT m.name, COUNT(*) FROM meeting_attendance a JOIN members m ON m.id = a.member_id
WHERE a.meeting_id = %d GROUP BY m.name ORDER BY m.name`, 1),
		"Ani|1", "Budi|1", "Dodi|10", "Eko|2", "Mbah Karto|1", "Siti|1", "Wati|2")

	// The English words.
	h.say(chatA, "budi", "/language en")
	h.say(chatA, "budi", "/meeting start")
	h.expect(h.say(chatA, "ani", "/present @eko late"), "✅ Eko is late at meeting #2 (recorded by Ani).")
	h.expect(h.say(chatA, "ani", "/present @eko excused"), "✏️ Eko's attendance at meeting #2 changed from late to excused by Ani.")
	h.expect(h.say(chatA, "eko", "/present @eko present"), "🔒 Marking another member's attendance is only for: secretary, chair.")
}

// Item 4: the secretary or chair may name the member to excuse first,
// without "@" (the longest name of up to four words wins); anyone else
// excuses themselves, whatever the words, and is refused only for another
// member's @username.
func TestExcuseNamesMember(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "ani", "eko", "dodi")
	h.say(chatA, "budi", "/pengurus @ani sekretaris")
	for _, name := range []string{"Mbah Karto", "Mbah Karto Wiryo", "Bu Sri Rahayu Ningsih"} {
		h.say(chatA, "budi", "/anggota tambah "+name)
	}
	ahead := func(name, reason string) string {
		return h.want("id", "attendance.excused_ahead", "Name", name, "Reason", reason)
	}
	for _, step := range []struct{ who, text, name, reason string }{
		{"ani", "/izin Mbah Karto sakit", "Mbah Karto", "sakit"},
		{"ani", "/izin Mbah Karto Wiryo ke kota", "Mbah Karto Wiryo", "ke kota"},
		{"budi", "/izin bu sri rahayu ningsih panen", "Bu Sri Rahayu Ningsih", "panen"},
		{"ani", "/izin @eko", "Eko", "-"},
		{"ani", "/izin antar anak", "Ani", "antar anak"},
		// A plain member's words are their reason, names or not.
		{"siti", "/izin Mbah Karto sakit", "Siti", "Mbah Karto sakit"},
		{"siti", "/izin @siti pusing", "Siti", "pusing"},
	} {
		h.expect(h.say(chatA, step.who, step.text), ahead(step.name, step.reason))
	}
	h.runBad(t, []badCase{
		{"a plain member for another", "siti", "/izin @eko sakit", h.want("id", "attendance.for_other_not_allowed", "Roles", "sekretaris, ketua")},
	})
	h.expectRows(`SELECT m.name, x.reason, r.name FROM excuses x JOIN members m ON m.id = x.member_id JOIN members r ON r.id = x.recorded_by ORDER BY x.id`,
		"Mbah Karto|sakit|Ani", "Mbah Karto Wiryo|ke kota|Ani", "Bu Sri Rahayu Ningsih|panen|Budi", "Eko||Ani",
		"Ani|antar anak|Ani", "Siti|Mbah Karto sakit|Siti", "Siti|pusing|Siti")

	// The meeting takes them (Siti's latest reason); during it the chair
	// excuses Dodi by name.
	h.expect(h.say(chatA, "budi", "/rapat mulai"), h.want("id", "meeting.opened", "No", 1, "Place", "(tempat belum ditulis)",
		"Time", "10:00", "Start", "10:00", "Grace", 15, "Excused", 6, "By", "Budi"))
	h.expect(h.say(chatA, "budi", "/izin Dodi macet di jalan"), h.want("id", "attendance.excused", "Name", "Dodi", "Reason", "macet di jalan", "Meeting", 1))
	h.runBad(t, []badCase{
		{"excused twice", "ani", "/izin dodi macet", h.want("id", "attendance.already", "Name", "Dodi", "Status", "izin", "Meeting", 1)},
		{"a plain member names the chair", "dodi", "/izin Budi sakit", h.want("id", "attendance.already", "Name", "Dodi", "Status", "izin", "Meeting", 1)},
	})
	h.expectRows(`SELECT m.name, a.status, a.reason, r.name FROM meeting_attendance a JOIN members m ON m.id = a.member_id
JOIN members r ON r.id = a.recorded_by ORDER BY m.name`,
		"Ani|excused|antar anak|Budi", "Bu Sri Rahayu Ningsih|excused|panen|Budi", "Budi|present||Budi",
		"Dodi|excused|macet di jalan|Budi", "Eko|excused||Budi", "Mbah Karto|excused|sakit|Budi",
		"Mbah Karto Wiryo|excused|ke kota|Budi", "Siti|excused|pusing|Budi")
}

// Item 5: /denda names the member without "@", before or after the
// amount (the longest name wins), as well as by @username.
func TestFineNamesMember(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/anggota tambah Mbah Karto")
	h.say(chatA, "budi", "/anggota tambah Mbah Karto Wiryo")
	outside := h.outside("id")
	owed := map[string]bot.Money{}
	for i, step := range []struct {
		text, name string
		amount     bot.Money
		reason     string
	}{
		{"/denda Mbah Karto 1000 lupa buku", "Mbah Karto", 1000, "lupa buku"},
		{"/denda 1000 Mbah Karto Wiryo tidak ikut kerja bakti", "Mbah Karto Wiryo", 1000, "tidak ikut kerja bakti"},
		{"/denda Mbah Karto Wiryo 2rb ribut", "Mbah Karto Wiryo", 2000, "ribut"},
		{"/denda Rp 2.000,- Eko terlambat", "Eko", 2000, "terlambat"},
		{"/denda eko 500 tidak bawa buku", "Eko", 500, "tidak bawa buku"},
		{"/denda @eko 1.500 lupa", "Eko", 1500, "lupa"},
		{"/denda 700 @mbah karto terlambat", "Mbah Karto", 700, "terlambat"},
	} {
		owed[step.name] += step.amount
		h.expect(h.say(chatA, "siti", step.text), h.want("id", "fine.charged", "No", i+1, "Name", step.name, "Amount", step.amount,
			"Reason", step.reason, "Owed", owed[step.name], "By", "Siti", "Outside", outside))
	}
	h.runBad(t, []badCase{
		{"nobody named", "siti", "/denda 1000 Pak Lurah terlambat", h.want("id", "fine.usage")},
		{"a name without a reason", "siti", "/denda Mbah Karto 1000", h.want("id", "fine.reason_missing")},
		{"a name without an amount", "siti", "/denda Mbah Karto terlambat", h.want("id", "money.not_a_number", "Input", "terlambat")},
		{"by a plain member", "eko", "/denda Mbah Karto 1000 lupa", h.want("id", "error.not_allowed", "Command", "/denda", "Roles", "bendahara, ketua")},
	})
	h.expectRows(`SELECT e.no, m.name, e.amount, e.note, r.name, COALESCE(e.meeting_id, 0) FROM entries e
JOIN members m ON m.id = e.member_id JOIN members r ON r.id = e.requested_by WHERE e.kind = 'fine' ORDER BY e.no`,
		"1|Mbah Karto|1000|lupa buku|Siti|0", "2|Mbah Karto Wiryo|1000|tidak ikut kerja bakti|Siti|0",
		"3|Mbah Karto Wiryo|2000|ribut|Siti|0", "4|Eko|2000|terlambat|Siti|0", "5|Eko|500|tidak bawa buku|Siti|0",
		"6|Eko|1500|lupa|Siti|0", "7|Mbah Karto|700|terlambat|Siti|0")
}

// Item 6: the minutes' money section lists money, not fines: what was
// booked in the meeting, what was booked outside any meeting since the
// last close "(di luar rapat)", and what an earlier meeting booked and
// this one decided "(dari rapat sebelumnya)"; voided entries are left out.
// Every fine charged in the meeting, at the close or by the treasurer, is
// under "Denda dikenakan". Decisions taken in a meeting name it.
func TestMinutesMoneyAndFines(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "ani", "eko", "dodi", "wati")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/pengurus @ani sekretaris")
	h.say(chatA, "siti", "/setor 2000 @wati")          // #1 outside, before meeting 1
	h.say(chatA, "siti", "/denda @wati 300 lupa buku") // #2 a fine outside: in no minutes
	h.clock.Advance(time.Hour)
	h.say(chatA, "budi", "/rapat mulai")
	for _, who := range []string{"siti", "ani", "eko", "dodi", "wati"} {
		h.say(chatA, who, "/hadir")
	}
	h.say(chatA, "eko", "/setor 5000")  // #3 pending in meeting 1
	h.say(chatA, "dodi", "/setor 7000") // #4 pending in meeting 1
	h.say(chatA, "wati", "/setor 800")  // #5 pending in meeting 1
	h.clock.Advance(time.Hour)
	min1 := h.minutesOf(chatA, "budi", "/rapat selesai")
	if got, want := section(min1, "💵", "📊"), "💵 Uang rapat ini\n"+
		"setoran (1): Rp2.000\n   #1 Wati Rp2.000 (di luar rapat)\n"+
		"setoran (menunggu diterima) (3): Rp12.800\n   #3 Eko Rp5.000\n   #4 Dodi Rp7.000\n   #5 Wati Rp800"; got != want {
		t.Errorf("money of #1:\n%s\nwant:\n%s", got, want)
	}

	// Between the meetings.
	h.clock.Advance(time.Hour)
	h.say(chatA, "eko", "/setor 3000")                 // #6 pending, confirmed in meeting 2
	h.say(chatA, "siti", "/setor 10rb @dodi")          // #7
	h.say(chatA, "siti", "/pemasukan 20rb jual telur") // #8
	h.say(chatA, "siti", "/denda @eko 500 lupa buku")  // #9 a fine outside: in no minutes
	h.say(chatA, "dodi", "/setor 1000")                // #10, withdrawn
	h.say(chatA, "dodi", "/batal")
	h.say(chatA, "siti", "/terima 5") // meeting 1's, decided outside: in no later minutes

	// Meeting 2 decides meeting 1's reports and charges a fine.
	h.clock.Advance(24 * time.Hour)
	h.say(chatA, "budi", "/rapat mulai")
	for _, who := range []string{"siti", "ani", "eko"} {
		h.say(chatA, who, "/hadir")
	}
	h.say(chatA, "siti", "/terima 3")
	h.say(chatA, "siti", "/tolak 4")
	h.say(chatA, "siti", "/terima 6")
	h.expect(h.say(chatA, "siti", "/denda Eko 1000 ribut saat rapat"), h.want("id", "fine.charged", "No", 11, "Name", "Eko",
		"Amount", bot.Money(1000), "Reason", "ribut saat rapat", "Owed", bot.Money(1500), "By", "Siti", "Outside", locales.Raw("")))
	h.say(chatA, "siti", "/setor 4000 @ani") // #12
	h.say(chatA, "eko", "/setor 100")        // #13, withdrawn in the meeting
	h.say(chatA, "eko", "/batal")
	h.say(chatA, "eko", "/denda bayar 500") // #14, pending
	h.clock.Advance(30 * time.Minute)
	h.say(chatA, "wati", "/hadir") // late; Dodi never comes
	h.clock.Advance(time.Hour)
	min2 := h.minutesOf(chatA, "budi", "/rapat selesai")
	wantMoney := "💵 Uang rapat ini\n" +
		"setoran (4): Rp22.000\n" +
		"   #3 Eko Rp5.000 (dari rapat sebelumnya)\n" +
		"   #6 Eko Rp3.000 (di luar rapat)\n" +
		"   #7 Dodi Rp10.000 (di luar rapat)\n" +
		"   #12 Ani Rp4.000\n" +
		"bayar denda (menunggu diterima) (1): Rp500\n" +
		"   #14 Eko Rp500\n" +
		"pemasukan (1): Rp20.000\n" +
		"   #8 Rp20.000 · jual telur (di luar rapat)"
	if got := section(min2, "💵", "⚖️"); got != wantMoney {
		t.Errorf("money of #2:\n%s\nwant:\n%s", got, wantMoney)
	}
	wantFines := "⚖️ Denda dikenakan\n" +
		"• Eko: Rp1.000 (ribut saat rapat)\n" +
		"• Dodi: Rp2.000 (absen)\n" +
		"• Wati: Rp1.000 (terlambat)"
	if got := section(min2, "⚖️", "📊"); got != wantFines {
		t.Errorf("fines of #2:\n%s\nwant:\n%s", got, wantFines)
	}
	if got, want := section(min2, "📊", "➡️"), "📊 Saldo setelah rapat\nTabungan anggota: Rp24.800\nUang kas: Rp44.800\nDenda belum dibayar: Rp4.800"; got != want {
		t.Errorf("balances after #2:\n%s\nwant:\n%s", got, want)
	}
	h.expect(h.say(chatA, "eko", "/notulen 2"), min2)
	// The stored minutes have no fine among the money (but deposits).
	for q, want := range map[string]int{
		`SELECT COUNT(*) FROM meeting_ends WHERE minutes LIKE '%"kind":"fine"%'`:    0,
		`SELECT COUNT(*) FROM meeting_ends WHERE minutes LIKE '%"kind":"deposit"%'`: 2,
	} {
		if n := h.count(q); n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}
	// Decisions name the meeting they were taken in (none outside).
	h.expectRows(`SELECT e.no, d.decision, COALESCE(m.no, 0) FROM entry_decisions d JOIN entries e ON e.id = d.entry_id
LEFT JOIN meetings m ON m.id = d.meeting_id ORDER BY e.no`,
		"3|confirmed|2", "4|rejected|2", "5|confirmed|0", "6|confirmed|2", "10|withdrawn|0", "13|withdrawn|2")

	// The same minutes in English.
	h.say(chatA, "budi", "/language en")
	en := h.minutesOf(chatA, "eko", "/minutes 2")
	if got, want := section(en, "💵", "📊"), "💵 Money in this meeting\n"+
		"deposit (4): Rp22,000\n"+
		"   #3 Eko Rp5,000 (from an earlier meeting)\n"+
		"   #6 Eko Rp3,000 (outside a meeting)\n"+
		"   #7 Dodi Rp10,000 (outside a meeting)\n"+
		"   #12 Ani Rp4,000\n"+
		"fine payment (waiting for confirmation) (1): Rp500\n"+
		"   #14 Eko Rp500\n"+
		"income (1): Rp20,000\n"+
		"   #8 Rp20,000 · jual telur (outside a meeting)\n"+
		"\n"+
		"⚖️ Fines charged\n"+
		"• Eko: Rp1,000 (ribut saat rapat)\n"+
		"• Dodi: Rp2,000 (absent)\n"+
		"• Wati: Rp1,000 (late)"; got != want {
		t.Errorf("English money and fines of #2:\n%s\nwant:\n%s", got, want)
	}
	// The markup: the where-note is in italics, escaped like the rest.
	var raw string
	for _, r := range h.send(h.msg(chatA, "eko", "/minutes 2")) {
		raw += r.Text
	}
	if want := "   #3 Eko Rp5,000 <i>(from an earlier meeting)</i>\n"; !strings.Contains(raw, want) {
		t.Errorf("minutes markup lacks %q:\n%s", want, raw)
	}
}

// Item 7: the minutes of a cancelled meeting (shown or amended) say who
// cancelled it and when, in the group's language.
func TestMinutesOfCancelledMeeting(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "ani")
	h.say(chatA, "budi", "/pengurus @ani sekretaris")
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/hadir")
	h.clock.T = at(2026, 11, 24, 11, 0)
	h.minutesOf(chatA, "budi", "/rapat selesai")
	h.clock.T = at(2026, 11, 25, 19, 30)
	h.say(chatA, "ani", "/rapat mulai")
	h.expect(h.say(chatA, "ani", "/rapat batal"), h.want("id", "meeting.cancelled", "No", 2, "By", "Ani"))
	h.clock.Advance(48 * time.Hour)
	h.runBad(t, []badCase{
		{"minutes", "siti", "/notulen 2", "ℹ️ Rapat #2 dibatalkan oleh Ani (Rabu, 25/11/2026 19:30), jadi tidak ada notulennya."},
		{"amendment", "budi", "/ralat 2 salah tulis", "ℹ️ Rapat #2 dibatalkan oleh Ani (Rabu, 25/11/2026 19:30), jadi tidak ada notulennya."},
		{"amendment by a plain member", "siti", "/ralat 2 salah tulis", h.want("id", "error.not_allowed", "Command", "/ralat", "Roles", "sekretaris, ketua")},
	})
	// "/notulen" alone is still the last closed meeting's.
	if got := h.minutesOf(chatA, "siti", "/notulen"); !strings.HasPrefix(got, "📝 NOTULEN RAPAT #1 · Tani Makmur\n") {
		t.Errorf("/notulen after a cancelled meeting: %q", got)
	}
	h.say(chatA, "budi", "/language en")
	h.expect(h.say(chatA, "siti", "/minutes 2"), "ℹ️ Meeting #2 was cancelled by Ani (Wednesday, 25/11/2026 19:30), so it has no minutes.")
	h.expect(h.say(chatA, "ani", "/amend 2 typo"), "ℹ️ Meeting #2 was cancelled by Ani (Wednesday, 25/11/2026 19:30), so it has no minutes.")
	if n := h.count(`SELECT COUNT(*) FROM minutes_amendments`); n != 0 {
		t.Errorf("%d amendments of a cancelled meeting", n)
	}
	// An open meeting still has no minutes yet.
	h.say(chatA, "budi", "/meeting start")
	h.expect(h.say(chatA, "siti", "/minutes 3"), h.want("en", "minutes.not_closed", "No", 3))
}

// Item 8, as the chat sees it: "setiap minggu" alone is asked about;
// Sunday is "setiap hari Minggu".
func TestScheduleEveryWeekIsAsked(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi")
	h.runBad(t, []badCase{
		{"setiap minggu", "budi", "/jadwal setiap minggu 10:00", h.scheduleErr("schedule.ambiguous", "setiap minggu")},
		{"tiap minggu", "budi", "/jadwal tiap minggu jam 8 pagi", h.scheduleErr("schedule.ambiguous", "tiap minggu")},
	})
	h.expect(h.say(chatA, "budi", "/jadwal setiap hari Minggu 10:00"), h.want("id", "schedule.set", "Rule", "setiap hari Minggu, 10:00",
		"By", "Budi", "Next", "• Minggu, 29/11/2026 10:00\n• Minggu, 06/12/2026 10:00\n• Minggu, 13/12/2026 10:00"))
	h.expect(h.say(chatA, "budi", "/jadwal tiap minggu Jumat 19.30"), h.want("id", "schedule.set", "Rule", "setiap Jumat, 19:30",
		"By", "Budi", "Next", "• Jumat, 27/11/2026 19:30\n• Jumat, 04/12/2026 19:30\n• Jumat, 11/12/2026 19:30"))
}

// An officer's mistyped @name in /izin is refused; it never excuses the
// officer instead.
func TestExcuseUnknownUsernameIsRefused(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	got := h.say(chatA, "budi", "/izin @ekko sakit")
	h.expect(got, h.want("id", "member.not_found", "Name", "@ekko"))
	if n := h.count(`SELECT COUNT(*) FROM excuses`); n != 0 {
		t.Fatalf("%d excuses after a refused /izin", n)
	}
}

// A meeting where only a confirmation happened is not empty: it cannot be
// cancelled, or the confirmation would appear in no minutes.
func TestMeetingWithADecisionCannotBeCancelled(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "eko", "/setor 5000")
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/terima 1")
	got := h.say(chatA, "budi", "/rapat batal")
	h.expect(got, h.want("id", "meeting.has_records", "No", 1, "Count", 1))
	if n := h.count(`SELECT COUNT(*) FROM meeting_ends`); n != 0 {
		t.Fatalf("meeting ended: %d", n)
	}
}
