package handlers_test

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/meetings"
	"kelompok/locales"
)

// The share-out and the meetings of TestBooksProperty.

// plan works out the share-out, or the refusal the bot must give.
func (r *booksRun) plan(g *bGroup) (*bPlan, string, []any) {
	var open []string
	for _, l := range g.loans {
		if l.open() {
			open = append(open, loanNo(l.no)+" "+r.name(l.member))
		}
	}
	if len(open) > 0 {
		return nil, "shareout.open_loans", []any{"Count", len(open), "Loans", strings.Join(open, ", ")}
	}
	if n := len(g.pendingNos()); n > 0 {
		return nil, "shareout.pending", []any{"Count", n}
	}
	p := &bPlan{profit: g.retained(), social: g.social(), cash: g.cash(), bank: g.bank()}
	byName := append([]string(nil), g.members...)
	sort.Slice(byName, func(i, j int) bool { return strings.ToLower(r.name(byName[i])) < strings.ToLower(r.name(byName[j])) })
	for _, who := range byName {
		sv := max(g.savings(who).Confirmed, 0)
		p.payouts = append(p.payouts, bPayout{member: who, savings: sv})
		p.savings += sv
	}
	if p.savings == 0 {
		return nil, "shareout.nothing", []any{"Profit", p.profit}
	}
	if p.profit < 0 && -p.profit > p.savings {
		return nil, "shareout.loss_exceeds_savings", []any{"Loss", -p.profit, "Savings", p.savings}
	}
	shared := bot.Money(0)
	fp := fmt.Sprintf("%d|%d|%d", g.cycle, p.profit, p.social)
	for i := range p.payouts {
		po := &p.payouts[i]
		po.profit = floorDiv(p.profit, po.savings, p.savings)
		po.total = po.savings + po.profit
		shared += po.profit
		p.total += po.total
		fp += fmt.Sprintf("|%s:%d:%d", po.member, po.savings, po.profit)
	}
	p.remainder = p.profit - shared
	if p.remainder < 0 || p.remainder >= bot.Money(len(p.payouts)) {
		r.fail("model: share-out remainder %d of %d members", p.remainder, len(p.payouts))
	}
	p.fp = fp
	if p.total > p.cash {
		return nil, "shareout.not_enough_cash", []any{"Total", p.total, "Cash", p.cash, "Short", p.total - p.cash, "Bank", p.bank}
	}
	return p, "", nil
}

func (r *booksRun) shareLines(p *bPlan) locales.Raw {
	var rows [][]any
	for _, po := range p.payouts {
		if po.total != 0 || po.savings != 0 {
			rows = append(rows, payout(r.name(po.member), po.savings, po.profit))
		}
	}
	return r.h.shareLines("id", rows...)
}

func (r *booksRun) shareOut(s *step, g, other *bGroup) {
	r.shareOutAs(s, g, other, r.c.Intn(3) == 0)
}

func (r *booksRun) shareOutAs(s *step, g, other *bGroup, preview bool) {
	h := r.h
	if preview { // the preview, by anyone
		s.op = "shareout_preview"
		who := pick(r.c, append(g.members, other.chair))
		s.u = h.msg(g.chat, who, "/bagihasil")
		p, key, args := r.plan(g)
		if key != "" {
			r.refuse(s, key, args...)
			s.op = "shareout_refused"
			return
		}
		g.previewed = true
		s.want = []string{h.want("id", "shareout.preview", "Cycle", g.cycle, "Lines", r.shareLines(p), "Savings", p.savings,
			"Profit", p.profit, "Remainder", p.remainder, "Total", p.total, "Social", p.social, "Cash", p.cash,
			"Method", locales.Raw(h.cat.T("id", "shareout.method_proportional", nil)))}
		if p.profit < 0 {
			s.want = append(s.want, h.want("id", "shareout.loss_not_booked", "Loss", -p.profit))
		}
		return
	}
	s.op = "shareout_confirm"
	who := r.actor(g, other, g.chair, g.treasurer)
	s.u = h.msg(g.chat, who, "/bagihasil setuju")
	if r.gate(s, g, who, "/bagihasil setuju", rolesDecide...) {
		return
	}
	p, key, args := r.plan(g)
	if key != "" {
		r.refuse(s, key, args...)
		s.op = "shareout_refused"
		return
	}
	if p.profit < 0 {
		r.refuse(s, "shareout.loss_not_booked", "Loss", -p.profit)
		s.op = "shareout_refused"
		return
	}
	matching := 0
	for _, cf := range g.confs {
		if cf.fp != p.fp {
			continue
		}
		if cf.by == who || g.role(cf.by) == g.role(who) {
			r.refuse(s, "shareout.already_confirmed", "Name", r.name(cf.by))
			s.op = "shareout_refused"
			return
		}
		matching++
	}
	if matching == 0 && len(g.confs) > 0 {
		if last := g.confs[len(g.confs)-1]; last.by != who && last.fp != p.fp {
			r.refuse(s, "shareout.changed", "Name", r.name(last.by), "Was", last.total, "Total", p.total)
			s.op = "shareout_refused"
			return
		}
	}
	g.confs = append(g.confs, bConf{by: who, fp: p.fp, total: p.total})
	if matching == 0 {
		otherOffice := bot.RoleTreasurer
		if g.role(who) == bot.RoleTreasurer {
			otherOffice = bot.RoleChair
		}
		r.accept(s, "shareout.confirmed", "By", r.name(who), "Total", p.total, "Role", roleNames([]bot.Role{otherOffice}))
		return
	}
	// Booked: each member's savings back and profit share, in the order of
	// the preview; the remainder stays.
	s.op = "shareout_booked"
	cashBefore, retainedBefore := g.cash(), g.retained()
	first, last := 0, 0
	var paidProfit, paidSavings bot.Money
	for _, po := range p.payouts {
		for _, part := range []struct {
			kind   ledger.Kind
			amount bot.Money
		}{{ledger.Withdrawal, po.savings}, {ledger.ProfitPaid, po.profit}} {
			if part.amount > 0 {
				last = g.add(&bEntry{kind: part.kind, member: po.member, by: who, amount: part.amount, status: ledger.Confirmed, shareOut: true})
				if first == 0 {
					first = last
				}
				if part.kind == ledger.ProfitPaid {
					paidProfit += part.amount
				} else {
					paidSavings += part.amount
				}
			}
		}
	}
	// The payouts add up to what leaves the cash, to the rupiah, and the
	// remainder is what stays of the profit.
	if paidProfit+p.remainder != p.profit || paidSavings != p.savings || cashBefore-g.cash() != p.total ||
		g.retained() != retainedBefore-paidProfit || g.retained() != p.remainder {
		r.fail("model: share-out of %d profit: paid %d + remainder %d; savings %d of %d; cash %d -> %d for %d; retained %d",
			p.profit, paidProfit, p.remainder, paidSavings, p.savings, cashBefore, g.cash(), p.total, g.retained())
	}
	entries := "-"
	if first != 0 {
		entries = fmt.Sprintf("#%d–#%d", first, last)
	}
	r.accept(s, "shareout.booked", "Cycle", g.cycle, "Next", g.cycle+1, "By", r.name(who), "Entries", entries,
		"Lines", r.shareLines(p), "Savings", p.savings, "Profit", p.profit-p.remainder, "Remainder", p.remainder,
		"Total", p.total, "Cash", g.cash(), "Social", p.social, "Outside", r.outside(g))
	g.cycle++
	g.confs, g.previewed = nil, false
}

