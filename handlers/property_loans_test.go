package handlers_test

import (
	"strconv"
	"strings"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/loans"
	"kelompok/locales"
)

// The loans of TestBooksProperty: request, approval, pay-out, repayment,
// and the steps that clear the way to a share-out.

func (r *booksRun) loanRequest(s *step, g, other *bGroup) {
	s.op = "loan"
	who := pick(r.c, g.members)
	for _, m := range g.members { // favour members with savings and no loan
		if g.lendable(m) > 0 && g.openLoans(m) == 0 && r.c.Intn(2) == 0 {
			who = m
		}
	}
	switch r.c.Intn(6) {
	case 0, 2: // an officer borrows
		who = pick(r.c, []string{g.chair, g.treasurer})
	case 1: // someone with a loan open asks again
		for _, l := range g.loans {
			if l.open() {
				who = l.member
			}
		}
	}
	if r.c.Intn(8) == 0 {
		who = pick(r.c, []string{other.chair, other.treasurer})
	}
	limit := loans.Limit(g.lendable(who), 3)
	var m bot.Money
	switch r.c.Intn(4) {
	case 0:
		m = limit + 1 + bot.Money(r.c.Intn(100000))
	default:
		m = r.amountUpTo(min(limit, g.cash()))
	}
	months := 1 + r.c.Intn(12)
	switch r.c.Intn(10) {
	case 0:
		months = 0
	case 1:
		months = 13 + r.c.Intn(30)
	}
	s.u = r.h.msg(g.chat, who, "/pinjam "+strconv.FormatInt(int64(m), 10)+" "+strconv.Itoa(months)+" modal warung")
	if r.gate(s, g, who, "/pinjam") {
		return
	}
	refused := func(op, key string, kv ...any) {
		r.refuse(s, key, kv...)
		s.op = op
	}
	switch open := g.openLoans(who); {
	case months < 1 || months > 12:
		refused("tenor_invalid", "loan.tenor_invalid", "Months", months, "Max", 12)
	case open >= 1:
		refused("loan_refused", "loan.already_open", "Open", open, "Max", 1)
	case m > limit:
		refused("loan_over_limit", "loan.over_limit", "Limit", limit, "Amount", m, "Savings", g.lendable(who), "Multiple", 3)
	case m > g.cash():
		refused("loan_refused", "loan.over_cash", "Cash", g.cash(), "Amount", m)
	}
	if s.want != nil {
		return
	}
	l := &bLoan{no: len(g.loans) + 1, member: who, principal: m, months: months}
	g.loans = append(g.loans, l)
	if r.focus == nil {
		r.focus, r.focusGroup = l, g
	}

	sch, err := loans.Schedule(m, 200, months, 12, loans.Flat, r.h.clock.T, jakarta)
	if err != nil {
		r.fail("schedule: %v", err)
	}
	var interest bot.Money
	for _, in := range sch {
		interest += in.Interest
	}
	r.accept(s, "loan.requested", "No", loanNo(l.no), "Name", r.name(who), "Amount", m, "Months", months, "Rate", "2%",
		"Method", locales.Raw(r.h.cat.T("id", "loan.method_flat", nil)), "Lines", r.lines(sch), "Interest", interest, "Total", m+interest)
}

func loanNo(n int) string { return "P" + strconv.Itoa(n) }

func (r *booksRun) lines(sch []loans.Installment) locales.Raw {
	rows := make([][]any, len(sch))
	for i, in := range sch {
		rows[i] = inst(in.N, in.Due.Format("02/01/2006"), in.Principal, in.Interest)
	}
	return r.h.schedLines("id", rows...)
}

// someLoan is a loan number to quote: mostly an existing one.
func (r *booksRun) someLoan(g *bGroup) (int, *bLoan) {
	if r.focusActive {
		return r.focus.no, r.focus
	}
	no := 1 + r.c.Intn(len(g.loans)+1)
	if no <= len(g.loans) {
		return no, g.loans[no-1]
	}
	return no, nil
}

