package handlers_test

import (
	"testing"

	"kelompok/bot"
	"kelompok/locales"
)

// Help from the social fund: the treasurer pays a member in need, with the
// reason; never more than the fund, never by a plain member; the fund and
// the cash go down together and the identity holds.
func TestSocialFundPayout(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.group(chatB, "tono")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 100000 @eko")  // #1: savings, not the social fund
	h.say(chatA, "siti", "/sosial 30000 @eko")  // #2
	h.say(chatA, "siti", "/sosial 20000 @budi") // #3
	checkFund(t, h, chatA, "contributions")

	for _, b := range []struct{ name, chat, who, text, want string }{
		{"a plain member", "", "eko", "/sosial bayar 10000 @eko sakit",
			h.want("id", "error.not_allowed", "Command", "/sosial bayar", "Roles", "bendahara, ketua")},
		{"an officer of another group", "B", "tono", "/sosial bayar 10000 @eko sakit",
			h.want("id", "member.not_found", "Name", "@eko")},
		{"more than the social fund", "", "siti", "/sosial bayar 60000 @eko sakit",
			h.want("id", "social.over_fund", "Fund", bot.Money(50000), "Amount", bot.Money(60000))},
		{"no reason", "", "siti", "/sosial bayar 10000 @eko", h.want("id", "social.pay_reason_missing")},
		{"no member", "", "siti", "/sosial bayar 10000", h.want("id", "social.pay_usage")},
		{"no amount", "", "siti", "/sosial bayar", h.want("id", "social.pay_usage")},
		{"an unknown member", "", "siti", "/sosial bayar 10000 @dodi sakit", h.want("id", "member.not_found", "Name", "@dodi")},
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

	h.expect(h.say(chatA, "siti", "/sosial bayar 45000 @eko rawat inap"), h.want("id", "social.paid", "No", 4, "Name", "Eko",
		"Amount", bot.Money(45000), "Reason", "rawat inap", "Fund", bot.Money(5000), "By", "Siti", "Outside", h.outside("id")))
	f := checkFund(t, h, chatA, "payout")
	if f.cash != 105000 {
		t.Errorf("cash after the payout: %d, want 105,000", f.cash)
	}
	// Corrected (paid to the wrong person): the fund has it back.
	h.say(chatA, "siti", "/koreksi 4 salah orang")
	if f := checkFund(t, h, chatA, "corrected"); f.cash != 150000 {
		t.Errorf("cash after correcting the payout: %d, want 150,000", f.cash)
	}
	// Eko's savings are untouched by help he received.
	if s := h.savings(chatA, "eko"); s.Confirmed != 100000 {
		t.Errorf("Eko's savings: %d, want 100,000", s.Confirmed)
	}
}

// Open books: with the rule, any member may read another's passbook;
// without it, only officers.
func TestBooksOpenRule(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/setor 10000 @siti")
	h.expect(h.say(chatA, "eko", "/saldo @siti"), h.want("id", "balance.other_not_allowed"))
	h.setRule(chatA, bot.RuleBooksOpen, "true")
	h.expect(h.say(chatA, "eko", "/saldo @siti"), h.want("id", "balance.show", "Name", "Siti", "Confirmed", bot.Money(10000),
		"Pending", bot.Money(0), "Fines", bot.Money(0), "Loan", bot.Money(0), "Next", locales.Raw("-")))
}
