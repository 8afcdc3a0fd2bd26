package handlers

import (
	"strings"

	"kelompok/bot"
)

// languageSet changes the group's language: "/bahasa en", "/language id".
func languageSet(c *Ctx) error {
	if len(c.Args) != 1 {
		return bot.E("language.usage")
	}
	lang := strings.ToLower(c.Args[0])
	switch lang {
	case "indonesia", "indonesian", "bahasa":
		lang = "id"
	case "english", "inggris":
		lang = "en"
	}
	if lang != "id" && lang != "en" {
		return bot.E("language.usage")
	}
	if err := c.Tx.SetRule(c.Group, bot.RuleLanguage, lang, c.Me.ID, c.U.Source); err != nil {
		return err
	}
	c.Say("language.set")
	return nil
}
