package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"kelompok/bot/reminders"
	"kelompok/storage"
)

// Reminders that come from polls and officers' terms: those who have not
// voted are named before a poll closes, and an officer's term ending is
// announced a week ahead and on the day, so that no term runs out
// silently. Polls themselves close on Router.ClosePollsDue.

// pollNudgeBefore is how long before a poll closes those who have not
// voted are reminded; polls shorter than pollNudgeMin get no reminder.
const (
	pollNudgeBefore = 2 * time.Hour
	pollNudgeMin    = 4 * time.Hour
)

// termNotice is how long before a term ends it is announced.
const termNotice = 7 * 24 * time.Hour

func init() {
	reminderKinds[reminders.PollNudge] = reminderKind{plan: planPollNudges, build: remindPollNudge}
	reminderKinds[reminders.TermEnding] = reminderKind{plan: planTerms, build: remindTerm}
	reminderKinds[reminders.TermEnded] = reminderKind{build: remindTerm}
}

// planPollNudges: one reminder per open poll, pollNudgeBefore its close.
func planPollNudges(c *Ctx, from, to time.Time) ([]reminders.Firing, error) {
	ps, err := c.Tx.OpenPolls(c.Group.ID)
	if err != nil {
		return nil, err
	}
	var out []reminders.Firing
	for _, p := range ps {
		if p.ClosesAt.Sub(p.OpenedAt) < pollNudgeMin {
			continue
		}
		due := p.ClosesAt.Add(-pollNudgeBefore)
		if due.After(from) && !due.After(to) {
			out = append(out, reminders.Firing{Kind: reminders.PollNudge, Target: pollRef(p.No), Due: due})
		}
	}
	return out, nil
}

// remindPollNudge names the members who have not voted in a poll still
// open; nothing if everyone has voted or the poll was closed early.
func remindPollNudge(c *Ctx, f reminders.Firing) error {
	no, err := parsePollNo(f.Target)
	if err != nil {
		return fmt.Errorf("poll nudge target %q: %w", f.Target, err)
	}
	p, err := c.Tx.PollByNo(c.Group.ID, no)
	if err != nil || p == nil || p.Decision != nil {
		return err
	}
	pc, err := c.count(p, c.Tx.Now())
	if err != nil || len(pc.notVoted) == 0 {
		return err
	}
	c.Say("reminders.poll_nudge", "No", pollRef(p.No), "Question", p.Question, "When", c.when(p.ClosesAt),
		"Count", len(pc.notVoted), "Names", strings.Join(pc.notVoted, ", "))
	return nil
}

// planTerms: each officer's term, a week before it ends and on the day.
func planTerms(c *Ctx, from, to time.Time) ([]reminders.Firing, error) {
	terms, err := c.Tx.OfficerTerms(c.Group.ID)
	if err != nil {
		return nil, err
	}
	var out []reminders.Firing
	for _, t := range terms {
		target := termTarget(t)
		for _, f := range []reminders.Firing{
			{Kind: reminders.TermEnding, Target: target, Due: t.Ends.Add(-termNotice)},
			{Kind: reminders.TermEnded, Target: target, Due: t.Ends},
		} {
			if f.Due.After(t.Since) && f.Due.After(from) && !f.Due.After(to) {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// termTarget names one term: the office, the member, its first day.
func termTarget(t storage.Term) string {
	return string(t.Role) + "/" + strconv.FormatInt(t.MemberID, 10) + "/" + t.Since.UTC().Format("2006-01-02T15:04")
}

// remindTerm announces a term ending soon or ended, if the officer still
// holds that term (not re-elected, not replaced since).
func remindTerm(c *Ctx, f reminders.Firing) error {
	terms, err := c.Tx.OfficerTerms(c.Group.ID)
	if err != nil {
		return err
	}
	for _, t := range terms {
		if termTarget(t) != f.Target {
			continue
		}
		m, err := c.Tx.MemberByID(c.Group.ID, t.MemberID)
		if err != nil || m == nil {
			return err
		}
		key := "reminders.term_ending"
		if f.Kind == reminders.TermEnded {
			key = "reminders.term_ended"
		}
		role := c.T("role." + string(t.Role))
		c.Say(key, "Name", m.Name, "Role", role, "Ends", c.day(t.Ends))
		return nil
	}
	return nil
}
