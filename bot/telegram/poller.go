package telegram

import (
	"context"
	"log/slog"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"kelompok/bot"
)

// Submitter runs an update (in its chat's order) and reports the result:
// nil only once its effects are committed.
type Submitter interface {
	Submit(ctx context.Context, u bot.Update, done func(error))
}

// Poll fetches updates with getUpdates and hands each batch to sub, chats in
// parallel. Telegram drops updates only when asked for the next offset, so
// the offset moves past an update only after it was committed: a crash at
// any point redelivers what was not, and the store recognises what was.
func (a *Adapter) Poll(ctx context.Context, sub Submitter, timeout time.Duration) error {
	a.polls.set(ctx)
	offset := 0
	backoff := time.Second
	for ctx.Err() == nil {
		ups, err := a.api.GetUpdates(tgbotapi.UpdateConfig{
			Offset: offset, Limit: 100, Timeout: int(timeout / time.Second),
			AllowedUpdates: []string{"message", "edited_message", "callback_query", "my_chat_member", "poll_answer"},
		})
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			slog.Warn("telegram_get_updates_failed", "err", a.redact(err), "retry_in", backoff)
			sleep(ctx, backoff)
			backoff = min(backoff*2, time.Minute)
			continue
		}
		backoff = time.Second
		next, failed := a.runBatch(ctx, sub, ups, offset)
		offset = next
		if failed {
			sleep(ctx, time.Second)
		}
	}
	return nil
}

// runBatch handles one batch and returns the offset to confirm: past the
// last update if all succeeded, else the first one that failed.
func (a *Adapter) runBatch(ctx context.Context, sub Submitter, ups []tgbotapi.Update, offset int) (int, bool) {
	if len(ups) == 0 {
		return offset, false
	}
	errs := make([]error, len(ups))
	var wg sync.WaitGroup
	for i, up := range ups {
		u, ok := Convert(up)
		if !ok {
			continue
		}
		wg.Add(1)
		sub.Submit(ctx, u, func(err error) {
			errs[i] = err
			wg.Done()
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			slog.Error("telegram_update_failed", "update_id", ups[i].UpdateID, "err", err)
			return ups[i].UpdateID, true
		}
	}
	return ups[len(ups)-1].UpdateID + 1, false
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
