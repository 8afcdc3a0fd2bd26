package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/loans"
	"kelompok/locales"
	"kelompok/storage"
)

// shareOutNote is the note of the entries a share-out books.
const shareOutNote = "bagi hasil"

// shareOutApprovers are the offices that both confirm a share-out.
var shareOutApprovers = []bot.Role{bot.RoleChair, bot.RoleTreasurer}

// shareOutPlan is a share-out as the books stand now: who gets what.
type shareOutPlan struct {
	cycle     storage.Cycle
	method    loans.ShareMethod
	members   []*storage.Member
	payouts   []loans.Payout // in the order of members
	savings   bot.Money      // all savings paid back
	profit    bot.Money      // the retained earnings shared
	remainder bot.Money      // kept in the fund
	total     bot.Money      // savings + profit - remainder
	social    bot.Money      // never shared
	cash      bot.Money
	bank      bot.Money
	// fingerprint identifies the numbers: officers confirm these.
	fingerprint string
	// roster is the members by id.
	roster map[int64]*storage.Member
}

// shareOut: "/bagihasil" shows the preview to anyone; "/bagihasil setuju"
// by the chair and the treasurer (two different members) books it.
func shareOut(c *Ctx) error {
	if len(c.Args) == 0 {
		return shareOutPreview(c)
	}
	switch strings.ToLower(c.Args[0]) {
	case "setuju", "confirm", "ok":
		return shareOutConfirm(c)
	}
	return bot.E("shareout.usage")
}

func shareOutPreview(c *Ctx) error {
	p, err := c.shareOutPlan()
	if err != nil {
		return err
	}
	c.Say("shareout.preview", "Cycle", p.cycle.No, "Lines", locales.Raw(c.shareOutLines(p)),
		"Savings", p.savings, "Profit", p.profit, "Remainder", p.remainder, "Total", p.total, "Social", p.social,
		"Cash", p.cash, "Method", locales.Raw(c.T("shareout.method_"+string(p.method))))
	if p.profit < 0 {
		// The preview shows how a loss would fall; say at once that it
		// cannot be confirmed as a share-out.
		c.Say("shareout.loss_not_booked", "Loss", -p.profit)
	}
	return nil
}

func shareOutConfirm(c *Ctx) error {
	if c.Me == nil {
		return bot.E("error.not_member")
	}
	if !c.hasRole(shareOutApprovers...) {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("bagihasil"))+" setuju", "Roles", c.roleNames(shareOutApprovers))
	}
	p, err := c.shareOutPlan()
	if err != nil {
		return err
	}
	if p.profit < 0 {
		// A loss would reduce savings: that needs its own entries.
		return bot.E("shareout.loss_not_booked", "Loss", -p.profit)
	}
	confs, err := c.Tx.ShareOutConfirmations(c.Group.ID, p.cycle.No)
	if err != nil {
		return err
	}
	roster := p.roster
	var matching []storage.ShareOutConfirmation
	for _, cf := range confs {
		if cf.Fingerprint != p.fingerprint {
			continue
		}
		// An office confirms once, whoever holds it now; a confirmation
		// by someone no longer in either office does not count.
		role := roleOf(roster, cf.By)
		if cf.By == c.Me.ID || role == c.Me.Role {
			return bot.E("shareout.already_confirmed", "Name", nameOf(roster, cf.By))
		}
		if !slices.Contains(shareOutApprovers, role) {
			continue
		}
		matching = append(matching, cf)
	}
	if len(matching) == 0 && len(confs) > 0 {
		// The numbers changed since another officer confirmed them: both
		// confirm again, that officer first.
		last := confs[len(confs)-1]
		if last.By != c.Me.ID && last.Fingerprint != p.fingerprint {
			return bot.E("shareout.changed", "Name", nameOf(roster, last.By), "Was", last.Total, "Total", p.total)
		}
	}
	mid, err := c.openMeetingID()
	if err != nil {
		return err
	}
	if err := c.Tx.ConfirmShareOut(c.Group.ID, p.cycle.No, p.fingerprint, p.total, c.Me.ID, mid, c.U.Source); err != nil {
		return err
	}
	if len(matching)+1 < len(shareOutApprovers) {
		other := bot.RoleTreasurer
		if c.Me.Role == bot.RoleTreasurer {
			other = bot.RoleChair
		}
		c.Say("shareout.confirmed", "By", c.Me.Name, "Total", p.total, "Role", c.roleNames([]bot.Role{other}))
		return nil
	}
	return c.bookShareOut(p)
}

