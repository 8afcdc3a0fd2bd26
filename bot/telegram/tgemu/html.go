package tgemu

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// htmlEntityTypes maps the tags Telegram's HTML parse_mode supports to the
// message entity type they produce.
var htmlEntityTypes = map[string]string{
	"b": "bold", "strong": "bold",
	"i": "italic", "em": "italic",
	"u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"tg-spoiler": "spoiler", "span": "spoiler",
	"code": "code", "pre": "pre",
	"a":          "text_link",
	"blockquote": "blockquote",
}

type openTag struct {
	name       string
	start      int // UTF-16 offset in the plain text
	url        string
	lang       string
	expandable bool
}

// parseHTML parses text the way Telegram does for parse_mode=HTML. It returns
// the plain text (tags removed, entities decoded) and the message entities
// with UTF-16 offsets, or the part of the error after "can't parse entities: ".
//
// It is deliberately strict: every '<', '>' and '&' that is not part of a
// tag must be written as &lt;, &gt; or &amp; (Telegram itself tolerates a
// bare '>' and some bare '&').
func parseHTML(text string) (string, []tgbotapi.MessageEntity, error) {
	var (
		plain    strings.Builder
		n16      int
		stack    []openTag
		entities []tgbotapi.MessageEntity
	)
	emit := func(s string) {
		plain.WriteString(s)
		n16 += utf16Len(s)
	}
	for i := 0; i < len(text); {
		switch c := text[i]; c {
		case '&':
			s, size, err := decodeEntity(text, i)
			if err != nil {
				return "", nil, err
			}
			emit(s)
			i += size
		case '>':
			return "", nil, fmt.Errorf("Character '>' must be escaped as &gt; at byte offset %d", i)
		case '<':
			end := strings.IndexByte(text[i:], '>')
			if i+1 < len(text) && text[i+1] == '/' {
				if end < 0 {
					return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", i)
				}
				name := strings.ToLower(strings.TrimSpace(text[i+2 : i+end]))
				if len(stack) == 0 {
					return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", i)
				}
				top := stack[len(stack)-1]
				if top.name != name {
					return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.name, name)
				}
				stack = stack[:len(stack)-1]
				if e, ok := closeTag(top, n16, stack); ok {
					entities = append(entities, e)
				}
				i += end + 1
				continue
			}
			tag, size, err := parseStartTag(text, i)
			if err != nil {
				return "", nil, err
			}
			tag.start = n16
			stack = append(stack, tag)
			i += size
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			emit(string(r))
			i += size
		}
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	sort.SliceStable(entities, func(a, b int) bool {
		if entities[a].Offset != entities[b].Offset {
			return entities[a].Offset < entities[b].Offset
		}
		return entities[a].Length > entities[b].Length
	})
	return plain.String(), entities, nil
}

// closeTag turns a closed tag into an entity; empty ones are dropped, as
// Telegram does, and <code> directly inside <pre> only sets the language.
func closeTag(t openTag, end int, parents []openTag) (tgbotapi.MessageEntity, bool) {
	if t.name == "code" && len(parents) > 0 && parents[len(parents)-1].name == "pre" {
		parents[len(parents)-1].lang = t.lang
		return tgbotapi.MessageEntity{}, false
	}
	typ := htmlEntityTypes[t.name]
	if end == t.start || (typ == "text_link" && t.url == "") {
		return tgbotapi.MessageEntity{}, false
	}
	if typ == "blockquote" && t.expandable {
		typ = "expandable_blockquote"
	}
	e := tgbotapi.MessageEntity{Type: typ, Offset: t.start, Length: end - t.start}
	switch typ {
	case "text_link":
		if id, ok := strings.CutPrefix(t.url, "tg://user?id="); ok {
			uid, _ := strconv.ParseInt(id, 10, 64)
			e.Type = "text_mention"
			e.User = &tgbotapi.User{ID: uid}
		} else {
			e.URL = t.url
		}
	case "pre":
		e.Language = t.lang
	}
	return e, true
}

