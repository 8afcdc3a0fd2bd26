package handlers_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kelompok/bot"
	"kelompok/handlers"
	"kelompok/locales"
	"kelompok/storage"
)

// rulesOf are the rules in force in the chat's group.
func (h *harness) rulesOf(chat bot.ChatRef) bot.Rules {
	h.t.Helper()
	var r bot.Rules
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chat)
		if err == nil {
			r = g.Rules
		}
		return err
	})
	return r
}

// passRule puts a rule change to poll no and has everyone else vote yes
// and the chair close it.
func (h *harness) passRule(chat bot.ChatRef, no, rule string, voters ...string) {
	h.t.Helper()
	h.say(chat, "budi", "/aturan ubah "+rule)
	for _, v := range voters {
		h.say(chat, v, "/pilih "+no+" 1")
	}
	h.say(chat, "budi", "/tutupvoting "+no)
}

// A binding poll is closed early by the chair only, never by its subject:
// a plain member who proposes herself as chair cannot close the election
// while the count suits her. At its set time the poll closes on the count
// then, whoever asks.
func TestBindingPollClosedEarlyOnlyByChair(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko", "tono")
	h.say(chatA, "siti", "/pengurus usul @siti ketua")
	h.say(chatA, "siti", "/pilih 1 1")
	h.say(chatA, "eko", "/pilih 1 1")
	closes := "Rabu, 25/11/2026 10:00"
	before := h.pollBooks()
	h.expect(h.say(chatA, "siti", "/tutupvoting 1"), h.want("id", "poll.close_own", "No", "V1", "Closes", closes))
	h.expect(h.say(chatA, "eko", "/tutupvoting 1"), h.want("id", "poll.close_binding", "No", "V1", "Closes", closes))
	if h.pollBooks() != before {
		t.Error("a refused close changed the books")
	}
	contains(t, h.say(chatA, "eko", "/pengurus"), "ketua: Budi")
	// The others have until the set time to vote.
	h.say(chatA, "budi", "/pilih 1 2")
	h.say(chatA, "tono", "/pilih 1 2")
	h.clock.Advance(25 * time.Hour)
	got := h.say(chatA, "siti", "/tutupvoting 1")
	contains(t, got, "1. Setuju: 2 suara (Eko, Siti)", "2. Tidak setuju: 2 suara (Budi, Tono)", "Seri", h.want("id", "poll.effect_none"))
	contains(t, h.say(chatA, "eko", "/pengurus"), "ketua: Budi")

	// A rule poll: the chair may close it early, a treasurer may not.
	h.say(chatA, "budi", "/pengurus @eko bendahara")
	h.say(chatA, "budi", "/aturan ubah bunga 3%")
	h.expect(h.say(chatA, "eko", "/tutupvoting 2"), h.want("id", "poll.close_binding", "No", "V2", "Closes", "Kamis, 26/11/2026 11:00"))
	h.say(chatA, "siti", "/pilih 2 1")
	h.say(chatA, "eko", "/pilih 2 1")
	contains(t, h.say(chatA, "budi", "/tutupvoting 2"), "Aturan berubah: Bunga pinjaman sekarang 3% per bulan.")
	// A plain poll is still closed by whoever opened it.
	h.say(chatA, "eko", "/voting Beli pakan? | Ya | Tidak")
	contains(t, h.say(chatA, "eko", "/tutupvoting 3"), "Hasil voting V3")
}

