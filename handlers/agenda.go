package handlers

import (
	"strings"
	"unicode/utf8"

	"kelompok/bot"
	"kelompok/locales"
)

// Longest agenda item and note, in characters: a line people can read aloud.
const (
	maxAgendaLen = 200
	maxNoteLen   = 300
)

var agendaOfficers = []bot.Role{bot.RoleSecretary, bot.RoleChair}

// note tidies free text and refuses it if longer than max characters:
// text is never cut without telling.
func (c *Ctx) note(s string, max int) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		return "", bot.E("agenda.too_long", "Max", max)
	}
	return s, nil
}

// agendaAdd: "/agenda TEXT" adds an item (to the open meeting, or waiting
// for the next); "/agenda" lists the current items.
func agendaAdd(c *Ctx) error {
	if strings.TrimSpace(c.Raw) == "" {
		return agendaList(c)
	}
	// Items go into the minutes for good: the secretary (or chair) keeps
	// the agenda; members ask them.
	if c.Me == nil {
		return bot.E("error.not_member")
	}
	if !c.hasRole(agendaOfficers...) {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("agenda"))+" …", "Roles", c.roleNames(agendaOfficers))
	}
	text, err := c.note(c.Raw, maxAgendaLen)
	if err != nil {
		return err
	}
	m, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil {
		return err
	}
	var meetingID int64
	if m != nil {
		meetingID = m.ID
	}
	it, err := c.Tx.AddAgendaItem(c.Group.ID, meetingID, text, c.Me.ID, c.U.Source)
	if err != nil {
		return err
	}
	if m == nil {
		c.Say("agenda.added_waiting", "No", it.No, "Text", it.Text)
		return nil
	}
	c.Say("agenda.added", "No", it.No, "Text", it.Text, "Meeting", m.No)
	return nil
}

func agendaList(c *Ctx) error {
	meetingID, err := c.openMeetingID()
	if err != nil {
		return err
	}
	items, err := c.Tx.CurrentAgenda(c.Group.ID, meetingID)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		c.Say("agenda.empty")
		return nil
	}
	var lines []string
	for _, it := range items {
		lines = append(lines, c.T("minutes.agenda_item", "No", it.No, "Text", it.Text))
		if len(it.Discussed) > 0 {
			lines = append(lines, c.T("minutes.discussed", "Text", strings.Join(it.Discussed, "; ")))
		}
		if len(it.Decisions) > 0 {
			lines = append(lines, c.T("minutes.decided", "Text", strings.Join(it.Decisions, "; ")))
		}
	}
	c.Say("agenda.list", "Count", len(items), "Lines", locales.Raw(strings.Join(lines, "\n")))
	return nil
}

// agendaDiscuss: "/bahas N catatan" records what was said about item N.
func agendaDiscuss(c *Ctx) error { return agendaNote(c, "discussed") }

// agendaDecide: "/putuskan N TEXT" records the decision on item N.
func agendaDecide(c *Ctx) error { return agendaNote(c, "decided") }

func agendaNote(c *Ctx, kind string) error {
	usage := "agenda.discuss_usage"
	if kind == "decided" {
		usage = "agenda.decide_usage"
	}
	if len(c.Args) < 2 {
		return bot.E(usage)
	}
	no, err := parseEntryNo(c.Args[0])
	if err != nil {
		return bot.E("agenda.bad_number", "Input", c.Args[0])
	}
	text, err := c.note(strings.Join(c.Args[1:], " "), maxNoteLen)
	if err != nil {
		return err
	}
	it, err := c.Tx.AgendaItemByNo(c.Group.ID, no)
	if err != nil {
		return err
	}
	if it == nil {
		return bot.E("agenda.not_found", "No", no)
	}
	open, err := c.Tx.OpenMeeting(c.Group.ID)
	if err != nil {
		return err
	}
	if open == nil {
		return bot.E("agenda.no_meeting")
	}
	if it.MeetingID != 0 && it.MeetingID != open.ID {
		return bot.E("agenda.closed_item", "No", no)
	}
	if err := c.Tx.AddAgendaNote(it.ID, kind, text, c.Me.ID, c.U.Source); err != nil {
		return err
	}
	key := "agenda.discussed"
	if kind == "decided" {
		key = "agenda.decided"
	}
	c.Say(key, "No", it.No, "Item", it.Text, "Text", text)
	return nil
}
