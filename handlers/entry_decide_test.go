package handlers_test

import (
	"testing"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/storage"
)

func TestConfirmationFlow(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "ani")
	h.say(chatA, "budi", "/pengurus @ani bendahara")

	// #1 waits: shown apart in the passbook and in the fund.
	h.say(chatA, "siti", "/setor 5000")
	h.expect(h.say(chatA, "siti", "/saldo"), "📒 Buku tabungan Siti\nTabungan: Rp0\nMenunggu diterima: Rp5.000\nDenda belum dibayar: Rp0\nSisa pinjaman: Rp0 · angsuran berikutnya: -")
	kas := h.say(chatA, "siti", "/kas")
	if len(kas) == 0 || kas[0] != "💰 Kas Tani Makmur\nUang kas: Rp0 · bank: Rp0 · pinjaman beredar: Rp0\nJumlah dana: Rp0\n\n"+
		"Milik anggota\nTabungan anggota: Rp0 (menunggu diterima: Rp5.000)\nDana sosial: Rp0\n\n"+
		"Pendapatan kelompok\nBunga pinjaman: Rp0\nDenda dibayar: Rp0 (belum dibayar: Rp0)\nPemasukan: Rp0 · pengeluaran: Rp0\n"+
		"Bunga bank: Rp0 · biaya bank: Rp0\nLaba ditahan: Rp0\n\nAnggota: 3 orang" {
		t.Errorf("/kas: %q", kas)
	}
	h.expect(h.say(chatA, "siti", "/tunggu"),
		"🕓 Menunggu diterima (1)\n#1 setoran Siti: Rp5.000\nTerima: /terima N · tolak: /tolak N")

	// /terima N by the treasurer.
	h.expect(h.say(chatA, "ani", "/terima 1"), h.want("id", "entry.confirmed", "No", 1, "Kind", "setoran", "IsFine", false, "Owed", bot.Money(0), "Name", "Siti",
		"Amount", bot.Money(5000), "By", "Ani", "Confirmed", bot.Money(5000), "Pending", bot.Money(0)))
	h.expect(h.say(chatA, "siti", "/saldo"), "📒 Buku tabungan Siti\nTabungan: Rp5.000\nMenunggu diterima: Rp0\nDenda belum dibayar: Rp0\nSisa pinjaman: Rp0 · angsuran berikutnya: -")
	h.expect(h.say(chatA, "siti", "/tunggu"), h.want("id", "entry.none_pending"))

	// #2 confirmed by the button under the report: the report is edited
	// and the press answered.
	h.say(chatA, "siti", "/setor 3rb")
	reportMsg := "bot-42"
	rs := h.send(h.press(chatA, "budi", "ok:2", reportMsg))
	if len(rs) != 2 {
		t.Fatalf("button: %d replies %q", len(rs), texts(rs))
	}
	want := h.want("id", "entry.confirmed", "No", 2, "Kind", "setoran", "IsFine", false, "Owed", bot.Money(0), "Name", "Siti", "Amount", bot.Money(3000), "By", "Budi",
		"Confirmed", bot.Money(8000), "Pending", bot.Money(0))
	if rs[0].Edit != reportMsg || len(rs[0].Buttons) != 0 || texts(rs[:1])[0] != want {
		t.Errorf("edit reply %+v, want Edit %s with %q", rs[0], reportMsg, want)
	}
	if rs[1].AnswerButton == "" || rs[1].Notice != "#2 diterima" || rs[1].Text != "" {
		t.Errorf("notice reply %+v", rs[1])
	}
	// Pressing again: only a pop-up, nothing changes.
	rs = h.send(h.press(chatA, "ani", "ok:2", reportMsg))
	if len(rs) != 1 || rs[0].AnswerButton == "" || rs[0].Notice != h.want("id", "entry.already_confirmed", "No", 2) {
		t.Errorf("second press %+v", rs)
	}

	// #3 rejected by /tolak, #4 by the button.
	h.say(chatA, "siti", "/setor 1000")
	h.expect(h.say(chatA, "ani", "/tolak 3"), h.want("id", "entry.rejected", "No", 3, "Kind", "setoran", "IsFine", false, "Owed", bot.Money(0), "Name", "Siti",
		"Amount", bot.Money(1000), "By", "Ani", "Confirmed", bot.Money(8000), "Pending", bot.Money(0)))
	h.say(chatA, "siti", "/setor 1000")
	rs = h.send(h.press(chatA, "ani", "no:4", "bot-44"))
	if len(rs) != 2 || rs[0].Edit != "bot-44" || rs[1].Notice != "#4 ditolak" {
		t.Errorf("reject button %+v", rs)
	}
	if s := h.savings(chatA, "siti"); s != (ledger.Savings{Confirmed: 8000}) {
		t.Errorf("siti %+v, want 8000 confirmed", s)
	}
	h.expect(h.say(chatA, "budi", "/terima 3"), h.want("id", "entry.already_void", "No", 3))

	// /batal withdraws only the sender's own last pending report.
	h.say(chatA, "siti", "/setor 1000") // #5
	h.say(chatA, "siti", "/setor 2000") // #6
	h.say(chatA, "ani", "/setor 4000")  // #7, another member's newer report
	h.expect(h.say(chatA, "siti", "/batal"), h.want("id", "undo.done", "No", 6, "Amount", bot.Money(2000)))
	if s := h.savings(chatA, "siti"); s != (ledger.Savings{Confirmed: 8000, Pending: 1000}) {
		t.Errorf("siti after /batal %+v", s)
	}
	if s := h.savings(chatA, "ani"); s != (ledger.Savings{Pending: 4000}) {
		t.Errorf("ani after siti's /batal %+v", s)
	}
	// Confirming the withdrawn one says so and changes nothing.
	before := h.books()
	h.expect(h.say(chatA, "budi", "/terima 6"), h.want("id", "entry.already_void", "No", 6))
	if after := h.books(); after != before {
		t.Errorf("books changed:\n%s\n%s", before, after)
	}
	h.expect(h.say(chatA, "siti", "/undo"), h.want("id", "undo.done", "No", 5, "Amount", bot.Money(1000)))
	h.expect(h.say(chatA, "siti", "/batal"), h.want("id", "undo.nothing"))
	// A confirmed entry is never undone.
	if s := h.savings(chatA, "siti"); s != (ledger.Savings{Confirmed: 8000}) {
		t.Errorf("siti at the end %+v", s)
	}
	// The treasurer's own report waits for the chair.
	h.expect(h.say(chatA, "ani", "/terima 7"), h.want("id", "entry.own_report", "No", 7))
	h.say(chatA, "budi", "/terima 7")
	if s := h.groupSavings(chatA); s != (ledger.Savings{Confirmed: 12000}) {
		t.Errorf("group %+v", s)
	}
}

func TestSelfReportsWithoutConfirmation(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chatA)
		if err != nil {
			return err
		}
		return tx.SetRule(g, bot.RuleConfirmSelfReports, "false", 0, "test")
	})
	h.expect(h.say(chatA, "siti", "/setor 5000"), h.want("id", "deposit.recorded", "No", 1, "Name", "Siti",
		"Amount", bot.Money(5000), "By", "Siti", "Confirmed", bot.Money(5000), "Pending", bot.Money(0), "HasPending", false,
		"Outside", h.outside("id")))
	if len(h.last[0].Buttons) != 0 {
		t.Errorf("a recorded deposit has buttons: %+v", h.last[0].Buttons)
	}
	h.expect(h.say(chatA, "siti", "/batal"), h.want("id", "undo.nothing"))
}
