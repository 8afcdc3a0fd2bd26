package handlers

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kelompok/bot"
	"kelompok/locales"
	"kelompok/storage"
)

// pollCommand: "/voting Pertanyaan? | pilihan 1 | pilihan 2" by an officer
// puts a question to the group; "/voting" lists the open polls; "/voting 3"
// shows poll 3: who voted what, and who has not voted yet.
func pollCommand(c *Ctx) error {
	if len(c.Args) == 0 {
		return pollList(c)
	}
	if len(c.Args) == 1 && !strings.Contains(c.Raw, "|") && isPollNo(c.Args[0]) {
		p, err := c.pollArg(c.Args[0])
		if err != nil {
			return err
		}
		return pollShow(c, p)
	}
	if c.Me == nil {
		return bot.E("error.not_member")
	}
	if !c.Me.Role.Officer() {
		return bot.E("error.not_allowed", "Command", c.commandName(lookup("voting")), "Roles", c.roleNames(officers))
	}
	raw, after, err := closeAfter(c.Raw)
	if err != nil {
		return err
	}
	question, options, err := ParsePoll(raw)
	if err != nil {
		return err
	}
	p := &storage.Poll{Kind: storage.PollPlain, Question: question, Options: options}
	if after > 0 {
		p.ClosesAt = c.Tx.Now().Add(after)
	}
	_, err = c.openPoll(p)
	return err
}

// closeAfterRE is a last part "tutup 2 hari" / "closes in 3 hours": when
// the poll closes, instead of the rules' poll_hours.
var closeAfterRE = regexp.MustCompile(`(?i)^(?:tutup|ditutup|close|closes)(?:\s+(?:dalam|in))?\s+([0-9]+)\s*(jam|hari|minggu|hours?|days?|weeks?)$`)

// closeAfter takes a closing time off the end of "/voting Q? | a | b |
// tutup 2 hari": the rest of the text and how long the poll stays open (0:
// none given). A closing time outside 1 hour to 30 days is refused.
func closeAfter(raw string) (string, time.Duration, error) {
	i := strings.LastIndex(raw, "|")
	if i < 0 {
		return raw, 0, nil
	}
	m := closeAfterRE.FindStringSubmatch(strings.Join(strings.Fields(raw[i+1:]), " "))
	if m == nil {
		return raw, 0, nil
	}
	n, err := strconv.Atoi(m[1])
	unit := 7 * 24 * time.Hour // minggu, week(s)
	switch u := strings.ToLower(m[2]); {
	case u == "jam" || strings.HasPrefix(u, "hour"):
		unit = time.Hour
	case u == "hari" || strings.HasPrefix(u, "day"):
		unit = 24 * time.Hour
	}
	d := time.Duration(n) * unit
	if err != nil || n <= 0 || n > 24*30 || d < time.Hour || d > 30*24*time.Hour {
		return "", 0, bot.E("poll.close_after_bad", "Input", strings.TrimSpace(raw[i+1:]))
	}
	return raw[:i], d, nil
}

// ParsePoll reads "question | option | option ..." with Telegram's limits,
// which the core applies on every platform. Errors are *bot.Error.
func ParsePoll(raw string) (string, []string, error) {
	parts := strings.Split(raw, "|")
	for i := range parts {
		parts[i] = strings.Join(strings.Fields(parts[i]), " ")
	}
	question := parts[0]
	var options []string
	for _, o := range parts[1:] {
		if o != "" {
			options = append(options, o)
		}
	}
	switch {
	case question == "":
		return "", nil, bot.E("poll.usage")
	case utf8.RuneCountInString(question) > bot.PollQuestionMax:
		return "", nil, bot.E("poll.question_too_long", "Max", bot.PollQuestionMax)
	case len(options) < bot.PollMinOptions || len(options) > bot.PollMaxOptions:
		return "", nil, bot.E("poll.option_count", "Count", len(options), "Min", bot.PollMinOptions, "Max", bot.PollMaxOptions)
	}
	seen := map[string]bool{}
	for _, o := range options {
		if utf8.RuneCountInString(o) > bot.PollOptionMax {
			return "", nil, bot.E("poll.option_too_long", "Option", o, "Max", bot.PollOptionMax)
		}
		if seen[strings.ToLower(o)] {
			return "", nil, bot.E("poll.option_twice", "Option", o)
		}
		seen[strings.ToLower(o)] = true
	}
	return question, options, nil
}

// openPoll records a poll with the quorum, majority and duration of the
// rules in force, and queues its announcement and the poll itself.
func (c *Ctx) openPoll(p *storage.Poll) (*storage.Poll, error) {
	r := c.Group.Rules
	mid, err := c.openMeetingID()
	if err != nil {
		return nil, err
	}
	p.GroupID, p.QuorumPct, p.MajorityPct = c.Group.ID, r.QuorumPct, r.MajorityPct
	p.OpenedBy, p.MeetingID, p.Source = c.Me.ID, mid, c.U.Source
	if p.ClosesAt.IsZero() {
		p.ClosesAt = c.Tx.Now().Add(time.Duration(r.PollHours) * time.Hour)
	}
	if err := c.Tx.AddPoll(p); err != nil {
		return nil, err
	}
	c.Say("poll.opened", "No", pollRef(p.No), "Num", p.No, "By", c.Me.Name, "Question", p.Question, "Closes", c.when(p.ClosesAt),
		"Quorum", p.QuorumPct, "Majority", locales.Raw(c.majorityText(p.MajorityPct)))
	lines := ballotLines(c.r.loc, c.Lang(), p)
	c.out = append(c.out, bot.Reply{Chat: c.Group.Chat, ReplyTo: c.U.MessageID,
		Text: c.T("poll.text_ballot", "No", pollRef(p.No), "Question", p.Question, "Lines", locales.Raw(strings.Join(lines, "\n"))),
		Poll: &bot.Poll{Key: strconv.FormatInt(p.ID, 10), Question: p.Question, Options: p.Options}})
	return p, nil
}

// yesNo are the options of a binding poll: yes first (index 0 passes it).
func (c *Ctx) yesNo() []string { return []string{c.T("poll.yes"), c.T("poll.no")} }

// pollRef is how a poll is quoted: "V3".
func pollRef(no int64) string { return "V" + strconv.FormatInt(no, 10) }

// parsePollNo reads a poll number as people quote it: "3", "V3", "#V3".
func parsePollNo(s string) (int64, error) {
	return strconv.ParseInt(strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(s, "#"), "V"), "v"), 10, 64)
}

// isPollNo tells a poll number ("3", "V3") from a question.
func isPollNo(s string) bool {
	_, err := parsePollNo(s)
	return err == nil
}

// pollArg finds the poll an argument names ("3" or "V3") in this group.
func (c *Ctx) pollArg(s string) (*storage.Poll, error) {
	no, err := parsePollNo(s)
	if err != nil || no <= 0 {
		return nil, bot.E("poll.bad_number", "Input", s)
	}
	p, err := c.Tx.PollByNo(c.Group.ID, no)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, bot.E("poll.not_found", "No", pollRef(no))
	}
	return p, nil
}

func pollList(c *Ctx) error {
	ps, err := c.Tx.OpenPolls(c.Group.ID)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		c.Say("poll.none_open")
		return nil
	}
	var lines []string
	for _, p := range ps {
		lines = append(lines, c.T("poll.list_line", "No", pollRef(p.No), "Question", p.Question, "Closes", c.when(p.ClosesAt)))
	}
	c.Say("poll.list", "Lines", locales.Raw(strings.Join(lines, "\n")))
	return nil
}
