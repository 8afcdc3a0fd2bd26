package locales_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"kelompok/bot"
	"kelompok/locales"
)

// pluralForms are the CLDR plural categories go-i18n knows.
var pluralForms = map[string]bool{"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}

// langForms are the plural categories each language uses (CLDR): Indonesian
// has no plural, English has one and other.
var langForms = map[string][]string{"id": {"other"}, "en": {"one", "other"}}

// message is one translated message as written in a TOML file: its plural
// forms (a plain string is the "other" form).
type message map[string]string

// readMessages reads a locale file the way go-i18n does: dotted table paths
// are key prefixes; a table whose keys are all plural forms is one message.
func readMessages(t *testing.T, lang string) map[string]message {
	t.Helper()
	out := map[string]message{}
	for _, name := range locales.Files(lang) {
		readFile(t, lang, name, out)
	}
	if len(out) == 0 {
		t.Fatalf("%s.toml: no messages", lang)
	}
	return out
}

// readFile adds the messages of one locale file to out; a key already there
// is an error (each key lives in one file of a language).
func readFile(t *testing.T, lang, name string, out map[string]message) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	add := func(key string, m message) {
		if _, dup := out[key]; dup {
			t.Errorf("%s: %q is defined in another %s file too", name, key, lang)
		}
		out[key] = m
	}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		if prefix != "" && isPluralTable(m) {
			msg := message{}
			for form, v := range m {
				msg[form] = v.(string)
			}
			add(prefix, msg)
			return
		}
		for k, v := range m {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			switch x := v.(type) {
			case string:
				add(key, message{"other": x})
			case map[string]any:
				walk(key, x)
			default:
				t.Errorf("%s: %s has unexpected type %T", name, key, v)
			}
		}
	}
	walk("", raw)
}

func isPluralTable(m map[string]any) bool {
	if _, ok := m["other"]; !ok {
		return false
	}
	for k, v := range m {
		if _, isStr := v.(string); !pluralForms[k] || !isStr {
			return false
		}
	}
	return true
}

var (
	actionRE      = regexp.MustCompile(`\{\{[^}]*\}\}`)
	placeholderRE = regexp.MustCompile(`\.([A-Za-z_][A-Za-z0-9_]*)`)
)

