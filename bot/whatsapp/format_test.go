package whatsapp

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFormat(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{"<b>Rp5.000</b> diterima", "*Rp5.000* diterima"},
		{"<i>catatan</i>", "_catatan_"},
		{"ketik <code>/terima 5</code>", "ketik ```/terima 5```"},
		{"<pre>a\nb</pre>", "```a\nb```"},
		{"<b>Laporan <i>#5</i></b>", "*Laporan _#5_*"},
		{"Tom &amp; Jerry &lt;3 &gt;", "Tom & Jerry <3 >"},
		{"<b> Rp5.000 </b>!", " *Rp5.000* !"},
		{"<b></b>x", "x"},
		{"<b>  </b>x", "  x"},
		{`<a href="https://x.id/a">panduan</a>`, "panduan (https://x.id/a)"},
		{`<a href="https://x.id">https://x.id</a>`, "https://x.id"},
		{"<b>tidak ditutup", "tidak ditutup"},
		{"stray </b> end", "stray  end"},
		{"<b>a <i>b</b> c", "*a b* c"},
		{"🕓 Laporan <b>#12</b>: setoran Budi <b>Rp5.000</b>\nTabungan", "🕓 Laporan *#12*: setoran Budi *Rp5.000*\nTabungan"},
		{"baris<br>baru", "baris\nbaru"},
	} {
		if got := Format(c.in); got != c.want {
			t.Errorf("Format(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzFormat: any markup gives valid UTF-8 without tags of ours, and the
// letters and digits of the text survive in order.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{"", "<b>x</b>", "a &amp; b", "<i><b>y</i></b>", "<code>/terima 5</code>", "<b> </b>", "&lt;b&gt;", "<a href=x>y</a>", "💰 <b>Rp1.000</b>\n<i>ok</i>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return
		}
		out := Format(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q", in)
		}
		// Line ends are normalised to \n, as HTML reads them.
		norm := strings.NewReplacer("\r\n", "\n", "\r", "\n", "\x00", "\uFFFD").Replace(in)
		if !strings.ContainsAny(in, "<&") && out != norm && out != strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(in) {
			t.Fatalf("text without markup changed: %q -> %q", in, out)
		}
		for _, tag := range []string{"<b>", "</b>", "<i>", "</i>", "<code>", "</code>"} {
			if strings.Contains(out, tag) && !strings.Contains(in, "&") {
				t.Fatalf("tag %s left in %q (from %q)", tag, out, in)
			}
		}
	})
}
