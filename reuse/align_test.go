package reuse

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/minhash"
)

// tokensOf analyses one sentence and returns its words.
func tokensOf(s string) ([]word, string) {
	st := newAnalyser(nil).analyse(corpus.Doc{Text: []byte(s)})
	return wordsOf(st, 0, int32(st.toks.len())), s
}

func TestAlign(t *testing.T) {
	for _, tc := range []struct {
		a, b    string
		wantA   string // the aligned stretch of a
		matched int32
	}{
		{"the suspect was later shown confessing that he was told to prepare homemade bombs rigged with shrapnel",
			"The suspect was later shown confessing that he was told to make homemade bombs filled with shrapnel.",
			"the suspect was later shown confessing that he was told to prepare homemade bombs rigged with shrapnel", 15},
		{`"President Trump stressed the importance of intelligence cooperations to defeat terrorists wherever they may be," the statement read`,
			"“President Trump stressed the importance of intelligence cooperation to defeat terrorists wherever they may be.”",
			"President Trump stressed the importance of intelligence cooperations to defeat terrorists wherever they may be", 15},
		{"He said U.S. officials were PLEASED with the outcome of the talks in Moscow today",
			"Officials in Washington said US officials were pleased with the outcome of the talks in Moscow",
			"said U.S. officials were PLEASED with the outcome of the talks in Moscow", 13},
		{"completely different words here and nothing in common at all", "Putin thanked Trump for the CIA tip on Sunday", "", 0},
	} {
		a, as := tokensOf(tc.a)
		b, _ := tokensOf(tc.b)
		var al aligner
		got := al.alignWords(nil, a, b, 0, 0, 6)
		if tc.matched == 0 {
			if len(got) != 0 {
				t.Errorf("align(%q, %q) = %d alignments, want none", tc.a, tc.b, len(got))
			}
			continue
		}
		if len(got) == 0 {
			t.Errorf("align(%q, %q): no alignment", tc.a, tc.b)
			continue
		}
		g := got[0]
		stretch := as[a[g.a0].start:a[g.a1-1].end]
		if stretch != tc.wantA || g.matched != tc.matched {
			t.Errorf("align(%q, %q) = %q with %d matched, want %q with %d", tc.a, tc.b, stretch, g.matched, tc.wantA, tc.matched)
		}
	}
}

// TestAlignShort: an alignment's score is at most the words of the shorter
// side, so a unit shorter than the least score aligns with nothing, not
// even with itself or a longer copy (extend leaves such neighbours out).
func TestAlignShort(t *testing.T) {
	const minScore = 6
	r := rand.New(rand.NewPCG(5, 6))
	var al aligner
	for trial := range 300 {
		n := 1 + r.IntN(minScore-1)
		a := make([]uint32, n)
		for i := range a {
			a[i] = uint32(r.IntN(3)) // few stems: many matches
		}
		b := append(slices.Clone(a), a...)
		content := newBitset(n)
		for i := range n {
			content.set(i)
		}
		if got := al.align(nil, content, a, b, 0, 0, minScore); len(got) != 0 {
			t.Fatalf("trial %d: %d stems aligned %d times, best %d matched", trial, n, len(got), got[0].matched)
		}
		if got := al.align(nil, content, a, a, 0, 0, int32(n)); len(got) != 1 || got[0].matched != int32(n) {
			t.Fatalf("trial %d: %d stems with themselves at score %d: %v", trial, n, n, got)
		}
	}
}

