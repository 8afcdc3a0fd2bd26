package storage

import (
	"testing"
)

// A member is found by any reference recorded as its alias, in its group
// only, from the cache as from the database; an alias of another member is
// refused; aliases cannot be changed or removed.
func TestMemberAliases(t *testing.T) {
	s := openTest(t)

	write(t, s, func(tx *Tx) error {
		g, err := tx.CreateGroup("wa:1203@g.us", "Mawar")
		if err != nil {
			return err
		}
		g2, err := tx.CreateGroup("wa:1204@g.us", "Melati")
		if err != nil {
			return err
		}

		eko, err := tx.AddMember(g.ID, "wa:555@lid", "Eko", "555", 0, "s1")
		if err != nil {
			return err
		}
		siti, err := tx.AddMember(g.ID, "wa:6289", "Siti", "6289", 0, "s2")
		if err != nil {
			return err
		}
		if m, err := tx.MemberByRef(g.ID, "wa:6285"); err != nil || m != nil {
			t.Fatalf("unknown number found %+v, %v", m, err)
		}
		if err := tx.AddMemberAlias(eko, "wa:6285", "s3"); err != nil {
			return err
		}
		if err := tx.AddMemberAlias(eko, "wa:6285", "s4"); err != nil {
			t.Errorf("the same alias again: %v", err)
		}
		if err := tx.AddMemberAlias(eko, "wa:6289", "s5"); err == nil {
			t.Error("Siti's number became Eko's alias")
		}
		if err := tx.AddMemberAlias(siti, "wa:555@lid", "s6"); err == nil {
			t.Error("Eko's LID became Siti's alias")
		}
		for range 2 { // the second time from the cache
			if m, err := tx.MemberByRef(g.ID, "wa:6285"); err != nil || m == nil || m.ID != eko.ID {
				t.Fatalf("by alias: %+v, %v", m, err)
			}
		}
		if m, err := tx.MemberByRef(g2.ID, "wa:6285"); err != nil || m != nil {
			t.Errorf("alias found in another group: %+v, %v", m, err)
		}
		refs, err := tx.MemberRefs(g.ID, eko.ID)
		if err != nil || len(refs) != 2 || refs[0] != "wa:555@lid" || refs[1] != "wa:6285" {
			t.Errorf("refs %v, %v", refs, err)
		}
		ids, err := tx.GroupsOfUser("wa:6285")
		if err != nil || len(ids) != 1 || ids[0] != g.ID {
			t.Errorf("groups of the alias: %v, %v", ids, err)
		}
		return nil
	})
	for _, q := range []string{`UPDATE member_aliases SET ref = 'wa:1'`, `DELETE FROM member_aliases`} {
		err := s.Write(t.Context(), func(tx *Tx) error { _, err := tx.exec(q); return err })
		if err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
}
