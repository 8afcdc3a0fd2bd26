package bot

import (
	"strconv"
	"testing"
)

func TestRuleParse(t *testing.T) {
	for _, c := range []struct {
		word, value string
		want        string
		errKey      string
	}{
		{"bunga", "2%", "200", ""},
		{"bunga", "1,5%", "150", ""},
		{"interest", "0", "0", ""},
		{"bunga", "200%", "", "rules.bad_percent"},
		{"bunga", "10,01%", "", "rules.bad_percent"},
		{"bunga", "-2%", "", "rules.bad_percent"},
		{"bunga", "dua", "", "rules.bad_percent"},
		{"denda_telat", "1000", "1000", ""},
		{"denda_telat", "Rp2.500", "2500", ""},
		{"denda_telat", "0", "0", ""},
		{"denda", "-5", "", "rules.bad_money"},
		{"denda_telat", "lima", "", "rules.bad_money"},
		{"kuorum", "60", "60", ""},
		{"kuorum", "60%", "60", ""},
		{"kuorum", "101", "", "rules.bad_number"},
		{"mayoritas", "40", "", "rules.bad_number"},
		{"konfirmasi", "tidak", "false", ""},
		{"konfirmasi", "mungkin", "", "rules.bad_bool"},
		{"metode", "menurun", "declining", ""},
		{"metode", "acak", "", "rules.bad_choice"},
		{"persetujuan_pinjaman", "voting", "poll", ""},
		{"bahasa", "english", "en", ""},
		{"zona_waktu", "Asia/Makassar", "Asia/Makassar", ""},
		{"zona_waktu", "Mars/Olympus", "", "rules.bad_timezone"},
		{"masa_jabatan", "24", "24", ""},
		{"jadwal", "x", "", "rules.use_schedule"},
		{"bunga", "", "", "rules.value_missing"},
	} {
		spec, ok := FindRule(c.word)
		if !ok {
			t.Fatalf("FindRule(%q) not found", c.word)
		}
		got, err := spec.Parse(c.value, 100_000_000)
		if c.errKey != "" {
			e, ok := AsError(err)
			if !ok || e.Key != c.errKey {
				t.Errorf("%s %q: err %v, want %s", c.word, c.value, err, c.errKey)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %q = %q, %v; want %q", c.word, c.value, got, err, c.want)
		}
		// What Parse returns, Apply accepts and Value gives back.
		r := DefaultRules()
		r.Apply(spec.Key, got)
		if r.Value(spec.Key) != got {
			t.Errorf("%s: Apply(%q) then Value = %q", spec.Key, got, r.Value(spec.Key))
		}
	}
}

func TestFindRuleWords(t *testing.T) {
	for _, w := range []string{"Bunga", "denda telat", "denda-telat", "loan_rate_bp", "Masa_Jabatan"} {
		if _, ok := FindRule(w); !ok {
			t.Errorf("FindRule(%q) not found", w)
		}
	}
	if _, ok := FindRule("warna"); ok {
		t.Error("FindRule(warna) found a rule")
	}
	seen := map[string]string{}
	for _, s := range RuleSpecs {
		for _, w := range append([]string{s.Key}, s.Words...) {
			if k, dup := seen[w]; dup && k != s.Key {
				t.Errorf("word %q names %s and %s", w, k, s.Key)
			}
			seen[w] = s.Key
		}
	}
}

func FuzzRuleParse(f *testing.F) {
	for _, s := range []string{"2%", "1,5", "200%", "-5", "Rp1.000", "ya", "Asia/Jakarta", "10.001", "0,-", ""} {
		f.Add("bunga", s)
		f.Add("denda", s)
	}
	f.Add("kuorum", "50")
	f.Fuzz(func(t *testing.T, word, value string) {
		spec, ok := FindRule(word)
		if !ok {
			return
		}
		got, err := spec.Parse(value, 100_000_000)
		if err != nil {
			if _, ok := AsError(err); !ok {
				t.Fatalf("Parse(%q) gave a non-user error %v", value, err)
			}
			return
		}
		r := DefaultRules()
		r.Apply(spec.Key, got)
		if r.Value(spec.Key) != got {
			t.Fatalf("%s: Parse(%q) = %q which Apply does not keep (%q)", spec.Key, value, got, r.Value(spec.Key))
		}
	})
}

// TestRuleValueRoundTripsEveryRule: for every rule in RuleSpecs, a value
// other than the default, once applied, is what Value gives back (so
// /aturan shows it and "unchanged" is recognised).
func TestRuleValueRoundTripsEveryRule(t *testing.T) {
	for _, s := range RuleSpecs {
		var values []string
		switch s.Kind {
		case ValPercentBP:
			values = []string{"0", "150", "1000"}
		case ValMoney:
			values = []string{"0", "5000", "123456"}
		case ValInt:
			values = []string{strconv.Itoa(s.Min), strconv.Itoa(s.Max)}
		case ValBool:
			values = []string{"true", "false"}
		case ValChoice:
			for stored := range s.Choices {
				values = append(values, stored)
			}
		case ValTimeZone:
			values = []string{"Asia/Makassar", "Asia/Jayapura"}
		case ValSchedule:
			values = []string{"weekly;2;16:00", ""}
		}
		if len(values) == 0 {
			t.Fatalf("%s: no values to try", s.Key)
		}
		for _, v := range values {
			r := DefaultRules()
			r.Apply(s.Key, v)
			if got := r.Value(s.Key); got != v {
				t.Errorf("%s: Apply(%q) then Value = %q", s.Key, v, got)
			}
		}
	}
}
