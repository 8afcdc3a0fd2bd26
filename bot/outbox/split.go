package outbox

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"kelompok/bot"
)

// Split cuts a reply into parts of at most max characters of markup each,
// at line breaks where it can. ReplyTo goes with the first part, buttons
// with the last. A reply that fits is returned as it is.
func Split(r bot.Reply, max int) []bot.Reply {
	if max <= 0 || utf8.RuneCountInString(r.Text) <= max || r.Poll != nil || r.StopPoll != "" {
		// A poll is one message whatever its text (the platform may not
		// even send the text).
		return []bot.Reply{r}
	}
	if r.Edit != "" {
		// An edit replaces one message: keep what fits.
		r.Text = chunks(r.Text, max)[0]
		return []bot.Reply{r}
	}
	var parts []bot.Reply
	for i, c := range chunks(r.Text, max) {
		p := bot.Reply{Chat: r.Chat, Text: c}
		if i == 0 {
			p.ReplyTo = r.ReplyTo
		}
		parts = append(parts, p)
	}
	parts[len(parts)-1].Buttons = r.Buttons
	return parts
}

var tagRE = regexp.MustCompile(`</?(b|i|code)>`)

// chunks packs whole lines into chunks; a line longer than max loses its
// tags (so no tag is cut in two) and is cut between words, never inside
// an entity such as &amp;.
func chunks(text string, max int) []string {
	var out []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if curLen > 0 {
			out = append(out, cur.String())
			cur.Reset()
			curLen = 0
		}
	}
	for _, line := range strings.Split(text, "\n") {
		n := utf8.RuneCountInString(line)
		if n > max {
			flush()
			for _, piece := range cutLine(line, max) {
				out = append(out, piece)
			}
			continue
		}
		if curLen > 0 && curLen+1+n > max {
			flush()
		}
		if curLen > 0 {
			cur.WriteByte('\n')
			curLen++
		}
		cur.WriteString(line)
		curLen += n
	}
	flush()
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

func cutLine(line string, max int) []string {
	plain := []rune(html.UnescapeString(tagRE.ReplaceAllString(line, "")))
	var out []string
	for len(plain) > 0 {
		// Escaping can grow a piece; cut the plain text so the escaped
		// piece still fits.
		n := min(len(plain), max)
		for n > 0 && utf8.RuneCountInString(html.EscapeString(string(plain[:n]))) > max {
			n--
		}
		if n < len(plain) {
			if sp := lastSpace(plain[:n]); sp > n/2 {
				n = sp + 1
			}
		}
		out = append(out, html.EscapeString(string(plain[:n])))
		plain = plain[n:]
	}
	return out
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	return -1
}
