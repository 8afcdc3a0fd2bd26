package storage

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// batchOf runs the jobs in one group commit (the writer is held until
// all are queued) and returns their results in order.
func batchOf(t *testing.T, s *Store, jobs ...func(ctx context.Context) error) []error {
	t.Helper()
	hold := make(chan struct{})
	go s.Write(context.Background(), func(tx *Tx) error { <-hold; return nil })
	time.Sleep(20 * time.Millisecond)
	res := make([]chan error, len(jobs))
	for i, j := range jobs {
		res[i] = make(chan error, 1)
		go func(i int, j func(ctx context.Context) error) { res[i] <- j(context.Background()) }(i, j)
		time.Sleep(10 * time.Millisecond) // keep the queue order
	}
	close(hold)
	out := make([]error, len(jobs))
	for i := range jobs {
		out[i] = <-res[i]
	}
	return out
}

func processedCount(t *testing.T, s *Store, src string) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM processed WHERE source = ?`, src).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A command whose caller cancels while it runs still runs to its end: the
// cancel never interrupts SQLite halfway, and the batch commits whole.
func TestCancelDuringCommandDoesNotBreakBatch(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "k.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	claim := func(src string) func(context.Context) error {
		return func(ctx context.Context) error {
			return s.Write(ctx, func(tx *Tx) error { _, err := tx.Claim(src); return err })
		}
	}
	errs := batchOf(t, s, claim("A"), func(context.Context) error {
		ctx, cancel := context.WithCancel(context.Background())
		return s.Write(ctx, func(tx *Tx) error {
			cancel()
			_, err := tx.exec(`INSERT INTO processed(source, at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20000) SELECT 'b'||i, '' FROM n`)
			return err
		})
	}, claim("C"))
	for i, err := range errs {
		if err != nil {
			t.Errorf("job %d: %v", i, err)
		}
	}
	if processedCount(t, s, "A") != 1 || processedCount(t, s, "C") != 1 || processedCount(t, s, "b20000") != 1 {
		t.Fatal("a job of the batch is not durable")
	}
}

// When SQLite ends the transaction by itself (as after a full disk), no
// job of the batch is told it succeeded, nothing of it is kept, and the
// next write works.
func TestTransactionLostMidBatchFailsEveryJob(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "k.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	claim := func(src string) func(context.Context) error {
		return func(ctx context.Context) error {
			return s.Write(ctx, func(tx *Tx) error { _, err := tx.Claim(src); return err })
		}
	}
	errs := batchOf(t, s, claim("A"), func(ctx context.Context) error {
		return s.Write(ctx, func(tx *Tx) error {
			if _, err := tx.s.wconn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
				return err
			}
			return errors.New("disk full")
		})
	}, claim("C"))
	for i, err := range errs {
		if err == nil {
			t.Errorf("job %d reported success in a lost transaction", i)
		}
	}
	if processedCount(t, s, "A")+processedCount(t, s, "C") != 0 {
		t.Fatal("part of a lost batch was kept")
	}
	if err := claim("D")(context.Background()); err != nil || processedCount(t, s, "D") != 1 {
		t.Fatalf("next write: %v", err)
	}
}
