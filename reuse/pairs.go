package reuse

import (
	"cmp"
	"slices"
	"unsafe"

	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/internal/prefetch"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
)

// pairReports returns the document pairs of the report: those that a
// span's source or matches link (linked[d], the partners named by document
// d's spans), or, with AllPairs, every two documents that share a passage;
// each with the exact Jaccard similarity and containments of their shingle
// sets, and the share of each one's words in spans of passages the other
// carries too. What it reads goes once read, before the next step
// allocates: linked once the pairs are listed, the sets (sets[d].set =
// nil; only their sizes are read after) once the intersections are
// counted, shares once the shared words are, and each document's refs
// (refsOf[d] = nil) once its last pair is made.
func pairReports(ids []string, sets []docSet, reps []report.ScanDocument, passages []passage, linked [][]uint32, shares [][]spanShare, refsOf [][]pairRef, rws [][]rewriteView, opts *Options) []report.ScanPair {
	keys := pairKeys(len(ids), linked, rws, passages, opts)
	clear(linked) // read: each step lets go of what it has read before the next allocates
	inters := intersections(keys, sets, opts.Workers)
	for d := range sets {
		sets[d].set = nil
	}
	sh := sharedWith(keys, len(ids), shares, passages, opts.Workers)
	clear(shares)
	pm := pairMaker{ids: ids, sets: sets, reps: reps, sh: sh, inters: inters, rws: rws, refsOf: refsOf, opts: opts}
	out := make([]report.ScanPair, len(keys))
	scratch := make([][]pairRef, opts.Workers) // each goroutine's
	// A document's refs go once the last pair that reads them is made:
	// the pairs are made a window of keys at a time, in order, and the
	// refs last read in a window let go after it, so that the pairs'
	// passages take the refs' place rather than adding to them.
	release := lastUses(keys, len(refsOf))
	window := cmp.Or(opts.pairWindow, 1<<14)
	for lo := 0; lo < len(keys); lo += window {
		hi := min(lo+window, len(keys))
		parallel.Chunks(hi-lo, 256, opts.Workers, func(w, x0, x1 int) {
			for i := lo + x0; i < lo+x1; i++ {
				pm.warm(keys[:lo+x1], i)
				out[i] = pm.pair(i, keys[i], &scratch[w])
			}
		})
		release.before(hi, refsOf)
	}
	return out
}

// pairMaker makes the report of each document pair (pairReports).
type pairMaker struct {
	ids    []string
	sets   []docSet // their sizes
	reps   []report.ScanDocument
	sh     shared
	inters []int
	rws    [][]rewriteView
	refsOf [][]pairRef
	opts   *Options
}

// warm prefetches what pair reads of the second document of a pair on,
// which the keys' order (by first document) leaves scattered, while it
// makes pair i: of the pair 2·warmAhead places on, the slices' headers
// and the fields it reads; of the pair warmAhead on, the first line of
// each slice and of its ID, whose places the headers warmed before give
// without a wait.
func (pm *pairMaker) warm(keys []uint64, i int) {
	if j := i + 2*warmAhead; j < len(keys) {
		b := uint32(keys[j])
		prefetch.Line(unsafe.Pointer(&pm.refsOf[b]))
		prefetch.Line(unsafe.Pointer(&pm.rws[b]))
		prefetch.Line(unsafe.Pointer(&pm.sh.partners[b]))
		prefetch.Line(unsafe.Pointer(&pm.sh.counts[b]))
		prefetch.Line(unsafe.Pointer(&pm.ids[b]))
		prefetch.Line(unsafe.Pointer(&pm.sets[b]))
		prefetch.Line(unsafe.Pointer(&pm.reps[b].Words))
	}
	if j := i + warmAhead; j < len(keys) {
		b := uint32(keys[j])
		for _, p := range [...]unsafe.Pointer{unsafe.Pointer(unsafe.SliceData(pm.refsOf[b])), unsafe.Pointer(unsafe.SliceData(pm.rws[b])),
			unsafe.Pointer(unsafe.SliceData(pm.sh.partners[b])), unsafe.Pointer(unsafe.SliceData(pm.sh.counts[b])),
			unsafe.Pointer(unsafe.StringData(pm.ids[b]))} {
			if p != nil {
				prefetch.Line(p)
			}
		}
	}
}

