package bot

import (
	"strconv"
	"strings"
	"time"
)

// RuleKind is what sort of value a rule holds, which decides how a typed
// value is read and checked.
type RuleKind int

const (
	ValPercentBP RuleKind = iota // interest: "2%" stored as basis points
	ValMoney                     // an amount, 0 allowed
	ValInt                       // a whole number in [Min, Max]
	ValBool                      // ya/tidak, yes/no
	ValChoice                    // one of Choices
	ValTimeZone                  // an IANA zone name
	ValSchedule                  // set with /jadwal only
)

// RuleSpec describes one rule: its kind and range, the words people type
// for it, and whether changing it needs a group poll.
type RuleSpec struct {
	Key  string
	Kind RuleKind
	// Min and Max bound ValInt (and ValPercentBP, in basis points).
	Min, Max int
	// Choices are the stored values of a ValChoice, with the words that
	// name each (Indonesian and English).
	Choices map[string][]string
	// Words are the plain words that name the rule besides its key.
	Words []string
	// NeedsPoll: a change goes to a group poll first.
	NeedsPoll bool
}

// RuleSpecs are the rules a group can see and change, in display order.
var RuleSpecs = []RuleSpec{
	{Key: RuleSchedule, Kind: ValSchedule, Words: []string{"jadwal", "schedule"}},
	{Key: RuleMinSavings, Kind: ValMoney, Words: []string{"simpanan_minimum", "simpanan_min", "minimum_savings", "min_simpanan"}, NeedsPoll: true},
	{Key: RuleLateGraceMinutes, Kind: ValInt, Min: 0, Max: 24 * 60, Words: []string{"toleransi", "toleransi_telat", "grace", "grace_minutes"}, NeedsPoll: true},
	{Key: RuleFineLate, Kind: ValMoney, Words: []string{"denda_telat", "denda_terlambat", "late_fine", "fine_late"}, NeedsPoll: true},
	{Key: RuleFineAbsent, Kind: ValMoney, Words: []string{"denda_absen", "denda_bolos", "denda", "absence_fine", "fine_absent"}, NeedsPoll: true},
	{Key: RuleFineLateInstallment, Kind: ValMoney, Words: []string{"denda_angsuran", "denda_cicilan", "late_installment_fine", "fine_late_installment"}, NeedsPoll: true},
	{Key: RuleConfirmSelfReports, Kind: ValBool, Words: []string{"konfirmasi", "confirmation", "confirm"}, NeedsPoll: true},
	{Key: RuleRecordsNeedMeeting, Kind: ValBool, Words: []string{"catat_saat_rapat", "records_in_meeting"}, NeedsPoll: true},
	{Key: RuleBooksOpen, Kind: ValBool, Words: []string{"buku_terbuka", "saldo_terbuka", "open_books", "books_open"}, NeedsPoll: true},
	{Key: RuleLoanRateBP, Kind: ValPercentBP, Min: 0, Max: 1000, Words: []string{"bunga", "interest", "rate"}, NeedsPoll: true},
	{Key: RuleLoanMethod, Kind: ValChoice, Words: []string{"metode_bunga", "metode", "interest_method", "method"}, NeedsPoll: true,
		Choices: map[string][]string{"flat": {"flat", "tetap"}, "declining": {"declining", "menurun", "efektif"}}},
	{Key: RuleLoanMultiple, Kind: ValInt, Min: 1, Max: 100, Words: []string{"batas_pinjam", "batas_pinjaman", "kelipatan", "loan_limit"}, NeedsPoll: true},
	{Key: RuleLoanMaxMonths, Kind: ValInt, Min: 1, Max: 360, Words: []string{"jangka", "tenor", "lama_pinjam", "loan_term"}, NeedsPoll: true},
	{Key: RuleLoanMaxOpen, Kind: ValInt, Min: 1, Max: 100, Words: []string{"pinjaman_aktif", "open_loans"}, NeedsPoll: true},
	{Key: RuleLoanApproval, Kind: ValChoice, Words: []string{"persetujuan_pinjaman", "persetujuan", "loan_approval"}, NeedsPoll: true,
		Choices: map[string][]string{"officers": {"officers", "pengurus"}, "poll": {"poll", "voting"}}},
	{Key: RuleQuorumPct, Kind: ValInt, Min: 0, Max: 100, Words: []string{"kuorum", "quorum"}, NeedsPoll: true},
	{Key: RuleMajorityPct, Kind: ValInt, Min: 50, Max: 100, Words: []string{"mayoritas", "majority"}, NeedsPoll: true},
	{Key: RulePollHours, Kind: ValInt, Min: 1, Max: 24 * 30, Words: []string{"lama_voting", "poll_hours"}, NeedsPoll: true},
	{Key: RuleOfficerTermMonths, Kind: ValInt, Min: 1, Max: 120, Words: []string{"masa_jabatan", "officer_term", "term"}, NeedsPoll: true},
	{Key: RuleSocialFund, Kind: ValMoney, Words: []string{"dana_sosial", "sosial", "social_fund"}, NeedsPoll: true},
	{Key: RuleShareOutMethod, Kind: ValChoice, Words: []string{"bagi_hasil", "shareout"}, NeedsPoll: true,
		Choices: map[string][]string{"proportional": {"proportional", "proporsional", "sebanding"}, "equal": {"equal", "rata", "sama"}, "interest_paid": {"interest_paid", "bunga_dibayar"}}},
	{Key: RuleLanguage, Kind: ValChoice, Words: []string{"bahasa", "language", "lang"},
		Choices: map[string][]string{"id": {"id", "indonesia", "indonesian"}, "en": {"en", "english", "inggris"}}},
	{Key: RuleTimeZone, Kind: ValTimeZone, Words: []string{"zona_waktu", "zona", "timezone", "time_zone"}},
}

