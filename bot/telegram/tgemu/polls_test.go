package tgemu_test

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestSendPollAnswerAndStop(t *testing.T) {
	srv, api := start(t)
	g := srv.AddGroup("Arisan")
	siti := srv.AddUser("Siti", "siti")
	_, asked := srv.SendText(g, siti, "/voting")
	cfg := tgbotapi.NewPoll(g, "Beli pakan?", "Ya", "Tidak")
	cfg.IsAnonymous = false
	cfg.ReplyToMessageID = asked
	m, err := api.Send(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if m.Poll == nil || m.Poll.Question != "Beli pakan?" || len(m.Poll.Options) != 2 || m.Poll.IsAnonymous || m.ReplyToMessage == nil {
		t.Fatalf("sent %+v poll %+v", m, m.Poll)
	}
	ps := srv.Polls(g)
	if len(ps) != 1 || ps[0].ID != m.Poll.ID || ps[0].MessageID != m.MessageID || ps[0].ReplyTo != asked {
		t.Fatalf("Polls = %+v", ps)
	}
	base := updates(t, api, 0)
	offset := base[len(base)-1].UpdateID + 1
	id, err := srv.AnswerPoll(m.Poll.ID, siti, 1)
	if err != nil || id == 0 {
		t.Fatalf("AnswerPoll = %d, %v", id, err)
	}
	ups := updates(t, api, offset)
	if len(ups) != 1 || ups[0].PollAnswer == nil || ups[0].PollAnswer.PollID != m.Poll.ID ||
		ups[0].PollAnswer.User.ID != siti.ID || len(ups[0].PollAnswer.OptionIDs) != 1 || ups[0].PollAnswer.OptionIDs[0] != 1 {
		t.Fatalf("poll_answer updates %+v", ups)
	}
	// Retracting sends an empty option list.
	srv.AnswerPoll(m.Poll.ID, siti)
	ups = updates(t, api, ups[0].UpdateID+1)
	if len(ups) != 1 || ups[0].PollAnswer == nil || len(ups[0].PollAnswer.OptionIDs) != 0 {
		t.Fatalf("retraction %+v", ups)
	}
	if _, err := srv.AnswerPoll(m.Poll.ID, siti, 5); err == nil {
		t.Error("an option out of range was accepted")
	}
	res, err := api.Request(tgbotapi.NewStopPoll(g, m.MessageID))
	if err != nil || !strings.Contains(string(res.Result), `"is_closed":true`) {
		t.Fatalf("stopPoll = %s, %v", res.Result, err)
	}
	if !srv.Polls(g)[0].Closed {
		t.Error("poll not closed")
	}
	_, err = api.Request(tgbotapi.NewStopPoll(g, m.MessageID))
	apiErr(t, err, 400, "Bad Request: poll has already been closed")
	_, err = api.Request(tgbotapi.NewStopPoll(g, 9999))
	apiErr(t, err, 400, "Bad Request: message with poll to stop not found")
	if id, err := srv.AnswerPoll(m.Poll.ID, siti, 0); id != 0 || err != nil {
		t.Errorf("a closed poll took a vote: %d %v", id, err)
	}
}

func TestSendPollRefusals(t *testing.T) {
	srv, api := start(t)
	g := srv.AddGroup("Arisan")
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = "o"
	}
	for _, c := range []struct {
		q    string
		opts []string
		desc string
	}{
		{"Q?", []string{"Ya"}, "Bad Request: poll must have at least 2 option"},
		{"Q?", eleven, "Bad Request: poll can't have more than 10 options"},
		{"Q?", []string{"Ya", strings.Repeat("a", 101)}, "Bad Request: poll options length must not exceed 100"},
		{"", []string{"Ya", "Tidak"}, "Bad Request: poll question must be non-empty"},
		{strings.Repeat("q", 301), []string{"Ya", "Tidak"}, "Bad Request: poll question length must not exceed 300"},
	} {
		_, err := api.Send(tgbotapi.NewPoll(g, c.q, c.opts...))
		apiErr(t, err, 400, c.desc)
	}
	if len(srv.Polls(g)) != 0 {
		t.Error("a refused poll was recorded")
	}
}

// Anonymous polls tell the bot nothing about who voted; poll_answer is
// delivered only when allowed_updates asks for it.
func TestPollAnswerDelivery(t *testing.T) {
	srv, api := start(t)
	g := srv.AddGroup("Arisan")
	siti := srv.AddUser("Siti", "siti")
	anon, err := api.Send(tgbotapi.NewPoll(g, "Anonim?", "Ya", "Tidak"))
	if err != nil {
		t.Fatal(err)
	}
	if id, err := srv.AnswerPoll(anon.Poll.ID, siti, 0); id != 0 || err != nil {
		t.Errorf("anonymous poll answer gave update %d, %v", id, err)
	}
	cfg := tgbotapi.NewPoll(g, "Terbuka?", "Ya", "Tidak")
	cfg.IsAnonymous = false
	open, err := api.Send(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"message"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ups) != 0 {
		t.Fatalf("updates before any vote: %+v", ups)
	}
	srv.AnswerPoll(open.Poll.ID, siti, 0)
	if ups, _ = api.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"message"}}); len(ups) != 0 {
		t.Errorf("poll_answer delivered although not allowed: %+v", ups)
	}
	// The excluded answer is gone (Telegram drops it); the next one comes.
	if ups, _ = api.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"message", "poll_answer"}}); len(ups) != 0 {
		t.Errorf("a dropped poll_answer came back: %+v", ups)
	}
	srv.AnswerPoll(open.Poll.ID, siti, 1)
	if ups, _ = api.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"message", "poll_answer"}}); len(ups) != 1 || ups[0].PollAnswer == nil {
		t.Errorf("poll_answer not delivered when allowed: %+v", ups)
	}
}
