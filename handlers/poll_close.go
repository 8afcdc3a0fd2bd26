package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"kelompok/bot"
	"kelompok/locales"
	"kelompok/storage"
)

// pollClose: "/tutupvoting 3" closes poll 3 now. Before its set time a
// plain poll may be closed by whoever opened it or by the chair; a binding
// poll (loan, rule, election) only by the chair, and never by its subject
// (the borrower, the candidate): a few friends must not be able to decide
// for the group by closing while the count suits them. Once its set time
// has passed any member may close it: the count is the one at that time.
func pollClose(c *Ctx) error {
	if len(c.Args) != 1 {
		return bot.E("poll.close_usage")
	}
	p, err := c.pollArg(c.Args[0])
	if err != nil {
		return err
	}
	if p.Decision != nil {
		return bot.E("poll.already_closed", "No", pollRef(p.No))
	}
	if c.Tx.Now().Before(p.ClosesAt) {
		if err := c.mayCloseEarly(p); err != nil {
			return err
		}
	}
	return c.closePoll(p, c.Me.ID)
}

// mayCloseEarly says why the sender may not close p before its set time
// (nil: they may).
func (c *Ctx) mayCloseEarly(p *storage.Poll) error {
	if p.Kind == storage.PollPlain {
		if c.Me.ID == p.OpenedBy || c.Me.Role == bot.RoleChair {
			return nil
		}
		name, err := c.memberName(p.OpenedBy)
		if err != nil {
			return err
		}
		return bot.E("poll.close_not_allowed", "No", pollRef(p.No), "Name", name)
	}
	subject, err := c.pollSubject(p)
	if err != nil {
		return err
	}
	if subject == c.Me.ID {
		return bot.E("poll.close_own", "No", pollRef(p.No), "Closes", c.when(p.ClosesAt))
	}
	if c.Me.Role != bot.RoleChair {
		return bot.E("poll.close_binding", "No", pollRef(p.No), "Closes", c.when(p.ClosesAt))
	}
	return nil
}

// pollSubject is the member a binding poll is about: the borrower of a
// loan poll, the candidate of an election; 0 for other polls.
func (c *Ctx) pollSubject(p *storage.Poll) (int64, error) {
	switch p.Kind {
	case storage.PollOfficer:
		return p.Candidate, nil
	case storage.PollLoan:
		l, err := pollLoan(c.Tx, p)
		if err != nil || l == nil {
			return 0, err
		}
		return l.MemberID, nil
	}
	return 0, nil
}

// closePoll decides p: counts the votes in force at the close (its set
// time, if that has passed), records the decision once, books a binding
// poll's effect when it passed, in the same transaction, posts the result,
// records it in the open meeting's minutes (or the next meeting's) and
// stops the platform's polls. A poll already decided is left alone.
func (c *Ctx) closePoll(p *storage.Poll, closedBy int64) error {
	closeAt := c.Tx.Now()
	if p.ClosesAt.Before(closeAt) {
		closeAt = p.ClosesAt
	}
	pc, err := c.count(p, closeAt)
	if err != nil {
		return err
	}
	mid, err := c.openMeetingID()
	if err != nil {
		return err
	}
	fresh, err := c.Tx.DecidePoll(p, pc.res, closedBy, mid, c.U.Source)
	if err != nil || !fresh {
		return err
	}
	outcome := c.outcomeLine(p, pc.res)
	effect := ""
	if p.Kind != storage.PollPlain {
		effect = c.T("poll.effect_none")
		if pc.res.Passed() {
			err := c.Tx.Savepoint(func(*storage.Tx) error {
				var err error
				effect, err = c.applyPoll(p)
				return err
			})
			if be, ok := bot.AsError(err); ok {
				effect = c.T("poll.effect_failed", "Reason", locales.Raw(c.T(be.Key, argsKV(be.Args)...)))
			} else if err != nil {
				return err
			}
		}
	}
	c.Say("poll.result", "No", pollRef(p.No), "Question", p.Question, "Lines", locales.Raw(c.countLines(p, pc)),
		"Outcome", locales.Raw(outcome), "Effect", locales.Raw(effect))
	item, err := c.Tx.AddAgendaItem(c.Group.ID, mid, stripMarkup(c.T("poll.minutes_item", "No", pollRef(p.No), "Question", locales.Raw(p.Question))), p.OpenedBy, c.U.Source)
	if err != nil {
		return err
	}
	decided := stripMarkup(c.minutesOutcome(p, pc.res))
	if effect != "" {
		decided += " " + stripMarkup(effect)
	}
	if err := c.Tx.AddAgendaNote(item.ID, "decided", decided, p.OpenedBy, c.U.Source); err != nil {
		return err
	}
	msgs, err := c.Tx.PollMessages(p.ID)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		c.out = append(c.out, bot.Reply{Chat: m.Chat, StopPoll: m.MessageID, ReplyTo: c.U.MessageID})
	}
	return nil
}