// The borrower neither closes the poll on their own loan nor votes in it
// (by text the vote is refused with a reason; a native vote is not kept),
// and is not counted among the members who decide it.
func TestBorrowerCannotVoteOrCloseOwnLoanPoll(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko", "tono")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.passRule(chatA, "1", "persetujuan_pinjaman voting", "siti", "eko")
	h.say(chatA, "siti", "/setor 200000 @eko")
	h.say(chatA, "eko", "/pinjam 150000 3 bibit")
	before := h.pollBooks()
	h.expect(h.say(chatA, "eko", "/pilih 2 1"), h.want("id", "poll.own_loan_vote", "Name", "Eko", "No", "V2", "Loan", "P1"))
	h.expect(h.say(chatA, "eko", "/tutupvoting 2"), h.want("id", "poll.close_own", "No", "V2", "Closes", "Rabu, 25/11/2026 10:00"))
	pid := h.linkPoll(chatA, 2)
	before = h.pollBooks()
	h.vote("eko", pid, 0)
	if h.pollBooks() != before {
		t.Error("the borrower's native vote on his own loan was kept")
	}
	h.say(chatA, "tono", "/pilih 2 1")
	// A plain member may not close it early either.
	h.expect(h.say(chatA, "tono", "/tutupvoting 2"), h.want("id", "poll.close_binding", "No", "V2", "Closes", "Rabu, 25/11/2026 10:00"))
	contains(t, h.say(chatA, "tono", "/voting 2"), "1. Setuju: 1 suara (Tono)", "1 dari 3 anggota memilih", "Belum memilih: Budi, Siti")
	h.clock.Advance(25 * time.Hour)
	_, out := h.closeDue()
	contains(t, out, "1 dari 3 anggota memilih", "Tidak sah", h.want("id", "poll.effect_none"))
	if p := h.poll(chatA, 2); p.Decision == nil || p.Decision.Result.Members != 3 || p.Decision.Result.Counts[0] != 1 {
		t.Errorf("decision %+v", p.Decision)
	}
}

// A meeting's close charges the fines in force when it opened: a late
// fine raised by a poll closed during the meeting applies from the next
// meeting, not to the lateness already recorded. Absence likewise.
func TestMeetingFinesFollowRulesAtOpening(t *testing.T) {
	h := newHarness(t)
	h.clock.T = at(2026, 11, 24, 10, 0)
	h.group(chatA, "budi", "siti", "eko", "ani", "tono")
	h.say(chatA, "budi", "/jadwal setiap Selasa 16:00")
	h.clock.T = at(2026, 12, 1, 16, 0)
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/hadir")
	h.say(chatA, "ani", "/hadir")
	h.clock.T = at(2026, 12, 1, 16, 30)
	h.say(chatA, "eko", "/hadir") // late: the fine in force is Rp1.000
	h.passRule(chatA, "1", "denda_telat 10000", "siti", "ani", "eko")
	h.passRule(chatA, "2", "denda_absen 20000", "siti", "ani", "eko")
	if r := h.rulesOf(chatA); r.FineLate != 10000 || r.FineAbsent != 20000 {
		t.Fatalf("rules not changed: %+v", r)
	}
	h.clock.T = at(2026, 12, 1, 17, 0)
	h.say(chatA, "budi", "/rapat selesai")
	old := bot.DefaultRules()
	fines := `SELECT m.name, e.amount FROM entries e JOIN members m ON m.id = e.member_id WHERE e.kind = 'fine' ORDER BY m.name, e.id`
	h.expectRows(fines, fmt.Sprintf("Eko|%d", old.FineLate), fmt.Sprintf("Tono|%d", old.FineAbsent))
	// The next meeting charges the new fines.
	h.clock.T = at(2026, 12, 8, 16, 0)
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/hadir")
	h.say(chatA, "ani", "/hadir")
	h.clock.T = at(2026, 12, 8, 16, 30)
	h.say(chatA, "eko", "/hadir")
	h.say(chatA, "budi", "/rapat selesai")
	h.expectRows(fines, fmt.Sprintf("Eko|%d", old.FineLate), "Eko|10000",
		fmt.Sprintf("Tono|%d", old.FineAbsent), "Tono|20000")
}

// The late-installment fine too is the one in force when the meeting
// opened.
func TestLateInstallmentFineFollowsRulesAtOpening(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 300000 @eko")
	h.say(chatA, "eko", "/pinjam 300000 3") // due 24/12, 24/01, 24/02
	h.say(chatA, "siti", "/setujui P1")
	h.say(chatA, "budi", "/setujui P1")
	h.say(chatA, "siti", "/cairkan P1")
	fines := `SELECT m.name, e.amount, e.note FROM entries e JOIN members m ON m.id = e.member_id WHERE e.kind = 'fine' ORDER BY e.id`
	h.clock.T = time.Date(2026, 12, 28, 3, 0, 0, 0, time.UTC) // the first installment is overdue
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/hadir")
	h.say(chatA, "eko", "/hadir")
	h.clock.Advance(time.Hour)
	h.setRule(chatA, bot.RuleFineLateInstallment, "5000") // decided during the meeting
	h.clock.Advance(time.Hour)
	h.say(chatA, "budi", "/rapat selesai")
	h.expectRows(fines)
	h.clock.T = time.Date(2027, 1, 4, 3, 0, 0, 0, time.UTC)
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/hadir")
	h.say(chatA, "eko", "/hadir")
	h.say(chatA, "budi", "/rapat selesai")
	h.expectRows(fines, "Eko|5000|P1/1")
}

