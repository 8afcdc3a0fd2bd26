package handlers_test

import (
	"sort"
	"strings"
	"testing"

	"kelompok/bot"
	"kelompok/handlers"
)

// A privileged use of a command: what to type, and the answer a plain
// member gets (key and arguments). An officer of another group who is no
// member here is always told error.not_member.
type privileged struct {
	text string
	key  string
	kv   []any
}

// roleMatrix lists, for each command of the command list that has Roles
// or a privileged use, every privileged use, with the answers in lang.
// Commands open to every member are in openCommands. A command in neither
// fails TestRoleMatrix.
func roleMatrix(h *harness, lang string) map[string][]privileged {
	// How the bot writes a command and a list of offices in lang.
	cmd := func(name, suffix string) string {
		for _, c := range handlers.CommandList() {
			if c.Name == name && lang == "en" && len(c.Aliases) > 0 {
				name = c.Aliases[0]
			}
		}
		return "/" + name + suffix
	}
	roles := func(rs ...bot.Role) string {
		names := make([]string, len(rs))
		for i, r := range rs {
			names[i] = h.cat.T(lang, "role."+string(r), nil)
		}
		return strings.Join(names, ", ")
	}
	chair, treasurer, secretary := bot.RoleChair, bot.RoleTreasurer, bot.RoleSecretary
	money := roles(treasurer, chair)
	decide := roles(chair, treasurer)
	meeting := roles(chair, secretary)
	agenda := roles(secretary, chair)
	notAllowed := func(text, command, roles string) privileged {
		return privileged{text: text, key: "error.not_allowed", kv: []any{"Command", command, "Roles", roles}}
	}
	forOther := func(text string) privileged {
		return privileged{text: text, key: "deposit.for_other_not_allowed", kv: []any{"Roles", money}}
	}
	attendance := func(text string) privileged {
		return privileged{text: text, key: "attendance.for_other_not_allowed", kv: []any{"Roles", agenda}}
	}
	add := map[string]string{"id": " tambah", "en": " add"}[lang]
	return map[string][]privileged{
		"setor":  {forOther("/setor 5000 @ani")},
		"tarik":  {forOther("/tarik 1000 @ani")},
		"sosial": {forOther("/sosial 1000 @ani")},
		"bank": {notAllowed("/bank setor 1000", cmd("bank", ""), money), notAllowed("/bank tarik 1000", cmd("bank", ""), money),
			notAllowed("/bank bunga 10", cmd("bank", ""), money), notAllowed("/bank biaya 10", cmd("bank", ""), money)},
		"hadir":       {attendance("/hadir @ani"), attendance("/hadir @ani terlambat")},
		"izin":        {attendance("/izin @ani sakit")},
		"agenda":      {notAllowed("/agenda beli pakan", cmd("agenda", " …"), agenda)},
		"bahas":       {notAllowed("/bahas 1 sudah dibahas", cmd("bahas", ""), agenda)},
		"putuskan":    {notAllowed("/putuskan 1 setuju", cmd("putuskan", ""), agenda)},
		"ralat":       {notAllowed("/ralat 1 salah nama", cmd("ralat", ""), agenda)},
		"denda":       {notAllowed("/denda @ani 1000 terlambat", cmd("denda", ""), money), forOther("/denda bayar 1000 @ani")},
		"pemasukan":   {notAllowed("/pemasukan 1000 jual ayam", cmd("pemasukan", ""), money)},
		"pengeluaran": {notAllowed("/pengeluaran 1000 pakan", cmd("pengeluaran", ""), money)},
		"setujui":     {notAllowed("/setujui P1", cmd("setujui", ""), decide)},
		"cairkan":     {notAllowed("/cairkan P1", cmd("cairkan", ""), money)},
		"bayar":       {{text: "/bayar 1000 P1", key: "loan.repay_officer", kv: []any{"Roles", money}}},
		"bagihasil":   {notAllowed("/bagihasil setuju", cmd("bagihasil", " setuju"), decide)},
		"terima":      {notAllowed("/terima 1", cmd("terima", ""), decide)},
		"tolak":       {notAllowed("/tolak 1", cmd("tolak", ""), decide), notAllowed("/tolak P1", cmd("tolak", ""), decide)},
		"koreksi":     {notAllowed("/koreksi 1 salah", cmd("koreksi", ""), decide)},
		"pengurus":    {notAllowed("/pengurus @eko bendahara", cmd("pengurus", ""), roles(chair))},
		"bahasa":      {notAllowed("/bahasa en", cmd("bahasa", ""), roles(chair))},
		"rapat": {notAllowed("/rapat mulai", cmd("rapat", " mulai"), meeting), notAllowed("/rapat selesai", cmd("rapat", " selesai"), meeting),
			notAllowed("/rapat batal", cmd("rapat", " batal"), meeting)},
		"jadwal":  {notAllowed("/jadwal setiap Selasa 16:00", cmd("jadwal", ""), meeting)},
		"anggota": {notAllowed("/anggota tambah Mbah Karto", cmd("anggota", add), roles(chair, treasurer, secretary))},
		"saldo":   {{text: "/saldo @ani", key: "balance.other_not_allowed"}},
		"pengingat": {notAllowed("/pengingat rapat mati", cmd("pengingat", ""), roles(chair)),
			notAllowed("/pengingat ringkasan mati", cmd("pengingat", ""), roles(chair))},
		"aturan":      {notAllowed("/aturan ubah bunga 3%", cmd("aturan", " ubah"), roles(chair))},
		"voting":      {notAllowed("/voting Beli pakan? | Ya | Tidak", cmd("voting", ""), roles(chair, treasurer, secretary))},
		"tutupvoting": {{text: "/tutupvoting 1", key: "poll.close_not_allowed", kv: []any{"No", "V1", "Name", "Siti"}}},
		// Voting for a member without a phone is an officer's.
		"pilih": {{text: "/pilih 1 1 Mbah Karto", key: "poll.proxy_not_officer",
			kv: []any{"Name", "Mbah Karto", "Roles", roles(chair, treasurer, secretary)}}},
	}
}

