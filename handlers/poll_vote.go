package handlers

import (
	"log/slog"
	"strconv"
	"strings"

	"kelompok/bot"
	"kelompok/storage"
)

// pollVote: "/pilih 3 2" (or "/pilih 3 Setuju") votes in poll 3 by text,
// for platforms or members without native polls; "/pilih 3 batal"
// withdraws the vote. A later vote replaces an earlier one until the close.
func pollVote(c *Ctx) error {
	if len(c.Args) < 2 {
		return bot.E("poll.vote_usage")
	}
	p, err := c.pollArg(c.Args[0])
	if err != nil {
		return err
	}
	if p.Decision != nil || !c.Tx.Now().Before(p.ClosesAt) {
		return bot.E("poll.closed", "No", pollRef(p.No))
	}
	answer := strings.Join(c.Args[1:], " ")
	var choices []int
	switch strings.ToLower(answer) {
	case "batal", "cancel", "tarik", "retract", "-":
	default:
		i, ok := optionIndex(p.Options, answer)
		if !ok {
			return bot.E("poll.bad_option", "Input", answer, "No", pollRef(p.No), "Max", len(p.Options))
		}
		choices = []int{i}
	}
	if err := c.Tx.AddVote(p.ID, string(c.U.Sender.Ref), c.Me.ID, choices, "text", c.U.Source); err != nil {
		return err
	}
	if len(choices) == 0 {
		c.Say("poll.vote_withdrawn", "Name", c.Me.Name, "No", pollRef(p.No))
		return nil
	}
	c.Say("poll.voted", "Name", c.Me.Name, "No", pollRef(p.No), "Option", p.Options[choices[0]])
	return nil
}

// optionIndex reads an option by its number (1-based) or its text.
func optionIndex(options []string, s string) (int, bool) {
	if n, err := strconv.Atoi(strings.TrimPrefix(s, "#")); err == nil {
		return n - 1, n >= 1 && n <= len(options)
	}
	for i, o := range options {
		if strings.EqualFold(o, s) {
			return i, true
		}
	}
	return 0, false
}

// pollAnswer records a vote in a native poll. It answers nothing in the
// chat (votes show in the poll itself). A vote for a poll the book does
// not know (not linked yet, or another bot's) and a vote after the close
// change nothing. A non-member's vote is kept apart and never counts.
func pollAnswer(tx *storage.Tx, u bot.Update) error {
	p, err := tx.PollByPlatformID(u.PollID)
	if err != nil || p == nil {
		if p == nil && err == nil {
			slog.Info("poll_answer_unknown_poll", "poll_id", u.PollID)
		}
		return err
	}
	if p.Decision != nil || !tx.Now().Before(p.ClosesAt) || u.Sender.Ref == "" {
		return nil
	}
	m, err := tx.MemberByRef(p.GroupID, u.Sender.Ref)
	if err != nil {
		return err
	}
	var memberID int64
	if m != nil {
		memberID = m.ID
	}
	var choices []int
	for _, i := range u.Choices {
		if i >= 0 && i < len(p.Options) {
			choices = append(choices, i)
		}
	}
	if len(u.Choices) > 0 && len(choices) == 0 {
		return nil // nothing valid chosen: not a retraction either
	}
	return tx.AddVote(p.ID, string(u.Sender.Ref), memberID, choices, "native", u.Source)
}
