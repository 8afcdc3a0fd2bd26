package bot

import (
	"strconv"
	"sync"
	"time"
)

// Rules are the group's agreed settings (its constitution), with the
// defaults a new group starts with. Storage keeps every change.
type Rules struct {
	// Language of the bot's messages: "id" or "en".
	Language string
	// TimeZone is an IANA name; days and weeks are counted in it.
	TimeZone string
	// ConfirmSelfReports: a member's own report waits for an officer.
	ConfirmSelfReports bool
	// Schedule is the meeting rule in schedule.Encode form ("" = none).
	Schedule string
	// LateGrace is how long after the scheduled start arrival is on time.
	LateGrace time.Duration
	// FineLate and FineAbsent are charged at a meeting's close (0 = none).
	FineLate   Money
	FineAbsent Money
	// FineLateInstallment is charged once per loan installment found
	// overdue at a meeting's close (0 = none, the default).
	FineLateInstallment Money
	// RecordsNeedMeeting forbids money records while no meeting is open.
	RecordsNeedMeeting bool
	// BooksOpen lets every member see any member's passbook (/saldo @name);
	// otherwise only officers may.
	BooksOpen bool
	// LoanRateBP is the loan interest per month in basis points (200 = 2%).
	LoanRateBP int
	// LoanMethod is how interest is charged: "flat" or "declining".
	LoanMethod string
	// LoanMultiple: a member may borrow up to this many times their savings.
	LoanMultiple int
	// LoanMaxMonths is the longest loan term.
	LoanMaxMonths int
	// LoanMaxOpen is how many open loans a member may have at once.
	LoanMaxOpen int
	// ShareOutMethod is how the profit is divided at share-out:
	// "proportional" (to savings), "equal" or "interest_paid".
	ShareOutMethod string
	// QuorumPct is the share of members (percent) who must vote for a
	// poll to count; MajorityPct the share of the votes the winner needs:
	// more than it, or all of them at 100.
	QuorumPct   int
	MajorityPct int
	// PollHours is how long a poll stays open unless closed earlier.
	PollHours int
	// OfficerTermMonths is how long an officer serves before a new election.
	OfficerTermMonths int
	// LoanApproval is who approves a loan: "officers" (chair and
	// treasurer) or "poll" (the group votes).
	LoanApproval string
	// MinSavings is the least a member saves per meeting; SocialFund the
	// contribution to the social fund per meeting (0 = none).
	MinSavings Money
	SocialFund Money
	// Reminder settings in their stored forms (read by bot/reminders;
	// "" is the default): meeting offsets, weekly summary time,
	// installment reminders, the missed-meeting nudge.
	ReminderMeeting      string
	ReminderSummary      string
	ReminderInstallments string
	ReminderMissed       string
}

// Rule keys as stored.
const (
	RuleLanguage             = "language"
	RuleTimeZone             = "timezone"
	RuleConfirmSelfReports   = "confirm_self_reports"
	RuleSchedule             = "schedule"
	RuleLateGraceMinutes     = "late_grace_minutes"
	RuleFineLate             = "fine_late"
	RuleFineAbsent           = "fine_absent"
	RuleFineLateInstallment  = "fine_late_installment"
	RuleRecordsNeedMeeting   = "records_need_meeting"
	RuleBooksOpen            = "books_open"
	RuleLoanRateBP           = "loan_rate_bp"
	RuleLoanMethod           = "loan_method"
	RuleLoanMultiple         = "loan_multiple"
	RuleLoanMaxMonths        = "loan_max_months"
	RuleLoanMaxOpen          = "loan_max_open"
	RuleShareOutMethod       = "shareout_method"
	RuleQuorumPct            = "poll_quorum_pct"
	RuleMajorityPct          = "poll_majority_pct"
	RulePollHours            = "poll_hours"
	RuleOfficerTermMonths    = "officer_term_months"
	RuleLoanApproval         = "loan_approval"
	RuleMinSavings           = "min_savings"
	RuleSocialFund           = "social_fund"
	RuleReminderMeeting      = "reminder_meeting"
	RuleReminderSummary      = "reminder_summary"
	RuleReminderInstallments = "reminder_installments"
	RuleReminderMissed       = "reminder_missed"
)

