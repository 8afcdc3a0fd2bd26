package schedule

import (
	"strings"
	"time"
)

// slot is one fact read from the text, with the fragment it came from.
// Reading the same fact twice with the same value is fine ("Selasa ... hari
// Selasa"); with two values it is schedule.ambiguous.
type slot struct {
	set  bool
	v    int
	frag string
}

// reader reads the rule's tokens (the place already removed).
type reader struct {
	text string
	toks []token

	weekday, nth, day, clock slot
	weekEvery, monthEvery    slot // "2 minggu", "every other month"
	start                    slot // "mulai 2026-03-09", as a civil day number
	weekFreq, monthFreq      string
	ordinals                 []ordinal    // read once the weekday is known
	carriers                 map[int]bool // week words naming the week of the month
	evening                  bool         // "malam Jumat": times are evening times
}

// ordinal is an ordinal word as read: attached if next to a weekday or a
// "minggu pertama" week word (fillers like "the", "hari" between are fine);
// dayish if it reads as a day of the month ("the first of", "akhir bulan",
// "last day").
type ordinal struct {
	slot
	numeral, attached, dayish bool
}

func (r *reader) put(sl *slot, v int, frag string) error {
	if sl.set && sl.v != v {
		return fail(KeyAmbiguous, sl.frag+", "+frag)
	}
	if !sl.set {
		*sl = slot{set: true, v: v, frag: frag}
	}
	return nil
}

// frag is the original text of tokens i..j (inclusive).
func (r *reader) frag(i, j int) string { return r.text[r.toks[i].start:r.toks[j].end] }

func (r *reader) use(i, j int) {
	for k := i; k <= j; k++ {
		r.toks[k].used = true
	}
}

// next is the normalized token after i, or "".
func (r *reader) next(i int) string {
	if i+1 < len(r.toks) {
		return r.toks[i+1].s
	}
	return ""
}

// read applies the passes in order. The order settles the ambiguous words:
//  0. "malam Jumat" is Thursday evening, "malam Minggu" Saturday evening
//     (see readNightBefore); "Jumat malam" is Friday evening;
//  1. dates ("mulai 2026-03-09") and "tanggal N" / "tgl N" / "day N" first, so
//     "tanggal 5 pagi" is day 5, not 05:00;
//  2. times of day, so "jam 2" is never a count of weeks;
//  3. "twice", "2x", "dua kali" (several meetings a period): ambiguous;
//  4. "minggu": Sunday after "hari"; otherwise "week" if another weekday is
//     present, if a number or per/sekali/other/selang comes right before it,
//     or sekali/ini/depan/lalu right after it (only spaces between: "2 minggu
//     sekali, Minggu 08:00" is Sundays every 2 weeks); otherwise Sunday;
//  5. intervals: "2 minggu", "dua minggu sekali", "every 2 weeks", "every
//     other week", "every second week", "selang seminggu", "biweekly" (2
//     weeks), "3 bulan", "quarterly"; a week word next to an ordinal
//     ("minggu pertama", "the first week") names the week of the month, not
//     a frequency;
//  6. ordinals (pertama..keempat, ke-1..ke-4, first..fourth, 1st..4th,
//     terakhir/last/akhir): next to a weekday they pick the Nth weekday
//     ("every second Tuesday" is the 2nd Tuesday of the month; "every other
//     Tuesday" is every 2 weeks); elsewhere with a weekday they are
//     ambiguous ("Rapat pertama setiap Senin"); without a weekday they are
//     a day of the month ("on the 5th", "akhir bulan" = day 31, i.e. the
//     last day; see readOrdinalValues);
//  7. weekdays; then any number left over is ambiguous.
//
// Then the facts must fit one rule: a weekday with a day of the month, a
// weekly with a monthly frequency, an Nth weekday every N weeks, or a plain
// weekday every month ("Selasa setiap bulan": which Tuesday?) are ambiguous.
func (r *reader) read() (Schedule, error) {
	for _, pass := range []func() error{
		r.readNightBefore, r.readDates, r.readDayNumbers, r.readTimes, r.readMultiples,
		r.resolveMinggu, r.readIntervals, r.readOrdinals, r.readWeekdays,
		r.readOrdinalValues, r.readLeftovers,
	} {
		if err := pass(); err != nil {
			return Schedule{}, err
		}
	}
	return r.combine()
}

// readNightBefore reads "malam Jumat" the Indonesian way: the evening
// before Friday, i.e. Thursday evening ("malam Minggu" is Saturday
// evening). The weekday word is rewritten to the day before, and times
// said without a part of the day are evening times where they fit.
// "Jumat malam" (Friday evening) is just Friday.
func (r *reader) readNightBefore() error {
	for i := 0; i+1 < len(r.toks); i++ {
		if r.toks[i].s != "malam" || strings.TrimSpace(r.text[r.toks[i].end:r.toks[i+1].start]) != "" {
			continue
		}
		d, ok := weekdayWord(r.toks[i+1].s)
		if r.toks[i+1].s == "minggu" {
			d, ok = time.Sunday, true
		}
		if !ok {
			continue
		}
		r.use(i, i)
		r.toks[i+1].s = strings.ToLower(weekdayEN[(d+6)%7])
		r.evening = true
	}
	return nil
}

