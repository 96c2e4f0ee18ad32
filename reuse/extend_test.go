package reuse

import "testing"

// TestNeighboursUnless: every neighbour's unless is the diagonal step on
// or back, the two pairs extend asks about once a link.
func TestNeighboursUnless(t *testing.T) {
	for _, d := range neighbours {
		if d.unless != [2]int64{1, 1} && d.unless != [2]int64{-1, -1} {
			t.Errorf("neighbour %v: unless %v is neither diagonal step", d.step, d.unless)
		}
		if d.unless[0]*d.step[0] <= 0 {
			t.Errorf("neighbour %v: unless %v points the other way", d.step, d.unless)
		}
	}
}
