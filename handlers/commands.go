package handlers

import (
	"strings"

	"kelompok/bot"
)

// Command is one chat command with its preconditions, checked centrally by
// the router before Run.
type Command struct {
	// Name is the Indonesian name; Aliases include the English one first.
	Name    string
	Aliases []string
	// Private: the command also works in a private chat with the bot.
	Private bool
	// Member: only registered members of the group may use it.
	Member bool
	// Roles, if set, are the only roles that may use it.
	Roles []bot.Role
	// AdminBootstrap: ask the platform whether the sender is a chat admin
	// (the first chair) before running it.
	AdminBootstrap bool
	// Help is the locale key of the one-line help; Menu puts it in the
	// platform's command menu.
	Help string
	Menu bool
	Run  func(c *Ctx) error
}

var officers = []bot.Role{bot.RoleChair, bot.RoleTreasurer, bot.RoleSecretary}

// commands is the one list of what the bot understands, in help order.
// It is filled in init because help, one of its commands, reads it.
var commands []*Command

var byName = map[string]*Command{}

func init() {
	commands = []*Command{
		{Name: "start", Aliases: []string{"mulai"}, Private: true, AdminBootstrap: true, Help: "help.start", Run: start},
		{Name: "bantuan", Aliases: []string{"help"}, Private: true, Help: "help.help", Menu: true, Run: help},
		{Name: "daftar", Aliases: []string{"join", "register"}, AdminBootstrap: true, Help: "help.join", Menu: true, Run: memberJoin},
		{Name: "anggota", Aliases: []string{"members"}, Help: "help.members", Menu: true, Run: memberList},
		{Name: "setor", Aliases: []string{"deposit", "simpan"}, Member: true, Help: "help.deposit", Menu: true, Run: depositRecord},
		{Name: "jadwal", Aliases: []string{"schedule"}, Help: "help.schedule", Menu: true, Run: scheduleSet},
		{Name: "rapat", Aliases: []string{"meeting"}, Member: true, Help: "help.meeting", Menu: true, Run: meetingCommand},
		{Name: "tarik", Aliases: []string{"withdraw"}, Member: true, Help: "help.withdraw", Menu: true, Run: withdrawalRecord},
		{Name: "sosial", Aliases: []string{"social"}, Member: true, Help: "help.social", Run: socialRecord},
		{Name: "bank", Member: true, Help: "help.bank", Run: bankRecord},
		{Name: "hadir", Aliases: []string{"present"}, Member: true, Help: "help.present", Menu: true, Run: attendanceMark},
		{Name: "izin", Aliases: []string{"excused"}, Member: true, Help: "help.excused", Menu: true, Run: attendanceExcuse},
		{Name: "agenda", Help: "help.agenda", Menu: true, Run: agendaAdd},
		{Name: "bahas", Aliases: []string{"discuss"}, Member: true, Roles: agendaOfficers, Help: "help.discuss", Run: agendaDiscuss},
		{Name: "putuskan", Aliases: []string{"decide"}, Member: true, Roles: agendaOfficers, Help: "help.decide", Run: agendaDecide},
		{Name: "denda", Aliases: []string{"fine"}, Member: true, Help: "help.fine", Menu: true, Run: fineCommand},
		{Name: "pemasukan", Aliases: []string{"income"}, Member: true, Roles: moneyOfficers, Help: "help.income", Run: incomeRecord},
		{Name: "pengeluaran", Aliases: []string{"expense"}, Member: true, Roles: moneyOfficers, Help: "help.expense", Run: expenseRecord},
		{Name: "notulen", Aliases: []string{"minutes"}, Help: "help.minutes", Menu: true, Run: minutesShow},
		{Name: "ralat", Aliases: []string{"amend"}, Member: true, Roles: agendaOfficers, Help: "help.amend", Run: minutesAmend},
		{Name: "pinjam", Aliases: []string{"loan", "borrow"}, Member: true, Help: "help.loan", Menu: true, Run: loanRequest},
		{Name: "setujui", Aliases: []string{"approve"}, Member: true, Help: "help.approve", Run: loanApprove},
		{Name: "cairkan", Aliases: []string{"disburse"}, Member: true, Roles: moneyOfficers, Help: "help.disburse", Run: loanDisburse},
		{Name: "bayar", Aliases: []string{"repay"}, Member: true, Help: "help.repay", Menu: true, Run: loanRepay},
		{Name: "pinjaman", Aliases: []string{"loans"}, Help: "help.loans", Menu: true, Run: loanList},
		{Name: "saldo", Aliases: []string{"balance"}, Member: true, Private: true, Help: "help.balance", Menu: true, Run: balanceShow},
		{Name: "kas", Aliases: []string{"fund"}, Help: "help.fund", Menu: true, Run: fundShow},
		{Name: "bagihasil", Aliases: []string{"shareout"}, Help: "help.shareout", Run: shareOut},
		{Name: "batal", Aliases: []string{"undo"}, Member: true, Help: "help.undo", Menu: true, Run: reportUndo},
		{Name: "terima", Aliases: []string{"confirm"}, Member: true, Roles: []bot.Role{bot.RoleChair, bot.RoleTreasurer}, Help: "help.confirm", Run: entryConfirm},
		{Name: "tolak", Aliases: []string{"reject"}, Member: true, Roles: []bot.Role{bot.RoleChair, bot.RoleTreasurer}, Help: "help.reject", Run: entryReject},
		{Name: "koreksi", Aliases: []string{"correct"}, Member: true, Roles: []bot.Role{bot.RoleChair, bot.RoleTreasurer}, Help: "help.correct", Run: entryCorrect},
		{Name: "tunggu", Aliases: []string{"pending"}, Member: true, Help: "help.pending", Run: entryPending},
		{Name: "pengurus", Aliases: []string{"officers"}, Help: "help.officers", Menu: true, Run: officerAssign},
		{Name: "pengingat", Aliases: []string{"reminders", "reminder"}, Help: "help.reminders", Run: reminderSet},
		{Name: "bahasa", Aliases: []string{"language", "lang"}, Member: true, Roles: []bot.Role{bot.RoleChair}, Help: "help.language", Run: languageSet},
		{Name: "aturan", Aliases: []string{"rules"}, Help: "help.rules", Menu: true, Run: rulesCommand},
		{Name: "voting", Aliases: []string{"poll", "polls"}, Help: "help.poll", Menu: true, Run: pollCommand},
		{Name: "pilih", Aliases: []string{"vote"}, Member: true, Help: "help.vote", Run: pollVote},
		{Name: "tutupvoting", Aliases: []string{"closepoll"}, Member: true, Help: "help.closepoll", Run: pollClose},
	}
	for _, c := range commands {
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			if _, dup := byName[n]; dup {
				panic("duplicate command name " + n)
			}
			byName[n] = c
		}
	}
}