// One poll per rule and one election per office at a time, with an answer
// naming the open poll; and a rule poll decided against a value no longer
// in force is not applied.
func TestOneOpenPollPerRuleAndOffice(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.say(chatA, "budi", "/aturan ubah bunga 3%")
	before := h.pollBooks()
	h.expect(h.say(chatA, "budi", "/aturan ubah bunga 1%"), h.want("id", "rules.poll_open", "Name", locales.Raw("Bunga pinjaman"),
		"No", "V1", "Value", locales.Raw("3% per bulan"), "Closes", "Rabu, 25/11/2026 10:00"))
	h.say(chatA, "siti", "/pengurus usul @siti bendahara")
	h.expect(h.say(chatA, "eko", "/pengurus usul @eko bendahara"), h.want("id", "term.election_open", "Role", "bendahara",
		"No", "V2", "Name", "Siti", "Closes", "Rabu, 25/11/2026 10:00"))
	if got := h.count("SELECT COUNT(*) FROM polls"); got != 2 {
		t.Errorf("%d polls, want 2 (%s)", got, before)
	}
	// Another office may be elected meanwhile.
	contains(t, h.say(chatA, "eko", "/pengurus usul @eko sekretaris"), "Voting V3")

	// A poll opened before the rule changed (as a second poll could be
	// before the check above): the group voted on 2% → 1%, and the rule
	// is 3% by then.
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chatA)
		if err != nil {
			return err
		}
		return tx.AddPoll(&storage.Poll{GroupID: g.ID, Kind: storage.PollRule, Question: "Bunga 1%?", Options: []string{"Setuju", "Tidak setuju"},
			RuleKey: bot.RuleLoanRateBP, RuleValue: "100", RuleFrom: "200", QuorumPct: 50, MajorityPct: 50, OpenedBy: 1,
			ClosesAt: h.clock.T.Add(24 * time.Hour), Source: "test"})
	})
	for _, v := range []string{"siti", "eko"} {
		h.say(chatA, v, "/pilih 1 1")
		h.say(chatA, v, "/pilih 4 1")
	}
	contains(t, h.say(chatA, "budi", "/tutupvoting 1"), "Bunga pinjaman sekarang 3% per bulan")
	got := h.say(chatA, "budi", "/tutupvoting 4")
	contains(t, got, "Keputusan: Setuju.", h.want("id", "rules.poll_stale", "Name", locales.Raw("Bunga pinjaman"),
		"From", locales.Raw("2% per bulan"), "Now", locales.Raw("3% per bulan")))
	if r := h.rulesOf(chatA); r.LoanRateBP != 300 {
		t.Errorf("rate = %d: a poll decided against 2%% overrode the 3%% decided since", r.LoanRateBP)
	}
}

// /aturan shows books_open and the late-installment fine as set, and a
// change to the value in force is refused as unchanged.
func TestRulesShowBooksOpenAndLateInstallmentFine(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.passRule(chatA, "1", "buku_terbuka ya", "siti", "eko")
	h.passRule(chatA, "2", "denda_angsuran 5000", "siti", "eko")
	if r := h.rulesOf(chatA); !r.BooksOpen || r.FineLateInstallment != 5000 {
		t.Fatalf("rules not applied: %+v", r)
	}
	contains(t, h.say(chatA, "eko", "/aturan"), ": ya (Budi, 24/11/2026, voting V1)", ": Rp5.000 (Budi, 24/11/2026, voting V2)")
	before := h.pollBooks()
	h.expect(h.say(chatA, "budi", "/aturan ubah buku_terbuka ya"), h.want("id", "rules.unchanged",
		"Name", locales.Raw(h.want("id", "rules.name_books_open")), "Value", locales.Raw(h.want("id", "rules.yes"))))
	h.expect(h.say(chatA, "budi", "/aturan ubah denda_angsuran 5.000"), h.want("id", "rules.unchanged",
		"Name", locales.Raw(h.want("id", "rules.name_fine_late_installment")), "Value", locales.Raw("Rp5.000")))
	if h.pollBooks() != before {
		t.Error("an unchanged rule opened a poll")
	}
}

