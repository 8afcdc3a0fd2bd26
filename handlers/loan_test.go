package handlers_test

import (
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/locales"
	"kelompok/storage"
)

// schedLines renders a schedule's lines as the bot does.
func (h *harness) schedLines(lang string, rows ...[]any) locales.Raw {
	lines := make([]string, len(rows))
	for i, kv := range rows {
		lines[i] = h.cat.T(lang, "loan.schedule_line", bot.E("loan.schedule_line", kv...).Args)
	}
	return locales.Raw(strings.Join(lines, "\n"))
}

func inst(n int, due string, principal, interest bot.Money) []any {
	return []any{"N", n, "Due", due, "Principal", principal, "Interest", interest, "Total", principal + interest}
}

// A loan from request to repaid in full: 300,000 over 3 months at 2% a
// month flat is 6,000 interest and 100,000 principal a month.
func TestLoanFlow(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.group(chatB, "tono")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 200000 @eko")  // #1
	h.say(chatA, "siti", "/setor 300000 @budi") // #2
	out := h.outside("id")
	loanFundIdentity(t, h, chatA, "deposits")

	// Bad requests, each changing nothing.
	refused := func(cases []struct{ name, chat, who, text, want string }) {
		t.Helper()
		for _, b := range cases {
			before := h.books()
			chat := chatA
			if b.chat == "B" {
				chat = chatB
			}
			h.expect(h.say(chat, b.who, b.text), b.want)
			if after := h.books(); after != before {
				t.Errorf("%s changed the books", b.name)
			}
			loanFundIdentity(t, h, chatA, b.name)
		}
	}
	refused([]struct{ name, chat, who, text, want string }{
		{"over the limit", "", "eko", "/pinjam 700000 3", h.want("id", "loan.over_limit", "Limit", bot.Money(600000),
			"Amount", bot.Money(700000), "Savings", bot.Money(200000), "Multiple", 3)},
		{"over the cash", "", "eko", "/pinjam 550000 3", h.want("id", "loan.over_cash", "Cash", bot.Money(500000), "Amount", bot.Money(550000))},
		{"tenor 0", "", "eko", "/pinjam 300000 0", h.want("id", "loan.tenor_invalid", "Months", 0, "Max", 12)},
		{"tenor over the maximum", "", "eko", "/pinjam 300000 13", h.want("id", "loan.tenor_invalid", "Months", 13, "Max", 12)},
		{"no tenor", "", "eko", "/pinjam 300000", h.want("id", "loan.usage")},
	})

	// The request: number P1 and the schedule, dated from today (24/11/2026).
	sched := h.schedLines("id", inst(1, "24/12/2026", 100000, 6000), inst(2, "24/01/2027", 100000, 6000),
		inst(3, "24/02/2027", 100000, 6000))
	h.expect(h.say(chatA, "eko", "/pinjam 300000 3 beli bibit"), h.want("id", "loan.requested", "No", "P1", "Name", "Eko",
		"Amount", bot.Money(300000), "Months", 3, "Rate", "2%", "Method", locales.Raw(h.cat.T("id", "loan.method_flat", nil)),
		"Lines", sched, "Interest", bot.Money(18000), "Total", bot.Money(318000)))
	// Budi (the chair) asks too: P2.
	h.say(chatA, "budi", "/pinjam 100000 2")
	loanFundIdentity(t, h, chatA, "requests")

	refused([]struct{ name, chat, who, text, want string }{
		{"a second open loan", "", "eko", "/pinjam 1000 1", h.want("id", "loan.already_open", "Open", 1, "Max", 1)},
		{"approving your own loan", "", "budi", "/setujui P2", h.want("id", "loan.own_approval", "No", "P2")},
		{"approving by a member", "", "eko", "/setujui P1", h.want("id", "error.not_allowed", "Command", "/setujui", "Roles", "ketua, bendahara")},
		{"disbursing before approvals", "", "siti", "/cairkan P1", h.want("id", "loan.not_approved", "No", "P1", "Count", 0)},
		{"approving a loan of nobody", "", "siti", "/setujui P9", h.want("id", "loan.not_found", "No", "P9")},
		{"repaying before the pay-out", "", "siti", "/bayar 1000 P1", h.want("id", "loan.not_disbursed", "No", "P1")},
	})

	h.expect(h.say(chatA, "siti", "/setujui P1"), h.want("id", "loan.approved", "No", "P1", "Name", "Eko",
		"Amount", bot.Money(300000), "By", "Siti", "Role", "ketua"))
	refused([]struct{ name, chat, who, text, want string }{
		{"approving twice", "", "siti", "/setujui P1", h.want("id", "loan.already_approved", "No", "P1", "Name", "Siti")},
		{"disbursing after one approval", "", "siti", "/cairkan P1", h.want("id", "loan.not_approved", "No", "P1", "Count", 1)},
	})
	h.expect(h.say(chatA, "budi", "/setujui P1"), h.want("id", "loan.ready", "No", "P1", "Name", "Eko",
		"Amount", bot.Money(300000), "By", "Budi"))
	// Budi's own loan is rejected by the treasurer: /tolak P2 is a loan, /tolak 2 an entry.
	h.expect(h.say(chatA, "siti", "/tolak P2"), h.want("id", "loan.rejected", "No", "P2", "Name", "Budi",
		"Amount", bot.Money(100000), "By", "Siti"))
	refused([]struct{ name, chat, who, text, want string }{
		{"approving a rejected loan", "", "siti", "/setujui P2", h.want("id", "loan.already_rejected", "No", "P2")},
		{"/tolak N still rejects entries", "", "siti", "/tolak 2", h.want("id", "entry.already_confirmed", "No", 2)},
	})

	// The pay-out: entry #3, the cash goes down, the loans outstanding up.
	h.expect(h.say(chatA, "siti", "/cairkan P1"), h.want("id", "loan.disbursed", "No", "P1", "Entry", 3, "Name", "Eko",
		"Amount", bot.Money(300000), "Cash", bot.Money(200000), "By", "Siti", "Lines", sched, "Outside", out))
	if cash, lent := loanFundIdentity(t, h, chatA, "pay-out"); cash != 200000 || lent != 300000 {
		t.Fatalf("after the pay-out: cash %d, loans %d", cash, lent)
	}
	h.expect(h.say(chatA, "eko", "/pinjaman"), h.want("id", "loan.list", "Count", 1, "Lines", locales.Raw(
		h.cat.T("id", "loan.list_line", bot.E("", "No", "P1", "Name", "Eko", "Outstanding", bot.Money(300000),
			"Next", locales.Raw(h.cat.T("id", "loan.next", bot.E("", "Due", "24/12/2026", "Amount", bot.Money(106000)).Args)),
			"Overdue", locales.Raw("")).Args))))

	refused([]struct{ name, chat, who, text, want string }{
		{"disbursing twice", "", "siti", "/cairkan P1", h.want("id", "loan.already_disbursed", "No", "P1")},
		{"a plain member repaying", "", "eko", "/bayar 10000", h.want("id", "loan.repay_officer", "Roles", "bendahara, ketua")},
		{"someone else's loan", "", "siti", "/bayar 10000 P1 @budi", h.want("id", "loan.not_found", "No", "P1")},
		{"a loan number of another group", "B", "tono", "/bayar 1000 P1", h.want("id", "loan.not_found", "No", "P1")},
		{"a member without a loan", "", "siti", "/bayar 1000 @budi", h.want("id", "loan.none_open", "Name", "Budi")},
		// Today the first month's interest and all the principal close it.
		{"overpaying", "", "siti", "/bayar 400000 @eko", h.want("id", "loan.overpay", "Owed", bot.Money(306000), "Amount", bot.Money(400000))},
		{"correcting a loan entry", "", "siti", "/koreksi 3 salah", h.want("id", "correct.loan_entry", "No", 3)},
	})

	// A partial repayment: interest first (6,000), then principal (44,000).
	h.expect(h.say(chatA, "siti", "/bayar 50000 @eko"), h.want("id", "loan.repaid", "Entries", "#4, #5", "No", "P1",
		"Name", "Eko", "Amount", bot.Money(50000), "Interest", bot.Money(6000), "Principal", bot.Money(44000),
		"Outstanding", bot.Money(256000), "By", "Siti", "Outside", out))
	if cash, lent := loanFundIdentity(t, h, chatA, "partial"); cash != 250000 || lent != 256000 {
		t.Fatalf("after the partial repayment: cash %d, loans %d", cash, lent)
	}

	// 10 January 2027: the first installment's 56,000 is 17 days overdue;
	// the second (24/01) is next, 106,000.
	h.clock.T = time.Date(2027, 1, 10, 3, 0, 0, 0, time.UTC)
	next := locales.Raw(h.cat.T("id", "loan.next", bot.E("", "Due", "24/01/2027", "Amount", bot.Money(106000)).Args))
	h.expect(h.say(chatA, "eko", "/pinjaman"), h.want("id", "loan.list", "Count", 1, "Lines", locales.Raw(
		h.cat.T("id", "loan.list_line", bot.E("", "No", "P1", "Name", "Eko", "Outstanding", bot.Money(256000), "Next", next,
			"Overdue", locales.Raw(h.cat.T("id", "loan.overdue", bot.E("", "Count", 1, "Amount", bot.Money(56000), "Days", 17).Args))).Args))))
	h.expect(h.say(chatA, "eko", "/saldo"), h.want("id", "balance.show", "Name", "Eko", "Confirmed", bot.Money(200000),
		"Pending", bot.Money(0), "Fines", bot.Money(0), "Loan", bot.Money(256000), "Next", next))

	// Paid off in the second month: that month's interest and the rest of
	// the principal; the third month's interest is not charged.
	h.expect(h.say(chatA, "siti", "/bayar 262001 P1"), h.want("id", "loan.overpay", "Owed", bot.Money(262000), "Amount", bot.Money(262001)))
	h.expect(h.say(chatA, "budi", "/bayar 262000 P1"), h.want("id", "loan.repaid_closed", "Entries", "#6, #7", "No", "P1",
		"Name", "Eko", "Amount", bot.Money(262000), "Interest", bot.Money(6000), "Principal", bot.Money(256000),
		"Outstanding", bot.Money(0), "By", "Budi", "Outside", out, "Waived", bot.Money(6000)))
	if cash, lent := loanFundIdentity(t, h, chatA, "repaid"); cash != 512000 || lent != 0 {
		t.Fatalf("after the repayment: cash %d, loans %d", cash, lent)
	}

	refused([]struct{ name, chat, who, text, want string }{
		{"repaying a closed loan", "", "siti", "/bayar 1000 P1", h.want("id", "loan.closed")},
		{"repaying with no open loan", "", "siti", "/bayar 1000 @eko", h.want("id", "loan.none_open", "Name", "Eko")},
	})
	h.expect(h.say(chatA, "eko", "/pinjaman"), h.want("id", "loan.list_none"))
	h.expect(h.say(chatA, "eko", "/kas")[:1], h.want("id", "fund.show", fundArgs(
		"Confirmed", bot.Money(500000), "Count", 3, "Cash", bot.Money(512000), "Total", bot.Money(512000),
		// The interest earned shows, so cash + loans = savings + earnings reads off /kas.
		"LoanInterest", bot.Money(12000), "Earnings", bot.Money(12000))...))
	// Repaid, Eko may borrow again.
	if got := h.say(chatA, "eko", "/pinjam 100000 1"); len(got) != 1 || !strings.Contains(got[0], "P3") {
		t.Fatalf("a new loan after repaying: %q", got)
	}
}

