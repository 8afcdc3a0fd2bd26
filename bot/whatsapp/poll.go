package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
)

// A WhatsApp poll is a message with the question, the options and a secret;
// a vote comes back encrypted with that secret and names the chosen options
// only by their SHA-256 hashes. whatsmeow keeps the secret in its session
// store when the poll is sent; Kelompok keeps the options, to map hashes
// back to option numbers.

// PollSpec is what Kelompok must remember of a poll it sent to read its
// votes: where it is and its options in order.
type PollSpec struct {
	Chat    types.JID
	ID      types.MessageID // the poll message's id, from the send response
	Options []string
}

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

// SendPoll sends a poll and returns what is needed to read its votes.
func SendPoll(ctx context.Context, c interface {
	PollBuilder
	SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error)
}, chat types.JID, question string, options []string, multiple int) (PollSpec, error) {
	msg, err := NewPoll(c, question, options, multiple)
	if err != nil {
		return PollSpec{}, err
	}
	resp, err := c.SendMessage(ctx, chat, msg)
	if err != nil {
		return PollSpec{}, sendError(err)
	}
	return PollSpec{Chat: chat.ToNonAD(), ID: resp.ID, Options: append([]string(nil), options...)}, nil
}

// PollVote is one decrypted vote: who, on which poll, which options (0-based
// indexes into PollSpec.Options; empty means the voter withdrew the vote).
type PollVote struct {
	Chat    types.JID
	Voter   types.JID // stable (see Identities)
	PollID  types.MessageID
	Options []int
}

// ErrUnknownOption is returned when a vote names an option the poll does
// not have (a poll edited elsewhere, or a forged vote).
var ErrUnknownOption = errors.New("vote names an option the poll does not have")

// VoteOptions maps the option hashes of a decrypted vote back to option
// indexes, in the poll's order.
func VoteOptions(spec PollSpec, vote *waE2E.PollVoteMessage) ([]int, error) {
	hashes := whatsmeow.HashPollOptions(spec.Options)
	var out []int
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

// ErrVoteUnreadable means a vote arrived that cannot be decrypted (the
// poll's secret is not in this session, e.g. after pairing again): the
// voter is asked to vote by text instead (see FallbackCommand).
var ErrVoteUnreadable = errors.New("poll vote cannot be decrypted")

// ReadVote turns a poll vote event into a PollVote. polls finds the poll
// the vote is for (by chat and poll message id); ok false if unknown.
func (c Converter) ReadVote(ctx context.Context, d VoteDecrypter, evt *events.Message,
	polls func(chat types.JID, id types.MessageID) (PollSpec, bool)) (PollVote, error) {
	upd := evt.Message.GetPollUpdateMessage()
	if upd == nil {
		return PollVote{}, fmt.Errorf("not a poll vote")
	}
	pollID := upd.GetPollCreationMessageKey().GetID()
	spec, ok := polls(evt.Info.Chat.ToNonAD(), pollID)
	if !ok {
		return PollVote{}, fmt.Errorf("vote for unknown poll %s", pollID)
	}
	vote, err := d.DecryptPollVote(ctx, evt)
	if err != nil {
		return PollVote{}, fmt.Errorf("%w: %w", ErrVoteUnreadable, err)
	}
	opts, err := VoteOptions(spec, vote)
	if err != nil {
		return PollVote{}, err
	}
	return PollVote{
		Chat: evt.Info.Chat.ToNonAD(), PollID: pollID, Options: opts,
		Voter: c.IDs.Stable(ctx, evt.Info.Sender, evt.Info.SenderAlt),
	}, nil
}

// FallbackCommand is what a voter whose vote could not be read is asked
// to type instead: "/pilih N OPTION" (N the poll's number in the book).
func FallbackCommand(pollNo int64, option string) string {
	return fmt.Sprintf("/pilih %d %s", pollNo, option)
}
