package handlers

import (
	"strings"

	"kelompok/bot"
	"kelompok/bot/ledger"
	"kelompok/locales"
)

// start greets: in a group it opens the book and names the first chair;
// in a private chat it explains how to add the bot and lists the person's
// groups with their balances.
func start(c *Ctx) error {
	if c.U.Private {
		return startPrivate(c)
	}
	return greetGroup(c)
}

// greetGroup names the group's first chair if it may (bootstrapChair) and
// says the book is open, and who is chair or that an administrator must
// name one.
func greetGroup(c *Ctx) error {
	chair, err := bootstrapChair(c)
	if err != nil {
		return err
	}
	c.Say("start.group", "Group", c.Group.Title)
	if chair {
		c.Say("start.chair", "Name", c.Me.Name)
		return nil
	}
	if had, err := c.Tx.EverHadChair(c.Group.ID); err != nil {
		return err
	} else if !had {
		c.Say("start.need_admin")
	}
	return nil
}

// bootstrapChair makes the sender the group's first chair when the group
// has none and the platform says the sender administers the chat (or added
// the bot). It registers the sender as a member if needed.
func bootstrapChair(c *Ctx) (bool, error) {
	if !c.U.SenderIsAdmin || c.U.Sender.Ref == "" {
		return false, nil
	}
	// A database error is an error, not "the group has a chair": the
	// update is then delivered again rather than handled without one.
	if had, err := c.Tx.EverHadChair(c.Group.ID); err != nil || had {
		return false, err
	}
	if c.Me == nil {
		m, err := c.Tx.AddMember(c.Group.ID, c.U.Sender.Ref, uniqueName(c, c.U.Sender.Name), c.U.Sender.Username, 0, c.U.Source)
		if err != nil {
			return false, err
		}
		c.Me = m
	}
	if err := c.Tx.AssignRole(c.Group.ID, bot.RoleChair, c.Me.ID, 0, c.U.Source); err != nil {
		return false, err
	}
	c.Me.Role = bot.RoleChair
	return true, nil
}

// uniqueName returns name, or name with a number when another member of
// the group already has it.
func uniqueName(c *Ctx, name string) string {
	name = cleanName(name)
	if name == "" {
		name = "Anggota"
	}
	try := name
	for i := 2; i < 100; i++ {
		m, err := c.Tx.FindMember(c.Group.ID, try)
		if err != nil || m == nil {
			return try
		}
		try = name + " " + itoa(i)
	}
	return try
}

func startPrivate(c *Ctx) error {
	c.Say("start.private")
	ids, err := c.Tx.GroupsOfUser(c.U.Sender.Ref)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		c.Say("start.private_no_groups")
		return nil
	}
	var lines []string
	for _, id := range ids {
		g, err := c.Tx.GroupByID(id)
		if err != nil {
			return err
		}
		m, err := c.Tx.MemberByRef(id, c.U.Sender.Ref)
		if err != nil || m == nil {
			return err
		}
		tot, err := c.Tx.MemberTotals(id, m.ID)
		if err != nil {
			return err
		}
		s, err := ledger.SavingsOf(tot)
		if err != nil {
			return err
		}
		lines = append(lines, c.T("start.private_group_line", "Group", g.Title, "Confirmed", s.Confirmed, "Pending", s.Pending))
	}
	c.Say("start.private_groups", "Lines", locales.Raw(strings.Join(lines, "\n")))
	return nil
}

// help lists the commands with one line each.
func help(c *Ctx) error {
	var lines []string
	for _, cmd := range commands {
		if cmd.Help == "" || cmd.Name == "start" {
			continue
		}
		lines = append(lines, c.T(cmd.Help))
	}
	c.Say("help.intro", "Lines", locales.Raw(strings.Join(lines, "\n")))
	return nil
}

// botAdded opens (or reopens) the book when the bot joins a group; the one
// who added it becomes the first chair.
func botAdded(c *Ctx) error {
	g, err := c.Tx.GroupByChat(c.U.Chat)
	if err != nil {
		return err
	}
	if g == nil {
		if g, err = c.Tx.CreateGroup(c.U.Chat, titleOr(c.U.ChatTitle)); err != nil {
			return err
		}
	}
	c.Group = g
	if err := c.Tx.GroupEvent(g.ID, "added", c.U.Chat, c.U.Sender.Ref); err != nil {
		return err
	}
	if c.U.Sender.Ref != "" {
		if c.Me, err = c.Tx.MemberByRef(g.ID, c.U.Sender.Ref); err != nil {
			return err
		}
	}
	// SenderIsAdmin comes from the platform (checked before the transaction):
	// a member who may add bots is not thereby the chair.
	c.U.MessageID = ""
	return greetGroup(c)
}

// botRemoved notes that the bot left; the book stays as it is.
func botRemoved(c *Ctx) error {
	g, err := c.Tx.GroupByChat(c.U.Chat)
	if err != nil || g == nil {
		return err
	}
	return c.Tx.GroupEvent(g.ID, "removed", c.U.Chat, c.U.Sender.Ref)
}
