package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/locales"
	"kelompok/storage"
)

// officerAssign lists the officers, or by the chair names one:
// "/pengurus @siti bendahara".
func officerAssign(c *Ctx) error {
	if len(c.Args) == 0 {
		return officerList(c)
	}
	if c.Me == nil {
		return bot.E("error.not_member")
	}
	if a := strings.ToLower(c.Args[0]); a == "usul" || a == "propose" || a == "pilih" || a == "elect" {
		return officerPropose(c)
	}
	if c.Me.Role != bot.RoleChair {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("pengurus")), "Roles", c.roleNames([]bot.Role{bot.RoleChair}))
	}
	if len(c.Args) < 2 {
		return bot.E("officer.usage")
	}
	role, target, err := c.officerArgs(c.Args)
	if err != nil {
		return err
	}
	if err := c.Tx.AssignRole(c.Group.ID, role, target.ID, c.Me.ID, c.U.Source); err != nil {
		return err
	}
	c.Say("officer.assigned", "Name", target.Name, "Role", c.T("role."+string(role)), "By", c.Me.Name)
	return nil
}

// officerArgs reads "@siti bendahara": the office (the last word) and the
// member to hold it, who must not hold it already.
func (c *Ctx) officerArgs(args []string) (bot.Role, *storage.Member, error) {
	roleWord := args[len(args)-1]
	role, ok := bot.ParseRole(strings.ToLower(roleWord))
	if !ok || role == bot.RoleMember {
		return "", nil, bot.E("officer.bad_role", "Role", roleWord)
	}
	target, err := c.otherMember(args[:len(args)-1])
	if err != nil {
		return "", nil, err
	}
	if target.Role == role {
		return "", nil, bot.E("officer.already", "Name", target.Name, "Role", c.T("role."+string(role)))
	}
	return role, target, nil
}

func officerList(c *Ctx) error {
	members, err := c.Tx.Members(c.Group.ID)
	if err != nil {
		return err
	}
	terms, err := c.termsByRole()
	if err != nil {
		return err
	}
	var lines []string
	for _, role := range []bot.Role{bot.RoleChair, bot.RoleTreasurer, bot.RoleSecretary} {
		var name any = locales.Raw(c.T("officer.vacant"))
		for _, m := range members {
			if m.Role == role {
				name = m.Name // user text: escaped when rendered
			}
		}
		if t, ok := terms[role]; ok {
			lines = append(lines, c.termLine(role, name, t))
			continue
		}
		lines = append(lines, c.T("officer.line", "Role", locales.Raw(c.T("role."+string(role))), "Name", name))
	}
	c.Say("officer.list", "Lines", locales.Raw(strings.Join(lines, "\n")))
	return nil
}
