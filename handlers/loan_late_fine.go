package handlers

import (
	"regexp"
	"strconv"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/storage"
)

// fineLateInstallments charges the late-installment fine (the rule in
// force when the meeting opened) at a meeting's close: once for each installment of a paid-out loan that is
// overdue then (its due day has passed and it is not paid in full). The
// fine's note names the loan and the installment ("P3/2"), which is what
// makes it once: an installment fined before, even if that fine was
// corrected since, is not fined again.
func (c *Ctx) fineLateInstallments(meetingID int64, fine bot.Money) error {
	if fine <= 0 {
		return nil
	}
	states, err := c.groupLoanStates()
	if err != nil {
		return err
	}
	for _, s := range states {
		l := s.l
		if s.disbursed == nil || !s.open() {
			continue
		}
		st, err := s.status(c)
		if err != nil {
			return err
		}
		for _, n := range st.Overdue.Ns {
			note := lateInstallmentNote(l.No, n)
			if done, err := c.Tx.HasEntryNote(c.Group.ID, ledger.Fine, l.MemberID, note); err != nil {
				return err
			} else if done {
				continue
			}
			e := &storage.Entry{Kind: ledger.Fine, MemberID: l.MemberID, Amount: fine, Note: note}
			if err := c.bookIn(e, meetingID); err != nil {
				return err
			}
		}
	}
	return nil
}

// lateInstallmentNote is the note of installment n of loan no's fine.
func lateInstallmentNote(no int64, n int) string {
	return loanRef(no) + "/" + strconv.Itoa(n)
}

var lateInstallmentRE = regexp.MustCompile(`^P([0-9]+)/([0-9]+)$`)

// lateInstallmentReason reads a late-installment fine's note back: the
// loan ("P3") and the installment number; ok is false for other notes.
func lateInstallmentReason(note string) (loan string, n int, ok bool) {
	m := lateInstallmentRE.FindStringSubmatch(note)
	if m == nil {
		return "", 0, false
	}
	n, err := strconv.Atoi(m[2])
	return "P" + m[1], n, err == nil
}
