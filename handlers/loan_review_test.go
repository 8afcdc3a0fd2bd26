package handlers_test

import (
	"strings"
	"testing"
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
