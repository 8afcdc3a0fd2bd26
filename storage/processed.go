package storage

import (
	"database/sql"
	"errors"
	"fmt"
)

const qProcessed = `SELECT 1 FROM processed WHERE source = ?`
const qInsertProcessed = `INSERT INTO processed(source, at) VALUES (?, ?)`
const qClaimProcessed = `INSERT OR IGNORE INTO processed(source, at) VALUES (?, ?)`

// Processed reports whether the platform event source was already handled.
func (tx *Tx) Processed(source string) (bool, error) {
	var one int
	err := tx.queryRow(qProcessed, source).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("processed: %w", err)
	}
	return true, nil
}

// MarkProcessed records that source's effects are in this transaction.
func (tx *Tx) MarkProcessed(source string) error {
	if _, err := tx.exec(qInsertProcessed, source, ts(tx.now)); err != nil {
		return fmt.Errorf("mark processed: %w", err)
	}
	return nil
}

// Claim marks source processed and reports whether it was new: false means
// an earlier delivery already committed its effects.
func (tx *Tx) Claim(source string) (bool, error) {
	res, err := tx.exec(qClaimProcessed, source, ts(tx.now))
	if err != nil {
		return false, fmt.Errorf("claim processed: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