// placeholders lists the {{.Names}} a template uses (also inside {{if .X}}).
func placeholders(tmpl string) []string {
	set := map[string]bool{}
	for _, action := range actionRE.FindAllString(tmpl, -1) {
		for _, m := range placeholderRE.FindAllStringSubmatch(action, -1) {
			set[m[1]] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestEveryKeyInEveryLanguageWithSamePlaceholders(t *testing.T) {
	byLang := map[string]map[string]message{}
	for _, lang := range locales.Languages {
		byLang[lang] = readMessages(t, lang)
	}
	ref := byLang[locales.Languages[0]]
	cat := locales.MustLoad()
	for _, lang := range locales.Languages {
		msgs := byLang[lang]
		for _, key := range sortedKeys(ref) {
			if _, ok := msgs[key]; !ok {
				t.Errorf("%s.toml lacks %q", lang, key)
			}
		}
		for _, key := range sortedKeys(msgs) {
			if _, ok := ref[key]; !ok {
				t.Errorf("%s.toml has %q, which %s.toml lacks", lang, key, locales.Languages[0])
			}
			if !cat.Has(lang, key) {
				t.Errorf("catalog does not know %s %q (go-i18n read the file differently)", lang, key)
			}
		}
		if got, want := len(cat.Keys(lang)), len(msgs); got != want {
			t.Errorf("catalog has %d %s keys, the file %d", got, lang, want)
		}
	}
	for _, key := range sortedKeys(ref) {
		want := placeholders(ref[key]["other"])
		for _, lang := range locales.Languages {
			msg, ok := byLang[lang][key]
			if !ok {
				continue
			}
			for form, tmpl := range msg {
				if got := placeholders(tmpl); strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("%s %q form %q has placeholders %v, want %v (as in %s other)",
						lang, key, form, got, want, locales.Languages[0])
				}
			}
			// Plural forms must be ones the language has, and a plural
			// message must give every form the language needs.
			if len(msg) > 1 {
				for _, form := range langForms[lang] {
					if _, ok := msg[form]; !ok {
						t.Errorf("%s %q is plural but lacks the %q form", lang, key, form)
					}
				}
			}
			for form := range msg {
				known := false
				for _, f := range langForms[lang] {
					known = known || f == form
				}
				if !known {
					t.Errorf("%s %q has plural form %q, which %s does not use", lang, key, form, lang)
				}
			}
		}
	}
}

// dummyArgs invents a value for each placeholder of the right Go type.
func dummyArgs(names []string) map[string]any {
	args := map[string]any{}
	for _, n := range names {
		switch n {
		case "Count", "N", "No":
			args[n] = 2
		case "Amount", "Confirmed", "Pending", "Max":
			args[n] = bot.Money(1500)
		case "HasPending":
			args[n] = true
		case "Lines":
			args[n] = locales.Raw("line one\nline two")
		default:
			args[n] = "<x&y>"
		}
	}
	return args
}

var allowedTagRE = regexp.MustCompile(`</?(b|i|code)>`)

// checkMarkup checks text is in Kelompok's reply markup: only <b>, <i>,
// <code>, balanced, and & < > escaped everywhere else.
func checkMarkup(t *testing.T, where, text string) {
	t.Helper()
	var stack []string
	for _, tag := range allowedTagRE.FindAllString(text, -1) {
		name := strings.Trim(tag, "</>")
		if strings.HasPrefix(tag, "</") {
			if len(stack) == 0 || stack[len(stack)-1] != name {
				t.Errorf("%s: unbalanced %s in %q", where, tag, text)
				return
			}
			stack = stack[:len(stack)-1]
		} else {
			stack = append(stack, name)
		}
	}
	if len(stack) > 0 {
		t.Errorf("%s: unclosed <%s> in %q", where, stack[len(stack)-1], text)
	}
	rest := allowedTagRE.ReplaceAllString(text, "")
	if strings.ContainsAny(rest, "<>") {
		t.Errorf("%s: stray < or > (only <b>, <i>, <code> are allowed) in %q", where, text)
	}
	rest = regexp.MustCompile(`&(amp|lt|gt|quot|#39|#34);`).ReplaceAllString(rest, "")
	if strings.Contains(rest, "&") {
		t.Errorf("%s: unescaped & in %q", where, text)
	}
}

func TestEveryTemplateRenders(t *testing.T) {
	cat := locales.MustLoad()
	for _, lang := range locales.Languages {
		msgs := readMessages(t, lang)
		for _, key := range sortedKeys(msgs) {
			names := map[string]bool{}
			for _, tmpl := range msgs[key] {
				for _, n := range placeholders(tmpl) {
					names[n] = true
				}
			}
			args := dummyArgs(sortedKeys(names))
			for _, count := range []int{1, 2} {
				if _, plural := args["Count"]; plural {
					args["Count"] = count
				}
				got := cat.T(lang, key, args)
				where := lang + " " + key
				if got == key || got == "" {
					t.Errorf("%s: did not render (got %q)", where, got)
					continue
				}
				if strings.Contains(got, "<no value>") || strings.Contains(got, "{{") {
					t.Errorf("%s: placeholder left unfilled: %q", where, got)
				}
				if strings.Contains(got, "<x&y>") {
					t.Errorf("%s: string argument not escaped: %q", where, got)
				}
				checkMarkup(t, where, got)
			}
		}
	}
}

func TestMissingKeyRendersAsKey(t *testing.T) {
	cat := locales.MustLoad()
	if got := cat.T("id", "no_such.key", nil); got != "no_such.key" {
		t.Errorf("missing key rendered %q, want the key itself", got)
	}
	if cat.Has("id", "no_such.key") {
		t.Error("Has reports a key that does not exist")
	}
	// An unknown language falls back to Indonesian.
	if got, want := cat.T("xx", "language.set", nil), cat.T("id", "language.set", nil); got != want {
		t.Errorf("unknown language: got %q, want the Indonesian %q", got, want)
	}
}

func TestEscaping(t *testing.T) {
	cat := locales.MustLoad()
	got := cat.T("id", "member.already", map[string]any{"Name": "<b>&"})
	if !strings.Contains(got, "&lt;b&gt;&amp;") {
		t.Errorf("user string not escaped: %q", got)
	}
	if strings.Contains(got, "<b>&") {
		t.Errorf("raw user markup leaked: %q", got)
	}
	got = cat.T("en", "member.list", map[string]any{"Count": 1, "Lines": locales.Raw("<b>A</b> &amp; B")})
	if !strings.Contains(got, "<b>A</b> &amp; B") {
		t.Errorf("locales.Raw was escaped: %q", got)
	}
	got = cat.T("id", "member.not_found", map[string]any{"Name": bot.UserRef("tg:<1>")})
	if !strings.Contains(got, "tg:&lt;1&gt;") {
		t.Errorf("UserRef not escaped: %q", got)
	}
}

func TestMoneyFormatting(t *testing.T) {
	cat := locales.MustLoad()
	for lang, want := range map[string]string{"id": "Rp15.000", "en": "Rp15,000"} {
		got := cat.T(lang, "money.too_large", map[string]any{"Max": bot.Money(15000)})
		if !strings.Contains(got, want) {
			t.Errorf("%s: %q lacks %q", lang, got, want)
		}
		if v := locales.Value(lang, bot.Money(15000)); v != want {
			t.Errorf("Value(%s, 15000) = %v, want %s", lang, v, want)
		}
	}
}

func TestEnglishPlural(t *testing.T) {
	cat := locales.MustLoad()
	one := cat.T("en", "member.joined", map[string]any{"Name": "Siti", "Count": 1})
	if !strings.HasSuffix(one, "has 1 member.") {
		t.Errorf("Count 1: %q", one)
	}
	two := cat.T("en", "member.joined", map[string]any{"Name": "Siti", "Count": 2})
	if !strings.HasSuffix(two, "has 2 members.") {
		t.Errorf("Count 2: %q", two)
	}
	id := cat.T("id", "member.joined", map[string]any{"Name": "Siti", "Count": 1})
	if !strings.HasSuffix(id, "sekarang 1 orang.") {
		t.Errorf("id Count 1: %q", id)
	}
}

// keyRE is what a locale key looks like.
var keyRE = regexp.MustCompile(`^[a-z_]+\.[a-z_]+$`)

// keyPrefixRE and keySuffixRE are the halves of a key built by
// concatenation ("role." + r, key + "_notice").
var (
	keyPrefixRE = regexp.MustCompile(`^[a-z_]+\.[a-z_]*$`)
	keySuffixRE = regexp.MustCompile(`^[a-z_]+$`)
)

// keyFuncs are the functions that take a locale key among their arguments.
var keyFuncs = map[string]bool{"Say": true, "T": true, "E": true, "SayButtons": true, "Notice": true, "add": true}

// dynamicSuffixes are the keys built by concatenation in the code: a
// literal prefix plus one of a known set of values.
var dynamicSuffixes = map[string][]string{
	"role.":              {string(bot.RoleChair), string(bot.RoleTreasurer), string(bot.RoleSecretary), string(bot.RoleMember)},
	"attendance.status_": {"present", "late", "excused", "absent"},
	"kind.": {"deposit", "deposit_pending", "fine", "fine_payment", "fine_payment_pending", "income", "expense",
		"withdrawal", "withdrawal_pending", "social", "social_pending", "bank_deposit", "bank_withdrawal", "bank_interest", "bank_fee",
		"loan_out", "loan_principal", "loan_interest", "profit_paid"},
	"shareout.method_": {"proportional", "equal", "interest_paid"},
	"loan.method_":     {"flat", "declining"},
	"minutes.where_":   {"outside", "earlier"},
	"weekday.":         {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"},
	"rules.name_":      ruleKeys(func(bot.RuleSpec) bool { return true }),
	"rules.unit_":      ruleKeys(func(s bot.RuleSpec) bool { return s.Kind == bot.ValInt }),
}

// ruleKeys are the keys of the rules that match (for rules.name_ + key).
func ruleKeys(match func(bot.RuleSpec) bool) []string {
	var out []string
	for _, s := range bot.RuleSpecs {
		if match(s) {
			out = append(out, s.Key)
		}
	}
	return out
}

// usedKeys walks the Go sources under dirs and returns every locale key the
// code passes to Say, T, E, SayButtons and Notice (literals, constants,
// local variables, concatenations) and every Help: field of a command.
func usedKeys(t *testing.T, dirs ...string) map[string][]string {
	t.Helper()
	used := map[string][]string{}
	add := func(fset *token.FileSet, pos token.Pos, key string) {
		used[key] = append(used[key], fset.Position(pos).String())
	}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() {
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			scanFile(t, fset, f, func(pos token.Pos, key string) { add(fset, pos, key) })
			return nil
		})
		if err != nil {
			t.Fatalf("walk %s: %v", dir, err)
		}
	}
	return used
}

func strLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func scanFile(t *testing.T, fset *token.FileSet, f *ast.File, add func(token.Pos, string)) {
	// Package-level constants with key-like values (bot's keyMoneyMissing...).
	consts := map[string][]string{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					if s, ok := strLit(vs.Values[i]); ok && keyRE.MatchString(s) {
						consts[name.Name] = append(consts[name.Name], s)
						add(vs.Values[i].Pos(), s)
					}
				}
			}
		}
	}
	// Help: fields of the command list.
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Help" {
			if s, ok := strLit(kv.Value); ok && s != "" {
				add(kv.Value.Pos(), s)
			}
		}
		return true
	})
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		// Key-like values assigned to local variables in this function.
		locals := map[string][]string{}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for i, lhs := range as.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok {
					continue
				}
				if s, ok := strLit(as.Rhs[i]); ok && keyRE.MatchString(s) {
					locals[id.Name] = append(locals[id.Name], s)
				}
			}
			return true
		})
		resolve := func(e ast.Expr) ([]string, bool) {
			switch x := e.(type) {
			case *ast.BasicLit:
				s, ok := strLit(x)
				if ok && keyRE.MatchString(s) {
					return []string{s}, true
				}
			case *ast.Ident:
				if v, ok := locals[x.Name]; ok {
					return v, true
				}
				if v, ok := consts[x.Name]; ok {
					return v, true
				}
			}
			return nil, false
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch f := call.Fun.(type) {
			case *ast.Ident:
				name = f.Name
			case *ast.SelectorExpr:
				name = f.Sel.Name
			}
			if !keyFuncs[name] {
				return true
			}
			for _, arg := range call.Args {
				if keys, ok := resolve(arg); ok {
					for _, k := range keys {
						add(arg.Pos(), k)
					}
					continue
				}
				bin, ok := arg.(*ast.BinaryExpr)
				if !ok || bin.Op != token.ADD {
					continue
				}
				if prefix, ok := strLit(bin.X); ok && keyPrefixRE.MatchString(prefix) {
					suffixes, known := dynamicSuffixes[prefix]
					if !known {
						t.Errorf("%s: key built from %q + ...: add its possible values to dynamicSuffixes",
							fset.Position(bin.Pos()), prefix)
					}
					for _, s := range suffixes {
						add(bin.Pos(), prefix+s)
					}
					continue
				}
				if suffix, ok := strLit(bin.Y); ok && keySuffixRE.MatchString(suffix) {
					bases, ok := resolve(bin.X)
					if !ok {
						t.Errorf("%s: key built as ... + %q from a value the test cannot resolve",
							fset.Position(bin.Pos()), suffix)
					}
					for _, b := range bases {
						add(bin.Pos(), b+suffix)
					}
				}
			}
			return true
		})
	}
}