func (r *booksRun) meeting(s *step, g, other *bGroup) {
	h := r.h
	switch k := r.c.Intn(10); {
	case k < 3:
		s.op = "meeting_open"
		who := r.actor(g, other, g.chair, g.secretary)
		s.u = h.msg(g.chat, who, "/rapat mulai")
		switch {
		case r.gate(s, g, who, "/rapat mulai", rolesMeeting...):
		case g.open:
			r.refuse(s, "meeting.already_open", "No", g.meetings)
		default:
			g.meetings++
			g.open, g.openedAt, g.marks = true, h.clock.T, map[string]meetings.Status{who: meetings.Present}
			at := h.clock.T.In(jakarta).Format("15:04")
			r.accept(s, "meeting.opened", "No", g.meetings, "Place", "(tempat belum ditulis)", "Time", at, "Start", at,
				"Grace", 15, "Excused", 0, "By", r.name(who))
		}
	case k < 7:
		s.op = "present"
		who := pick(r.c, g.members)
		s.u = h.msg(g.chat, who, "/hadir")
		status := map[meetings.Status]string{meetings.Present: "hadir", meetings.Late: "terlambat"}
		switch earlier, marked := g.marks[who]; {
		case !g.open:
			r.refuse(s, "attendance.no_meeting")
		case marked:
			r.refuse(s, "attendance.already", "Name", r.name(who), "Status", status[earlier], "Meeting", g.meetings)
		default:
			st := meetings.Present
			if h.clock.T.Sub(g.openedAt) > 15*time.Minute {
				st = meetings.Late
			}
			g.marks[who] = st
			r.accept(s, "attendance.marked", "Name", r.name(who), "Status", status[st], "Meeting", g.meetings, "Count", len(g.marks))
		}
	default:
		s.op = "meeting_close"
		who := r.actor(g, other, g.chair, g.secretary)
		s.u = h.msg(g.chat, who, "/rapat selesai")
		switch {
		case r.gate(s, g, who, "/rapat selesai", rolesMeeting...):
		case !g.open:
			r.refuse(s, "meeting.not_open")
		default:
			rules := bot.DefaultRules()
			for _, m := range g.members { // in the order they registered
				switch g.marks[m] {
				case meetings.Late:
					g.add(&bEntry{kind: ledger.Fine, member: m, by: who, amount: rules.FineLate, status: ledger.Confirmed})
				case "":
					g.add(&bEntry{kind: ledger.Fine, member: m, by: who, amount: rules.FineAbsent, status: ledger.Confirmed})
				}
			}
			g.open = false
			title := fmt.Sprintf("📝 NOTULEN RAPAT #%d · %s", g.meetings, titles[g.chat])
			s.ok, s.check = true, func(got []string) string {
				if len(got) != 1 || !strings.HasPrefix(got[0], title+"\n") {
					return "the minutes, starting " + title
				}
				return ""
			}
		}
	}
}
