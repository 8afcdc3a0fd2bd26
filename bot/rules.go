package bot

import (
	"strconv"
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
}

// Rule keys as stored.
const (
	RuleLanguage           = "language"
	RuleTimeZone           = "timezone"
	RuleConfirmSelfReports = "confirm_self_reports"
)

// DefaultRules are a new group's rules.
func DefaultRules() Rules {
	return Rules{Language: "id", TimeZone: "Asia/Jakarta", ConfirmSelfReports: true}
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
	}
}

// Location is the group's time zone, falling back to Asia/Jakarta's
// fixed UTC+7 if the zone database is missing.
func (r Rules) Location() *time.Location {
	if loc, err := time.LoadLocation(r.TimeZone); err == nil {
		return loc
	}
	return time.FixedZone("WIB", 7*3600)
}
