// Package polls holds the pure rules of the group's polls: which vote of
// each member counts, quorum, majority and the outcome. No I/O.
package polls

import (
	"sort"
	"time"
)

// Event is one vote event as recorded, in order: a vote (or a changed vote)
// or a retraction (no choices).
type Event struct {
	// Voter identifies who voted (a platform identity or a member).
	Voter string
	// Member is false for someone not registered in the group: such votes
	// are counted apart and never decide anything.
	Member  bool
	Choices []int
	At      time.Time
}

// Outcome is how a poll ended.
type Outcome string

const (
	// Decided: quorum met and one option has the majority (Winner).
	Decided Outcome = "decided"
	// NoMajority: quorum met but no option has the majority.
	NoMajority Outcome = "no_majority"
	// NoQuorum: too few members voted.
	NoQuorum Outcome = "no_quorum"
	// Tie: quorum met and two or more options share the most votes.
	Tie Outcome = "tie"
)

// Result is a poll's count.
type Result struct {
	// Counts are the members' votes per option.
	Counts []int
	// Voters is how many members' votes count; Members how many members
	// the group has; Ignored how many non-members voted.
	Voters, Members, Ignored int
	Outcome                  Outcome
	// Winner is the winning option's index, -1 if none.
	Winner int
}

// Latest is each voter's vote in force at the close: their latest event at
// or before closeAt; a retraction removes the vote; choices outside the
// options are ignored as a whole event. The map is voter -> option.
func Latest(events []Event, options int, closeAt time.Time) (members, others map[string]int) {
	members, others = map[string]int{}, map[string]int{}
	for _, e := range events {
		if e.At.After(closeAt) {
			continue
		}
		m := members
		if !e.Member {
			m = others
		}
		if len(e.Choices) == 0 {
			delete(m, e.Voter)
			continue
		}
		c := e.Choices[0]
		if c < 0 || c >= options {
			continue
		}
		m[e.Voter] = c
	}
	return members, others
}

// QuorumMet: at least quorumPct percent of the members voted (and someone
// did).
func QuorumMet(voters, members, quorumPct int) bool {
	if voters <= 0 || members <= 0 {
		return false
	}
	return voters*100 >= quorumPct*members
}

// HasMajority: the votes are more than majorityPct percent of all votes,
// or all of them when majorityPct is 100.
func HasMajority(votes, total, majorityPct int) bool {
	if total <= 0 || votes <= 0 {
		return false
	}
	if majorityPct >= 100 {
		return votes == total
	}
	return votes*100 > majorityPct*total
}

// Tally counts a poll at its close.
func Tally(events []Event, options, members, quorumPct, majorityPct int, closeAt time.Time) Result {
	in, out := Latest(events, options, closeAt)
	r := Result{Counts: make([]int, options), Voters: len(in), Members: members, Ignored: len(out), Winner: -1}
	for _, c := range in {
		r.Counts[c]++
	}
	if !QuorumMet(r.Voters, members, quorumPct) {
		r.Outcome = NoQuorum
		return r
	}
	order := make([]int, options)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return r.Counts[order[a]] > r.Counts[order[b]] })
	top := order[0]
	switch {
	case options > 1 && r.Counts[order[1]] == r.Counts[top]:
		r.Outcome = Tie
	case HasMajority(r.Counts[top], r.Voters, majorityPct):
		r.Outcome, r.Winner = Decided, top
	default:
		r.Outcome = NoMajority
	}
	return r
}

// Passed reports whether a yes/no poll (option 0 is yes) approved its
// proposal.
func (r Result) Passed() bool { return r.Outcome == Decided && r.Winner == 0 }
