package tgemu

import (
	"encoding/json"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Button is one inline keyboard button of a sent message.
type Button struct {
	Text string // label
	Data string // callback_data ("" for URL and other buttons)
	URL  string // url, for link buttons
}

// rawButton has every way an inline button can act, to check that a button
// has exactly one.
type rawButton struct {
	Text                         *string          `json:"text"`
	URL                          *string          `json:"url"`
	CallbackData                 *string          `json:"callback_data"`
	LoginURL                     *json.RawMessage `json:"login_url"`
	SwitchInlineQuery            *string          `json:"switch_inline_query"`
	SwitchInlineQueryCurrentChat *string          `json:"switch_inline_query_current_chat"`
	CallbackGame                 *json.RawMessage `json:"callback_game"`
	WebApp                       *json.RawMessage `json:"web_app"`
	Pay                          bool             `json:"pay"`
}

// markup is a parsed reply_markup parameter.
type markup struct {
	raw     string                         // as sent, "" if none
	inline  *tgbotapi.InlineKeyboardMarkup // nil unless an inline keyboard with buttons
	buttons [][]Button
}

// parseMarkup validates reply_markup like Telegram. Inline keyboards are
// kept; other keyboards (reply keyboards, remove_keyboard, force_reply) are
// only checked to be JSON objects and kept raw.
func parseMarkup(raw string) (markup, *apiError) {
	if raw == "" {
		return markup{}, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil {
		return markup{}, badRequest("can't parse reply keyboard markup JSON object")
	}
	m := markup{raw: raw}
	kb, ok := obj["inline_keyboard"]
	if !ok {
		return m, nil
	}
	var rows [][]rawButton
	if err := json.Unmarshal(kb, &rows); err != nil {
		return markup{}, badRequest("can't parse inline keyboard button: Field \"inline_keyboard\" must be of type Array of Array of InlineKeyboardButton")
	}
	for _, row := range rows {
		var out []Button
		for _, b := range row {
			if b.Text == nil || *b.Text == "" {
				return markup{}, badRequest("can't parse inline keyboard button: Text must be non-empty")
			}
			actions := 0
			for _, set := range []bool{b.URL != nil, b.CallbackData != nil, b.LoginURL != nil,
				b.SwitchInlineQuery != nil, b.SwitchInlineQueryCurrentChat != nil,
				b.CallbackGame != nil, b.WebApp != nil, b.Pay} {
				if set {
					actions++
				}
			}
			switch {
			case actions == 0:
				return markup{}, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			case actions > 1:
				return markup{}, badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used")
			case b.CallbackData != nil && (len(*b.CallbackData) == 0 || len(*b.CallbackData) > 64):
				return markup{}, badRequest("BUTTON_DATA_INVALID")
			case b.URL != nil && *b.URL == "":
				return markup{}, badRequest("BUTTON_URL_INVALID")
			}
			btn := Button{Text: *b.Text}
			if b.CallbackData != nil {
				btn.Data = *b.CallbackData
			}
			if b.URL != nil {
				btn.URL = *b.URL
			}
			out = append(out, btn)
		}
		if len(out) > 0 {
			m.buttons = append(m.buttons, out)
		}
	}
	if len(m.buttons) > 0 {
		var ik tgbotapi.InlineKeyboardMarkup
		if err := json.Unmarshal([]byte(raw), &ik); err != nil {
			return markup{}, badRequest("can't parse reply keyboard markup JSON object")
		}
		m.inline = &ik
	}
	return m, nil
}

func copyButtons(in [][]Button) [][]Button {
	if in == nil {
		return nil
	}
	out := make([][]Button, len(in))
	for i, row := range in {
		out[i] = append([]Button(nil), row...)
	}
	return out
}
