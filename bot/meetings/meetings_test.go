package meetings

import (
	"reflect"
	"testing"
	"time"
)

func TestArrival(t *testing.T) {
	jkt := time.FixedZone("WIB", 7*3600)
	start := time.Date(2026, 12, 1, 16, 0, 0, 0, jkt)
	grace := 15 * time.Minute
	cases := []struct {
		at   time.Time
		want Status
	}{
		{start.Add(-30 * time.Minute), Present},
		{start, Present},
		{start.Add(15 * time.Minute), Present},
		{start.Add(15*time.Minute + time.Second), Late},
		// The same instant seen from another zone is the same answer.
		{start.Add(20 * time.Minute).In(time.UTC), Late},
	}
	for _, c := range cases {
		if got := Arrival(c.at, start, grace); got != c.want {
			t.Errorf("Arrival(%v) = %s, want %s", c.at, got, c.want)
		}
	}
}

func TestCloseAbsencesAndFines(t *testing.T) {
	members := []int64{5, 1, 2, 3, 4}
	marks := map[int64]Status{1: Present, 2: Late, 3: Excused}
	absent, charges := Close(members, marks, FineRules{Late: 1000, Absent: 2000})
	if !reflect.DeepEqual(absent, []int64{4, 5}) {
		t.Fatalf("absent = %v", absent)
	}
	want := []Charge{{2, 1000, Late}, {4, 2000, Absent}, {5, 2000, Absent}}
	if !reflect.DeepEqual(charges, want) {
		t.Fatalf("charges = %v, want %v", charges, want)
	}
	_, charges = Close(members, marks, FineRules{})
	if len(charges) != 0 {
		t.Fatalf("no fine rules, charges %v", charges)
	}
}
