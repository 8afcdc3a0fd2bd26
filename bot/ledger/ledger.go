// Package ledger holds the pure rules of the group's books: which way each
// kind of entry moves money, entry statuses, and checked arithmetic. It is
// the only place that adds or subtracts money.
package ledger

import (
	"kelompok/bot"
)

// Kind is the kind of a ledger entry.
type Kind string

const (
	// Deposit is a member's savings paid into the group's cash.
	Deposit Kind = "deposit"
	// Fine is a fine charged to a member: owed, not yet cash.
	Fine Kind = "fine"
	// FinePayment is a member paying fines into the cash.
	FinePayment Kind = "fine_payment"
	// Income is money the group earns (e.g. selling chickens), into the cash.
	Income Kind = "income"
	// Expense is money the group spends (e.g. feed), out of the cash.
	Expense Kind = "expense"
	// Withdrawal is a member taking savings back, out of the cash.
	Withdrawal Kind = "withdrawal"
	// Social is a member's contribution to the social fund, into the cash;
	// the social fund is kept apart and never shared out.
	Social Kind = "social"
	// SocialPayout is help paid out of the social fund to a member in need
	// (sickness, a death in the family), out of the cash.
	SocialPayout Kind = "social_payout"
	// BankDeposit moves cash into the group's bank account.
	BankDeposit Kind = "bank_deposit"
	// BankWithdrawal moves money from the bank account into the cash.
	BankWithdrawal Kind = "bank_withdrawal"
	// BankInterest is interest the bank pays into the account (earnings).
	BankInterest Kind = "bank_interest"
	// BankFee is a fee the bank takes from the account (an expense).
	BankFee Kind = "bank_fee"
	// LoanOut is a loan paid out of the cash to a member: the loans
	// outstanding go up by it.
	LoanOut Kind = "loan_out"
	// LoanPrincipal is a repayment of a loan's principal into the cash: the
	// loans outstanding go down by it.
	LoanPrincipal Kind = "loan_principal"
	// LoanInterest is loan interest paid into the cash (earnings).
	LoanInterest Kind = "loan_interest"
	// ProfitPaid is a member's share of the profit paid out of the cash at
	// share-out: the retained earnings go down by it.
	ProfitPaid Kind = "profit_paid"
)

// Kinds lists every kind the books know.
var Kinds = []Kind{Deposit, Fine, FinePayment, Income, Expense, Withdrawal, Social, SocialPayout,
	BankDeposit, BankWithdrawal, BankInterest, BankFee, LoanOut, LoanPrincipal, LoanInterest, ProfitPaid}

// Status is where an entry stands.
type Status string

const (
	// Confirmed entries count in the books.
	Confirmed Status = "confirmed"
	// Pending entries wait for an officer's confirmation; shown apart.
	Pending Status = "pending"
	// Void entries were rejected or withdrawn; they count nowhere.
	Void Status = "void"
)

// Decision is what an officer (or the reporter) decided about a pending entry.
type Decision string

const (
	DecisionConfirmed Decision = "confirmed"
	DecisionRejected  Decision = "rejected"
	DecisionWithdrawn Decision = "withdrawn"
)

// StatusOf derives an entry's status from whether it needed confirmation
// and the decision taken on it, if any.
func StatusOf(needsConfirmation bool, d Decision) Status {
	switch {
	case d == DecisionConfirmed:
		return Confirmed
	case d == DecisionRejected || d == DecisionWithdrawn:
		return Void
	case needsConfirmation:
		return Pending
	default:
		return Confirmed
	}
}

// Add returns a+b, or an error instead of wrapping around.
func Add(a, b bot.Money) (bot.Money, error) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, bot.E("money.overflow")
	}
	return s, nil
}

// Sub returns a-b, or an error instead of wrapping around.
func Sub(a, b bot.Money) (bot.Money, error) {
	s := a - b
	if (b > 0 && s > a) || (b < 0 && s < a) {
		return 0, bot.E("money.overflow")
	}
	return s, nil
}

// Totals are sums of entry amounts by kind and status, as storage reads them.
type Totals map[Kind]map[Status]bot.Money

// Put adds an amount to the totals with overflow checking.
func (t Totals) Put(k Kind, s Status, m bot.Money) error {
	if t[k] == nil {
		t[k] = map[Status]bot.Money{}
	}
	v, err := Add(t[k][s], m)
	if err != nil {
		return err
	}
	t[k][s] = v
	return nil
}

// Savings is a member's (or the group's) savings, confirmed and pending apart.
type Savings struct {
	Confirmed bot.Money
	Pending   bot.Money
}

// SavingsOf computes savings from totals: deposits (withdrawals come with
// the loans and withdrawals work).
func SavingsOf(t Totals) (Savings, error) {
	confirmed, err := Sub(t[Deposit][Confirmed], t[Withdrawal][Confirmed])
	if err != nil {
		return Savings{}, err
	}
	// Pending: deposits reported and not yet confirmed. Withdrawals asked
	// for are checked against the confirmed savings instead (a negative
	// "pending" would read as money owed).
	return Savings{Confirmed: confirmed, Pending: t[Deposit][Pending]}, nil
}

// sum adds and subtracts confirmed totals with overflow checks.
func sum(t Totals, plus, minus []Kind) (bot.Money, error) {
	var s bot.Money
	var err error
	for _, k := range plus {
		if s, err = Add(s, t[k][Confirmed]); err != nil {
			return 0, err
		}
	}
	for _, k := range minus {
		if s, err = Sub(s, t[k][Confirmed]); err != nil {
			return 0, err
		}
	}
	return s, nil
}

// Bank is the balance of the group's bank account.
func Bank(t Totals) (bot.Money, error) {
	return sum(t, []Kind{BankDeposit, BankInterest}, []Kind{BankWithdrawal, BankFee})
}

// SocialFund is what members paid into the social fund less the help paid
// out of it.
func SocialFund(t Totals) (bot.Money, error) {
	return sum(t, []Kind{Social}, []Kind{SocialPayout})
}

// UnpaidFines is what a member (or the group's members together) still owe
// in fines: charged minus paid, confirmed entries only. Overpaying is not
// possible through the commands, so this is never negative in practice.
func UnpaidFines(t Totals) (bot.Money, error) {
	return Sub(t[Fine][Confirmed], t[FinePayment][Confirmed])
}

// Cash is the cash box: all confirmed money in minus all money out.
func Cash(t Totals) (bot.Money, error) {
	return sum(t, []Kind{Deposit, FinePayment, Income, Social, BankWithdrawal, LoanPrincipal, LoanInterest},
		[]Kind{Expense, Withdrawal, BankDeposit, LoanOut, ProfitPaid, SocialPayout})
}

// RetainedEarnings is what the group earned and has not shared out: fines
// paid + income + bank interest + loan interest - expenses - bank fees -
// profit paid at share-outs. With it the fund adds up:
// cash + bank + loans outstanding = savings + social fund + retained earnings.
func RetainedEarnings(t Totals) (bot.Money, error) {
	return sum(t, []Kind{FinePayment, Income, BankInterest, LoanInterest},
		[]Kind{Expense, BankFee, ProfitPaid})
}

// LoansOutstanding is the principal lent and not yet repaid: loans paid
// out minus principal repaid.
func LoansOutstanding(t Totals) (bot.Money, error) {
	return sum(t, []Kind{LoanOut}, []Kind{LoanPrincipal})
}