// A declining loan in English, paid out and repaid inside a meeting:
// 100,000 over 2 months at 2% a month on the balance is 2,000 then 1,000
// interest; repaid in full in the first month, the second month's 1,000 is
// not charged.
func TestLoanDecliningInMeetingEnglish(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/bahasa en")
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chatA)
		if err != nil {
			return err
		}
		return tx.SetRule(g, bot.RuleLoanMethod, "declining", 0, "test")
	})
	h.say(chatA, "siti", "/deposit 50000 @eko")   // #1
	h.say(chatA, "siti", "/deposit 100000 @budi") // #2
	h.say(chatA, "budi", "/meeting start")
	sched := h.schedLines("en", inst(1, "24/12/2026", 50000, 2000), inst(2, "24/01/2027", 50000, 1000))
	h.expect(h.say(chatA, "eko", "/loan 100000 2 seeds"), h.want("en", "loan.requested", "No", "P1", "Name", "Eko",
		"Amount", bot.Money(100000), "Months", 2, "Rate", "2%", "Method", locales.Raw(h.cat.T("en", "loan.method_declining", nil)),
		"Lines", sched, "Interest", bot.Money(3000), "Total", bot.Money(103000)))
	h.say(chatA, "budi", "/approve P1")
	h.say(chatA, "siti", "/approve P1")
	none := locales.Raw("")
	h.expect(h.say(chatA, "siti", "/disburse P1"), h.want("en", "loan.disbursed", "No", "P1", "Entry", 3, "Name", "Eko",
		"Amount", bot.Money(100000), "Cash", bot.Money(50000), "By", "Siti", "Lines", sched, "Outside", none))
	loanFundIdentity(t, h, chatA, "pay-out")
	h.expect(h.say(chatA, "siti", "/repay 102000 @eko"), h.want("en", "loan.repaid_closed", "Entries", "#4, #5", "No", "P1",
		"Name", "Eko", "Amount", bot.Money(102000), "Interest", bot.Money(2000), "Principal", bot.Money(100000),
		"Outstanding", bot.Money(0), "By", "Siti", "Outside", none, "Waived", bot.Money(1000)))
	if cash, lent := loanFundIdentity(t, h, chatA, "repaid"); cash != 152000 || lent != 0 {
		t.Fatalf("cash %d, loans %d", cash, lent)
	}
	// The entries belong to the meeting: its minutes list the loan's money.
	got := strings.Join(h.say(chatA, "budi", "/meeting end"), "\n")
	for _, k := range []string{"loan_out", "loan_principal", "loan_interest"} {
		if label := h.cat.T("en", "kind."+k, nil); !strings.Contains(got, label) {
			t.Errorf("the minutes lack %q:\n%s", label, got)
		}
	}
}