// TestCandidatePairs checks the postings against brute force: for every
// hash and every two documents that hold it, their units that hold it
// paired in order (the i-th of one with the i-th of the other, the last of
// the shorter list standing in for the rest), and no others.
func TestCandidatePairs(t *testing.T) {
	var ps []posting
	x := uint64(1)
	for u := uint32(0); u < 300; u++ {
		for k := 0; k < 8; k++ {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			ps = append(ps, posting{hash: (x % 500) * 0x9E3779B97F4A7C15, unit: u, doc: u / 10})
		}
	}
	// units[hash][doc]: the units of doc holding hash, in order.
	units := map[uint64]map[uint32][]uint32{}
	for _, p := range ps {
		if units[p.hash] == nil {
			units[p.hash] = map[uint32][]uint32{}
		}
		if l := units[p.hash][p.doc]; len(l) == 0 || l[len(l)-1] != p.unit {
			units[p.hash][p.doc] = append(l, p.unit)
		}
	}
	want := map[uint64]bool{}
	for _, byDoc := range units {
		for da, la := range byDoc {
			for db, lb := range byDoc {
				if da >= db {
					continue
				}
				for i := range max(len(la), len(lb)) {
					x, y := la[min(i, len(la)-1)], lb[min(i, len(lb)-1)]
					want[uint64(min(x, y))<<32|uint64(max(x, y))] = true
				}
			}
		}
	}
	got, sorted := candidatesOf(ps, 3, nil)
	if !slices.IsSorted(got) {
		t.Fatal("candidatePairs: pairs not sorted (they are spread over ranges of first units and laid end to end)")
	}
	if len(got) != len(want) {
		t.Fatalf("candidatePairs: %d pairs, brute force %d", len(got), len(want))
	}
	for _, p := range got {
		if !want[p] {
			t.Fatalf("candidatePairs: pair %x not in brute force", p)
		}
	}
	// The postings come back sorted by hash, then unit.
	byHash := func(a, b posting) int {
		if a.hash != b.hash {
			return cmp.Compare(a.hash, b.hash)
		}
		return cmp.Compare(a.unit, b.unit)
	}
	wantSorted := slices.Clone(ps)
	slices.SortStableFunc(wantSorted, byHash)
	if !slices.Equal(sorted, wantSorted) {
		t.Errorf("candidatePairs: the postings returned are not ps sorted by hash and unit")
	}
	// Each document's set, read off them, is its SortUnique set less
	// the hashes of no other document, as ranks; its distinct count is that set's.
	docs := make([]*docState, 30)
	sizes := make([]int, len(docs))
	var each [30][]uint64
	for i := range docs {
		docs[i] = &docState{}
	}
	for _, p := range ps {
		sizes[p.doc]++
		each[p.doc] = append(each[p.doc], p.hash)
	}
	// sharedRank is a hash's rank among those of two documents or more.
	var shared []uint64
	for h, byDoc := range units {
		if len(byDoc) > 1 {
			shared = append(shared, h)
		}
	}
	slices.Sort(shared)
	sharedRank := func(h uint64) int {
		k, _ := slices.BinarySearch(shared, h)
		return k
	}
	for _, w := range []int{1, 2, 7} {
		setsFrom(docs, sorted, sizes, nil, w)
		for i, d := range docs {
			set := minhash.SortUnique(slices.Clone(each[i]))
			var want []uint32 // ranks among the hashes in two documents or more
			for _, h := range set {
				for j := range docs {
					if j != i && slices.Contains(each[j], h) {
						want = append(want, uint32(sharedRank(h)))
						break
					}
				}
			}
			if !slices.Equal(d.set, want) || d.distinct != len(set) {
				t.Fatalf("setsFrom, %d workers: document %d has %v of %d, want %v of %d", w, i, d.set, d.distinct, want, len(set))
			}
		}
	}
}

// candidatesOf buckets ps (bucketSlice) and returns candidatePairs' pairs
// and the postings sorted as it leaves them; rank nil ranks documents by
// number.
func candidatesOf(ps []posting, workers int, rank []uint32) ([]uint64, []posting) {
	if rank == nil {
		n := uint32(0)
		for _, p := range ps {
			n = max(n, p.doc+1)
		}
		rank = make([]uint32, n)
		for i := range rank {
			rank[i] = uint32(i)
		}
	}
	units := 0
	for _, p := range ps {
		units = max(units, int(p.unit)+1)
	}
	sorted, start := bucketSlice(ps, workers)
	pairs, _ := candidatePairs(sorted, start, rank, units, &unitLists{}, workers)
	return pairs, sorted
}

// TestCandidatePostings: the postings candidatePairs returns are those
// given, sorted by hash and then unit, however many goroutines share the
// counting sort; enough of them that each has a part.
func TestCandidatePostings(t *testing.T) {
	x := uint64(7)
	var ps []posting
	for u := uint32(0); u < 40000; u++ {
		for k := 0; k < 5; k++ {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			h := x
			if k == 0 {
				h = x % 5000 << 40 // repeated, in one bucket or a few
			}
			ps = append(ps, posting{hash: h, unit: u, doc: u / 20})
		}
	}
	want := slices.Clone(ps)
	slices.SortStableFunc(want, func(a, b posting) int { return cmp.Compare(a.hash, b.hash) })
	for _, w := range []int{1, 2, 3} {
		_, sorted := candidatesOf(ps, w, nil)
		if !slices.Equal(sorted, want) {
			t.Fatalf("%d workers: the postings are not sorted stably by hash", w)
		}
	}
}

