package whatsapp

import (
	"context"
	"testing"
)

// BenchmarkFormat converts a typical pending-report reply.
func BenchmarkFormat(b *testing.B) {
	in := "🕓 Laporan <b>#12</b>: setoran Siti Aminah <b>Rp5.000</b>, menunggu diterima bendahara.\nTabungan Siti Aminah: Rp15.000 (menunggu Rp5.000)\n👉 Bendahara: ketik <code>/terima 12</code> untuk menerima atau <code>/tolak 12</code> untuk menolak."
	for b.Loop() {
		Format(in)
	}
}

// BenchmarkConvert converts a group message from a LID sender whose phone
// number is in the LID map.
func BenchmarkConvert(b *testing.B) {
	c := conv(mapLIDs{budiLID: budiPN, sitiLID: sitiPN})
	e := textEvent(group, budiLID, "3EB0A1", "/setor 5000 @987654321098765")
	ctx := context.Background()
	for b.Loop() {
		c.Message(ctx, e)
	}
}

// BenchmarkVote reads one encrypted vote in a group poll: the secret from
// the session file (SQLite), AES-GCM decryption, the option hashes, the
// voter's stable id.
func BenchmarkVote(b *testing.B) {
	botCli, voters := pollClients(b, budiPN)
	opts := []string{"Beli pakan", "Tunda", "Tidak"}
	poll, err := NewPoll(botCli, "Beli 3 karung pakan?", opts, 1)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if err := botCli.Store.MsgSecrets.PutMessageSecret(ctx, group, botPN, "3EB0POLL", poll.GetMessageContextInfo().GetMessageSecret()); err != nil {
		b.Fatal(err)
	}
	receivePoll(b, voters[0], group, "3EB0POLL", poll)
	evt := voteEvent(b, voters[0], budiPN, group, "3EB0POLL", "V1", "Tunda")
	c := conv(mapLIDs{})
	lookup := func(context.Context, string) ([]string, bool, error) { return opts, true, nil }
	for b.Loop() {
		if u, err := c.Vote(ctx, botCli, evt, lookup); err != nil || len(u.Choices) != 1 {
			b.Fatal(u, err)
		}
	}
}
