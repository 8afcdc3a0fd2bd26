package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"kelompok/bot"
)

// A WhatsApp poll is a message with the question, the options and a
// secret; a vote comes back encrypted with that secret and names the
// chosen options only by their SHA-256 hashes. whatsmeow's SendMessage
// keeps the secret of every message that carries one in the session store
// (before it sends), so the votes of a poll the bot sent can be decrypted
// later, after restarts too, as long as the session file is the same. The
// book keeps the options, to map the hashes back to option numbers.

// ErrPollOptions is returned for a poll WhatsApp would not show: fewer
// than two options, more than twelve, or two the same.
var ErrPollOptions = errors.New("a poll needs 2 to 12 different options")

// PollBuilder is the part of *whatsmeow.Client that builds polls.
type PollBuilder interface {
	BuildPollCreation(name string, optionNames []string, selectableOptionCount int) *waE2E.Message
}

// NewPoll builds a native poll message (one choice per voter unless
// multiple > 1) after checking the options.
func NewPoll(b PollBuilder, question string, options []string, multiple int) (*waE2E.Message, error) {
	if len(options) < 2 || len(options) > 12 {
		return nil, ErrPollOptions
	}
	seen := map[string]bool{}
	for _, o := range options {
		if o == "" || seen[o] {
			return nil, ErrPollOptions
		}
		seen[o] = true
	}
	if multiple < 1 {
		multiple = 1
	}
	return b.BuildPollCreation(question, options, multiple), nil
}

// sendPoll sends a reply's poll as a native single-choice poll (quoting
// the message it answers) and reports it through OnPollSent: the poll's
// key, PollRef (which votes carry) and the poll message's id. If the
// report fails the send is reported failed too: the outbox sends again,
// and the second poll is the one linked (votes in the first are then not
// counted; text voting makes up for it). A poll WhatsApp would not show is
// sent as its text ballot instead, so the group can still vote by text.
func (a *Adapter) sendPoll(ctx context.Context, to types.JID, r bot.Reply) error {
	msg, err := NewPoll(a.c, r.Poll.Question, r.Poll.Options, 1)
	if err != nil {
		slog.Warn("whatsapp_poll_as_text", "chat_id", Mask(to.String()), "err", err)
		r.Poll = nil
		return a.Send(ctx, r)
	}
	if q := quote(r.ReplyTo); q != nil {
		msg.PollCreationMessage.ContextInfo = q
	}
	resp, err := a.c.SendMessage(ctx, to, msg)
	if err != nil {
		return sendError(err)
	}
	a.mu.Lock()
	report := a.pollSent
	a.mu.Unlock()
	if report == nil {
		return nil
	}
	return report(ctx, r.Chat, r.Poll.Key, PollRef(r.Chat, resp.ID), messageID(resp.ID, resp.Sender))
}

// PollLookup finds the options of a poll the book knows by its platform
// poll id (PollRef); found is false for a poll the book does not know (a
// member's own poll, or one not linked yet).
type PollLookup func(ctx context.Context, pollID string) (options []string, found bool, err error)

// UnreadableVote is a vote in one of the book's polls that could not be
// read: the voter is to be asked, in the group, to vote by text.
type UnreadableVote struct {
	// Source identifies the vote message as an update's Source does: a
	// redelivery has the same one.
	Source string
	Chat   bot.ChatRef
	Voter  bot.Person
	PollID string
	// Unlinked: the poll is one the bot sent but the book does not know by
	// PollID (ErrPollNotLinked).
	Unlinked bool
}

// ErrUnknownOption is returned when a vote names an option the poll does
// not have (a poll edited elsewhere, or a forged vote).
var ErrUnknownOption = errors.New("vote names an option the poll does not have")

// VoteOptions maps the option hashes of a decrypted vote back to option
// indexes, in the poll's order; none chosen is an empty, non-nil slice.
func VoteOptions(options []string, vote *waE2E.PollVoteMessage) ([]int, error) {
	hashes := whatsmeow.HashPollOptions(options)
	out := []int{}
	chosen := make([]bool, len(hashes))
	for _, sel := range vote.GetSelectedOptions() {
		found := false
		for i, h := range hashes {
			if bytes.Equal(sel, h) {
				chosen[i], found = true, true
				break
			}
		}
		if !found {
			return nil, ErrUnknownOption
		}
	}
	for i, c := range chosen {
		if c {
			out = append(out, i)
		}
	}
	return out, nil
}

// VoteDecrypter is the part of *whatsmeow.Client that opens a vote.
type VoteDecrypter interface {
	DecryptPollVote(ctx context.Context, vote *events.Message) (*waE2E.PollVoteMessage, error)
}

