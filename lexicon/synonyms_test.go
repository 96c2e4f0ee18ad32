package lexicon

import (
	"slices"
	"strings"
	"testing"
)

// TestForms pins the inflections that rewrites meet most.
func TestForms(t *testing.T) {
	for _, c := range []struct {
		word      string
		adjective bool
		want      []string
	}{
		{"arrest", false, []string{"arrest", "arrests", "arrested", "arresting"}},
		{"plan", false, []string{"plans", "planned", "planning"}},
		{"make", false, []string{"makes", "maked", "making"}},
		{"verify", false, []string{"verifies", "verified", "verifying"}},
		{"box", false, []string{"boxes"}},
		{"busy", true, []string{"busier", "busiest", "busily"}},
		{"big", true, []string{"bigger", "biggest"}},
		{"large", true, []string{"larger", "largest", "largely"}},
	} {
		got := forms(c.word, c.adjective)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("forms(%q) = %v, want %q among them", c.word, got, w)
			}
		}
	}
}

// TestSynonymGroups: no word is in two groups (a word stands for one
// meaning), and no function word is in any (they are not content).
func TestSynonymGroups(t *testing.T) {
	function := map[string]bool{}
	for _, w := range strings.Fields(FunctionWords) {
		function[w] = true
	}
	in := map[string]int{}
	for i, g := range SynonymGroups() {
		if len(g) < 2 {
			t.Errorf("group %d %v: fewer than two words", i, g)
		}
		for _, w := range g {
			if j, ok := in[w]; ok && j != i {
				t.Errorf("%q in groups %d and %d", w, j, i)
			}
			in[w] = i
			if function[w] {
				t.Errorf("function word %q in group %d", w, i)
			}
		}
	}
}
