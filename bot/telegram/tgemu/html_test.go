package tgemu

import (
	"reflect"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestParseHTMLEntities(t *testing.T) {
	plain, ents, err := parseHTML(`😀 <b>Kas <i>RT</i></b> <pre><code class="language-go">x := 1</code></pre>` +
		`<span class="tg-spoiler">rahasia</span> <a href='tg://user?id=42'>Siti</a> &#x41;&#66;&quot;`)
	if err != nil {
		t.Fatal(err)
	}
	if want := `😀 Kas RT x := 1rahasia Siti AB"`; plain != want {
		t.Fatalf("plain %q, want %q", plain, want)
	}
	want := []tgbotapi.MessageEntity{
		{Type: "bold", Offset: 3, Length: 6}, // the emoji is two UTF-16 units
		{Type: "italic", Offset: 7, Length: 2},
		{Type: "pre", Offset: 10, Length: 6, Language: "go"},
		{Type: "spoiler", Offset: 16, Length: 7},
		{Type: "text_mention", Offset: 24, Length: 4, User: &tgbotapi.User{ID: 42}},
	}
	if !reflect.DeepEqual(ents, want) {
		t.Fatalf("entities\n got %+v\nwant %+v", ents, want)
	}
}

func TestParseHTMLErrors(t *testing.T) {
	for text, want := range map[string]string{
		"<b>x":              `Can't find end tag corresponding to start tag "b"`,
		"<b><i>x</b></i>":   `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`,
		"<br>":              `Unsupported start tag "br" at byte offset 0`,
		"x</b>":             "Unexpected end tag at byte offset 1",
		"<a href>x</a>":     `Expected equal sign in declaration of an attribute of the tag "a"`,
		"<b":                "Unclosed start tag at byte offset 0",
		"a & b":             "Character '&' must be escaped",
		"&bogus;":           `Unsupported HTML entity "&bogus;"`,
		"2 > 1":             "Character '>' must be escaped",
		"<span>x</span>":    `Tag "span" must have class "tg-spoiler"`,
		"<B>ok</B> <I>x</i": "Unclosed end tag",
	} {
		_, _, err := parseHTML(text)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", text, err, want)
		}
	}
	if _, _, err := parseHTML("<B>Tag names</B> are <STRONG>case-insensitive</strong>"); err != nil {
		t.Error(err)
	}
}
