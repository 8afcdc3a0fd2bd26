package handlers

import (
	"kelompok/bot"
	"kelompok/locales"
	"kelompok/storage"
)

// officerPropose: "/pengurus usul @siti bendahara" puts the change of an
// officer to an election poll; when it passes, the office is assigned as
// /pengurus does and a new term starts.
func officerPropose(c *Ctx) error {
	args := c.Args[1:]
	if len(args) < 2 {
		return bot.E("term.propose_usage")
	}
	role, target, err := c.officerArgs(args)
	if err != nil {
		return err
	}
	if target.Role == bot.RoleChair {
		return bot.E("officer.chair_hand_over")
	}
	open, err := c.Tx.OpenPolls(c.Group.ID)
	if err != nil {
		return err
	}
	for _, p := range open {
		if p.Kind == storage.PollOfficer && p.Role == role && p.Candidate == target.ID {
			return bot.E("term.already_proposed", "No", pollRef(p.No))
		}
	}
	// One election per office at a time: two could both pass.
	for _, p := range open {
		if p.Kind == storage.PollOfficer && p.Role == role {
			name, err := c.memberName(p.Candidate)
			if err != nil {
				return err
			}
			return bot.E("term.election_open", "Role", c.T("role."+string(role)), "No", pollRef(p.No), "Name", name,
				"Closes", c.when(p.ClosesAt))
		}
	}
	question := stripMarkup(c.T("term.poll_question", "Name", locales.Raw(target.Name), "Role", c.T("role."+string(role)),
		"Months", c.Group.Rules.OfficerTermMonths))
	_, err = c.openPoll(&storage.Poll{Kind: storage.PollOfficer, Question: question, Options: c.yesNo(),
		Candidate: target.ID, Role: role})
	return err
}

// termsByRole are the current officers' terms.
func (c *Ctx) termsByRole() (map[bot.Role]storage.Term, error) {
	ts, err := c.Tx.OfficerTerms(c.Group.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[bot.Role]storage.Term, len(ts))
	for _, t := range ts {
		out[t.Role] = t
	}
	return out, nil
}

// termLine shows an office with its holder's term; a term that has ended
// says so, with how to hold an election.
func (c *Ctx) termLine(role bot.Role, name any, t storage.Term) string {
	r := locales.Raw(c.T("role." + string(role)))
	if !t.Ends.After(c.Tx.Now()) {
		return c.T("term.line_ended", "Role", r, "Name", name, "Since", c.day(t.Since), "Ends", c.day(t.Ends), "RoleWord", r)
	}
	return c.T("term.line", "Role", r, "Name", name, "Since", c.day(t.Since), "Ends", c.day(t.Ends))
}

// openLoanPoll puts a loan request to the group when the rules say loans
// are approved by poll.
func (c *Ctx) openLoanPoll(l *storage.Loan) error {
	name, err := c.memberName(l.MemberID)
	if err != nil {
		return err
	}
	question := stripMarkup(c.T("poll.loan_question", "No", loanRef(l.No), "Name", locales.Raw(name), "Amount", l.Principal, "Months", l.Months))
	_, err = c.openPoll(&storage.Poll{Kind: storage.PollLoan, Question: question, Options: c.yesNo(), LoanID: l.ID})
	return err
}

// loanByPoll answers /setujui when loans are approved by poll: an officer
// puts a loan that has no poll yet (asked for before the rule changed), or
// whose poll did not pass, to a new poll; otherwise the answer points to
// the poll.
func (c *Ctx) loanByPoll(l *storage.Loan) error {
	p, err := c.Tx.LoanPoll(l.ID)
	if err != nil {
		return err
	}
	retry := p == nil || (p.Decision != nil && !p.Decision.Result.Passed())
	if retry && c.Me.Role.Officer() && l.MemberID != c.Me.ID {
		return c.openLoanPoll(l)
	}
	return bot.E("poll.loan_by_poll", "No", loanRef(l.No))
}
