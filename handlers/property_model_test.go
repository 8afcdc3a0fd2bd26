package handlers_test

import (
	"fmt"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/bot/meetings"
	"kelompok/storage"
)

// The model of TestLedgerProperty, and the check of the store against it.

// The model of one group's books that the property test keeps beside the store.
type modelEntry struct {
	kind             ledger.Kind
	member, reporter string // member is "" for income and expenses
	amount           bot.Money
	status           ledger.Status
	meeting          int64 // the meeting's number, 0 outside meetings
}

type modelGroup struct {
	chat             bot.ChatRef
	chair, treasurer string
	members          []string      // in the order they registered (member id order)
	entries          []*modelEntry // entry number n is entries[n-1]

	meetings int64 // meetings opened so far
	open     bool  // meetings is open
	openedAt time.Time
	marks    map[string]meetings.Status
}

// sum adds the amounts of who's entries (any member with who == "*") of a
// kind and status.
func (g *modelGroup) sum(who string, kind ledger.Kind, st ledger.Status) bot.Money {
	var m bot.Money
	for _, e := range g.entries {
		if e.kind == kind && e.status == st && (who == "*" || e.member == who) {
			m += e.amount
		}
	}
	return m
}

func (g *modelGroup) savings(who string) ledger.Savings {
	return ledger.Savings{Confirmed: g.sum(who, ledger.Deposit, ledger.Confirmed), Pending: g.sum(who, ledger.Deposit, ledger.Pending)}
}

// unpaid is who's unpaid fines ("*": the group's): confirmed fines minus
// confirmed payments.
func (g *modelGroup) unpaid(who string) bot.Money {
	return g.sum(who, ledger.Fine, ledger.Confirmed) - g.sum(who, ledger.FinePayment, ledger.Confirmed)
}

// cash is the cash box: confirmed deposits and fine payments and income,
// minus expenses.
func (g *modelGroup) cash() bot.Money {
	return g.sum("*", ledger.Deposit, ledger.Confirmed) + g.sum("*", ledger.FinePayment, ledger.Confirmed) +
		g.sum("*", ledger.Income, ledger.Confirmed) - g.sum("*", ledger.Expense, ledger.Confirmed)
}

// meetingNo is the number of the open meeting, 0 if none.
func (g *modelGroup) meetingNo() int64 {
	if g.open {
		return g.meetings
	}
	return 0
}

func (g *modelGroup) add(e *modelEntry) int {
	e.meeting = g.meetingNo()
	g.entries = append(g.entries, e)
	return len(g.entries)
}

func (g *modelGroup) pendingNos() []int {
	var out []int
	for i, e := range g.entries {
		if e.status == ledger.Pending {
			out = append(out, i+1)
		}
	}
	return out
}

func (g *modelGroup) handlesMoney(who string) bool { return who == g.chair || who == g.treasurer }

func (g *modelGroup) plainMembers() []string {
	var out []string
	for _, m := range g.members {
		if !g.handlesMoney(m) {
			out = append(out, m)
		}
	}
	return out
}

// checkGroup compares the store with the model: each member's savings and
// unpaid fines by MemberTotals, and the group's totals as their sum and its
// cash box. With entries, the entry numbers must also be dense and the
// newest entry the model's, booked in the model's meeting (or none).
func checkGroup(tx *storage.Tx, mg *modelGroup, gid int64, ids map[string]int64, entries bool) error {
	var sum ledger.Savings
	var unpaid bot.Money
	for _, who := range mg.members {
		tot, err := tx.MemberTotals(gid, ids[who])
		if err != nil {
			return err
		}
		got, err := ledger.SavingsOf(tot)
		if err != nil {
			return err
		}
		if want := mg.savings(who); got != want {
			return fmt.Errorf("%s in %s has %+v, model %+v", who, mg.chat, got, want)
		}
		owed, err := ledger.UnpaidFines(tot)
		if err != nil {
			return err
		}
		if want := mg.unpaid(who); owed != want {
			return fmt.Errorf("%s in %s owes %d in fines, model %d", who, mg.chat, owed, want)
		}
		sum.Confirmed += got.Confirmed
		sum.Pending += got.Pending
		unpaid += owed
	}
	tot, err := tx.GroupTotals(gid)
	if err != nil {
		return err
	}
	gs, err := ledger.SavingsOf(tot)
	if err != nil {
		return err
	}
	if gs != sum {
		return fmt.Errorf("%s totals %+v, sum of members %+v", mg.chat, gs, sum)
	}
	if owed, err := ledger.UnpaidFines(tot); err != nil || owed != unpaid {
		return fmt.Errorf("%s unpaid fines %d (%v), sum of members %d", mg.chat, owed, err, unpaid)
	}
	if cash, err := ledger.Cash(tot); err != nil || cash != mg.cash() {
		return fmt.Errorf("%s cash %d (%v), model %d", mg.chat, cash, err, mg.cash())
	}
	if !entries {
		return nil
	}
	n := int64(len(mg.entries))
	next, err := tx.EntryByNo(gid, n+1)
	if err != nil {
		return err
	}
	if next != nil {
		return fmt.Errorf("%s has entry #%d, model has %d", mg.chat, n+1, n)
	}
	if n > 0 {
		e, err := tx.EntryByNo(gid, n)
		if err != nil {
			return err
		}
		me := mg.entries[n-1]
		if e == nil || e.Kind != me.kind || e.Amount != me.amount || e.Status() != me.status || e.MemberID != ids[me.member] {
			return fmt.Errorf("%s #%d is %+v, model %+v", mg.chat, n, e, me)
		}
		var meetingID int64
		if me.meeting != 0 {
			m, err := tx.MeetingByNo(gid, me.meeting)
			if err != nil || m == nil {
				return fmt.Errorf("%s has no meeting #%d (%v)", mg.chat, me.meeting, err)
			}
			meetingID = m.ID
		}
		if e.MeetingID != meetingID {
			return fmt.Errorf("%s #%d booked in meeting id %d, model meeting #%d (id %d)", mg.chat, n, e.MeetingID, me.meeting, meetingID)
		}
	}
	return nil
}
