package handlers

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kelompok/bot"
)

var tagRE = regexp.MustCompile(`</?(b|i|code)>`)

// stripMarkup turns reply markup into plain text (for button pop-ups).
func stripMarkup(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, "")) }

func itoa(n int) string { return strconv.Itoa(n) }

// cleanName tidies a display name: one line, no leading @, trimmed, at
// most 64 characters.
func cleanName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimLeft(s, "@/!")
	if utf8.RuneCountInString(s) > 64 {
		r := []rune(s)
		s = string(r[:64])
	}
	return strings.TrimSpace(s)
}

// localDay is the meeting day of t in the group's time zone.
func localDay(t time.Time, r bot.Rules) string { return t.In(r.Location()).Format("2006-01-02") }

// showDay renders a day key (YYYY-MM-DD) as people write dates: 27/11/2026.
func showDay(day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return t.Format("02/01/2006")
}

// weekStart is Monday 00:00 of t's week in the group's time zone.
func weekStart(t time.Time, r bot.Rules) time.Time {
	loc := r.Location()
	t = t.In(loc)
	back := (int(t.Weekday()) + 6) % 7
	d := t.AddDate(0, 0, -back)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

// parseEntryNo reads an entry number as people quote it: "12" or "#12".
func parseEntryNo(s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || n <= 0 {
		return 0, bot.E("entry.bad_number", "Input", s)
	}
	return n, nil
}
