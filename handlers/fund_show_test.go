package handlers_test

import (
	"testing"
	"time"

	"kelompok/bot"
)

// monday is 00:00 on Monday 23 November 2026 in Jakarta: the start of the
// harness's week. In UTC it is still Sunday.
var monday = time.Date(2026, 11, 22, 17, 0, 0, 0, time.UTC)

func TestFundWeekInGroupTimeZone(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko", "ani", "dodi")

	h.clock.T = monday.Add(-30 * time.Minute) // Sunday 23:30 WIB
	h.say(chatA, "siti", "/setor 5000")       // #1, last week
	h.say(chatA, "budi", "/setor 1000 @dodi") // #2, last week
	h.clock.T = monday.Add(30 * time.Minute)  // Monday 00:30 WIB, Sunday 17:30 UTC
	h.say(chatA, "eko", "/setor 2000")        // #3, this week (pending counts)
	h.clock.T = tuesday
	h.say(chatA, "ani", "/setor 3000") // #4, this week but rejected below
	h.say(chatA, "budi", "/tolak 4")
	h.say(chatA, "budi", "/terima 1")

	h.expect(h.say(chatA, "siti", "/kas"),
		"💰 Kas Tani Makmur\nUang kas: Rp6.000 · bank: Rp0 · pinjaman beredar: Rp0\nJumlah dana: Rp6.000\n\n"+
			"Milik anggota\nTabungan anggota: Rp6.000 (menunggu diterima: Rp2.000)\nDana sosial: Rp0\n\n"+
			"Pendapatan kelompok\nBunga pinjaman: Rp0\nDenda dibayar: Rp0 (belum dibayar: Rp0)\nPemasukan: Rp0 · pengeluaran: Rp0\n"+
			"Bunga bank: Rp0 · biaya bank: Rp0\nLaba ditahan: Rp0\n\nAnggota: 5 orang",
		h.want("id", "fund.not_deposited", "Since", "23/11", "Count", 4, "Names", "Ani, Budi, Dodi, Siti"))

	// A withdrawn report does not count either; the chair's record for a
	// member does.
	h.say(chatA, "dodi", "/setor 1000") // #5
	h.say(chatA, "dodi", "/batal")
	h.say(chatA, "budi", "/setor 1rb @siti")
	h.expect(h.say(chatA, "siti", "/fund")[1:],
		h.want("id", "fund.not_deposited", "Since", "23/11", "Count", 3, "Names", "Ani, Budi, Dodi"))

	for _, who := range []string{"ani", "budi", "dodi"} {
		h.say(chatA, who, "/setor 500")
	}
	h.expect(h.say(chatA, "siti", "/kas")[1:], h.want("id", "fund.all_deposited", "Since", "23/11"))

	// A week later, on Monday morning, everyone is behind again.
	h.clock.T = monday.Add(7*24*time.Hour + time.Hour)
	h.expect(h.say(chatA, "siti", "/kas")[1:],
		h.want("id", "fund.not_deposited", "Since", "30/11", "Count", 5, "Names", "Ani, Budi, Dodi, Eko, Siti"))

	// Sunday night is still the old week.
	h.clock.T = monday.Add(7*24*time.Hour - time.Minute)
	h.expect(h.say(chatA, "siti", "/kas")[1:], h.want("id", "fund.all_deposited", "Since", "23/11"))
}

// emptyFund are the arguments of fund.show for a book with no money in it.
func emptyFund(count int) []any { return fundArgs("Count", count) }

// fundArgs are the arguments of fund.show for group Tani Makmur: every
// figure zero except those given as name, value pairs.
func fundArgs(kv ...any) []any {
	args := map[string]any{"Group": "Tani Makmur", "Count": 0}
	for _, k := range []string{"Confirmed", "Pending", "Cash", "Income", "Expenses", "FinesPaid", "Fines", "Bank",
		"Social", "Loans", "Total", "LoanInterest", "BankInterest", "BankFees", "Earnings"} {
		args[k] = bot.Money(0)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i].(string)] = kv[i+1]
	}
	out := make([]any, 0, 2*len(args))
	for k, v := range args {
		out = append(out, k, v)
	}
	return out
}

func TestFundOpenToEveryone(t *testing.T) {
	h := newHarness(t)
	// /kas works before anyone registered, and for a non-member.
	h.expect(h.say(chatA, "tono", "/kas"), h.want("id", "fund.show", emptyFund(0)...))
	h.group(chatA, "budi")
	h.expect(h.say(chatA, "tono", "/kas"),
		h.want("id", "fund.show", emptyFund(1)...),
		h.want("id", "fund.not_deposited", "Since", "23/11", "Count", 1, "Names", "Budi"))
}