func lookup(name string) *Command { return byName[strings.ToLower(name)] }

// MenuEntry is a command for a platform's command menu.
type MenuEntry struct {
	Name    string
	HelpKey string
}

// Menu lists the commands to publish in a platform's menu for a language:
// the Indonesian names for "id", the English aliases for "en".
func Menu(lang string) []MenuEntry {
	var out []MenuEntry
	for _, c := range commands {
		if !c.Menu {
			continue
		}
		name := c.Name
		if lang == "en" && len(c.Aliases) > 0 {
			name = c.Aliases[0]
		}
		out = append(out, MenuEntry{Name: name, HelpKey: c.Help})
	}
	return out
}

// MenuLine is a command and its one-line description for a platform menu.
type MenuLine struct{ Name, Description string }

// MenuLines renders Menu(lang) with descriptions from the help lines
// ("/setor JUMLAH: lapor setoran" gives "lapor setoran").
func (r *Router) MenuLines(lang string) []MenuLine {
	var out []MenuLine
	for _, e := range Menu(lang) {
		text := stripMarkup(r.loc.T(lang, e.HelpKey, nil))
		if _, desc, ok := strings.Cut(text, ": "); ok {
			text = desc
		}
		out = append(out, MenuLine{Name: e.Name, Description: text})
	}
	return out
}