// An officer votes for a member who has no chat account, and the vote
// says who cast it; the member's own account, a non-officer and a member
// with an account are refused.
func TestOfficerVotesForMemberWithoutAccount(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	for _, n := range []string{"Mbah Karto", "Bu Sri", "Pak Darto"} {
		h.say(chatA, "budi", "/anggota tambah "+n)
	}
	h.say(chatA, "budi", "/voting Beli pakan? | Ya | Tidak")
	h.say(chatA, "budi", "/pilih 1 1")
	h.say(chatA, "siti", "/pilih 1 1")
	h.expect(h.say(chatA, "budi", "/pilih 1 1 @mbah_karto"), h.want("id", "poll.voted_for", "Name", "Mbah Karto", "No", "V1", "Option", "Ya", "By", "Budi"))
	h.expect(h.say(chatA, "budi", "/pilih 1 Tidak Bu Sri"), h.want("id", "poll.voted_for", "Name", "Bu Sri", "No", "V1", "Option", "Tidak", "By", "Budi"))
	h.expect(h.say(chatA, "budi", "/pilih 1 Ya Bu Sri"), h.want("id", "poll.voted_for", "Name", "Bu Sri", "No", "V1", "Option", "Ya", "By", "Budi"))
	before := h.pollBooks()
	h.expect(h.say(chatA, "eko", "/pilih 1 1 Pak Darto"), h.want("id", "poll.proxy_not_officer", "Name", "Pak Darto", "Roles", "ketua, bendahara, sekretaris"))
	h.expect(h.say(chatA, "budi", "/pilih 1 2 @siti"), h.want("id", "poll.proxy_has_account", "Name", "Siti"))
	h.expect(h.say(chatA, "budi", "/pilih 1 2 Pak Tidak Ada"), h.want("id", "poll.bad_option", "Input", "2 Pak Tidak Ada", "No", "V1", "Max", 2))
	if h.pollBooks() != before {
		t.Error("a refused vote changed the books")
	}
	h.expectRows(`SELECT m.name, v.choices, c.name FROM poll_votes v JOIN members m ON m.id = v.member_id
LEFT JOIN members c ON c.id = v.cast_by ORDER BY v.id`,
		"Budi|[0]|NULL", "Siti|[0]|NULL", "Mbah Karto|[0]|Budi", "Bu Sri|[1]|Budi", "Bu Sri|[0]|Budi")
	got := h.say(chatA, "budi", "/tutupvoting 1")
	contains(t, got, "1. Ya: 4 suara (Bu Sri, Budi, Mbah Karto, Siti)", "4 dari 6 anggota memilih", "Keputusan: Ya.")
}

// With a majority of 100 the texts say "all votes"; the minutes name the
// decision under their own label once; a closed poll's /voting ends with
// its outcome, not an empty line.
func TestPollTexts(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.passRule(chatA, "1", "mayoritas 100", "siti", "eko")
	contains(t, h.say(chatA, "eko", "/aturan"), "Mayoritas voting: semua suara")
	got := h.say(chatA, "budi", "/voting Beli pakan? | Ya | Tidak")
	contains(t, got, "menang jika mendapat semua suara")
	if s := strings.Join(got, "\n"); strings.Contains(s, "100%") {
		t.Errorf("the poll still speaks of more than 100%%: %s", s)
	}
	h.say(chatA, "siti", "/pilih 2 1")
	h.say(chatA, "eko", "/pilih 2 2")
	h.say(chatA, "budi", "/pilih 2 1")
	contains(t, h.say(chatA, "budi", "/tutupvoting 2"), "Tidak ada pilihan yang mendapat semua suara")
	show := h.say(chatA, "eko", "/voting 1")
	if len(show) != 1 || strings.HasSuffix(show[0], "\n") || !strings.HasSuffix(show[0], "Keputusan: Setuju.") {
		t.Errorf("/voting 1 of a closed poll: %q", show)
	}
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "budi", "/voting Rapat di balai? | Ya | Tidak")
	h.say(chatA, "siti", "/pilih 3 1")
	h.say(chatA, "eko", "/pilih 3 1")
	h.say(chatA, "budi", "/pilih 3 1")
	h.say(chatA, "budi", "/tutupvoting 3")
	minutes := strings.Join(h.say(chatA, "budi", "/rapat selesai"), "\n")
	if strings.Contains(minutes, "Keputusan: Keputusan:") || !strings.Contains(minutes, "Keputusan: Ya.") {
		t.Errorf("minutes:\n%s", minutes)
	}
	h.say(chatA, "budi", "/bahasa en")
	contains(t, h.say(chatA, "eko", "/rules"), "Poll majority: all votes")
	contains(t, h.say(chatA, "budi", "/poll Q? | Yes | No"), "an option wins with all the votes")
}