func TestEveryUsedKeyExists(t *testing.T) {
	used := usedKeys(t, "../handlers", "../bot", "../cmd")
	// The walk must see the keys it is meant to find, or it proves nothing.
	for _, k := range []string{
		"money.missing",          // bot constant
		"money.overflow",         // bot/ledger bot.E literal
		"help.deposit",           // Help: field
		"entry.confirmed_notice", // key + "_notice"
		"role.treasurer",         // "role." + ...
		"attendance.status_late", // "attendance.status_" + ...
		"deposit.pending",        // SayButtons' second argument
		"error.unknown_command",  // bot.E in the router
		"entry.rejected",         // a local variable
	} {
		if _, ok := used[k]; !ok {
			t.Errorf("the source walk did not find %q", k)
		}
	}
	if len(used) < 60 {
		t.Errorf("the source walk found only %d keys", len(used))
	}
	// storage raises user errors too.
	for k, v := range usedKeys(t, "../storage") {
		used[k] = append(used[k], v...)
	}
	if _, ok := used["entry.already_void"]; !ok {
		t.Error("the source walk did not find storage's entry.already_void")
	}
	cat := locales.MustLoad()
	for _, key := range sortedKeys(used) {
		for _, lang := range locales.Languages {
			if !cat.Has(lang, key) {
				t.Errorf("%s.toml lacks %q, used at %s", lang, key, strings.Join(used[key], ", "))
			}
		}
	}
	// Keys nobody uses are not an error, but worth knowing about.
	for _, key := range cat.Keys("id") {
		if _, ok := used[key]; !ok {
			t.Logf("unused key %q", key)
		}
	}
}