func isNameByte(c byte) bool {
	return c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// parseStartTag parses "<name attr="v" ...>" at text[i].
func parseStartTag(text string, i int) (openTag, int, error) {
	j := i + 1
	for j < len(text) && isNameByte(text[j]) {
		j++
	}
	name := strings.ToLower(text[i+1 : j])
	if _, ok := htmlEntityTypes[name]; !ok {
		return openTag{}, 0, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, i)
	}
	tag := openTag{name: name}
	attrs := map[string]string{}
	for {
		for j < len(text) && isSpace(text[j]) {
			j++
		}
		if j >= len(text) {
			return openTag{}, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
		}
		if text[j] == '>' {
			j++
			break
		}
		k := j
		for j < len(text) && isNameByte(text[j]) {
			j++
		}
		if k == j {
			return openTag{}, 0, fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", name, k)
		}
		attr := strings.ToLower(text[k:j])
		for j < len(text) && isSpace(text[j]) {
			j++
		}
		if j >= len(text) || text[j] != '=' {
			if attr == "expandable" { // <blockquote expandable>
				attrs[attr] = ""
				continue
			}
			return openTag{}, 0, fmt.Errorf("Expected equal sign in declaration of an attribute of the tag \"%s\" at byte offset %d", name, k)
		}
		j++
		for j < len(text) && isSpace(text[j]) {
			j++
		}
		if j >= len(text) {
			return openTag{}, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
		}
		var raw string
		if q := text[j]; q == '"' || q == '\'' {
			end := strings.IndexByte(text[j+1:], q)
			if end < 0 {
				return openTag{}, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
			}
			raw = text[j+1 : j+1+end]
			j += end + 2
		} else {
			k := j
			for j < len(text) && !isSpace(text[j]) && text[j] != '>' {
				j++
			}
			raw = text[k:j]
		}
		val, err := decodeAttr(raw, i)
		if err != nil {
			return openTag{}, 0, err
		}
		attrs[attr] = val
	}
	switch name {
	case "a":
		tag.url = attrs["href"]
	case "span":
		if attrs["class"] != "tg-spoiler" {
			return openTag{}, 0, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", i)
		}
	case "code":
		if lang, ok := strings.CutPrefix(attrs["class"], "language-"); ok {
			tag.lang = lang
		}
	case "blockquote":
		_, tag.expandable = attrs["expandable"]
	}
	return tag, j - i, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// decodeAttr decodes HTML entities inside an attribute value.
func decodeAttr(raw string, tagOffset int) (string, error) {
	var b strings.Builder
	for i := 0; i < len(raw); {
		if raw[i] != '&' {
			b.WriteByte(raw[i])
			i++
			continue
		}
		s, size, err := decodeEntity(raw, i)
		if err != nil {
			return "", fmt.Errorf("Bad HTML entity in an attribute of the tag at byte offset %d", tagOffset)
		}
		b.WriteString(s)
		i += size
	}
	return b.String(), nil
}

// decodeEntity decodes the entity at text[i] ('&'): &lt; &gt; &amp; &quot;
// and numeric ones.
func decodeEntity(text string, i int) (string, int, error) {
	semi := strings.IndexByte(text[i:], ';')
	if semi < 0 || semi > 12 {
		return "", 0, fmt.Errorf("Character '&' must be escaped as &amp; at byte offset %d", i)
	}
	name := text[i+1 : i+semi]
	switch name {
	case "lt":
		return "<", semi + 1, nil
	case "gt":
		return ">", semi + 1, nil
	case "amp":
		return "&", semi + 1, nil
	case "quot":
		return `"`, semi + 1, nil
	}
	if num, ok := strings.CutPrefix(name, "#"); ok {
		base := 10
		if h, ok := strings.CutPrefix(strings.ToLower(num), "x"); ok {
			num, base = h, 16
		}
		if n, err := strconv.ParseUint(num, base, 32); err == nil && utf8.ValidRune(rune(n)) && n != 0 {
			return string(rune(n)), semi + 1, nil
		}
	}
	return "", 0, fmt.Errorf("Unsupported HTML entity \"&%s;\" at byte offset %d", name, i)
}

// utf16Len is the length of s in UTF-16 code units, the unit Telegram uses
// for entity offsets and text limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
