package tgemu

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// SentMessage is a message the bot sent, in its current state (after any
// edits).
type SentMessage struct {
	ChatID    ChatID
	ID        int // message_id, unique within the chat
	Date      time.Time
	Text      string // text parameter exactly as sent (HTML markup included)
	Plain     string // text as users see it: tags removed, entities decoded
	ParseMode string
	Entities  []tgbotapi.MessageEntity // parsed from HTML, UTF-16 offsets
	Buttons   [][]Button               // inline keyboard rows; nil if none
	Markup    string                   // reply_markup JSON as sent; "" if none
	ReplyTo   int                      // message_id replied to; 0 if none
	Edited    bool                     // edited at least once
	Deleted   bool                     // removed with deleteMessage
}

func (m *SentMessage) clone() SentMessage {
	cp := *m
	cp.Entities = append([]tgbotapi.MessageEntity(nil), m.Entities...)
	cp.Buttons = copyButtons(m.Buttons)
	return cp
}

// Data returns the callback data of all inline buttons, row by row.
func (m SentMessage) Data() []string {
	var out []string
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Data != "" {
				out = append(out, b.Data)
			}
		}
	}
	return out
}

// Stats counts the emulator's traffic.
type Stats struct {
	Requests   int // HTTP requests to the API, any method or outcome
	Sent       int // successful sendMessage calls
	Edited     int // successful editMessageText / editMessageReplyMarkup calls
	Errors     int // responses with ok=false (429s included)
	TooMany429 int // 429 Too Many Requests responses
}

// Sent returns the messages the bot sent to chat, oldest first.
func (s *Server) Sent(chat ChatID) []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SentMessage
	for _, m := range s.sent {
		if m.ChatID == chat {
			out = append(out, m.clone())
		}
	}
	return out
}

// AllSent returns every message the bot sent, in sending order.
func (s *Server) AllSent() []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SentMessage, len(s.sent))
	for i, m := range s.sent {
		out[i] = m.clone()
	}
	return out
}

// LastSent returns the newest message the bot sent to chat.
func (s *Server) LastSent(chat ChatID) (SentMessage, bool) {
	msgs := s.Sent(chat)
	if len(msgs) == 0 {
		return SentMessage{}, false
	}
	return msgs[len(msgs)-1], true
}

// ErrTimeout is wrapped by the errors of the Wait methods.
var ErrTimeout = errors.New("tgemu: timed out")

// ErrClosed is returned by the Wait methods once the server is closed.
var ErrClosed = errors.New("tgemu: server closed")

// Wait blocks until cond returns true, re-checking it after every request
// and every change in the emulator (update queued or confirmed, message sent
// or edited, callback answered). cond may call the Server's inspection
// methods.
func (s *Server) Wait(timeout time.Duration, cond func() bool) error {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-s.closed:
			if cond() {
				return nil
			}
			return ErrClosed
		case <-timer.C:
			if cond() {
				return nil
			}
			return fmt.Errorf("%w after %v", ErrTimeout, timeout)
		}
	}
}

// WaitSent waits until the bot has sent at least n messages to chat and
// returns all of them. On timeout it returns those sent so far and an error
// that lists them.
func (s *Server) WaitSent(chat ChatID, n int, timeout time.Duration) ([]SentMessage, error) {
	err := s.Wait(timeout, func() bool { return len(s.Sent(chat)) >= n })
	msgs := s.Sent(chat)
	if err != nil {
		texts := make([]string, len(msgs))
		for i, m := range msgs {
			texts[i] = fmt.Sprintf("%q", m.Plain)
		}
		return msgs, fmt.Errorf("waiting for %d messages in chat %d, got %d [%s]: %w",
			n, chat, len(msgs), strings.Join(texts, ", "), err)
	}
	return msgs, nil
}

// CallbackAnswers returns the answerCallbackQuery calls, oldest first.
func (s *Server) CallbackAnswers() []CallbackAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CallbackAnswer(nil), s.answers...)
}

// WaitAnswer waits for the answer to callback query queryID.
func (s *Server) WaitAnswer(queryID string, timeout time.Duration) (CallbackAnswer, error) {
	var found CallbackAnswer
	err := s.Wait(timeout, func() bool {
		for _, a := range s.CallbackAnswers() {
			if a.QueryID == queryID {
				found = a
				return true
			}
		}
		return false
	})
	return found, err
}

// Stats returns the traffic counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Role returns a user's status in a chat ("left" if unknown), as
// getChatMember would.
func (s *Server) Role(chat ChatID, u User) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.memberLocked(s.mustChatLocked(chat), u.ID).Status
}
