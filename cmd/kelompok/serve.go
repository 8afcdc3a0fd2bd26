package main

import (
	"context"
	"sync"

	"kelompok/bot"
	"kelompok/bot/outbox"
	"kelompok/bot/scheduler"
)

// startSending starts what a platform runs beside its updates: the paced
// sender of p's replies from the book's outbox, woken by each commit that
// queues one (lim, or m.Limits when set), and, if reminders, the reminder
// scheduler. The returned wait waits for the sender to end (with ctx) and
// then stops the scheduler.
func (m *Main) startSending(ctx context.Context, p bot.Platform, lim outbox.Limits, isGroup func(bot.ChatRef) bool, reminders bool) (wait func(), err error) {
	if m.Limits != nil {
		lim = *m.Limits
	}
	lim.IsGroup = isGroup
	sender := outbox.New(m.Store.Outbox(), p, lim)
	m.Store.OnQueued(p.Name(), sender.Wake)
	stopReminders := func() {}
	if reminders {
		// After OnQueued: the scheduler writes from its first moment.
		rem, err := m.StartReminders(ctx, nil, scheduler.Options{})
		if err != nil {
			return nil, err
		}
		stopReminders = func() { rem.Stop() }
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sender.Run(ctx)
	}()
	return func() {
		wg.Wait()
		stopReminders()
	}, nil
}