func (r *reader) readDates() error {
	for i, t := range r.toks {
		y, m, d, ok := splitDate(t.s)
		if !ok {
			continue
		}
		r.use(i, i)
		date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if y < 1 || y > 9998 || date.Year() != y || int(date.Month()) != m || date.Day() != d {
			return fail(KeyBadDay, r.frag(i, i))
		}
		if err := r.put(&r.start, int(civil(date)), r.frag(i, i)); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) readDayNumbers() error {
	for i, t := range r.toks {
		if !dayWords[t.s] || t.used || i+1 >= len(r.toks) || r.toks[i+1].used {
			continue
		}
		v, ok := digits(r.next(i))
		if !ok {
			if o, _, isOrd := ordinalWord(r.next(i)); isOrd {
				v, ok = o, true
				if o == lastOrdinal {
					v = 31
				}
			}
		}
		if !ok {
			continue
		}
		r.use(i, i+1)
		if v < 1 || v > 31 {
			return fail(KeyBadDay, r.frag(i, i+1))
		}
		if err := r.put(&r.day, v, r.frag(i, i+1)); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) unused(i, n int) bool {
	for k := i; k < i+n && k < len(r.toks); k++ {
		if r.toks[k].used {
			return false
		}
	}
	return true
}

func (r *reader) readTimes() error {
	for i := 0; i < len(r.toks); i++ {
		if r.toks[i].used {
			continue
		}
		dflt := ""
		if r.evening {
			dflt = "malam"
		}
		minutes, n, err, ok := timeAt(r.text, r.toks, i, dflt)
		if !ok || !r.unused(i, n) {
			continue
		}
		if err != nil {
			return err
		}
		if err := r.put(&r.clock, minutes, r.frag(i, i+n-1)); err != nil {
			return err
		}
		r.use(i, i+n-1)
		// A range "16.00-18.00", "16:00 sampai 18:00", "jam 9 - 11": the
		// start counts; the end must be a time or an hour 0..24.
		if k := i + n; k+1 < len(r.toks) && rangeWords[r.toks[k].s] {
			if _, n2, err, ok := timeAt(r.text, r.toks, k+1, dflt); ok && r.unused(k+1, n2) {
				if err != nil {
					return err
				}
				r.use(k, k+n2)
				n += n2 + 1
			} else if h, isNum := digits(r.next(k)); isNum && r.unused(k+1, 1) && !isPeriodWord(r.next(k+1)) {
				if h > 24 {
					return fail(KeyBadTime, r.frag(k+1, k+1))
				}
				r.use(k, k+1)
				n += 2
			}
		}
		i += n - 1
	}
	return nil
}

func (r *reader) readMultiples() error {
	for i, t := range r.toks {
		if t.used {
			continue
		}
		s := t.s
		switch {
		case timesWords[s]:
			return fail(KeyAmbiguous, r.frag(i, i))
		case isNumber(s) && (r.next(i) == "kali" || r.next(i) == "x" || r.next(i) == "times"):
			return fail(KeyAmbiguous, r.frag(i, i+1))
		case len(s) > 1 && strings.HasSuffix(s, "x"):
			if _, ok := digits(strings.TrimSuffix(s, "x")); ok {
				return fail(KeyAmbiguous, r.frag(i, i))
			}
		}
	}
	return nil
}

// resolveMinggu rewrites each "minggu" as "sunday" or "week" (see read).
func (r *reader) resolveMinggu() error {
	other := false
	for _, t := range r.toks {
		if _, ok := weekdayWord(t.s); ok && !t.used {
			other = true
		}
	}
	for i, t := range r.toks {
		if t.s != "minggu" || t.used {
			continue
		}
		// Only a word right before it, with nothing but spaces between,
		// counts: "2 minggu sekali, Minggu 08:00" is a Sunday.
		prev := ""
		if i > 0 && strings.TrimSpace(r.text[r.toks[i-1].end:t.start]) == "" {
			prev = r.toks[i-1].s
		}
		next := ""
		if i+1 < len(r.toks) && strings.TrimSpace(r.text[t.end:r.toks[i+1].start]) == "" {
			next = r.toks[i+1].s
		}
		week := false
		switch {
		case prev == "hari":
		case other, isNumber(prev), weekHintsBefore[prev], weekHintsAfter[next]:
			week = true
		case prev == "setiap" || prev == "tiap":
			// "setiap minggu 10:00" is as often "every week" (with no day)
			// as "every Sunday": ask rather than guess.
			return fail(KeyAmbiguous, r.frag(i-1, i))
		}
		if week {
			r.toks[i].s = "week"
		} else {
			r.toks[i].s = "sunday"
		}
	}
	return nil
}

func isWeekWord(s string) bool  { v, ok := weekWords[s]; return ok && v == 0 }
func isMonthWord(s string) bool { v, ok := monthWords[s]; return ok && v == 0 }

// isPeriodWord: "minggu", "week(s)", "pekan", "bulan", "month(s)".
func isPeriodWord(s string) bool { return s == "minggu" || isWeekWord(s) || isMonthWord(s) }

func (r *reader) interval(sl *slot, v, limit, i, j int) error {
	r.use(i, j)
	if v < 1 || v > limit {
		return fail(KeyBadDay, r.frag(i, j))
	}
	return r.put(sl, v, r.frag(i, j))
}

func (r *reader) readIntervals() error {
	for i, t := range r.toks {
		if t.used {
			continue
		}
		s, next := t.s, r.next(i)
		nextFree := i+1 < len(r.toks) && !r.toks[i+1].used
		var err error
		switch {
		case weeklyWords[s] > 0:
			err = r.interval(&r.weekEvery, weeklyWords[s], maxEveryWeeks, i, i)
		case monthlyWords[s] > 0:
			err = r.interval(&r.monthEvery, monthlyWords[s], maxEveryMonths, i, i)
		case s == "selang" && nextFree && weekWords[next] == 1:
			err = r.interval(&r.weekEvery, 2, maxEveryWeeks, i, i+1)
		case isNumber(s) && nextFree && isWeekWord(next):
			n, _ := number(s)
			err = r.interval(&r.weekEvery, n, maxEveryWeeks, i, i+1)
		case isNumber(s) && nextFree && isMonthWord(next):
			n, _ := number(s)
			err = r.interval(&r.monthEvery, n, maxEveryMonths, i, i+1)
		case s == "other" && nextFree && isWeekWord(next):
			err = r.interval(&r.weekEvery, 2, maxEveryWeeks, i, i+1)
		case s == "other" && nextFree && isMonthWord(next):
			err = r.interval(&r.monthEvery, 2, maxEveryMonths, i, i+1)
		case s == "other" && nextFree:
			if _, ok := weekdayWord(next); ok {
				err = r.interval(&r.weekEvery, 2, maxEveryWeeks, i, i)
			}
		case everyWords[s] && i+2 < len(r.toks) && r.unused(i+1, 2):
			// "every second week", "every third month"
			n, _, ok := ordinalWord(next)
			if !ok || n < 1 {
				break
			}
			if w := r.toks[i+2].s; isWeekWord(w) {
				err = r.interval(&r.weekEvery, n, maxEveryWeeks, i+1, i+2)
			} else if isMonthWord(w) {
				err = r.interval(&r.monthEvery, n, maxEveryMonths, i+1, i+2)
			}
		}
		if err != nil {
			return err
		}
	}
	// What is left of week and month words is a plain frequency ("setiap
	// minggu", "once a month"), unless an ordinal sits next to a week word
	// ("minggu pertama", "first week"): then it names the week of the month.
	for i, t := range r.toks {
		if t.used {
			continue
		}
		_, weekly := weekWords[t.s]
		_, monthly := monthWords[t.s]
		switch {
		case weekly && r.ordinalNear(i):
			r.use(i, i)
			if r.carriers == nil {
				r.carriers = map[int]bool{}
			}
			r.carriers[i] = true
		case weekly:
			r.use(i, i)
			if r.weekFreq == "" {
				r.weekFreq = r.frag(i, i)
			}
		case monthly:
			r.use(i, i)
			if r.monthFreq == "" {
				r.monthFreq = r.frag(i, i)
			}
		}
	}
	return nil
}

// ordinalNear reports whether an unused ordinal is right before or after toks[i].
func (r *reader) ordinalNear(i int) bool {
	for _, k := range []int{i - 1, i + 1} {
		if k < 0 || k >= len(r.toks) || r.toks[k].used {
			continue
		}
		if _, _, ok := ordinalWord(r.toks[k].s); ok {
			return true
		}
		if r.toks[k].s == "ke" && k+1 < len(r.toks) {
			if _, ok := digits(r.toks[k+1].s); ok {
				return true
			}
		}
	}
	return false
}

func (r *reader) readOrdinals() error {
	for i, t := range r.toks {
		if t.used {
			continue
		}
		j := i
		n, numeral, ok := ordinalWord(t.s)
		if !ok && t.s == "ke" && i+1 < len(r.toks) && !r.toks[i+1].used {
			n, ok = digits(r.next(i)) // "ke 2"
			numeral, j = true, i+1
		}
		if !ok {
			continue
		}
		r.use(i, j)
		o := ordinal{slot: slot{set: true, v: n, frag: r.frag(i, j)}, numeral: numeral}
		left, right := r.neighbour(i, -1), r.neighbour(j, +1)
		o.attached = r.anchors(left) || r.anchors(right)
		if right >= 0 {
			s := r.toks[right].s
			o.dayish = s == "of" || dayWords[s] || isMonthWord(s)
		}
		r.ordinals = append(r.ordinals, o)
	}
	return nil
}

// ordinalFillers may stand between an ordinal and its weekday.
var ordinalFillers = map[string]bool{"the": true, "yang": true, "hari": true, "pada": true, "on": true}

// neighbour is the index of the first token from i in direction dir that
// is not a filler, or -1.
func (r *reader) neighbour(i, dir int) int {
	for k := i + dir; k >= 0 && k < len(r.toks); k += dir {
		if !ordinalFillers[r.toks[k].s] {
			return k
		}
	}
	return -1
}

// anchors reports whether toks[k] is a weekday or a week-of-month word.
func (r *reader) anchors(k int) bool {
	if k < 0 {
		return false
	}
	_, ok := weekdayWord(r.toks[k].s)
	return ok || r.carriers[k]
}

func (r *reader) readWeekdays() error {
	for i, t := range r.toks {
		if d, ok := weekdayWord(t.s); ok && !t.used {
			r.use(i, i)
			if err := r.put(&r.weekday, int(d), r.frag(i, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// readOrdinalValues turns the ordinals into the Nth weekday (with a
// weekday) or the day of the month (without one). With a weekday, an
// ordinal not next to it ("Rapat pertama setiap Senin", "first and third
// Tuesday") is ambiguous. Without one, a numeral ("the 5th", "ke-5") is the
// day; a word only where it reads as a day ("the first of the month",
// "akhir bulan", "last day"), else it is ignored.
func (r *reader) readOrdinalValues() error {
	for _, o := range r.ordinals {
		if r.weekday.set {
			if !o.attached {
				return fail(KeyAmbiguous, o.frag)
			}
			if o.v != lastOrdinal && (o.v < 1 || o.v > 4) {
				return fail(KeyBadDay, o.frag)
			}
			if err := r.put(&r.nth, o.v, o.frag); err != nil {
				return err
			}
			continue
		}
		if !o.numeral && !o.dayish {
			continue
		}
		v := o.v
		if v == lastOrdinal {
			v = 31
		}
		if v < 1 || v > 31 {
			return fail(KeyBadDay, o.frag)
		}
		if err := r.put(&r.day, v, o.frag); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) readLeftovers() error {
	for i, t := range r.toks {
		if _, ok := digits(t.s); ok && !t.used {
			return fail(KeyAmbiguous, r.frag(i, i))
		}
	}
	return nil
}

func (r *reader) combine() (Schedule, error) {
	weekFrag, monthFrag := r.weekFreq, r.monthFreq
	if r.weekEvery.set {
		weekFrag = r.weekEvery.frag
	}
	if r.monthEvery.set {
		monthFrag = r.monthEvery.frag
	}
	weekly, monthly := weekFrag != "", monthFrag != ""
	if weekly && monthly {
		return Schedule{}, fail(KeyAmbiguous, weekFrag+", "+monthFrag)
	}
	var s Schedule
	switch {
	case r.weekday.set && r.day.set:
		return Schedule{}, fail(KeyAmbiguous, r.weekday.frag+", "+r.day.frag)
	case r.weekday.set && r.nth.set:
		if weekly {
			return Schedule{}, fail(KeyAmbiguous, r.nth.frag+", "+weekFrag)
		}
		s = Schedule{Kind: NthWeekday, Weekday: time.Weekday(r.weekday.v), Nth: r.nth.v, Every: orOne(r.monthEvery)}
	case r.weekday.set:
		if monthly {
			return Schedule{}, fail(KeyAmbiguous, r.weekday.frag+", "+monthFrag)
		}
		s = Schedule{Kind: Weekly, Weekday: time.Weekday(r.weekday.v), Every: orOne(r.weekEvery)}
	case r.day.set:
		if weekly {
			return Schedule{}, fail(KeyAmbiguous, r.day.frag+", "+weekFrag)
		}
		s = Schedule{Kind: MonthDay, Day: r.day.v, Every: orOne(r.monthEvery)}
	default:
		return Schedule{}, fail(KeyNoDay, strings.TrimSpace(r.text))
	}
	if !r.clock.set {
		return Schedule{}, fail(KeyNoTime, strings.TrimSpace(r.text))
	}
	s.Hour, s.Minute = r.clock.v/60, r.clock.v%60
	return s, nil
}

func orOne(sl slot) int {
	if sl.set {
		return sl.v
	}
	return 1
}
