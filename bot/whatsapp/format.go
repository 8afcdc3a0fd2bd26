package whatsapp

import (
	"strings"

	"golang.org/x/net/html"
)

// Format turns Kelompok's reply markup (<b>, <i>, <code>, <pre>, <a>, with
// &amp; &lt; &gt; escaped) into WhatsApp's formatting: *bold*, _italic_,
// ```monospace```, links as their text (and address when it differs),
// entities unescaped. WhatsApp shows a marker only when it hugs the text,
// so spaces at the edges of a span are moved outside it.
func Format(markup string) string {
	z := html.NewTokenizer(strings.NewReader(markup))
	type span struct {
		tag  string
		href string
		b    strings.Builder
	}
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
			top().WriteString(string(z.Text())) // Text() unescapes entities
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
