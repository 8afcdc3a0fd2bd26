package schedule_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/schedule"
)

// roundTripInputs cover every kind, every interval form, Sunday, "last",
// the anchor and odd places.
var roundTripInputs = []string{
	"setiap Selasa pertama 16:00 di rumah Bu Sri",
	"tiap minggu Jumat 19.30",
	"every 2 weeks on Monday 09:00",
	"tanggal 5 setiap bulan jam 10",
	"setiap hari Minggu 08:00",
	"setiap 2 minggu hari Minggu 08:00 di masjid",
	"Minggu terakhir 08:00",
	"last Friday 19:30 at the village hall",
	"Selasa keempat jam 4 sore",
	"every 3 months on the second Tuesday 16:00",
	"tanggal 31 setiap 2 bulan jam 10",
	"akhir bulan 23:59",
	"tanggal 1 jam 0:00",
	"every 52 weeks on Saturday 12pm",
	"every 12 months on day 29 at 6am",
	"setiap Senin 16:00 di di rumah Pak RT, Jl. Mawar No. 5",
	"setiap Senin 16:00 di Senin dan Selasa 17:00", // a place full of rule words
	"setiap Senin 16:00 at 5 Main Street",
	"Di balai desa, setiap Kamis jam 7 malam",
	"setiap Kamis di balai desa jam 7 malam",
}

func TestStringRoundTrip(t *testing.T) {
	for _, in := range roundTripInputs {
		s, err := schedule.Parse(in, now, jakarta)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		for _, lang := range []string{"id", "en"} {
			text := s.String(lang)
			// Parsed at another time and place: the anchor is in the text.
			back, err := schedule.Parse(text, now.AddDate(1, 2, 3), newYork)
			if err != nil {
				t.Errorf("%q -> String(%s) %q: %v", in, lang, text, err)
				continue
			}
			if back != s {
				t.Errorf("%q -> String(%s) %q\n gives %+v\n  want %+v", in, lang, text, back, s)
			}
		}
	}
}

// Every rule the type can hold, written out and read back in both
// languages, gives the same rule; with Every > 1 an anchor that is not a
// meeting date comes back as the meeting date of its week or month, which
// gives the same meetings.
func TestStringRoundTripAll(t *testing.T) {
	var rules []schedule.Schedule
	for d := time.Sunday; d <= time.Saturday; d++ {
		for _, n := range []int{1, 2, 3, 52} {
			rules = append(rules, schedule.Schedule{Kind: schedule.Weekly, Weekday: d, Every: n})
		}
		for _, nth := range []int{1, 2, 3, 4, -1} {
			for _, n := range []int{1, 2, 12} {
				rules = append(rules, schedule.Schedule{Kind: schedule.NthWeekday, Weekday: d, Nth: nth, Every: n})
			}
		}
	}
	for day := 1; day <= 31; day++ {
		for _, n := range []int{1, 5, 12} {
			rules = append(rules, schedule.Schedule{Kind: schedule.MonthDay, Day: day, Every: n})
		}
	}
	places := []string{"", "rumah Bu Sri", "Masjid Al-Jumu'ah, Jl. Mawar No. 5", "Senin dan Selasa 17:00", "minggu ke-2", "di balai"}
	count := 0
	for _, rule := range rules {
		for _, hm := range [][2]int{{0, 0}, {9, 5}, {12, 0}, {16, 0}, {23, 59}} {
			for _, place := range places {
				s := rule
				s.Hour, s.Minute, s.Place = hm[0], hm[1], place
				if s.Every > 1 {
					s.Anchor = date(2026, 3, 1)
				}
				for _, lang := range []string{"id", "en"} {
					count++
					text := s.String(lang)
					back, err := schedule.Parse(text, now, jakarta)
					if err != nil {
						t.Fatalf("%+v: String(%s) = %q: %v", s, lang, text, err)
					}
					if again, err := schedule.Parse(back.String(lang), now, jakarta); err != nil || again != back {
						t.Fatalf("%+v: %q -> %+v -> %q -> %+v, %v", s, text, back, back.String(lang), again, err)
					}
					want := s
					want.Anchor = back.Anchor
					if back != want {
						t.Fatalf("%+v: String(%s) = %q parses to %+v", s, lang, text, back)
					}
					after := wall(t, jakarta, "2025-11-20 12:00")
					if a, b := s.Next(after, jakarta, 4), back.Next(after, jakarta, 4); !slices.Equal(a, b) {
						t.Fatalf("%+v: %q meets %v, want %v", s, text, b, a)
					}
				}
			}
		}
	}
	t.Logf("%d rules written and read back", count)
}

