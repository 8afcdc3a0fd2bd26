// Package meetings holds the pure rules of a group's meetings: who counts
// as late, who is absent at the close and which fines that brings, and the
// minutes as a record that can be rendered in any language.
package meetings

import (
	"sort"
	"time"

	"kelompok/bot"
)

// Status is a member's attendance at a meeting.
type Status string

const (
	Present Status = "present"
	Late    Status = "late"
	Excused Status = "excused"
	Absent  Status = "absent"
)

// Statuses in the order the minutes list them.
var Statuses = []Status{Present, Late, Excused, Absent}

// Arrival is the status of someone marking themselves present at `at`
// for a meeting scheduled to start at `start`, with `grace` allowed.
// Both instants are absolute, so the server's time zone never matters.
func Arrival(at, start time.Time, grace time.Duration) Status {
	if at.After(start.Add(grace)) {
		return Late
	}
	return Present
}

// FineRules are the group's fines for attendance (zero: no fine).
type FineRules struct {
	Late   bot.Money
	Absent bot.Money
}

// Charge is a fine the close books for a member.
type Charge struct {
	MemberID int64
	Amount   bot.Money
	Reason   Status
}

// Close decides, for the members of the group at the close and the marks
// made during the meeting, who is absent and which fines to charge: late
// arrivals and absences without notice; the excused pay nothing. Members
// are handled in id order, so the result is deterministic.
func Close(members []int64, marks map[int64]Status, r FineRules) (absent []int64, charges []Charge) {
	ids := append([]int64(nil), members...)
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		st, marked := marks[id]
		if !marked {
			absent = append(absent, id)
			st = Absent
		}
		switch {
		case st == Late && r.Late > 0:
			charges = append(charges, Charge{MemberID: id, Amount: r.Late, Reason: Late})
		case st == Absent && r.Absent > 0:
			charges = append(charges, Charge{MemberID: id, Amount: r.Absent, Reason: Absent})
		}
	}
	return absent, charges
}

// Minutes are what the bot posts at the close: a snapshot of the meeting,
// kept as it was. Times are the group's local wall-clock time.
type Minutes struct {
	Group    string    `json:"group"`
	No       int64     `json:"no"`
	Place    string    `json:"place,omitempty"`
	TimeZone string    `json:"tz"`
	OpenedAt time.Time `json:"opened_at"`
	ClosedAt time.Time `json:"closed_at"`
	OpenedBy string    `json:"opened_by"`
	ClosedBy string    `json:"closed_by"`

	// Attendance lists names by status.
	Attendance map[Status][]string `json:"attendance"`
	Agenda     []Item              `json:"agenda,omitempty"`
	// Money lists every ledger entry booked in the meeting.
	Money []MoneyLine `json:"money,omitempty"`
	// Fines charged at the close.
	Fines []FineLine `json:"fines,omitempty"`
	// Short lists the members who saved less than the rules' minimum
	// since the last meeting (MinSavings, 0 = no minimum), and
	// ShortSocial those who paid less than the social fund contribution.
	MinSavings  bot.Money   `json:"min_savings,omitempty"`
	Short       []ShortLine `json:"short,omitempty"`
	SocialDue   bot.Money   `json:"social_due,omitempty"`
	ShortSocial []ShortLine `json:"short_social,omitempty"`
	After       Balances    `json:"after"`
	// Next is the next scheduled meeting, if the group has a schedule.
	Next      *time.Time `json:"next,omitempty"`
	NextPlace string     `json:"next_place,omitempty"`
}

// Item is one agenda row: agenda | discussed | decisions.
type Item struct {
	No        int64    `json:"no"`
	Text      string   `json:"text"`
	Discussed []string `json:"discussed,omitempty"`
	Decisions []string `json:"decisions,omitempty"`
}

// ShortLine is a member who paid less than a rule asks: what they paid.
type ShortLine struct {
	Name string    `json:"name"`
	Paid bot.Money `json:"paid"`
}

// MoneyLine is one entry of the meeting's money.
type MoneyLine struct {
	No     int64     `json:"no"`
	Kind   string    `json:"kind"`
	Name   string    `json:"name,omitempty"`
	Amount bot.Money `json:"amount"`
	Note   string    `json:"note,omitempty"`
	// Where: "" booked in this meeting; "outside" booked outside any
	// meeting since the last one (or confirmed in this one); "earlier"
	// booked at an earlier meeting and confirmed in this one. Rejected and
	// withdrawn reports are not listed.
	Where string `json:"where,omitempty"`
}

// FineLine is a fine charged in the meeting: at the close for lateness or
// absence (Reason late/absent), or by the treasurer (Reason as written).
type FineLine struct {
	No     int64     `json:"no,omitempty"`
	Name   string    `json:"name"`
	Amount bot.Money `json:"amount"`
	Reason string    `json:"reason"`
}

// Balances are the group's books after the meeting.
type Balances struct {
	Savings     bot.Money `json:"savings"`
	Cash        bot.Money `json:"cash"`
	UnpaidFines bot.Money `json:"unpaid_fines"`
}

// Count is how many people have a status.
func (m *Minutes) Count(s Status) int { return len(m.Attendance[s]) }
