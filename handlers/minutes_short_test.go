package handlers_test

import (
	"strings"
	"testing"

	"kelompok/bot"
	"kelompok/locales"
)

// With a minimum savings and a social fund contribution in the rules, the
// minutes name who paid less since the last meeting, with what they paid;
// without those rules the section is not there.
func TestMinutesNameShortPayments(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/rapat mulai")
	minutes := strings.Join(h.say(chatA, "budi", "/rapat selesai"), "\n")
	if strings.Contains(minutes, "minimum") {
		t.Errorf("minutes without a minimum-savings rule mention one:\n%s", minutes)
	}

	h.setRule(chatA, bot.RuleMinSavings, "5000")
	h.setRule(chatA, bot.RuleSocialFund, "1000")
	h.say(chatA, "budi", "/setor 3000") // outside a meeting, since the last one: counts
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "budi", "/setor 2000")
	h.say(chatA, "budi", "/sosial 1000")
	h.say(chatA, "siti", "/setor 2000") // pending: she paid, it counts
	minutes = strings.Join(h.say(chatA, "budi", "/rapat selesai"), "\n")
	line := func(name string, paid bot.Money) string {
		return h.want("id", "minutes.short_line", "Name", name, "Paid", paid)
	}
	want := h.want("id", "minutes.short_savings", "Want", bot.Money(5000), "Count", 2,
		"Names", locales.Raw(line("Eko", 0)+", "+line("Siti", 2000)))
	if !strings.Contains(minutes, want) {
		t.Errorf("minutes lack %q:\n%s", want, minutes)
	}
	want = h.want("id", "minutes.short_social", "Want", bot.Money(1000), "Count", 2,
		"Names", locales.Raw(line("Eko", 0)+", "+line("Siti", 0)))
	if !strings.Contains(minutes, want) {
		t.Errorf("minutes lack %q:\n%s", want, minutes)
	}
	if strings.Contains(minutes, line("Budi", 5000)) {
		t.Errorf("Budi saved the minimum but is listed:\n%s", minutes)
	}
}
