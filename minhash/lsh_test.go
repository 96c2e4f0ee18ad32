package minhash

import (
	"encoding/binary"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/cespare/xxhash/v2"
)

func TestOptimalParams(t *testing.T) {
	skipUnderRace(t)
	for _, tt := range []struct {
		threshold float64
		k         int
	}{{0.8, 128}, {0.5, 128}, {0.9, 64}, {0.3, 256}} {
		p, err := OptimalParams(tt.threshold, tt.k, 0.5, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		if p.Bands*p.Rows > tt.k {
			t.Errorf("OptimalParams(%v, %d) = %+v: uses more than K values", tt.threshold, tt.k, p)
		}
		// The S-curve crosses one half near the threshold: its midpoint
		// (1/b)^(1/r) lies within 0.1 of t.
		mid := math.Pow(1/float64(p.Bands), 1/float64(p.Rows))
		if math.Abs(mid-tt.threshold) > 0.1 {
			t.Errorf("OptimalParams(%v, %d) = %+v: S-curve midpoint %.3f", tt.threshold, tt.k, p, mid)
		}
		// Oracle: no banding has a lower weighted error, by a finer
		// midpoint-rule integral computed here.
		cost := func(q Params) float64 {
			const n = 4000
			fp, fn := 0.0, 0.0
			for i := 0; i < n; i++ {
				s := (float64(i) + 0.5) / n
				if s < tt.threshold {
					fp += q.Probability(s) / n
				} else {
					fn += (1 - q.Probability(s)) / n
				}
			}
			return 0.5*fp + 0.5*fn
		}
		best := cost(p)
		for b := 1; b <= tt.k; b++ {
			for r := 1; b*r <= tt.k; r++ {
				if c := cost(Params{b, r}); c < best-1e-4 {
					t.Errorf("OptimalParams(%v, %d) = %+v (cost %.5f), but %d×%d costs %.5f", tt.threshold, tt.k, p, best, b, r, c)
				}
			}
		}
	}
	if _, err := OptimalParams(1, 128, 0.5, 0.5); err == nil {
		t.Errorf("threshold 1 accepted")
	}
}

// TestIndexMatchesBruteForce checks Query and Pairs against comparing band
// slices directly, on signatures with few distinct values so that many
// bands collide.
func TestIndexMatchesBruteForce(t *testing.T) {
	p := Params{Bands: 6, Rows: 2}
	state := uint64(7)
	const n = 300
	sigs := make([]Signature, n)
	for i := range sigs {
		sigs[i] = make(Signature, 12)
		for j := range sigs[i] {
			sigs[i][j] = splitmix(&state) % 4
		}
	}
	sigs[17] = make(Signature, 12)
	for j := range sigs[17] {
		sigs[17][j] = Empty // an empty set: nobody's candidate
	}
	ix, err := NewIndex(p)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sigs {
		if err := ix.Add(uint32(i), s); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Add(3, sigs[3]); err == nil {
		t.Errorf("adding id 3 twice succeeded")
	}
	if err := ix.Add(n, sigs[0][:5]); err == nil {
		t.Errorf("short signature accepted")
	}
	collide := func(a, b int) bool {
		if a == 17 || b == 17 {
			return false
		}
		for band := 0; band < p.Bands; band++ {
			lo, hi := band*p.Rows, (band+1)*p.Rows
			if slices.Equal(sigs[a][lo:hi], sigs[b][lo:hi]) {
				return true
			}
		}
		return false
	}
	var want, got [][2]uint32
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if collide(a, b) {
				want = append(want, [2]uint32{uint32(a), uint32(b)})
			}
		}
	}
	ix.Pairs(func(a, b uint32) bool {
		got = append(got, [2]uint32{a, b})
		return true
	})
	if !slices.Equal(got, want) {
		t.Fatalf("Pairs gave %d pairs, brute force %d", len(got), len(want))
	}
	// The batch path: AddAll on several goroutines, in two batches, and
	// CandidatePairs, give the same pairs.
	for _, workers := range []int{1, 3} {
		batch, _ := NewIndex(p)
		if workers == 3 {
			batch.Reserve(n)
		}
		if err := batch.AddAll(0, sigs[:100], workers); err != nil {
			t.Fatal(err)
		}
		if err := batch.AddAll(100, sigs[100:], workers); err != nil {
			t.Fatal(err)
		}
		if err := batch.AddAll(5, sigs[:1], workers); err == nil {
			t.Errorf("AddAll of id 5 twice succeeded")
		}
		var all [][2]uint32
		for _, c := range batch.CandidatePairs(workers) {
			all = append(all, [2]uint32{uint32(c >> 32), uint32(c)})
		}
		if !slices.Equal(all, want) || batch.Len() != n {
			t.Errorf("workers %d: AddAll and CandidatePairs gave %d pairs of %d ids, brute force %d of %d", workers, len(all), batch.Len(), len(want), n)
		}
	}
	// One id at a time by band keys, as a caller that keeps keys does.
	byKeys, _ := NewIndex(p)
	for i, sg := range sigs {
		var keys []uint64
		if !sg.IsEmpty() {
			keys = AppendBandKeys(nil, sg, p)
		}
		if err := byKeys.AddKeys(uint32(i), keys); err != nil {
			t.Fatal(err)
		}
	}
	var keyed [][2]uint32
	byKeys.Pairs(func(a, b uint32) bool { keyed = append(keyed, [2]uint32{a, b}); return true })
	if !slices.Equal(keyed, want) {
		t.Errorf("AddKeys gave %d pairs, brute force %d", len(keyed), len(want))
	}
	for _, a := range []int{0, 17, 123} {
		q := ix.Query(sigs[a]).ToArray()
		var w []uint32
		for b := 0; b < n; b++ {
			if b == a && a != 17 || collide(a, b) {
				w = append(w, uint32(b))
			}
		}
		if !slices.Equal(q, w) {
			t.Errorf("Query(sig %d) = %v, brute force %v", a, q, w)
		}
	}
}