func TestString(t *testing.T) {
	bu := at(nth(1, time.Tuesday, 16, 0), "rumah Bu Sri")
	for _, tc := range []struct {
		s      schedule.Schedule
		id, en string
	}{
		{bu, "setiap Selasa pertama, 16:00, di rumah Bu Sri", "every first Tuesday, 16:00, at rumah Bu Sri"},
		{weekly(time.Friday, 19, 30), "setiap Jumat, 19:30", "every Friday, 19:30"},
		{weekly(time.Sunday, 8, 0), "setiap hari Minggu, 08:00", "every Sunday, 08:00"},
		{every(weekly(time.Monday, 9, 0), 2, date(2026, 3, 9)),
			"setiap 2 minggu hari Senin mulai 2026-03-09, 09:00", "every 2 weeks on Monday starting 2026-03-09, 09:00"},
		// Any date of the meeting week is written as the meeting date.
		{every(weekly(time.Monday, 9, 0), 2, date(2026, 3, 15)),
			"setiap 2 minggu hari Senin mulai 2026-03-09, 09:00", "every 2 weeks on Monday starting 2026-03-09, 09:00"},
		{nth(-1, time.Friday, 7, 5), "setiap Jumat terakhir, 07:05", "every last Friday, 07:05"},
		{every(nth(2, time.Tuesday, 16, 0), 3, date(2026, 3, 1)),
			"setiap 3 bulan hari Selasa kedua mulai 2026-03-10, 16:00", "every 3 months on the second Tuesday starting 2026-03-10, 16:00"},
		{monthDay(5, 10, 0), "setiap tanggal 5, 10:00", "monthly on day 5, 10:00"},
		{every(monthDay(31, 10, 0), 2, date(2026, 4, 1)),
			"setiap 2 bulan tanggal 31 mulai 2026-04-30, 10:00", "every 2 months on day 31 starting 2026-04-30, 10:00"},
		// A zero anchor is left out.
		{every(weekly(time.Monday, 9, 0), 2, time.Time{}), "setiap 2 minggu hari Senin, 09:00", "every 2 weeks on Monday, 09:00"},
	} {
		if got := tc.s.String("id"); got != tc.id {
			t.Errorf("String(id) = %q, want %q", got, tc.id)
		}
		if got := tc.s.String("en"); got != tc.en {
			t.Errorf("String(en) = %q, want %q", got, tc.en)
		}
	}
	if got := bu.String("fr"); got != bu.String("id") {
		t.Errorf("String(fr) = %q, want the Indonesian", got)
	}
}

