package handlers

import "kelompok/bot"

// memberJoin registers the sender: "/daftar" with the platform name, or
// "/daftar Siti Aminah" with the name the group knows them by.
func memberJoin(c *Ctx) error {
	if c.Me != nil {
		return bot.E("member.already", "Name", c.Me.Name)
	}
	if c.U.Sender.Ref == "" {
		return bot.E("error.anonymous")
	}
	name := cleanName(c.Raw)
	if name == "" {
		name = uniqueName(c, c.U.Sender.Name)
	}
	m, err := c.Tx.AddMember(c.Group.ID, c.U.Sender.Ref, name, c.U.Sender.Username, 0, c.U.Source)
	if err != nil {
		return err
	}
	c.Me = m
	members, err := c.Tx.Members(c.Group.ID)
	if err != nil {
		return err
	}
	c.Say("member.joined", "Name", m.Name, "Count", len(members))
	if chair, err := bootstrapChair(c); err != nil {
		return err
	} else if chair {
		c.Say("start.chair", "Name", m.Name)
	}
	return nil
}
