package outbox

import (
	"strings"
	"testing"

	"kelompok/bot"
)

// A poll is one message: a long ballot text is never split (which would
// send the poll once per part, or lose it).
func TestSplitKeepsPollWhole(t *testing.T) {
	r := bot.Reply{Chat: "tg:-1", Text: strings.Repeat("pilihan\n", 100), Poll: &bot.Poll{Key: "1", Question: "Q?", Options: []string{"a", "b"}}}
	parts := Split(r, 50)
	if len(parts) != 1 || parts[0].Poll == nil || parts[0].Text != r.Text {
		t.Fatalf("Split = %d parts: %+v", len(parts), parts)
	}
	stop := bot.Reply{Chat: "tg:-1", StopPoll: "7"}
	if parts := Split(stop, 50); len(parts) != 1 || parts[0].StopPoll != "7" {
		t.Fatalf("Split(stop) = %+v", parts)
	}
}
