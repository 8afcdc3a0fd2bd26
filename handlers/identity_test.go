package handlers_test

import (
	"testing"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/storage"
)

// fundBooks are a group's balances as the identity checks see them.
type fundBooks struct {
	cash, bank, lent, retained bot.Money
}

// checkFund checks DOMAIN's identity on a group's books:
// cash + bank + loans outstanding = savings + social fund + retained
// earnings, where retained earnings = fines paid + income + bank interest
// + loan interest - expenses - bank fees - profit paid out (also worked out
// by hand here, against ledger.RetainedEarnings).
func checkFund(t *testing.T, h *harness, chat bot.ChatRef, step string) fundBooks {
	t.Helper()
	var f fundBooks
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chat)
		if err != nil {
			return err
		}
		tot, err := tx.GroupTotals(g.ID)
		if err != nil {
			return err
		}
		if f.cash, err = ledger.Cash(tot); err != nil {
			return err
		}
		if f.bank, err = ledger.Bank(tot); err != nil {
			return err
		}
		if f.lent, err = ledger.LoansOutstanding(tot); err != nil {
			return err
		}
		if f.retained, err = ledger.RetainedEarnings(tot); err != nil {
			return err
		}
		s, _ := ledger.SavingsOf(tot)
		social, _ := ledger.SocialFund(tot)
		c := func(k ledger.Kind) bot.Money { return tot[k][ledger.Confirmed] }
		if want := c(ledger.FinePayment) + c(ledger.Income) + c(ledger.BankInterest) + c(ledger.LoanInterest) -
			c(ledger.Expense) - c(ledger.BankFee) - c(ledger.ProfitPaid); f.retained != want {
			t.Errorf("%s: retained earnings %d, by hand %d", step, f.retained, want)
		}
		if f.cash+f.bank+f.lent != s.Confirmed+social+f.retained {
			t.Errorf("%s: cash %d + bank %d + loans %d != savings %d + social %d + retained %d",
				step, f.cash, f.bank, f.lent, s.Confirmed, social, f.retained)
		}
		return nil
	})
	return f
}

// fundIdentity is checkFund returning the cash and the bank.
func fundIdentity(t *testing.T, h *harness, chat bot.ChatRef) (cash, bank bot.Money) {
	t.Helper()
	f := checkFund(t, h, chat, "")
	return f.cash, f.bank
}

// loanFundIdentity is checkFund returning the cash and the loans outstanding.
func loanFundIdentity(t *testing.T, h *harness, chat bot.ChatRef, step string) (cash, lent bot.Money) {
	t.Helper()
	f := checkFund(t, h, chat, step)
	return f.cash, f.lent
}

// shareFundIdentity is checkFund returning the cash and the retained earnings.
func shareFundIdentity(t *testing.T, h *harness, chat bot.ChatRef, step string) (cash, retained bot.Money) {
	t.Helper()
	f := checkFund(t, h, chat, step)
	return f.cash, f.retained
}
