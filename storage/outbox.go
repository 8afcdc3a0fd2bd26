package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"kelompok/bot"
	"kelompok/bot/outbox"
)

const qInsertOutbox = `INSERT INTO outbox(id, platform, chat_ref, body, created_at) VALUES (?, ?, ?, ?, ?)`

// Queue puts a reply in the outbox, in the same transaction as the effects
// it reports; the outbox sends it after the commit.
func (tx *Tx) Queue(r bot.Reply) error {
	body, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("queue reply: %w", err)
	}
	p := r.Chat.Platform()
	tx.s.outboxID++
	if _, err := tx.exec(qInsertOutbox, tx.s.outboxID, p, string(r.Chat), string(body), ts(tx.now)); err != nil {
		return fmt.Errorf("queue reply: %w", err)
	}
	tx.platforms = append(tx.platforms, p)
	return nil
}

// OutboxMessage is a queued reply.
type OutboxMessage struct {
	ID    int64
	Reply bot.Reply
}

const qOutboxPending = `SELECT id, body FROM outbox WHERE platform = ? AND id > ? ORDER BY id LIMIT ?`

// OutboxPending reads up to limit queued replies for a platform after id.
func (s *Store) OutboxPending(ctx context.Context, platform string, after int64, limit int) ([]OutboxMessage, error) {
	rows, err := s.r.QueryContext(ctx, qOutboxPending, platform, after, limit)
	if err != nil {
		return nil, fmt.Errorf("outbox pending: %w", err)
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		var m OutboxMessage
		var body string
		if err := rows.Scan(&m.ID, &body); err != nil {
			return nil, fmt.Errorf("outbox pending: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &m.Reply); err != nil {
			// One unreadable row must not block every reply after it.
			slog.Error("outbox_row_unreadable", "outbox_id", m.ID, "err", err)
			continue
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

const qOutboxDone = `DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))`

// OutboxDone removes delivered (or undeliverable) replies, in one commit.
func (s *Store) OutboxDone(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(qOutboxDone, idArray(ids)); err != nil {
			return fmt.Errorf("outbox done: %w", err)
		}
		return nil
	})
}

// ChatGone records that the bot can no longer write to a chat.
func (s *Store) ChatGone(ctx context.Context, chat bot.ChatRef) error {
	return s.Write(ctx, func(tx *Tx) error {
		if err := tx.privateChatGone(chat); err != nil {
			return err
		}
		g, err := tx.GroupByChat(chat)
		if err != nil || g == nil || g.Removed {
			return err
		}
		return tx.GroupEvent(g.ID, "removed", chat, "")
	})
}

// Outbox is the store seen as the outbox's queue.
func (s *Store) Outbox() outbox.Queue { return outboxQueue{s} }

type outboxQueue struct{ s *Store }

func (q outboxQueue) Pending(ctx context.Context, platform string, after int64, limit int) ([]outbox.Message, error) {
	msgs, err := q.s.OutboxPending(ctx, platform, after, limit)
	out := make([]outbox.Message, len(msgs))
	for i, m := range msgs {
		out[i] = outbox.Message{ID: m.ID, Reply: m.Reply}
	}
	return out, err
}

func (q outboxQueue) Done(ctx context.Context, ids []int64) error { return q.s.OutboxDone(ctx, ids) }

func (q outboxQueue) Gone(ctx context.Context, chat bot.ChatRef) error {
	return q.s.ChatGone(ctx, chat)
}
