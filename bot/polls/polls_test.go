package polls

import (
	"reflect"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func TestQuorum(t *testing.T) {
	for _, c := range []struct {
		voters, members, pct int
		want                 bool
	}{
		{5, 10, 50, true},
		{4, 10, 50, false},
		{1, 3, 34, false},
		{2, 3, 34, true},
		{0, 10, 0, false}, // nobody voted: never a decision
		{1, 10, 0, true},
		{10, 10, 100, true},
		{9, 10, 100, false},
		{3, 0, 50, false},
	} {
		if got := QuorumMet(c.voters, c.members, c.pct); got != c.want {
			t.Errorf("QuorumMet(%d of %d, %d%%) = %v, want %v", c.voters, c.members, c.pct, got, c.want)
		}
	}
}

func TestMajority(t *testing.T) {
	for _, c := range []struct {
		votes, total, pct int
		want              bool
	}{
		{3, 5, 50, true},
		{2, 4, 50, false}, // half is not more than half
		{3, 4, 50, true},
		{2, 3, 66, true},
		{2, 3, 67, false},
		{4, 4, 100, true},
		{3, 4, 100, false},
		{0, 0, 50, false},
		{0, 3, 50, false},
	} {
		if got := HasMajority(c.votes, c.total, c.pct); got != c.want {
			t.Errorf("HasMajority(%d of %d, %d%%) = %v, want %v", c.votes, c.total, c.pct, got, c.want)
		}
	}
}

func TestTally(t *testing.T) {
	v := func(who string, min int, choices ...int) Event {
		return Event{Voter: who, Member: true, Choices: choices, At: at(min)}
	}
	outsider := Event{Voter: "x", Member: false, Choices: []int{1}, At: at(1)}
	for _, c := range []struct {
		name     string
		events   []Event
		members  int
		q, m     int
		close    time.Time
		want     Outcome
		winner   int
		counts   []int
		voters   int
		ignored  int
		passedYN bool
	}{
		{"yes wins", []Event{v("a", 1, 0), v("b", 2, 0), v("c", 3, 1)}, 4, 50, 50, at(10), Decided, 0, []int{2, 1}, 3, 0, true},
		{"no wins", []Event{v("a", 1, 1), v("b", 2, 1), v("c", 3, 0)}, 4, 50, 50, at(10), Decided, 1, []int{1, 2}, 3, 0, false},
		{"no quorum", []Event{v("a", 1, 0)}, 4, 50, 50, at(10), NoQuorum, -1, []int{1, 0}, 1, 0, false},
		{"tie", []Event{v("a", 1, 0), v("b", 2, 1)}, 4, 50, 50, at(10), Tie, -1, []int{1, 1}, 2, 0, false},
		{"changed vote replaces", []Event{v("a", 1, 0), v("b", 2, 0), v("a", 3, 1), v("c", 4, 1)}, 3, 50, 50, at(10), Decided, 1, []int{1, 2}, 3, 0, false},
		{"retraction removes", []Event{v("a", 1, 0), v("b", 2, 0), v("b", 3)}, 4, 50, 50, at(10), NoQuorum, -1, []int{1, 0}, 1, 0, false},
		{"after close ignored", []Event{v("a", 1, 0), v("b", 2, 0), v("c", 20, 1), v("d", 21, 1), v("e", 22, 1)}, 5, 40, 50, at(10), Decided, 0, []int{2, 0}, 2, 0, true},
		{"non-members counted apart", []Event{v("a", 1, 0), outsider, v("b", 2, 0)}, 4, 50, 50, at(10), Decided, 0, []int{2, 0}, 2, 1, true},
		{"no majority among three", []Event{v("a", 1, 0), v("b", 1, 0), v("c", 1, 1), v("d", 1, 2), v("e", 1, 1), v("f", 1, 0)}, 6, 50, 50, at(10), NoMajority, -1, []int{3, 2, 1}, 6, 0, false},
		{"bad option ignored", []Event{v("a", 1, 0), v("a", 2, 7), v("b", 3, 0)}, 3, 50, 50, at(10), Decided, 0, []int{2, 0}, 2, 0, true},
		{"unanimity needed", []Event{v("a", 1, 0), v("b", 1, 0), v("c", 1, 1)}, 3, 50, 100, at(10), NoMajority, -1, []int{2, 1}, 3, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Tally(c.events, 2+btoi(len(c.counts) == 3), c.members, c.q, c.m, c.close)
			if r.Outcome != c.want || r.Winner != c.winner || !reflect.DeepEqual(r.Counts, c.counts) ||
				r.Voters != c.voters || r.Ignored != c.ignored || r.Members != c.members {
				t.Errorf("Tally = %+v, want %s winner %d counts %v voters %d ignored %d", r, c.want, c.winner, c.counts, c.voters, c.ignored)
			}
			if r.Passed() != c.passedYN {
				t.Errorf("Passed = %v, want %v", r.Passed(), c.passedYN)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A vote at exactly the close counts; one a moment later does not.
func TestCloseBoundary(t *testing.T) {
	ev := []Event{{Voter: "a", Member: true, Choices: []int{0}, At: at(10)},
		{Voter: "b", Member: true, Choices: []int{1}, At: at(10).Add(time.Millisecond)}}
	in, _ := Latest(ev, 2, at(10))
	if !reflect.DeepEqual(in, map[string]int{"a": 0}) {
		t.Errorf("Latest = %v", in)
	}
}