// pair makes the report of pair i, key da<<32|db; refs is scratch.
func (pm *pairMaker) pair(i int, key uint64, refs *[]pairRef) report.ScanPair {
	da, db := uint32(key>>32), uint32(key)
	half := func(d, other uint32) pairHalf {
		words, pieces := pm.sh.with(d, other)
		return pairHalf{id: pm.ids[d], distinct: pm.sets[d].distinct, words: pm.reps[d].Words, shared: words, pieces: pieces,
			refs: refsWith(pm.refsOf[d], other), rewrites: viewsWith(pm.rws[d], other)}
	}
	a, b := half(da, db), half(db, da)
	return makePair(&a, &b, pm.inters[i], int32(pm.opts.MaxGap), refs)
}

// pairHalf is what the report of a pair of documents reads of one of
// them: its ID, distinct shingle hashes and words; its words and pieces
// in spans of passages the other carries too; its refs and its sides
// of the rewrites with the other.
type pairHalf struct {
	id                              string
	distinct, words, shared, pieces int
	refs                            []pairRef
	rewrites                        []rewriteView
}

// makePair makes the report of the pair of documents a and b (a the
// lesser by number), of inter shingle hashes in common; refs is scratch.
func makePair(a, b *pairHalf, inter int, maxGap int32, refs *[]pairRef) report.ScanPair {
	in := float64(inter)
	p := report.ScanPair{
		A: a.id, B: b.id,
		Jaccard:         round4(ratio(in, a.distinct+b.distinct-inter)),
		ContainmentAInB: round4(ratio(in, a.distinct)),
		ContainmentBInA: round4(ratio(in, b.distinct)),
		SharedA:         round4(float64(a.shared) / float64(a.words)),
		SharedB:         round4(float64(b.shared) / float64(b.words)),
		Pieces:          a.pieces,
	}
	*refs = append((*refs)[:0], a.refs...)
	for _, r := range b.refs {
		*refs = append(*refs, pairRef{at0: r.bt0, at1: r.bt1, bt0: r.at0, bt1: r.at1,
			ab0: r.bb0, ab1: r.bb1, bb0: r.ab0, bb1: r.ab1, sim: r.sim, rewrite: r.rewrite})
	}
	for _, v := range a.rewrites { // each rewrite is in both views: a's side
		*refs = append(*refs, pairRef{at0: v.t0, at1: v.t1, bt0: v.ot0, bt1: v.ot1,
			ab0: v.b0, ab1: v.b1, bb0: v.ob0, bb1: v.ob1, sim: v.sim, rewrite: true})
	}
	p.Passages = joinRefs(*refs, maxGap, p.A > p.B)
	p.RewrittenA = rewrittenShare(a.rewrites, a.words)
	p.RewrittenB = rewrittenShare(b.rewrites, b.words)
	if p.A > p.B {
		p.A, p.B = p.B, p.A
		p.ContainmentAInB, p.ContainmentBInA = p.ContainmentBInA, p.ContainmentAInB
		p.SharedA, p.SharedB = p.SharedB, p.SharedA
		p.RewrittenA, p.RewrittenB = p.RewrittenB, p.RewrittenA
	}
	return p
}

// lastUse orders documents by the last pair (an index into the keys) that
// reads their refs.
type lastUse struct {
	last   []int32 // each document's
	byLast []int32 // the documents not yet let go, by last
}

// lastUses returns the last use of each of docs documents among keys.
func lastUses(keys []uint64, docs int) *lastUse {
	u := &lastUse{last: make([]int32, docs), byLast: make([]int32, docs)}
	for i, k := range keys {
		u.last[k>>32], u.last[uint32(k)] = int32(i), int32(i)
	}
	for d := range u.byLast {
		u.byLast[d] = int32(d)
	}
	slices.SortFunc(u.byLast, func(a, b int32) int { return cmp.Compare(u.last[a], u.last[b]) })
	return u
}

