package polls

import (
	"strconv"
	"testing"
	"time"
)

// BenchmarkTally: 30 members, each voting three times.
func BenchmarkTally(b *testing.B) {
	var ev []Event
	for round := 0; round < 3; round++ {
		for m := 0; m < 30; m++ {
			ev = append(ev, Event{Voter: strconv.Itoa(m), Member: true, Choices: []int{(m + round) % 3}, At: t0.Add(time.Duration(round) * time.Minute)})
		}
	}
	for b.Loop() {
		if r := Tally(ev, 3, 30, 50, 50, t0.Add(time.Hour)); r.Voters != 30 {
			b.Fatal(r)
		}
	}
}
