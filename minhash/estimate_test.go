package minhash

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// pairWithJaccard returns two sets whose union has u features and whose
// intersection has m, so J = m/u exactly; u-m must be even. Features are
// fresh pseudo-random values from state.
func pairWithJaccard(state *uint64, u, m int) (a, b []uint64) {
	for i := 0; i < m; i++ {
		f := splitmix(state)
		a, b = append(a, f), append(b, f)
	}
	for i := 0; i < (u-m)/2; i++ {
		a = append(a, splitmix(state))
		b = append(b, splitmix(state))
	}
	return a, b
}

type errorCell struct {
	n     int
	j     float64
	rmse  float64 // empirical root mean square error of the estimate
	sigma float64 // classic MinHash standard error √(J(1−J)/K)
}

// measureError returns the RMSE of scheme's Jaccard estimate over trials
// random pairs per (union size, J) cell.
func measureError(t *testing.T, scheme Scheme, k, trials int, sizes []int, js []float64) []errorCell {
	s, err := NewSigner(Options{K: k, Scheme: scheme})
	if err != nil {
		t.Fatal(err)
	}
	var cells []errorCell
	state := uint64(12345)
	var sa, sb Signature
	for _, n := range sizes {
		seen := map[int]bool{}
		for _, j := range js {
			m := int(math.Round(j * float64(n)))
			if (n-m)%2 != 0 {
				m++
			}
			if m <= 0 || m >= n || seen[m] {
				continue // J of 0 or 1 has no error to measure; no repeats
			}
			seen[m] = true
			exact := float64(m) / float64(n)
			sum := 0.0
			for trial := 0; trial < trials; trial++ {
				a, b := pairWithJaccard(&state, n, m)
				sa, sb = s.Sign(sa, a), s.Sign(sb, b)
				d := Estimate(sa, sb) - exact
				sum += d * d
			}
			cells = append(cells, errorCell{n: n, j: exact, rmse: math.Sqrt(sum / float64(trials)), sigma: math.Sqrt(exact * (1 - exact) / float64(k))})
		}
	}
	return cells
}

// The bound on a measured RMSE: with T independent trials the mean squared
// error is approximately σ²·χ²_T/T, whose standard deviation is σ²·√(2/T).
// A true RMSE of ratio·σ thus measures at most ratio·σ·√(1 + z·√(2/T)) but
// with probability about Φ(−z); z = 4.5 keeps the chance of a false alarm
// across all cells below 1 in 10,000.
func rmseBound(ratio float64, trials int) float64 {
	const z = 4.5
	return ratio * math.Sqrt(1+z*math.Sqrt(2/float64(trials)))
}

func rmseFloor(ratio float64, trials int) float64 {
	const z = 4.5
	return ratio * math.Sqrt(math.Max(0, 1-z*math.Sqrt(2/float64(trials))))
}

func formatCells(cells []errorCell) string {
	var b strings.Builder
	for _, c := range cells {
		fmt.Fprintf(&b, "n=%5d J=%.2f rmse=%.4f σ=%.4f ratio=%.3f\n", c.n, c.j, c.rmse, c.sigma, c.rmse/c.sigma)
	}
	return b.String()
}

var testJs = []float64{0.1, 0.3, 0.5, 0.7, 0.9}

// TestClassicErrorMatchesTheory validates the harness: classic MinHash's
// error is σ = √(J(1−J)/K) at every set size.
func TestClassicErrorMatchesTheory(t *testing.T) {
	skipUnderRace(t)
	const trials = 1500
	cells := measureError(t, Classic, DefaultK, trials, []int{16, 128, 512}, testJs)
	lo, hi := rmseFloor(1, trials), rmseBound(1, trials)
	for _, c := range cells {
		if r := c.rmse / c.sigma; r < lo || r > hi {
			t.Errorf("classic n=%d J=%.2f: rmse/σ = %.3f, outside [%.3f, %.3f]", c.n, c.j, r, lo, hi)
		}
	}
	t.Logf("classic, K=%d, %d trials per cell:\n%s", DefaultK, trials, formatCells(cells))
}

// TestDefaultErrorWithinClassic is the requirement on the default scheme:
// its estimate's error stays within 1.1× classic MinHash's standard error,
// for documents (union ≥ K features) and for short texts far below K.
func TestDefaultErrorWithinClassic(t *testing.T) {
	skipUnderRace(t)
	const trials = 3000
	var zero Options
	cells := measureError(t, zero.Scheme, DefaultK, trials, []int{8, 32, 64, 128, 256, 1024, 4096}, testJs)
	bound := rmseBound(1.1, trials)
	for _, c := range cells {
		if r := c.rmse / c.sigma; r > bound {
			t.Errorf("%v n=%d J=%.2f: rmse/σ = %.3f > %.3f", zero.Scheme, c.n, c.j, r, bound)
		}
	}
	t.Logf("%v, K=%d, %d trials per cell (bound %.3f):\n%s", zero.Scheme, DefaultK, trials, bound, formatCells(cells))
}

// TestOnePermutationError shows why one-permutation hashing is not the
// default although it is fastest: within 1.1× on documents, but not on sets
// of a few dozen features, where densification copies too few samples.
func TestOnePermutationError(t *testing.T) {
	const trials = 3000
	large := measureError(t, OnePermutation, DefaultK, trials, []int{128, 1024}, testJs)
	bound := rmseBound(1.1, trials)
	for _, c := range large {
		if r := c.rmse / c.sigma; r > bound {
			t.Errorf("one-permutation n=%d J=%.2f: rmse/σ = %.3f > %.3f", c.n, c.j, r, bound)
		}
	}
	small := measureError(t, OnePermutation, DefaultK, trials, []int{8}, []float64{0.5})
	if r := small[0].rmse / small[0].sigma; r < rmseFloor(1.1, trials) {
		t.Errorf("one-permutation n=8: rmse/σ = %.3f; if it is now within 1.1×, reconsider the default", r)
	}
	t.Logf("one-permutation, K=%d:\n%s%s", DefaultK, formatCells(small), formatCells(large))
}

// SuperMinHash never does worse than classic, and much better on small sets.
func TestSuperMinHashError(t *testing.T) {
	skipUnderRace(t)
	const trials = 1500
	cells := measureError(t, SuperMinHash, DefaultK, trials, []int{8, 32, 128, 512}, testJs)
	bound := rmseBound(1, trials)
	for _, c := range cells {
		if r := c.rmse / c.sigma; r > bound {
			t.Errorf("superminhash n=%d J=%.2f: rmse/σ = %.3f > %.3f", c.n, c.j, r, bound)
		}
	}
	t.Logf("superminhash, K=%d, %d trials per cell:\n%s", DefaultK, trials, formatCells(cells))
}
