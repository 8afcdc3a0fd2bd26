package handlers_test

import (
	"strings"
	"testing"

	"kelompok/handlers"
)

func TestLanguageEnglish(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.expect(h.say(chatA, "budi", "/bahasa en"), "🌐 The group's language is now English.")
	h.say(chatA, "siti", "/deposit 5k")
	h.expect(h.say(chatA, "siti", "/balance"), "📒 Siti's passbook\nSavings: Rp0\nWaiting for confirmation: Rp5,000\nUnpaid fines: Rp0\nLoan outstanding: Rp0 · next installment: -")
	h.expect(h.say(chatA, "siti", "/saldo @budi"), h.want("en", "balance.other_not_allowed"))
	h.expect(h.say(chatA, "siti", "/setor"), h.want("en", "money.missing"))
	// Commands are named the English way in English messages.
	h.expect(h.say(chatA, "siti", "/terima 1"), "🔒 /confirm is only for: chair, treasurer.")
	h.expect(h.say(chatA, "siti", "/members add Bu Sri"), "🔒 /members add is only for: chair, treasurer, secretary.")
	h.expect(h.say(chatA, "siti", "/officers @siti chair"), "🔒 /officers is only for: chair.")
	// Messages with a count of one (the English "one" plural form).
	h.expect(h.say(chatA, "siti", "/pending"),
		"🕓 Waiting for confirmation (1)\n#1 deposit Siti: Rp5,000\nConfirm: /confirm N · reject: /reject N")
	h.expect(h.say(chatA, "siti", "/present"),
		"ℹ️ No meeting is open. The chair or secretary opens one with /meeting start. Cannot come? /excused reason")
	h.expect(h.say(chatA, "budi", "/meeting start"), "📣 Meeting #1 opened by Budi at 10:00, (no place given).\n"+
		"Scheduled start 10:00; late after 15 minutes.\nMembers type /present. Cannot come: /excused reason.")
	// Budi opened it, so he is present already.
	h.expect(h.say(chatA, "budi", "/present"), "ℹ️ Budi is already marked present at meeting #1. Nothing changed.")
	h.expect(h.say(chatA, "siti", "/present"), "✅ Siti is present at meeting #1. Present so far: 2.")
	h.expect(h.say(chatA, "siti", "/fund"),
		"💰 Tani Makmur's fund\nCash: Rp0 · bank: Rp0 · loans outstanding: Rp0\nTotal: Rp0\n\n"+
			"Members' money\nMembers' savings: Rp0 (waiting for confirmation: Rp5,000)\nSocial fund: Rp0\n\n"+
			"The group's earnings\nLoan interest: Rp0\nFines paid: Rp0 (unpaid: Rp0)\nIncome: Rp0 · expenses: Rp0\n"+
			"Bank interest: Rp0 · bank fees: Rp0\nRetained earnings: Rp0\n\n2 members",
		"No deposit since Monday 23/11 (1): Budi")
	h.expect(h.say(chatA, "eko", "/join"), "✅ Welcome, Eko! The group now has 3 members.")
	h.expect(h.say(chatA, "budi", "/bahasa indonesia"), "🌐 Bahasa kelompok: Indonesia.")
	h.expect(h.say(chatA, "siti", "/saldo"), "📒 Buku tabungan Siti\nTabungan: Rp0\nMenunggu diterima: Rp5.000\nDenda belum dibayar: Rp0\nSisa pinjaman: Rp0 · angsuran berikutnya: -")
	h.expect(h.say(chatA, "budi", "/language english"), "🌐 The group's language is now English.")
	// The rule is kept: a fresh router on the same store still speaks English.
	h.router = handlers.NewRouter(h.store, h.cat, handlers.Config{})
	h.expect(h.say(chatA, "siti", "/members"), "👥 Members (3)\n1. Budi · chair\n2. Eko\n3. Siti")
}

func TestEnglishSingleMember(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi")
	h.say(chatA, "budi", "/language en")
	h.expect(h.say(chatA, "budi", "/members"), "👥 Members (1)\n1. Budi · chair")
	h.expect(h.say(chatA, "budi", "/fund")[1:], "No deposit since Monday 23/11 (1): Budi")
}

func TestPrivateStart(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.group(chatB, "ani", "siti")
	h.say(chatA, "siti", "/setor 5000")
	h.say(chatA, "budi", "/terima 1")
	h.say(chatA, "siti", "/setor 2000")
	h.say(chatB, "ani", "/setor 7rb @siti")

	h.expect(h.sayPrivate("siti", "/start"),
		h.want("id", "start.private"),
		"Kelompok Anda:\n• Tani Makmur: tabungan Rp5.000 (menunggu Rp2.000)\n• Mawar: tabungan Rp7.000 (menunggu Rp0)")
	// /saldo in private is the same list; the person's own language is used.
	h.langs["siti"] = "en-US"
	h.expect(h.sayPrivate("siti", "/balance"),
		h.want("en", "start.private"),
		"Your groups:\n• Tani Makmur: savings Rp5,000 (pending Rp2,000)\n• Mawar: savings Rp7,000 (pending Rp0)")
	h.expect(h.sayPrivate("tono", "/start"), h.want("id", "start.private"), h.want("id", "start.private_no_groups"))
	h.expect(h.sayPrivate("tono", "/kas"), h.want("id", "error.group_only", "Command", "/kas"))
	if got := h.sayPrivate("tono", "/help"); len(got) != 1 || !strings.Contains(got[0], "/setor JUMLAH") {
		t.Errorf("private /help: %q", got)
	}
	h.langs["tono"] = "en"
	h.expect(h.sayPrivate("tono", "/kas"), "👥 /fund works in the group's chat, not in a private chat.")
	// Private chats open no book.
	if b := h.books(); !strings.Contains(b, "groups=2 ") {
		t.Errorf("books: %s", b)
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi")
	got := h.say(chatA, "budi", "/bantuan")
	if len(got) != 1 {
		t.Fatalf("%q", got)
	}
	for _, cmd := range []string{"/daftar", "/setor", "/hadir", "/saldo", "/kas", "/batal", "/terima", "/tolak", "/tunggu", "/pengurus", "/bahasa", "/anggota",
		"/jadwal", "/rapat", "/izin", "/agenda", "/bahas", "/putuskan", "/denda", "/pemasukan", "/pengeluaran", "/notulen", "/ralat"} {
		if !strings.Contains(got[0], "\n"+cmd) {
			t.Errorf("/bantuan lacks %s:\n%s", cmd, got[0])
		}
	}
	for _, e := range []struct {
		lang string
		want []string
	}{
		{"id", []string{"bantuan", "daftar", "anggota", "setor", "jadwal", "rapat", "tarik", "hadir", "izin", "agenda", "denda", "notulen", "pinjam", "bayar", "pinjaman", "saldo", "kas", "batal", "pengurus", "aturan", "voting"}},
		{"en", []string{"help", "join", "members", "deposit", "schedule", "meeting", "withdraw", "present", "excused", "agenda", "fine", "minutes", "loan", "repay", "loans", "balance", "fund", "undo", "officers", "rules", "poll"}},
	} {
		var names []string
		for _, m := range handlers.Menu(e.lang) {
			names = append(names, m.Name)
			if !h.cat.Has(e.lang, m.HelpKey) {
				t.Errorf("menu %s: %s has no help text %s", e.lang, m.Name, m.HelpKey)
			}
		}
		if strings.Join(names, " ") != strings.Join(e.want, " ") {
			t.Errorf("menu %s: %v, want %v", e.lang, names, e.want)
		}
	}
}
