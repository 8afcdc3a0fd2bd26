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
// An officer votes for a member who has no chat account (added by
// /anggota tambah): "/pilih 3 1 @mbah_karto" or "/pilih 3 1 Mbah Karto";
// the vote records who cast it. Nobody votes on their own loan.
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
	words := c.Args[1:]
	choices, ok := voteChoices(p, strings.Join(words, " "))
	var voter *storage.Member
	if !ok {
		// "OPTION NAME": the longest option that leaves a member's name.
		for k := len(words) - 1; k >= 1 && voter == nil; k-- {
			ch, ok := voteChoices(p, strings.Join(words[:k], " "))
			if !ok {
				continue
			}
			m, err := c.proxyMember(words[k:])
			if err != nil {
				return err
			}
			if m != nil {
				voter, choices = m, ch
			}
		}
		if voter == nil {
			answer := strings.Join(words, " ")
			return bot.E("poll.bad_option", "Input", answer, "No", pollRef(p.No), "Max", len(p.Options))
		}
	}
	if voter != nil && voter.ID == c.Me.ID {
		voter = nil // "/pilih 3 1 @me" is my own vote
	}
	if voter != nil {
		if !c.Me.Role.Officer() {
			return bot.E("poll.proxy_not_officer", "Name", voter.Name, "Roles", c.roleNames(officers))
		}
		if voter.Ref != "" {
			return bot.E("poll.proxy_has_account", "Name", voter.Name)
		}
	}
	who := c.Me
	if voter != nil {
		who = voter
	}
	if own, err := c.ownLoanPoll(p, who.ID); err != nil {
		return err
	} else if own != "" {
		return bot.E("poll.own_loan_vote", "Name", who.Name, "No", pollRef(p.No), "Loan", own)
	}
	if voter != nil {
		err = c.Tx.AddProxyVote(p.ID, voter.ID, c.Me.ID, choices, c.U.Source)
	} else {
		err = c.Tx.AddVote(p.ID, string(c.U.Sender.Ref), c.Me.ID, choices, "text", c.U.Source)
	}
	if err != nil {
		return err
	}
	switch {
	case len(choices) == 0 && voter != nil:
		c.Say("poll.vote_withdrawn_for", "Name", voter.Name, "No", pollRef(p.No), "By", c.Me.Name)
	case len(choices) == 0:
		c.Say("poll.vote_withdrawn", "Name", c.Me.Name, "No", pollRef(p.No))
	case voter != nil:
		c.Say("poll.voted_for", "Name", voter.Name, "No", pollRef(p.No), "Option", p.Options[choices[0]], "By", c.Me.Name)
	default:
		c.Say("poll.voted", "Name", c.Me.Name, "No", pollRef(p.No), "Option", p.Options[choices[0]])
	}
	return nil
}

// proxyMember finds the member a vote is cast for: "@budi", "Mbah Karto",
// or "@mbah_karto" for a member without a chat account (who has no
// username: the underscores stand for spaces). nil if none.
func (c *Ctx) proxyMember(words []string) (*storage.Member, error) {
	name := strings.Join(words, " ")
	m, err := c.Tx.FindMember(c.Group.ID, name)
	if err != nil || m != nil {
		return m, err
	}
	if u, ok := strings.CutPrefix(name, "@"); ok && strings.Contains(u, "_") {
		return c.Tx.FindMember(c.Group.ID, strings.ReplaceAll(u, "_", " "))
	}
	return nil, nil
}

// voteChoices reads an answer: an option (by number or text) or a
// withdrawal (no choices).
func voteChoices(p *storage.Poll, answer string) ([]int, bool) {
	switch strings.ToLower(answer) {
	case "batal", "cancel", "tarik", "retract", "-":
		return nil, true
	}
	i, ok := optionIndex(p.Options, answer)
	if !ok {
		return nil, false
	}
	return []int{i}, true
}

// ownLoanPoll gives the loan's reference ("P3") when p is the poll on a
// loan of member id, who may not vote on it; "" otherwise.
func (c *Ctx) ownLoanPoll(p *storage.Poll, id int64) (string, error) {
	l, err := pollLoan(c.Tx, p)
	if err != nil || l == nil || l.MemberID != id {
		return "", err
	}
	return loanRef(l.No), nil
}

// pollLoan is the loan a loan poll is on; nil for the other kinds (or a
// loan not found).
func pollLoan(tx *storage.Tx, p *storage.Poll) (*storage.Loan, error) {
	if p.Kind != storage.PollLoan {
		return nil, nil
	}
	return tx.LoanByID(p.GroupID, p.LoanID)
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
		l, err := pollLoan(tx, p)
		if err != nil {
			return err
		}
		if l != nil && l.MemberID == m.ID {
			// Nobody approves their own loan; a native poll has no way
			// to answer, and the vote is not kept (nor would it count).
			slog.Info("poll_answer_own_loan", "poll_id", p.ID, "member_id", m.ID)
			return nil
		}
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
