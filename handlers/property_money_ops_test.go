package handlers_test

import (
	"strconv"
	"strings"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

// The commands of TestBooksProperty that move money: what the generator
// sends and what the model expects of it.

// next picks the next command for group g and works out what the model
// expects. nil: no command, only time passing.
func (r *booksRun) next(g, other *bGroup) *step {
	s := &step{}
	h := r.h
	switch k := r.c.Intn(120); {
	case k < 8: // a member reports a deposit
		s.op = "deposit"
		who := pick(r.c, g.members)
		m := randomAmount(r.c)
		s.u = h.msg(g.chat, who, "/setor "+formatAmount(r.c, m))
		no := g.add(&bEntry{kind: ledger.Deposit, member: who, by: who, amount: m, status: ledger.Pending})
		sv := g.savings(who)
		r.accept(s, "deposit.pending", "No", no, "Name", r.name(who), "Amount", m, "Confirmed", sv.Confirmed,
			"Pending", sv.Pending, "Outside", r.outside(g))
	case k < 18: // an officer records a deposit for someone
		s.op = "deposit_for"
		who := r.actor(g, other, g.chair, g.treasurer)
		target := pick(r.c, g.members)
		m := randomAmount(r.c)
		s.u = h.msg(g.chat, who, "/setor "+formatAmount(r.c, m)+" @"+target)
		switch {
		case r.gate(s, g, who, "/setor"):
		case target != who && !g.handlesMoney(who):
			r.refuse(s, "deposit.for_other_not_allowed", "Roles", roleNames(rolesMoney))
			s.op = "role_refused"
		case target == who:
			no := g.add(&bEntry{kind: ledger.Deposit, member: who, by: who, amount: m, status: ledger.Pending})
			sv := g.savings(who)
			r.accept(s, "deposit.pending", "No", no, "Name", r.name(who), "Amount", m, "Confirmed", sv.Confirmed,
				"Pending", sv.Pending, "Outside", r.outside(g))
		default:
			no := g.add(&bEntry{kind: ledger.Deposit, member: target, by: who, amount: m, status: ledger.Confirmed})
			sv := g.savings(target)
			r.accept(s, "deposit.recorded", "No", no, "Name", r.name(target), "Amount", m, "By", r.name(who),
				"Confirmed", sv.Confirmed, "Pending", sv.Pending, "HasPending", sv.Pending > 0, "Outside", r.outside(g))
		}
	case k < 30: // an officer confirms or rejects a report
		r.decide(s, g, other)
	case k < 33:
		r.undo(s, g)
	case k < 41:
		r.withdraw(s, g, other)
	case k < 45:
		r.socialPay(s, g, other)
	case k < 51:
		r.bankMove(s, g, other)
	case k < 55:
		r.cashflow(s, g, other)
	case k < 62:
		r.fine(s, g, other)
	case k < 68:
		r.correct(s, g, other)
	case k < 75:
		r.loanRequest(s, g, other)
	case k < 84:
		r.loanDecide(s, g, other)
	case k < 88:
		r.disburse(s, g, other)
	case k < 95:
		r.repay(s, g, other, false)
	case k < 101:
		if r.settleLeft == 0 && r.c.Intn(5) == 0 {
			r.settling, r.settleLeft = g, 40
		}
		r.settle(s, g, other)
	case k < 106:
		r.shareOut(s, g, other)
	case k < 113:
		r.meeting(s, g, other)
	case k < 116 && r.last.Source != "":
		s.op, s.u, s.ok = "redeliver", r.last, false
	default:
		// Days pass: loan installments fall due.
		r.h.clock.Advance(time.Duration(1+r.c.Intn(20)) * 24 * time.Hour)
		r.ops["days"]++
		return nil
	}
	return s
}

func (r *booksRun) decide(s *step, g, other *bGroup) {
	h := r.h
	who := r.actor(g, other, g.chair, g.treasurer)
	no := 1 + r.c.Intn(len(g.entries)+2)
	if p := g.pendingNos(); len(p) > 0 && r.c.Intn(3) > 0 {
		no = p[r.c.Intn(len(p))]
	}
	confirm := r.c.Intn(3) > 0
	verb, key := "/terima", "entry.confirmed"
	s.op = "confirm"
	if !confirm {
		verb, key, s.op = "/tolak", "entry.rejected", "reject"
	}
	s.u = h.msg(g.chat, who, verb+" "+strconv.Itoa(no))
	if r.gate(s, g, who, verb, rolesDecide...) {
		return
	}
	var e *bEntry
	if no <= len(g.entries) {
		e = g.entries[no-1]
	}
	s.op += "_refused"
	switch {
	case e == nil:
		r.refuse(s, "entry.not_found", "No", no)
		return
	case e.by == who && e.status == ledger.Pending:
		r.refuse(s, "entry.own_report", "No", no)
		return
	}
	if confirm && e.status == ledger.Pending {
		switch e.kind {
		case ledger.Withdrawal:
			sv := g.savings(e.member).Confirmed
			owed, pledged := g.pledged(e.member)
			if e.amount > sv {
				r.refuse(s, "withdraw.over_savings", "Savings", max(sv, 0))
				return
			} else if sv-e.amount < pledged {
				r.refuse(s, "withdraw.pledged", "Pledged", pledged, "Loan", owed, "Multiple", 3, "Free", max(sv-pledged, 0))
				return
			} else if e.amount > g.cash() {
				r.refuse(s, "cashflow.not_enough_cash", "Cash", g.cash())
				return
			}
		case ledger.FinePayment:
			if owed := g.unpaid(e.member); owed <= 0 {
				r.refuse(s, "fine.nothing_owed", "Name", r.name(e.member))
				return
			} else if e.amount > owed {
				r.refuse(s, "fine.overpay", "Name", r.name(e.member), "Owed", owed)
				return
			}
		}
	}
	switch e.status {
	case ledger.Confirmed:
		r.refuse(s, "entry.already_confirmed", "No", no)
		return
	case ledger.Void:
		r.refuse(s, "entry.already_void", "No", no)
		return
	}
	s.op = strings.TrimSuffix(s.op, "_refused")
	e.status = ledger.Void
	if confirm {
		e.status = ledger.Confirmed
	}
	sv := g.savings(e.member)
	r.accept(s, key, "No", no, "Kind", r.kind(e.kind), "Name", r.name(e.member), "Amount", e.amount, "By", r.name(who),
		"Confirmed", sv.Confirmed, "Pending", sv.Pending, "IsFine", e.kind == ledger.FinePayment, "Owed", g.unpaid(e.member))
}

func (r *booksRun) undo(s *step, g *bGroup) {
	s.op = "undo"
	who := pick(r.c, g.members)
	s.u = r.h.msg(g.chat, who, "/batal")
	for no := len(g.entries); no >= 1; no-- {
		if e := g.entries[no-1]; e.by == who && e.member == who && e.status == ledger.Pending {
			e.status = ledger.Void
			r.accept(s, "undo.done", "No", no, "Amount", e.amount)
			return
		}
	}
	r.refuse(s, "undo.nothing")
}

// memberAmount is "/cmd AMOUNT [@target]" by who: whom it is for, and
// whether the router and memberAmount let it through.
func (r *booksRun) memberAmount(s *step, g, other *bGroup, verb string) (who, target string, m bot.Money, ok bool) {
	who = pick(r.c, g.members)
	target = who
	if r.c.Intn(2) == 0 {
		who = r.actor(g, other, g.chair, g.treasurer)
		target = pick(r.c, g.members)
	}
	avail := g.lendable(target)
	if verb == "/sosial" {
		avail = 20000
	}
	m = r.amountUpTo(avail)
	text := verb + " " + formatAmount(r.c, m)
	if target != who {
		text += " @" + target
	}
	s.u = r.h.msg(g.chat, who, text)
	switch {
	case r.gate(s, g, who, verb):
		return who, target, m, false
	case target != who && !g.handlesMoney(who):
		r.refuse(s, "deposit.for_other_not_allowed", "Roles", roleNames(rolesMoney))
		s.op = "role_refused"
		return who, target, m, false
	}
	return who, target, m, true
}

func (r *booksRun) withdraw(s *step, g, other *bGroup) {
	s.op = "withdraw"
	who, target, m, ok := r.memberAmount(s, g, other, "/tarik")
	if !ok {
		return
	}
	avail := g.lendable(target)
	if m > avail {
		r.refuse(s, "withdraw.over_savings", "Savings", max(avail, 0))
		s.op = "withdraw_refused"
		return
	}
	if owed, pledged := g.pledged(target); avail-m < pledged {
		r.refuse(s, "withdraw.pledged", "Pledged", pledged, "Loan", owed, "Multiple", 3, "Free", max(avail-pledged, 0))
		s.op = "withdraw_refused"
		return
	}
	if m > g.cash() {
		r.refuse(s, "cashflow.not_enough_cash", "Cash", g.cash())
		s.op = "withdraw_refused"
		return
	}
	e := &bEntry{kind: ledger.Withdrawal, member: target, by: who, amount: m, status: ledger.Confirmed}
	key := "withdraw.recorded"
	if target == who {
		e.status, key = ledger.Pending, "withdraw.pending"
	}
	no := g.add(e)
	r.accept(s, key, "No", no, "Name", r.name(target), "Amount", m, "Confirmed", g.savings(target).Confirmed,
		"By", r.name(who), "Outside", r.outside(g))
}

func (r *booksRun) socialPay(s *step, g, other *bGroup) {
	s.op = "social"
	who, target, m, ok := r.memberAmount(s, g, other, "/sosial")
	if !ok {
		return
	}
	e := &bEntry{kind: ledger.Social, member: target, by: who, amount: m, status: ledger.Confirmed}
	key := "social.recorded"
	if target == who {
		e.status, key = ledger.Pending, "social.pending"
	}
	no := g.add(e)
	r.accept(s, key, "No", no, "Name", r.name(target), "Amount", m, "Fund", g.social(), "By", r.name(who), "Outside", r.outside(g))
}

func (r *booksRun) bankMove(s *step, g, other *bGroup) {
	s.op = "bank"
	who := r.actor(g, other, g.chair, g.treasurer)
	words := []string{"setor", "tarik", "bunga", "biaya"}
	kinds := []ledger.Kind{ledger.BankDeposit, ledger.BankWithdrawal, ledger.BankInterest, ledger.BankFee}
	i := r.c.Intn(4)
	var m bot.Money
	switch kinds[i] {
	case ledger.BankDeposit:
		m = r.amountUpTo(g.cash())
	case ledger.BankWithdrawal, ledger.BankFee:
		m = r.amountUpTo(g.bank())
	default:
		m = bot.Money(1 + r.c.Intn(5000))
	}
	s.u = r.h.msg(g.chat, who, "/bank "+words[i]+" "+formatAmount(r.c, m))
	if r.gate(s, g, who, "/bank") {
		return
	}
	if !g.handlesMoney(who) {
		r.refuse(s, "error.not_allowed", "Command", "/bank", "Roles", roleNames(rolesMoney))
		s.op = "role_refused"
		return
	}
	switch {
	case kinds[i] == ledger.BankDeposit && m > g.cash():
		r.refuse(s, "cashflow.not_enough_cash", "Cash", g.cash())
		s.op = "bank_refused"
		return
	case (kinds[i] == ledger.BankWithdrawal || kinds[i] == ledger.BankFee) && m > g.bank():
		r.refuse(s, "bank.not_enough", "Bank", g.bank())
		s.op = "bank_refused"
		return
	}
	no := g.add(&bEntry{kind: kinds[i], by: who, amount: m, status: ledger.Confirmed})
	r.accept(s, "bank.recorded", "No", no, "Kind", r.kind(kinds[i]), "Amount", m, "Cash", g.cash(), "Bank", g.bank(),
		"By", r.name(who), "Outside", r.outside(g))
}

func (r *booksRun) cashflow(s *step, g, other *bGroup) {
	who := r.actor(g, other, g.chair, g.treasurer)
	kind, verb, note := ledger.Income, "/pemasukan", "jual ayam"
	m := randomAmount(r.c)
	if r.c.Intn(2) == 0 {
		kind, verb, note = ledger.Expense, "/pengeluaran", "pakan"
		m = r.amountUpTo(g.cash() + 1)
	}
	s.op = string(kind)
	s.u = r.h.msg(g.chat, who, verb+" "+formatAmount(r.c, m)+" "+note)
	if r.gate(s, g, who, verb, rolesMoney...) {
		return
	}
	if kind == ledger.Expense && m > g.cash() {
		r.refuse(s, "cashflow.not_enough_cash", "Cash", g.cash())
		s.op += "_refused"
		return
	}
	no := g.add(&bEntry{kind: kind, by: who, amount: m, status: ledger.Confirmed})
	r.accept(s, "cashflow.recorded", "No", no, "Kind", r.kind(kind), "Amount", m, "Note", note, "Cash", g.cash(),
		"By", r.name(who), "Outside", r.outside(g))
}

func (r *booksRun) fine(s *step, g, other *bGroup) {
	h := r.h
	if r.c.Intn(3) == 0 { // an officer fines a member
		s.op = "fine"
		who := r.actor(g, other, g.chair, g.treasurer)
		target := pick(r.c, g.members)
		m := bot.Money((1 + r.c.Intn(10)) * 500)
		s.u = h.msg(g.chat, who, "/denda @"+target+" "+formatAmount(r.c, m)+" terlambat")
		if r.gate(s, g, who, "/denda") {
			return
		}
		if !g.handlesMoney(who) {
			r.refuse(s, "error.not_allowed", "Command", "/denda", "Roles", roleNames(rolesMoney))
			s.op = "role_refused"
			return
		}
		no := g.add(&bEntry{kind: ledger.Fine, member: target, by: who, amount: m, status: ledger.Confirmed})
		r.accept(s, "fine.charged", "No", no, "Name", r.name(target), "Amount", m, "Reason", "terlambat",
			"Owed", g.unpaid(target), "By", r.name(who), "Outside", r.outside(g))
		return
	}
	s.op = "fine_pay"
	who := pick(r.c, g.members)
	for _, m := range g.members { // favour members who owe fines
		if g.unpaid(m)-g.sum(m, ledger.FinePayment, ledger.Pending) > 0 && r.c.Intn(2) == 0 {
			who = m
		}
	}
	target := who
	if r.c.Intn(3) == 0 {
		who = r.actor(g, other, g.chair, g.treasurer)
		target = pick(r.c, g.members)
	}
	owed := g.unpaid(target) - g.sum(target, ledger.FinePayment, ledger.Pending)
	m := r.amountUpTo(owed)
	text := "/denda bayar " + formatAmount(r.c, m)
	if target != who {
		text += " @" + target
	}
	s.u = h.msg(g.chat, who, text)
	switch {
	case r.gate(s, g, who, "/denda"):
		return
	case target != who && !g.handlesMoney(who):
		r.refuse(s, "deposit.for_other_not_allowed", "Roles", roleNames(rolesMoney))
		s.op = "role_refused"
		return
	case owed <= 0:
		r.refuse(s, "fine.nothing_owed", "Name", r.name(target))
		s.op = "fine_pay_refused"
		return
	case m > owed:
		r.refuse(s, "fine.overpay", "Name", r.name(target), "Owed", owed)
		s.op = "fine_pay_refused"
		return
	}
	e := &bEntry{kind: ledger.FinePayment, member: target, by: who, amount: m, status: ledger.Confirmed}
	if target == who {
		e.status = ledger.Pending
	}
	no := g.add(e)
	if e.status == ledger.Pending {
		r.accept(s, "fine.pay_pending", "No", no, "Name", r.name(target), "Amount", m, "Owed", g.unpaid(target), "Outside", r.outside(g))
		return
	}
	r.accept(s, "fine.paid", "No", no, "Name", r.name(target), "Amount", m, "Owed", g.unpaid(target), "By", r.name(who),
		"Outside", r.outside(g))
}

// cashSign and bankSign are which way an entry of a kind moves the cash
// box and the bank account.
var (
	cashSign = map[ledger.Kind]bot.Money{ledger.Deposit: 1, ledger.FinePayment: 1, ledger.Income: 1, ledger.Social: 1,
		ledger.BankWithdrawal: 1, ledger.LoanPrincipal: 1, ledger.LoanInterest: 1, ledger.Expense: -1, ledger.Withdrawal: -1,
		ledger.BankDeposit: -1, ledger.LoanOut: -1, ledger.ProfitPaid: -1}
	bankSign = map[ledger.Kind]bot.Money{ledger.BankDeposit: 1, ledger.BankInterest: 1, ledger.BankWithdrawal: -1, ledger.BankFee: -1}
)

func (r *booksRun) correct(s *step, g, other *bGroup) {
	s.op = "correct"
	who := r.actor(g, other, g.chair, g.treasurer)
	no := 1 + r.c.Intn(len(g.entries)+1)
	var e *bEntry
	if no <= len(g.entries) {
		e = g.entries[no-1]
	}
	// A repayment is corrected whole: all its parts.
	parts := []*bEntry{e}
	if e != nil && e.pay != 0 {
		parts = nil
		for _, x := range g.entries {
			if x.pay == e.pay && x.reverses == 0 {
				parts = append(parts, x)
			}
		}
	}
	var cashAfter, bankAfter bot.Money = g.cash(), g.bank()
	reversedBy, reversedNo := 0, 0
	for _, x := range parts {
		if x == nil {
			continue
		}
		cashAfter -= cashSign[x.kind] * x.amount
		bankAfter -= bankSign[x.kind] * x.amount
		if x.reversedBy != 0 && reversedBy == 0 {
			reversedBy, reversedNo = x.reversedBy, g.numberOf(x)
		}
	}
	s.u = r.h.msg(g.chat, who, "/koreksi "+strconv.Itoa(no)+" salah catat")
	if r.gate(s, g, who, "/koreksi", rolesDecide...) {
		return
	}
	refused := func(op, key string, kv ...any) {
		r.refuse(s, key, kv...)
		s.op = op
	}
	switch {
	case e == nil:
		refused("correct_refused", "entry.not_found", "No", no)
	case e.reverses != 0:
		refused("correct_of_correction", "correct.of_correction", "No", no)
	case e.loan != 0 && e.kind == ledger.LoanOut:
		refused("correct_refused", "correct.loan_entry", "No", no)
	case e.shareOut:
		refused("correct_refused", "correct.shareout_entry", "No", no)
	case e.status == ledger.Pending:
		refused("correct_refused", "correct.pending", "No", no)
	case e.status == ledger.Void:
		refused("correct_refused", "entry.already_void", "No", no)
	case reversedBy != 0:
		refused("correct_twice", "correct.already", "No", reversedNo, "By", reversedBy)
	case cashAfter < 0:
		refused("correct_refused", "cashflow.not_enough_cash", "Cash", g.cash())
	case bankAfter < 0:
		refused("correct_refused", "bank.not_enough", "Bank", g.bank())
	case e.kind == ledger.Fine && g.unpaid(e.member) < e.amount:
		refused("correct_refused", "correct.fine_paid", "No", no, "Owed", g.unpaid(e.member))
	case e.kind == ledger.Deposit && g.savings(e.member).Confirmed < e.amount:
		refused("correct_refused", "correct.savings_short", "No", no, "Name", r.name(e.member),
			"Savings", g.savings(e.member).Confirmed, "Amount", e.amount)
	}
	if s.want != nil {
		return
	}
	if e.pay != 0 {
		r.correctRepayment(s, g, who, parts)
		return
	}
	rev := g.add(&bEntry{kind: e.kind, member: e.member, by: who, amount: e.amount, status: ledger.Confirmed, reverses: no})
	e.reversedBy = rev
	name := "-"
	if e.member != "" {
		name = r.name(e.member)
	}
	r.accept(s, "correct.done", "No", rev, "Of", no, "Kind", r.kind(e.kind), "Name", name, "Amount", e.amount,
		"Reason", "salah catat", "By", r.name(who), "Outside", r.outside(g))
}

// correctRepayment books the reversal of every part of one repayment: the
// loan owes again what the parts paid.
func (r *booksRun) correctRepayment(s *step, g *bGroup, who string, parts []*bEntry) {
	l := g.loans[parts[0].loan-1]
	var of, by []string
	var total bot.Money
	for _, x := range parts {
		rev := g.add(&bEntry{kind: x.kind, member: x.member, by: who, amount: x.amount, status: ledger.Confirmed,
			reverses: g.numberOf(x), loan: x.loan})
		x.reversedBy = rev
		of = append(of, "#"+strconv.Itoa(g.numberOf(x)))
		by = append(by, "#"+strconv.Itoa(rev))
		total += x.amount
		if x.kind == ledger.LoanInterest {
			l.paid.Interest -= x.amount
		} else {
			l.paid.Principal -= x.amount
		}
	}
	r.accept(s, "correct.repayment_done", "Loan", loanNo(l.no), "Of", strings.Join(of, ", "), "By", strings.Join(by, ", "),
		"Amount", total, "Name", r.name(l.member), "Reason", "salah catat", "Officer", r.name(who),
		"Outstanding", l.principal-l.paid.Principal, "Outside", r.outside(g))
}
