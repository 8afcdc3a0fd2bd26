package storage

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"kelompok/bot/ledger"
)

// Cycles and share-out confirmations: numbered per group, one
// confirmation per member and preview, append-only.
func TestCyclesAndConfirmations(t *testing.T) {
	s := openTest(t)
	a, other := newBook(t, s, "tg:-1"), newBook(t, s, "tg:-2")
	write(t, s, func(tx *Tx) error {
		c, err := tx.CurrentCycle(a.g.ID)
		if err != nil || c.No != 1 || !c.StartedAt.IsZero() {
			t.Errorf("first cycle %+v, %v", c, err)
		}
		if err := tx.ConfirmShareOut(a.g.ID, 1, "abc", 1000, a.chair.ID, 0, "c1"); err != nil {
			return err
		}
		return tx.ConfirmShareOut(a.g.ID, 1, "abc", 1000, a.siti.ID, 0, "c2")
	})
	// The same member confirming the same numbers twice is refused.
	err := s.Write(context.Background(), func(tx *Tx) error {
		return tx.ConfirmShareOut(a.g.ID, 1, "abc", 1000, a.chair.ID, 0, "c3")
	})
	if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Errorf("a second confirmation: %v", err)
	}
	write(t, s, func(tx *Tx) error {
		cs, err := tx.ShareOutConfirmations(a.g.ID, 1)
		if err != nil {
			return err
		}
		if len(cs) != 2 || cs[0].By != a.chair.ID || cs[1].By != a.siti.ID || cs[1].Fingerprint != "abc" || cs[1].Total != 1000 {
			t.Errorf("confirmations %+v", cs)
		}
		if err := tx.StartCycle(a.g.ID, 2, 900, 100, 1, a.siti.ID, "c2"); err != nil {
			return err
		}
		c, err := tx.CurrentCycle(a.g.ID)
		if err != nil || c.No != 2 || !c.StartedAt.Equal(tx.Now()) {
			t.Errorf("cycle after the share-out %+v, %v", c, err)
		}
		if c, err := tx.CurrentCycle(other.g.ID); err != nil || c.No != 1 {
			t.Errorf("the other group's cycle %+v, %v", c, err)
		}
		return nil
	})
	for _, q := range []string{"UPDATE cycles SET no = 3", "DELETE FROM cycles",
		"UPDATE shareout_confirmations SET total = 1", "DELETE FROM shareout_confirmations"} {
		err := s.Write(context.Background(), func(tx *Tx) error {
			_, err := tx.exec(q)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want append-only refusal", q, err)
		}
	}
}

// TotalsByMember agrees with MemberTotals for every member, and the
// group's totals with the sum of the members' and the group's own
// entries, pending, confirmed, rejected and corrected alike.
func TestTotalsByMemberAgree(t *testing.T) {
	s := openTest(t)
	b := newBook(t, s, "tg:-1")
	deposit(t, s, b, b.siti, 5000, false)
	deposit(t, s, b, b.eko, 7000, false)
	p := deposit(t, s, b, b.siti, 300, true)
	r := deposit(t, s, b, b.eko, 200, true)
	deposit(t, s, b, b.eko, 100, true)
	write(t, s, func(tx *Tx) error {
		if err := tx.Decide(p, ledger.DecisionConfirmed, b.chair.ID, 0, "d1"); err != nil {
			return err
		}
		if err := tx.Decide(r, ledger.DecisionRejected, b.chair.ID, 0, "d2"); err != nil {
			return err
		}
		first, err := tx.EntryByNo(b.g.ID, 1)
		if err != nil {
			return err
		}
		for _, e := range []*Entry{
			{GroupID: b.g.ID, Kind: ledger.Income, Amount: 900, RequestedBy: b.chair.ID, Source: "i"},
			{GroupID: b.g.ID, Kind: ledger.Withdrawal, MemberID: b.eko.ID, Amount: 50, RequestedBy: b.chair.ID, Source: "w"},
			{GroupID: b.g.ID, Kind: ledger.Deposit, MemberID: b.siti.ID, Amount: first.Amount, RequestedBy: b.chair.ID, Reverses: first.ID, Source: "r"},
		} {
			if err := tx.AddEntry(e); err != nil {
				return err
			}
		}
		by, err := tx.TotalsByMember(b.g.ID, time.Time{})
		if err != nil {
			return err
		}
		sum := ledger.Totals{}
		for _, m := range []*Member{b.chair, b.siti, b.eko} {
			want, err := tx.MemberTotals(b.g.ID, m.ID)
			if err != nil {
				return err
			}
			got := by[m.ID]
			if got == nil {
				got = ledger.Totals{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: TotalsByMember %v, MemberTotals %v", m.Name, got, want)
			}
			for k, byStatus := range want {
				for st, v := range byStatus {
					if err := sum.Put(k, st, v); err != nil {
						return err
					}
				}
			}
		}
		if err := sum.Put(ledger.Income, ledger.Confirmed, 900); err != nil {
			return err
		}
		group, err := tx.GroupTotals(b.g.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(group, sum) {
			t.Errorf("GroupTotals %v, the members' and the group's entries %v", group, sum)
		}
		sv, err := ledger.SavingsOf(group)
		if err != nil {
			return err
		}
		if want := (ledger.Savings{Confirmed: 300 + 7000 - 50, Pending: 100}); sv != want {
			t.Errorf("group savings %+v, want %+v", sv, want)
		}
		return nil
	})
}
