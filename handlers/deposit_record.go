package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
	"kelompok/storage"
)

// depositRecord books savings: "/setor 5000" for oneself, or by the
// treasurer or chair "/setor 5000 @budi" / "/setor 5rb Bu Sri" for another
// member. A member's own report waits for confirmation if the rules say so.
func depositRecord(c *Ctx) error {
	amount, target, self, err := c.memberAmount(c.Args)
	if err != nil {
		return err
	}
	e := &storage.Entry{Kind: ledger.Deposit, MemberID: target.ID, Amount: amount, NeedsConfirmation: self && c.Group.Rules.ConfirmSelfReports}
	if err := c.book(e); err != nil {
		return err
	}
	meetingID := e.MeetingID
	s, err := c.savings(target.ID)
	if err != nil {
		return err
	}
	if e.NeedsConfirmation {
		c.SayButtons(confirmButtons(c, e.No), "deposit.pending",
			"No", e.No, "Name", target.Name, "Amount", amount, "Confirmed", s.Confirmed, "Pending", s.Pending,
			"Outside", locales.Raw(c.outsideNote(meetingID)))
		return nil
	}
	c.Say("deposit.recorded", "No", e.No, "Name", target.Name, "Amount", amount, "Confirmed", s.Confirmed, "Pending", s.Pending, "HasPending", s.Pending > 0, "By", c.Me.Name,
		"Outside", locales.Raw(c.outsideNote(meetingID)))
	return nil
}

// memberAmount reads "AMOUNT [member]": the amount, and whom it is for:
// the sender, or (for the treasurer or chair only) the member named after
// it. self is true when it is the sender's own.
func (c *Ctx) memberAmount(args []string) (bot.Money, *storage.Member, bool, error) {
	amount, rest, err := splitAmount(c, args)
	if err != nil {
		return 0, nil, false, err
	}
	target := c.Me
	if len(rest) > 0 || len(c.U.Mentions) > 0 {
		if target, err = c.otherMember(rest); err != nil {
			return 0, nil, false, err
		}
	}
	self := target.ID == c.Me.ID
	if !self && !c.hasRole(moneyOfficers...) {
		return 0, nil, false, bot.E("deposit.for_other_not_allowed", "Roles", c.roleNames(moneyOfficers))
	}
	return amount, target, self, nil
}

// groupCash is the group's totals and its cash on hand.
func (c *Ctx) groupCash() (ledger.Totals, bot.Money, error) {
	tot, err := c.Tx.GroupTotals(c.Group.ID)
	if err != nil {
		return nil, 0, err
	}
	cash, err := ledger.Cash(tot)
	return tot, cash, err
}

// confirmButtons are the treasurer's buttons under a pending report.
func confirmButtons(c *Ctx, no int64) [][]bot.Button {
	n := itoa(int(no))
	return [][]bot.Button{{
		{Label: stripMarkup(c.T("button.confirm")), Data: "ok:" + n},
		{Label: stripMarkup(c.T("button.reject")), Data: "no:" + n},
	}}
}

// splitAmount takes the amount from the front of the arguments (it may be
// written in up to three words, "Rp 10.000,-", "1,5 juta") and returns the
// words after it.
func splitAmount(c *Ctx, args []string) (bot.Money, []string, error) {
	if len(args) == 0 {
		return 0, nil, bot.E("money.missing")
	}
	// If no reading is an amount, report the longest that was one but not
	// acceptable ("Rp 0", "Rp 500.000.000"), not that "Rp" is no number.
	var refused error
	for n := min(3, len(args)); n >= 1; n-- {
		m, err := c.money(strings.Join(args[:n], " "))
		if err == nil {
			return m, args[n:], nil
		}
		if be, ok := bot.AsError(err); ok && be.Key != "money.not_a_number" && refused == nil {
			refused = err
		}
	}
	if refused != nil {
		return 0, nil, refused
	}
	_, err := c.money(args[0])
	return 0, nil, err
}

// otherMember resolves the member a command names ("@budi" or a name). A
// platform mention of a known person wins over the text.
func (c *Ctx) otherMember(words []string) (*storage.Member, error) {
	for _, p := range c.U.Mentions {
		if m, err := c.Tx.MemberByRef(c.Group.ID, p.Ref); err != nil || m != nil {
			return m, err
		}
	}
	name := strings.Join(words, " ")
	m, err := c.Tx.FindMember(c.Group.ID, name)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, bot.E("member.not_found", "Name", name)
	}
	return m, nil
}

// leadingMember finds a member named at the front of the words ("@budi",
// "Mbah Karto", or a platform mention) and returns the words after the
// name. It tries the longest name first. nil if the words name nobody.
func (c *Ctx) leadingMember(words []string) (*storage.Member, []string, error) {
	for _, p := range c.U.Mentions {
		if m, err := c.Tx.MemberByRef(c.Group.ID, p.Ref); err != nil || m != nil {
			if len(words) > 0 && !strings.HasPrefix(words[0], "@") {
				// A text mention shows the name as typed: skip its words.
				for k := min(4, len(words)); k >= 1; k-- {
					if strings.EqualFold(strings.Join(words[:k], " "), p.Name) {
						return m, words[k:], err
					}
				}
			}
			return m, words, err
		}
	}
	for k := min(4, len(words)); k >= 1; k-- {
		m, err := c.Tx.FindMember(c.Group.ID, strings.Join(words[:k], " "))
		if err != nil {
			return nil, nil, err
		}
		if m != nil {
			return m, words[k:], nil
		}
	}
	if len(words) > 0 && strings.HasPrefix(words[0], "@") {
		// An @name that matches nobody is a mistake, never someone else.
		return nil, nil, bot.E("member.not_found", "Name", words[0])
	}
	return nil, words, nil
}

func (c *Ctx) savings(memberID int64) (ledger.Savings, error) {
	tot, err := c.Tx.MemberTotals(c.Group.ID, memberID)
	if err != nil {
		return ledger.Savings{}, err
	}
	return ledger.SavingsOf(tot)
}
