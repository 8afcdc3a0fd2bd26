// Package scheduler runs each group's reminders at their time with gocron:
// one one-time job per group, set at the group's next firing (computed by
// bot/reminders in the group's time zone, so rules gocron has no words for,
// like "the first Tuesday of the month", and DST changes are exact). When
// a job fires, the group's firings due since it last looked are handed to
// the Source, which records each in the transaction that queues its
// message; then the group's next job is set.
//
// On start every group looks back reminders.Lookback (or to its
// creation): firings missed while the bot was down are sent late if within
// their grace, else recorded as skipped. A firing handled before is never
// handled again (the Source's record says so), so a restart at any moment
// neither repeats nor loses one. Changes to rules, loans and groups are
// picked up every Resync.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"

	"kelompok/bot/reminders"
)

// Group is a group to schedule and when its book opened.
type Group struct {
	ID      int64
	Created time.Time
}

// Source is where the scheduler learns what is due and hands firings over.
type Source interface {
	// Groups lists every group the bot serves.
	Groups(ctx context.Context) ([]Group, error)
	// Changed lists the groups whose reminders may have changed since the
	// last call (the first call: since Groups).
	Changed(ctx context.Context) ([]Group, error)
	// Run handles a group's firings due in (from, now], each at most once
	// ever (recorded in the transaction that queues its message; one past
	// its grace at now recorded as skipped), and returns when the group's
	// next firing is due, or horizon if none is due before it.
	Run(ctx context.Context, groupID int64, from, now, horizon time.Time) (next time.Time, err error)
}

// Options tune the scheduler. Zero values take the defaults.
type Options struct {
	// Clock drives gocron and "now"; default the real clock.
	Clock clockwork.Clock
	// Resync is how often changes are looked for; default one minute.
	Resync time.Duration
	// Horizon is how far ahead a group's next firing is looked for; a
	// group with none is looked at again then. Default 31 days.
	Horizon time.Duration
	// Workers is how many groups are handled at once; default 64 (they
	// mostly wait for the store, whose group commit then fills its batches).
	Workers int
	// Retry is how soon a group whose firing failed is tried again;
	// default one minute.
	Retry time.Duration
}

type group struct {
	mu      sync.Mutex
	checked time.Time // firings due up to here were handled
	next    time.Time // when its job is set
	job     uuid.UUID
}

// Scheduler runs the reminders of every group.
type Scheduler struct {
	src   Source
	opt   Options
	clock clockwork.Clock
	cron  gocron.Scheduler

	mu     sync.Mutex
	cond   *sync.Cond
	groups map[int64]*group
	queue  []int64
	queued map[int64]bool
	busy   int
	closed bool
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

// New builds a scheduler; Start runs it.
func New(src Source, opt Options) (*Scheduler, error) {
	if opt.Clock == nil {
		opt.Clock = clockwork.NewRealClock()
	}
	if opt.Resync <= 0 {
		opt.Resync = time.Minute
	}
	if opt.Horizon <= 0 {
		opt.Horizon = 31 * 24 * time.Hour
	}
	if opt.Workers <= 0 {
		opt.Workers = 64
	}
	if opt.Retry <= 0 {
		opt.Retry = time.Minute
	}
	cron, err := gocron.NewScheduler(gocron.WithClock(opt.Clock), gocron.WithLocation(time.UTC),
		gocron.WithLogger(gocron.NewLogger(gocron.LogLevelError)))
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	s := &Scheduler{src: src, opt: opt, clock: opt.Clock, cron: cron, groups: map[int64]*group{}, queued: map[int64]bool{}}
	s.cond = sync.NewCond(&s.mu)
	return s, nil
}

// Start looks at every group (sending what was missed within its grace)
// and runs until Stop. It returns once every group was queued; their
// catching up runs in the background (see WaitIdle).
func (s *Scheduler) Start(ctx context.Context) error {
	s.ctx, s.cancel = context.WithCancel(context.WithoutCancel(ctx))
	gs, err := s.src.Groups(ctx)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	s.mu.Lock()
	cut := 0
	for _, g := range gs {
		if g.Created.Before(now.Add(-reminders.Lookback)) {
			cut++
		}
		s.addLocked(g, now)
	}
	s.mu.Unlock()
	if cut > 0 {
		// Firings due before the look-back are past every grace; they are
		// not looked at, nor recorded as skipped.
		slog.Info("reminders_lookback_limited", "groups", cut, "from", now.Add(-reminders.Lookback))
	}
	for range s.opt.Workers {
		s.wg.Add(1)
		go s.worker()
	}
	if _, err := s.cron.NewJob(gocron.DurationJob(s.opt.Resync), gocron.NewTask(s.resync),
		gocron.WithSingletonMode(gocron.LimitModeReschedule)); err != nil {
		return fmt.Errorf("resync job: %w", err)
	}
	s.cron.Start()
	return nil
}

// addLocked starts tracking a group (or queues a known one again).
func (s *Scheduler) addLocked(g Group, now time.Time) {
	if _, ok := s.groups[g.ID]; !ok {
		from := now.Add(-reminders.Lookback)
		if g.Created.After(from) {
			from = g.Created
		}
		s.groups[g.ID] = &group{checked: from}
	}
	s.enqueueLocked(g.ID)
}

func (s *Scheduler) enqueueLocked(id int64) {
	if s.closed || s.queued[id] {
		return
	}
	s.queued[id] = true
	s.queue = append(s.queue, id)
	s.cond.Broadcast()
}

// enqueue is what a group's gocron job does: hand the group to a worker.
// The job itself does no work, so gocron's own goroutines never wait on
// the database or on gocron.
//
// The one-time job is used up once it fired: its group's next is cleared,
// so that the round re-arms it even when it finds the same next firing
// (the wall clock stepped back and the firing is not due yet).
func (s *Scheduler) enqueue(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.groups[id]; g != nil {
		g.next = time.Time{}
	}
	s.enqueueLocked(id)
}

// Resync looks for changed groups now (it also runs every
// Options.Resync) and queues them.
func (s *Scheduler) Resync() { s.resync() }

func (s *Scheduler) resync() {
	gs, err := s.src.Changed(s.ctx)
	if err != nil {
		if s.ctx.Err() == nil {
			slog.Error("reminders_resync_failed", "err", err)
		}
		return
	}
	now := s.clock.Now()
	s.mu.Lock()
	for _, g := range gs {
		s.addLocked(g, now)
	}
	s.mu.Unlock()
}

func (s *Scheduler) worker() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.cond.Wait()
		}
		if s.closed {
			s.mu.Unlock()
			return
		}
		id := s.queue[0]
		s.queue = s.queue[1:]
		delete(s.queued, id)
		g := s.groups[id]
		s.busy++
		s.mu.Unlock()

		s.run(id, g)

		s.mu.Lock()
		s.busy--
		s.cond.Broadcast()
		s.mu.Unlock()
	}
}