// decidable applies decidableLoan: the loan exists, is not rejected and
// not paid out.
func (r *booksRun) decidable(s *step, no int, l *bLoan) bool {
	switch {
	case l == nil:
		r.refuse(s, "loan.not_found", "No", loanNo(no))
	case l.rejected:
		r.refuse(s, "loan.already_rejected", "No", loanNo(no))
	case l.disbursed:
		r.refuse(s, "loan.already_disbursed", "No", loanNo(no))
	default:
		return true
	}
	return false
}

func (r *booksRun) loanDecide(s *step, g, other *bGroup) {
	no, l := r.someLoan(g)
	for _, cand := range g.loans { // favour a loan that waits
		if !r.focusActive && !cand.rejected && !cand.disbursed && (r.c.Intn(3) > 0 || !g.officesApproved(cand)) {
			no, l = cand.no, cand
		}
	}
	if !r.focusActive && r.c.Intn(6) == 0 { // reject
		s.op = "loan_reject"
		who := r.actor(g, other, g.chair, g.treasurer)
		s.u = r.h.msg(g.chat, who, "/tolak "+loanNo(no))
		if r.gate(s, g, who, "/tolak", rolesDecide...) {
			return
		}
		if !r.decidable(s, no, l) {
			s.op = "loan_reject_refused"
			return
		}
		l.rejected = true
		r.accept(s, "loan.rejected", "No", loanNo(no), "Name", r.name(l.member), "Amount", l.principal, "By", r.name(who))
		return
	}
	s.op = "approve"
	who := r.actor(g, other, g.chair, g.treasurer, g.secretary)
	if l != nil && (r.focusActive || r.c.Intn(3) > 0) { // mostly the office still missing
		for _, office := range []string{g.chair, g.treasurer} {
			done := false
			for _, by := range l.approvals {
				done = done || approvingOffice(g.role(by), g.role(l.member)) == g.role(office)
			}
			if !done {
				who = office
				if office == l.member {
					who = g.secretary
				}
				break
			}
		}
	}
	for _, cand := range g.loans { // an officer approving their own loan
		if !r.focusActive && !cand.rejected && !cand.disbursed && g.role(cand.member) != "" && r.c.Intn(2) == 0 {
			no, l, who = cand.no, cand, cand.member
		}
	}
	s.u = r.h.msg(g.chat, who, "/setujui "+loanNo(no))
	if r.gate(s, g, who, "/setujui") {
		return
	}
	s.op = "approve_refused"
	if !r.decidable(s, no, l) {
		return
	}
	mine := approvingOffice(g.role(who), g.role(l.member))
	switch {
	case g.role(who) == "":
		r.refuse(s, "error.not_allowed", "Command", "/setujui", "Roles", roleNames(rolesDecide))
		return
	case l.member == who:
		r.refuse(s, "loan.own_approval", "No", loanNo(no))
		s.op = "approve_own"
		return
	case mine == "":
		r.refuse(s, "error.not_allowed", "Command", "/setujui", "Roles", roleNames(rolesDecide))
		return
	}
	for _, by := range l.approvals {
		if by == who || approvingOffice(g.role(by), g.role(l.member)) == mine {
			r.refuse(s, "loan.already_approved", "No", loanNo(no), "Name", r.name(by))
			return
		}
	}
	s.op = "approve"
	l.approvals = append(l.approvals, who)
	if g.officesApproved(l) {
		r.accept(s, "loan.ready", "No", loanNo(no), "Name", r.name(l.member), "Amount", l.principal, "By", r.name(who))
		return
	}
	otherOffice := bot.RoleTreasurer
	if mine == bot.RoleTreasurer {
		otherOffice = bot.RoleChair
	}
	r.accept(s, "loan.approved", "No", loanNo(no), "Name", r.name(l.member), "Amount", l.principal, "By", r.name(who),
		"Role", roleNames([]bot.Role{otherOffice}))
}

