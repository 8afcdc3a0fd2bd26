package tgemu

import (
	"encoding/json"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// enqueueLocked queues an update for getUpdates and returns its id.
func (s *Server) enqueueLocked(u tgbotapi.Update) int {
	u.UpdateID = s.nextUpdateID
	s.nextUpdateID++
	s.queue = append(s.queue, u)
	s.notifyLocked()
	return u.UpdateID
}

// updateKind is the allowed_updates name of an update.
func updateKind(u tgbotapi.Update) string {
	switch {
	case u.Message != nil:
		return "message"
	case u.EditedMessage != nil:
		return "edited_message"
	case u.ChannelPost != nil:
		return "channel_post"
	case u.EditedChannelPost != nil:
		return "edited_channel_post"
	case u.InlineQuery != nil:
		return "inline_query"
	case u.ChosenInlineResult != nil:
		return "chosen_inline_result"
	case u.CallbackQuery != nil:
		return "callback_query"
	case u.MyChatMember != nil:
		return "my_chat_member"
	case u.ChatMember != nil:
		return "chat_member"
	case u.ChatJoinRequest != nil:
		return "chat_join_request"
	case u.PollAnswer != nil:
		return "poll_answer"
	case u.Poll != nil:
		return "poll"
	}
	return ""
}

func (s *Server) allowedLocked(u tgbotapi.Update) bool {
	kind := updateKind(u)
	if s.allowed == nil {
		return kind != "chat_member" // Telegram's default excludes chat_member
	}
	return s.allowed[kind]
}

// confirmLocked applies getUpdates' offset: a positive offset confirms (and
// forgets) every update with a smaller id; a negative one keeps only the
// last -offset updates.
func (s *Server) confirmLocked(offset int64) {
	before := len(s.queue)
	switch {
	case offset > 0:
		i := 0
		for i < len(s.queue) && int64(s.queue[i].UpdateID) < offset {
			i++
		}
		s.queue = s.queue[i:]
		s.confirmed = max(s.confirmed, int(offset))
	case offset < 0:
		if keep := int(-offset); keep < len(s.queue) {
			s.queue = s.queue[len(s.queue)-keep:]
		}
		if len(s.queue) > 0 {
			s.confirmed = max(s.confirmed, s.queue[0].UpdateID)
		} else {
			s.confirmed = max(s.confirmed, s.nextUpdateID)
		}
	}
	if len(s.queue) != before {
		s.notifyLocked()
	}
}

// pendingLocked returns up to limit deliverable updates, dropping those
// allowed_updates excludes.
func (s *Server) pendingLocked(limit int) []tgbotapi.Update {
	kept := s.queue[:0]
	for _, u := range s.queue {
		if s.allowedLocked(u) {
			kept = append(kept, u)
		}
	}
	clear(s.queue[len(kept):])
	s.queue = kept
	n := min(limit, len(s.queue))
	return append([]tgbotapi.Update{}, s.queue[:n]...)
}

// getUpdates serves long polling. It confirms by offset, then returns
// pending updates at once or waits (without holding the lock) up to
// timeout seconds for one to be queued. A newer getUpdates call ends an
// older waiting one with 409 Conflict, as Telegram does.
func (s *Server) getUpdates(r *http.Request, p params) (json.RawMessage, *apiError) {
	offset, _ := p.int("offset")
	limit := 100
	if l, ok := p.int("limit"); ok && l >= 1 && l <= 100 {
		limit = int(l)
	}
	timeout, _ := p.int("timeout")
	var allowed []string
	if raw := p.str("allowed_updates"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &allowed); err != nil {
			return nil, badRequest("can't parse allowed_updates JSON array")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.pollGen++
	gen := s.pollGen
	s.notifyLocked() // wakes an older poll, which then gives up with 409
	s.confirmLocked(offset)
	if p.has("allowed_updates") {
		s.allowed = nil
		if len(allowed) > 0 {
			s.allowed = map[string]bool{}
			for _, k := range allowed {
				s.allowed[k] = true
			}
		}
	}
	timer := time.NewTimer(time.Duration(max(timeout, 0)) * time.Second)
	defer timer.Stop()
	for {
		if s.pollGen != gen {
			return nil, &apiError{code: 409, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		if ups := s.pendingLocked(limit); len(ups) > 0 || timeout <= 0 {
			return mustJSON(ups), nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
			s.mu.Lock()
			continue
		case <-timer.C:
		case <-r.Context().Done():
		case <-s.closed:
		}
		s.mu.Lock()
		return json.RawMessage("[]"), nil
	}
}

func (s *Server) deleteWebhook(p params) (any, *apiError) {
	if p.bool("drop_pending_updates") {
		s.confirmLocked(int64(s.nextUpdateID))
	}
	return true, nil
}

func (s *Server) getWebhookInfo(params) (any, *apiError) {
	return tgbotapi.WebhookInfo{PendingUpdateCount: len(s.queue)}, nil
}

// Unconfirmed lists the ids of queued updates the client has not confirmed
// yet; getUpdates without a higher offset delivers them (again).
func (s *Server) Unconfirmed() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int, len(s.queue))
	for i, u := range s.queue {
		ids[i] = u.UpdateID
	}
	return ids
}

// Confirmed is the highest offset the client has passed to getUpdates
// (0 if none): every update with a smaller id has been confirmed.
func (s *Server) Confirmed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed
}

// WaitConfirmed waits until the client has confirmed the update with id
// updateID, i.e. has asked for the next ones. With a polling bot this means
// it has finished handling that update.
func (s *Server) WaitConfirmed(updateID int, timeout time.Duration) error {
	return s.Wait(timeout, func() bool { return s.Confirmed() > updateID })
}
