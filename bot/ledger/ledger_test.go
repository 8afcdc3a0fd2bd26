package ledger

import (
	"math"
	"testing"

	"kelompok/bot"
)

func TestStatusOf(t *testing.T) {
	cases := []struct {
		needs bool
		d     Decision
		want  Status
	}{
		{false, "", Confirmed},
		{true, "", Pending},
		{true, DecisionConfirmed, Confirmed},
		{true, DecisionRejected, Void},
		{true, DecisionWithdrawn, Void},
	}
	for _, c := range cases {
		if got := StatusOf(c.needs, c.d); got != c.want {
			t.Errorf("StatusOf(%v, %q) = %s, want %s", c.needs, c.d, got, c.want)
		}
	}
}

func TestAddSubOverflow(t *testing.T) {
	if v, err := Add(5000, 2500); err != nil || v != 7500 {
		t.Fatalf("Add = %d, %v", v, err)
	}
	if _, err := Add(math.MaxInt64, 1); err == nil {
		t.Fatal("Add(MaxInt64, 1) did not fail")
	}
	if _, err := Sub(math.MinInt64, 1); err == nil {
		t.Fatal("Sub(MinInt64, 1) did not fail")
	}
	if v, err := Sub(100, 250); err != nil || v != -150 {
		t.Fatalf("Sub = %d, %v", v, err)
	}
	e, ok := bot.AsError(func() error { _, err := Add(math.MaxInt64, math.MaxInt64); return err }())
	if !ok || e.Key != "money.overflow" {
		t.Fatalf("overflow error = %v", e)
	}
}

func TestTotalsSavings(t *testing.T) {
	tot := Totals{}
	for _, m := range []bot.Money{5000, 10000} {
		if err := tot.Put(Deposit, Confirmed, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := tot.Put(Deposit, Pending, 2000); err != nil {
		t.Fatal(err)
	}
	s, err := SavingsOf(tot)
	if err != nil || s.Confirmed != 15000 || s.Pending != 2000 {
		t.Fatalf("SavingsOf = %+v, %v", s, err)
	}
	if err := tot.Put(Deposit, Confirmed, math.MaxInt64); err == nil {
		t.Fatal("Put overflow not detected")
	}
}

func TestCashAndUnpaidFines(t *testing.T) {
	tot := Totals{}
	for _, p := range []struct {
		k Kind
		s Status
		m bot.Money
	}{
		{Deposit, Confirmed, 50000}, {Deposit, Pending, 9000}, {Fine, Confirmed, 3000},
		{FinePayment, Confirmed, 1000}, {FinePayment, Pending, 2000}, {Income, Confirmed, 150000},
		{Expense, Confirmed, 90000}, {Expense, Void, 5000},
	} {
		if err := tot.Put(p.k, p.s, p.m); err != nil {
			t.Fatal(err)
		}
	}
	cash, err := Cash(tot)
	// 50,000 savings + 1,000 fines paid + 150,000 income - 90,000 expenses
	if err != nil || cash != 111000 {
		t.Fatalf("Cash = %d, %v; want 111000", cash, err)
	}
	unpaid, err := UnpaidFines(tot)
	if err != nil || unpaid != 2000 {
		t.Fatalf("UnpaidFines = %d, %v; want 2000", unpaid, err)
	}
}

func TestLoansInCash(t *testing.T) {
	tot := Totals{}
	for _, p := range []struct {
		k Kind
		m bot.Money
	}{{Deposit, 500000}, {LoanOut, 300000}, {LoanPrincipal, 44000}, {LoanInterest, 6000}} {
		if err := tot.Put(p.k, Confirmed, p.m); err != nil {
			t.Fatal(err)
		}
	}
	// 500,000 - 300,000 lent + 44,000 principal + 6,000 interest back.
	if cash, err := Cash(tot); err != nil || cash != 250000 {
		t.Fatalf("Cash = %d, %v; want 250000", cash, err)
	}
	if lent, err := LoansOutstanding(tot); err != nil || lent != 256000 {
		t.Fatalf("LoansOutstanding = %d, %v; want 256000", lent, err)
	}
}

// A share-out's profit payout leaves the cash and the retained earnings
// together: the fund identity still holds.
func TestRetainedEarningsWithProfitPaid(t *testing.T) {
	tot := Totals{}
	for k, v := range map[Kind]bot.Money{Deposit: 4500, Income: 900, FinePayment: 100, LoanInterest: 50,
		Expense: 40, BankDeposit: 300, BankInterest: 7, BankFee: 2, Withdrawal: 4500, ProfitPaid: 1000} {
		if err := tot.Put(k, Confirmed, v); err != nil {
			t.Fatal(err)
		}
	}
	r, err := RetainedEarnings(tot)
	if err != nil || r != 900+100+50+7-40-2-1000 {
		t.Fatalf("retained earnings %d, %v", r, err)
	}
	cash, _ := Cash(tot)
	bank, _ := Bank(tot)
	s, _ := SavingsOf(tot)
	if cash+bank != s.Confirmed+r {
		t.Errorf("cash %d + bank %d != savings %d + retained %d", cash, bank, s.Confirmed, r)
	}
}
