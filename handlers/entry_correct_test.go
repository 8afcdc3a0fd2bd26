package handlers_test

import (
	"strings"
	"testing"

	"kelompok/bot"
	"kelompok/locales"
)

func TestCorrection(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 5000 @eko")  // #1
	h.say(chatA, "siti", "/setor 7000 @eko")  // #2
	h.say(chatA, "eko", "/setor 1000")        // #3, pending
	h.say(chatA, "siti", "/pemasukan 3000 x") // #4
	before := h.books()

	bad := []struct{ name, who, text, want string }{
		{"usage", "siti", "/koreksi 1", h.want("id", "correct.usage")},
		{"not a number", "siti", "/koreksi satu salah", h.want("id", "entry.bad_number", "Input", "satu")},
		{"missing", "siti", "/koreksi 99 salah", h.want("id", "entry.not_found", "No", 99)},
		{"pending", "siti", "/koreksi 3 salah", h.want("id", "correct.pending", "No", 3)},
		{"plain member", "eko", "/koreksi 1 salah", h.want("id", "error.not_allowed", "Command", "/koreksi", "Roles", "ketua, bendahara")},
	}
	for _, b := range bad {
		h.expect(h.say(chatA, b.who, b.text), b.want)
		if after := h.books(); after != before {
			t.Errorf("%s changed the books:\n%v\n%v", b.name, before, after)
		}
	}
	// Another group's officer cannot reach this group's entry #1.
	h.group(chatB, "dodi")
	h.expect(h.say(chatB, "dodi", "/koreksi 1 salah"), h.want("id", "entry.not_found", "No", 1))

	got := h.say(chatA, "siti", "/koreksi 2 salah ketik")
	h.expect(got, h.want("id", "correct.done", "No", 5, "Of", 2, "Kind", locales.Raw(h.cat.T("id", "kind.deposit", nil)), "Name", "Eko",
		"Amount", bot.Money(7000), "Reason", "salah ketik", "By", "Siti", "Outside", h.outside("id")))
	if n := h.count(`SELECT COUNT(*) FROM entries WHERE reverses IS NOT NULL`); n != 1 {
		t.Fatalf("%d reversal entries", n)
	}
	// Eko's savings: 5000 (7000 reversed; 1000 still pending).
	if got := strings.Join(h.say(chatA, "eko", "/saldo"), "\n"); !strings.Contains(got, "Tabungan: Rp5.000\n") {
		t.Fatalf("passbook after the correction: %s", got)
	}
	// Twice, and a correction of a correction, are refused.
	h.expect(h.say(chatA, "siti", "/koreksi 2 lagi"), h.want("id", "correct.already", "No", 2, "By", 5))
	h.expect(h.say(chatA, "siti", "/koreksi 5 lagi"), h.want("id", "correct.of_correction", "No", 5))
	if n := h.count(`SELECT COUNT(*) FROM entries WHERE reverses IS NOT NULL`); n != 1 {
		t.Fatalf("%d reversal entries after refused corrections", n)
	}
}
