package handlers_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/handlers"
	"kelompok/locales"
	"kelompok/storage"
)

// benchBook is a file database with n groups, each with a chair and a
// member registered through the router.
type benchBook struct {
	store  *storage.Store
	router *handlers.Router
	seq    atomic.Int64
}

func newBenchBook(b *testing.B, groups, maxBatch int) *benchBook {
	b.Helper()
	st, err := storage.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), storage.Options{MaxBatch: maxBatch})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	bb := &benchBook{store: st, router: handlers.NewRouter(st, locales.MustLoad(), handlers.Config{})}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for g := 0; g < groups; g++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(g int) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := bb.say(g, "chair", "/start", true); err != nil {
				b.Error(err)
			}
			if err := bb.say(g, "ani", "/daftar", false); err != nil {
				b.Error(err)
			}
		}(g)
	}
	wg.Wait()
	return bb
}

func (bb *benchBook) say(group int, who, text string, admin bool) error {
	n := bb.seq.Add(1)
	chat := bot.ChatRef("tg:-" + strconv.Itoa(1000+group))
	return bb.router.Handle(context.Background(), bot.Update{
		Kind: bot.KindMessage, Chat: chat, ChatTitle: "G" + strconv.Itoa(group),
		Source:    fmt.Sprintf("%s/m/%d", chat, n),
		Sender:    bot.Person{Ref: bot.UserRef(fmt.Sprintf("tg:%d%s", group, who)), Name: who},
		Text:      text,
		MessageID: strconv.FormatInt(n, 10), SenderIsAdmin: admin,
	})
}