// The fund shows the cash box apart from the savings: income and fines
// paid go in, expenses go out, and unpaid fines are owed, not cash.
func TestFundCashAndFines(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.say(chatA, "budi", "/setor 10000 @siti")
	h.say(chatA, "budi", "/pemasukan 150000 jual ayam")
	h.say(chatA, "budi", "/pengeluaran 90000 pakan")
	h.say(chatA, "budi", "/denda @siti 3000 terlambat")
	h.say(chatA, "budi", "/denda bayar 1000 @siti")
	h.say(chatA, "siti", "/denda bayar 500") // her own report: pending, not cash yet
	h.expect(h.say(chatA, "siti", "/kas")[:1], h.want("id", "fund.show", fundArgs(
		"Confirmed", bot.Money(10000), "Count", 2, "Cash", bot.Money(10000+150000-90000+1000), "Total", bot.Money(71000),
		"Income", bot.Money(150000), "Expenses", bot.Money(90000), "FinesPaid", bot.Money(1000), "Fines", bot.Money(2000),
		// Earnings: income - expenses + fines paid = savings + earnings - cash = 0.
		"Earnings", bot.Money(61000))...))
	h.expect(h.say(chatA, "siti", "/saldo"), "📒 Buku tabungan Siti\nTabungan: Rp10.000\nMenunggu diterima: Rp0\nDenda belum dibayar: Rp2.000\nSisa pinjaman: Rp0 · angsuran berikutnya: -")
}

func TestAttendance(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "ani", "eko")
	// No meeting is open: nothing to be present at.
	before := h.books()
	h.expect(h.say(chatA, "siti", "/hadir"), h.want("id", "attendance.no_meeting"))
	if after := h.books(); after != before {
		t.Errorf("books changed:\n%s\n%s", before, after)
	}
	h.say(chatA, "budi", "/rapat mulai")
	marked := func(name string, count int) string {
		return h.want("id", "attendance.marked", "Name", name, "Status", "hadir", "Meeting", 1, "Count", count)
	}
	already := func(name string) string {
		return h.want("id", "attendance.already", "Name", name, "Status", "hadir", "Meeting", 1)
	}
	// Budi opened the meeting: he is present already, so Siti is the second.
	h.expect(h.say(chatA, "budi", "/hadir"), already("Budi"))
	h.expect(h.say(chatA, "siti", "/hadir"), marked("Siti", 2))
	before = h.books()
	h.expect(h.say(chatA, "siti", "/hadir"), already("Siti"))
	// A plain member cannot mark another.
	h.expect(h.say(chatA, "siti", "/hadir @eko"),
		h.want("id", "attendance.for_other_not_allowed", "Roles", "sekretaris, ketua"))
	if after := h.books(); after != before {
		t.Errorf("books changed:\n%s\n%s", before, after)
	}
	// Marking oneself by name is fine.
	h.expect(h.say(chatA, "ani", "/hadir @ani"), marked("Ani", 3))
	// The secretary can.
	h.say(chatA, "budi", "/pengurus @ani sekretaris")
	h.expect(h.say(chatA, "ani", "/hadir @eko"), marked("Eko", 4))
	h.expect(h.say(chatA, "ani", "/hadir Eko"), already("Eko"))
	// The treasurer cannot.
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.expect(h.say(chatA, "siti", "/hadir @budi"),
		h.want("id", "attendance.for_other_not_allowed", "Roles", "sekretaris, ketua"))
	// A platform mention of a known person wins over the words.
	u := h.msg(chatA, "budi", "/hadir Budi Santoso")
	u.Mentions = []bot.Person{h.person("eko"), h.person("siti")}
	h.expect(texts(h.send(u)), already("Eko"))
	// The next meeting starts a new list: its opener, the secretary this
	// time, and then Siti.
	h.say(chatA, "budi", "/rapat selesai")
	h.clock.T = tuesday.Add(7 * 24 * time.Hour)
	h.say(chatA, "ani", "/rapat mulai")
	h.expect(h.say(chatA, "siti", "/hadir"), h.want("id", "attendance.marked", "Name", "Siti", "Status", "hadir", "Meeting", 2, "Count", 2))
	h.expect(h.say(chatA, "ani", "/hadir"), h.want("id", "attendance.already", "Name", "Ani", "Status", "hadir", "Meeting", 2))
}
