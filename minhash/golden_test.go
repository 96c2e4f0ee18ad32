package minhash

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/copydesk/copydesk/internal/golden"
)

// TestSignatureGolden pins every scheme's signatures and the band keys. If
// it fails, persisted signatures no longer match new ones: bump
// FormatVersion, then run go test -update.
func TestSignatureGolden(t *testing.T) {
	var out bytes.Buffer
	fmt.Fprintf(&out, "format %d\n", FormatVersion)
	sets := map[string][]uint64{
		"empty":  nil,
		"one":    {42},
		"small":  randomFeatures(5),
		"medium": randomFeatures(300),
	}
	for _, scheme := range []Scheme{FastSimilarity, OnePermutation, Classic, SuperMinHash} {
		s, err := NewSigner(Options{K: 16, Scheme: scheme})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"empty", "one", "small", "medium"} {
			sig := s.Sign(nil, sets[name])
			fmt.Fprintf(&out, "%v %s sig %x\n", scheme, name, []uint64(sig))
			if !sig.IsEmpty() {
				fmt.Fprintf(&out, "%v %s bands %x\n", scheme, name, AppendBandKeys(nil, sig, Params{Bands: 4, Rows: 4}))
			}
		}
	}
	golden.Check(t, filepath.Join("testdata", "signatures.golden"), out.Bytes())
}

func TestSignProperties(t *testing.T) {
	feats := randomFeatures(200)
	shuffled := append([]uint64(nil), feats...)
	for i := range shuffled {
		j := (i * 7919) % len(shuffled)
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	}
	repeated := append(append([]uint64(nil), feats...), feats[:50]...)
	for _, scheme := range []Scheme{FastSimilarity, OnePermutation, Classic, SuperMinHash} {
		s, _ := NewSigner(Options{Scheme: scheme})
		a := s.Sign(nil, feats)
		if got := Estimate(a, s.Sign(nil, shuffled)); got != 1 {
			t.Errorf("%v: order changed the signature (estimate %v)", scheme, got)
		}
		if got := Estimate(a, s.Sign(nil, repeated)); got != 1 {
			t.Errorf("%v: repeats changed the signature (estimate %v)", scheme, got)
		}
		empty := s.Sign(nil, nil)
		if !empty.IsEmpty() || a.IsEmpty() {
			t.Errorf("%v: IsEmpty wrong", scheme)
		}
		if got := Estimate(empty, empty); got != 0 {
			t.Errorf("%v: Estimate(empty, empty) = %v, want 0", scheme, got)
		}
		if got := Estimate(a, empty); got != 0 {
			t.Errorf("%v: Estimate(a, empty) = %v, want 0", scheme, got)
		}
		one := s.Sign(nil, []uint64{7})
		if one.IsEmpty() || Estimate(one, s.Sign(nil, []uint64{7})) != 1 {
			t.Errorf("%v: one-feature set mis-signed", scheme)
		}
		for _, v := range a {
			if v == Empty {
				t.Errorf("%v: non-empty set has an Empty slot", scheme)
				break
			}
		}
		other, _ := NewSigner(Options{Scheme: scheme, Seed: 99})
		if Estimate(a, other.Sign(nil, feats)) > 0.2 {
			t.Errorf("%v: another seed gives a similar signature", scheme)
		}
	}
	if _, err := NewSigner(Options{K: 1}); err == nil {
		t.Errorf("NewSigner(K=1) did not fail")
	}
	if _, err := NewSigner(Options{Scheme: 17}); err == nil {
		t.Errorf("NewSigner(Scheme=17) did not fail")
	}
	for _, name := range []string{"fast-similarity", "one-permutation", "classic", "superminhash"} {
		if sc, err := ParseScheme(name); err != nil || sc.String() != name {
			t.Errorf("ParseScheme(%q) = %v, %v", name, sc, err)
		}
	}
	if _, err := ParseScheme("nope"); err == nil {
		t.Errorf("ParseScheme(nope) did not fail")
	}
}

