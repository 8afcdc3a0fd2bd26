// Package storage keeps Kelompok's books in SQLite: one writer connection
// that commits in groups (every command still durable before it is
// acknowledged), a pool of readers, embedded migrations, append-only tables.
package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver, registered as "sqlite3"

	"kelompok/bot"
)

// Store is the database. All writes go through Write, which runs them on
// the single writer connection; reads that need no write use Read.
type Store struct {
	path  string
	w     *sql.DB
	wconn *sql.Conn
	r     *sql.DB
	clock bot.Clock
	jobs  chan *job
	stop  chan struct{}
	done  chan struct{}
	stmts map[string]*sql.Stmt
	cache *cache
	// outboxID is the last outbox id handed out; only the writer uses it.
	outboxID int64
	notifyMu sync.RWMutex
	notify   []func(platform string)

	closeOnce sync.Once
	maxBatch  int
	ckpt      *sql.DB
}

// Options tune Open.
type Options struct {
	// Clock gives "now"; default the system clock.
	Clock bot.Clock
	// MaxBatch is how many commands at most share one commit; 1 disables
	// group commit. Default 64.
	MaxBatch int
}

func dsn(path string, readOnly bool) string {
	v := url.Values{}
	v.Set("_busy_timeout", "5000")
	v.Set("_foreign_keys", "on")
	v.Set("_journal_mode", "WAL")
	// WAL would otherwise run at NORMAL in this driver: a commit must reach the disk.
	v.Set("_synchronous", "FULL")
	v.Set("_txlock", "immediate")
	if readOnly {
		v.Set("_query_only", "true")
	}
	// The path is escaped: in a URI, "#" and "?" would end the file name
	// and "%" would start an escape.
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + v.Encode()
}

// Open opens (creating if needed) the database at path, applies the
// migrations it lacks, and starts the writer.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if opt.Clock == nil {
		opt.Clock = bot.SystemClock{}
	}
	if opt.MaxBatch <= 0 {
		opt.MaxBatch = 64
	}
	w, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	s := &Store{path: path, w: w, clock: opt.Clock, maxBatch: opt.MaxBatch,
		jobs: make(chan *job, 1024), stop: make(chan struct{}), done: make(chan struct{}),
		stmts: map[string]*sql.Stmt{}, cache: newCache()}
	if err := s.init(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		s.wconn.Close()
		w.Close()
		return nil, fmt.Errorf("open readers: %w", err)
	}
	r.SetMaxOpenConns(max(2, runtime.GOMAXPROCS(0)))
	s.r = r
	// Checkpoints run beside the writer, so no command waits for one.
	ckpt, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		s.wconn.Close()
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open checkpointer: %w", err)
	}
	ckpt.SetMaxOpenConns(1)
	s.ckpt = ckpt
	go s.writer()
	go s.checkpointer()
	return s, nil
}

// checkpointer copies the WAL back into the database file in the
// background (PASSIVE: it never blocks the writer or readers).
func (s *Store) checkpointer() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			if _, err := s.ckpt.Exec("PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
				slog.Warn("checkpoint_failed", "err", err)
			}
		}
	}
}

func (s *Store) init(ctx context.Context) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open database %s: %w", s.path, err)
	}
	s.wconn = conn
	var sync int
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return fmt.Errorf("read pragma: %w", err)
	}
	if sync != 2 {
		return fmt.Errorf("synchronous is %d, want FULL (2)", sync)
	}
	// The background checkpointer does this work; past 20,000 pages the
	// writer checkpoints itself, so the WAL cannot grow without bound.
	if _, err := conn.ExecContext(ctx, "PRAGMA wal_autocheckpoint=20000"); err != nil {
		return fmt.Errorf("set wal_autocheckpoint: %w", err)
	}
	if err := migrate(ctx, conn, s.clock.Now()); err != nil {
		return err
	}
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM outbox`).Scan(&s.outboxID); err != nil {
		return fmt.Errorf("read outbox: %w", err)
	}
	return nil
}

// SetNotify registers a function called after each commit that queued
// replies, with the platform of each reply, so the outbox wakes at once.
// Each platform's sender registers its own; registering is safe at any
// time, also while writes run.
func (s *Store) SetNotify(f func(platform string)) {
	s.notifyMu.Lock()
	defer s.notifyMu.Unlock()
	s.notify = append(s.notify, f)
}

// OnQueued registers wake to be called after each commit that queued a
// reply for platform ("tg", "wa", ...).
func (s *Store) OnQueued(platform string, wake func()) {
	s.SetNotify(func(p string) {
		if p == platform {
			wake()
		}
	})
}

// notifyQueued tells the registered functions which platforms have new
// replies, each once, in the order they were first queued.
func (s *Store) notifyQueued(platforms []string) {
	if len(platforms) == 0 {
		return
	}
	s.notifyMu.RLock()
	fs := s.notify
	s.notifyMu.RUnlock()
	seen := map[string]bool{}
	for _, p := range platforms {
		if seen[p] {
			continue
		}
		seen[p] = true
		for _, f := range fs {
			f(p)
		}
	}
}

// Close stops the writer after the queued writes and closes the database.
func (s *Store) Close() error {
	var err error
	s.closeOnce.Do(func() {
		close(s.stop)
		<-s.done
		for _, st := range s.stmts {
			st.Close()
		}
		_, cerr := s.ckpt.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		err = errors.Join(cerr, s.ckpt.Close(), s.wconn.Close(), s.w.Close(), s.r.Close())
	})
	return err
}

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.clock.Now() }

// Read runs fn with a read-only connection from the pool.
func (s *Store) Read(ctx context.Context, fn func(q Querier) error) error {
	return fn(s.r)
}

// Querier is what read helpers need: *sql.DB and *sql.Conn have it.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// ts renders a time for storage: UTC, millisecond precision, sortable.
func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// idArray renders ids as a JSON array, for a statement that reads the rows
// of many ids at once with json_each.
func idArray(ids []int64) string {
	b, _ := json.Marshal(ids) // a slice of integers always marshals
	return string(b)
}

// parseTS reads a time written by ts.
func parseTS(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04:05.000Z", s)
	if err != nil {
		return time.Time{}
	}
	return t
}
