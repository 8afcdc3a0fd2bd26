package storage

import (
	"testing"

	"kelompok/bot"
)

// A username belongs to whoever last registered or spoke with it; should
// two rows still carry it, nobody is guessed.
func TestUsernameMovesAndAmbiguityIsRefused(t *testing.T) {
	s := openTest(t)
	write(t, s, func(tx *Tx) error {
		g, err := tx.CreateGroup("tg:-77", "Kelompok Mawar")
		if err != nil {
			return err
		}
		old, err := tx.AddMember(g.ID, "tg:1", "Budi Lama", "budi", 0, "src1")
		if err != nil {
			return err
		}
		if _, err := tx.AddMember(g.ID, "tg:2", "Budi Baru", "budi", 0, "src2"); err != nil {
			return err
		}
		m, err := tx.FindMember(g.ID, "@budi")
		if err != nil || m == nil || m.Name != "Budi Baru" {
			t.Errorf("@budi after the new Budi registered = %+v, %v", m, err)
		}
		// The old Budi speaks with the username again: it moves back.
		old, err = tx.MemberByRef(g.ID, "tg:1")
		if err != nil || old.Username != "" {
			t.Fatalf("old Budi kept the username: %+v, %v", old, err)
		}
		if err := tx.RefreshUsername(old, "budi"); err != nil {
			return err
		}
		if m, err := tx.FindMember(g.ID, "@budi"); err != nil || m == nil || m.Name != "Budi Lama" {
			t.Errorf("@budi after the old Budi spoke = %+v, %v", m, err)
		}
		// Rows from before this rule: two carry the name; refuse to guess.
		if _, err := tx.exec(`UPDATE members SET username = 'budi' WHERE group_id = ?`, g.ID); err != nil {
			return err
		}
		_, err = tx.FindMember(g.ID, "@budi")
		if be, ok := bot.AsError(err); !ok || be.Key != "member.ambiguous" {
			t.Errorf("two rows with @budi: %v", err)
		}
		return nil
	})
}