// FindRule finds a rule by its key or one of its words, in any case,
// with spaces or dashes written as underscores.
func FindRule(word string) (RuleSpec, bool) {
	w := strings.ToLower(strings.NewReplacer(" ", "_", "-", "_").Replace(strings.TrimSpace(word)))
	for _, s := range RuleSpecs {
		if s.Key == w {
			return s, true
		}
		for _, x := range s.Words {
			if x == w {
				return s, true
			}
		}
	}
	return RuleSpec{}, false
}

// Parse reads a typed value for the rule and returns it as stored, or a
// user error: "2%" is 200 basis points, "1.000" is 1000 rupiah, "ya" is
// true. maxMoney bounds amounts.
func (s RuleSpec) Parse(input string, maxMoney Money) (string, error) {
	in := strings.TrimSpace(input)
	if in == "" {
		return "", E("rules.value_missing")
	}
	switch s.Kind {
	case ValPercentBP:
		bp, ok := parsePercentBP(in)
		if !ok || bp < s.Min || bp > s.Max {
			return "", E("rules.bad_percent", "Input", in, "Max", strconv.Itoa(s.Max/100)+"%")
		}
		return strconv.Itoa(bp), nil
	case ValMoney:
		if t := strings.TrimLeft(strings.TrimPrefix(strings.ToLower(in), "rp"), " "); t == "0" || t == "0,-" {
			return "0", nil
		}
		m, err := ParseMoney(in, maxMoney)
		if err != nil {
			return "", E("rules.bad_money", "Input", in)
		}
		return strconv.FormatInt(int64(m), 10), nil
	case ValInt:
		n, err := strconv.Atoi(strings.TrimSuffix(in, "%"))
		if err != nil || n < s.Min || n > s.Max {
			return "", E("rules.bad_number", "Input", in, "Min", s.Min, "Max", s.Max)
		}
		return strconv.Itoa(n), nil
	case ValBool:
		switch strings.ToLower(in) {
		case "ya", "yes", "y", "on", "true", "1", "wajib", "perlu":
			return "true", nil
		case "tidak", "no", "n", "off", "false", "0", "tak", "nggak", "gak":
			return "false", nil
		}
		return "", E("rules.bad_bool", "Input", in)
	case ValChoice:
		low := strings.ToLower(in)
		var names []string
		for stored, words := range s.Choices {
			for _, w := range words {
				if w == low {
					return stored, nil
				}
			}
			names = append(names, words[len(words)-1])
		}
		return "", E("rules.bad_choice", "Input", in, "Choices", strings.Join(sortStrings(names), ", "))
	case ValTimeZone:
		if _, err := time.LoadLocation(in); err != nil || !strings.Contains(in, "/") {
			return "", E("rules.bad_timezone", "Input", in)
		}
		return in, nil
	}
	return "", E("rules.use_schedule")
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

// parsePercentBP reads "2%", "2", "1,5%", "1.5 %" as basis points (200,
// 150); at most two decimals. Negative numbers are refused.
func parsePercentBP(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 4 || len(frac) > 2 {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	w, _ := strconv.Atoi(whole)
	f := 0
	if frac != "" {
		f, _ = strconv.Atoi(frac)
		if len(frac) == 1 {
			f *= 10
		}
	}
	return w*100 + f, true
}

// Value is a rule's value in force as stored (the form Parse returns).
func (r Rules) Value(key string) string {
	switch key {
	case RuleLanguage:
		return r.Language
	case RuleTimeZone:
		return r.TimeZone
	case RuleConfirmSelfReports:
		return strconv.FormatBool(r.ConfirmSelfReports)
	case RuleSchedule:
		return r.Schedule
	case RuleLateGraceMinutes:
		return strconv.Itoa(int(r.LateGrace / time.Minute))
	case RuleFineLate:
		return strconv.FormatInt(int64(r.FineLate), 10)
	case RuleFineAbsent:
		return strconv.FormatInt(int64(r.FineAbsent), 10)
	case RuleRecordsNeedMeeting:
		return strconv.FormatBool(r.RecordsNeedMeeting)
	case RuleBooksOpen:
		return strconv.FormatBool(r.BooksOpen)
	case RuleFineLateInstallment:
		return strconv.FormatInt(int64(r.FineLateInstallment), 10)
	case RuleLoanRateBP:
		return strconv.Itoa(r.LoanRateBP)
	case RuleLoanMethod:
		return r.LoanMethod
	case RuleLoanMultiple:
		return strconv.Itoa(r.LoanMultiple)
	case RuleLoanMaxMonths:
		return strconv.Itoa(r.LoanMaxMonths)
	case RuleLoanMaxOpen:
		return strconv.Itoa(r.LoanMaxOpen)
	case RuleShareOutMethod:
		return r.ShareOutMethod
	case RuleQuorumPct:
		return strconv.Itoa(r.QuorumPct)
	case RuleMajorityPct:
		return strconv.Itoa(r.MajorityPct)
	case RulePollHours:
		return strconv.Itoa(r.PollHours)
	case RuleOfficerTermMonths:
		return strconv.Itoa(r.OfficerTermMonths)
	case RuleLoanApproval:
		return r.LoanApproval
	case RuleMinSavings:
		return strconv.FormatInt(int64(r.MinSavings), 10)
	case RuleSocialFund:
		return strconv.FormatInt(int64(r.SocialFund), 10)
	}
	return ""
}

func (r *Rules) applyPollRule(key, value string) {
	if key == RuleLoanApproval {
		if value == "officers" || value == "poll" {
			r.LoanApproval = value
		}
		return
	}
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return
	}
	switch {
	case key == RuleQuorumPct && n >= 0 && n <= 100:
		r.QuorumPct = int(n)
	case key == RuleMajorityPct && n >= 50 && n <= 100:
		r.MajorityPct = int(n)
	case key == RulePollHours && n >= 1 && n <= 24*30:
		r.PollHours = int(n)
	case key == RuleOfficerTermMonths && n >= 1 && n <= 120:
		r.OfficerTermMonths = int(n)
	case key == RuleMinSavings && n >= 0:
		r.MinSavings = Money(n)
	case key == RuleSocialFund && n >= 0:
		r.SocialFund = Money(n)
	}
}
