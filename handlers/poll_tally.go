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
// A member's votes count as one voter whichever way they came (their own
// account, or an officer's vote for a member without one). The borrower
// of a loan poll has no vote on it and is not counted among its members.
func (c *Ctx) count(p *storage.Poll, closeAt time.Time) (*pollCount, error) {
	roster, err := c.roster()
	if err != nil {
		return nil, err
	}
	var borrower int64
	if p.Kind == storage.PollLoan {
		if borrower, err = c.pollSubject(p); err != nil {
			return nil, err
		}
		delete(roster, borrower)
	}
	votes, err := c.Tx.PollVotes(p.ID)
	if err != nil {
		return nil, err
	}
	events := make([]polls.Event, 0, len(votes))
	memberOf := map[string]int64{}
	for _, v := range votes {
		if borrower != 0 && v.MemberID == borrower {
			continue // no vote on one's own loan
		}
		member := v.MemberID != 0 && roster[v.MemberID] != nil
		voter := v.VoterRef
		if member {
			voter = storage.ProxyVoteRef(v.MemberID)
			memberOf[voter] = v.MemberID
		}
		events = append(events, polls.Event{Voter: voter, Member: member, Choices: v.Choices, At: v.At})
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

// minutesOutcome is the outcome as the minutes list it, under their own
// "decided" label: the winning option alone, or what the count decided.
func (c *Ctx) minutesOutcome(p *storage.Poll, r polls.Result) string {
	if r.Outcome == polls.Decided {
		return c.T("poll.minutes_decided", "Option", p.Options[r.Winner])
	}
	return c.outcomeLine(p, r)
}

// majorityText says what a winning option needs: more than pct of the
// votes, or all of them at 100.
func (c *Ctx) majorityText(pct int) string {
	if pct >= 100 {
		return c.T("poll.majority_all")
	}
	return c.T("poll.majority_more", "Pct", pct)
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
	return c.T("poll.outcome_no_majority", "Majority", locales.Raw(c.majorityText(p.MajorityPct)))
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
	if p.Decision != nil {
		c.Say("poll.show_closed", "No", pollRef(p.No), "Question", p.Question, "Lines", locales.Raw(c.countLines(p, pc)),
			"Status", locales.Raw(c.outcomeLine(p, p.Decision.Result)))
		return nil
	}
	status := c.T("poll.status_open", "Closes", c.when(p.ClosesAt))
	notVoted := c.T("poll.everyone_voted")
	if len(pc.notVoted) > 0 {
		notVoted = c.T("poll.not_voted", "Names", strings.Join(pc.notVoted, ", "))
	}
	c.Say("poll.show", "No", pollRef(p.No), "Question", p.Question, "Lines", locales.Raw(c.countLines(p, pc)),
		"Status", locales.Raw(status), "NotVoted", locales.Raw(notVoted))
	return nil
}