// openCommands are for every member (or anyone): nothing in them is
// reserved to an office.
var openCommands = map[string]bool{"start": true, "bantuan": true, "daftar": true, "notulen": true, "pinjam": true,
	"pinjaman": true, "kas": true, "batal": true, "tunggu": true}

// TestRoleMatrix runs every privileged use of every command as a plain
// member of the group, as an officer of another group who is a plain
// member here, and as an officer of another group who is no member here:
// each is refused with the localized "not allowed" answer (or "not a
// member") and the books do not change.
func TestRoleMatrix(t *testing.T) {
	h := newHarness(t)
	// A: Budi chairs, Ani keeps the money, Siti is the secretary; Eko is a
	// plain member, and so is Joko, the treasurer of B. Dewi chairs B and
	// is no member of A.
	h.group(chatA, "budi", "ani", "siti", "eko", "joko")
	h.say(chatA, "budi", "/pengurus @ani bendahara")
	h.say(chatA, "budi", "/pengurus @siti sekretaris")
	h.group(chatB, "dewi", "joko")
	h.say(chatB, "dewi", "/pengurus @joko bendahara")
	h.say(chatB, "dewi", "/pengurus @eko sekretaris")
	// Books for the commands to reach: entries, a loan waiting, an agenda
	// item, closed minutes, an open meeting.
	h.say(chatA, "ani", "/setor 100000 @eko")    // #1
	h.say(chatA, "ani", "/setor 100000 @joko")   // #2
	h.say(chatA, "eko", "/setor 5000")           // #3, pending
	h.say(chatA, "ani", "/pemasukan 5000 telur") // #4
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/agenda beli bibit")
	h.say(chatA, "budi", "/rapat selesai")
	h.say(chatA, "eko", "/pinjam 50000 2") // P1
	h.say(chatA, "budi", "/anggota tambah Mbah Karto")
	h.say(chatA, "siti", "/voting Arisan? | Ya | Tidak") // V1
	h.say(chatA, "budi", "/rapat mulai")
	h.say(chatA, "siti", "/agenda beli pakan")

	// In Indonesian, then in English: the answers are the group's language.
	for _, lang := range []string{"id", "en"} {
		if lang == "en" {
			h.say(chatA, "budi", "/bahasa en")
		}
		matrix := roleMatrix(h, lang)
		for _, c := range handlers.CommandList() {
			rows, ok := matrix[c.Name]
			switch {
			case !ok && len(c.Roles) > 0:
				t.Errorf("/%s has Roles %v but no row in the role matrix", c.Name, c.Roles)
				continue
			case !ok && !openCommands[c.Name]:
				t.Errorf("/%s is neither in the role matrix nor among the open commands: say who may use it", c.Name)
				continue
			case ok && openCommands[c.Name]:
				t.Errorf("/%s is both privileged and open", c.Name)
			}
			for _, p := range rows {
				for _, who := range []string{"eko", "joko", "dewi"} {
					want := h.want(lang, p.key, p.kv...)
					if who == "dewi" {
						want = h.want(lang, "error.not_member")
					}
					before := h.books()
					got := h.say(chatA, who, p.text)
					if strings.Join(got, "\n") != want {
						t.Errorf("%s: %s by %s: %q, want %q", lang, p.text, who, got, want)
					}
					if after := h.books(); after != before {
						t.Errorf("%s: %s by %s changed the books:\n%s\n%s", lang, p.text, who, before, after)
					}
				}
			}
		}
	}
	matrix := roleMatrix(h, "id")
	var names []string
	for _, c := range handlers.CommandList() {
		names = append(names, c.Name)
	}
	// Rows for commands that are gone fail too.
	sort.Strings(names)
	for name := range matrix {
		if i := sort.SearchStrings(names, name); i == len(names) || names[i] != name {
			t.Errorf("the role matrix has a row for /%s, which is not in the command list", name)
		}
	}
	// The same commands by the officers themselves are not refused as
	// "not allowed": the matrix tests the roles, not a broken command.
	h.say(chatA, "budi", "/bahasa id")
	for _, c := range []struct{ who, text string }{{"ani", "/setor 5000 @eko"}, {"budi", "/setujui P1"}, {"ani", "/bayar 1000 P1"},
		{"siti", "/hadir @eko"}, {"ani", "/koreksi 4 salah"}, {"budi", "/pengurus @eko sekretaris"}} {
		got := strings.Join(h.say(chatA, c.who, c.text), "\n")
		if strings.Contains(got, "🔒") || got == h.want("id", "error.not_member") {
			t.Errorf("%s by %s was refused: %s", c.text, c.who, got)
		}
	}
}
