package handlers_test

import (
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
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

// With a late-installment fine in the rules, a meeting's close fines each
// overdue installment once: the next meeting does not fine it again, a
// later overdue installment is fined in its turn, and the minutes say
// which installment it was.
func TestLateInstallmentFine(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 300000 @eko")
	h.say(chatA, "eko", "/pinjam 300000 3") // due 24/12, 24/01, 24/02
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "budi", "/setujui P1")
	h.say(chatA, "siti", "/cairkan P1")
	fines := func(step string) bot.Money {
		t.Helper()
		checkFund(t, h, chatA, step)
		var owed bot.Money
		h.tx(func(tx *storage.Tx) error {
			g, err := tx.GroupByChat(chatA)
			if err != nil {
				return err
			}
			tot, err := tx.GroupTotals(g.ID)
			if err != nil {
				return err
			}
			owed, err = ledger.UnpaidFines(tot)
			return err
		})
		return owed
	}
	// Every member comes to each meeting: the only fines are the loan's.
	meeting := func() []string {
		h.say(chatA, "budi", "/rapat mulai")
		h.say(chatA, "siti", "/hadir")
		h.say(chatA, "eko", "/hadir")
		return h.say(chatA, "budi", "/rapat selesai")
	}

	// Off by default: nothing is charged though the first installment is late.
	h.clock.T = time.Date(2026, 12, 28, 3, 0, 0, 0, time.UTC)
	meeting()
	if got := fines("no rule"); got != 0 {
		t.Fatalf("fined %d with no late-installment rule", got)
	}
	h.setRule(chatA, bot.RuleFineLateInstallment, "5000")
	minutes := meeting()
	if got := fines("first overdue"); got != 5000 {
		t.Fatalf("unpaid fines after the first overdue installment: %d, want 5,000", got)
	}
	line := h.want("id", "minutes.fine_line", "Name", "Eko", "Amount", bot.Money(5000),
		"Reason", locales.Raw(h.want("id", "fine.late_installment", "Loan", "P1", "N", 1)))
	if len(minutes) == 0 || !strings.Contains(minutes[len(minutes)-1], line) {
		t.Errorf("the minutes do not list %q:\n%q", line, minutes)
	}
	// The same installment is not fined twice.
	h.clock.T = time.Date(2027, 1, 4, 3, 0, 0, 0, time.UTC)
	meeting()
	if got := fines("same installment"); got != 5000 {
		t.Fatalf("unpaid fines after a second meeting: %d, want still 5,000", got)
	}
	// The second installment late too: one more fine, for P1/2 only.
	h.clock.T = time.Date(2027, 1, 26, 3, 0, 0, 0, time.UTC)
	meeting()
	if got := fines("second installment"); got != 10000 {
		t.Fatalf("unpaid fines after the second installment: %d, want 10,000", got)
	}
	// Paid up: no installment is overdue, no fine at the next close.
	h.say(chatA, "siti", "/bayar 212000 @eko")
	h.clock.T = time.Date(2027, 2, 1, 3, 0, 0, 0, time.UTC)
	meeting()
	if got := fines("paid up"); got != 10000 {
		t.Fatalf("unpaid fines after paying up: %d, want still 10,000", got)
	}
}

// A loan keeps the zone its installments were dated in: the group moving
// to another zone later does not move a due day.
func TestLoanKeepsItsZone(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 300000 @eko")
	h.clock.T = time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC) // 10:00 WIB; 22:00 on the 23rd in New York
	h.say(chatA, "eko", "/pinjam 300000 3")
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "budi", "/setujui P1")
	h.say(chatA, "siti", "/cairkan P1")
	h.setRule(chatA, bot.RuleTimeZone, "America/New_York")
	next := locales.Raw(h.want("id", "loan.next", "Due", "24/12/2026", "Amount", bot.Money(106000)))
	h.expect(h.say(chatA, "eko", "/pinjaman"), h.want("id", "loan.list", "Count", 1, "Lines", locales.Raw(
		h.want("id", "loan.list_line", "No", "P1", "Name", "Eko", "Outstanding", bot.Money(300000), "Next", next,
			"Overdue", locales.Raw("")))))
}

// A borrower's savings stand behind the loan: while principal is owed the
// savings may not fall below the principal outstanding divided by the
// loan multiple it was lent under, at the request and again at the
// confirmation; raising the multiple later frees nothing.
func TestWithdrawalKeepsLoanPledge(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 100000 @eko")  // #1
	h.say(chatA, "siti", "/setor 500000 @budi") // #2
	h.say(chatA, "siti", "/setor 20000 @eko")   // #3
	h.say(chatA, "eko", "/pinjam 300000 3")     // within 3 × 120,000
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "budi", "/setujui P1")
	h.say(chatA, "siti", "/cairkan P1") // #4
	refused := func(name, who, text, want string) {
		t.Helper()
		before := h.books()
		h.expect(h.say(chatA, who, text), want)
		if h.books() != before {
			t.Errorf("%s changed the books", name)
		}
	}
	refused("withdrawing", "siti", "/tarik 20001 @eko", h.want("id", "withdraw.pledged", "Pledged", bot.Money(100000),
		"Loan", bot.Money(300000), "Multiple", 3, "Free", bot.Money(20000)))
	h.say(chatA, "eko", "/tarik 20000") // #5, waits for the treasurer
	// #3 was never paid: corrected, the savings are 100,000, all pledged.
	h.say(chatA, "siti", "/koreksi 3 tidak jadi setor") // #6
	refused("confirming", "siti", "/terima 5", h.want("id", "withdraw.pledged", "Pledged", bot.Money(100000),
		"Loan", bot.Money(300000), "Multiple", 3, "Free", bot.Money(0)))
	h.say(chatA, "eko", "/batal")
	// The group raises the multiple later: the loan keeps its pledge.
	h.clock.T = h.clock.T.Add(time.Hour)
	h.setRule(chatA, bot.RuleLoanMultiple, "100")
	refused("withdrawing after the multiple was raised", "siti", "/tarik 1 @eko", h.want("id", "withdraw.pledged",
		"Pledged", bot.Money(100000), "Loan", bot.Money(300000), "Multiple", 3, "Free", bot.Money(0)))
	// Half the principal repaid (with the month's interest): half the pledge.
	h.say(chatA, "siti", "/bayar 156000 @eko")
	refused("withdrawing more than is free", "siti", "/tarik 50001 @eko", h.want("id", "withdraw.pledged",
		"Pledged", bot.Money(50000), "Loan", bot.Money(150000), "Multiple", 3, "Free", bot.Money(50000)))
	h.say(chatA, "siti", "/tarik 50000 @eko")
	checkFund(t, h, chatA, "pledge")
	if s := h.savings(chatA, "eko"); s.Confirmed != 50000 {
		t.Errorf("Eko's savings %d, want the pledge of 50,000 left", s.Confirmed)
	}
}
