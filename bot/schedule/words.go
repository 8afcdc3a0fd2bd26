package schedule

import (
	"strconv"
	"strings"
	"time"
)

// The vocabulary, all lower case. "minggu" is absent from weekdays on
// purpose: it is "Sunday" or "week" depending on its neighbours (see
// resolveMinggu).
var weekdays = map[string]time.Weekday{
	"senin": time.Monday, "selasa": time.Tuesday, "rabu": time.Wednesday,
	"kamis": time.Thursday, "jumat": time.Friday, "jumaat": time.Friday,
	"sabtu": time.Saturday, "ahad": time.Sunday,
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
	"mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
}

// weekdayWord reads a weekday name other than "minggu"; English plurals
// ("Tuesdays") count.
func weekdayWord(s string) (time.Weekday, bool) {
	if d, ok := weekdays[s]; ok {
		return d, true
	}
	if strings.HasSuffix(s, "days") {
		if d, ok := weekdays[strings.TrimSuffix(s, "s")]; ok {
			return d, true
		}
	}
	return 0, false
}

// Names used by String.
var (
	weekdayID = [7]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	weekdayEN = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	ordinalID = map[int]string{1: "pertama", 2: "kedua", 3: "ketiga", 4: "keempat", -1: "terakhir"}
	ordinalEN = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
)

// lastOrdinal is the ordinal value of "terakhir"/"last".
const lastOrdinal = -1

var ordinalWords = map[string]int{
	"pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5,
	"terakhir": lastOrdinal, "akhir": lastOrdinal,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": lastOrdinal,
}

// ordinalWord reads "pertama", "ke2", "kedua", "2nd", "5th", "last"...; num
// tells a numeral ordinal ("ke-5", "5th") from a word one.
func ordinalWord(s string) (n int, num bool, ok bool) {
	if n, ok := ordinalWords[s]; ok {
		return n, false, true
	}
	if rest, found := strings.CutPrefix(s, "ke"); found {
		if n, ok := digits(rest); ok {
			return n, true, true
		}
		if n, ok := numberWords[rest]; ok {
			return n, false, true
		}
		return 0, false, false
	}
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if rest, found := strings.CutSuffix(s, suf); found {
			if n, ok := digits(rest); ok {
				return n, true, true
			}
		}
	}
	return 0, false, false
}

var numberWords = map[string]int{
	"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
	"tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11,
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

// bigNumber stands for any number too long to matter; it fails every range check.
const bigNumber = 1 << 30

// digits reads a string of ASCII digits.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	if len(s) > 6 {
		return bigNumber, true
	}
	n, _ := strconv.Atoi(s)
	return n, true
}

// Words that name a period. "seminggu" = one week, "sebulan" = one month.
var (
	weekWords  = map[string]int{"week": 0, "weeks": 0, "pekan": 0, "seminggu": 1, "sepekan": 1}
	monthWords = map[string]int{"bulan": 0, "month": 0, "months": 0, "sebulan": 1}
	// Adjectives that carry their own interval.
	weeklyWords  = map[string]int{"weekly": 1, "mingguan": 1, "biweekly": 2, "fortnightly": 2, "fortnight": 2, "dwimingguan": 2}
	monthlyWords = map[string]int{"monthly": 1, "bulanan": 1, "quarterly": 3, "triwulan": 3, "triwulanan": 3}
)

// everyWords start a frequency ("setiap Senin").
var everyWords = map[string]bool{"setiap": true, "tiap": true, "every": true, "each": true, "tiap2": true}

// dayWords introduce a day of the month ("tanggal 5", "tgl 5", "day 5").
var dayWords = map[string]bool{"tanggal": true, "tgl": true, "tg": true, "day": true, "date": true}

// clockWords introduce a time of day ("jam 4", "pukul 09.00", "at 16:00").
var clockWords = map[string]bool{"jam": true, "pukul": true, "pkl": true, "at": true}

// rangeWords join a start and an end time ("16.00-18.00", "16:00 to 18:00").
var rangeWords = map[string]bool{"-": true, "sampai": true, "hingga": true, "to": true, "until": true, "till": true}

// timesWords say "more than once per period", which a Schedule cannot hold.
var timesWords = map[string]bool{"twice": true, "thrice": true}

// placeMarkers start the place; "bertempat di" and "tempat:" work too.
var placeMarkers = map[string]bool{"di": true, "at": true, "bertempat": true, "tempat": true, "lokasi": true, "location": true, "venue": true}

// markerTails may follow a long marker: "bertempat di", "location at".
var markerTails = map[string]bool{"di": true, "at": true, "in": true}

// weekHints after "minggu" make it "week": "2 minggu sekali", "minggu ini".
var weekHintsAfter = map[string]bool{"sekali": true, "ini": true, "depan": true, "lalu": true}

// weekHintsBefore before "minggu" make it "week": "per minggu", "sekali minggu".
var weekHintsBefore = map[string]bool{"per": true, "sekali": true, "other": true, "selang": true}
