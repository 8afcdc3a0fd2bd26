package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
)

// testNow is Tuesday 24 November 2026, 10:00 in Jakarta.
var testNow = time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)

func openAt(t *testing.T, path string, opt Options) *Store {
	t.Helper()
	if opt.Clock == nil {
		opt.Clock = &bot.FixedClock{T: testNow}
	}
	s, err := Open(context.Background(), path, opt)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openTest(t *testing.T) *Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "k.db"), Options{})
}

func write(t *testing.T, s *Store, fn func(tx *Tx) error) {
	t.Helper()
	if err := s.Write(context.Background(), fn); err != nil {
		t.Fatalf("write: %v", err)
	}
}

// count runs a COUNT(*) query on a reader.
func count(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	err := s.Read(context.Background(), func(q Querier) error {
		return q.QueryRowContext(context.Background(), query, args...).Scan(&n)
	})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// book is a group with a chair and two members, set up for a test.
type book struct {
	g                *Group
	chair, siti, eko *Member
}

func newBook(t *testing.T, s *Store, chat bot.ChatRef) book {
	t.Helper()
	var b book
	write(t, s, func(tx *Tx) error {
		var err error
		if b.g, err = tx.CreateGroup(chat, "Kelompok "+string(chat)); err != nil {
			return err
		}
		if b.chair, err = tx.AddMember(b.g.ID, bot.UserRef(string(chat)+"/budi"), "Budi", "budi", 0, "setup"); err != nil {
			return err
		}
		if err := tx.AssignRole(b.g.ID, bot.RoleChair, b.chair.ID, 0, "setup"); err != nil {
			return err
		}
		if b.siti, err = tx.AddMember(b.g.ID, bot.UserRef(string(chat)+"/siti"), "Siti", "siti", 0, "setup"); err != nil {
			return err
		}
		b.eko, err = tx.AddMember(b.g.ID, "", "Eko", "", b.chair.ID, "setup")
		return err
	})
	return b
}

func deposit(t *testing.T, s *Store, b book, m *Member, amount bot.Money, pending bool) *Entry {
	t.Helper()
	e := &Entry{GroupID: b.g.ID, Kind: ledger.Deposit, MemberID: m.ID, Amount: amount,
		RequestedBy: m.ID, NeedsConfirmation: pending, Source: fmt.Sprintf("dep/%d/%d", m.ID, amount)}
	write(t, s, func(tx *Tx) error { return tx.AddEntry(e) })
	return e
}

func savings(t *testing.T, s *Store, groupID, memberID int64) ledger.Savings {
	t.Helper()
	var sv ledger.Savings
	write(t, s, func(tx *Tx) error {
		var tot ledger.Totals
		var err error
		if memberID == 0 {
			tot, err = tx.GroupTotals(groupID)
		} else {
			tot, err = tx.MemberTotals(groupID, memberID)
		}
		if err != nil {
			return err
		}
		sv, err = ledger.SavingsOf(tot)
		return err
	})
	return sv
}

// knownMigrations is how many migrations this binary embeds.
func knownMigrations(t *testing.T) int {
	t.Helper()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

func TestMigrationsApply(t *testing.T) {
	s := openTest(t)
	if n, want := count(t, s, `SELECT COUNT(*) FROM schema_migrations`), knownMigrations(t); n != want {
		t.Errorf("schema_migrations has %d rows, want %d", n, want)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM schema_migrations WHERE version = 1 AND name = '0001_init.sql' AND applied_at = ?`, ts(testNow)); n != 1 {
		t.Error("migration 1 not recorded with its name and the clock's time")
	}
	for _, table := range []string{"groups", "group_chats", "group_events", "members", "roles", "settings",
		"entries", "entry_decisions", "attendance", "processed", "outbox"} {
		if n := count(t, s, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table); n != 1 {
			t.Errorf("table %s missing", table)
		}
	}
	// Every table of the books refuses UPDATE and DELETE.
	for _, table := range []string{"entries", "entry_decisions", "attendance", "roles", "settings", "group_events",
		"meetings", "meeting_ends", "meeting_attendance", "excuses", "agenda_items", "agenda_taken", "agenda_notes", "minutes_amendments",
		"loans", "loan_events", "cycles", "shareout_confirmations"} {
		if n := count(t, s, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`, table); n != 2 {
			t.Errorf("%s has %d append-only triggers, want 2", table, n)
		}
	}
}

func TestReopenIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	s := openAt(t, path, Options{})
	b := newBook(t, s, "tg:-1")
	deposit(t, s, b, b.siti, 5000, false)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := s.Write(context.Background(), func(tx *Tx) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
	for i := 0; i < 2; i++ {
		s2 := openAt(t, path, Options{})
		if n, want := count(t, s2, `SELECT COUNT(*) FROM schema_migrations`), knownMigrations(t); n != want {
			t.Errorf("reopen %d: %d migrations recorded, want %d", i, n, want)
		}
		if got := savings(t, s2, b.g.ID, b.siti.ID); got.Confirmed != 5000 {
			t.Errorf("reopen %d: savings %+v, want 5000 confirmed", i, got)
		}
		s2.Close()
	}
}

func TestTooNewDatabaseIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	s := openAt(t, path, Options{})
	s.Close()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (999, '0999_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s2, err := Open(context.Background(), path, Options{Clock: &bot.FixedClock{T: testNow}})
	if err == nil {
		s2.Close()
		t.Fatal("a database with an unknown migration was opened")
	}
	var tooNew *ErrTooNew
	if !errors.As(err, &tooNew) {
		t.Fatalf("err = %v (%T), want *ErrTooNew", err, err)
	}
	ms, _ := migrations()
	if last := ms[len(ms)-1].version; tooNew.Have != 999 || tooNew.Know != last {
		t.Errorf("ErrTooNew = %+v, want Have 999 Know %d", tooNew, last)
	}
}

func TestPragmas(t *testing.T) {
	s := openTest(t)
	write(t, s, func(tx *Tx) error {
		for pragma, want := range map[string]string{"synchronous": "2", "foreign_keys": "1", "journal_mode": "wal", "busy_timeout": "5000"} {
			var got string
			if err := tx.s.wconn.QueryRowContext(tx.ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				return err
			}
			if got != want {
				t.Errorf("writer PRAGMA %s = %s, want %s", pragma, got, want)
			}
		}
		return nil
	})
	err := s.Read(context.Background(), func(q Querier) error {
		for pragma, want := range map[string]string{"foreign_keys": "1", "query_only": "1"} {
			var got string
			if err := q.QueryRowContext(context.Background(), "PRAGMA "+pragma).Scan(&got); err != nil {
				return err
			}
			if got != want {
				t.Errorf("reader PRAGMA %s = %s, want %s", pragma, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Foreign keys are enforced, not only switched on.
	err = s.Write(context.Background(), func(tx *Tx) error {
		return tx.AddEntry(&Entry{GroupID: 4242, Kind: ledger.Deposit, Amount: 1, RequestedBy: 4242, Source: "fk"})
	})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("entry in a missing group: err = %v, want a foreign key failure", err)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM entries`); n != 0 {
		t.Errorf("%d entries after a refused insert", n)
	}
}

func TestAppendOnlyTables(t *testing.T) {
	s := openTest(t)
	b := newBook(t, s, "tg:-1")
	e := deposit(t, s, b, b.siti, 5000, true)
	write(t, s, func(tx *Tx) error {
		if err := tx.Decide(e, ledger.DecisionConfirmed, b.chair.ID, 0, "dec"); err != nil {
			return err
		}
		if _, _, err := tx.MarkAttendance(b.g.ID, "2026-11-24", b.siti.ID, Present, b.siti.ID, "att"); err != nil {
			return err
		}
		return tx.SetRule(b.g, bot.RuleLanguage, "en", b.chair.ID, "rule")
	})
	tables := map[string]string{
		"entries":         "amount = amount + 1",
		"entry_decisions": "decision = 'rejected'",
		"attendance":      "status = 'absent'",
		"roles":           "member_id = NULL",
		"settings":        "value = 'id'",
		"group_events":    "kind = 'x'",
	}
	write(t, s, func(tx *Tx) error { return tx.GroupEvent(b.g.ID, "added", "tg:-1", "") })
	checkAppendOnly(t, s, tables)
}

// checkAppendOnly checks that each table, not empty, refuses an UPDATE
// (setting set) and a DELETE, and is left as it was.
func checkAppendOnly(t *testing.T, s *Store, tables map[string]string) {
	t.Helper()
	for table, set := range tables {
		before := dump(t, s, table)
		if before == "" {
			t.Fatalf("%s is empty: the test proves nothing", table)
		}
		for _, q := range []string{"UPDATE " + table + " SET " + set, "DELETE FROM " + table} {
			err := s.Write(context.Background(), func(tx *Tx) error {
				_, err := tx.exec(q)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want append-only refusal", q, err)
			}
		}
		if after := dump(t, s, table); after != before {
			t.Errorf("%s changed:\n%s\n->\n%s", table, before, after)
		}
	}
}

// dump renders every row of a table as text.
func dump(t *testing.T, s *Store, table string) string {
	t.Helper()
	var out strings.Builder
	err := s.Read(context.Background(), func(q Querier) error {
		rows, err := q.QueryContext(context.Background(), "SELECT * FROM "+table+" ORDER BY rowid")
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			fmt.Fprintln(&out, vals...)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestDecideTwice(t *testing.T) {
	s := openTest(t)
	b := newBook(t, s, "tg:-1")
	for _, tc := range []struct {
		first   ledger.Decision
		second  ledger.Decision
		wantKey string
		want    ledger.Savings
	}{
		{ledger.DecisionConfirmed, ledger.DecisionRejected, "entry.already_confirmed", ledger.Savings{Confirmed: 5000}},
		{ledger.DecisionConfirmed, ledger.DecisionConfirmed, "entry.already_confirmed", ledger.Savings{Confirmed: 5000}},
		{ledger.DecisionRejected, ledger.DecisionConfirmed, "entry.already_void", ledger.Savings{}},
		{ledger.DecisionWithdrawn, ledger.DecisionConfirmed, "entry.already_void", ledger.Savings{}},
	} {
		t.Run(string(tc.first)+"_then_"+string(tc.second), func(t *testing.T) {
			var m *Member
			write(t, s, func(tx *Tx) error {
				var err error
				m, err = tx.AddMember(b.g.ID, "", "M "+string(tc.first)+string(tc.second), "", 0, "x")
				return err
			})
			e := deposit(t, s, b, m, 5000, true)
			if got := savings(t, s, b.g.ID, m.ID); got != (ledger.Savings{Pending: 5000}) {
				t.Fatalf("before: %+v", got)
			}
			write(t, s, func(tx *Tx) error { return tx.Decide(e, tc.first, b.chair.ID, 0, "d1") })
			decisions := dump(t, s, "entry_decisions")
			err := s.Write(context.Background(), func(tx *Tx) error {
				fresh, err := tx.EntryByNo(b.g.ID, e.No)
				if err != nil {
					return err
				}
				if fresh.Decision != tc.first || fresh.DecidedBy != b.chair.ID {
					t.Errorf("stored decision %q by %d, want %q by %d", fresh.Decision, fresh.DecidedBy, tc.first, b.chair.ID)
				}
				return tx.Decide(fresh, tc.second, b.siti.ID, 0, "d2")
			})
			be, ok := bot.AsError(err)
			if !ok || be.Key != tc.wantKey || be.Args["No"] != e.No {
				t.Errorf("second decision: err = %v, want %s for #%d", err, tc.wantKey, e.No)
			}
			if got := savings(t, s, b.g.ID, m.ID); got != tc.want {
				t.Errorf("after: %+v, want %+v", got, tc.want)
			}
			if after := dump(t, s, "entry_decisions"); after != decisions {
				t.Errorf("decisions changed:\n%s->\n%s", decisions, after)
			}
		})
	}
	// An entry that never needed confirmation is confirmed from the start.
	e := deposit(t, s, b, b.eko, 700, false)
	err := s.Write(context.Background(), func(tx *Tx) error {
		return tx.Decide(e, ledger.DecisionRejected, b.chair.ID, 0, "d")
	})
	if be, ok := bot.AsError(err); !ok || be.Key != "entry.already_confirmed" {
		t.Errorf("deciding a direct entry: err = %v, want entry.already_confirmed", err)
	}
	// A stale copy that still looks pending cannot add a second decision.
	p := deposit(t, s, b, b.eko, 800, true)
	stale := *p
	write(t, s, func(tx *Tx) error { return tx.Decide(p, ledger.DecisionConfirmed, b.chair.ID, 0, "d") })
	if err := s.Write(context.Background(), func(tx *Tx) error {
		return tx.Decide(&stale, ledger.DecisionRejected, b.chair.ID, 0, "d")
	}); err == nil {
		t.Error("a second decision through a stale copy was accepted")
	}
	if got := savings(t, s, b.g.ID, b.eko.ID); got != (ledger.Savings{Confirmed: 1500}) {
		t.Errorf("eko: %+v, want 1500 confirmed", got)
	}
}

func TestEntryNumbersArePerGroup(t *testing.T) {
	s := openTest(t)
	a := newBook(t, s, "tg:-1")
	b := newBook(t, s, "tg:-2")
	a1 := deposit(t, s, a, a.siti, 1000, false)
	b1 := deposit(t, s, b, b.siti, 2000, false)
	b2 := deposit(t, s, b, b.eko, 3000, true)
	a2 := deposit(t, s, a, a.eko, 4000, true)
	for _, c := range []struct {
		e    *Entry
		want int64
	}{{a1, 1}, {b1, 1}, {b2, 2}, {a2, 2}} {
		if c.e.No != c.want {
			t.Errorf("entry of %d amount %d: no %d, want %d", c.e.GroupID, c.e.Amount, c.e.No, c.want)
		}
	}
	b3 := deposit(t, s, b, b.siti, 5000, false)
	write(t, s, func(tx *Tx) error {
		got, err := tx.EntryByNo(a.g.ID, 3)
		if err != nil {
			return err
		}
		if got != nil {
			t.Errorf("group A sees entry #3 of group B: %+v", got)
		}
		got, err = tx.EntryByNo(b.g.ID, 3)
		if err != nil {
			return err
		}
		if got == nil || got.ID != b3.ID || got.Amount != 5000 || got.GroupID != b.g.ID {
			t.Errorf("group B #3 = %+v, want %+v", got, b3)
		}
		got, err = tx.EntryByNo(a.g.ID, 2)
		if err != nil {
			return err
		}
		if got == nil || got.ID != a2.ID || got.Status() != ledger.Pending || !got.CreatedAt.Equal(testNow) {
			t.Errorf("group A #2 = %+v, want pending entry %d created %v", got, a2.ID, testNow)
		}
		// Pending lists and last-pending lookups stay within the group.
		pa, err := tx.PendingEntries(a.g.ID)
		if err != nil {
			return err
		}
		if len(pa) != 1 || pa[0].ID != a2.ID {
			t.Errorf("pending in A: %+v", pa)
		}
		lp, err := tx.LastPendingBy(b.g.ID, a.eko.ID)
		if err != nil {
			return err
		}
		if lp != nil {
			t.Errorf("A's member has a pending entry in B: %+v", lp)
		}
		return nil
	})
	if got := savings(t, s, a.g.ID, 0); got != (ledger.Savings{Confirmed: 1000, Pending: 4000}) {
		t.Errorf("group A totals %+v", got)
	}
	if got := savings(t, s, b.g.ID, 0); got != (ledger.Savings{Confirmed: 7000, Pending: 3000}) {
		t.Errorf("group B totals %+v", got)
	}
}

func TestGroupCommit(t *testing.T) {
	const n = 200
	var batches atomic.Int32
	s := openTest(t)
	s.SetNotify(func(platform string) {
		if platform == "tg" {
			batches.Add(1)
		}
	})
	b := newBook(t, s, "tg:-1")

	// Hold the writer so that all n writes queue up and share commits.
	started, release := make(chan struct{}), make(chan struct{})
	holdErr := make(chan error, 1)
	go func() {
		holdErr <- s.Write(context.Background(), func(tx *Tx) error {
			close(started)
			<-release
			return nil
		})
	}()
	<-started

	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Write(context.Background(), func(tx *Tx) error {
				e := &Entry{GroupID: b.g.ID, Kind: ledger.Deposit, MemberID: b.siti.ID, Amount: bot.Money(i + 1),
					RequestedBy: b.siti.ID, Source: fmt.Sprintf("gc/%d", i)}
				if err := tx.AddEntry(e); err != nil {
					return err
				}
				if err := tx.MarkProcessed(fmt.Sprintf("gc/%d", i)); err != nil {
					return err
				}
				if err := tx.Queue(bot.Reply{Chat: "tg:-1", Text: fmt.Sprint(i)}); err != nil {
					return err
				}
				if i%10 == 3 {
					return errors.New("this one fails")
				}
				return nil
			})
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(s.jobs) < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d writes queued", len(s.jobs))
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if err := <-holdErr; err != nil {
		t.Fatal(err)
	}

	var want bot.Money
	okCount := 0
	for i, err := range errs {
		if i%10 == 3 {
			if err == nil || err.Error() != "this one fails" {
				t.Errorf("write %d: err = %v, want its own error", i, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("write %d: %v", i, err)
		}
		want += bot.Money(i + 1)
		okCount++
	}
	if got := count(t, s, `SELECT COUNT(*) FROM entries`); got != okCount {
		t.Errorf("%d entries, want %d", got, okCount)
	}
	if got := count(t, s, `SELECT COUNT(*) FROM processed WHERE source LIKE 'gc/%'`); got != okCount {
		t.Errorf("%d processed marks, want %d", got, okCount)
	}
	if got := count(t, s, `SELECT COUNT(*) FROM outbox`); got != okCount {
		t.Errorf("%d queued replies, want %d", got, okCount)
	}
	if got := count(t, s, `SELECT COUNT(*) FROM entries WHERE amount % 10 = 4`); got != 0 {
		t.Errorf("%d entries of failed writes survived", got)
	}
	// Numbers stay dense: a failed write's number is reused.
	if got := count(t, s, `SELECT MAX(no) FROM entries WHERE group_id = ?`, b.g.ID); got != okCount {
		t.Errorf("highest entry number %d, want %d", got, okCount)
	}
	if got := savings(t, s, b.g.ID, b.siti.ID); got.Confirmed != want {
		t.Errorf("savings %d, want %d", got.Confirmed, want)
	}
	// 200 writes behind a held writer make a few batches of at most 64.
	if got := batches.Load(); got < 4 || got > 8 {
		t.Errorf("%d commits woke the outbox, want 4 to 8 (group commit)", got)
	}
}

func TestWritePanicRollsBack(t *testing.T) {
	s := openTest(t)
	b := newBook(t, s, "tg:-1")
	err := s.Write(context.Background(), func(tx *Tx) error {
		if err := tx.AddEntry(&Entry{GroupID: b.g.ID, Kind: ledger.Deposit, MemberID: b.siti.ID, Amount: 999,
			RequestedBy: b.siti.ID, Source: "p"}); err != nil {
			return err
		}
		if err := tx.MarkProcessed("p"); err != nil {
			return err
		}
		panic("boom")
	})
	if err == nil || !strings.Contains(err.Error(), "panic") || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err = %v, want the panic as an error", err)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM entries`); n != 0 {
		t.Errorf("%d entries after a panicking write", n)
	}
	// The store still works, and the panicking write left no mark.
	write(t, s, func(tx *Tx) error {
		done, err := tx.Processed("p")
		if done {
			t.Error("a panicking write's MarkProcessed survived")
		}
		return err
	})
	deposit(t, s, b, b.siti, 1000, false)
	if got := savings(t, s, b.g.ID, b.siti.ID); got.Confirmed != 1000 {
		t.Errorf("after panic: %+v", got)
	}
}

func TestNestedSavepoint(t *testing.T) {
	s := openTest(t)
	b := newBook(t, s, "tg:-1")
	write(t, s, func(tx *Tx) error {
		if err := tx.AddEntry(&Entry{GroupID: b.g.ID, Kind: ledger.Deposit, MemberID: b.siti.ID, Amount: 1,
			RequestedBy: b.siti.ID, Source: "outer"}); err != nil {
			return err
		}
		err := tx.Savepoint(func(tx *Tx) error {
			if err := tx.AddEntry(&Entry{GroupID: b.g.ID, Kind: ledger.Deposit, MemberID: b.siti.ID, Amount: 2,
				RequestedBy: b.siti.ID, Source: "inner"}); err != nil {
				return err
			}
			return bot.E("x.y")
		})
		if be, ok := bot.AsError(err); !ok || be.Key != "x.y" {
			t.Errorf("inner err = %v", err)
		}
		return nil
	})
	if got := savings(t, s, b.g.ID, b.siti.ID); got.Confirmed != 1 {
		t.Errorf("savings %d, want only the outer write's 1", got.Confirmed)
	}
}

func TestProcessed(t *testing.T) {
	s := openTest(t)
	write(t, s, func(tx *Tx) error {
		done, err := tx.Processed("tg:-1/m/1")
		if err != nil || done {
			t.Errorf("fresh source: done=%v err=%v", done, err)
		}
		if err := tx.MarkProcessed("tg:-1/m/1"); err != nil {
			return err
		}
		done, err = tx.Processed("tg:-1/m/1")
		if err != nil || !done {
			t.Errorf("after mark: done=%v err=%v", done, err)
		}
		return nil
	})
	write(t, s, func(tx *Tx) error {
		done, err := tx.Processed("tg:-1/m/1")
		if !done {
			t.Error("mark did not survive the commit")
		}
		if done2, _ := tx.Processed("tg:-1/m/2"); done2 {
			t.Error("another source counts as processed")
		}
		return err
	})
	if err := s.Write(context.Background(), func(tx *Tx) error { return tx.MarkProcessed("tg:-1/m/1") }); err == nil {
		t.Error("marking a source twice was accepted")
	}
	// Claim marks and tells whether the source was new, in one statement.
	write(t, s, func(tx *Tx) error {
		for _, c := range []struct {
			source string
			fresh  bool
		}{{"tg:-1/m/1", false}, {"tg:-1/m/4", true}, {"tg:-1/m/4", false}} {
			fresh, err := tx.Claim(c.source)
			if err != nil {
				return err
			}
			if fresh != c.fresh {
				t.Errorf("Claim(%s) = %v, want %v", c.source, fresh, c.fresh)
			}
		}
		return nil
	})
	// A failed write's mark is rolled back with it.
	s.Write(context.Background(), func(tx *Tx) error {
		if err := tx.MarkProcessed("tg:-1/m/3"); err != nil {
			return err
		}
		return errors.New("fail")
	})
	write(t, s, func(tx *Tx) error {
		if done, _ := tx.Processed("tg:-1/m/3"); done {
			t.Error("a failed write's mark survived")
		}
		return nil
	})
}

func TestMoveChat(t *testing.T) {
	for _, order := range [][2]bot.ChatRef{{"tg:-1", "tg:-1001"}, {"tg:-1001", "tg:-1"}} {
		t.Run(fmt.Sprintf("then_%s_to_%s", order[0], order[1]), func(t *testing.T) {
			s := openTest(t)
			b := newBook(t, s, "tg:-1")
			deposit(t, s, b, b.siti, 5000, false)
			var moved []bool
			for _, step := range [][2]bot.ChatRef{{"tg:-1", "tg:-1001"}, order, {"tg:-1", "tg:-1001"}} {
				write(t, s, func(tx *Tx) error {
					m, err := tx.MoveChat(step[0], step[1])
					moved = append(moved, m)
					return err
				})
			}
			if fmt.Sprint(moved) != "[true false false]" {
				t.Errorf("moved = %v, want only the first", moved)
			}
			write(t, s, func(tx *Tx) error {
				for _, chat := range []bot.ChatRef{"tg:-1", "tg:-1001"} {
					g, err := tx.GroupByChat(chat)
					if err != nil {
						return err
					}
					if g == nil || g.ID != b.g.ID {
						t.Errorf("%s: group %+v, want %d", chat, g, b.g.ID)
					}
				}
				g, err := tx.GroupByID(b.g.ID)
				if err != nil {
					return err
				}
				if g.Chat != "tg:-1001" {
					t.Errorf("current chat %s, want the new one", g.Chat)
				}
				return nil
			})
			if n := count(t, s, `SELECT COUNT(*) FROM group_events WHERE kind = 'migrated'`); n != 1 {
				t.Errorf("%d migrated events, want 1", n)
			}
			if n := count(t, s, `SELECT COUNT(*) FROM groups`); n != 1 {
				t.Errorf("%d groups, want 1", n)
			}
		})
	}
	s := openTest(t)
	write(t, s, func(tx *Tx) error {
		moved, err := tx.MoveChat("tg:-7", "tg:-1007")
		if moved {
			t.Error("moved a chat without a book")
		}
		return err
	})
	if n := count(t, s, `SELECT COUNT(*) FROM group_chats`); n != 0 {
		t.Errorf("%d chats after moving an unknown one", n)
	}
}

func TestOutbox(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var woke []string
	var mu sync.Mutex
	s.SetNotify(func(p string) { mu.Lock(); woke = append(woke, p); mu.Unlock() })
	write(t, s, func(tx *Tx) error {
		for _, r := range []bot.Reply{
			{Chat: "tg:-1", Text: "one", ReplyTo: "5"},
			{Chat: "wa:1@g.us", Text: "wa"},
			{Chat: "tg:-2", Text: "two", Buttons: [][]bot.Button{{{Label: "ok", Data: "ok:1"}}}},
		} {
			if err := tx.Queue(r); err != nil {
				return err
			}
		}
		return nil
	})
	s.Write(ctx, func(tx *Tx) error {
		tx.Queue(bot.Reply{Chat: "tg:-1", Text: "lost"})
		return errors.New("fail")
	})
	write(t, s, func(tx *Tx) error {
		return tx.Queue(bot.Reply{Chat: "tg:-1", AnswerButton: "cb", Notice: "three"})
	})
	mu.Lock()
	if fmt.Sprint(woke) != "[tg wa tg]" {
		t.Errorf("notified %v, want [tg wa tg]", woke)
	}
	mu.Unlock()

	texts := func(ms []OutboxMessage) string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Reply.Text+m.Reply.Notice)
		}
		return strings.Join(out, ",")
	}
	tg, err := s.OutboxPending(ctx, "tg", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(tg); got != "one,two,three" {
		t.Fatalf("tg pending %q, want one,two,three", got)
	}
	if tg[0].Reply.ReplyTo != "5" || tg[0].Reply.Chat != "tg:-1" || tg[1].Reply.Buttons[0][0].Data != "ok:1" ||
		tg[2].Reply.AnswerButton != "cb" {
		t.Errorf("replies did not survive the round trip: %+v", tg)
	}
	if !(tg[0].ID < tg[1].ID && tg[1].ID < tg[2].ID) {
		t.Errorf("ids out of order: %d %d %d", tg[0].ID, tg[1].ID, tg[2].ID)
	}
	if page, _ := s.OutboxPending(ctx, "tg", 0, 2); texts(page) != "one,two" {
		t.Errorf("limit 2: %q", texts(page))
	}
	if page, _ := s.OutboxPending(ctx, "tg", tg[0].ID, 10); texts(page) != "two,three" {
		t.Errorf("after first: %q", texts(page))
	}
	if err := s.OutboxDone(ctx, []int64{tg[0].ID, tg[1].ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.OutboxDone(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if page, _ := s.OutboxPending(ctx, "tg", 0, 10); texts(page) != "three" {
		t.Errorf("after done: %q", texts(page))
	}
	if page, _ := s.OutboxPending(ctx, "wa", 0, 10); texts(page) != "wa" {
		t.Errorf("wa: %q", texts(page))
	}
}

func TestOutboxDoneMany(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	write(t, s, func(tx *Tx) error {
		for i := 0; i < 1200; i++ {
			if err := tx.Queue(bot.Reply{Chat: "tg:-1", Text: fmt.Sprint(i)}); err != nil {
				return err
			}
		}
		return nil
	})
	ms, err := s.OutboxPending(ctx, "tg", 0, 2000)
	if err != nil || len(ms) != 1200 {
		t.Fatalf("%d pending, err %v", len(ms), err)
	}
	ids := make([]int64, 0, len(ms))
	for _, m := range ms[:1100] {
		ids = append(ids, m.ID)
	}
	if err := s.OutboxDone(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM outbox`); n != 100 {
		t.Errorf("%d left, want 100", n)
	}
}

func TestMembersAndRoles(t *testing.T) {
	s := openTest(t)
	b := newBook(t, s, "tg:-1")
	write(t, s, func(tx *Tx) error {
		_, err := tx.AddMember(b.g.ID, "tg:9", "siti", "", 0, "dup")
		if be, ok := bot.AsError(err); !ok || be.Key != "member.name_taken" {
			t.Errorf("taken name (other case): err = %v, want member.name_taken", err)
		}
		for name, want := range map[string]*Member{"@siti": b.siti, "SITI": b.siti, "@Eko": b.eko, "eko": b.eko, "@nobody": nil} {
			m, err := tx.FindMember(b.g.ID, name)
			if err != nil {
				return err
			}
			if (m == nil) != (want == nil) || (m != nil && m.ID != want.ID) {
				t.Errorf("FindMember(%q) = %+v, want %+v", name, m, want)
			}
		}
		// One person holds one office: making the chair treasurer vacates chair.
		if err := tx.AssignRole(b.g.ID, bot.RoleTreasurer, b.siti.ID, b.chair.ID, "r1"); err != nil {
			return err
		}
		if err := tx.AssignRole(b.g.ID, bot.RoleSecretary, b.siti.ID, b.chair.ID, "r2"); err != nil {
			return err
		}
		off, err := tx.Officers(b.g.ID)
		if err != nil {
			return err
		}
		if off[bot.RoleChair] != b.chair.ID || off[bot.RoleSecretary] != b.siti.ID || off[bot.RoleTreasurer] != 0 {
			t.Errorf("officers %v", off)
		}
		m, err := tx.MemberByRef(b.g.ID, b.siti.Ref)
		if err != nil {
			return err
		}
		if m.Role != bot.RoleSecretary {
			t.Errorf("siti's role %s, want secretary", m.Role)
		}
		ids, err := tx.GroupsOfUser(b.siti.Ref)
		if err != nil {
			return err
		}
		if len(ids) != 1 || ids[0] != b.g.ID {
			t.Errorf("groups of siti %v", ids)
		}
		return nil
	})
}

func TestMembersWithoutDeposit(t *testing.T) {
	clock := &bot.FixedClock{T: testNow}
	s := openAt(t, filepath.Join(t.TempDir(), "k.db"), Options{Clock: clock})
	b := newBook(t, s, "tg:-1")
	monday := time.Date(2026, 11, 22, 17, 0, 0, 0, time.UTC) // Monday 00:00 in Jakarta
	clock.T = monday.Add(-time.Minute)
	deposit(t, s, b, b.chair, 1000, false) // Sunday night: does not count
	clock.T = monday
	deposit(t, s, b, b.siti, 1000, true) // pending counts
	clock.T = testNow
	e := deposit(t, s, b, b.eko, 1000, true)
	write(t, s, func(tx *Tx) error { return tx.Decide(e, ledger.DecisionRejected, b.chair.ID, 0, "r") })
	write(t, s, func(tx *Tx) error {
		ms, err := tx.MembersWithoutDeposit(b.g.ID, monday)
		if err != nil {
			return err
		}
		var names []string
		for _, m := range ms {
			names = append(names, m.Name)
		}
		if got := strings.Join(names, ","); got != "Budi,Eko" {
			t.Errorf("without deposit: %s, want Budi,Eko", got)
		}
		return nil
	})
}

func TestAttendance(t *testing.T) {
	s := openTest(t)
	b := newBook(t, s, "tg:-1")
	write(t, s, func(tx *Tx) error {
		earlier, marked, err := tx.MarkAttendance(b.g.ID, "2026-11-24", b.siti.ID, Present, b.siti.ID, "a1")
		if err != nil || !marked || earlier != "" {
			t.Errorf("first mark: %q %v %v", earlier, marked, err)
		}
		earlier, marked, err = tx.MarkAttendance(b.g.ID, "2026-11-24", b.siti.ID, Late, b.chair.ID, "a2")
		if err != nil || marked || earlier != Present {
			t.Errorf("second mark: %q %v %v", earlier, marked, err)
		}
		if _, _, err := tx.MarkAttendance(b.g.ID, "2026-11-24", b.eko.ID, Excused, b.chair.ID, "a3"); err != nil {
			return err
		}
		n, err := tx.AttendanceCount(b.g.ID, "2026-11-24")
		if n != 1 {
			t.Errorf("count %d, want 1 (excused does not count)", n)
		}
		return err
	})
}
