package bot

import "testing"

func TestShareOutMethodRule(t *testing.T) {
	r := DefaultRules()
	if r.ShareOutMethod != "proportional" {
		t.Fatalf("default share-out method %q", r.ShareOutMethod)
	}
	for _, v := range []string{"equal", "interest_paid", "proportional"} {
		r.Apply(RuleShareOutMethod, v)
		if r.ShareOutMethod != v {
			t.Errorf("Apply(%q): %q", v, r.ShareOutMethod)
		}
	}
	r.Apply(RuleShareOutMethod, "lottery")
	if r.ShareOutMethod != "proportional" {
		t.Errorf("an unknown method was applied: %q", r.ShareOutMethod)
	}
}