// TestCommonShingle: the units of a shingle in more than starDocs
// documents are paired only with the leader, the first unit of the
// document of least rank: a star, not all with all.
func TestCommonShingle(t *testing.T) {
	const n = 200
	for _, reverse := range []bool{false, true} {
		var ps []posting
		rank := make([]uint32, n)
		for u := uint32(0); u < n; u++ {
			ps = append(ps, posting{hash: 0xC0FFEE << 20, unit: u, doc: u})
			rank[u] = u
			if reverse {
				rank[u] = n - 1 - u
			}
		}
		lead := uint32(0)
		if reverse {
			lead = n - 1
		}
		got, _ := candidatesOf(ps, 2, rank)
		var want []uint64
		for u := uint32(0); u < n; u++ {
			if u != lead {
				want = append(want, uint64(min(u, lead))<<32|uint64(max(u, lead)))
			}
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("reverse %v: %d pairs, want the %d of a star around unit %d", reverse, len(got), len(want), lead)
		}
	}
	// At starDocs documents or fewer, all with all.
	var ps []posting
	for u := uint32(0); u < starDocs; u++ {
		ps = append(ps, posting{hash: 7 << 40, unit: u, doc: u})
	}
	if got, _ := candidatesOf(ps, 1, nil); len(got) != starDocs*(starDocs-1)/2 {
		t.Errorf("%d documents: %d pairs, want all %d", starDocs, len(got), starDocs*(starDocs-1)/2)
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{"cooperations": "cooperation", "russia's": "russia", "press": "press", "us": "us", "bus": "bus"} {
		if got := string(stem([]byte(in))); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUnitLists: a large run's unit list is new once, in any order; a
// different list, or one shorter than bigList, is always new.
func TestUnitLists(t *testing.T) {
	var l unitLists
	var scratch []uint32
	run := func(units ...uint32) []posting {
		var ps []posting
		for _, u := range units {
			ps = append(ps, posting{unit: u, doc: u})
		}
		return ps
	}
	big := run(1, 2, 3, 4, 5, 6, 7, 8, 9)
	for _, c := range []struct {
		ps   []posting
		want bool
	}{
		{big, true},
		{big, false},
		{run(9, 1, 2, 3, 4, 5, 6, 7, 8), false}, // a star's representative first
		{run(1, 2, 3, 4, 5, 6, 7, 8, 10), true},
		{run(1, 2, 3), true},
		{run(1, 2, 3), true},
	} {
		if got := l.first(c.ps, &scratch); got != c.want {
			t.Errorf("first(%v) = %v, want %v", c.ps, got, c.want)
		}
	}
	// A sentence copied into starDocs documents, 30 shingles long, and 5
	// copies edited in its middle: candidatePairs still makes every pair
	// that brute force finds.
	var ps []posting
	for d := uint32(0); d < starDocs; d++ {
		for k := uint64(0); k < 30; k++ {
			h := (k + 1) * 0x9E3779B97F4A7C15
			if d < 5 && k >= 10 && k < 20 {
				h ^= uint64(d+1) << 7 // edited: shingles of its own
			}
			ps = append(ps, posting{hash: h, unit: d, doc: d})
		}
	}
	got, _ := candidatesOf(ps, 2, nil)
	var want []uint64
	for a := uint64(0); a < starDocs; a++ {
		for b := a + 1; b < starDocs; b++ {
			want = append(want, a<<32|b)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("copied sentence: %d pairs, want %d", len(got), len(want))
	}
}

// TestPairStore: aligners keeping pairs in one store at once, across many
// slabs, each read back the pairs they kept.
func TestPairStore(t *testing.T) {
	var store pairStore
	const aligners, each = 4, 3000
	got := make([][]alignment, aligners)
	var wg sync.WaitGroup
	for g := range aligners {
		wg.Go(func() {
			var al aligner
			al.useStore(&store)
			for k := range each {
				n := 1 + (k*7+g)%50
				pairs := make([][2]int32, n)
				for i := range pairs {
					pairs[i] = [2]int32{int32(g), int32(k*100 + i)}
				}
				x := alignment{piece: piece{matched: int32(n)}}
				al.keep(&x, pairs)
				got[g] = append(got[g], x)
			}
		})
	}
	wg.Wait()
	if len(store.slabs) < 2*aligners {
		t.Errorf("%d slabs: the test does not cross slab boundaries", len(store.slabs))
	}
	for g, xs := range got {
		for k, x := range xs {
			p := store.pairs(x)
			if len(p) != int(x.matched) {
				t.Fatalf("aligner %d, alignment %d: %d pairs, want %d", g, k, len(p), x.matched)
			}
			for i, q := range p {
				if q != [2]int32{int32(g), int32(k*100 + i)} {
					t.Fatalf("aligner %d, alignment %d: pair %d = %v", g, k, i, q)
				}
			}
		}
	}
}

// bucketSlice is bucketPostings of a slice, in as many parts as workers.
func bucketSlice(ps []posting, workers int) ([]posting, []int32) {
	parts := max(1, min(workers, len(ps)/(1<<16)))
	partOf := func(p int) []posting { return ps[len(ps)*p/parts : len(ps)*(p+1)/parts] }
	nbits := bucketBits(len(ps))
	return bucketPostings(parts, workers, nbits, func(p int, c []int32) {
		for _, x := range partOf(p) {
			c[bucketOf(x.hash, nbits)]++
		}
	}, func(p int, fill []int32, sorted []posting) {
		for _, x := range partOf(p) {
			b := bucketOf(x.hash, nbits)
			sorted[fill[b]] = x
			fill[b]++
		}
	})
}
