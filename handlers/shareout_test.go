package handlers_test

import (
	"strings"
	"testing"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
)

// shareLines renders the member lines of a share-out as the bot does.
func (h *harness) shareLines(lang string, rows ...[]any) locales.Raw {
	lines := make([]string, len(rows))
	for i, kv := range rows {
		lines[i] = h.cat.T(lang, "shareout.line", bot.E("shareout.line", kv...).Args)
	}
	return locales.Raw(strings.Join(lines, "\n"))
}

func payout(name string, savings, profit bot.Money) []any {
	return []any{"Name", name, "Savings", savings, "Profit", profit, "Total", savings + profit}
}

// The share-out of DOMAIN.md's worked example in rupiah: shares of
// Rp5.000, 900 shares in the group (Rp4.500.000 savings) and a profit of
// Rp900.000. Eko has 45 shares (Rp225.000) and takes home 45/900 x 900.000
// = Rp45.000 profit + Rp225.000 savings = Rp270.000.
func TestShareOut(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 2000000 @budi")        // #1: 400 shares
	h.say(chatA, "budi", "/setor 2275000 @siti")        // #2: 455 shares
	h.say(chatA, "siti", "/setor 225000 @eko")          // #3: 45 shares
	h.say(chatA, "siti", "/pemasukan 900000 jual ayam") // #4: the profit
	h.say(chatA, "siti", "/sosial 50000 @eko")          // #5: never shared
	if got := h.groupSavings(chatA).Confirmed; got != 4500000 {
		t.Fatalf("group savings %d, want 4.500.000", got)
	}
	shareFundIdentity(t, h, chatA, "before")

	lines := h.shareLines("id", payout("Budi", 2000000, 400000), payout("Eko", 225000, 45000), payout("Siti", 2275000, 455000))
	preview := h.want("id", "shareout.preview", "Cycle", 1, "Lines", lines, "Savings", bot.Money(4500000),
		"Profit", bot.Money(900000), "Remainder", bot.Money(0), "Total", bot.Money(5400000), "Social", bot.Money(50000),
		"Cash", bot.Money(5450000), "Method", locales.Raw(h.cat.T("id", "shareout.method_proportional", nil)))
	if !strings.Contains(preview, "Eko: tabungan Rp225.000 + bagian hasil Rp45.000 = Rp270.000") {
		t.Errorf("the worked example is not in the preview:\n%s", preview)
	}
	// Anyone sees the preview, members and not; it changes nothing.
	for _, who := range []string{"eko", "tono"} {
		before := h.books()
		h.expect(h.say(chatA, who, "/bagihasil"), preview)
		if h.books() != before {
			t.Errorf("the preview by %s changed the books", who)
		}
	}
	h.expect(h.say(chatA, "eko", "/shareout"), preview)

	// Bad inputs, each by name, each changing nothing.
	refused := func(name, who, text, want string) {
		t.Helper()
		before := h.books()
		h.expect(h.say(chatA, who, text), want)
		if after := h.books(); after != before {
			t.Errorf("%s changed the books:\n%s\n%s", name, before, after)
		}
		shareFundIdentity(t, h, chatA, name)
	}
	// An open loan (a request not yet decided counts): named.
	h.say(chatA, "eko", "/pinjam 100000 1") // P1
	openLoan := h.want("id", "shareout.open_loans", "Count", 1, "Loans", "P1 Eko")
	refused("preview with an open loan", "eko", "/bagihasil", openLoan)
	refused("confirming with an open loan", "budi", "/bagihasil setuju", openLoan)
	h.say(chatA, "siti", "/tolak P1")

	// A report waiting for confirmation.
	h.say(chatA, "eko", "/setor 5000") // #6, pending
	pending := h.want("id", "shareout.pending", "Count", 1)
	refused("preview with a pending report", "eko", "/bagihasil", pending)
	refused("confirming with a pending report", "siti", "/bagihasil setuju", pending)
	h.say(chatA, "eko", "/batal")

	// Not enough cash on hand: the money is in the bank.
	h.say(chatA, "siti", "/bank setor 1000000") // #7
	short := h.want("id", "shareout.not_enough_cash", "Total", bot.Money(5400000), "Cash", bot.Money(4450000),
		"Short", bot.Money(950000), "Bank", bot.Money(1000000))
	refused("not enough cash", "eko", "/bagihasil", short)
	refused("confirming without the cash", "budi", "/bagihasil setuju", short)
	h.say(chatA, "siti", "/bank tarik 1000000") // #8
	h.expect(h.say(chatA, "eko", "/bagihasil"), preview)

	// A plain member cannot confirm; an officer of another group is a
	// stranger here.
	h.group(chatB, "tono")
	refused("a plain member confirming", "eko", "/bagihasil setuju",
		h.want("id", "error.not_allowed", "Command", "/bagihasil setuju", "Roles", "ketua, bendahara"))
	refused("another group's chair confirming", "tono", "/bagihasil setuju", h.want("id", "error.not_member"))

	// The chair confirms; confirming twice changes nothing.
	h.expect(h.say(chatA, "budi", "/bagihasil setuju"), h.want("id", "shareout.confirmed", "By", "Budi",
		"Total", bot.Money(5400000), "Role", "bendahara"))
	refused("the same officer twice", "budi", "/bagihasil setuju", h.want("id", "shareout.already_confirmed", "Name", "Budi"))

	// The numbers change after the chair confirmed: the treasurer's
	// confirmation does not book what the chair did not see.
	h.say(chatA, "siti", "/setor 5000 @eko") // #9
	refused("confirming after the numbers changed", "siti", "/bagihasil setuju", h.want("id", "shareout.changed",
		"Name", "Budi", "Was", bot.Money(5400000), "Total", bot.Money(5404999))) // 1 rupiah kept
	// Corrected, the numbers are again the ones the chair confirmed.
	h.say(chatA, "siti", "/koreksi 9 salah catat") // #10

	// The treasurer's confirmation books it: six entries, #11 to #16.
	if n := h.entryCount(); n != 10 {
		t.Fatalf("%d entries before the share-out, want 10", n)
	}
	h.expect(h.say(chatA, "siti", "/bagihasil setuju"), h.want("id", "shareout.booked", "Cycle", 1, "Next", 2,
		"By", "Siti", "Entries", "#11–#16", "Lines", lines, "Savings", bot.Money(4500000), "Profit", bot.Money(900000),
		"Remainder", bot.Money(0), "Total", bot.Money(5400000), "Cash", bot.Money(50000), "Social", bot.Money(50000),
		"Outside", h.outside("id")))

	// The passbook and the fund add up: savings 0, cash less the payouts.
	for _, who := range []string{"budi", "siti", "eko"} {
		if s := h.savings(chatA, who); s.Confirmed != 0 || s.Pending != 0 {
			t.Errorf("%s's savings after the share-out: %+v", who, s)
		}
	}
	// Eko's social fund contribution stays his, shown in his passbook.
	h.expect(h.say(chatA, "eko", "/saldo"), h.want("id", "balance.show", "Name", "Eko", "Confirmed", bot.Money(0),
		"Pending", bot.Money(0), "Fines", bot.Money(0), "Loan", bot.Money(0), "Next", locales.Raw("-"), "Social", bot.Money(50000)))
	cash, retained := shareFundIdentity(t, h, chatA, "after the share-out")
	if cash != 50000 || retained != 0 {
		t.Errorf("after the share-out: cash %d, retained %d; want the social fund 50.000 and 0", cash, retained)
	}
	if got := h.say(chatA, "eko", "/kas"); len(got) == 0 || !strings.Contains(got[0], "Uang kas: Rp50.000") ||
		!strings.Contains(got[0], "Pemasukan: Rp900.000 · pengeluaran: Rp0\n") ||
		!strings.Contains(got[0], "Bagi hasil dibayar: Rp900.000\nLaba ditahan: Rp0") {
		t.Errorf("/kas after the share-out: %q", got)
	}
	var profitPaid bot.Money
	h.tx(func(tx *storage.Tx) error {
		g, _ := tx.GroupByChat(chatA)
		for no := int64(11); no <= 16; no++ {
			e, err := tx.EntryByNo(g.ID, no)
			if err != nil {
				return err
			}
			if e.Note != "bagi hasil" || (e.Kind != ledger.Withdrawal && e.Kind != ledger.ProfitPaid) {
				t.Errorf("entry #%d: %s %q", no, e.Kind, e.Note)
			}
			if e.Kind == ledger.ProfitPaid {
				profitPaid += e.Amount
			}
		}
		c, err := tx.CurrentCycle(g.ID)
		if err != nil {
			return err
		}
		if c.No != 2 || !c.StartedAt.Equal(tuesday) {
			t.Errorf("current cycle %+v, want 2 from now", c)
		}
		return nil
	})
	if profitPaid != 900000 {
		t.Errorf("profit paid %d, want 900.000", profitPaid)
	}

	// A share-out's entries are not corrected one by one.
	refused("correcting a savings pay-back", "siti", "/koreksi 11 salah", h.want("id", "correct.shareout_entry", "No", 11))
	refused("correcting a profit payout", "siti", "/koreksi 12 salah", h.want("id", "correct.shareout_entry", "No", 12))

	// Right after: nothing to share; a late confirmation changes nothing.
	refused("a second share-out", "eko", "/bagihasil", h.want("id", "shareout.nothing", "Profit", bot.Money(0)))
	refused("confirming a second share-out", "budi", "/bagihasil setuju", h.want("id", "shareout.nothing", "Profit", bot.Money(0)))

	// The next cycle: 100 profit among three equal savings is 33 each and
	// a remainder of 1, kept in the fund; payouts + remainder = savings +
	// profit to the rupiah.
	h.say(chatA, "siti", "/setor 100 @budi")
	h.say(chatA, "budi", "/setor 100 @siti")
	h.say(chatA, "siti", "/setor 100 @eko")
	h.say(chatA, "siti", "/pemasukan 100 jual telur")
	lines2 := h.shareLines("id", payout("Budi", 100, 33), payout("Eko", 100, 33), payout("Siti", 100, 33))
	h.expect(h.say(chatA, "eko", "/bagihasil"), h.want("id", "shareout.preview", "Cycle", 2, "Lines", lines2,
		"Savings", bot.Money(300), "Profit", bot.Money(100), "Remainder", bot.Money(1), "Total", bot.Money(399),
		"Social", bot.Money(50000), "Cash", bot.Money(50400), "Method", locales.Raw(h.cat.T("id", "shareout.method_proportional", nil))))
	if 3*133+1 != 300+100 {
		t.Fatal("arithmetic")
	}
	h.say(chatA, "siti", "/bagihasil setuju")
	got := h.say(chatA, "budi", "/bagihasil setuju")
	if len(got) != 1 || !strings.Contains(got[0], "Bagi hasil siklus 2 dicatat") {
		t.Fatalf("second share-out: %q", got)
	}
	cash, retained = shareFundIdentity(t, h, chatA, "after the second share-out")
	if cash != 50001 || retained != 1 {
		t.Errorf("after the second share-out: cash %d, retained %d; want 50.001 and the remainder 1", cash, retained)
	}
	// The remainder stays: with no savings there is nothing to share.
	h.expect(h.say(chatA, "eko", "/bagihasil"), h.want("id", "shareout.nothing", "Profit", bot.Money(1)))
}