// ErrVoteUnreadable means a vote in a known poll cannot be read: it does
// not decrypt (the poll's secret is not in this session, e.g. after
// pairing again) or names an option the poll does not have. The voter is
// asked to vote by text instead.
var ErrVoteUnreadable = errors.New("poll vote cannot be read")

// ErrPollNotLinked means a vote is in a poll the bot sent but the book
// does not know by that id (its link was not recorded, so the outbox sent
// the poll again): the voter is asked to vote by text.
var ErrPollNotLinked = errors.New("the bot's poll is not linked to the book's")

// sentByMe reports whether the poll a vote is in was sent by the bot: its
// sender, read from the vote's poll key as whatsmeow does (the key is the
// voter's: FromMe there means the voter's own poll).
func (c Converter) sentByMe(evt *events.Message) bool {
	key := evt.Message.GetPollUpdateMessage().GetPollCreationMessageKey()
	var sender string
	switch {
	case key.GetFromMe():
		return false // the voter's own poll
	case evt.Info.Chat.Server == types.GroupServer:
		sender = key.GetParticipant()
	default:
		sender = key.GetRemoteJID()
	}
	jid, err := types.ParseJID(sender)
	return err == nil && jid.User != "" && c.isMe([]types.JID{jid})
}

// errNotOurVote: a vote Kelompok does not act on (the bot's own, in a
// status or channel, or in a poll the book does not know).
var errNotOurVote = errors.New("not a vote in one of the book's polls")

// Vote converts a poll vote event into a bot.KindPollAnswer update: the
// voter's stable identity, PollID as PollRef, Choices the option indexes
// (empty: the vote was withdrawn), Source the vote message's (so a
// redelivery is recognised; a changed vote is a new message). On
// ErrVoteUnreadable the update is filled in except for Choices. An error
// that is neither that nor errNotOurVote is the lookup's: try again later.
func (c Converter) Vote(ctx context.Context, d VoteDecrypter, evt *events.Message, polls PollLookup) (bot.Update, error) {
	info := evt.Info
	upd := evt.Message.GetPollUpdateMessage()
	if upd == nil || info.IsFromMe || upd.GetPollCreationMessageKey().GetID() == "" {
		return bot.Update{}, errNotOurVote
	}
	// The group's title is not needed; looking it up teaches the LID map
	// the group's members.
	u, _, ok := c.from(ctx, info)
	if !ok {
		return bot.Update{}, errNotOurVote
	}
	u.Kind = bot.KindPollAnswer
	u.PollID = PollRef(u.Chat, upd.GetPollCreationMessageKey().GetID())
	options, found, err := polls(ctx, u.PollID)
	if err != nil {
		return u, fmt.Errorf("poll lookup: %w", err)
	}
	if !found {
		if c.sentByMe(evt) {
			return u, fmt.Errorf("%w: %w", ErrVoteUnreadable, ErrPollNotLinked)
		}
		return u, errNotOurVote
	}
	vote, err := d.DecryptPollVote(ctx, evt)
	if err != nil {
		return u, fmt.Errorf("%w: %w", ErrVoteUnreadable, err)
	}
	if u.Choices, err = VoteOptions(options, vote); err != nil {
		return u, fmt.Errorf("%w: %w", ErrVoteUnreadable, err)
	}
	return u, nil
}

// vote handles a poll vote event: a readable vote in one of the book's
// polls goes to sub like a message; an unreadable one to Unreadable.
func (a *Adapter) vote(ctx context.Context, sub Submitter, e *events.Message) bool {
	if a.Polls == nil {
		return true // nobody to ask which polls are ours
	}
	u, err := a.conv.Vote(ctx, a.c, e, a.Polls)
	switch {
	case err == nil:
		return a.submit(ctx, sub, u)
	case errors.Is(err, errNotOurVote):
		return true
	case errors.Is(err, ErrVoteUnreadable):
		slog.Warn("whatsapp_poll_vote_unreadable", "chat_id", Mask(string(u.Chat)), "source", maskSource(u.Source), "err", err)
		if a.Unreadable == nil {
			return true
		}
		v := UnreadableVote{Source: u.Source, Chat: u.Chat, Voter: u.Sender, PollID: u.PollID, Unlinked: errors.Is(err, ErrPollNotLinked)}
		if err := a.Unreadable(ctx, v); err != nil {
			slog.Error("whatsapp_update_failed", "chat_id", Mask(string(u.Chat)), "source", maskSource(u.Source), "err", err)
			return false
		}
		return true
	default:
		// The book could not be asked: not acknowledged, WhatsApp
		// delivers the vote again.
		slog.Error("whatsapp_update_failed", "chat_id", Mask(string(u.Chat)), "source", maskSource(u.Source), "err", err)
		return false
	}
}
