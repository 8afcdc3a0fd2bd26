package handlers_test

import (
	"strings"
	"testing"
	"time"

	"kelompok/bot"
)

// A share-out needs the chair and the treasurer as they are when it is
// booked: a confirmation by someone who has since left office does not
// count, so a new treasurer cannot book it alone.
func TestShareOutConfirmationsByCurrentOffices(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 100000 @eko")
	h.say(chatA, "siti", "/setor 100000 @budi")
	h.expect(h.say(chatA, "siti", "/bagihasil setuju"), h.want("id", "shareout.confirmed", "By", "Siti",
		"Total", bot.Money(200000), "Role", "ketua"))
	h.say(chatA, "budi", "/pengurus @eko bendahara") // Siti leaves the office
	entries := h.entryCount()
	h.expect(h.say(chatA, "eko", "/bagihasil setuju"), h.want("id", "shareout.confirmed", "By", "Eko",
		"Total", bot.Money(200000), "Role", "ketua"))
	if h.entryCount() != entries {
		t.Fatal("the share-out was booked without the chair")
	}
	h.say(chatA, "budi", "/bagihasil setuju")
	if h.entryCount() == entries {
		t.Error("the chair and the new treasurer did not book the share-out")
	}
	checkFund(t, h, chatA, "after the share-out")
}

// The loan limit is the member's, for all their loans together, at the
// request and at the pay-out.
func TestLoanLimitCountsOtherLoans(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.setRule(chatA, bot.RuleLoanMaxOpen, "2")
	h.say(chatA, "siti", "/setor 100000 @eko")
	h.say(chatA, "siti", "/setor 2000000 @budi")
	h.say(chatA, "eko", "/pinjam 200000 3") // P1
	before := h.books()
	h.expect(h.say(chatA, "eko", "/pinjam 200000 3"), h.want("id", "loan.over_limit_others", "Limit", bot.Money(300000),
		"Multiple", 3, "Savings", bot.Money(100000), "Owed", bot.Money(200000), "Left", bot.Money(100000), "Amount", bot.Money(200000)))
	if h.books() != before {
		t.Fatal("a refused request changed the books")
	}
	h.say(chatA, "eko", "/pinjam 100000 3") // P2: exactly what is left
	for _, p := range []string{"P1", "P2"} {
		h.say(chatA, "siti", "/setujui "+p)
		h.say(chatA, "budi", "/setujui "+p)
	}
	h.say(chatA, "siti", "/cairkan P1")
	h.say(chatA, "siti", "/cairkan P2")
	if f := checkFund(t, h, chatA, "two loans"); f.lent != 300000 {
		t.Errorf("lent %d, want 300,000 (the whole limit)", f.lent)
	}
}

// Correcting a deposit that stood behind a loan is allowed (the money was
// never paid) but the group is told the loan is no longer covered.
func TestDepositCorrectionUnderPledge(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 100000 @eko")  // #1
	h.say(chatA, "siti", "/setor 500000 @budi") // #2
	h.say(chatA, "eko", "/pinjam 300000 3")
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "budi", "/setujui P1")
	h.say(chatA, "siti", "/cairkan P1")
	got := h.say(chatA, "siti", "/koreksi 1 tidak jadi setor")
	want := h.want("id", "correct.loan_uncovered", "Name", "Eko", "Savings", bot.Money(0), "Pledged", bot.Money(100000),
		"Loan", bot.Money(300000))
	if len(got) != 2 || got[1] != want {
		t.Errorf("replies %q; want the correction and %q", got, want)
	}
	checkFund(t, h, chatA, "corrected")
}

// A cycle that made a loss has no share-out to confirm: the preview shows
// how the loss would fall and says at once that it cannot be booked.
func TestShareOutPreviewOfALoss(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 100000 @eko")
	h.say(chatA, "siti", "/pengeluaran 20000 pakan")
	got := h.say(chatA, "eko", "/bagihasil")
	if want := h.want("id", "shareout.loss_not_booked", "Loss", bot.Money(20000)); len(got) != 2 || got[1] != want {
		t.Errorf("replies %q; want the preview and %q", got, want)
	}
}

// A poll can be given its own closing time; the rules' poll duration is
// the default, and a time outside 1 hour to 30 days is refused.
func TestPollOwnClosingTime(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	got := h.say(chatA, "budi", "/voting Beli pakan? | Ya | Tidak | tutup 2 hari")
	closes := "Kamis, 26/11/2026 10:00" // opened Tuesday 24/11 10:00 WIB
	if len(got) == 0 || !strings.Contains(got[0], closes) {
		t.Fatalf("poll announcement %q does not close at %s", got, closes)
	}
	if strings.Contains(strings.Join(got, "\n"), "tutup 2 hari") {
		t.Errorf("the closing time was taken as an option: %q", got)
	}
	before := h.books()
	h.expect(h.say(chatA, "budi", "/voting Beli pakan? | Ya | Tidak | tutup 40 hari"),
		h.want("id", "poll.close_after_bad", "Input", "tutup 40 hari"))
	if h.books() != before {
		t.Error("a refused poll changed the books")
	}
	// Not closed by the ticker before its own time, closed after it.
	if n, err := h.router.ClosePollsDue(h.ctx, h.clock.T.Add(25*time.Hour)); err != nil || n != 0 {
		t.Errorf("closed %d polls a day in (err %v), want 0", n, err)
	}
	if n, err := h.router.ClosePollsDue(h.ctx, h.clock.T.Add(49*time.Hour)); err != nil || n != 1 {
		t.Errorf("closed %d polls after two days (err %v), want 1", n, err)
	}
}