func TestEncodeDecode(t *testing.T) {
	for _, tc := range []struct {
		s    schedule.Schedule
		want string
	}{
		{at(nth(1, time.Tuesday, 16, 0), "rumah Bu Sri"),
			`{"v":1,"kind":"nth_weekday","weekday":"tuesday","every":1,"nth":1,"time":"16:00","place":"rumah Bu Sri"}`},
		{weekly(time.Sunday, 8, 0), `{"v":1,"kind":"weekly","weekday":"sunday","every":1,"time":"08:00"}`},
		{every(weekly(time.Monday, 9, 0), 2, date(2026, 3, 9)),
			`{"v":1,"kind":"weekly","weekday":"monday","every":2,"time":"09:00","anchor":"2026-03-09"}`},
		{nth(-1, time.Friday, 19, 30), `{"v":1,"kind":"nth_weekday","weekday":"friday","every":1,"nth":-1,"time":"19:30"}`},
		{monthDay(31, 0, 0), `{"v":1,"kind":"month_day","every":1,"day":31,"time":"00:00"}`},
		{at(monthDay(5, 23, 59), `"quoted" <b> & \ ünïcode 🙂`),
			`{"v":1,"kind":"month_day","every":1,"day":5,"time":"23:59","place":"\"quoted\" <b> & \\ ünïcode 🙂"}`},
		{schedule.Schedule{Kind: schedule.Weekly, Weekday: time.Monday, Hour: 9}, // Every 0
			`{"v":1,"kind":"weekly","weekday":"monday","time":"09:00"}`},
	} {
		got := tc.s.Encode()
		if got != tc.want {
			t.Errorf("Encode(%+v)\n got %s\nwant %s", tc.s, got, tc.want)
		}
		back, err := schedule.Decode(got)
		if err != nil || back != tc.s {
			t.Errorf("Decode(%s) = %+v, %v; want %+v", got, back, err, tc.s)
		}
	}
	// Every parsed schedule survives storage.
	for _, in := range roundTripInputs {
		s, err := schedule.Parse(in, now, jakarta)
		if err != nil {
			t.Fatal(err)
		}
		if back, err := schedule.Decode(s.Encode()); err != nil || back != s {
			t.Errorf("%q: Decode(%s) = %+v, %v", in, s.Encode(), back, err)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, in := range []string{
		``,
		`null`,
		`{}`,
		`[]`,
		`not json`,
		`{"v":2,"kind":"weekly","weekday":"monday","time":"09:00"}`,
		`{"v":1,"kind":"daily","time":"09:00"}`,
		`{"v":1,"kind":"weekly","weekday":"senin","time":"09:00"}`,
		`{"v":1,"kind":"weekly","weekday":"mon","time":"09:00"}`,
		`{"v":1,"kind":"weekly","weekday":"monday","time":"9:00"}`,
		`{"v":1,"kind":"weekly","weekday":"monday","time":"24:00"}`,
		`{"v":1,"kind":"weekly","weekday":"monday","time":"09:60"}`,
		`{"v":1,"kind":"weekly","weekday":"monday"}`,
		`{"v":1,"kind":"weekly","weekday":"monday","every":53,"time":"09:00"}`,
		`{"v":1,"kind":"weekly","weekday":"monday","every":-1,"time":"09:00"}`,
		`{"v":1,"kind":"nth_weekday","weekday":"monday","nth":5,"time":"09:00"}`,
		`{"v":1,"kind":"nth_weekday","weekday":"monday","time":"09:00"}`,
		`{"v":1,"kind":"month_day","day":32,"time":"09:00"}`,
		`{"v":1,"kind":"month_day","time":"09:00"}`,
		`{"v":1,"kind":"weekly","weekday":"monday","time":"09:00","anchor":"2026-02-30"}`,
		`{"v":1,"kind":"weekly","weekday":"monday","time":"09:00","colour":"red"}`,
		`{"v":1,"kind":"weekly","weekday":"monday","time":"09:00"} {}`,
		`{"v":1,"kind":"weekly","weekday":"monday","time":"09:00","every":"2"}`,
	} {
		s, err := schedule.Decode(in)
		if err == nil {
			t.Errorf("Decode(%s) = %+v, want an error", in, s)
			continue
		}
		if _, isUser := bot.AsError(err); isUser {
			t.Errorf("Decode(%s): %v is a user error; a bad stored value is not the user's", in, err)
		}
		if !errors.Is(err, schedule.ErrDecode) {
			t.Errorf("Decode(%s): %v does not wrap ErrDecode", in, err)
		}
	}
}