func (r *booksRun) disburse(s *step, g, other *bGroup) {
	s.op = "disburse"
	who := r.actor(g, other, g.chair, g.treasurer)
	no, l := r.someLoan(g)
	if r.focusActive {
		who = g.treasurer
	}
	for _, cand := range g.loans { // favour a loan that is ready
		if !r.focusActive && !cand.rejected && !cand.disbursed && g.officesApproved(cand) && r.c.Intn(4) > 0 {
			no, l = cand.no, cand
		}
	}
	s.u = r.h.msg(g.chat, who, "/cairkan "+loanNo(no))
	if r.gate(s, g, who, "/cairkan", rolesMoney...) {
		return
	}
	s.op = "disburse_refused"
	if !r.decidable(s, no, l) {
		return
	}
	if !g.officesApproved(l) {
		r.refuse(s, "loan.not_approved", "No", loanNo(no), "Count", len(l.approvals))
		return
	}
	if l.principal > g.cash() {
		r.refuse(s, "loan.over_cash", "Cash", g.cash(), "Amount", l.principal)
		return
	}
	if limit := loans.Limit(g.lendable(l.member), 3); l.principal > limit {
		r.refuse(s, "loan.over_limit", "Limit", limit, "Amount", l.principal, "Savings", g.lendable(l.member), "Multiple", 3)
		return
	}
	s.op = "disburse"
	e := g.add(&bEntry{kind: ledger.LoanOut, member: l.member, by: who, amount: l.principal, status: ledger.Confirmed, loan: no})
	l.disbursed, l.disbursedAt, l.disbursedFor = true, r.h.clock.T, l.principal
	terms, err := l.terms()
	if err != nil {
		r.fail("terms: %v", err)
	}
	r.accept(s, "loan.disbursed", "No", loanNo(no), "Entry", e, "Name", r.name(l.member), "Amount", l.principal, "Cash", g.cash(),
		"By", r.name(who), "Lines", r.lines(terms.Schedule), "Outside", r.outside(g))
}