// DefaultRules are a new group's rules.
func DefaultRules() Rules {
	return Rules{Language: "id", TimeZone: "Asia/Jakarta", ConfirmSelfReports: true,
		LateGrace: 15 * time.Minute, FineLate: 1000, FineAbsent: 2000,
		LoanRateBP: 200, LoanMethod: "flat", LoanMultiple: 3, LoanMaxMonths: 12, LoanMaxOpen: 1,
		ShareOutMethod: "proportional", QuorumPct: 50, MajorityPct: 50, PollHours: 24,
		OfficerTermMonths: 12, LoanApproval: "officers"}
}

// Apply sets one stored rule; unknown keys are ignored (a newer version's).
func (r *Rules) Apply(key, value string) {
	switch key {
	case RuleLanguage:
		if value == "id" || value == "en" {
			r.Language = value
		}
	case RuleTimeZone:
		if _, err := time.LoadLocation(value); err == nil {
			r.TimeZone = value
		}
	case RuleConfirmSelfReports:
		if b, err := strconv.ParseBool(value); err == nil {
			r.ConfirmSelfReports = b
		}
	case RuleSchedule:
		r.Schedule = value
	case RuleLateGraceMinutes:
		if n, err := strconv.Atoi(value); err == nil && n >= 0 && n <= 24*60 {
			r.LateGrace = time.Duration(n) * time.Minute
		}
	case RuleFineLate, RuleFineAbsent, RuleFineLateInstallment:
		if n, err := strconv.ParseInt(value, 10, 64); err == nil && n >= 0 {
			switch key {
			case RuleFineLate:
				r.FineLate = Money(n)
			case RuleFineAbsent:
				r.FineAbsent = Money(n)
			default:
				r.FineLateInstallment = Money(n)
			}
		}
	case RuleRecordsNeedMeeting:
		if b, err := strconv.ParseBool(value); err == nil {
			r.RecordsNeedMeeting = b
		}
	case RuleBooksOpen:
		if b, err := strconv.ParseBool(value); err == nil {
			r.BooksOpen = b
		}
	case RuleLoanMethod:
		if value == "flat" || value == "declining" {
			r.LoanMethod = value
		}
	case RuleShareOutMethod:
		if value == "proportional" || value == "equal" || value == "interest_paid" {
			r.ShareOutMethod = value
		}
	case RuleQuorumPct, RuleMajorityPct, RulePollHours, RuleOfficerTermMonths, RuleLoanApproval, RuleMinSavings, RuleSocialFund:
		r.applyPollRule(key, value)
	case RuleReminderMeeting:
		r.ReminderMeeting = value
	case RuleReminderSummary:
		r.ReminderSummary = value
	case RuleReminderInstallments:
		r.ReminderInstallments = value
	case RuleReminderMissed:
		r.ReminderMissed = value
	case RuleLoanRateBP, RuleLoanMultiple, RuleLoanMaxMonths, RuleLoanMaxOpen:
		n, err := strconv.Atoi(value)
		if err != nil {
			return
		}
		switch {
		case key == RuleLoanRateBP && n >= 0 && n <= 1000:
			r.LoanRateBP = n
		case key == RuleLoanMultiple && n >= 1 && n <= 100:
			r.LoanMultiple = n
		case key == RuleLoanMaxMonths && n >= 1 && n <= 360:
			r.LoanMaxMonths = n
		case key == RuleLoanMaxOpen && n >= 1 && n <= 100:
			r.LoanMaxOpen = n
		}
	}
}

// Location is the group's time zone, falling back to Asia/Jakarta's
// fixed UTC+7 if the zone database is missing.
func (r Rules) Location() *time.Location {
	if loc, ok := zones.Load(r.TimeZone); ok {
		return loc.(*time.Location)
	}
	if loc, err := time.LoadLocation(r.TimeZone); err == nil {
		zones.Store(r.TimeZone, loc)
		return loc
	}
	return time.FixedZone("WIB", 7*3600)
}

// zones caches loaded time zones: time.LoadLocation reads the zone
// database every time, and a weekly summary of 10,000 groups asks often.
var zones sync.Map