// TestReserveKept checks that the tables Reserve makes are the ones a
// first, smaller AddAllKeys fills, not made again to the batch's size (and
// then grown step by step by the batches after it).
func TestReserveKept(t *testing.T) {
	p := Params{Bands: 4, Rows: 1}
	ix, _ := NewIndex(p)
	ix.Reserve(10000)
	before := reflect.ValueOf(ix.bands[2].keys).UnsafePointer()
	if err := ix.AddAllKeys(0, [][]uint64{{1, 2, 3, 4}, {5, 6, 7, 8}}, 2); err != nil {
		t.Fatal(err)
	}
	if after := reflect.ValueOf(ix.bands[2].keys).UnsafePointer(); after != before {
		t.Errorf("AddAllKeys made band 2's table again after Reserve")
	}
	fresh, _ := NewIndex(p)
	before = reflect.ValueOf(fresh.bands[2].keys).UnsafePointer()
	if err := fresh.AddAllKeys(0, [][]uint64{{1, 2, 3, 4}}, 2); err != nil {
		t.Fatal(err)
	}
	if after := reflect.ValueOf(fresh.bands[2].keys).UnsafePointer(); after == before {
		t.Errorf("AddAllKeys kept an unreserved band's first table, not one made to the batch's size")
	}
}

// TestCandidateRate checks that the empirical candidate rate of the default
// scheme follows P(J) = 1 − (1 − J^r)^b for J from 0.1 to 0.9. The bound is
// z·√(P(1−P)/N) for N binomial trials (z = 4.5: a false alarm in fewer than
// 1 in 10,000 runs across all nine points), plus the bias of sampling a
// band's r slots without replacement from a union of u features, which
// gives per-band probability ∏ (m−i)/(u−i) instead of J^r.
func TestCandidateRate(t *testing.T) {
	const (
		trials = 1500
		u      = 1000 // union size: documents, well above K
		z      = 4.5
	)
	p := Params{Bands: 20, Rows: 5}
	s, _ := NewSigner(Options{K: 100})
	state := uint64(99)
	var sa, sb Signature
	for _, j := range []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
		m := int(math.Round(j * u))
		if (u-m)%2 != 0 {
			m++
		}
		jj := float64(m) / u
		hits := 0
		for trial := 0; trial < trials; trial++ {
			a, b := pairWithJaccard(&state, u, m)
			ix, _ := NewIndex(p)
			sa, sb = s.Sign(sa, a), s.Sign(sb, b)
			ix.Add(0, sa)
			if ix.Query(sb).Contains(0) {
				hits++
			}
		}
		rate := float64(hits) / trials
		want := p.Probability(jj)
		perBand := 1.0
		for i := 0; i < p.Rows; i++ {
			perBand *= float64(m-i) / float64(u-i)
		}
		bias := math.Abs(want - (1 - math.Pow(1-perBand, float64(p.Bands))))
		bound := z*math.Sqrt(want*(1-want)/trials) + bias + 1.0/trials
		if math.Abs(rate-want) > bound {
			t.Errorf("J=%.2f: candidate rate %.4f, want %.4f ± %.4f", jj, rate, want, bound)
		}
		t.Logf("J=%.2f rate %.4f theory %.4f bound ±%.4f", jj, rate, want, bound)
	}
}

