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
