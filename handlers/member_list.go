package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/locales"
)

// memberList shows the members with their offices, or with
// "/anggota tambah NAMA" lets an officer add a member who has no phone.
func memberList(c *Ctx) error {
	if len(c.Args) > 0 && (c.Args[0] == "tambah" || c.Args[0] == "add") {
		return memberAdd(c, strings.Join(c.Args[1:], " "))
	}
	members, err := c.Tx.Members(c.Group.ID)
	if err != nil {
		return err
	}
	if len(members) == 0 {
		c.Say("member.none")
		return nil
	}
	lines := make([]string, len(members))
	for i, m := range members {
		role := ""
		if m.Role != bot.RoleMember {
			role = c.T("role." + string(m.Role))
		}
		phone := ""
		if m.Ref == "" {
			phone = c.T("member.no_phone")
		}
		lines[i] = c.T("member.line", "N", i+1, "Name", m.Name, "Role", role, "NoPhone", phone)
	}
	c.Say("member.list", "Count", len(members), "Lines", locales.Raw(strings.Join(lines, "\n")))
	return nil
}

func memberAdd(c *Ctx, name string) error {
	if c.Me == nil {
		return bot.E("error.not_member")
	}
	if !c.Me.Role.Officer() {
		add := " tambah"
		if c.Lang() == "en" {
			add = " add"
		}
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("anggota"))+add, "Roles", c.roleNames(officers))
	}
	name = cleanName(name)
	if name == "" {
		return bot.E("member.add_usage")
	}
	m, err := c.Tx.AddMember(c.Group.ID, "", name, "", c.Me.ID, c.U.Source)
	if err != nil {
		return err
	}
	c.Say("member.added", "Name", m.Name, "By", c.Me.Name)
	return nil
}
