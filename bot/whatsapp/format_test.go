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
		// Markers in text (names, notes) do not format; in code, and
		// between letters, they stay as typed.
		{"✅ Selamat datang, <b>Siti *Ani*</b>!", "✅ Selamat datang, *Siti \u2060*Ani\u2060**!"},
		{"setoran _Ani_ <b>Rp5.000</b> oleh Budi~", "setoran \u2060_Ani\u2060_ *Rp5.000* oleh Budi\u2060~"},
		{"catatan: `x` ~coret~", "catatan: \u2060`x\u2060` \u2060~coret\u2060~"},
		{"denda_telat <code>/aturan ubah denda_telat *1000*</code>", "denda_telat ```/aturan ubah denda_telat *1000*```"},
	} {
		if got := Format(c.in); got != c.want {
			t.Errorf("Format(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzFormat: any markup gives valid UTF-8 without tags of ours, and the
// letters and digits of the text survive in order.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{"", "<b>x</b>", "a &amp; b", "<i><b>y</i></b>", "<code>/terima 5</code>", "<b> </b>", "&lt;b&gt;", "<a href=x>y</a>", "💰 <b>Rp1.000</b>\n<i>ok</i>", "<b>Siti *Ani*</b>", "_a_ ~b~ `c` d_e", "<code>x_*y</code>"} {
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
		// Line ends are normalised to \n, as HTML reads them; markers get
		// a word joiner before them.
		norm := strings.NewReplacer("\r\n", "\n", "\r", "\n", "\x00", "\uFFFD").Replace(in)
		bare := strings.ReplaceAll(out, wordJoiner, "")
		if !strings.ContainsAny(in, "<&") && bare != strings.ReplaceAll(norm, wordJoiner, "") &&
			bare != strings.ReplaceAll(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(in), wordJoiner, "") {
			t.Fatalf("text without markup changed: %q -> %q", in, out)
		}
		// Text without markup formats nothing: every marker that could
		// open or close has a word joiner before it.
		if !strings.ContainsAny(in, "<&") {
			rs := []rune(out)
			for i, r := range rs {
				if strings.ContainsRune("*_~`", r) && (i == 0 || string(rs[i-1]) != wordJoiner) &&
					!(i > 0 && i+1 < len(rs) && alnum(rs[i-1]) && alnum(rs[i+1])) {
					t.Fatalf("marker %q at %d left active in %q (from %q)", r, i, out, in)
				}
			}
		}
		for _, tag := range []string{"<b>", "</b>", "<i>", "</i>", "<code>", "</code>"} {
			if strings.Contains(out, tag) && !strings.Contains(in, "&") {
				t.Fatalf("tag %s left in %q (from %q)", tag, out, in)
			}
		}
	})
}
