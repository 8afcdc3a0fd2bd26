package schedule

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of the text: s is its normalized lower-case form,
// [start, end) its bytes in the original text (for the place and for error
// fragments), used marks it as read by some rule.
type token struct {
	s          string
	start, end int
	used       bool
}

// tokenize splits text into words. Letters and digits make words; '.', ':',
// '-', '/' and apostrophes stay inside a word only between two letters or
// digits, and then:
//   - a date ("2026-03-09", "9/3/2026") stays whole;
//   - ':' and '.' stay between digits ("16:00", "19.30"); a '.' between
//     letters is dropped ("a.m." -> "am", "tgl." -> "tgl"); elsewhere they split;
//   - "ke-2" -> "ke2"; any other '-' splits and is kept as the word "-"
//     ("16.00-18.00"); "s/d" -> "sampai"; any other '/' splits;
//   - apostrophes are dropped ("jum'at" -> "jumat").
//
// A dash between spaces is the word "-" too. Everything else (spaces,
// commas, brackets, invalid bytes) separates words.
func tokenize(text string) []token {
	var out []token
	start := -1
	for i := 0; i <= len(text); {
		r, size := utf8.RuneError, 1
		if i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		word := i < len(text) && isWordRune(r)
		if !word && i < len(text) && isInnerRune(r) && start >= 0 {
			// Inner punctuation: keep it if a word rune follows.
			if j := i + size; j < len(text) {
				if r2, _ := utf8.DecodeRuneInString(text[j:]); isWordRune(r2) {
					word = true
				}
			}
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, splitWord(text, start, i)...)
			start = -1
		}
		if !word && (r == '-' || r == '–' || r == '—') {
			out = append(out, token{s: "-", start: i, end: i + size}) // "16:00 - 18:00"
		}
		i += size
	}
	return out
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isInnerRune(r rune) bool {
	switch r {
	case '.', ':', '-', '/', '\'', '’', '`':
		return true
	}
	return false
}

// splitWord normalizes the raw word text[start:end] into one or more tokens.
func splitWord(text string, start, end int) []token {
	raw := text[start:end]
	low := strings.ToLower(raw)
	if isDate(low) {
		return []token{{s: low, start: start, end: end}}
	}
	if low == "s/d" || low == "s.d" {
		return []token{{s: "sampai", start: start, end: end}}
	}
	var out []token
	var b strings.Builder
	pieceStart := start
	flush := func(at int) {
		if b.Len() > 0 {
			out = append(out, token{s: strings.ToLower(b.String()), start: pieceStart, end: at})
		}
		b.Reset()
	}
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if !isInnerRune(r) {
			if b.Len() == 0 {
				pieceStart = i
			}
			b.WriteString(text[i : i+size])
			i += size
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(text[start:i])
		next, _ := utf8.DecodeRuneInString(text[i+size : end])
		digitsAround := isDigit(prev) && isDigit(next)
		lettersAround := unicode.IsLetter(prev) && unicode.IsLetter(next)
		switch {
		case (r == '.' || r == ':') && digitsAround:
			b.WriteRune(r)
		case r == '.' && lettersAround, r == '\'' || r == '’' || r == '`':
			// dropped: "a.m" -> "am", "jum'at" -> "jumat"
		case r == '-' && strings.EqualFold(b.String(), "ke"):
			// "ke-2" -> "ke2", "ke-dua" -> "kedua"
		case r == '-':
			flush(i)
			out = append(out, token{s: "-", start: i, end: i + size})
		default:
			flush(i)
		}
		i += size
	}
	flush(end)
	return out
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isDate reports whether s looks like a date: YYYY-MM-DD, D-M-YYYY or D/M/YYYY.
func isDate(s string) bool {
	_, _, _, ok := splitDate(s)
	return ok
}

// splitDate reads YYYY-MM-DD, D-M-YYYY or D/M/YYYY into numbers (not yet
// checked as a calendar date).
func splitDate(s string) (y, m, d int, ok bool) {
	sep := "-"
	if strings.Contains(s, "/") {
		sep = "/"
	}
	parts := strings.Split(s, sep)
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	for _, p := range parts {
		if _, isNum := digits(p); !isNum {
			return 0, 0, 0, false
		}
	}
	a, b, c := parts[0], parts[1], parts[2]
	switch {
	case sep == "-" && len(a) == 4 && len(b) <= 2 && len(c) <= 2:
		y, _ = digits(a)
		m, _ = digits(b)
		d, _ = digits(c)
	case len(c) == 4 && len(a) <= 2 && len(b) <= 2:
		d, _ = digits(a)
		m, _ = digits(b)
		y, _ = digits(c)
	default:
		return 0, 0, 0, false
	}
	return y, m, d, true
}
