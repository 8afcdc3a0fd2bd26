package handlers_test

import (
	"strings"
	"testing"
	"time"
)

// Regression tests for bugs found while writing the meetings' tests.

// A meeting opened by mistake can be cancelled even when someone had sent
// an excuse ahead: the excuse taken at the opening is not a record of the
// meeting. (Today the cancel is refused, and the only way out is to close
// the meeting, which fines every other member as absent.)
func TestMeetingCancelAfterExcuseAhead(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "dodi")
	h.say(chatA, "dodi", "/izin sakit")
	h.say(chatA, "budi", "/rapat mulai")
	h.expect(h.say(chatA, "budi", "/rapat batal"), h.want("id", "meeting.cancelled", "No", 1, "By", "Budi"))
	if n := h.count(`SELECT COUNT(*) FROM entries`); n != 0 {
		t.Errorf("%d entries after a cancelled meeting", n)
	}
	// The excuse still holds for the meeting that does take place.
	h.clock.Advance(time.Hour)
	got := h.say(chatA, "budi", "/rapat mulai")
	if len(got) != 1 || !strings.Contains(got[0], "Izin sebelumnya: 1 orang") {
		t.Errorf("the next meeting lost the excuse: %q", got)
	}
}

// A meeting held early on its scheduled day (the schedule says 16:00, the
// group met 15:00-15:30) was that day's meeting: its minutes name the next
// month's meeting, not 16:00 the same day.
func TestMinutesNextMeetingAfterEarlyMeeting(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi")
	h.say(chatA, "budi", "/jadwal setiap Selasa pertama 16:00 di balai")
	h.clock.T = at(2026, 12, 1, 15, 0)
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "budi", "/hadir")
	h.clock.T = at(2026, 12, 1, 15, 30)
	got := h.say(chatA, "budi", "/rapat selesai")
	if want := "➡️ Rapat berikutnya: Selasa, 05/01/2027 16:00, balai"; len(got) != 1 || !strings.Contains(got[0], want) {
		t.Errorf("minutes lack %q:\n%s", want, strings.Join(got, "\n"))
	}
	h.expect(h.say(chatA, "budi", "/rapat"), "📅 Rapat berikutnya: Selasa, 05/01/2027 16:00, balai.")
}

// A member's own fine payment reported outside a meeting says so, like a
// deposit report does.
func TestFinePaymentReportOutsideMeetingIsNoted(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "eko")
	h.say(chatA, "budi", "/denda @eko 1000 terlambat")
	got := h.say(chatA, "eko", "/denda bayar 1000")
	if len(got) != 1 || !strings.HasSuffix(got[0], "\n(di luar rapat)") {
		t.Errorf("fine payment report outside a meeting: %q", got)
	}
}