// runDeposits runs b.N deposits, spread over the groups, from `workers`
// goroutines, and reports durable commands per second and the p99 time.
func runDeposits(b *testing.B, bb *benchBook, groups, workers int) {
	b.ReportAllocs()
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t0 := time.Now()
				if err := bb.say(i%groups, "ani", "/setor 5000", false); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cmds/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkDeposit: "/setor 5000" through router and storage on a file
// database with 1,000 groups. serial: one command at a time (no batching
// possible); parallel: many chats at once, commits shared; nobatch: the
// same load with group commit off.
func BenchmarkDeposit(b *testing.B) {
	const groups = 1000
	b.Run("serial", func(b *testing.B) {
		runDeposits(b, newBenchBook(b, groups, 64), groups, 1)
	})
	b.Run("parallel-8", func(b *testing.B) {
		runDeposits(b, newBenchBook(b, groups, 64), groups, 8)
	})
	b.Run("parallel-64", func(b *testing.B) {
		runDeposits(b, newBenchBook(b, groups, 64), groups, 64)
	})
	b.Run("parallel-64-nobatch", func(b *testing.B) {
		runDeposits(b, newBenchBook(b, groups, 1), groups, 64)
	})
}

// BenchmarkRawInsert is the yardstick: a plain single-row INSERT
// transaction on SQLite with WAL and synchronous=FULL on the same disk.
func BenchmarkRawInsert(b *testing.B) {
	path := filepath.Join(b.TempDir(), "raw.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, chat TEXT, amount INTEGER, at TEXT)`); err != nil {
		b.Fatal(err)
	}
	var sync int
	if err := db.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
		b.Fatalf("synchronous = %d, %v", sync, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO t(chat, amount, at) VALUES (?, ?, ?)`, "tg:-1", 5000, "2026-11-27T00:00:00.000Z"); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "cmds/s")
}

// BenchmarkMemory10kGroups registers 10,000 groups (a chair and a member
// each) and reports the process's resident memory afterwards.
func BenchmarkMemory10kGroups(b *testing.B) {
	for i := 0; i < b.N; i++ {
		bb := newBenchBook(b, 10000, 64)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		b.ReportMetric(rssMB(), "rss-MB")
		bb.store.Close()
	}
}

func rssMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return -1
}

// meetingBook is one group with a chair, a treasurer and 28 more members.
func meetingBook(b *testing.B) *benchBook {
	bb := newBenchBook(b, 0, 64)
	if err := bb.say(0, "chair", "/start", true); err != nil {
		b.Fatal(err)
	}
	for i := 1; i < 30; i++ {
		if err := bb.say(0, "m"+strconv.Itoa(i), "/daftar Anggota "+strconv.Itoa(i), false); err != nil {
			b.Fatal(err)
		}
	}
	if err := bb.say(0, "chair", "/pengurus @m1 bendahara", false); err != nil {
		b.Fatal(err)
	}
	return bb
}

// holdMeeting opens a meeting and books 100 records in it: 25 members
// present, 5 absent at the close, 70 deposits recorded by the treasurer,
// an income and three agenda items with decisions (100 in all with the
// marks and notes).
func holdMeeting(b *testing.B, bb *benchBook) {
	steps := []struct{ who, text string }{{"chair", "/rapat mulai balai desa"}}
	for i := 1; i < 25; i++ {
		steps = append(steps, struct{ who, text string }{"m" + strconv.Itoa(i), "/hadir"})
	}
	steps = append(steps, struct{ who, text string }{"chair", "/hadir"})
	for i := 0; i < 70; i++ {
		steps = append(steps, struct{ who, text string }{"m1", "/setor 5000 Anggota " + strconv.Itoa(2+i%28)})
	}
	for _, s := range []string{"/agenda Workshop", "/agenda Pembelian pakan", "/putuskan 1 3 anggota berangkat"} {
		steps = append(steps, struct{ who, text string }{"chair", s})
	}
	steps = append(steps, struct{ who, text string }{"m1", "/pemasukan 150000 jual ayam"})
	for _, s := range steps {
		if err := bb.say(0, s.who, s.text, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMeetingClose: "/rapat selesai" of a meeting of 30 members with
// 100 records: absences, fines, the minutes built, booked and queued.
func BenchmarkMeetingClose(b *testing.B) {
	bb := meetingBook(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		holdMeeting(b, bb)
		b.StartTimer()
		if err := bb.say(0, "chair", "/rapat selesai", false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMinutesShow: "/notulen N" in a group with three years of weekly
// meetings (156 closed meetings, each with its records).
func BenchmarkMinutesShow(b *testing.B) {
	bb := meetingBook(b)
	for w := 0; w < 156; w++ {
		if err := bb.say(0, "chair", "/rapat mulai balai desa", false); err != nil {
			b.Fatal(err)
		}
		for i := 1; i <= 20; i++ {
			if err := bb.say(0, "m"+strconv.Itoa(i), "/hadir", false); err != nil {
				b.Fatal(err)
			}
		}
		for i := 0; i < 10; i++ {
			if err := bb.say(0, "m1", "/setor 5000 Anggota "+strconv.Itoa(2+i), false); err != nil {
				b.Fatal(err)
			}
		}
		if err := bb.say(0, "chair", "/rapat selesai", false); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := bb.say(0, "m2", "/notulen "+strconv.Itoa(1+i%156), false); err != nil {
			b.Fatal(err)
		}
	}
}

// yearsBook is meetingBook with three years of weekly records for its 30
// members, about 10,000 entries: each week every member's deposit, every
// other member's social fund contribution, and a fine charged and paid by
// every third member each week.
func yearsBook(b *testing.B) *benchBook {
	bb := meetingBook(b)
	n := 0
	err := bb.store.Write(context.Background(), func(tx *storage.Tx) error {
		g, err := tx.GroupByChat("tg:-1000")
		if err != nil || g == nil {
			return fmt.Errorf("group: %v", err)
		}
		members, err := tx.Members(g.ID)
		if err != nil {
			return err
		}
		by := members[0].ID
		for w := 0; w < 156; w++ {
			for i, m := range members {
				add := func(kind ledger.Kind, amount bot.Money) error {
					n++
					return tx.AddEntry(&storage.Entry{GroupID: g.ID, Kind: kind, MemberID: m.ID, Amount: amount,
						RequestedBy: by, Source: fmt.Sprintf("bench/%d", n)})
				}
				if err := add(ledger.Deposit, 5000); err != nil {
					return err
				}
				if i%2 == 0 {
					if err := add(ledger.Social, 1000); err != nil {
						return err
					}
				}
				if (i+w)%3 == 0 {
					if err := add(ledger.Fine, 1000); err != nil {
						return err
					}
					if err := add(ledger.FinePayment, 1000); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if n < 9000 {
		b.Fatalf("only %d entries", n)
	}
	return bb
}

// lastReplies are the texts of the newest two replies in the outbox.
func lastReplies(b *testing.B, bb *benchBook) string {
	msgs, err := bb.store.OutboxPending(context.Background(), "tg", 0, 100000)
	if err != nil || len(msgs) < 2 {
		b.Fatalf("outbox: %v (%d)", err, len(msgs))
	}
	return msgs[len(msgs)-2].Reply.Text + "\n" + msgs[len(msgs)-1].Reply.Text
}

// BenchmarkPassbookAndFund: "/saldo" and "/kas" in a group of 30 members
// with three years of weekly entries (about 10,000), each a whole command:
// router, transaction, reply queued and committed.
func BenchmarkPassbookAndFund(b *testing.B) {
	bb := yearsBook(b)
	for _, cmd := range []struct{ name, text, want string }{{"saldo", "/saldo", "Buku tabungan"}, {"kas", "/kas", "Kas G0"}} {
		b.Run(cmd.name, func(b *testing.B) {
			if err := bb.say(0, "m5", cmd.text, false); err != nil {
				b.Fatal(err)
			}
			if got := lastReplies(b, bb); !strings.Contains(got, cmd.want) {
				b.Fatalf("%s: %q", cmd.text, got)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := bb.say(0, "m5", cmd.text, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkShareOutPreview: "/bagihasil" for 30 members in the same group
// (about 10,000 entries), a whole command as above.
func BenchmarkShareOutPreview(b *testing.B) {
	bb := yearsBook(b)
	if err := bb.say(0, "m5", "/bagihasil", false); err != nil {
		b.Fatal(err)
	}
	if got := lastReplies(b, bb); !strings.Contains(got, "Rencana bagi hasil") || strings.Count(got, "•") != 30 {
		b.Fatalf("/bagihasil: %q", got)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := bb.say(0, "m5", "/bagihasil", false); err != nil {
			b.Fatal(err)
		}
	}
}
