package schedule_test

import (
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/schedule"
)

// The parser's clock: Wednesday 4 March 2026, 10:00 in Jakarta.
var (
	jakarta = mustZone("Asia/Jakarta")
	now     = time.Date(2026, 3, 4, 10, 0, 0, 0, jakarta)
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Builders for expected schedules.
func weekly(d time.Weekday, h, m int) schedule.Schedule {
	return schedule.Schedule{Kind: schedule.Weekly, Weekday: d, Every: 1, Hour: h, Minute: m}
}

func nth(n int, d time.Weekday, h, m int) schedule.Schedule {
	return schedule.Schedule{Kind: schedule.NthWeekday, Weekday: d, Nth: n, Every: 1, Hour: h, Minute: m}
}

func monthDay(day, h, m int) schedule.Schedule {
	return schedule.Schedule{Kind: schedule.MonthDay, Day: day, Every: 1, Hour: h, Minute: m}
}

func every(s schedule.Schedule, n int, anchor time.Time) schedule.Schedule {
	s.Every, s.Anchor = n, anchor
	return s
}

func at(s schedule.Schedule, place string) schedule.Schedule {
	s.Place = place
	return s
}

type parseCase struct {
	in   string
	want schedule.Schedule
}

func checkParse(t *testing.T, cases []parseCase) {
	t.Helper()
	for _, tc := range cases {
		got, err := schedule.Parse(tc.in, now, jakarta)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("Parse(%q)\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
	}
}

// The phrases the brief names, verbatim.
func TestParseBriefExamples(t *testing.T) {
	checkParse(t, []parseCase{
		{"setiap Selasa pertama 16:00 di rumah Bu Sri", at(nth(1, time.Tuesday, 16, 0), "rumah Bu Sri")},
		{"tiap minggu Jumat 19.30", weekly(time.Friday, 19, 30)},
		{"every 2 weeks on Monday 09:00", every(weekly(time.Monday, 9, 0), 2, date(2026, 3, 9))},
		{"tanggal 5 setiap bulan jam 10", monthDay(5, 10, 0)},
	})
}

func TestParseWeekdays(t *testing.T) {
	checkParse(t, []parseCase{
		{"Senin 16:00", weekly(time.Monday, 16, 0)},
		{"SELASA 16:00", weekly(time.Tuesday, 16, 0)},
		{"rabu 16:00", weekly(time.Wednesday, 16, 0)},
		{"Kamis 16:00", weekly(time.Thursday, 16, 0)},
		{"Jumat 16:00", weekly(time.Friday, 16, 0)},
		{"Jum'at 16:00", weekly(time.Friday, 16, 0)},
		{"Jum’at 16:00", weekly(time.Friday, 16, 0)},
		{"Sabtu 16:00", weekly(time.Saturday, 16, 0)},
		{"Minggu 16:00", weekly(time.Sunday, 16, 0)},
		{"Ahad 16:00", weekly(time.Sunday, 16, 0)},
		{"Monday 16:00", weekly(time.Monday, 16, 0)},
		{"tuesday 16:00", weekly(time.Tuesday, 16, 0)},
		{"Wednesday 16:00", weekly(time.Wednesday, 16, 0)},
		{"Thursday 16:00", weekly(time.Thursday, 16, 0)},
		{"Friday 16:00", weekly(time.Friday, 16, 0)},
		{"Saturday 16:00", weekly(time.Saturday, 16, 0)},
		{"Sunday 16:00", weekly(time.Sunday, 16, 0)},
		{"on Tuesdays at 16:00", weekly(time.Tuesday, 16, 0)},
		{"every Wed 16:00", weekly(time.Wednesday, 16, 0)},
		{"hari Kamis, 16:00", weekly(time.Thursday, 16, 0)},
		{"Selasa ... hari Selasa 16:00", weekly(time.Tuesday, 16, 0)}, // the same day twice is fine
		// "malam Jumat" is the evening before Friday.
		{"malam Jumat jam 8", weekly(time.Thursday, 20, 0)},
		{"Kumpul tiap malam Jumat jam 7.30", weekly(time.Thursday, 19, 30)},
		{"malam Minggu jam 19.00", weekly(time.Saturday, 19, 0)},
		{"malam Senin jam 8", weekly(time.Sunday, 20, 0)},
		{"Jumat malam jam 8", weekly(time.Friday, 20, 0)},
	})
}

// "minggu" is Sunday or week.
func TestParseMinggu(t *testing.T) {
	sun := weekly(time.Sunday, 8, 0)
	checkParse(t, []parseCase{
		{"tiap minggu Jumat 19.30", weekly(time.Friday, 19, 30)}, // another weekday: week
		{"setiap minggu hari Jumat 19.30", weekly(time.Friday, 19, 30)},
		{"Jumat setiap minggu 19.30", weekly(time.Friday, 19, 30)},
		{"hari Minggu 08:00", sun},
		{"Minggu pagi jam 8", sun},
		{"setiap hari Minggu 08:00", sun}, // "hari Minggu" is Sunday
		{"tiap hari minggu jam 8 pagi", sun},
		{"seminggu sekali hari Minggu 08:00", sun},
		{"sekali per minggu hari Minggu 08:00", sun},
		{"setiap 2 minggu hari Minggu 08:00", every(sun, 2, date(2026, 3, 8))}, // number before: week
		{"2 minggu sekali, Minggu 08:00", every(sun, 2, date(2026, 3, 8))},
		{"setiap hari Minggu pertama 08:00", nth(1, time.Sunday, 8, 0)}, // first Sunday
		{"Minggu terakhir 08:00", nth(-1, time.Sunday, 8, 0)},
		{"Selasa minggu pertama 16:00", nth(1, time.Tuesday, 16, 0)}, // Tuesday of the first week
		{"setiap minggu kedua hari Selasa 16:00", nth(2, time.Tuesday, 16, 0)},
		{"minggu terakhir hari Jumat 16:00", nth(-1, time.Friday, 16, 0)},
	})
}

func TestParseFrequency(t *testing.T) {
	mon := weekly(time.Monday, 16, 0)
	mon2 := every(mon, 2, date(2026, 3, 9))
	checkParse(t, []parseCase{
		{"setiap Senin 16:00", mon},
		{"tiap Senin 16:00", mon},
		{"tiap-tiap Senin 16:00", mon},
		{"every Monday 16:00", mon},
		{"each Monday 16:00", mon},
		{"weekly on Monday 16:00", mon},
		{"once a week on Monday 16:00", mon},
		{"seminggu sekali hari Senin 16:00", mon},
		{"satu minggu sekali Senin 16:00", mon},
		{"setiap 1 minggu hari Senin 16:00", mon},
		{"2 minggu sekali hari Senin 16:00", mon2},
		{"setiap 2 minggu hari Senin 16:00", mon2},
		{"dua minggu sekali Senin 16:00", mon2},
		{"every 2 weeks on Monday 16:00", mon2},
		{"every two weeks on Monday 16:00", mon2},
		{"every other week on Monday 16:00", mon2},
		{"every other Monday 16:00", mon2},
		{"every second week on Monday 16:00", mon2},
		{"biweekly on Monday 16:00", mon2},
		{"fortnightly on Monday 16:00", mon2},
		{"selang seminggu hari Senin 16:00", mon2},
		{"setiap 2 pekan hari Senin 16:00", mon2},
		{"tiga minggu sekali hari Senin 16:00", every(mon, 3, date(2026, 3, 9))},
		{"every three weeks on Monday 16:00", every(mon, 3, date(2026, 3, 9))},
		{"empat minggu sekali Senin 16:00", every(mon, 4, date(2026, 3, 9))},
		{"every four weeks on Monday 16:00", every(mon, 4, date(2026, 3, 9))},
		// The anchor is the first meeting after now (Wednesday 10:00): today
		// if the meeting is later today, else next week.
		{"2 minggu sekali hari Rabu jam 3 sore", every(weekly(time.Wednesday, 15, 0), 2, date(2026, 3, 4))},
		{"2 minggu sekali hari Rabu jam 9 pagi", every(weekly(time.Wednesday, 9, 0), 2, date(2026, 3, 11))},
		// "mulai"/"starting" sets the anchor: the first meeting on or after it.
		{"setiap 2 minggu hari Senin mulai 2026-03-16, 16:00", every(mon, 2, date(2026, 3, 16))},
		{"every 2 weeks on Monday starting 2026-03-18, 16:00", every(mon, 2, date(2026, 3, 23))},
		{"setiap 2 minggu hari Senin mulai 16/3/2026 16:00", every(mon, 2, date(2026, 3, 16))},
		{"setiap Senin mulai 2026-03-16 16:00", mon}, // every week: no anchor needed
	})
}

func TestParseNthWeekday(t *testing.T) {
	tue := nth(1, time.Tuesday, 16, 0)
	checkParse(t, []parseCase{
		{"Selasa pertama setiap bulan 16:00", tue},
		{"setiap Selasa pertama 16:00", tue},
		{"pertama Selasa 16:00", tue},
		{"Selasa ke-1 16:00", tue},
		{"first Tuesday 16:00", tue},
		{"every first Tuesday 16:00", tue},
		{"1st Tuesday of the month 16:00", tue},
		{"the first Tuesday of every month at 4pm", tue},
		{"Selasa ke-2 16:00", nth(2, time.Tuesday, 16, 0)},
		{"Selasa ke 2 16:00", nth(2, time.Tuesday, 16, 0)},
		{"Selasa kedua 16:00", nth(2, time.Tuesday, 16, 0)},
		{"second Tuesday 16:00", nth(2, time.Tuesday, 16, 0)},
		{"every second Tuesday 16:00", nth(2, time.Tuesday, 16, 0)},
		{"2nd Tuesday of the month 16:00", nth(2, time.Tuesday, 16, 0)},
		{"Selasa ketiga 16:00", nth(3, time.Tuesday, 16, 0)},
		{"Selasa ke-3 16:00", nth(3, time.Tuesday, 16, 0)},
		{"third Tuesday 16:00", nth(3, time.Tuesday, 16, 0)},
		{"3rd Tuesday 16:00", nth(3, time.Tuesday, 16, 0)},
		{"Selasa keempat 16:00", nth(4, time.Tuesday, 16, 0)},
		{"Selasa ke-4 16:00", nth(4, time.Tuesday, 16, 0)},
		{"fourth Friday 16:00", nth(4, time.Friday, 16, 0)},
		{"4th Friday 16:00", nth(4, time.Friday, 16, 0)},
		{"Selasa terakhir 16:00", nth(-1, time.Tuesday, 16, 0)},
		{"last Friday 16:00", nth(-1, time.Friday, 16, 0)},
		{"Jumat akhir bulan 16:00", nth(-1, time.Friday, 16, 0)},
		{"the last Friday of every month at 4pm", nth(-1, time.Friday, 16, 0)},
		{"every 2 months on the first Tuesday 16:00", every(tue, 2, date(2026, 4, 7))},
		{"setiap 3 bulan hari Selasa kedua 16:00", every(nth(2, time.Tuesday, 16, 0), 3, date(2026, 3, 10))},
	})
}

func TestParseMonthDay(t *testing.T) {
	five := monthDay(5, 10, 0)
	checkParse(t, []parseCase{
		{"tanggal 5 setiap bulan jam 10", five},
		{"tiap tgl 5 jam 10", five},
		{"tiap tgl. 5 jam 10", five},
		{"setiap bulan tanggal 5 10:00", five},
		{"on the 5th of every month at 10:00", five},
		{"monthly on day 5 10:00", five},
		{"sebulan sekali tanggal 5 jam 10", five},
		{"tanggal ke-5 jam 10", five},
		{"setiap bulan tanggal 25 16:00", monthDay(25, 16, 0)},
		{"tanggal 1 jam 10", monthDay(1, 10, 0)},
		{"the 1st of the month 10am", monthDay(1, 10, 0)},
		{"tanggal 31 jam 10", monthDay(31, 10, 0)},
		{"akhir bulan jam 10", monthDay(31, 10, 0)},
		{"last day of the month 10:00", monthDay(31, 10, 0)},
		{"tanggal 5 setiap 2 bulan jam 10", every(five, 2, date(2026, 3, 5))},
		{"every 3 months on day 15 at 10:00", every(monthDay(15, 10, 0), 3, date(2026, 3, 15))},
		{"quarterly on day 15 at 10:00", every(monthDay(15, 10, 0), 3, date(2026, 3, 15))},
		{"every other month on day 2 at 10:00", every(monthDay(2, 10, 0), 2, date(2026, 4, 2))},
	})
}

func TestParseTimes(t *testing.T) {
	for _, tc := range []struct {
		clock string
		h, m  int
	}{
		{"16:00", 16, 0}, {"16.00", 16, 0}, {"19.30", 19, 30}, {"7:30", 7, 30}, {"09:00", 9, 0},
		{"0:00", 0, 0}, {"23:59", 23, 59}, {"jam 10", 10, 0}, {"jam 16", 16, 0}, {"jam 16.30", 16, 30},
		{"pukul 09.00", 9, 0}, {"pukul 9", 9, 0}, {"pkl. 9.15", 9, 15}, {"at 16:00", 16, 0},
		{"jam 7 pagi", 7, 0}, {"jam 11 pagi", 11, 0}, {"jam 11 siang", 11, 0}, {"jam 12 siang", 12, 0},
		{"jam 1 siang", 13, 0}, {"jam 2 siang", 14, 0}, {"jam 3 siang", 15, 0}, {"jam 13 siang", 13, 0},
		{"jam 4 sore", 16, 0}, {"4 sore", 16, 0}, {"jam 1 sore", 13, 0}, {"jam 6 sore", 18, 0}, {"jam 16 sore", 16, 0},
		{"jam 4 petang", 16, 0}, {"jam 6 malam", 18, 0}, {"jam 7 malam", 19, 0}, {"jam 11 malam", 23, 0}, {"jam 20 malam", 20, 0},
		{"jam 7.30 malam", 19, 30}, {"jam empat sore", 16, 0}, {"jam dua belas siang", 12, 0}, {"setengah lima sore", 16, 30},
		{"jam setengah 8 pagi", 7, 30}, {"9am", 9, 0}, {"4pm", 16, 0}, {"4 pm", 16, 0}, {"4 PM", 16, 0}, {"9 a.m.", 9, 0},
		{"9.30am", 9, 30}, {"12pm", 12, 0}, {"12am", 0, 0}, {"16h", 16, 0}, {"16h30", 16, 30}, {"noon", 12, 0},
		{"tengah hari", 12, 0}, {"16.00 WIB", 16, 0}, {"16.00-18.00", 16, 0}, {"16:00 - 18:00", 16, 0},
		{"malam jam 8", 20, 0}, {"sore jam 4", 16, 0}, {"siang jam 1", 13, 0}, {"pagi jam 8", 8, 0},
		{"malam jam 7.30", 19, 30}, {"pagi 16:00", 16, 0}, {"malam jam 9 pagi", 9, 0},
		{"16:00 sampai 18:00", 16, 0}, {"jam 9 - 11", 9, 0}, {"jam 9-11", 9, 0}, {"16:00 s/d 18:00", 16, 0}, {"from 4pm to 6pm", 16, 0},
	} {
		in := "setiap Senin " + tc.clock
		checkParse(t, []parseCase{{in, weekly(time.Monday, tc.h, tc.m)}})
		in = tc.clock + ", hari Senin"
		checkParse(t, []parseCase{{in, weekly(time.Monday, tc.h, tc.m)}})
	}
}

func TestParsePlace(t *testing.T) {
	mon := weekly(time.Monday, 16, 0)
	checkParse(t, []parseCase{
		{"setiap Senin 16:00 di rumah Bu Sri", at(mon, "rumah Bu Sri")},
		{"setiap Senin 16:00 di   rumah  Bu Sri  .", at(mon, "rumah  Bu Sri")},
		{"every Monday at 16:00 at the mosque", at(mon, "the mosque")},
		{"every Monday at 4pm at the Village Hall!", at(mon, "the Village Hall")},
		{"setiap Senin 16:00 bertempat di Balai Desa", at(mon, "Balai Desa")},
		{"setiap Senin 16:00, tempat: rumah Pak RT", at(mon, "rumah Pak RT")},
		{"setiap Senin 16:00 di Masjid Al-Jumu'ah, Jl. Mawar No. 5", at(mon, "Masjid Al-Jumu'ah, Jl. Mawar No. 5")},
		{"Senin 16:00 di rumah Pak Kamis", at(mon, "rumah Pak Kamis")}, // a weekday inside the place stays there
		{"setiap Senin 16:00 di", mon},
		// The place typed before the rest.
		{"Di rumah Bu Sri, setiap Senin jam 4 sore", at(mon, "rumah Bu Sri")},
		{"Pertemuan di balai desa setiap Senin 16:00", at(mon, "balai desa")},
		{"setiap Senin di balai desa jam 4 sore.", at(mon, "balai desa")},
		{"bertempat di balai desa, every Monday 16:00", at(mon, "balai desa")},
		{"di balai desa malam Jumat jam 8", at(weekly(time.Thursday, 20, 0), "balai desa")},
	})
}

func TestParseTolerance(t *testing.T) {
	tue := nth(1, time.Tuesday, 16, 0)
	checkParse(t, []parseCase{
		{"  SETIAP   selasa,, PERTAMA ; 16:00 !!", tue},
		{"Setiap Selasa pertama, jam 4 sore.", tue},
		{"setiap\tSelasa\npertama\r\n16.00", tue},
		{"(Selasa pertama) [16:00]", tue},
		{"Rapat kelompok: setiap Selasa pertama, pukul 16.00 WIB", tue},
	})
}

// errCase names a bad input and the error key and fragment it must give.
type errCase struct {
	name, in, key, input string
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []errCase{
		{"empty", "", schedule.KeyEmpty, ""},
		{"spaces", "   ", schedule.KeyEmpty, ""},
		{"punctuation only", " ?! ", schedule.KeyEmpty, "?!"},
		{"no day", "jam 10", schedule.KeyNoDay, "jam 10"},
		{"every day", "setiap hari jam 10", schedule.KeyNoDay, "setiap hari jam 10"},
		{"interval without day", "setiap 2 minggu jam 10", schedule.KeyNoDay, "setiap 2 minggu jam 10"},
		{"place only", "di rumah Bu Sri", schedule.KeyNoDay, "di rumah Bu Sri"},
		{"no time", "tanggal 5 setiap bulan", schedule.KeyNoTime, "tanggal 5 setiap bulan"},
		{"part of day only", "Minggu pagi", schedule.KeyNoTime, "Minggu pagi"},
		{"no time with place", "Selasa pertama di rumah Bu Sri", schedule.KeyNoTime, "Selasa pertama di rumah Bu Sri"},
		{"hour 25", "Senin 25:00", schedule.KeyBadTime, "25:00"},
		{"hour 24", "Senin 24:00", schedule.KeyBadTime, "24:00"},
		{"minute 61", "Senin 16:61", schedule.KeyBadTime, "16:61"},
		{"one-digit minute", "Senin 16:5", schedule.KeyBadTime, "16:5"},
		{"9 sore", "Senin jam 9 sore", schedule.KeyBadTime, "jam 9 sore"},
		{"12 pagi", "Senin jam 12 pagi", schedule.KeyBadTime, "jam 12 pagi"},
		{"13pm", "Senin 13pm", schedule.KeyBadTime, "13pm"},
		{"jam 25", "Senin jam 25", schedule.KeyBadTime, "jam 25"},
		{"bad range end", "Senin 16:00-25:00", schedule.KeyBadTime, "25:00"},
		{"two weekdays", "Senin dan Kamis 16:00", schedule.KeyAmbiguous, "Senin, Kamis"},
		{"two weekdays en", "every Monday and Thursday 16:00", schedule.KeyAmbiguous, "Monday, Thursday"},
		{"Sunday and Monday", "hari Minggu dan Senin 16:00", schedule.KeyAmbiguous, "Minggu, Senin"},
		{"two times", "Senin 16:00 atau 17:00", schedule.KeyAmbiguous, "16:00, 17:00"},
		{"weekday and date", "Selasa tanggal 5 jam 16", schedule.KeyAmbiguous, "Selasa, tanggal 5"},
		{"weekday every month", "Selasa setiap bulan 16:00", schedule.KeyAmbiguous, "Selasa, bulan"},
		{"nth every 2 weeks", "setiap 2 minggu Selasa pertama 16:00", schedule.KeyAmbiguous, "pertama, 2 minggu"},
		{"two ordinals", "Selasa pertama dan ketiga 16:00", schedule.KeyAmbiguous, "ketiga"},
		{"two ordinals en", "first and third Tuesday 16:00", schedule.KeyAmbiguous, "first"},
		{"loose ordinal", "Rapat pertama setiap Senin 16:00", schedule.KeyAmbiguous, "pertama"},
		{"ordinal without a day", "rapat pertama jam 10", schedule.KeyNoDay, "rapat pertama jam 10"},
		{"bad range end", "Senin jam 9 - 25", schedule.KeyBadTime, "25"},
		{"two dates", "tanggal 5 dan 20 jam 10", schedule.KeyAmbiguous, "20"},
		{"Sunday and date", "setiap hari minggu tanggal 5 jam 10", schedule.KeyAmbiguous, "minggu, tanggal 5"},
		// "setiap minggu" alone is "every week" as often as "every Sunday".
		{"week or Sunday", "setiap minggu 10:00", schedule.KeyAmbiguous, "setiap minggu"},
		{"week or Sunday, tiap", "tiap minggu jam 8 pagi", schedule.KeyAmbiguous, "tiap minggu"},
		{"weeks and months", "setiap 2 minggu setiap bulan Senin 16:00", schedule.KeyAmbiguous, "2 minggu, bulan"},
		{"twice", "twice a month on Monday 10:00", schedule.KeyAmbiguous, "twice"},
		{"2x", "2x sebulan hari Senin jam 10", schedule.KeyAmbiguous, "2x"},
		{"dua kali", "dua kali sebulan hari Senin jam 10", schedule.KeyAmbiguous, "dua kali"},
		{"stray number", "kelompok 3 setiap Senin 16:00", schedule.KeyAmbiguous, "3"},
		{"tanggal 32", "tanggal 32 jam 10", schedule.KeyBadDay, "tanggal 32"},
		{"tanggal 0", "tanggal 0 jam 10", schedule.KeyBadDay, "tanggal 0"},
		{"Selasa kelima", "Selasa kelima 16:00", schedule.KeyBadDay, "kelima"},
		{"Selasa ke-5", "Selasa ke-5 16:00", schedule.KeyBadDay, "ke-5"},
		{"5th Tuesday", "5th Tuesday 16:00", schedule.KeyBadDay, "5th"},
		{"the 32nd", "on the 32nd at 10:00", schedule.KeyBadDay, "32nd"},
		{"every 0 weeks", "setiap 0 minggu hari Senin 16:00", schedule.KeyBadDay, "0 minggu"},
		{"every 53 weeks", "setiap 53 minggu hari Senin 16:00", schedule.KeyBadDay, "53 minggu"},
		{"every 13 months", "every 13 months on day 5 10:00", schedule.KeyBadDay, "13 months"},
		{"no such date", "setiap 2 minggu hari Senin mulai 2026-02-30 16:00", schedule.KeyBadDay, "2026-02-30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := schedule.Parse(tc.in, now, jakarta)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want error %s", tc.in, s, tc.key)
			}
			e, ok := bot.AsError(err)
			if !ok {
				t.Fatalf("Parse(%q) error %v is not a *bot.Error", tc.in, err)
			}
			if e.Key != tc.key || e.Args["Input"] != tc.input {
				t.Errorf("Parse(%q) = %s Input=%q, want %s Input=%q", tc.in, e.Key, e.Args["Input"], tc.key, tc.input)
			}
		})
	}
}

// A nil location is UTC, and `now` only matters for the anchor.
func TestParseNilLocation(t *testing.T) {
	s, err := schedule.Parse("every 2 weeks on Monday 09:00", time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := every(weekly(time.Monday, 9, 0), 2, date(2026, 3, 9)); s != want {
		t.Errorf("got %+v, want %+v", s, want)
	}
}
