package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"kelompok/bot/whatsapp"
	"kelompok/storage"
)

// waitPoll waits for the bot's n-th native poll in the group and for the
// book to have linked it to its poll (the link is written right after the
// send; a vote before it would find no poll).
func (f *waFake) waitPoll(t *testing.T, m *Main, n int) waSent {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var polls []waSent
		f.mu.Lock()
		for _, s := range f.sent {
			if s.to == waGroup && s.msg.GetPollCreationMessage() != nil {
				polls = append(polls, s)
			}
		}
		f.mu.Unlock()
		if len(polls) >= n {
			p, err := m.Store.PollByPlatformID(context.Background(), whatsapp.PollRef(whatsapp.ChatRef(waGroup), polls[n-1].id))
			if err != nil {
				t.Fatal(err)
			}
			if p != nil {
				return polls[n-1]
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("native poll %d not sent and linked; sent %q", n, f.texts(waGroup))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waVoter is a member's phone: its own whatsmeow client.
type waVoter struct {
	cli  *whatsmeow.Client
	jid  types.JID
	name string
}

func newVoter(t *testing.T, jid types.JID, name string) waVoter {
	return waVoter{cli: waClient(t, jid), jid: jid, name: name}
}

// receive stands in for the phone receiving the bot's poll: whatsmeow
// keeps the poll's secret (or, given one, a wrong secret).
func (v waVoter) receive(t *testing.T, p waSent, secret ...[]byte) {
	t.Helper()
	key := p.msg.GetMessageContextInfo().GetMessageSecret()
	if len(secret) > 0 {
		key = secret[0]
	}
	if err := v.cli.Store.MsgSecrets.PutMessageSecret(context.Background(), waGroup, waBotPN, p.id, key); err != nil {
		t.Fatal(err)
	}
}

// vote is the event the bot receives when the member taps options in the
// poll: encrypted by the member's client.
func (v waVoter) vote(t *testing.T, p waSent, id string, options ...string) *events.Message {
	t.Helper()
	info := &types.MessageInfo{MessageSource: types.MessageSource{Chat: waGroup, Sender: waBotPN, IsGroup: true}, ID: p.id}
	msg, err := v.cli.BuildPollVote(context.Background(), info, options)
	if err != nil {
		t.Fatal(err)
	}
	return &events.Message{Info: types.MessageInfo{
		MessageSource: types.MessageSource{Chat: waGroup, Sender: v.jid, IsGroup: true},
		ID:            types.MessageID(id), PushName: v.name, Timestamp: time.Now()}, Message: msg}
}

func waDeliver(t *testing.T, f *waFake, e *events.Message) {
	t.Helper()
	if !f.deliver(t, e) {
		t.Fatalf("message %s not acknowledged", e.Info.ID)
	}
}

// count counts the texts sent to the group that contain s.
func (f *waFake) count(s string) int {
	return strings.Count(strings.Join(f.texts(waGroup), "\n\x00"), s)
}

func countVotes(t *testing.T, st *storage.Store, via string) int {
	t.Helper()
	var n int
	err := st.Read(context.Background(), func(q storage.Querier) error {
		return q.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM poll_votes WHERE via = ?`, via).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A poll opened in a WhatsApp group goes out as a native poll; the
// members' encrypted votes are decrypted and counted as their members'
// votes (by number or by LID), a changed vote
// replaces the earlier one, a redelivered vote counts once, a vote that
// cannot be decrypted is answered (once) with the text ballot and books
// nothing, and a vote after the close is not counted.
func TestWhatsAppNativePoll(t *testing.T) {
	m, f, _, _ := startWA(t)
	// Siti's phone votes by her LID (as in a group WhatsApp addresses by
	// LID); she joined by number: her votes are still hers.
	budi, siti, eko := newVoter(t, waBudiPN, "Budi"), newVoter(t, waSitiLID, "Siti"), newVoter(t, waEkoPN, "Eko")
	waDeliver(t, f, waText(waGroup, waBudiPN, "A1", "Budi", "/start"))
	f.waitSent(t, waGroup, "tercatat sebagai *ketua*")
	waDeliver(t, f, waText(waGroup, waSitiPN, "A2", "Siti", "!daftar"))
	f.waitSent(t, waGroup, "Siti")
	waDeliver(t, f, waText(waGroup, waEkoPN, "A3", "Eko", "/daftar"))
	f.waitSent(t, waGroup, "Eko")

	waDeliver(t, f, waText(waGroup, waBudiPN, "A4", "Budi", "/voting Beli pakan? | Ya | Tunda"))
	f.waitSent(t, waGroup, "*Voting V1* dari Budi")
	p := f.waitPoll(t, m, 1)
	pc := p.msg.GetPollCreationMessage()
	if pc.GetName() != "Beli pakan?" || len(pc.GetOptions()) != 2 || pc.GetOptions()[0].GetOptionName() != "Ya" ||
		pc.GetOptions()[1].GetOptionName() != "Tunda" || pc.GetSelectableOptionsCount() != 1 {
		t.Fatalf("native poll %v", pc)
	}
	if n := f.count("ketik ```/pilih 1 1```"); n != 0 {
		t.Errorf("the text ballot was sent beside the native poll (%d)", n)
	}
	budi.receive(t, p)
	siti.receive(t, p)
	eko.receive(t, p, make([]byte, 32)) // not the poll's secret: Eko's vote will not decrypt

	first := budi.vote(t, p, "V1", "Ya")
	waDeliver(t, f, first)
	waDeliver(t, f, siti.vote(t, p, "V2", "Tunda"))
	waDeliver(t, f, siti.vote(t, p, "V3", "Ya")) // changed
	waDeliver(t, f, first)                       // redelivered
	if n := countVotes(t, m.Store, "native"); n != 3 {
		t.Errorf("%d native votes booked, want 3", n)
	}

	unreadable := eko.vote(t, p, "V4", "Tunda")
	waDeliver(t, f, unreadable)
	fallback := f.waitSent(t, waGroup, "tidak terbaca")
	for _, want := range []string{"Eko, pilihan Anda di voting V1", "1. Ya: ketik ```/pilih 1 1```", "2. Tunda: ketik ```/pilih 1 2```"} {
		if !strings.Contains(fallback, want) {
			t.Errorf("fallback %q lacks %q", fallback, want)
		}
	}
	waDeliver(t, f, unreadable) // redelivered: not answered again
	if n := countVotes(t, m.Store, "native"); n != 3 {
		t.Errorf("the unreadable vote booked something: %d native votes", n)
	}
	waDeliver(t, f, waText(waGroup, waEkoPN, "A5", "Eko", "/voting 1"))
	f.waitSent(t, waGroup, "Belum memilih: Eko")
	if n := f.count("tidak terbaca"); n != 1 {
		t.Errorf("fallback sent %d times", n)
	}

	waDeliver(t, f, waText(waGroup, waEkoPN, "A6", "Eko", "/pilih 1 2"))
	f.waitSent(t, waGroup, "Suara Eko di voting V1: *Tunda*")
	waDeliver(t, f, waText(waGroup, waBudiPN, "A7", "Budi", "/tutupvoting 1"))
	result := f.waitSent(t, waGroup, "Hasil voting V1")
	for _, want := range []string{"1. Ya: 2 suara (Budi, Siti)", "2. Tunda: 1 suara (Eko)"} {
		if !strings.Contains(result, want) {
			t.Errorf("result %q lacks %q", result, want)
		}
	}

	// WhatsApp cannot close the poll: Siti can still tap it, but the
	// book counts nothing after the close.
	waDeliver(t, f, siti.vote(t, p, "V5", "Tunda"))
	waDeliver(t, f, eko.vote(t, p, "V6", "Ya")) // unreadable, but the poll is closed: no answer
	waDeliver(t, f, waText(waGroup, waBudiPN, "A8", "Budi", "/voting 1"))
	for deadline := time.Now().Add(10 * time.Second); f.count("Keputusan: *Ya*") < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no answer to /voting 1 after the close: %q", f.texts(waGroup))
		}
	}
	if texts := f.texts(waGroup); !strings.Contains(texts[len(texts)-1], "1. Ya: 2 suara (Budi, Siti)\n2. Tunda: 1 suara (Eko)") {
		t.Errorf("after the close: %q", texts[len(texts)-1])
	}
	if n := countVotes(t, m.Store, "native"); n != 3 {
		t.Errorf("a vote after the close was booked: %d native votes", n)
	}
	if n := f.count("tidak terbaca"); n != 1 {
		t.Errorf("fallback sent %d times", n)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.sent {
		if s.msg.GetPollCreationMessage() == nil && strings.TrimSpace(s.text) == "" {
			t.Errorf("an empty message was sent (a poll stop?): %v", s.msg)
		}
	}
}

// A loan approved by native polls on WhatsApp: the rule that loans need
// the group's vote is itself changed by a poll, then the loan's poll
// passes and the loan is paid out.
func TestWhatsAppLoanApprovedByPoll(t *testing.T) {
	m, f, _, _ := startWA(t)
	budi, siti, eko := newVoter(t, waBudiPN, "Budi"), newVoter(t, waSitiPN, "Siti"), newVoter(t, waEkoPN, "Eko")
	waDeliver(t, f, waText(waGroup, waBudiPN, "L1", "Budi", "/start"))
	f.waitSent(t, waGroup, "tercatat sebagai *ketua*")
	waDeliver(t, f, waText(waGroup, waSitiPN, "L2", "Siti", "/daftar"))
	f.waitSent(t, waGroup, "Siti")
	waDeliver(t, f, waText(waGroup, waEkoPN, "L3", "Eko", "/daftar"))
	f.waitSent(t, waGroup, "Eko")
	waDeliver(t, f, waText(waGroup, waBudiPN, "L4", "Budi", "/pengurus @6289876543210 bendahara", waSitiPN))
	f.waitSent(t, waGroup, "bendahara")

	waDeliver(t, f, waText(waGroup, waBudiPN, "L5", "Budi", "/aturan ubah persetujuan_pinjaman voting supaya adil"))
	rule := f.waitPoll(t, m, 1)
	if got := rule.msg.GetPollCreationMessage().GetName(); got != "Ubah aturan: Persetujuan pinjaman menjadi lewat voting kelompok?" {
		t.Fatalf("rule poll %q", got)
	}
	for i, v := range []waVoter{budi, siti, eko} {
		v.receive(t, rule)
		waDeliver(t, f, v.vote(t, rule, "R"+string(rune('1'+i)), "Setuju"))
	}
	waDeliver(t, f, waText(waGroup, waBudiPN, "L6", "Budi", "/tutupvoting 1"))
	f.waitSent(t, waGroup, "Persetujuan pinjaman sekarang lewat voting kelompok")

	waDeliver(t, f, waText(waGroup, waSitiPN, "L7", "Siti", "/setor 300000 @6285550001111", waEkoPN))
	f.waitSent(t, waGroup, "Tabungan Eko: Rp300.000")
	waDeliver(t, f, waText(waGroup, waEkoPN, "L8", "Eko", "/pinjam 200000 2 bibit"))
	f.waitSent(t, waGroup, "Voting V2")
	loan := f.waitPoll(t, m, 2)
	for i, v := range []waVoter{budi, siti} {
		v.receive(t, loan)
		waDeliver(t, f, v.vote(t, loan, "P"+string(rune('1'+i)), "Setuju"))
	}
	waDeliver(t, f, waText(waGroup, waBudiPN, "L9", "Budi", "/tutupvoting 2"))
	f.waitSent(t, waGroup, "Pinjaman *P1* Eko (Rp200.000) disetujui kelompok")
	waDeliver(t, f, waText(waGroup, waSitiPN, "L10", "Siti", "/cairkan P1"))
	f.waitSent(t, waGroup, "diserahkan kepada Eko")
	assertLoanPaid(t, m.Store)
}

// A vote in a poll the bot sent but the book never linked (the link was
// not recorded and the outbox sent the poll again) is not dropped: the
// voter is asked, once, to vote by text in the group's open polls.
func TestWhatsAppVoteInUnlinkedPoll(t *testing.T) {
	m, f, _, _ := startWA(t)
	siti := newVoter(t, waSitiPN, "Siti")
	waDeliver(t, f, waText(waGroup, waBudiPN, "A1", "Budi", "/start"))
	f.waitSent(t, waGroup, "tercatat sebagai *ketua*")
	waDeliver(t, f, waText(waGroup, waSitiPN, "A2", "Siti", "!daftar"))
	f.waitSent(t, waGroup, "Siti")
	waDeliver(t, f, waText(waGroup, waBudiPN, "A3", "Budi", "/voting Beli pakan? | Ya | Tunda"))
	linked := f.waitPoll(t, m, 1)
	lost := linked
	lost.id = "3EB0LOST" // the same poll, sent before under another id
	siti.receive(t, lost)
	vote := siti.vote(t, lost, "V1", "Ya")
	waDeliver(t, f, vote)
	got := f.waitSent(t, waGroup, "Siti, pilihan Anda di voting V1 tidak terbaca")
	if !strings.Contains(got, "```/pilih 1 1```") || !strings.Contains(got, "```/pilih 1 2```") {
		t.Errorf("fallback lacks the lines to type: %q", got)
	}
	waDeliver(t, f, vote) // redelivered: answered once
	waDeliver(t, f, waText(waGroup, waBudiPN, "A4", "Budi", "/voting 1"))
	f.waitSent(t, waGroup, "Belum memilih: Budi, Siti")
	if n := f.count("tidak terbaca"); n != 1 {
		t.Errorf("answered %d times", n)
	}
	if n := countVotes(t, m.Store, "native"); n != 0 {
		t.Errorf("%d votes booked from an unlinked poll", n)
	}
}
