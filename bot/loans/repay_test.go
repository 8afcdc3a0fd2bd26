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
func loan10(t *testing.T, m Method) Loan {
	t.Helper()
	s, err := Schedule(1_000_000, 200, 10, 12, m, day(2026, 1, 15), jkt)
	if err != nil {
		t.Fatal(err)
	}
	return Loan{Schedule: s, RateBP: 200, Method: m}
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
	good := loan10(t, Flat).Schedule
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
	for name, sch := range bad {
		s := Loan{Schedule: sch, RateBP: 200, Method: Flat}
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
	ptr := func(i int) *Installment { in := flat.Schedule[i]; return &in }
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
				Overdue: Overdue{Count: 1, Amount: 120_000, Days: 1, Since: day(2026, 3, 15), Ns: []int{2}}}},
		// Installments 2 (15 Mar) and 3 (15 Apr) unpaid on 20 April: 36 days
		// since the oldest.
		{name: "two overdue", paid: []Payment{inst1}, at: at(2026, 4, 20), want: LoanStatus{
			Outstanding: 900_000, InterestDue: 40_000, PrincipalDue: 200_000, Payoff: 960_000,
			Next: ptr(3), NextOwed: 120_000,
			Overdue: Overdue{Count: 2, Amount: 240_000, Days: 36, Since: day(2026, 3, 15), Ns: []int{2, 3}}}},
		// A part paid: installment 2 lacks 90,000 principal.
		{name: "partly paid overdue", paid: []Payment{inst1, {20_000, 10_000}}, at: at(2026, 3, 20),
			want: LoanStatus{Outstanding: 890_000, PrincipalDue: 90_000, Payoff: 910_000,
				Next: ptr(2), NextOwed: 120_000,
				Overdue: Overdue{Count: 1, Amount: 90_000, Days: 5, Since: day(2026, 3, 15), Ns: []int{2}}}},
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

