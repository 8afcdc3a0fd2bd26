package handlers_test

import (
	"testing"

	"kelompok/bot"
	"kelompok/locales"
)

func TestWithdrawalsSocialFundAndBank(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 50000 @eko")  // #1
	h.say(chatA, "siti", "/setor 30000 @budi") // #2
	out := h.outside("id")

	before := h.books()
	for _, b := range []struct{ name, who, text, want string }{
		{"more than the savings", "eko", "/tarik 60000", h.want("id", "withdraw.over_savings", "Savings", bot.Money(50000))},
		{"for another, by a member", "eko", "/tarik 1000 @budi", h.want("id", "deposit.for_other_not_allowed", "Roles", "bendahara, ketua")},
		{"zero", "eko", "/tarik 0", h.want("id", "money.is_zero", "Input", "0")},
		{"bank by a member", "eko", "/bank setor 1000", h.want("id", "error.not_allowed", "Command", "/bank", "Roles", "bendahara, ketua")},
		{"bank more than cash", "siti", "/bank setor 90000", h.want("id", "cashflow.not_enough_cash", "Cash", bot.Money(80000))},
		{"bank withdraw more than bank", "siti", "/bank tarik 1", h.want("id", "bank.not_enough", "Bank", bot.Money(0))},
		{"bank usage", "siti", "/bank pinjam 1000", h.want("id", "bank.usage")},
	} {
		h.expect(h.say(chatA, b.who, b.text), b.want)
		if after := h.books(); after != before {
			t.Errorf("%s changed the books", b.name)
		}
	}

	// Eko asks 20,000 back: it waits; a second ask over what is left is refused.
	h.expect(h.say(chatA, "eko", "/tarik 20000")[:1], h.want("id", "withdraw.pending", "No", 3, "Name", "Eko",
		"Amount", bot.Money(20000), "Confirmed", bot.Money(50000), "By", "Eko", "Outside", out))
	h.expect(h.say(chatA, "eko", "/tarik 40000"), h.want("id", "withdraw.over_savings", "Savings", bot.Money(30000)))
	h.say(chatA, "siti", "/terima 3")
	if s := h.savings(chatA, "eko"); s.Confirmed != 30000 {
		t.Fatalf("Eko's savings after the withdrawal: %+v", s)
	}
	h.expect(h.say(chatA, "siti", "/sosial 2000 @eko"), h.want("id", "social.recorded", "No", 4, "Name", "Eko",
		"Amount", bot.Money(2000), "Fund", bot.Money(2000), "By", "Siti", "Outside", out))
	h.expect(h.say(chatA, "siti", "/bank setor 40000"), h.want("id", "bank.recorded", "No", 5,
		"Kind", locales.Raw(h.cat.T("id", "kind.bank_deposit", nil)), "Amount", bot.Money(40000),
		"Cash", bot.Money(22000), "Bank", bot.Money(40000), "By", "Siti", "Outside", out))
	h.say(chatA, "siti", "/bank bunga 500")
	h.say(chatA, "siti", "/bank biaya 200")
	// Cash is 22,000 now: a withdrawal of Budi's 30,000 must wait for the bank.
	h.expect(h.say(chatA, "siti", "/tarik 25000 @budi"), h.want("id", "cashflow.not_enough_cash", "Cash", bot.Money(22000)))
	cash, bank := fundIdentity(t, h, chatA)
	if cash != 22000 || bank != 40300 {
		t.Fatalf("cash %d, bank %d", cash, bank)
	}
	h.expect(h.say(chatA, "siti", "/bank"), h.want("id", "bank.show", "Cash", bot.Money(22000), "Bank", bot.Money(40300)))
}

// A withdrawal asked for when there was money is checked again when the
// treasurer confirms it.
func TestWithdrawalCheckedAgainAtConfirmation(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 10000 @eko") // #1
	h.say(chatA, "eko", "/tarik 10000")       // #2, pending
	h.say(chatA, "siti", "/bank setor 10000") // #3: the cash went to the bank
	before := h.books()
	h.expect(h.say(chatA, "siti", "/terima 2"), h.want("id", "cashflow.not_enough_cash", "Cash", bot.Money(0)))
	if after := h.books(); after != before {
		t.Fatal("a refused confirmation changed the books")
	}
	fundIdentity(t, h, chatA)
}

// A correction never leaves the cash or the bank account below nothing,
// whatever kind of entry it reverses.
func TestCorrectionKeepsCashAndBankAboveZero(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 100000 @eko")   // #1
	h.say(chatA, "siti", "/bank setor 100000")   // #2: cash 0, bank 100,000
	h.say(chatA, "siti", "/bank tarik 60000")    // #3: cash 60,000, bank 40,000
	h.say(chatA, "siti", "/pengeluaran 60000 x") // #4: cash 0
	before := h.books()
	// Reversing the bank withdrawal would take 60,000 cash that is not there.
	h.expect(h.say(chatA, "siti", "/koreksi 3 salah"), h.want("id", "cashflow.not_enough_cash", "Cash", bot.Money(0)))
	// Reversing the bank deposit would take 100,000 from a bank holding 40,000.
	h.expect(h.say(chatA, "siti", "/koreksi 2 salah"), h.want("id", "bank.not_enough", "Bank", bot.Money(40000)))
	if after := h.books(); after != before {
		t.Fatal("a refused correction changed the books")
	}
	fundIdentity(t, h, chatA)
}
