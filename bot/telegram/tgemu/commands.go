package tgemu

import (
	"encoding/json"
	"regexp"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

var (
	commandRe  = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	languageRe = regexp.MustCompile(`^[a-z]{2}$`)
)

// scopeKey identifies a command list: scope type, chat, user and language.
func scopeKey(typ, chat string, user int64, lang string) string {
	return typ + "|" + chat + "|" + strconv.FormatInt(user, 10) + "|" + lang
}

// commandKey parses the scope and language_code parameters.
func commandKey(p params) (string, *apiError) {
	lang := p.str("language_code")
	if lang != "" && !languageRe.MatchString(lang) {
		return "", badRequest("invalid language code specified")
	}
	raw := p.str("scope")
	if raw == "" {
		return scopeKey("default", "", 0, lang), nil
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID int64           `json:"user_id"`
	}
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return "", badRequest("can't parse BotCommandScope JSON object")
	}
	chat := ""
	if len(sc.ChatID) > 0 {
		var n int64
		var str string
		switch {
		case json.Unmarshal(sc.ChatID, &n) == nil:
			chat = strconv.FormatInt(n, 10)
		case json.Unmarshal(sc.ChatID, &str) == nil:
			chat = str
		}
	}
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		chat, sc.UserID = "", 0
	case "chat", "chat_administrators":
		if chat == "" {
			return "", badRequest("chat not found")
		}
		sc.UserID = 0
	case "chat_member":
		if chat == "" {
			return "", badRequest("chat not found")
		}
		if sc.UserID == 0 {
			return "", badRequest("user not found")
		}
	default:
		return "", badRequest("wrong bot command scope type specified")
	}
	return scopeKey(sc.Type, chat, sc.UserID, lang), nil
}

func (s *Server) setMyCommands(p params) (any, *apiError) {
	var cmds []tgbotapi.BotCommand
	if err := json.Unmarshal([]byte(p.str("commands")), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if !commandRe.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := len([]rune(c.Description)); n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	key, aerr := commandKey(p)
	if aerr != nil {
		return nil, aerr
	}
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) getMyCommands(p params) (any, *apiError) {
	key, aerr := commandKey(p)
	if aerr != nil {
		return nil, aerr
	}
	return append([]tgbotapi.BotCommand{}, s.commands[key]...), nil
}

func (s *Server) deleteMyCommands(p params) (any, *apiError) {
	key, aerr := commandKey(p)
	if aerr != nil {
		return nil, aerr
	}
	delete(s.commands, key)
	s.notifyLocked()
	return true, nil
}

// Commands returns the command list set for the default scope and language
// lang ("" for the list without language_code); nil if none.
func (s *Server) Commands(lang string) []tgbotapi.BotCommand {
	return s.CommandsFor(tgbotapi.BotCommandScope{Type: "default"}, lang)
}

// CommandsFor returns the command list set for scope and language lang.
func (s *Server) CommandsFor(scope tgbotapi.BotCommandScope, lang string) []tgbotapi.BotCommand {
	chat := ""
	if scope.ChatID != 0 {
		chat = strconv.FormatInt(scope.ChatID, 10)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]tgbotapi.BotCommand(nil), s.commands[scopeKey(scope.Type, chat, scope.UserID, lang)]...)
}
