package handlers_test

import (
	"context"
	"strings"
	"testing"

	"kelompok/bot"
	"kelompok/storage"
)

// roleOf is who's office in the chat's group as the store knows it.
func (h *harness) roleOf(chat bot.ChatRef, who string) bot.Role {
	h.t.Helper()
	var role bot.Role
	h.tx(func(tx *storage.Tx) error {
		g, err := tx.GroupByChat(chat)
		if err != nil || g == nil {
			return err
		}
		m, err := tx.MemberByRef(g.ID, h.ref(who))
		if m != nil {
			role = m.Role
		}
		return err
	})
	return role
}

func TestStartAdminBecomesChair(t *testing.T) {
	h := newHarness(t)
	h.admin(chatA, "budi")
	h.expect(h.say(chatA, "budi", "/start"),
		h.want("id", "start.group", "Group", "Tani Makmur"),
		h.want("id", "start.chair", "Name", "Budi"))
	if r := h.roleOf(chatA, "budi"); r != bot.RoleChair {
		t.Errorf("budi is %q, want chair", r)
	}
	// A second admin's /start names no second chair.
	h.admin(chatA, "ani")
	h.expect(h.say(chatA, "ani", "/start"), h.want("id", "start.group", "Group", "Tani Makmur"))
	if r := h.roleOf(chatA, "ani"); r != "" {
		t.Errorf("ani became %q", r)
	}
	h.expect(h.say(chatA, "budi", "/pengurus"), "⭐ Pengurus\nketua: Budi (sejak 24/11/2026, sampai 24/11/2027)\nbendahara: (kosong)\nsekretaris: (kosong)")
}

func TestStartNonAdminInChairlessGroup(t *testing.T) {
	h := newHarness(t)
	h.expect(h.say(chatA, "siti", "/start"),
		h.want("id", "start.group", "Group", "Tani Makmur"),
		h.want("id", "start.need_admin"))
	if r := h.roleOf(chatA, "siti"); r != "" {
		t.Errorf("siti became %q", r)
	}
	// The platform's admin check is asked when the update does not say.
	h.router.SetAdminChecker("tg", func(_ context.Context, chat bot.ChatRef, user bot.UserRef) (bool, error) {
		return chat == chatA && user == h.ref("budi"), nil
	})
	h.expect(h.say(chatA, "budi", "/daftar"),
		h.want("id", "member.joined", "Name", "Budi", "Count", 1),
		h.want("id", "start.chair", "Name", "Budi"))
	if r := h.roleOf(chatA, "budi"); r != bot.RoleChair {
		t.Errorf("budi is %q, want chair", r)
	}
}

func TestJoin(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi")
	h.expect(h.say(chatA, "siti", "/daftar"), h.want("id", "member.joined", "Name", "Siti", "Count", 2))
	before := h.books()
	h.expect(h.say(chatA, "siti", "/daftar"), h.want("id", "member.already", "Name", "Siti"))
	h.expect(h.say(chatA, "siti", "/daftar Siti Aminah"), h.want("id", "member.already", "Name", "Siti"))
	// A name already taken (in any case) is refused.
	h.expect(h.say(chatA, "eko", "/daftar budi"), h.want("id", "member.name_taken", "Name", "budi"))
	if after := h.books(); after != before {
		t.Errorf("refused /daftar changed the books:\n%s\n%s", before, after)
	}
	h.expect(h.say(chatA, "eko", "/daftar   Eko   Prasetyo "), h.want("id", "member.joined", "Name", "Eko Prasetyo", "Count", 3))
	// The platform name is made unique with a number.
	h.names["siti2"] = "Siti"
	h.expect(h.say(chatA, "siti2", "/join"), h.want("id", "member.joined", "Name", "Siti 2", "Count", 4))
	// User text is escaped, never markup.
	h.expect(h.say(chatA, "dodi", "/daftar <b>Dodi</b> & Co"), h.want("id", "member.joined", "Name", "<b>Dodi</b> & Co", "Count", 5))
	if r := h.last[0].Text; !strings.Contains(r, "&lt;b&gt;Dodi&lt;/b&gt; &amp; Co") {
		t.Errorf("name not escaped in %q", r)
	}
	h.expect(h.say(chatA, "budi", "/anggota"),
		"👥 Anggota (5)\n1. <b>Dodi</b> & Co\n2. Budi · ketua\n3. Eko Prasetyo\n4. Siti\n5. Siti 2")
}

func TestMemberAdd(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti")
	h.expect(h.say(chatA, "budi", "/anggota tambah Bu Sri"), h.want("id", "member.added", "Name", "Bu Sri", "By", "Budi"))
	before := h.books()
	h.expect(h.say(chatA, "siti", "/anggota tambah Pak Joko"),
		h.want("id", "error.not_allowed", "Command", "/anggota tambah", "Roles", "ketua, bendahara, sekretaris"))
	h.expect(h.say(chatA, "tono", "/anggota tambah Pak Joko"), h.want("id", "error.not_member"))
	h.expect(h.say(chatA, "budi", "/anggota tambah"), h.want("id", "member.add_usage"))
	h.expect(h.say(chatA, "budi", "/anggota tambah bu sri"), h.want("id", "member.name_taken", "Name", "bu sri"))
	if after := h.books(); after != before {
		t.Errorf("refused /anggota tambah changed the books:\n%s\n%s", before, after)
	}
	h.expect(h.say(chatA, "siti", "/anggota"), "👥 Anggota (3)\n1. Bu Sri (tanpa HP)\n2. Budi · ketua\n3. Siti")
	// The treasurer records money for the member without a phone.
	h.say(chatA, "budi", "/pengurus @siti bendahara")
	h.say(chatA, "siti", "/setor 5rb Bu Sri")
	if s := h.groupSavings(chatA); s.Confirmed != 5000 {
		t.Errorf("group savings %+v, want 5000 for Bu Sri", s)
	}
}

func TestOfficerAssign(t *testing.T) {
	h := newHarness(t)
	h.group(chatA, "budi", "siti", "eko")
	h.expect(h.say(chatA, "budi", "/pengurus @siti bendahara"),
		h.want("id", "officer.assigned", "Name", "Siti", "Role", "bendahara", "By", "Budi"))
	h.expect(h.say(chatA, "budi", "/pengurus @siti treasurer"), h.want("id", "officer.already", "Name", "Siti", "Role", "bendahara"))
	h.expect(h.say(chatA, "budi", "/pengurus siti"), h.want("id", "officer.usage"))
	h.expect(h.say(chatA, "budi", "/pengurus @nobody sekretaris"), h.want("id", "member.not_found", "Name", "@nobody"))
	// One person, one office: siti moves from treasurer to secretary.
	h.expect(h.say(chatA, "budi", "/pengurus @siti sekretaris"),
		h.want("id", "officer.assigned", "Name", "Siti", "Role", "sekretaris", "By", "Budi"))
	h.expect(h.say(chatA, "eko", "/pengurus"), "⭐ Pengurus\nketua: Budi (sejak 24/11/2026, sampai 24/11/2027)\nbendahara: (kosong)\nsekretaris: Siti (sejak 24/11/2026, sampai 24/11/2027)")
	// Handing over the chair: the old chair becomes a plain member.
	h.say(chatA, "budi", "/pengurus @eko ketua")
	if r := h.roleOf(chatA, "budi"); r != bot.RoleMember {
		t.Errorf("old chair is %q", r)
	}
	h.expect(h.say(chatA, "budi", "/pengurus @budi ketua"),
		h.want("id", "error.not_allowed", "Command", "/pengurus", "Roles", "ketua"))
}
