package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/polls"
)

// A poll is decided once: a second decision changes nothing, and the
// decision row cannot be updated or deleted.
func TestDecidePollOnce(t *testing.T) {
	clock := &bot.FixedClock{T: time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)}
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "k.db"), Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var p *Poll
	err = s.Write(context.Background(), func(tx *Tx) error {
		g, err := tx.CreateGroup("tg:-1", "A")
		if err != nil {
			return err
		}
		m, err := tx.AddMember(g.ID, "tg:1", "Budi", "budi", 0, "s1")
		if err != nil {
			return err
		}
		p = &Poll{GroupID: g.ID, Question: "Q?", Options: []string{"Ya", "Tidak"}, Kind: PollPlain,
			QuorumPct: 50, MajorityPct: 50, OpenedBy: m.ID, ClosesAt: clock.T.Add(time.Hour), Source: "s2"}
		if err := tx.AddPoll(p); err != nil {
			return err
		}
		r := polls.Result{Counts: []int{1, 0}, Voters: 1, Members: 1, Outcome: polls.Decided, Winner: 0}
		first, err := tx.DecidePoll(p, r, m.ID, 0, "s3")
		if err != nil || !first {
			t.Fatalf("first decision: %v %v", first, err)
		}
		r.Winner = 1
		again, err := tx.DecidePoll(p, r, m.ID, 0, "s4")
		if err != nil || again {
			t.Fatalf("second decision: %v %v", again, err)
		}
		// A decision naming no such member is an error, not ignored.
		if _, err := tx.DecidePoll(&Poll{ID: p.ID + 100}, r, 999, 0, "s5"); err == nil {
			t.Error("a decision of an unknown poll was ignored")
		}
		if _, err := tx.exec(`UPDATE poll_decisions SET winner = 1`); err == nil {
			t.Error("a decision was updated")
		}
		got, err := tx.PollByID(p.ID)
		if err != nil {
			return err
		}
		if got.Decision == nil || got.Decision.Result.Winner != 0 || got.Decision.ClosedBy != m.ID {
			t.Errorf("decision %+v", got.Decision)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// RulesAt gives the rules as they were at a moment: settings made later
// do not count.
func TestRulesAt(t *testing.T) {
	clock := &bot.FixedClock{T: time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)}
	st := openAt(t, filepath.Join(t.TempDir(), "k.db"), Options{Clock: clock})
	var g *Group
	write(t, st, func(tx *Tx) error {
		var err error
		g, err = tx.CreateGroup("tg:-1", "Tani")
		return err
	})
	opened := clock.T
	write(t, st, func(tx *Tx) error { return tx.ChangeRule(g, bot.RuleFineLate, "5000", 0, "", 0, "s1") })
	clock.Advance(time.Hour)
	write(t, st, func(tx *Tx) error { return tx.ChangeRule(g, bot.RuleFineLate, "10000", 0, "", 0, "s2") })
	write(t, st, func(tx *Tx) error {
		for _, c := range []struct {
			at   time.Time
			want bot.Money
		}{{opened.Add(-time.Second), 1000}, {opened, 5000}, {opened.Add(30 * time.Minute), 5000}, {clock.T, 10000}} {
			r, err := tx.RulesAt(g.ID, c.at)
			if err != nil {
				return err
			}
			if r.FineLate != c.want {
				t.Errorf("RulesAt(%s).FineLate = %d, want %d", c.at, r.FineLate, c.want)
			}
		}
		return nil
	})
}