// Polls that fail to close for a lasting reason do not hold back the
// polls due after them, however many they are.
func TestClosePollsDueSkipsFailedPolls(t *testing.T) {
	clock := &bot.FixedClock{T: tuesday}
	path := filepath.Join(t.TempDir(), "k.db")
	st, err := storage.Open(context.Background(), path, storage.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat := locales.MustLoad()
	h := &harness{t: t, ctx: context.Background(), store: st, cat: cat, clock: clock,
		router: handlers.NewRouter(st, cat, handlers.Config{}),
		users:  map[string]int{}, names: map[string]string{}, admins: map[string]bool{}, langs: map[string]string{}}
	h.group(chatA, "budi", "siti")
	const broken = 25
	for i := 0; i < broken+2; i++ {
		h.say(chatA, "budi", fmt.Sprintf("/voting Q%d? | Ya | Tidak", i+1))
		if i >= broken {
			h.say(chatA, "siti", fmt.Sprintf("/pilih %d 1", i+1))
		}
		h.clock.Advance(time.Minute)
	}
	// The first polls' votes cannot be read: they can never close.
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for no := 1; no <= broken; no++ {
		if _, err := db.Exec(`INSERT INTO poll_votes(poll_id, voter_ref, choices, via, at, source)
SELECT id, 'x', 'not json', 'text', opened_at, 'test' FROM polls WHERE no = ?`, no); err != nil {
			t.Fatal(err)
		}
	}
	h.clock.Advance(25 * time.Hour)
	n, out := h.closeDue()
	if n != 2 {
		t.Fatalf("closed %d polls, want the 2 that can close", n)
	}
	contains(t, out, "Hasil voting V26", "Hasil voting V27")
}

// The grace minutes too are those in force when the meeting opened: a
// longer grace passed during the meeting does not make a late arrival on
// time, and applies from the next meeting.
func TestGraceFollowsRulesAtOpening(t *testing.T) {
	h := newHarness(t)
	h.clock.T = at(2026, 11, 24, 10, 0)
	h.group(chatA, "budi", "siti", "eko", "ani")
	h.say(chatA, "budi", "/jadwal setiap Selasa 16:00")
	h.clock.T = at(2026, 12, 1, 16, 0)
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/hadir")
	h.say(chatA, "ani", "/hadir")
	h.clock.T = at(2026, 12, 1, 16, 10)
	h.passRule(chatA, "1", "toleransi 60", "siti", "ani", "budi")
	if r := h.rulesOf(chatA); r.LateGrace != time.Hour {
		t.Fatalf("grace not changed: %v", r.LateGrace)
	}
	h.clock.T = at(2026, 12, 1, 16, 30) // late under the 15 minutes in force at the opening
	h.expect(h.say(chatA, "eko", "/hadir"), h.want("id", "attendance.marked", "Name", "Eko",
		"Status", locales.Raw(h.cat.T("id", "attendance.status_late", nil)), "Meeting", 1, "Count", 4))
	h.say(chatA, "budi", "/rapat selesai")
	// The next meeting: 30 minutes after the start is within the new hour.
	h.clock.T = at(2026, 12, 8, 16, 0)
	h.say(chatA, "budi", "/rapat mulai")
	h.clock.T = at(2026, 12, 8, 16, 30)
	h.expect(h.say(chatA, "eko", "/hadir"), h.want("id", "attendance.marked", "Name", "Eko",
		"Status", locales.Raw(h.cat.T("id", "attendance.status_present", nil)), "Meeting", 2, "Count", 2))
}