// run handles a group's firings due since it last looked and sets its
// next job.
func (s *Scheduler) run(id int64, g *group) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := s.clock.Now()
	next, err := s.catchUp(id, g, now)
	if err != nil {
		if s.ctx.Err() != nil {
			return
		}
		slog.Error("reminders_group_failed", "group_id", id, "err", err)
		next = now.Add(s.opt.Retry)
	}
	// The round took time: a next firing that fell due meanwhile starts
	// at once (gocron refuses a start in the past).
	now = s.clock.Now()
	err = s.setJob(id, g, next, now)
	if err == nil || s.ctx.Err() != nil {
		return
	}
	slog.Error("reminders_job_failed", "group_id", id, "err", err)
	// Never leave a group without a job: look at it again after Retry.
	if err := s.setJob(id, g, s.clock.Now().Add(s.opt.Retry), s.clock.Now()); err != nil && s.ctx.Err() == nil {
		slog.Error("reminders_job_retry_failed", "group_id", id, "err", err)
	}
}

// catchUp fires what is due in (checked, now] and returns when the group
// should be looked at next.
func (s *Scheduler) catchUp(id int64, g *group, now time.Time) (time.Time, error) {
	from := g.checked
	if !from.Before(now) {
		from = now
	}
	next, err := s.src.Run(s.ctx, id, from, now, now.Add(s.opt.Horizon))
	if err != nil {
		return time.Time{}, err
	}
	g.checked = now
	return next, nil
}

// setJob sets the group's one-time job at next.
func (s *Scheduler) setJob(id int64, g *group, next, now time.Time) error {
	s.mu.Lock()
	armed := g.next
	s.mu.Unlock()
	if g.job != uuid.Nil && next.Equal(armed) {
		return nil
	}
	start := gocron.OneTimeJob(gocron.OneTimeJobStartDateTime(next))
	if !next.After(now) {
		start = gocron.OneTimeJob(gocron.OneTimeJobStartImmediately())
	}
	task := gocron.NewTask(s.enqueue, id)
	var j gocron.Job
	var err error
	if g.job != uuid.Nil {
		j, err = s.cron.Update(g.job, start, task)
		if errors.Is(err, gocron.ErrJobNotFound) {
			g.job = uuid.Nil
		}
	}
	if g.job == uuid.Nil {
		j, err = s.cron.NewJob(start, task)
	}
	if err != nil {
		return err
	}
	s.mu.Lock()
	g.job, g.next = j.ID(), next
	s.mu.Unlock()
	return nil
}

// NextRun is the earliest time any group's job is set for (zero: none).
func (s *Scheduler) NextRun() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	var t time.Time
	for _, g := range s.groups {
		if !g.next.IsZero() && (t.IsZero() || g.next.Before(t)) {
			t = g.next
		}
	}
	return t
}

// WaitIdle waits until no group is queued or being handled and every
// group's job is set after now: everything due by now was handled. Tests
// with a fake clock call it after each Advance.
func (s *Scheduler) WaitIdle(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.idleLocked() {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("reminders not idle: %w", err)
		}
		s.cond.Wait()
	}
	return nil
}

func (s *Scheduler) idleLocked() bool {
	if len(s.queue) > 0 || s.busy > 0 {
		return false
	}
	now := s.clock.Now()
	for _, g := range s.groups {
		if g.next.IsZero() || !g.next.After(now) {
			return false
		}
	}
	return true
}

// Stop stops the jobs and waits for the groups being handled. A firing
// being handled is either committed whole or not at all (and then handled
// after the next start).
func (s *Scheduler) Stop() error {
	if s.cancel != nil {
		s.cancel()
	}
	s.mu.Lock()
	s.closed = true
	s.queue = nil
	s.cond.Broadcast()
	s.mu.Unlock()
	s.wg.Wait()
	return s.cron.Shutdown()
}