// before lets go of the refs of the documents whose last pair is before
// key index hi.
func (u *lastUse) before(hi int, refsOf [][]pairRef) {
	for len(u.byLast) > 0 && int(u.last[u.byLast[0]]) < hi {
		refsOf[u.byLast[0]] = nil
		u.byLast = u.byLast[1:]
	}
}

// pairKeys returns the pairs of the report (a<<32|b, a < b), sorted and
// distinct: those linked, those that share only rewrites, and, with
// AllPairs, every two documents of a passage. A counting sort by first
// document, then each document's run sorted on its own: no buffer as
// large as the keys beside them (the report's largest moment).
func pairKeys(docs int, linked [][]uint32, rws [][]rewriteView, passages []passage, opts *Options) []uint64 {
	each := func(fn func(a, b uint32)) {
		for d, ps := range linked {
			for _, p := range ps {
				fn(min(uint32(d), p), max(uint32(d), p))
			}
		}
		for d, vs := range rws { // a pair that shares only rewrites
			for _, v := range vs {
				if uint32(d) < v.other {
					fn(uint32(d), v.other)
				}
			}
		}
		if opts.AllPairs {
			for _, p := range passages {
				for i, a := range p.docs {
					for _, b := range p.docs[i+1:] {
						fn(a, b)
					}
				}
			}
		}
	}
	start := make([]int, docs+1)
	each(func(a, _ uint32) { start[a+1]++ })
	for d := range docs {
		start[d+1] += start[d]
	}
	keys := make([]uint64, start[docs])
	fill := slices.Clone(start[:docs])
	each(func(a, b uint32) {
		keys[fill[a]] = uint64(a)<<32 | uint64(b)
		fill[a]++
	})
	parallel.Chunks(docs, 256, opts.Workers, func(_, lo, hi int) {
		for d := lo; d < hi; d++ {
			slices.Sort(keys[start[d]:start[d+1]])
		}
	})
	return slices.Compact(keys)
}

// intersections returns the size of the intersection of the two sets of
// every pair of keys (a<<32|b). The pairs are grouped by the document of
// the larger set: a group of several (a long licence named by hundreds of
// copyright files) marks that set's ranks in a bit set once and counts each
// partner's marked ranks, instead of merging the large set once a pair; a
// small group merges (minhash.Intersection).
func intersections(keys []uint64, sets []docSet, workers int) []int {
	const group, large = 3, 256 // the least pairs and set size for a bit set
	bigger := func(k uint64) (big, other uint32) {
		a, b := uint32(k>>32), uint32(k)
		if len(sets[b].set) > len(sets[a].set) {
			return b, a
		}
		return a, b
	}
	// The keys' indices by the document of the larger set (a counting
	// sort): those of document d are order[start[d]:start[d+1]].
	start := make([]int32, len(sets)+1)
	for _, k := range keys {
		big, _ := bigger(k)
		start[big+1]++
	}
	ranks := uint32(0)
	for d := range sets {
		start[d+1] += start[d]
		if s := sets[d].set; len(s) > 0 {
			ranks = max(ranks, s[len(s)-1]+1)
		}
	}
	order := make([]int32, len(keys))
	fill := slices.Clone(start[:len(sets)])
	for i, k := range keys {
		big, _ := bigger(k)
		order[fill[big]] = int32(i)
		fill[big]++
	}
	inters := make([]int, len(keys))
	bitsets := make([][]uint64, workers) // each goroutine's: a bit a rank, all clear between groups
	parallel.Chunks(len(sets), 64, workers, func(w, lo, hi int) {
		for d := lo; d < hi; d++ {
			own := order[start[d]:start[d+1]]
			big := sets[d].set
			if len(own) < group || len(big) < large {
				for _, i := range own {
					_, other := bigger(keys[i])
					inters[i] = minhash.Intersection(big, sets[other].set)
				}
				continue
			}
			if bitsets[w] == nil {
				bitsets[w] = make([]uint64, ranks/64+1)
			}
			marked := bitsets[w]
			for _, r := range big {
				marked[r>>6] |= 1 << (r & 63)
			}
			for _, i := range own {
				_, other := bigger(keys[i])
				n := uint64(0)
				for _, r := range sets[other].set {
					n += marked[r>>6] >> (r & 63) & 1
				}
				inters[i] = int(n)
			}
			for _, r := range big {
				marked[r>>6] = 0
			}
		}
	})
	return inters
}