// In English, and with the books open in another group untouched.
func TestShareOutEnglish(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "budi", "/bahasa en")
	h.say(chatA, "budi", "/deposit 1000 @siti")
	h.say(chatA, "siti", "/deposit 3000 @budi")
	h.say(chatA, "siti", "/income 1001 eggs")
	lines := h.shareLines("en", payout("Budi", 3000, 750), payout("Siti", 1000, 250))
	h.expect(h.say(chatA, "siti", "/shareout"), h.want("en", "shareout.preview", "Cycle", 1, "Lines", lines,
		"Savings", bot.Money(4000), "Profit", bot.Money(1001), "Remainder", bot.Money(1), "Total", bot.Money(5000),
		"Social", bot.Money(0), "Cash", bot.Money(5001), "Method", locales.Raw(h.cat.T("en", "shareout.method_proportional", nil))))
	h.expect(h.say(chatA, "siti", "/shareout confirm"), h.want("en", "shareout.confirmed", "By", "Siti",
		"Total", bot.Money(5000), "Role", "chair"))
	// A deposit arrives: the chair may not book numbers the treasurer did
	// not see; the treasurer confirms the new ones, then the chair.
	h.say(chatA, "siti", "/deposit 999 @budi")
	before := h.books()
	h.expect(h.say(chatA, "budi", "/shareout confirm"), h.want("en", "shareout.changed", "Name", "Siti",
		"Was", bot.Money(5000), "Total", bot.Money(5999)))
	if h.books() != before {
		t.Error("a confirmation of changed numbers changed the books")
	}
	h.expect(h.say(chatA, "siti", "/shareout confirm"), h.want("en", "shareout.confirmed", "By", "Siti",
		"Total", bot.Money(5999), "Role", "chair"))
	got := h.say(chatA, "budi", "/shareout confirm")
	if len(got) != 1 || !strings.Contains(got[0], "Share-out of cycle 1 booked") {
		t.Fatalf("booked: %q", got)
	}
	shareFundIdentity(t, h, chatA, "english")
	h.expect(h.say(chatA, "siti", "/shareout oops"), h.want("en", "shareout.usage"))
}

