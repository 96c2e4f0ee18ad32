package report

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/copydesk/copydesk/internal/parallel"
)

// Sort puts the report in its documented order, numbers the passages in
// that order (renumbering the spans' references to them), and makes nil
// lists empty.
func (r *Scan) Sort() { r.sort() }

// sort is Sort, and returns how it renumbered the passages.
func (r *Scan) sort() renumbering {
	r.Version = ScanVersion
	r.Documents = orEmpty(r.Documents)
	r.Skipped = orEmpty(r.Skipped)
	r.Passages = orEmpty(r.Passages)
	r.Pairs = orEmpty(r.Pairs)
	// The pairs sort while the passages and then the documents do, each
	// of those in chunks on every processor: a report of a few hundred
	// thousand documents spends most of a second here.
	var wg sync.WaitGroup
	wg.Go(func() {
		sortFunc(r.Pairs, ComparePairs)
		for i := range r.Pairs {
			SortPair(&r.Pairs[i])
		}
	})
	renumber := r.sortPassages()
	parallel.Chunks(len(r.Documents), 256, runtime.GOMAXPROCS(0), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			SortDocument(&r.Documents[i], renumber.get)
		}
	})
	wg.Wait()
	return renumber
}

// SortNumbering sorts the report as Sort does and returns what its
// passages were numbered before: the passage numbered i+1 after was
// numbered was[i]. (A report written by many writers, as a Beam run's,
// has its documents sorted apart with it: SortDocument.)
func (r *Scan) SortNumbering() (was []int) {
	rn := r.sort()
	was = make([]int, len(r.Passages))
	for i := range was {
		was[i] = i + 1
	}
	for old, new := range rn.dense {
		if new != 0 {
			was[new-1] = old
		}
	}
	for old, new := range rn.sparse {
		if new >= 1 && new <= len(was) {
			was[new-1] = old
		}
	}
	return was
}

// SortPassage puts passage p's members in the order Sort puts them in:
// by document, then start.
func SortPassage(p *Passage) {
	p.Members = orEmpty(p.Members)
	sortFunc(p.Members, compareMembers)
}

// compareMembers orders a passage's members by document, then start.
func compareMembers(a, b Member) int {
	return cmp.Or(strings.Compare(a.Doc, b.Doc), cmp.Compare(a.Start, b.Start))
}

// SortPair puts pair p's passages in the order Sort puts them in: by
// their start in a, then kind.
func SortPair(p *ScanPair) {
	p.Passages = orEmpty(p.Passages)
	sortFunc(p.Passages, func(a, b PairPassage) int {
		return cmp.Or(cmp.Compare(a.AStart, b.AStart), strings.Compare(a.Kind, b.Kind))
	})
}

// ComparePairs orders pairs as Sort does: by a's ID, then b's.
func ComparePairs(a, b ScanPair) int {
	return cmp.Or(strings.Compare(a.A, b.A), strings.Compare(a.B, b.B))
}

// ForOrder returns what Sort's order of the passages and the ledger
// (Ledger) read of passage p: its ID, reach, words, first
// member (as SortPassage orders them), origin and order. A report
// joined on one worker from passages made on many (a Beam run) holds
// that of each passage to number them, not its members.
func (p *Passage) ForOrder() Passage {
	out := Passage{ID: p.ID, Reach: p.Reach, Words: p.Words, Origin: p.Origin, Order: p.Order}
	for i, m := range p.Members {
		if i == 0 || compareMembers(m, out.Members[0]) < 0 {
			out.Members = []Member{{Doc: m.Doc, Start: m.Start}}
		}
	}
	return out
}

// SortDocument puts document d in the order Sort puts a report's
// documents in: its spans, their matches and its rewrites sorted, no
// array absent, and each passage a span names renumbered as renumber
// says (not if it says false).
func SortDocument(d *ScanDocument, renumber func(old int) (int, bool)) {
	d.Spans = orEmpty(d.Spans)
	d.Rewrites = orEmpty(d.Rewrites)
	sortFunc(d.Rewrites, func(a, b Rewrite) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), strings.Compare(a.With.Doc, b.With.Doc))
	})
	d.Original = orEmpty(d.Original)
	d.Boilerplate = orEmpty(d.Boilerplate)
	d.Attributions = orEmpty(d.Attributions)
	d.Repairs = orEmpty(d.Repairs)
	sortFunc(d.Spans, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	for k := range d.Spans {
		sp := &d.Spans[k]
		sp.Pieces = orEmpty(sp.Pieces)
		for j := range sp.Pieces {
			if id, ok := renumber(sp.Pieces[j].Passage); ok {
				sp.Pieces[j].Passage = id
			}
		}
		sp.Matches = orEmpty(sp.Matches)
		sortFunc(sp.Matches, compareMatches)
	}
	for k := range d.Attributions {
		d.Attributions[k].Sources = orEmpty(d.Attributions[k].Sources)
	}
}

