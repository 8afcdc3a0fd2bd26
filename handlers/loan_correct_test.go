package handlers_test

import (
	"testing"

	"kelompok/bot"
)

// A repayment booked by mistake is corrected whole: /koreksi of either
// part reverses its interest and its principal, the loan owes again what
// it owed before, and a closed loan opens again.
func TestCorrectRepayment(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.group(chatB, "tono")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 200000 @eko")  // #1
	h.say(chatA, "siti", "/setor 300000 @budi") // #2
	h.say(chatA, "eko", "/pinjam 300000 3")
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "budi", "/setujui P1")
	h.say(chatA, "siti", "/cairkan P1") // #3
	out := h.outside("id")
	h.expect(h.say(chatA, "siti", "/bayar 50000 @eko"), h.want("id", "loan.repaid", "Entries", "#4, #5", "No", "P1",
		"Name", "Eko", "Amount", bot.Money(50000), "Interest", bot.Money(6000), "Principal", bot.Money(44000),
		"Outstanding", bot.Money(256000), "By", "Siti", "Outside", out))

	for _, b := range []struct{ name, chat, who, text, want string }{
		{"a plain member", "", "eko", "/koreksi 5 salah", h.want("id", "error.not_allowed", "Command", "/koreksi", "Roles", "ketua, bendahara")},
		{"an officer of another group", "B", "tono", "/koreksi 5 salah", h.want("id", "entry.not_found", "No", 5)},
		{"the pay-out", "", "siti", "/koreksi 3 salah", h.want("id", "correct.loan_entry", "No", 3)},
	} {
		before := h.books()
		chat := chatA
		if b.chat == "B" {
			chat = chatB
		}
		h.expect(h.say(chat, b.who, b.text), b.want)
		if h.books() != before {
			t.Errorf("%s changed the books", b.name)
		}
	}

	// Correcting the principal part reverses the interest part too.
	h.expect(h.say(chatA, "siti", "/koreksi 5 salah orang"), h.want("id", "correct.repayment_done", "Loan", "P1",
		"Of", "#4, #5", "By", "#6, #7", "Amount", bot.Money(50000), "Name", "Eko", "Reason", "salah orang",
		"Officer", "Siti", "Outstanding", bot.Money(300000), "Outside", out))
	if cash, lent := loanFundIdentity(t, h, chatA, "corrected"); cash != 200000 || lent != 300000 {
		t.Fatalf("after the correction: cash %d, loans %d; want 200,000 and 300,000", cash, lent)
	}
	for _, b := range []struct{ name, text, want string }{
		{"the interest part again", "/koreksi 4 lagi", h.want("id", "correct.already", "No", 4, "By", 6)},
		{"the correction itself", "/koreksi 7 lagi", h.want("id", "correct.of_correction", "No", 7)},
	} {
		before := h.books()
		h.expect(h.say(chatA, "siti", b.text), b.want)
		if h.books() != before {
			t.Errorf("%s changed the books", b.name)
		}
	}
	// The first month's interest is owed again: the next repayment pays it first.
	h.expect(h.say(chatA, "siti", "/bayar 306000 @eko"), h.want("id", "loan.repaid_closed", "Entries", "#8, #9", "No", "P1",
		"Name", "Eko", "Amount", bot.Money(306000), "Interest", bot.Money(6000), "Principal", bot.Money(300000),
		"Outstanding", bot.Money(0), "By", "Siti", "Outside", out, "Waived", bot.Money(12000)))
	h.expect(h.say(chatA, "eko", "/pinjaman"), h.want("id", "loan.list_none"))
	// Correcting the closing repayment opens the loan again.
	h.say(chatA, "budi", "/koreksi 8 dobel")
	if cash, lent := loanFundIdentity(t, h, chatA, "reopened"); cash != 200000 || lent != 300000 {
		t.Fatalf("after correcting the payoff: cash %d, loans %d; want 200,000 and 300,000", cash, lent)
	}
	if got := h.say(chatA, "eko", "/pinjaman"); len(got) == 0 || got[0] == h.want("id", "loan.list_none") {
		t.Errorf("the loan is not open again after its payoff was corrected: %q", got)
	}
}
