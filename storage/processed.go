package storage

import "fmt"

const qClaimProcessed = `INSERT OR IGNORE INTO processed(source, at) VALUES (?, ?)`

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
