package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"kelompok/storage"
)

// closePollsEvery closes the polls whose time has passed, every interval,
// until ctx ends (in every mode that serves chats). Each poll is closed
// once, whichever run closes it.
func closePollsEvery(ctx context.Context, m *Main, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := m.Router.ClosePollsDue(ctx, m.Clock.Now())
			if err != nil && ctx.Err() == nil && !errors.Is(err, storage.ErrClosed) {
				slog.Error("close_polls_failed", "err", err)
			}
			if n > 0 {
				slog.Info("polls_closed", "count", n)
			}
		}
	}
}