// repay sends "/bayar AMOUNT [P#] [@member]"; payoff asks for the exact
// amount that closes a loan.
func (r *booksRun) repay(s *step, g, other *bGroup, payoff bool) {
	s.op = "repay"
	who := r.actor(g, other, g.chair, g.treasurer)
	if payoff {
		who = g.treasurer
	}
	no, l := r.someLoan(g)
	if r.focusActive {
		who = g.chair
	}
	for _, cand := range g.loans { // favour a loan still owed
		if !r.focusActive && cand.disbursed && !cand.closed() && r.c.Intn(4) > 0 {
			no, l = cand.no, cand
		}
	}
	// Whose loan the command names: the borrower's mostly, someone else's
	// sometimes, nobody's (the sender's own) sometimes.
	borrower := ""
	if l != nil {
		borrower = l.member
	}
	if r.c.Intn(5) == 0 {
		borrower = pick(r.c, g.members)
	}
	byNo := r.c.Intn(2) == 0 || borrower == ""
	m := randomAmount(r.c)
	var owed bot.Money
	if l != nil && l.disbursed && !l.closed() {
		terms, err := l.terms()
		if err != nil {
			r.fail("terms: %v", err)
		}
		st, err := loans.Status(terms, []loans.Payment{l.paid}, r.h.clock.T, loans.InterestToDate)
		if err != nil {
			r.fail("status: %v", err)
		}
		owed = st.Payoff
		switch k := r.c.Intn(6); {
		case payoff || k < 2:
			m = owed
		case k < 5:
			m = r.amountUpTo(owed)
		default:
			m = owed + 1 + bot.Money(r.c.Intn(1000))
		}
	}
	text := "/bayar " + formatAmount(r.c, m)
	if byNo {
		text += " " + loanNo(no)
	}
	if borrower != "" && (!byNo || r.c.Intn(2) == 0) {
		text += " @" + borrower
	} else if !byNo {
		borrower = who
	} else {
		borrower = ""
	}
	s.u = r.h.msg(g.chat, who, text)
	if r.gate(s, g, who, "/bayar") {
		return
	}
	s.op = "repay_refused"
	if !g.handlesMoney(who) {
		r.refuse(s, "loan.repay_officer", "Roles", roleNames(rolesMoney))
		s.op = "role_refused"
		return
	}
	if byNo {
		if l == nil {
			r.refuse(s, "loan.not_found", "No", loanNo(no))
			return
		}
		if borrower != "" && borrower != l.member {
			r.refuse(s, "loan.not_found", "No", loanNo(no))
			s.op = "repay_other"
			return
		}
	} else {
		if l = g.openLoanOf(borrower); l == nil {
			r.refuse(s, "loan.none_open", "Name", r.name(borrower))
			return
		}
		// A corrected payoff can open a loan again beside a newer one:
		// then the command must name the loan.
		var refs []string
		for _, x := range g.loans {
			if x.member == borrower && x.disbursed && !x.closed() {
				refs = append(refs, loanNo(x.no))
			}
		}
		if len(refs) > 1 {
			r.refuse(s, "loan.choose", "Name", r.name(borrower), "Loans", strings.Join(refs, ", "))
			return
		}
		no = l.no
		terms, err := l.terms()
		if err != nil {
			r.fail("terms: %v", err)
		}
		st, err := loans.Status(terms, []loans.Payment{l.paid}, r.h.clock.T, loans.InterestToDate)
		if err != nil {
			r.fail("status: %v", err)
		}
		owed = st.Payoff
	}
	switch {
	case l.rejected:
		r.refuse(s, "loan.already_rejected", "No", loanNo(no))
		return
	case !l.disbursed:
		r.refuse(s, "loan.not_disbursed", "No", loanNo(no))
		return
	case l.closed():
		r.refuse(s, "loan.closed")
		s.op = "repay_closed"
		return
	case m > owed:
		r.refuse(s, "loan.overpay", "Owed", owed, "Amount", m)
		s.op = "repay_overpay"
		return
	}
	terms, err := l.terms()
	if err != nil {
		r.fail("terms: %v", err)
	}
	a, err := loans.Allocate(terms, []loans.Payment{l.paid}, m, r.h.clock.T, loans.InterestToDate)
	if err != nil {
		r.fail("allocate %d on P%d: %v", m, no, err)
	}
	if a.Interest+a.Principal != m {
		r.fail("allocate %d on P%d: %+v does not add up", m, no, a)
	}
	var nos []string
	pay := len(g.entries) + 1 // the first part's number
	for _, part := range []struct {
		kind   ledger.Kind
		amount bot.Money
	}{{ledger.LoanInterest, a.Interest}, {ledger.LoanPrincipal, a.Principal}} {
		if part.amount > 0 {
			n := g.add(&bEntry{kind: part.kind, member: l.member, by: who, amount: part.amount, status: ledger.Confirmed, loan: no, pay: pay})
			nos = append(nos, "#"+strconv.Itoa(n))
		}
	}
	l.paid.Interest += a.Interest
	l.paid.Principal += a.Principal
	s.op = "repay"
	args := []any{"Entries", strings.Join(nos, ", "), "No", loanNo(no), "Name", r.name(l.member), "Amount", m,
		"Interest", a.Interest, "Principal", a.Principal, "Outstanding", l.principal - l.paid.Principal, "By", r.name(who),
		"Outside", r.outside(g)}
	if l.closed() {
		r.accept(s, "loan.repaid_closed", append(args, "Waived", a.Waived)...)
		return
	}
	r.accept(s, "loan.repaid", args...)
}

