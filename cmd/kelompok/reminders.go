package main

import (
	"context"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"kelompok/bot/scheduler"
	"kelompok/handlers"
	"kelompok/storage"
)

// reminderSource is the book as the scheduler sees it: the groups, what
// each is due, and firing through the router (record + outbox in one
// transaction).
type reminderSource struct {
	st *storage.Store
	r  *handlers.Router

	mu sync.Mutex
	w  storage.Watermark
}

var _ scheduler.Source = (*reminderSource)(nil)

func (s *reminderSource) Groups(ctx context.Context) ([]scheduler.Group, error) {
	gs, w, err := s.st.ReminderGroups(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.w = w
	s.mu.Unlock()
	return groups(gs), nil
}

func (s *reminderSource) Changed(ctx context.Context) ([]scheduler.Group, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gs, w, err := s.st.ChangedGroups(ctx, s.w)
	if err != nil {
		return nil, err
	}
	s.w = w
	return groups(gs), nil
}

func groups(gs []storage.GroupStart) []scheduler.Group {
	out := make([]scheduler.Group, len(gs))
	for i, g := range gs {
		out[i] = scheduler.Group{ID: g.ID, Created: g.Created}
	}
	return out
}

func (s *reminderSource) Run(ctx context.Context, groupID int64, from, now, horizon time.Time) (time.Time, error) {
	return s.r.RunReminders(ctx, groupID, from, now, horizon)
}

// StartReminders starts the reminder scheduler on the book (clock nil: the
// real clock). Stop it before closing the store.
func (m *Main) StartReminders(ctx context.Context, clock clockwork.Clock, opt scheduler.Options) (*scheduler.Scheduler, error) {
	opt.Clock = clock
	s, err := scheduler.New(&reminderSource{st: m.Store, r: m.Router}, opt)
	if err != nil {
		return nil, err
	}
	if err := s.Start(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}
