package handlers

import (
	"slices"
	"testing"

	"kelompok/bot/ledger"
)

// Every kind of money the books know has its place in the minutes' money
// section (fines are listed apart, as charges).
func TestMoneyOrderHasEveryKind(t *testing.T) {
	for _, k := range ledger.Kinds {
		if k == ledger.Fine {
			continue
		}
		if !slices.Contains(moneyOrder, string(k)) {
			t.Errorf("kind %q is missing from the minutes' money order", k)
		}
	}
}
