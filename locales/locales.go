// Package locales holds every line Kelompok says, in TOML files read with
// go-i18n (Indonesian first, English second). A language's lines are in
// LANG.toml and in any number of AREA.LANG.toml files (polls.id.toml, ...);
// a key may be defined in one file of a language only.
package locales

import (
	"embed"
	"fmt"
	"html"
	"io/fs"
	"log/slog"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"kelompok/bot"
)

//go:embed *.toml
var files embed.FS

// Languages are the languages Kelompok speaks, the default first.
var Languages = []string{"id", "en"}

// Catalog renders messages by key in a language.
type Catalog struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
	// plural holds every key of each language, true for the messages that
	// have plural forms; only these get a plural count (go-i18n refuses a
	// count for a message without "one").
	plural map[string]map[string]bool
}

// Load reads the embedded translations.
func Load() (*Catalog, error) {
	b := i18n.NewBundle(language.Indonesian)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{bundle: b, localizers: map[string]*i18n.Localizer{}, plural: map[string]map[string]bool{}}
	for _, lang := range Languages {
		c.plural[lang] = map[string]bool{}
		for _, name := range Files(lang) {
			data, err := files.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("locale %s: %w", name, err)
			}
			mf, err := b.ParseMessageFileBytes(data, name)
			if err != nil {
				return nil, fmt.Errorf("locale %s: %w", name, err)
			}
			for _, m := range mf.Messages {
				if c.Has(lang, m.ID) {
					return nil, fmt.Errorf("locale %s: %q is defined twice in %s", name, m.ID, lang)
				}
				c.plural[lang][m.ID] = m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
			}
		}
		c.localizers[lang] = i18n.NewLocalizer(b, lang)
	}
	return c, nil
}

// Files lists the embedded files holding lang's lines: LANG.toml first, then
// AREA.LANG.toml in name order.
func Files(lang string) []string {
	out := []string{lang + ".toml"}
	more, _ := fs.Glob(files, "*."+lang+".toml")
	sort.Strings(more)
	return append(out, more...)
}

// MustLoad is Load for tests and main, where the embedded files are known good.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Has reports whether lang has a message for key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.plural[lang][key]
	return ok
}

// Keys lists the message keys of a language, sorted.
func (c *Catalog) Keys(lang string) []string {
	var ks []string
	for k := range c.plural[lang] {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Raw returns a message's template source ("other" form), for tests.
func (c *Catalog) Raw(lang, key string) string {
	for _, name := range Files(lang) {
		data, _ := files.ReadFile(name)
		mf, err := c.bundle.ParseMessageFileBytes(data, name)
		if err != nil {
			continue
		}
		for _, m := range mf.Messages {
			if m.ID == key {
				return m.One + "\x00" + m.Other
			}
		}
	}
	return ""
}

// T renders key in lang with named arguments. Strings are escaped for
// Kelompok's reply markup (so user text can never inject tags); Money is
// formatted in the language's style; "Count" chooses the plural form.
// A missing key is logged and rendered as the key itself.
func (c *Catalog) T(lang, key string, args map[string]any) string {
	l, ok := c.localizers[lang]
	if !ok {
		lang = Languages[0]
		l = c.localizers[lang]
	}
	data := make(map[string]any, len(args))
	for k, v := range args {
		data[k] = Value(lang, v)
	}
	cfg := &i18n.LocalizeConfig{MessageID: key, TemplateData: data}
	if n, ok := args["Count"]; ok && c.plural[lang][key] {
		cfg.PluralCount = n
	}
	s, err := l.Localize(cfg)
	if err != nil {
		slog.Error("locale_render_failed", "key", key, "lang", lang, "err", err)
		return key
	}
	return strings.TrimRight(s, "\n")
}

// Raw marks text already in reply markup (a rendered line), not escaped again.
type Raw string

// Value prepares one argument for a template in lang.
func Value(lang string, v any) any {
	switch x := v.(type) {
	case string:
		return html.EscapeString(x)
	case Raw:
		return string(x)
	case bot.Money:
		return x.Format(lang)
	case bot.ChatRef, bot.UserRef:
		return html.EscapeString(fmt.Sprint(x))
	default:
		return v
	}
}
