package tgemu

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// SentPoll is a native poll the bot sent with sendPoll, in its current
// state. Polls are not in Sent (which lists text messages).
type SentPoll struct {
	ChatID    ChatID
	MessageID int
	ID        string // Telegram's poll id, as in poll_answer updates
	Question  string
	Options   []string
	Anonymous bool
	Multiple  bool
	ReplyTo   int
	Closed    bool
	// Votes maps a user id to the chosen option indexes (latest answer).
	Votes map[int64][]int
}

type pollStore struct {
	byID  map[string]*SentPoll
	order []*SentPoll
	next  int
}

func (p *SentPoll) clone() SentPoll {
	cp := *p
	cp.Options = append([]string(nil), p.Options...)
	cp.Votes = make(map[int64][]int, len(p.Votes))
	for k, v := range p.Votes {
		cp.Votes[k] = append([]int(nil), v...)
	}
	return cp
}

func (p *SentPoll) api() *tgbotapi.Poll {
	out := &tgbotapi.Poll{ID: p.ID, Question: p.Question, IsClosed: p.Closed, IsAnonymous: p.Anonymous,
		Type: "regular", AllowsMultipleAnswers: p.Multiple}
	voters := map[int64]bool{}
	for _, o := range p.Options {
		out.Options = append(out.Options, tgbotapi.PollOption{Text: o})
	}
	for u, choices := range p.Votes {
		for _, c := range choices {
			out.Options[c].VoterCount++
		}
		if len(choices) > 0 {
			voters[u] = true
		}
	}
	out.TotalVoterCount = len(voters)
	return out
}

// sendPoll implements the Bot API's sendPoll (regular polls; quizzes are
// refused). Options arrive as a JSON array of strings or of
// InputPollOption objects. Limits: question 1-300 characters, 2-10
// options of 1-100 characters.
func (s *Server) sendPoll(p params) (any, *apiError) {
	c, aerr := s.lookupChatLocked(p, "chat_id")
	if aerr != nil {
		return nil, aerr
	}
	q := strings.TrimSpace(p.str("question"))
	if q == "" {
		return nil, badRequest("poll question must be non-empty")
	}
	if utf8.RuneCountInString(q) > 300 {
		return nil, badRequest("poll question length must not exceed 300")
	}
	if t := p.str("type"); t == "quiz" {
		return nil, badRequest("quiz polls are not supported by the emulator")
	}
	options, aerr := pollOptions(p.str("options"))
	if aerr != nil {
		return nil, aerr
	}
	if aerr := s.floodLocked(c); aerr != nil {
		return nil, aerr
	}
	anonymous := true // Telegram's default
	if p.has("is_anonymous") {
		anonymous = p.bool("is_anonymous")
	}
	replyTo, _ := p.int("reply_to_message_id")
	var replied *tgbotapi.Message
	if replyTo != 0 {
		replied = c.msgs[int(replyTo)]
		if replied == nil && !p.bool("allow_sending_without_reply") {
			return nil, badRequest("message to be replied not found")
		}
	}
	if s.polls.byID == nil {
		s.polls.byID = map[string]*SentPoll{}
	}
	s.polls.next++
	c.nextMsgID++
	sp := &SentPoll{ChatID: c.info.ID, MessageID: c.nextMsgID, ID: fmt.Sprintf("59%08d", s.polls.next), Question: q,
		Options: options, Anonymous: anonymous, Multiple: p.bool("allows_multiple_answers"), Votes: map[int64][]int{}}
	bot := s.bot
	m := &tgbotapi.Message{MessageID: sp.MessageID, From: &bot, Date: s.nowUnix(), Chat: c.chatRef(), Poll: sp.api()}
	if replied != nil {
		m.ReplyToMessage = replyCopy(replied)
		sp.ReplyTo = replied.MessageID
	}
	c.msgs[m.MessageID] = m
	s.polls.byID[sp.ID] = sp
	s.polls.order = append(s.polls.order, sp)
	s.notifyLocked()
	return m, nil
}

func pollOptions(raw string) ([]string, *apiError) {
	var opts []string
	if err := json.Unmarshal([]byte(raw), &opts); err != nil {
		var objs []struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal([]byte(raw), &objs); err != nil {
			return nil, badRequest("can't parse options JSON object")
		}
		for _, o := range objs {
			opts = append(opts, o.Text)
		}
	}
	if len(opts) < 2 {
		return nil, badRequest("poll must have at least 2 option")
	}
	if len(opts) > 10 {
		return nil, badRequest("poll can't have more than 10 options")
	}
	for _, o := range opts {
		if n := utf8.RuneCountInString(strings.TrimSpace(o)); n == 0 || n > 100 {
			return nil, badRequest("poll options length must not exceed 100")
		}
	}
	return opts, nil
}

// stopPoll implements the Bot API's stopPoll: it closes a poll the bot
// sent and returns the final poll.
func (s *Server) stopPoll(p params) (any, *apiError) {
	c, aerr := s.lookupChatLocked(p, "chat_id")
	if aerr != nil {
		return nil, aerr
	}
	id, _ := p.int("message_id")
	for _, sp := range s.polls.order {
		if sp.ChatID == c.info.ID && sp.MessageID == int(id) {
			if sp.Closed {
				return nil, badRequest("poll has already been closed")
			}
			sp.Closed = true
			s.notifyLocked()
			return sp.api(), nil
		}
	}
	return nil, badRequest("message with poll to stop not found")
}

// AnswerPoll is a user's answer in a poll the bot sent (no options:
// the vote is retracted). It returns the poll_answer update's id, or 0 when
// Telegram would send none: the poll is anonymous (the bot is not told who
// voted) or closed (nobody can vote). Unknown polls and option indexes out
// of range are an error.
func (s *Server) AnswerPoll(pollID string, from User, options ...int) (updateID int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.polls.byID[pollID]
	if sp == nil {
		return 0, fmt.Errorf("tgemu: no poll %q", pollID)
	}
	for _, o := range options {
		if o < 0 || o >= len(sp.Options) {
			return 0, fmt.Errorf("tgemu: poll %s has no option %d", pollID, o)
		}
	}
	if len(options) > 1 && !sp.Multiple {
		return 0, fmt.Errorf("tgemu: poll %s allows one answer", pollID)
	}
	if sp.Closed {
		return 0, nil
	}
	s.rememberUserLocked(from)
	sp.Votes[from.ID] = append([]int(nil), options...)
	if m := s.chats[sp.ChatID].msgs[sp.MessageID]; m != nil {
		m.Poll = sp.api()
	}
	s.notifyLocked()
	if sp.Anonymous {
		return 0, nil
	}
	return s.enqueueLocked(tgbotapi.Update{PollAnswer: &tgbotapi.PollAnswer{PollID: sp.ID, User: from,
		OptionIDs: append([]int{}, options...)}}), nil
}

// Polls returns the polls the bot sent to chat, oldest first.
func (s *Server) Polls(chat ChatID) []SentPoll {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SentPoll
	for _, sp := range s.polls.order {
		if sp.ChatID == chat {
			out = append(out, sp.clone())
		}
	}
	return out
}

// WaitPolls waits until the bot has sent at least n polls to chat.
func (s *Server) WaitPolls(chat ChatID, n int, timeout time.Duration) ([]SentPoll, error) {
	var out []SentPoll
	err := s.Wait(timeout, func() bool {
		out = s.Polls(chat)
		return len(out) >= n
	})
	return out, err
}