// bookShareOut books the plan: each member's savings paid back (a
// withdrawal) and their profit (profit_paid), and the next cycle begun.
func (c *Ctx) bookShareOut(p *shareOutPlan) error {
	meetingID, err := c.recordMeeting()
	if err != nil {
		return err
	}
	var first, last int64
	add := func(kind ledger.Kind, member int64, amount bot.Money) error {
		if amount <= 0 {
			return nil
		}
		e := &storage.Entry{Kind: kind, MemberID: member, Amount: amount, Note: shareOutNote}
		if err := c.bookIn(e, meetingID); err != nil {
			return err
		}
		if first == 0 {
			first = e.No
		}
		last = e.No
		return nil
	}
	for _, po := range p.payouts {
		if err := add(ledger.Withdrawal, po.MemberID, po.Savings); err != nil {
			return err
		}
		if err := add(ledger.ProfitPaid, po.MemberID, po.Profit); err != nil {
			return err
		}
	}
	shared, err := ledger.Sub(p.profit, p.remainder)
	if err != nil {
		return err
	}
	if err := c.Tx.StartCycle(c.Group.ID, p.cycle.No+1, p.savings, shared, p.remainder, c.Me.ID, c.U.Source); err != nil {
		return err
	}
	cash, err := ledger.Sub(p.cash, p.total)
	if err != nil {
		return err
	}
	entries := "-"
	if first != 0 {
		entries = fmt.Sprintf("#%d–#%d", first, last)
	}
	c.Say("shareout.booked", "Cycle", p.cycle.No, "Next", p.cycle.No+1, "By", c.Me.Name, "Entries", entries,
		"Lines", locales.Raw(c.shareOutLines(p)), "Savings", p.savings, "Profit", shared, "Remainder", p.remainder,
		"Total", p.total, "Cash", cash, "Social", p.social, "Outside", locales.Raw(c.outsideNote(meetingID)))
	return nil
}

// shareOutLines lists each member who takes something home.
func (c *Ctx) shareOutLines(p *shareOutPlan) string {
	var lines []string
	for i, po := range p.payouts {
		if po.Total == 0 && po.Savings == 0 {
			continue
		}
		lines = append(lines, c.T("shareout.line", "Name", p.members[i].Name, "Savings", po.Savings,
			"Profit", po.Profit, "Total", po.Total))
	}
	return strings.Join(lines, "\n")
}

// shareOutPlan computes the share-out from the books, or refuses it with
// the reason: an open loan (named), reports still waiting, nothing to
// share, not enough cash on hand.
func (c *Ctx) shareOutPlan() (*shareOutPlan, error) {
	g := c.Group.ID
	p := &shareOutPlan{method: loans.ShareMethod(c.Group.Rules.ShareOutMethod)}
	var err error
	if p.members, err = c.Tx.Members(g); err != nil {
		return nil, err
	}
	p.roster = make(map[int64]*storage.Member, len(p.members))
	for _, m := range p.members {
		p.roster[m.ID] = m
	}
	states, err := c.groupLoanStates()
	if err != nil {
		return nil, err
	}
	var open []string
	for _, s := range states {
		if s.open() {
			open = append(open, loanRef(s.l.No)+" "+nameOf(p.roster, s.l.MemberID))
		}
	}
	if len(open) > 0 {
		return nil, bot.E("shareout.open_loans", "Count", len(open), "Loans", strings.Join(open, ", "))
	}
	pending, err := c.Tx.PendingEntries(g)
	if err != nil {
		return nil, err
	}
	if len(pending) > 0 {
		return nil, bot.E("shareout.pending", "Count", len(pending))
	}
	if p.method == "" {
		p.method = loans.Proportional
	}
	if p.cycle, err = c.Tx.CurrentCycle(g); err != nil {
		return nil, err
	}
	tot, err := c.Tx.GroupTotals(g)
	if err != nil {
		return nil, err
	}
	if p.profit, err = ledger.RetainedEarnings(tot); err != nil {
		return nil, err
	}
	if p.social, err = ledger.SocialFund(tot); err != nil {
		return nil, err
	}
	if p.cash, err = ledger.Cash(tot); err != nil {
		return nil, err
	}
	if p.bank, err = ledger.Bank(tot); err != nil {
		return nil, err
	}
	byMember, err := c.Tx.TotalsByMember(g, time.Time{})
	if err != nil {
		return nil, err
	}
	var interest map[int64]ledger.Totals
	if p.method == loans.InterestPaid {
		if interest, err = c.Tx.TotalsByMember(g, p.cycle.StartedAt); err != nil {
			return nil, err
		}
	}
	holdings := make([]loans.Holding, len(p.members))
	for i, m := range p.members {
		s, err := ledger.SavingsOf(byMember[m.ID])
		if err != nil {
			return nil, err
		}
		holdings[i] = loans.Holding{MemberID: m.ID, Savings: max(s.Confirmed, 0),
			InterestPaid: max(interest[m.ID][ledger.LoanInterest][ledger.Confirmed], 0)}
		if p.savings, err = ledger.Add(p.savings, holdings[i].Savings); err != nil {
			return nil, err
		}
	}
	if len(p.members) == 0 {
		return nil, bot.E(loans.KeyShareNoMembers)
	}
	if p.savings == 0 {
		return nil, bot.E("shareout.nothing", "Profit", p.profit)
	}
	if p.payouts, p.remainder, err = loans.ShareOut(holdings, p.profit, p.method); err != nil {
		return nil, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d|%s|%d|%d|%d", p.cycle.No, p.method, p.profit, p.remainder, p.social)
	for _, po := range p.payouts {
		fmt.Fprintf(h, "|%d:%d:%d", po.MemberID, po.Savings, po.Profit)
		if p.total, err = ledger.Add(p.total, po.Total); err != nil {
			return nil, err
		}
	}
	p.fingerprint = hex.EncodeToString(h.Sum(nil))[:16]
	if p.total > p.cash {
		short, err := ledger.Sub(p.total, p.cash)
		if err != nil {
			return nil, err
		}
		return nil, bot.E("shareout.not_enough_cash", "Total", p.total, "Cash", p.cash, "Short", short, "Bank", p.bank)
	}
	return p, nil
}