// The rule may share the profit equally; a loss is shown but not booked.
func TestShareOutEqualAndLoss(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 3000 @budi")
	h.say(chatA, "siti", "/setor 1000 @eko")
	h.say(chatA, "siti", "/pemasukan 900 jual telur")
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chatA)
		if err != nil {
			return err
		}
		chair, err := tx.MemberByRef(g.ID, h.ref("budi"))
		if err != nil {
			return err
		}
		return tx.SetRule(g, bot.RuleShareOutMethod, "equal", chair.ID, "test")
	})
	// Siti saved nothing and still gets an equal share of the profit.
	lines := h.shareLines("id", payout("Budi", 3000, 300), payout("Eko", 1000, 300), payout("Siti", 0, 300))
	h.expect(h.say(chatA, "eko", "/bagihasil"), h.want("id", "shareout.preview", "Cycle", 1, "Lines", lines,
		"Savings", bot.Money(4000), "Profit", bot.Money(900), "Remainder", bot.Money(0), "Total", bot.Money(4900),
		"Social", bot.Money(0), "Cash", bot.Money(4900), "Method", locales.Raw(h.cat.T("id", "shareout.method_equal", nil))))

	// A loss of 1.100 is shared in proportion to savings, whatever the
	// method; the preview shows it, the officers cannot book it.
	h.say(chatA, "siti", "/pengeluaran 2000 pakan")
	lines = h.shareLines("id", payout("Budi", 3000, -825), payout("Eko", 1000, -275))
	h.expect(h.say(chatA, "eko", "/bagihasil"), h.want("id", "shareout.preview", "Cycle", 1, "Lines", lines,
		"Savings", bot.Money(4000), "Profit", bot.Money(-1100), "Remainder", bot.Money(0), "Total", bot.Money(2900),
		"Social", bot.Money(0), "Cash", bot.Money(2900), "Method", locales.Raw(h.cat.T("id", "shareout.method_equal", nil))),
		h.want("id", "shareout.loss_not_booked", "Loss", bot.Money(1100)))
	before := h.books()
	h.expect(h.say(chatA, "budi", "/bagihasil setuju"), h.want("id", "shareout.loss_not_booked", "Loss", bot.Money(1100)))
	if h.books() != before {
		t.Error("confirming a loss changed the books")
	}
	shareFundIdentity(t, h, chatA, "loss")
}