// docSet is what the pairs read of a document: the distinct shingle
// hashes it shares with another (docState.set) and the number of its
// distinct shingle hashes.
type docSet struct {
	set      []uint32
	distinct int
}

// shared holds, for every document, its partners in the report's pairs
// (sorted) and, for each, the words and number of its spans whose
// passages the partner carries too.
type shared struct {
	partners [][]uint32
	counts   [][]spanCount
}

type spanCount struct{ words, spans int32 }

// sharedWith counts the shared spans of every pair of keys (a<<32|b,
// a < b, sorted), a document at a time: each span's passage members are
// met with the document's partners by a merge, so that a document's cost
// is its spans times the smaller of its partners and a passage's reach,
// not its spans times its partners.
func sharedWith(keys []uint64, nDocs int, shares [][]spanShare, passages []passage, workers int) shared {
	s := shared{partners: make([][]uint32, nDocs), counts: make([][]spanCount, nDocs)}
	// The keys are sorted by a, then b: each list comes out sorted.
	for _, k := range keys {
		a, b := uint32(k>>32), uint32(k)
		s.partners[a] = append(s.partners[a], b)
		s.partners[b] = append(s.partners[b], a)
	}
	parallel.Chunks(nDocs, 16, workers, func(_, lo, hi int) {
		for d := lo; d < hi; d++ {
			ps := s.partners[d]
			if len(ps) == 0 {
				continue
			}
			counts := make([]spanCount, len(ps))
			for _, sh := range shares[d] {
				eachCommon(passages[sh.passage].docs, ps, func(k int) {
					counts[k].words += sh.words
					counts[k].spans++
				})
			}
			s.counts[d] = counts
		}
	})
	return s
}

// with returns the words and number of document d's spans whose passages
// document other, one of its partners, carries too.
func (s *shared) with(d, other uint32) (words, spans int) {
	k, _ := slices.BinarySearch(s.partners[d], other)
	c := s.counts[d][k]
	return int(c.words), int(c.spans)
}

// eachCommon calls fn(k) for every b[k] also in a, both sorted and
// distinct: by a merge, or by searching the longer for each element of
// the shorter when one is over four times the other.
func eachCommon(a, b []uint32, fn func(k int)) {
	if len(a)*4 < len(b) {
		for _, x := range a {
			if k, ok := slices.BinarySearch(b, x); ok {
				fn(k)
			}
		}
		return
	}
	if len(b)*4 < len(a) {
		for k, x := range b {
			if _, ok := slices.BinarySearch(a, x); ok {
				fn(k)
			}
		}
		return
	}
	for i, k := 0, 0; i < len(a) && k < len(b); {
		switch {
		case a[i] < b[k]:
			i++
		case a[i] > b[k]:
			k++
		default:
			fn(k)
			i++
			k++
		}
	}
}

// pairRef is a stretch of a document aligned with one of document other,
// as docReport finds them (pieceRefs): their tokens and bytes (a: the
// document's own, b: the other's), and the similarity of the two.
type pairRef struct {
	other              uint32
	at0, at1, bt0, bt1 int32
	ab0, ab1, bb0, bb1 int32
	sim                float32
	rewrite            bool // a rewrite (rewrites.go), not a copy
}

// refsWith returns a document's refs (sorted by other document:
// pieceRefs) with document other.
func refsWith(refs []pairRef, other uint32) []pairRef {
	return runWith(refs, other, func(r pairRef) uint32 { return r.other })
}

