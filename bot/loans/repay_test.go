package loans

import (
	"reflect"
	"testing"
	"time"

	"kelompok/bot"
)

// loan10 is 1,000,000 at 2%/month over 10 months from 15 January 2026:
// installments due on the 15th, February to November, each 100,000
// principal plus 20,000 (flat) or 20,000, 18,000, ... 2,000 (declining).
func loan10(t *testing.T, m Method) []Installment {
	t.Helper()
	s, err := Schedule(1_000_000, 200, 10, 12, m, day(2026, 1, 15), jkt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// at is a moment on a day in Jakarta, mid-morning.
func at(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, jkt) }

// inst1 is the first flat installment, paid in full.
var inst1 = Payment{Interest: 20_000, Principal: 100_000}

func TestAllocate(t *testing.T) {
	cases := []struct {
		name   string
		method Method
		policy EarlyPolicy
		paid   []Payment
		at     time.Time
		amount bot.Money
		want   Allocation
		key    string
		args   map[string]any
	}{
		{name: "installment exactly", method: Flat, at: at(2026, 2, 15), amount: 120_000,
			want: Allocation{Interest: 20_000, Principal: 100_000, Outstanding: 900_000}},
		{name: "partial covers interest only", method: Flat, at: at(2026, 2, 15), amount: 15_000,
			want: Allocation{Interest: 15_000, Outstanding: 1_000_000}},
		// 5,000 interest was still open; the rest goes to principal.
		{name: "partial after partial", method: Flat, paid: []Payment{{Interest: 15_000}},
			at: at(2026, 2, 15), amount: 10_000,
			want: Allocation{Interest: 5_000, Principal: 5_000, Outstanding: 995_000}},
		// 15 March, the 2nd's due day: installments 1 and 2 (the current one);
		// both interests before any principal.
		{name: "interest of all due first", method: Flat, at: at(2026, 3, 15), amount: 50_000,
			want: Allocation{Interest: 40_000, Principal: 10_000, Outstanding: 990_000}},
		{name: "declining due interest", method: Declining, at: at(2026, 3, 15), amount: 50_000,
			want: Allocation{Interest: 38_000, Principal: 12_000, Outstanding: 988_000}},
		// 20 March: 1 and 2 are past due, 3 (due 15 April) is current.
		{name: "past due and current", method: Flat, at: at(2026, 3, 20), amount: 70_000,
			want: Allocation{Interest: 60_000, Principal: 10_000, Outstanding: 990_000}},
		// Paid at the meeting five days before the due date: it is the installment.
		{name: "installment a few days early", method: Flat, at: at(2026, 2, 10), amount: 120_000,
			want: Allocation{Interest: 20_000, Principal: 100_000, Outstanding: 900_000}},
		// Paid on time, then 150,000 on 20 Feb: the current installment (2nd)
		// in full, and 30,000 of the 3rd's principal early.
		{name: "early partial, to date", method: Flat, paid: []Payment{inst1}, at: at(2026, 2, 20),
			amount: 150_000, want: Allocation{Interest: 20_000, Principal: 130_000, Outstanding: 770_000}},
		// Scheduled: the current installment, then future interest (all
		// remaining interest is owed anyway) before future principal.
		{name: "early partial, scheduled", method: Flat, policy: InterestScheduled,
			paid: []Payment{inst1}, at: at(2026, 2, 20), amount: 200_000,
			want: Allocation{Interest: 100_000, Principal: 100_000, Outstanding: 800_000}},
		// Payoff on 20 Feb after installment 1: to date owes the current
		// (2nd) month's 20,000 and the 900,000 balance, and waives the other
		// 8 x 20,000 = 160,000 of flat interest.
		{name: "payoff flat, to date", method: Flat, paid: []Payment{inst1}, at: at(2026, 2, 20),
			amount: 920_000, want: Allocation{Interest: 20_000, Principal: 900_000, Closed: true, Waived: 160_000}},
		{name: "payoff flat, scheduled", method: Flat, policy: InterestScheduled,
			paid: []Payment{inst1}, at: at(2026, 2, 20), amount: 1_080_000,
			want: Allocation{Interest: 180_000, Principal: 900_000, Closed: true}},
		// Declining, five installments paid (interest 20+18+16+14+12 thousand),
		// paid off on 1 July: the 6th month's interest on the 500,000
		// balance (10,000) and the balance; 8,000+6,000+4,000+2,000 = 20,000
		// waived.
		{name: "payoff declining, to date", method: Declining, paid: []Payment{{80_000, 500_000}},
			at: at(2026, 7, 1), amount: 510_000,
			want: Allocation{Interest: 10_000, Principal: 500_000, Closed: true, Waived: 20_000}},
		// On 15 June, the 5th's due day, the 6th month has not begun: no
		// interest beyond the five paid, 30,000 waived.
		{name: "payoff on a due day", method: Declining, paid: []Payment{{80_000, 500_000}},
			at: at(2026, 6, 15), amount: 500_000,
			want: Allocation{Principal: 500_000, Closed: true, Waived: 30_000}},
		{name: "payoff declining, scheduled", method: Declining, policy: InterestScheduled,
			paid: []Payment{{80_000, 500_000}}, at: at(2026, 6, 15), amount: 530_000,
			want: Allocation{Interest: 30_000, Principal: 500_000, Closed: true}},
		// Within the first month: one month's interest.
		{name: "payoff in the first month", method: Flat, at: at(2026, 1, 16), amount: 1_020_000,
			want: Allocation{Interest: 20_000, Principal: 1_000_000, Closed: true, Waived: 180_000}},
		// The last installment, on time: nothing waived.
		{name: "last installment", method: Flat, paid: []Payment{{180_000, 900_000}},
			at: at(2026, 11, 15), amount: 120_000,
			want: Allocation{Interest: 20_000, Principal: 100_000, Closed: true}},
		// Everything due and late: the total of the schedule closes it.
		{name: "all late", method: Declining, at: at(2027, 6, 1), amount: 1_110_000,
			want: Allocation{Interest: 110_000, Principal: 1_000_000, Closed: true}},

		{name: "overpay by one", method: Flat, at: at(2026, 2, 15), amount: 1_020_001,
			key: KeyOverpay, args: map[string]any{"Owed": bot.Money(1_020_000), "Amount": bot.Money(1_020_001)}},
		{name: "overpay scheduled", method: Flat, policy: InterestScheduled, at: at(2026, 2, 15),
			amount: 5_000_000, key: KeyOverpay, args: map[string]any{"Owed": bot.Money(1_200_000)}},
		// Declining, installment 1 paid, 16 Feb: 2nd month's 18,000 + 900,000.
		{name: "overpay declining", method: Declining,
			paid: []Payment{{20_000, 100_000}}, at: at(2026, 2, 16), amount: 918_001,
			key: KeyOverpay, args: map[string]any{"Owed": bot.Money(918_000)}},
		{name: "closed loan", method: Flat, paid: []Payment{{0, 1_000_000}}, at: at(2026, 3, 1),
			amount: 1, key: KeyClosed},
		{name: "zero amount", method: Flat, at: at(2026, 3, 1), amount: 0,
			key: KeyAmountInvalid, args: map[string]any{"Amount": bot.Money(0)}},
		{name: "negative amount", method: Flat, at: at(2026, 3, 1), amount: -1, key: KeyAmountInvalid},
		{name: "unknown policy", method: Flat, policy: "never", at: at(2026, 3, 1), amount: 1, key: "plain"},
		{name: "paid more than scheduled", method: Flat, paid: []Payment{{200_001, 0}},
			at: at(2026, 3, 1), amount: 1, key: "plain"},
		{name: "negative payment", method: Flat, paid: []Payment{{-1, 0}}, at: at(2026, 3, 1),
			amount: 1, key: "plain"},
	}
	for _, c := range cases {
		got, err := Allocate(loan10(t, c.method), c.paid, c.amount, c.at, c.policy)
		if k := errKey(err); k != c.key {
			t.Errorf("%s: error %v, want key %q", c.name, err, c.key)
			continue
		}
		if c.key != "" {
			e, _ := bot.AsError(err)
			for k, v := range c.args {
				if e.Args[k] != v {
					t.Errorf("%s: arg %s = %v, want %v", c.name, k, e.Args[k], v)
				}
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
		if got.Interest+got.Principal != c.amount {
			t.Errorf("%s: split %d + %d != %d", c.name, got.Interest, got.Principal, c.amount)
		}
	}
}

// A bad schedule is the caller's bug, not the user's: a plain error.
func TestAllocateBadSchedule(t *testing.T) {
	good := loan10(t, Flat)
	bad := map[string][]Installment{"empty": nil}
	for name, edit := range map[string]func(s []Installment){
		"total":    func(s []Installment) { s[3].Total++ },
		"number":   func(s []Installment) { s[3].N = 7 },
		"order":    func(s []Installment) { s[3].Due = s[2].Due },
		"negative": func(s []Installment) { s[3].Principal, s[3].Interest = -1, 20_001 },
	} {
		s := append([]Installment(nil), good...)
		edit(s)
		bad[name] = s
	}
	bad["no principal"] = []Installment{{N: 1, Due: day(2026, 2, 1)}}
	for name, s := range bad {
		if _, err := Allocate(s, nil, 1, at(2026, 3, 1), InterestToDate); errKey(err) != "plain" {
			t.Errorf("%s: error %v", name, err)
		}
		if _, err := Status(s, nil, at(2026, 3, 1), InterestToDate); errKey(err) != "plain" {
			t.Errorf("%s: status error %v", name, err)
		}
	}
}

func TestStatus(t *testing.T) {
	flat := loan10(t, Flat)
	ptr := func(i int) *Installment { in := flat[i]; return &in }
	cases := []struct {
		name   string
		policy EarlyPolicy
		paid   []Payment
		at     time.Time
		want   LoanStatus
	}{
		// Nothing due yet; a payoff now owes the first month's interest.
		{name: "new loan", at: at(2026, 1, 20), want: LoanStatus{Outstanding: 1_000_000,
			Payoff: 1_020_000, Next: ptr(0), NextOwed: 120_000}},
		{name: "new loan, scheduled", policy: InterestScheduled, at: at(2026, 1, 20),
			want: LoanStatus{Outstanding: 1_000_000, Payoff: 1_200_000, Next: ptr(0), NextOwed: 120_000}},
		// Due today is due, not overdue.
		{name: "due today", paid: []Payment{inst1}, at: at(2026, 3, 15), want: LoanStatus{
			Outstanding: 900_000, InterestDue: 20_000, PrincipalDue: 100_000, Payoff: 920_000,
			Next: ptr(1), NextOwed: 120_000}},
		// 01:00 on 16 March in Jakarta (18:00 UTC on the 15th): one day late,
		// and the 3rd month has begun (its 20,000 is in the payoff).
		{name: "a day late, read in the schedule's zone", paid: []Payment{inst1},
			at: time.Date(2026, 3, 15, 18, 0, 0, 0, time.UTC), want: LoanStatus{
				Outstanding: 900_000, InterestDue: 20_000, PrincipalDue: 100_000, Payoff: 940_000,
				Next: ptr(2), NextOwed: 120_000,
				Overdue: Overdue{Count: 1, Amount: 120_000, Days: 1, Since: day(2026, 3, 15)}}},
		// Installments 2 (15 Mar) and 3 (15 Apr) unpaid on 20 April: 36 days
		// since the oldest.
		{name: "two overdue", paid: []Payment{inst1}, at: at(2026, 4, 20), want: LoanStatus{
			Outstanding: 900_000, InterestDue: 40_000, PrincipalDue: 200_000, Payoff: 960_000,
			Next: ptr(3), NextOwed: 120_000,
			Overdue: Overdue{Count: 2, Amount: 240_000, Days: 36, Since: day(2026, 3, 15)}}},
		// A part paid: installment 2 lacks 90,000 principal.
		{name: "partly paid overdue", paid: []Payment{inst1, {20_000, 10_000}}, at: at(2026, 3, 20),
			want: LoanStatus{Outstanding: 890_000, PrincipalDue: 90_000, Payoff: 910_000,
				Next: ptr(2), NextOwed: 120_000,
				Overdue: Overdue{Count: 1, Amount: 90_000, Days: 5, Since: day(2026, 3, 15)}}},
		// 150,000 paid on 20 Feb (installment 2 and 30,000 of the 3rd's
		// principal): on 1 March the 3rd is next, with 90,000 left of it.
		{name: "paid ahead", paid: []Payment{inst1, {20_000, 130_000}}, at: at(2026, 3, 1),
			want: LoanStatus{Outstanding: 770_000, Payoff: 770_000, Next: ptr(2), NextOwed: 90_000}},
		{name: "closed", paid: []Payment{{20_000, 1_000_000}}, at: at(2026, 9, 1),
			want: LoanStatus{Closed: true}},
	}
	for _, c := range cases {
		got, err := Status(flat, c.paid, c.at, c.policy)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

// The payoff Status reports is exactly what Allocate accepts and no more.
func TestStatusPayoffIsOwed(t *testing.T) {
	for _, p := range []EarlyPolicy{InterestToDate, InterestScheduled} {
		s := loan10(t, Declining)
		st, _ := Status(s, []Payment{{20_000, 30_000}}, at(2026, 4, 2), p)
		_, err := Allocate(s, []Payment{{20_000, 30_000}}, st.Payoff+1, at(2026, 4, 2), p)
		if e, ok := bot.AsError(err); !ok || e.Key != KeyOverpay || e.Args["Owed"] != st.Payoff {
			t.Errorf("%s: payoff %d, overpay error %v", p, st.Payoff, err)
		}
		a, err := Allocate(s, []Payment{{20_000, 30_000}}, st.Payoff, at(2026, 4, 2), p)
		if err != nil || !a.Closed {
			t.Errorf("%s: paying the payoff %d: %+v, %v", p, st.Payoff, a, err)
		}
	}
}

// An installment paid at the meeting before its due date is not overdue
// after it, and the next one is due in full.
func TestPaidEarlyIsNotOverdue(t *testing.T) {
	s := loan10(t, Flat)
	a, err := Allocate(s, []Payment{inst1}, 120_000, at(2026, 3, 10), InterestToDate)
	if err != nil {
		t.Fatal(err)
	}
	st, err := Status(s, []Payment{inst1, a.Payment()}, at(2026, 3, 20), InterestToDate)
	if err != nil || st.Overdue.Count != 0 || st.Next.N != 3 || st.NextOwed != 120_000 {
		t.Fatalf("status %+v, %v", st, err)
	}
}
