package storage

import (
	"os"
	"path/filepath"
	"testing"

	"kelompok/bot"
)

// A path is a file name, whatever it holds: "#" and "?" (a fuzz test's
// temporary directory has "#") are not the start of a URI fragment or
// query. Before, "/tmp/x#1/k.db" and "/tmp/x#2/k.db" both opened
// "/tmp/x", one book for both.
func TestOpenPathWithURICharacters(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"a#1", "a#2", "b?c=1", "d%41 e"} {
		sub := filepath.Join(dir, name)
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, filepath.Join(sub, "k.db"))
	}
	for i, p := range paths {
		s := openAt(t, p, Options{})
		write(t, s, func(tx *Tx) error {
			groups := 0
			for _, q := range []bot.ChatRef{"tg:-1", "tg:-2", "tg:-3", "tg:-4"} {
				if g, err := tx.GroupByChat(q); err != nil {
					return err
				} else if g != nil {
					groups++
				}
			}
			if groups != 0 {
				t.Errorf("%s: a new book already has %d groups", p, groups)
			}
			_, err := tx.CreateGroup(bot.ChatRef("tg:-"+string(rune('1'+i))), "G")
			return err
		})
		if _, err := os.Stat(p); err != nil {
			t.Errorf("the book %s is not where it was asked for: %v", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); err == nil {
		t.Errorf("a book was made at %s", filepath.Join(dir, "a"))
	}
}
