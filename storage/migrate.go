package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, f := range files {
		base := strings.TrimPrefix(f, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", base)
		}
		body, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		// Numbers may have gaps (features are numbered when they start,
		// and merged in any order), never a repeat.
		if m.version < 1 || (i > 0 && m.version == ms[i-1].version) {
			return nil, fmt.Errorf("migration %s: number used twice or below 1", m.name)
		}
	}
	return ms, nil
}

// ErrTooNew is returned when the database was written by a newer Kelompok.
type ErrTooNew struct{ Have, Know int }

func (e *ErrTooNew) Error() string {
	return fmt.Sprintf("database schema is version %d but this program knows only up to %d: run a newer kelompok, or restore a backup", e.Have, e.Know)
}

// migrate applies each missing migration in its own transaction and refuses
// a database that has migrations this binary does not know.
func migrate(ctx context.Context, conn *sql.Conn, now time.Time) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, have, err := appliedVersions(ctx, conn)
	if err != nil {
		return err
	}
	know := 0
	if len(ms) > 0 {
		know = ms[len(ms)-1].version
	}
	if have > know {
		return &ErrTooNew{Have: have, Know: know}
	}
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		if err := apply(ctx, conn, m, now); err != nil {
			return err
		}
	}
	return nil
}

// appliedVersions reads which migrations the database has, and the highest.
func appliedVersions(ctx context.Context, conn *sql.Conn) (map[int]bool, int, error) {
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, 0, fmt.Errorf("read schema versions: %w", err)
	}
	defer rows.Close()
	applied, have := map[int]bool{}, 0
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, 0, fmt.Errorf("read schema versions: %w", err)
		}
		applied[v], have = true, max(have, v)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("read schema versions: %w", err)
	}
	return applied, have, nil
}

func apply(ctx context.Context, conn *sql.Conn, m migration, now time.Time) (err error) {
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("migration %s: begin: %w", m.name, err)
	}
	defer func() {
		if err != nil {
			conn.ExecContext(ctx, "ROLLBACK")
		}
	}()
	if _, err := conn.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, ts(now)); err != nil {
		return fmt.Errorf("migration %s: record: %w", m.name, err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return nil
}
