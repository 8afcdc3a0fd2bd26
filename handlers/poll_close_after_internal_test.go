package handlers

import (
	"testing"
	"time"

	"kelompok/bot"
)

func TestCloseAfter(t *testing.T) {
	for _, c := range []struct {
		in, rest string
		d        time.Duration
		bad      bool
	}{
		{"Beli? | Ya | Tidak", "Beli? | Ya | Tidak", 0, false},
		{"Beli? | Ya | Tidak | tutup 2 hari", "Beli? | Ya | Tidak ", 48 * time.Hour, false},
		{"Beli? | Ya | Tidak |tutup dalam 3 jam", "Beli? | Ya | Tidak ", 3 * time.Hour, false},
		{"Buy? | Yes | No | closes in 1 week", "Buy? | Yes | No ", 7 * 24 * time.Hour, false},
		{"Buy? | Yes | No | Closes 6 hours", "Buy? | Yes | No ", 6 * time.Hour, false},
		{"Beli? | Ya | Tidak | tutup 1 minggu", "Beli? | Ya | Tidak ", 7 * 24 * time.Hour, false},
		// An option that merely starts with the word stays an option.
		{"Jam berapa? | tutup toko | buka", "Jam berapa? | tutup toko | buka", 0, false},
		{"Beli? | Ya | Tidak | tutup 0 jam", "", 0, true},
		{"Beli? | Ya | Tidak | tutup 31 hari", "", 0, true},
		{"Beli? | Ya | Tidak | tutup 5 minggu", "", 0, true},
		{"Beli? | Ya | Tidak | tutup 99999999999999999999 jam", "", 0, true},
	} {
		rest, d, err := closeAfter(c.in)
		if c.bad {
			if be, ok := bot.AsError(err); !ok || be.Key != "poll.close_after_bad" {
				t.Errorf("%q: err %v, want poll.close_after_bad", c.in, err)
			}
			continue
		}
		if err != nil || rest != c.rest || d != c.d {
			t.Errorf("%q: %q %v %v; want %q %v", c.in, rest, d, err, c.rest, c.d)
		}
	}
}

// FuzzCloseAfter: never a panic; a closing time given is always within
// 1 hour to 30 days, and the text left is a prefix of the input.
func FuzzCloseAfter(f *testing.F) {
	for _, s := range []string{"Q? | a | b | tutup 2 hari", "Q? | a | b", "| tutup 9 jam", "x|closes in 1 week", "|tutup 720 jam"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rest, d, err := closeAfter(s)
		if err != nil {
			return
		}
		if d != 0 && (d < time.Hour || d > 30*24*time.Hour) {
			t.Fatalf("%q: closes after %v", s, d)
		}
		if len(rest) > len(s) || s[:len(rest)] != rest {
			t.Fatalf("%q: rest %q is not a prefix", s, rest)
		}
	})
}