func TestRecallParams(t *testing.T) {
	for _, tt := range []struct {
		threshold float64
		k         int
	}{{0.8, 128}, {0.5, 128}, {0.95, 64}, {0.3, 16}} {
		p, err := RecallParams(tt.threshold, tt.k, 0.99)
		if err != nil {
			t.Fatal(err)
		}
		if p.Bands*p.Rows > tt.k || p.Probability(tt.threshold) < 0.99 {
			t.Errorf("RecallParams(%v, %d) = %+v: recall %.4f", tt.threshold, tt.k, p, p.Probability(tt.threshold))
		}
		// Oracle: no banding with the recall has less mass below t.
		fp := integrate(p.Probability, 0, tt.threshold)
		for b := 1; b <= tt.k; b++ {
			for r := 1; b*r <= tt.k; r++ {
				q := Params{b, r}
				if q.Probability(tt.threshold) >= 0.99 && integrate(q.Probability, 0, tt.threshold) < fp-1e-9 {
					t.Errorf("RecallParams(%v, %d) = %+v, but %+v has less false-positive mass", tt.threshold, tt.k, p, q)
				}
			}
		}
	}
	if _, err := RecallParams(0.8, 128, 1); err == nil {
		t.Errorf("recall 1 accepted")
	}
}

// TestMinK: RecallParams bands MinK values and no fewer, over a grid of
// thresholds and recalls.
func TestMinK(t *testing.T) {
	for _, th := range []float64{0.05, 0.3, 0.5, 0.8, 0.9, 0.99, 1} {
		for _, recall := range []float64{0.5, 0.9, 0.99, 0.999} {
			k := MinK(th, recall)
			if _, err := RecallParams(th, k, recall); err != nil {
				t.Errorf("MinK(%v, %v) = %d, but RecallParams: %v", th, recall, k, err)
			}
			if _, err := RecallParams(th, k-1, recall); k > 1 && err == nil {
				t.Errorf("MinK(%v, %v) = %d, but %d values band too", th, recall, k, k-1)
			}
		}
	}
	if MinK(0, 0.99) != 0 || MinK(0.5, 1) != 0 {
		t.Errorf("MinK out of range is not 0")
	}
}

