package handlers_test

import (
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/storage"
)

// An approval counts only while its giver holds the office: two chairs in
// a row are not a chair and a treasurer, and the pay-out is refused.
func TestLoanApprovalsFromCurrentOfficesOnly(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "sri", "siti", "budi", "dewi")
	h.say(chatA, "sri", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 100000 @budi")
	h.say(chatA, "siti", "/setor 500000 @dewi")
	h.say(chatA, "budi", "/pinjam 300000 3")
	h.say(chatA, "sri", "/setujui P1")
	h.say(chatA, "sri", "/pengurus @dewi ketua")
	h.say(chatA, "dewi", "/setujui P1")
	before := h.books()
	got := strings.Join(h.say(chatA, "siti", "/cairkan P1"), "\n")
	if !strings.Contains(got, "P1") || strings.Contains(got, "diserahkan") {
		t.Fatalf("paid out without the treasurer's approval: %s", got)
	}
	if after := h.books(); after != before {
		t.Fatal("a refused pay-out changed the books")
	}
	// The treasurer approves: now it is one chair and one treasurer.
	h.say(chatA, "siti", "/setujui P1")
	if got := strings.Join(h.say(chatA, "siti", "/cairkan P1"), "\n"); !strings.Contains(got, "diserahkan") {
		t.Fatalf("pay-out after both offices approved: %s", got)
	}
}

// The limit holds at the pay-out: savings withdrawn after the request
// lower it.
func TestLoanLimitCheckedAgainAtPayOut(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "sri", "siti", "budi", "dewi")
	h.say(chatA, "sri", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 100000 @budi")
	h.say(chatA, "siti", "/setor 500000 @dewi")
	h.say(chatA, "budi", "/pinjam 300000 3")
	h.say(chatA, "sri", "/setujui P1")
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "siti", "/tarik 100000 @budi")
	before := h.books()
	got := strings.Join(h.say(chatA, "siti", "/cairkan P1"), "\n")
	if strings.Contains(got, "diserahkan") || !strings.Contains(got, "batas pinjaman") {
		t.Fatalf("paid out over the limit: %s", got)
	}
	if after := h.books(); after != before {
		t.Fatal("a refused pay-out changed the books")
	}
}

// When the treasurer borrows, the secretary approves in the treasurer's
// place; the treasurer never approves their own loan.
func TestOfficerLoanApprovedWithSecretaryStandingIn(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "sri", "siti", "budi", "dewi")
	h.say(chatA, "sri", "/pengurus @siti bendahara")
	h.say(chatA, "sri", "/pengurus @budi sekretaris")
	h.say(chatA, "sri", "/setor 300000 @siti")
	h.say(chatA, "sri", "/setor 500000 @dewi")
	h.say(chatA, "siti", "/pinjam 300000 3")
	h.say(chatA, "sri", "/setujui P1")
	// A plain member may not stand in.
	if got := strings.Join(h.say(chatA, "dewi", "/setujui P1"), "\n"); !strings.Contains(got, "hanya untuk") {
		t.Fatalf("a plain member approved: %s", got)
	}
	if got := strings.Join(h.say(chatA, "budi", "/setujui P1"), "\n"); !strings.Contains(got, "Siap dicairkan") {
		t.Fatalf("the secretary standing in for the treasurer: %s", got)
	}
	if got := strings.Join(h.say(chatA, "sri", "/cairkan P1"), "\n"); !strings.Contains(got, "diserahkan") {
		t.Fatalf("pay-out of the treasurer's loan: %s", got)
	}
	// For a plain member's loan the secretary does not approve.
	h.say(chatA, "dewi", "/pinjam 100000 1")
	if got := strings.Join(h.say(chatA, "budi", "/setujui P2"), "\n"); !strings.Contains(got, "hanya untuk") {
		t.Fatalf("the secretary approved a member's loan: %s", got)
	}
}

// A declining loan repaid early in part: the next month's interest is on
// what is still owed (2% of 100,000), not on the schedule's balance.
func TestDecliningLoanEarlyRepaymentInChat(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chatA)
		if err != nil {
			return err
		}
		return tx.SetRule(g, bot.RuleLoanMethod, "declining", 0, "test")
	})
	h.say(chatA, "siti", "/setor 100000 @eko")
	h.say(chatA, "siti", "/setor 300000 @budi")
	h.say(chatA, "eko", "/pinjam 300000 3") // interest 6,000, 4,000, 2,000 on the schedule
	h.say(chatA, "budi", "/setujui P1")
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "siti", "/cairkan P1")
	// 206,000 at once: month 1's interest, then 200,000 of principal.
	got := strings.Join(h.say(chatA, "siti", "/bayar 206000 @eko"), "\n")
	if !strings.Contains(got, "bunga Rp6.000, pokok Rp200.000") {
		t.Fatalf("the early repayment: %s", got)
	}
	// Into month 2: its interest is 2% of the 100,000 still owed, 2,000,
	// not the schedule's 4,000, so paying off costs 102,000.
	h.clock.Advance(35 * 24 * time.Hour)
	got = strings.Join(h.say(chatA, "siti", "/bayar 104000 @eko"), "\n")
	if !strings.Contains(got, "Rp102.000") {
		t.Fatalf("what is owed in month 2 after the early repayment: %s", got)
	}
	if cash, lent := loanFundIdentity(t, h, chatA, "early"); lent != 100000 || cash != 306000 {
		t.Fatalf("cash %d, loans %d", cash, lent)
	}
}