// A declining loan repaid early owes, for the later months, interest on the
// principal actually outstanding at their start, not on the schedule's
// balance. Each case is a sequence of repayments; before each one, Status
// is checked (payoff, next installment's interest and what is left of it),
// then the allocation. The numbers are worked out by hand in the comments.
func TestDecliningEarlyRepaymentRecomputes(t *testing.T) {
	type step struct {
		at                   time.Time
		payoff, nextInterest bot.Money // Status before the payment
		nextOwed             bot.Money
		amount               bot.Money
		want                 Allocation
	}
	cases := []struct {
		name           string
		principal      bot.Money
		rateBP, months int
		policy         EarlyPolicy
		schedInterest  []bot.Money
		steps          []step
	}{
		// 300,000 at 2% over 3 months from 15 Jan: principal 100,000 each,
		// interest 6,000, 4,000, 2,000. 206,000 on day 0: month 1's 6,000
		// and 200,000 of principal (installment 1's, and 2's early), leaving
		// 100,000. Month 2 then owes 2% x 100,000 = 2,000 (not 4,000) and,
		// nothing more being repaid before 15 March, month 3 2% x 100,000 =
		// 2,000: 10,000 in all, 2,000 of the schedule's 12,000 waived.
		{name: "example, 300,000 over 3", principal: 300_000, rateBP: 200, months: 3,
			schedInterest: []bot.Money{6_000, 4_000, 2_000},
			steps: []step{
				{at: at(2026, 1, 15), payoff: 306_000, nextInterest: 6_000, nextOwed: 106_000,
					amount: 206_000, want: Allocation{Interest: 6_000, Principal: 200_000, Outstanding: 100_000}},
				// 20 Feb: month 2 is running; installment 2's principal is
				// paid, its interest is 2,000. Payoff 2,000 + 100,000.
				{at: at(2026, 2, 20), payoff: 102_000, nextInterest: 2_000, nextOwed: 2_000,
					amount: 2_000, want: Allocation{Interest: 2_000, Outstanding: 100_000}},
				// 15 April, the last due day: month 3's 2,000 + 100,000.
				{at: at(2026, 4, 15), payoff: 102_000, nextInterest: 2_000, nextOwed: 102_000,
					amount: 102_000, want: Allocation{Interest: 2_000, Principal: 100_000, Closed: true, Waived: 2_000}},
			}},
		// The same under InterestScheduled: the schedule's interest stands.
		{name: "example, scheduled policy", principal: 300_000, rateBP: 200, months: 3,
			policy: InterestScheduled, schedInterest: []bot.Money{6_000, 4_000, 2_000},
			steps: []step{
				{at: at(2026, 1, 15), payoff: 312_000, nextInterest: 6_000, nextOwed: 106_000,
					amount: 212_000, want: Allocation{Interest: 12_000, Principal: 200_000, Outstanding: 100_000}},
				{at: at(2026, 2, 20), payoff: 100_000, nextInterest: 2_000, nextOwed: 100_000,
					amount: 100_000, want: Allocation{Principal: 100_000, Closed: true}},
			}},
		// 400,000 at 3% over 4 months from 15 Jan: principal 100,000 each,
		// interest 12,000, 9,000, 6,000, 3,000 (30,000).
		{name: "partial early repayment mid-loan", principal: 400_000, rateBP: 300, months: 4,
			schedInterest: []bot.Money{12_000, 9_000, 6_000, 3_000},
			steps: []step{
				// Installment 1 on time.
				{at: at(2026, 2, 15), payoff: 412_000, nextInterest: 12_000, nextOwed: 112_000,
					amount: 112_000, want: Allocation{Interest: 12_000, Principal: 100_000, Outstanding: 300_000}},
				// 20 Feb, in month 2: 159,000 = month 2's 9,000 (it began on
				// a 300,000 balance; principal repaid during it does not
				// lower it), installment 2's 100,000, 50,000 early.
				{at: at(2026, 2, 20), payoff: 309_000, nextInterest: 9_000, nextOwed: 109_000,
					amount: 159_000, want: Allocation{Interest: 9_000, Principal: 150_000, Outstanding: 150_000}},
				// 20 March, month 3 running: it began on 400,000 - 250,000 =
				// 150,000, so 3% = 4,500 (not 6,000). Installment 3 lacks
				// its 4,500 and 50,000 principal; payoff 4,500 + 150,000.
				{at: at(2026, 3, 20), payoff: 154_500, nextInterest: 4_500, nextOwed: 54_500,
					amount: 54_500, want: Allocation{Interest: 4_500, Principal: 50_000, Outstanding: 100_000}},
				// 15 May: month 4 began on 100,000: 3,000 (as scheduled).
				// Interest 12,000 + 9,000 + 4,500 + 3,000 = 28,500; 1,500 waived.
				{at: at(2026, 5, 15), payoff: 103_000, nextInterest: 3_000, nextOwed: 103_000,
					amount: 103_000, want: Allocation{Interest: 3_000, Principal: 100_000, Closed: true, Waived: 1_500}},
			}},
	}
	for _, c := range cases {
		sch, err := Schedule(c.principal, c.rateBP, c.months, 12, Declining, day(2026, 1, 15), jkt)
		if err != nil {
			t.Fatal(err)
		}
		for k, in := range sch {
			if in.Interest != c.schedInterest[k] {
				t.Fatalf("%s: scheduled interest %d = %d, want %d", c.name, k+1, in.Interest, c.schedInterest[k])
			}
		}
		loan := Loan{Schedule: sch, RateBP: c.rateBP, Method: Declining}
		var paid []Payment
		for i, s := range c.steps {
			st, err := Status(loan, paid, s.at, c.policy)
			if err != nil || st.Payoff != s.payoff || st.Next == nil || st.Next.Interest != s.nextInterest ||
				st.Next.Total != st.Next.Principal+st.Next.Interest || st.NextOwed != s.nextOwed {
				t.Fatalf("%s step %d: status %+v (next %+v), %v; want payoff %d, next interest %d, owed %d",
					c.name, i, st, st.Next, err, s.payoff, s.nextInterest, s.nextOwed)
			}
			a, err := Allocate(loan, paid, s.amount, s.at, c.policy)
			if err != nil || a != s.want {
				t.Fatalf("%s step %d:\n got %+v, %v\nwant %+v", c.name, i, a, err, s.want)
			}
			paid = append(paid, a.Payment())
		}
	}
}
