package handlers

import (
	"sort"
	"strings"
	"time"

	"kelompok/bot/polls"
	"kelompok/locales"
	"kelompok/storage"
)

// pollCount is a poll's count at a moment, with who voted what.
type pollCount struct {
	res polls.Result
	// byOption lists the names of the members who chose each option.
	byOption [][]string
	// notVoted lists the members who have no vote in force.
	notVoted []string
}

// count tallies p's votes in force at closeAt over the current members.
func (c *Ctx) count(p *storage.Poll, closeAt time.Time) (*pollCount, error) {
	roster, err := c.roster()
	if err != nil {
		return nil, err
	}
	votes, err := c.Tx.PollVotes(p.ID)
	if err != nil {
		return nil, err
	}
	events := make([]polls.Event, len(votes))
	memberOf := map[string]int64{}
	for i, v := range votes {
		member := v.MemberID != 0 && roster[v.MemberID] != nil
		events[i] = polls.Event{Voter: v.VoterRef, Member: member, Choices: v.Choices, At: v.At}
		if member {
			memberOf[v.VoterRef] = v.MemberID
		}
	}
	pc := &pollCount{res: polls.Tally(events, len(p.Options), len(roster), p.QuorumPct, p.MajorityPct, closeAt),
		byOption: make([][]string, len(p.Options))}
	in, _ := polls.Latest(events, len(p.Options), closeAt)
	voted := map[int64]bool{}
	for voter, opt := range in {
		id := memberOf[voter]
		voted[id] = true
		pc.byOption[opt] = append(pc.byOption[opt], roster[id].Name)
	}
	for _, names := range pc.byOption {
		sort.Strings(names)
	}
	for id, m := range roster {
		if !voted[id] {
			pc.notVoted = append(pc.notVoted, m.Name)
		}
	}
	sort.Strings(pc.notVoted)
	return pc, nil
}

// countLines renders the count per option with the voters' names, the
// turnout against the quorum, and the votes not counted.
func (c *Ctx) countLines(p *storage.Poll, pc *pollCount) string {
	var lines []string
	for i, o := range p.Options {
		who := ""
		if len(pc.byOption[i]) > 0 {
			who = " (" + strings.Join(pc.byOption[i], ", ") + ")"
		}
		lines = append(lines, c.T("poll.count_line", "N", i+1, "Option", o, "Count", pc.res.Counts[i], "Who", who))
	}
	lines = append(lines, c.T("poll.turnout", "Voters", pc.res.Voters, "Members", pc.res.Members, "Quorum", p.QuorumPct))
	if pc.res.Ignored > 0 {
		lines = append(lines, c.T("poll.ignored", "Count", pc.res.Ignored))
	}
	return strings.Join(lines, "\n")
}

// outcomeLine says what the count decided.
func (c *Ctx) outcomeLine(p *storage.Poll, r polls.Result) string {
	switch r.Outcome {
	case polls.Decided:
		return c.T("poll.outcome_decided", "Option", p.Options[r.Winner])
	case polls.NoQuorum:
		return c.T("poll.outcome_no_quorum", "Quorum", p.QuorumPct)
	case polls.Tie:
		return c.T("poll.outcome_tie")
	}
	return c.T("poll.outcome_no_majority", "Majority", p.MajorityPct)
}

// pollShow: the poll's question, who voted what so far (or at the close),
// and who has not voted yet.
func pollShow(c *Ctx, p *storage.Poll) error {
	at := c.Tx.Now()
	if p.Decision != nil {
		at = p.Decision.At
	}
	if p.ClosesAt.Before(at) {
		at = p.ClosesAt
	}
	pc, err := c.count(p, at)
	if err != nil {
		return err
	}
	status := c.T("poll.status_open", "Closes", c.when(p.ClosesAt))
	if p.Decision != nil {
		status = c.outcomeLine(p, p.Decision.Result)
	}
	notVoted := c.T("poll.everyone_voted")
	if len(pc.notVoted) > 0 && p.Decision == nil {
		notVoted = c.T("poll.not_voted", "Names", strings.Join(pc.notVoted, ", "))
	} else if p.Decision != nil {
		notVoted = ""
	}
	c.Say("poll.show", "No", pollRef(p.No), "Question", p.Question, "Lines", locales.Raw(c.countLines(p, pc)),
		"Status", locales.Raw(status), "NotVoted", locales.Raw(notVoted))
	return nil
}
