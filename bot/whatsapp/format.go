package whatsapp

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// Format turns Kelompok's reply markup (<b>, <i>, <code>, <pre>, <a>, with
// &amp; &lt; &gt; escaped) into WhatsApp's formatting: *bold*, _italic_,
// ```monospace```, links as their text (and address when it differs),
// entities unescaped. WhatsApp shows a marker only when it hugs the text,
// so spaces at the edges of a span are moved outside it.
func Format(markup string) string {
	z := html.NewTokenizer(strings.NewReader(markup))
	stack := []*span{{}}
	top := func() *strings.Builder { return &stack[len(stack)-1].b }
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// End of input: close what is still open, as plain text.
			for len(stack) > 1 {
				s := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				top().WriteString(s.b.String())
			}
			return stack[0].b.String()
		case html.TextToken:
			text := string(z.Text()) // Text() unescapes entities
			if !inCode(stack) {
				text = neutralise(text)
			}
			top().WriteString(text)
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			switch tag {
			case "b", "strong", "i", "em", "code", "pre", "a":
				s := &span{tag: tag}
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" {
						s.href = string(v)
					}
				}
				stack = append(stack, s)
			case "br":
				top().WriteString("\n")
			}
		case html.SelfClosingTagToken:
			if name, _ := z.TagName(); string(name) == "br" {
				top().WriteString("\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			// Close the innermost open span of this tag; spans opened
			// inside it and never closed become plain text.
			i := len(stack) - 1
			for i > 0 && stack[i].tag != tag {
				i--
			}
			if i == 0 {
				continue // a stray end tag
			}
			for len(stack)-1 > i {
				s := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				top().WriteString(s.b.String())
			}
			s := stack[i]
			stack = stack[:i]
			top().WriteString(wrap(s.tag, s.href, s.b.String()))
		}
	}
}

// wordJoiner, put before a marker, keeps WhatsApp from reading it as one
// and shows nothing.
const wordJoiner = "\u2060"

// neutralise keeps WhatsApp's markers (* _ ~ `) in text, such as a name
// members typed, from formatting: each one that could open or close a span
// (not between two letters or digits, as in denda_telat) gets a word
// joiner before it. Amounts and words without markers are left as they
// are.
func neutralise(text string) string {
	if !strings.ContainsAny(text, "*_~`") {
		return text
	}
	rs := []rune(text)
	var b strings.Builder
	for i, r := range rs {
		if strings.ContainsRune("*_~`", r) && !(i > 0 && i+1 < len(rs) && alnum(rs[i-1]) && alnum(rs[i+1])) {
			b.WriteString(wordJoiner)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func alnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// inCode reports whether text is inside a monospace span, where WhatsApp
// formats nothing and a command must stay as typed.
func inCode(stack []*span) bool {
	for _, s := range stack {
		if s.tag == "code" || s.tag == "pre" {
			return true
		}
	}
	return false
}

// span is an open tag and the text so far inside it.
type span struct {
	tag  string
	href string
	b    strings.Builder
}

// wrap puts a span's text between WhatsApp's markers.
func wrap(tag, href, text string) string {
	var open, close string
	switch tag {
	case "b", "strong":
		open, close = "*", "*"
	case "i", "em":
		open, close = "_", "_"
	case "code", "pre":
		open, close = "```", "```"
	case "a":
		if href != "" && href != text && strings.TrimSpace(text) != "" {
			return text + " (" + href + ")"
		}
		if strings.TrimSpace(text) == "" {
			return href
		}
		return text
	}
	inner := strings.TrimSpace(text)
	if inner == "" {
		return text
	}
	lead := text[:strings.Index(text, inner)]
	trail := text[len(lead)+len(inner):]
	return lead + open + inner + close + trail
}