// TestCandidatePairsEachBand: ids 2k and 2k+1 share band k mod 6 and no
// other, so each band's pairs are found only through that band, whichever
// worker reads it.
func TestCandidatePairsEachBand(t *testing.T) {
	p := Params{Bands: 6, Rows: 2}
	const n = 60
	var want []uint64
	sigs := make([]Signature, n)
	for i := range sigs {
		sigs[i] = make(Signature, p.Bands*p.Rows)
		for j := range sigs[i] {
			sigs[i][j] = uint64(1000*i + j) // shared with no one
		}
		if i%2 == 1 {
			band := (i / 2) % p.Bands
			copy(sigs[i][band*p.Rows:(band+1)*p.Rows], sigs[i-1][band*p.Rows:])
			want = append(want, uint64(i-1)<<32|uint64(i))
		}
	}
	for _, workers := range []int{1, 2, 3, 8} {
		ix, _ := NewIndex(p)
		if err := ix.AddAll(0, sigs, workers); err != nil {
			t.Fatal(err)
		}
		if got := ix.CandidatePairs(workers); !slices.Equal(got, want) {
			t.Errorf("workers %d: %d pairs, want %d", workers, len(got), len(want))
		}
	}
}

// TestCandidatePairsWideBucket holds CandidatePairs to brute force on
// an index where some ids' buckets hold more than fewIDs ids in all (the
// first 700 share band 0; one in three of them also shares band 1 with
// the next id) and the others' hold a few: both ways of listing an id's
// partners, or-ed bitmaps and sorted lists, are taken.
func TestCandidatePairsWideBucket(t *testing.T) {
	p := Params{Bands: 4, Rows: 2}
	const n, wide = 1000, 700
	sigs := make([]Signature, n)
	for i := range sigs {
		sigs[i] = make(Signature, p.Bands*p.Rows)
		for j := range sigs[i] {
			sigs[i][j] = uint64(1000*i + j)
		}
		if i < wide {
			sigs[i][0], sigs[i][1] = 1, 2 // band 0, shared by all of them
		}
		if i%3 == 1 {
			copy(sigs[i][2:4], sigs[i-1][2:4]) // band 1, shared with the id before
		}
		if i%7 == 6 {
			copy(sigs[i][4:8], sigs[i-2][4:8]) // bands 2 and 3, with the id two before
		}
	}
	var want []uint64
	for a := range n {
		for b := a + 1; b < n; b++ {
			for band := range p.Bands {
				lo, hi := band*p.Rows, (band+1)*p.Rows
				if slices.Equal(sigs[a][lo:hi], sigs[b][lo:hi]) {
					want = append(want, uint64(a)<<32|uint64(b))
					break
				}
			}
		}
	}
	if len(want) < wide*(wide-1)/2 {
		t.Fatalf("the corpus has %d pairs, fewer than its wide bucket's", len(want))
	}
	for _, workers := range []int{1, 3} {
		ix, _ := NewIndex(p)
		if err := ix.AddAll(0, sigs, workers); err != nil {
			t.Fatal(err)
		}
		got := ix.CandidatePairs(workers)
		if !slices.Equal(got, want) {
			t.Errorf("workers %d: %d pairs, brute force %d", workers, len(got), len(want))
		}
	}
}

// TestAppendBandKeysXXHash holds AppendBandKeys, which hashes a band's
// values without laying out their bytes (xxh64.Words), to its definition,
// xxhash64 of each band's values as little-endian bytes, for bands of 1
// to 6 rows.
func TestAppendBandKeysXXHash(t *testing.T) {
	state := uint64(3)
	for rows := 1; rows <= 6; rows++ {
		for trial := 0; trial < 200; trial++ {
			p := Params{Bands: 5, Rows: rows}
			sig := make(Signature, p.Bands*p.Rows)
			for i := range sig {
				sig[i] = splitmix(&state)
				if trial%3 == 0 {
					sig[i] >>= 40 // small values, high bytes zero
				}
			}
			got := AppendBandKeys(nil, sig, p)
			for b := range p.Bands {
				var raw []byte
				for _, v := range sig[b*rows : (b+1)*rows] {
					raw = binary.LittleEndian.AppendUint64(raw, v)
				}
				if want := xxhash.Sum64(raw); got[b] != want {
					t.Fatalf("rows %d, band %d: key %x, xxhash64 %x", rows, b, got[b], want)
				}
			}
		}
	}
}