func TestExact(t *testing.T) {
	tests := []struct {
		a, b        []uint64
		jac, contAB float64
	}{
		{nil, nil, 0, 0},
		{[]uint64{1}, nil, 0, 0},
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}, 1, 1},
		{[]uint64{1, 2, 3, 4}, []uint64{3, 4, 5, 6}, 2.0 / 6, 0.5},
		{[]uint64{1, 2}, []uint64{1, 2, 3, 4}, 0.5, 1},
		{[]uint64{5, 1, 5, 2}, []uint64{2, 1}, 2.0 / 3, 2.0 / 3}, // unsorted with repeats: the set {1, 2, 5}
	}
	for _, tt := range tests {
		a, b := SortUnique(append([]uint64(nil), tt.a...)), SortUnique(append([]uint64(nil), tt.b...))
		if got := Jaccard(a, b); got != tt.jac {
			t.Errorf("Jaccard(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.jac)
		}
		if got := Containment(a, b); got != tt.contAB {
			t.Errorf("Containment(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.contAB)
		}
	}
}

// TestIntersectionBruteForce: Intersection(a, b) = the count of a's
// elements found in b by a map, on random sets with shared elements, the
// extremes 0 and MaxUint64 among them; one case in two has sets of very
// different sizes, either way round, so that Intersection gallops.
func TestIntersectionBruteForce(t *testing.T) {
	state := uint64(11)
	for k := 0; k < 1000; k++ {
		var a, b []uint64
		na, nb, values := splitmix(&state)%300, splitmix(&state)%300, uint64(1000)
		if k%2 == 1 {
			na, nb, values = splitmix(&state)%40, 1000+splitmix(&state)%20000, 30000
			if k%4 == 3 {
				na, nb = nb, na
			}
		}
		for range na {
			a = append(a, splitmix(&state)%values<<40) // many shared
		}
		for range nb {
			b = append(b, splitmix(&state)%values<<40)
		}
		if k%3 == 0 {
			a, b = append(a, 0, math.MaxUint64), append(b, math.MaxUint64)
		}
		a, b = SortUnique(a), SortUnique(b)
		inB := map[uint64]bool{}
		for _, x := range b {
			inB[x] = true
		}
		want := 0
		for _, x := range a {
			if inB[x] {
				want++
			}
		}
		if got := Intersection(a, b); got != want {
			t.Fatalf("case %d: Intersection = %d, want %d", k, got, want)
		}
		// The same sets as 32-bit features (the values' high halves,
		// which keep them distinct and in order).
		if got := Intersection(high32(a), high32(b)); got != want {
			t.Fatalf("case %d: Intersection of 32-bit sets = %d, want %d", k, got, want)
		}
	}
}

func high32(xs []uint64) []uint32 {
	out := make([]uint32, len(xs))
	for i, x := range xs {
		out[i] = uint32(x >> 32)
	}
	return out
}

// TestSet32: the fingerprint set is the sorted, distinct high halves of
// the features, at many sizes, with repeats, spread evenly (the buckets'
// insertion sort) and not (leading bits that do not vary, which overfill a
// bucket: the comparison sort).
func TestSet32(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var buf []uint32
	for _, c := range []struct{ n, skew int }{{0, 0}, {1, 0}, {5, 0}, {63, 0}, {64, 0}, {65, 0}, {600, 0}, {5000, 0}, {70000, 0},
		{63, 7}, {600, 7}, {5000, 7}, {600, 1}} {
		n := c.n
		features := make([]uint64, n)
		for i := range features {
			features[i] = r.Uint64()
			if i > 0 && r.IntN(5) == 0 {
				features[i] = features[r.IntN(i)] // a repeat
			}
			if c.skew > 0 && i%c.skew == 0 {
				features[i] &= 0x00ff_ffff_ffff_ffff // digits that do not vary
			}
		}
		var want []uint32
		for _, f := range features {
			want = append(want, uint32(f>>32))
		}
		slices.Sort(want)
		want = slices.Compact(want)
		var got []uint32
		got, buf = Set32(features, buf)
		if !slices.Equal(got, want) {
			t.Fatalf("Set32 of %d features: %d values, want %d", n, len(got), len(want))
		}
	}
}
