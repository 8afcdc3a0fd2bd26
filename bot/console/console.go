// Package console is the terminal chat: the embedded default that needs no
// account. Each input line is "speaker: message" in one demo group; the
// bot's replies are printed under it. It works interactively and from a
// piped file.
package console

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"kelompok/bot"
)

// Chat is the demo group's reference.
const Chat bot.ChatRef = "cli:demo"

// Handler processes one update durably (handlers.Router.Handle).
type Handler func(ctx context.Context, u bot.Update) error

// Drain delivers the replies queued so far, in order, to send.
type Drain func(ctx context.Context, send func(bot.Reply) error) error

// Console reads lines and prints replies.
type Console struct {
	In     io.Reader
	Out    io.Writer
	Handle Handler
	Drain  Drain
	Clock  bot.Clock
	// Prompt is printed before each line when interactive.
	Prompt string
	// Echo prints each input line (useful when the input is a file).
	Echo bool
	// Run distinguishes this session's messages from earlier ones in the
	// same database, so a replayed transcript is booked again.
	RunID string
}

var lineRE = regexp.MustCompile(`^\s*([\p{L}\p{N}_][\p{L}\p{N}_. -]{0,39}?)\s*:\s*(.*)$`)

// ParseLine splits "budi: /setor 5000" into speaker and message.
func ParseLine(line string) (speaker, text string, ok bool) {
	m := lineRE.FindStringSubmatch(line)
	if m == nil || strings.TrimSpace(m[2]) == "" {
		return "", "", false
	}
	return strings.TrimSpace(m[1]), strings.TrimSpace(m[2]), true
}

// Person turns a speaker's name into a chat identity: "bu sri" is
// cli:bu_sri, shown as "Bu Sri", username bu_sri.
func Person(speaker string) bot.Person {
	user := strings.ToLower(strings.Join(strings.Fields(speaker), "_"))
	words := strings.Fields(speaker)
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return bot.Person{Ref: bot.UserRef("cli:" + user), Name: strings.Join(words, " "), Username: user}
}

// Run reads until EOF or ctx ends.
func (c *Console) Run(ctx context.Context) error {
	if c.RunID == "" {
		c.RunID = strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	sc := bufio.NewScanner(c.In)
	sc.Buffer(make([]byte, 64*1024), 64*1024)
	n := 0
	for {
		if c.Prompt != "" {
			fmt.Fprint(c.Out, c.Prompt)
		}
		if !sc.Scan() {
			return sc.Err()
		}
		if ctx.Err() != nil {
			return nil
		}
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			if c.Echo && strings.HasPrefix(strings.TrimSpace(line), "#") {
				fmt.Fprintln(c.Out, line)
			}
			continue
		}
		if c.Echo {
			fmt.Fprintln(c.Out, line)
		}
		speaker, text, ok := ParseLine(line)
		if !ok {
			fmt.Fprintln(c.Out, "  (tulis: nama: pesan, contoh  budi: /setor 5000)")
			continue
		}
		n++
		u := bot.Update{
			Kind: bot.KindMessage, Source: fmt.Sprintf("%s/%s/%d", Chat, c.RunID, n),
			Chat: Chat, ChatTitle: "Kelompok Demo", Sender: Person(speaker), SenderIsAdmin: true,
			Text: text, MessageID: strconv.Itoa(n), At: c.Clock.Now(),
		}
		if strings.HasPrefix(text, "[") {
			// "[ok:3]" presses the button with that data.
			u.Kind, u.Text, u.ButtonID = bot.KindButton, strings.Trim(text, "[]"), "b"+strconv.Itoa(n)
		}
		if err := c.Handle(ctx, u); err != nil {
			return fmt.Errorf("handle line %d: %w", n, err)
		}
		if err := c.Drain(ctx, c.print); err != nil {
			return fmt.Errorf("deliver replies: %w", err)
		}
	}
}

func (c *Console) print(r bot.Reply) error {
	if r.AnswerButton != "" {
		_, err := fmt.Fprintf(c.Out, "  [%s]\n", r.Notice)
		return err
	}
	text := Plain(r.Text)
	prefix := "  🤖 "
	if r.Edit != "" {
		prefix = "  🤖 (ubah pesan) "
	}
	for i, l := range strings.Split(text, "\n") {
		if i > 0 {
			prefix = "     "
		}
		if _, err := fmt.Fprintln(c.Out, prefix+l); err != nil {
			return err
		}
	}
	for _, row := range r.Buttons {
		var bs []string
		for _, b := range row {
			bs = append(bs, fmt.Sprintf("[%s] ketik: [%s]", b.Label, b.Data))
		}
		fmt.Fprintln(c.Out, "     "+strings.Join(bs, "  "))
	}
	return nil
}

var tagRE = regexp.MustCompile(`</?(b|i|code)>`)

// Plain turns reply markup into terminal text.
func Plain(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, "")) }
