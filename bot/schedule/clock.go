package schedule

import "strings"

// Time of day. The forms read (case-insensitive):
//
//	16:00  16.00  7:30  09:00  16:00 WIB  9am  4pm  4 pm  9 a.m.  16h  16h30
//	jam 4 sore  jam 10  pukul 09.00  at 16:00  jam empat sore  setengah lima sore (16:30)
//	noon  midday  tengah hari (12:00)
//
// A bare number is a time only after jam/pukul/pkl/at or before a part of the
// day; "jam 4" alone is 04:00 (no guessing). A part of the day right before
// the time counts too when it fits ("Kamis malam jam 8" = 20:00; "Senin
// pagi 16:00" stays 16:00). Parts of the day:
//
//	pagi   0..11 as is
//	siang  11, 12 as is; 1..3 -> 13..15 (1 siang = 13:00); 13..15 as is
//	sore   1..6 -> 13..18; 13..18 as is (petang likewise)
//	malam  6..11 -> 18..23; 18..23 as is
//	am     1..11 as is, 12 -> 0;  pm  1..11 -> +12, 12 as is
//
// Anything else with a part of the day ("jam 9 sore"), an hour of 24 or more,
// or minutes of 60 or more is schedule.bad_time.

// meridiem converts hour h said with part of day w; ok is false when h
// does not fit w.
func meridiem(h int, w string) (int, bool) {
	in := func(lo, hi int) bool { return h >= lo && h <= hi }
	switch w {
	case "pagi":
		return h, in(0, 11)
	case "siang":
		switch {
		case in(1, 3):
			return h + 12, true
		case in(11, 15):
			return h, true
		}
	case "sore", "petang":
		switch {
		case in(1, 6):
			return h + 12, true
		case in(13, 18):
			return h, true
		}
	case "malam":
		switch {
		case in(6, 11):
			return h + 12, true
		case in(18, 23):
			return h, true
		}
	case "am":
		switch {
		case h == 12:
			return 0, true
		case in(1, 11):
			return h, true
		}
	case "pm":
		switch {
		case h == 12:
			return 12, true
		case in(1, 11):
			return h + 12, true
		}
	}
	return 0, false
}

// partOfDayBefore may stand before the time it qualifies ("Jumat sore jam 4").
var partOfDayBefore = map[string]bool{"pagi": true, "siang": true, "sore": true, "petang": true, "malam": true}

func isMeridiem(s string) bool {
	switch s {
	case "pagi", "siang", "sore", "petang", "malam", "am", "pm":
		return true
	}
	return false
}

// clockToken reads one word as a clock reading: "16:00", "19.30", "9am",
// "16h", "16h30", "4". form is 2 for h:mm, 1 for a bare number, and the
// suffix is "am", "pm" or "".  Values are not range-checked here; badForm
// marks a malformed h:mm ("16:5", "123:00").
func clockToken(s string) (h, m int, form int, suffix string, badForm bool, ok bool) {
	i := 0
	for i < len(s) && (isDigit(rune(s[i])) || s[i] == ':' || s[i] == '.') {
		i++
	}
	head, tail := s[:i], s[i:]
	if head == "" {
		return 0, 0, 0, "", false, false
	}
	switch tail {
	case "", "am", "pm", "wib", "wita", "wit":
		if tail == "am" || tail == "pm" {
			suffix = tail
		}
	default:
		// "16h", "16h30"
		rest, found := strings.CutPrefix(tail, "h")
		if !found || strings.ContainsAny(head, ":.") {
			return 0, 0, 0, "", false, false
		}
		if rest != "" {
			mm, isNum := digits(rest)
			if !isNum {
				return 0, 0, 0, "", false, false
			}
			hh, _ := digits(head)
			return hh, mm, 2, "", len(rest) != 2 || len(head) > 2, true
		}
		hh, _ := digits(head)
		return hh, 0, 2, "", len(head) > 2, true
	}
	if sep := strings.IndexAny(head, ":."); sep >= 0 {
		hs, ms := head[:sep], head[sep+1:]
		hh, ok1 := digits(hs)
		mm, ok2 := digits(ms)
		if !ok1 || !ok2 {
			return 0, 0, 0, "", false, false // "9.3.2026" and the like: not a time
		}
		return hh, mm, 2, suffix, len(hs) > 2 || len(ms) != 2, true
	}
	hh, _ := digits(head)
	return hh, 0, 1, suffix, len(head) > 2, true
}

// timeAt reads a time of day starting at toks[i]. ok is false when none
// starts there; otherwise n tokens were read and minutes is the time of day,
// or err is schedule.bad_time with the fragment.
//
// dflt is a part of the day to assume for a time said without one ("malam
// Jumat jam 8" = 20:00); it applies only where it fits.
func timeAt(text string, toks []token, i int, dflt string) (minutes, n int, err error, ok bool) {
	j := i
	keyword := false
	if clockWords[toks[j].s] {
		keyword = true
		j++
	}
	if j >= len(toks) {
		return 0, 0, nil, false
	}
	var h, m int
	needs := true // a bare number needs a keyword or a part of the day
	bad := false
	suffix := ""
	switch s := toks[j].s; {
	case s == "noon" || s == "midday":
		h, needs = 12, false
		j++
	case s == "tengah" && j+1 < len(toks) && toks[j+1].s == "hari":
		h, needs = 12, false
		j += 2
	case s == "setengah" && j+1 < len(toks):
		v, isNum := digits(toks[j+1].s)
		if !isNum {
			v, isNum = numberWords[toks[j+1].s]
		}
		if !isNum {
			return 0, 0, nil, false
		}
		h, m = v-1, 30
		bad = v < 1
		j += 2
	default:
		if v, isWord := numberWords[s]; isWord {
			h = v
			j++
			if v == 2 && j < len(toks) && toks[j].s == "belas" { // dua belas
				h = 12
				j++
			}
			break
		}
		hh, mm, form, suf, badForm, isClock := clockToken(s)
		if !isClock {
			return 0, 0, nil, false
		}
		h, m, suffix, bad = hh, mm, suf, badForm
		needs = form == 1 && suf == ""
		j++
	}
	if suffix == "" && j < len(toks) && isMeridiem(toks[j].s) {
		suffix = toks[j].s
		needs = false
		j++
	}
	if needs && !keyword {
		return 0, 0, nil, false
	}
	frag := text[toks[i].start:toks[j-1].end]
	switch {
	case bad:
	case suffix != "":
		var fits bool
		h, fits = meridiem(h, suffix)
		bad = !fits
	default:
		// "Kamis malam jam 8" is 20:00; "Senin pagi 16:00" stays 16:00.
		if i > 0 && partOfDayBefore[toks[i-1].s] {
			dflt = toks[i-1].s
		}
		if v, fits := meridiem(h, dflt); fits {
			h = v
		}
	}
	if bad || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, j - i, fail(KeyBadTime, frag), true
	}
	return h*60 + m, j - i, nil, true
}

// isTimeStart reports whether a time of day (good or bad) starts at toks[i].
func isTimeStart(text string, toks []token, i int) bool {
	_, _, _, ok := timeAt(text, toks, i, "")
	return ok
}
