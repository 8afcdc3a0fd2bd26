package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/mattn/go-sqlite3"
	"time"
)

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("storage closed")

type job struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	err  chan error
	plat []string
}

// Write runs fn in a write transaction and returns once its effects are
// durable on disk (or fn failed, in which case none of them happened).
//
// Commands that arrive together share one commit (group commit): each runs
// inside its own SAVEPOINT, so a failing one is rolled back alone, and none
// returns before the shared COMMIT has reached the disk.
func (s *Store) Write(ctx context.Context, fn func(tx *Tx) error) error {
	j := &job{ctx: ctx, fn: fn, err: make(chan error, 1)}
	select {
	case s.jobs <- j:
	case <-s.stop:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-j.err:
		return err
	case <-s.done:
		// The writer finished every job it accepted before closing done.
		select {
		case err := <-j.err:
			return err
		default:
			return ErrClosed
		}
	}
}

func (s *Store) writer() {
	defer close(s.done)
	batch := make([]*job, 0, s.maxBatch)
	for {
		batch = batch[:0]
		select {
		case j := <-s.jobs:
			batch = append(batch, j)
		case <-s.stop:
			// Drain what was accepted, then stop.
			for {
				select {
				case j := <-s.jobs:
					s.runBatch([]*job{j})
				default:
					return
				}
			}
		}
	more:
		for len(batch) < s.maxBatch {
			select {
			case j := <-s.jobs:
				batch = append(batch, j)
			default:
				break more
			}
		}
		s.runBatch(batch)
	}
}

// runBatch runs the jobs in one transaction and reports to each.
func (s *Store) runBatch(batch []*job) {
	ctx := context.Background()
	results := make([]error, len(batch))
	if _, err := s.wconn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		for _, j := range batch {
			j.err <- fmt.Errorf("begin: %w", err)
		}
		return
	}
	if len(batch) == 1 {
		// Alone in its transaction, a command needs no savepoint of its
		// own: on failure the whole transaction is rolled back.
		s.runAlone(batch[0])
		return
	}
	for i, j := range batch {
		// A command whose caller gave up is skipped; once started, it runs
		// to its end: cancelling mid-statement would interrupt SQLite.
		if err := j.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		tx := &Tx{s: s, ctx: context.WithoutCancel(j.ctx), now: s.clock.Now()}
		results[i] = tx.savepoint(j.fn)
		j.plat = tx.platforms
		if results[i] != nil && s.autocommit() {
			// SQLite rolled back the whole transaction (disk full, I/O
			// error): nothing of this batch is booked. Say so to every job.
			s.cache.reset()
			slog.Error("batch_rolled_back", "err", results[i], "batch", len(batch))
			for _, j := range batch {
				j.err <- fmt.Errorf("transaction rolled back: %w", results[i])
			}
			return
		}
	}
	if _, err := s.wconn.ExecContext(ctx, "COMMIT"); err != nil {
		s.wconn.ExecContext(ctx, "ROLLBACK")
		s.cache.reset()
		slog.Error("commit_failed", "err", err, "batch", len(batch))
		for _, j := range batch {
			j.err <- fmt.Errorf("commit: %w", err)
		}
		return
	}
	var woke []string
	for i, j := range batch {
		if results[i] == nil {
			woke = append(woke, j.plat...)
		}
	}
	s.notifyQueued(woke)
	for i, j := range batch {
		j.err <- results[i]
	}
}

// runAlone runs one job in the transaction runBatch began.
func (s *Store) runAlone(j *job) {
	ctx := context.Background()
	tx := &Tx{s: s, ctx: context.WithoutCancel(j.ctx), now: s.clock.Now()}
	err := j.ctx.Err()
	if err == nil {
		err = tx.run(j.fn)
	}
	end := "COMMIT"
	if err != nil {
		end = "ROLLBACK"
	}
	if _, cerr := s.wconn.ExecContext(ctx, end); cerr != nil {
		s.wconn.ExecContext(ctx, "ROLLBACK")
		slog.Error("commit_failed", "err", cerr, "batch", 1)
		err = errors.Join(err, fmt.Errorf("%s: %w", strings.ToLower(end), cerr))
	}
	if err != nil {
		s.cache.reset()
	} else {
		s.notifyQueued(tx.platforms)
	}
	j.err <- err
}

// autocommit reports whether the writer connection is outside any
// transaction (SQLite ends one by itself after some errors).
func (s *Store) autocommit() bool {
	auto := false
	err := s.wconn.Raw(func(dc any) error {
		if c, ok := dc.(interface{ AutoCommit() bool }); ok {
			auto = c.AutoCommit()
		}
		return nil
	})
	return err == nil && auto
}

// IsTransient reports whether err is the database's or the platform's
// passing trouble (busy, disk, I/O, a cancelled context) rather than a
// fault of the command: such a command is not acknowledged, so it is
// delivered again.
func IsTransient(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrInterrupt,
			sqlite3.ErrNomem, sqlite3.ErrCantOpen, sqlite3.ErrProtocol:
			return true
		}
		return false // a constraint or logic error: retrying would not help
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrClosed)
}

// run calls fn, turning a panic into an error.
func (tx *Tx) run(fn func(tx *Tx) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in write: %v", r)
		}
	}()
	return fn(tx)
}

// Tx is one command's share of a write transaction.
type Tx struct {
	s         *Store
	ctx       context.Context
	now       time.Time
	depth     int
	platforms []string
}

// Now is the time of this transaction, from the store's clock.
func (tx *Tx) Now() time.Time { return tx.now }

// Ctx is the command's context.
func (tx *Tx) Ctx() context.Context { return tx.ctx }

// Savepoint runs fn so that, if it fails, only its own writes are undone.
func (tx *Tx) Savepoint(fn func(tx *Tx) error) error { return tx.savepoint(fn) }

func (tx *Tx) savepoint(fn func(tx *Tx) error) (err error) {
	name := fmt.Sprintf("sp%d", tx.depth)
	if _, err := tx.exec("SAVEPOINT " + name); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	tx.depth++
	saved := len(tx.platforms)
	defer func() {
		tx.depth--
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in write: %v", r)
		}
		if err != nil {
			tx.platforms = tx.platforms[:saved]
			tx.s.cache.reset()
			if _, rerr := tx.execBG("ROLLBACK TO " + name); rerr != nil {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
			}
		}
		if _, rerr := tx.execBG("RELEASE " + name); rerr != nil {
			err = errors.Join(err, fmt.Errorf("release: %w", rerr))
		}
	}()
	return fn(tx)
}

func (tx *Tx) stmt(query string) (*sql.Stmt, error) {
	if st, ok := tx.s.stmts[query]; ok {
		return st, nil
	}
	st, err := tx.s.wconn.PrepareContext(context.Background(), query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	tx.s.stmts[query] = st
	return st, nil
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(tx.ctx, args...)
}

// execBG runs a prepared statement even if the command's context ended
// (rolling back must not be skipped).
func (tx *Tx) execBG(query string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(context.Background(), args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(tx.ctx, args...)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	st, err := tx.stmt(query)
	if err != nil {
		// A bad constant query: surface it through Scan.
		return tx.s.wconn.QueryRowContext(tx.ctx, query, args...)
	}
	return st.QueryRowContext(tx.ctx, args...)
}

func (tx *Tx) insert(query string, args ...any) (int64, error) {
	res, err := tx.exec(query, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}