// compareMatches orders matches most similar first, then by document and
// offset.
func compareMatches(a, b Match) int {
	if c := cmp.Compare(b.Similarity, a.Similarity); c != 0 {
		return c
	}
	if c := strings.Compare(a.Doc, b.Doc); c != 0 {
		return c
	}
	return cmp.Compare(a.Start, b.Start)
}

// sortPassages sorts the passages and their members and numbers them 1,
// 2, ...; it returns the new number of each old one (renumber[old]), or
// nil when none changed.
func (r *Scan) sortPassages() renumbering {
	parallel.Chunks(len(r.Passages), 256, runtime.GOMAXPROCS(0), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			SortPassage(&r.Passages[i])
		}
	})
	ps := r.Passages
	sorted := true
	for i := 1; i < len(ps) && sorted; i++ {
		sorted = comparePassages(&ps[i-1], &ps[i]) <= 0
	}
	if !sorted {
		// Sorted as indices, by keys side by side in one array, then
		// moved into place once: a passage is over a hundred bytes to
		// swap, and its first member lies elsewhere in memory.
		permute(ps, sortedOrder(ps))
	}
	var rn renumbering
	for i := range ps {
		if p := &ps[i]; p.ID != i+1 {
			rn.set(p.ID, i+1, len(ps))
			p.ID = i + 1
		}
	}
	return rn
}

// comparePassages orders passages by reach (most documents first), then
// words (most first), then their first member's document and start.
func comparePassages(a, b *Passage) int {
	ka, kb := keyOf(a), keyOf(b)
	return compareKeys(&ka, &kb)
}

// passageKey is what comparePassages reads of a passage.
type passageKey struct {
	reach, words int
	doc          string // its first member's
	start        int
}

// keyOf returns passage p's key.
func keyOf(p *Passage) passageKey {
	k := passageKey{reach: p.Reach.Documents, words: p.Words}
	if len(p.Members) > 0 {
		k.doc, k.start = p.Members[0].Doc, p.Members[0].Start
	}
	return k
}

// compareKeys is comparePassages of the passages of keys a and b.
func compareKeys(a, b *passageKey) int {
	switch {
	case a.reach != b.reach:
		return cmp.Compare(b.reach, a.reach)
	case a.words != b.words:
		return cmp.Compare(b.words, a.words)
	}
	if c := strings.Compare(a.doc, b.doc); c != 0 {
		return c
	}
	return cmp.Compare(a.start, b.start)
}

// sortedOrder returns the indices of ps in comparePassages' order, equal
// ones in the order given (so that the order is one for any number of
// processors): their keys laid out side by side, and the indices sorted
// by them in parallel (parallel.SortFunc).
func sortedOrder(ps []Passage) []int32 {
	keys := make([]passageKey, len(ps))
	idx := make([]int32, len(ps))
	workers := runtime.GOMAXPROCS(0)
	parallel.Chunks(len(ps), 4096, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			keys[i], idx[i] = keyOf(&ps[i]), int32(i)
		}
	})
	parallel.SortFunc(idx, func(i, j int32) int { return cmp.Or(compareKeys(&keys[i], &keys[j]), cmp.Compare(i, j)) }, workers)
	return idx
}

// permute puts x[idx[k]] at x[k] for every k, in place, following each
// cycle of the permutation; idx is spent.
func permute[T any](x []T, idx []int32) {
	for k := range idx {
		if idx[k] < 0 {
			continue
		}
		tmp, j := x[k], k
		for {
			src := int(idx[j])
			idx[j] = -1
			if src == k {
				x[j] = tmp
				break
			}
			x[j], j = x[src], src
		}
	}
}

// renumbering maps the passages' old ids to their new ones: in a slice
// when the old ids are 1 to n, as Scan gives them, else in a map.
type renumbering struct {
	dense  []int32 // dense[old] = new, 0 for unchanged
	sparse map[int]int
}

func (rn *renumbering) set(old, new, n int) {
	if old >= 1 && old <= n {
		if rn.dense == nil {
			rn.dense = make([]int32, n+1)
		}
		rn.dense[old] = int32(new)
		return
	}
	if rn.sparse == nil {
		rn.sparse = map[int]int{}
	}
	rn.sparse[old] = new
}

func (rn *renumbering) get(old int) (int, bool) {
	if old >= 1 && old < len(rn.dense) && rn.dense[old] != 0 {
		return int(rn.dense[old]), true
	}
	new, ok := rn.sparse[old]
	return new, ok
}

// sortFunc sorts x by cmp, after a check that it is not sorted already, as
// what Scan reports mostly is.
func sortFunc[T any](x []T, cmp func(a, b T) int) {
	if !slices.IsSortedFunc(x, cmp) {
		slices.SortFunc(x, cmp)
	}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