// settle clears one thing that stands in the way of a share-out, by the
// ordinary commands: a report waiting, a loan not decided or not repaid,
// cash in the bank.
func (r *booksRun) settle(s *step, g, other *bGroup) {
	if p := g.pendingNos(); len(p) > 0 {
		no := p[0]
		e := g.entries[no-1]
		who := g.treasurer
		if e.by == who {
			who = g.chair
		}
		// Confirmed if it may be, else rejected.
		verb, key, st := "/terima", "entry.confirmed", ledger.Confirmed
		s.op = "confirm"
		switch sv := g.savings(e.member).Confirmed; {
		case e.kind == ledger.Withdrawal && (e.amount > sv || e.amount > g.cash()),
			e.kind == ledger.FinePayment && e.amount > g.unpaid(e.member):
			verb, key, st, s.op = "/tolak", "entry.rejected", ledger.Void, "reject"
		}
		s.u = r.h.msg(g.chat, who, verb+" "+strconv.Itoa(no))
		e.status = st
		sv := g.savings(e.member)
		r.accept(s, key, "No", no, "Kind", r.kind(e.kind), "Name", r.name(e.member), "Amount", e.amount,
			"By", r.name(who), "Confirmed", sv.Confirmed, "Pending", sv.Pending, "IsFine", e.kind == ledger.FinePayment,
			"Owed", g.unpaid(e.member))
		return
	}
	for _, l := range g.loans {
		switch {
		case l.rejected || l.closed():
			continue
		case !l.disbursed && r.c.Intn(4) > 0:
			// Move it on: approved by the offices missing, then paid out.
			if g.officesApproved(l) {
				r.disburse(s, g, other)
			} else {
				r.loanDecide(s, g, other)
			}
			return
		case !l.disbursed:
			who := g.treasurer
			if l.member == who {
				who = g.chair
			}
			s.op = "loan_reject"
			s.u = r.h.msg(g.chat, who, "/tolak "+loanNo(l.no))
			l.rejected = true
			r.accept(s, "loan.rejected", "No", loanNo(l.no), "Name", r.name(l.member), "Amount", l.principal, "By", r.name(who))
			return
		default:
			// repay picks its loan at random: aim it at this one.
			r.repayLoan(s, g, l)
			return
		}
	}
	if p := g.retained(); p < 0 { // a loss is not shared out: an income covers it
		s.op = "income"
		m := -p + bot.Money(r.c.Intn(10000))
		s.u = r.h.msg(g.chat, g.treasurer, "/pemasukan "+strconv.FormatInt(int64(m), 10)+" hibah desa")
		no := g.add(&bEntry{kind: ledger.Income, by: g.treasurer, amount: m, status: ledger.Confirmed})
		r.accept(s, "cashflow.recorded", "No", no, "Kind", r.kind(ledger.Income), "Amount", m, "Note", "hibah desa",
			"Cash", g.cash(), "By", r.name(g.treasurer), "Outside", r.outside(g))
		return
	}
	if b := g.bank(); b > 0 {
		s.op = "bank"
		s.u = r.h.msg(g.chat, g.treasurer, "/bank tarik "+strconv.FormatInt(int64(b), 10))
		no := g.add(&bEntry{kind: ledger.BankWithdrawal, by: g.treasurer, amount: b, status: ledger.Confirmed})
		r.accept(s, "bank.recorded", "No", no, "Kind", r.kind(ledger.BankWithdrawal), "Amount", b, "Cash", g.cash(), "Bank", g.bank(),
			"By", r.name(g.treasurer), "Outside", r.outside(g))
		return
	}
	// The way is clear: the preview first, then the officers confirm.
	r.shareOutAs(s, g, other, !g.previewed)
}

// repayLoan pays loan l off, by the treasurer.
func (r *booksRun) repayLoan(s *step, g *bGroup, l *bLoan) {
	terms, err := l.terms()
	if err != nil {
		r.fail("terms: %v", err)
	}
	st, err := loans.Status(terms, []loans.Payment{l.paid}, r.h.clock.T, loans.InterestToDate)
	if err != nil {
		r.fail("status: %v", err)
	}
	a, err := loans.Allocate(terms, []loans.Payment{l.paid}, st.Payoff, r.h.clock.T, loans.InterestToDate)
	if err != nil {
		r.fail("allocate: %v", err)
	}
	who := g.treasurer
	s.op = "repay"
	s.u = r.h.msg(g.chat, who, "/bayar "+strconv.FormatInt(int64(st.Payoff), 10)+" "+loanNo(l.no))
	var nos []string
	pay := len(g.entries) + 1 // the first part's number
	for _, part := range []struct {
		kind   ledger.Kind
		amount bot.Money
	}{{ledger.LoanInterest, a.Interest}, {ledger.LoanPrincipal, a.Principal}} {
		if part.amount > 0 {
			n := g.add(&bEntry{kind: part.kind, member: l.member, by: who, amount: part.amount, status: ledger.Confirmed, loan: l.no, pay: pay})
			nos = append(nos, "#"+strconv.Itoa(n))
		}
	}
	l.paid.Interest += a.Interest
	l.paid.Principal += a.Principal
	r.accept(s, "loan.repaid_closed", "Entries", strings.Join(nos, ", "), "No", loanNo(l.no), "Name", r.name(l.member),
		"Amount", st.Payoff, "Interest", a.Interest, "Principal", a.Principal, "Outstanding", bot.Money(0),
		"By", r.name(who), "Outside", r.outside(g), "Waived", a.Waived)
}