// joinRefs returns the passages of a pair from its refs (reordered): the
// stretches aligned, those that overlap in both documents (one stretch
// seen from each side), or follow one another in both across a gap they
// bridge (bridges), joined into one, with the similarity of its parts
// weighted by their words (an overlap counted once). A stretch is a copy when any of its parts is, else a rewrite: a
// sentence rewritten between two copied ones is part of one copied
// stretch. With swap, a and b trade places.
func joinRefs(refs []pairRef, maxGap int32, swap bool) []report.PairPassage {
	slices.SortFunc(refs, func(x, y pairRef) int {
		if c := cmp.Compare(x.at0, y.at0); c != 0 {
			return c
		}
		return cmp.Compare(x.bt0, y.bt0)
	})
	var out []report.PairPassage
	for i := 0; i < len(refs); {
		cur := refs[i]
		words := float64(cur.at1 - cur.at0 + cur.bt1 - cur.bt0)
		sum := float64(cur.sim) * words
		copied := !cur.rewrite
		j := i + 1
		for ; j < len(refs); j++ {
			r := refs[j] // r.at0 >= cur.at0
			overlap := r.at0 < cur.at1 && r.bt0 < cur.bt1 && cur.bt0 < r.bt1
			follows := r.at0 >= cur.at1 && r.bt0 >= cur.bt1 && bridges(r.at0-cur.at1, r.bt0-cur.bt1, maxGap)
			if !overlap && !follows {
				break
			}
			// Only what r adds to the stretch so far counts.
			if add := float64(max(0, r.at1-cur.at1) + max(0, cur.bt0-r.bt0) + max(0, r.bt1-cur.bt1)); add > 0 {
				sum += float64(r.sim) * add
				words += add
			}
			copied = copied || !r.rewrite
			cur.at1, cur.ab1 = max(cur.at1, r.at1), max(cur.ab1, r.ab1)
			cur.bt0, cur.bb0 = min(cur.bt0, r.bt0), min(cur.bb0, r.bb0)
			cur.bt1, cur.bb1 = max(cur.bt1, r.bt1), max(cur.bb1, r.bb1)
		}
		i = j
		pp := report.PairPassage{AStart: int(cur.ab0), AEnd: int(cur.ab1), BStart: int(cur.bb0), BEnd: int(cur.bb1),
			Words: int(cur.at1 - cur.at0), Similarity: round4(ratio(sum, int(words))), Kind: report.KindCopy}
		if !copied {
			pp.Kind = report.KindRewrite
		}
		if swap {
			pp.AStart, pp.AEnd, pp.BStart, pp.BEnd = pp.BStart, pp.BEnd, pp.AStart, pp.AEnd
			pp.Words = int(cur.bt1 - cur.bt0)
		}
		out = append(out, pp)
	}
	return out
}

// maxBridge is the most unaligned words between two aligned stretches of
// a pair that one stretch bridges, and maxBridgeSkew the most by which the
// two documents' gaps may differ: a sentence edited past alignment in
// both, not a sentence one of them added. Measured on the generated
// corpora of BenchmarkScanAccuracy: joining only gaps of at most MaxGap
// words made 1.15 detections per copied stretch with medium edits and 1.21
// with heavy; gaps of 40 words differing by at most 12, 1.006 and 1.017,
// the words of the detections as precise (0.999 in labelled copies). A
// skew of half the longer gap made 1.09 and 1.11.
const (
	maxBridge     = 40
	maxBridgeSkew = 12
)

// bridges reports whether two aligned stretches of a pair, gapA words
// apart in a and gapB in b, are one stretch: at most maxGap words apart in
// both, or at most maxBridge in both with at most maxBridgeSkew more in
// one than in the other.
func bridges(gapA, gapB, maxGap int32) bool {
	lo, hi := min(gapA, gapB), max(gapA, gapB)
	return hi <= maxGap || hi <= maxBridge && hi-lo <= maxBridgeSkew
}

// rewrittenShare is the share of a document's words in its rewrite views
// vs (with one other document), each word counted once.
func rewrittenShare(vs []rewriteView, words int) float64 {
	if len(vs) == 0 || words == 0 {
		return 0
	}
	ranges := make([][2]int32, len(vs))
	for i, v := range vs {
		ranges[i] = [2]int32{v.t0, v.t1}
	}
	return round4(float64(tokensIn(ranges, nil)) / float64(words))
}