// applyPoll books what a passed binding poll decided and says it.
func (c *Ctx) applyPoll(p *storage.Poll) (string, error) {
	switch p.Kind {
	case storage.PollLoan:
		l, err := c.Tx.LoanByID(c.Group.ID, p.LoanID)
		if err != nil {
			return "", err
		}
		if l == nil {
			return "", fmt.Errorf("poll %d: loan %d not found", p.ID, p.LoanID)
		}
		switch {
		case l.Event(storage.LoanRejected) != nil:
			return "", bot.E("loan.already_rejected", "No", loanRef(l.No))
		case l.Event(storage.LoanDisbursed) != nil:
			return "", bot.E("loan.already_disbursed", "No", loanRef(l.No))
		}
		// The decision row is the approval (see LoanPassedByPoll).
		name, err := c.memberName(l.MemberID)
		if err != nil {
			return "", err
		}
		return c.T("poll.effect_loan", "No", loanRef(l.No), "Name", name, "Amount", l.Principal), nil
	case storage.PollRule:
		from := p.RuleFrom
		if !p.RuleFromKnown {
			r, err := c.Tx.RulesAt(c.Group.ID, p.OpenedAt)
			if err != nil {
				return "", err
			}
			from = r.Value(p.RuleKey)
		}
		if now := c.Group.Rules.Value(p.RuleKey); now != from {
			// Decided against a value that is no longer in force: the
			// group voted on a change that is not this one any more.
			return "", bot.E("rules.poll_stale", "Name", locales.Raw(c.ruleName(p.RuleKey)),
				"From", locales.Raw(c.ruleValue(p.RuleKey, from)), "Now", locales.Raw(c.ruleValue(p.RuleKey, now)))
		}
		if err := c.Tx.ChangeRule(c.Group, p.RuleKey, p.RuleValue, p.OpenedBy, p.Reason, p.ID, c.U.Source); err != nil {
			return "", err
		}
		return c.T("poll.effect_rule", "Rule", locales.Raw(c.ruleName(p.RuleKey)), "Value", locales.Raw(c.ruleValue(p.RuleKey, p.RuleValue))), nil
	case storage.PollOfficer:
		m, err := c.Tx.MemberByID(c.Group.ID, p.Candidate)
		if err != nil {
			return "", err
		}
		if m == nil {
			return "", bot.E("member.not_found", "Name", strconv.FormatInt(p.Candidate, 10))
		}
		if m.Role == p.Role {
			return "", bot.E("officer.already", "Name", m.Name, "Role", c.T("role."+string(p.Role)))
		}
		if err := c.Tx.ElectOfficer(c.Group.ID, p.Role, m.ID, p.OpenedBy, p.ID, c.U.Source); err != nil {
			return "", err
		}
		ends := c.Tx.Now().AddDate(0, c.Group.Rules.OfficerTermMonths, 0)
		return c.T("poll.effect_officer", "Name", m.Name, "Role", c.T("role."+string(p.Role)), "Ends", c.day(ends)), nil
	}
	return "", fmt.Errorf("poll %d: unknown kind %q", p.ID, p.Kind)
}

// day writes a date in the group's zone.
func (c *Ctx) day(t time.Time) string { return t.In(c.Group.Rules.Location()).Format("02/01/2006") }

// ClosePollsDue closes every poll, in any group, whose closing time is at
// or before now, each exactly once: the decision, its effect and the
// result messages (queued in the outbox) share one transaction. A
// scheduler calls it; it returns how many polls it closed. After a run in
// which every due poll closed, the next run looks only at polls due since
// (a poll that failed to close is tried again on every run until then).
func (r *Router) ClosePollsDue(ctx context.Context, now time.Time) (int, error) {
	const batch = 20
	r.pollsMu.Lock() // one run at a time: the mark below is shared
	defer r.pollsMu.Unlock()
	after := r.pollsDoneUntil
	total := 0
	// Polls that failed to close in this run are not tried again in it:
	// otherwise enough of them would fill every batch and the polls due
	// after them would never close.
	failed := map[int64]bool{}
	for {
		closed, due := 0, 0
		var failedNow []int64
		err := r.store.Write(ctx, func(tx *storage.Tx) error {
			closed, failedNow = 0, nil
			all, err := tx.DuePolls(after, now, batch+len(failed))
			if err != nil {
				return err
			}
			var ps []*storage.Poll
			for _, p := range all {
				if !failed[p.ID] && len(ps) < batch {
					ps = append(ps, p)
				}
			}
			due = len(ps)
			for _, p := range ps {
				g, err := tx.GroupByID(p.GroupID)
				if err != nil {
					return err
				}
				c := &Ctx{Tx: tx, U: bot.Update{Chat: g.Chat, Source: fmt.Sprintf("poll:%d/due", p.ID)}, Group: g, r: r}
				err = tx.Savepoint(func(*storage.Tx) error { return c.closePoll(p, 0) })
				if err != nil {
					if storage.IsTransient(err) {
						return err
					}
					slog.Error("poll_close_failed", "group_id", g.ID, "poll_id", p.ID, "err", err)
					failedNow = append(failedNow, p.ID)
					continue
				}
				for _, rep := range c.out {
					if err := tx.Queue(rep); err != nil {
						return err
					}
				}
				closed++
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += closed
		for _, id := range failedNow {
			failed[id] = true
		}
		if due < batch {
			// Polls opened from now on close after the store's clock:
			// the mark never passes it, whatever time the caller gave.
			mark := now
			if clock := r.store.Now(); clock.Before(mark) {
				mark = clock
			}
			if len(failed) == 0 && mark.After(r.pollsDoneUntil) {
				r.pollsDoneUntil = mark
			}
			return total, nil
		}
	}
}

// PollSent records which platform poll carries one of ours (the adapter
// reports it after sending), so that its votes find the poll. A poll that
// was closed before its send completed is stopped at once.
func (r *Router) PollSent(ctx context.Context, chat bot.ChatRef, key, pollID, messageID string) error {
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return fmt.Errorf("poll key %q: %w", key, err)
	}
	return r.store.Write(ctx, func(tx *storage.Tx) error {
		p, err := tx.PollByID(id)
		if err != nil || p == nil {
			return err
		}
		if err := tx.LinkPoll(p.ID, pollID, chat, messageID); err != nil {
			return err
		}
		if p.Decision != nil {
			return tx.Queue(bot.Reply{Chat: chat, StopPoll: messageID})
		}
		return nil
	})
}
