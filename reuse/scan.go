package reuse

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"unsafe"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

// Defaults of Options. The evidence thresholds were chosen by measurement:
// see the package documentation and TestEvidenceRule.
const (
	DefaultMinWords   = 8
	DefaultMinContent = 4
	DefaultMinCover   = 0.5
	DefaultLongWords  = 20
	DefaultMaxGap     = 4
	DefaultPartners   = 5
)

// Options configures Scan. The zero value means the defaults.
type Options struct {
	Shingle    int // words per shingle in the candidate postings; 0 means shingle.DefaultK
	MinWords   int // matched words a shared passage needs; 0 means DefaultMinWords
	MinContent int // matched content words it needs; 0 means DefaultMinContent, negative means none
	// MinCover is the share of the shorter side's sentences a passage
	// shorter than LongWords must cover; 0 means DefaultMinCover, negative
	// means none. LongWords is the length from which a passage needs no
	// cover; 0 means DefaultLongWords.
	MinCover  float64
	LongWords int
	MaxGap    int // unaligned words allowed between pieces of one passage; 0 means DefaultMaxGap, negative means none
	Partners  int // the most matches a span lists; 0 means DefaultPartners
	// AllPairs lists every two documents that share a passage, not only
	// those a span's source or matches link: a report that grows with the
	// square of a passage's reach, for small corpora.
	AllPairs bool
	Workers  int // 0 means runtime.GOMAXPROCS(0)
}

func (o *Options) fill() error {
	if o.Shingle == 0 {
		o.Shingle = shingle.DefaultK
	}
	if o.MinWords == 0 {
		o.MinWords = DefaultMinWords
	}
	o.MinContent = orNone(o.MinContent, DefaultMinContent)
	o.MinCover = orNone(o.MinCover, DefaultMinCover)
	if o.LongWords == 0 {
		o.LongWords = DefaultLongWords
	}
	o.MaxGap = orNone(o.MaxGap, DefaultMaxGap)
	if o.Partners == 0 {
		o.Partners = DefaultPartners
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	switch {
	case o.Shingle < 1:
		return fmt.Errorf("reuse: shingle width %d is less than 1", o.Shingle)
	case o.MinWords < 1:
		return fmt.Errorf("reuse: min words %d is less than 1", o.MinWords)
	case o.Partners < 1:
		return fmt.Errorf("reuse: partners %d is less than 1", o.Partners)
	}
	return nil
}

// orNone reads an option whose zero value means the default and whose
// negative values mean none (zero).
func orNone[T int | float64](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// link is one aligned piece between a unit of document da and a unit of
// document db (da < db), in token indices of each document.
type link struct {
	da, db uint32
	ua, ub uint32 // the aligned units (corpus-wide ids)
	la, lb int32  // their lengths in tokens
	al     alignment
}

// Scan reads the corpus from src and reports, for every document, the spans
// it shares with other documents, the reuse clusters, and the document pairs.
func Scan(src corpus.Source, opts Options) (*report.Scan, error) {
	phase("begin")
	if err := opts.fill(); err != nil {
		return nil, err
	}
	st, err := align(src, opts)
	if err != nil {
		return nil, err
	}
	return st.report(opts), nil
}

// aligned is a corpus read, its candidates aligned: everything before the
// evidence rule, which report applies.
type aligned struct {
	docs    []*docState
	skipped []report.Skipped
	found   [][]link   // in parts
	pairs   *pairStore // the pairs of the links' alignments
	when    []when     // when each document was published
	rank    []uint32   // each document's place in time (ranks)
}

// report applies the evidence rule to the aligned pieces and builds the
// report. It may run more than once, with different evidence options.
func (st *aligned) report(opts Options) *report.Scan {
	rep := &report.Scan{Params: report.ScanParams{
		Shingle: opts.Shingle, MinWords: opts.MinWords, MinContent: opts.MinContent,
		MinCover: opts.MinCover, LongWords: opts.LongWords,
		MaxGap: opts.MaxGap, Partners: opts.Partners, Pairs: "linked",
	}}
	if opts.AllPairs {
		rep.Params.Pairs = "all"
	}
	rep.Skipped = append(rep.Skipped, st.skipped...)
	phase("start report")
	links := chainLinks(st.found, opts)
	phase("chain")
	buildReport(rep, st, links, &opts)
	phase("build")
	rep.Sort()
	phase("sort")
	return rep
}

// siteFurniture adds each outlet's furniture (corpus.SiteLines) to its
// documents' boilerplate, analysing again the few documents that carry
// some; one left with no words is skipped.
func siteFurniture(docs []*docState, skipped []report.Skipped, sites *corpus.SiteLines, k int) ([]*docState, []report.Skipped) {
	var an *analyser
	n := 0
	for _, st := range docs {
		d := st.doc
		extra := sites.Find(d.Outlet, d.Text)
		if len(extra) > 0 {
			if b := corpus.Merge(d.Boilerplate, extra); !slices.Equal(b, d.Boilerplate) {
				if an == nil {
					an = newAnalyser(k)
				}
				d.Boilerplate = b
				st = an.analyse(d)
				if len(st.toks) == 0 {
					skipped = append(skipped, report.Skipped{ID: d.ID, Path: d.Path, Reason: "no words to compare"})
					continue
				}
			}
		}
		docs[n] = st
		n++
	}
	return docs[:n], skipped
}

// align reads the corpus and aligns every candidate unit pair.
func align(src corpus.Source, opts Options) (*aligned, error) {
	var skipped []report.Skipped
	var docs []*docState
	var sites corpus.SiteLines
	err := corpus.Map(src, opts.Workers, func() func(corpus.Doc) *docState {
		return newAnalyser(opts.Shingle).analyse
	}, func(d corpus.Doc, st *docState) {
		sites.Add(d.Outlet, d.Text)
		if len(st.toks) == 0 {
			skipped = append(skipped, report.Skipped{ID: d.ID, Path: d.Path, Reason: "no words to compare"})
			return
		}
		docs = append(docs, st)
	}, func(s corpus.Skip) {
		skipped = append(skipped, report.Skipped{ID: s.ID, Path: s.Path, Reason: s.Reason})
	})
	if err != nil {
		return nil, err
	}
	docs, skipped = siteFurniture(docs, skipped, &sites, opts.Shingle)
	ws := make([]when, len(docs))
	for i, d := range docs {
		ws[i] = whenOf(&d.doc)
	}
	rank := ranks(ws)

	phase("analyse")
	// Candidates: unit pairs sharing a shingle.
	var total, units, tokens int
	for _, d := range docs {
		total += len(d.feats)
		units += len(d.units)
		for _, u := range d.units {
			tokens += int(u.end - u.start)
		}
	}
	// The stems of every unit, one after another (unit u's are
	// stems[unitOff[u]:unitOff[u+1]]), so that bounds and alignments,
	// which visit units in no local order, read them from few cache
	// lines. Each document's units and stems are written at offsets
	// counted first, in parallel.
	unitDoc := make([]uint32, units)
	unitOf := make([]unit, units)
	stems := make([]uint64, tokens)
	unitOff := make([]uint32, units+1)
	sizes := make([]int, len(docs)) // shingles of each document
	type offsets struct{ unit, stem int }
	at := make([]offsets, len(docs))
	var next offsets
	for i, d := range docs {
		at[i] = next
		sizes[i] = len(d.feats)
		next.unit += len(d.units)
		for _, u := range d.units {
			next.stem += int(u.end - u.start)
		}
	}
	unitOff[units] = uint32(tokens)
	phase("offsets")
	parallelChunks(len(docs), 64, opts.Workers, func(_ *aligner, lo, hi int) {
		for i, d := range docs[lo:hi] {
			i += lo
			o := at[i]
			for k, u := range d.units {
				unitDoc[o.unit+k] = uint32(i)
				unitOf[o.unit+k] = u
				unitOff[o.unit+k] = uint32(o.stem)
				for _, t := range d.toks[u.start:u.end] {
					stems[o.stem] = t.stem
					o.stem++
				}
			}
		}
	})
	// The postings of the documents' shingles, bucketed straight from
	// them, in a part per goroutine; a hash that occurs once makes none
	// (repeats), and is counted in its document's single.
	nParts := max(1, min(opts.Workers, len(docs)))
	partDocs := func(p int) (lo, hi int) { return len(docs) * p / nParts, len(docs) * (p + 1) / nParts }
	counts := make([]*repeatCounts, nParts)
	parallelChunks(nParts, 1, opts.Workers, func(_ *aligner, p, _ int) {
		c := newRepeatCounts(repeatSlots(total))
		lo, hi := partDocs(p)
		for _, d := range docs[lo:hi] {
			c.addAll(d.feats)
		}
		counts[p] = c
	})
	repeated := newRepeats(counts, opts.Workers)
	counts = nil
	// The counting pass keeps each document's repeated hashes at the
	// front of its feats, and each unit's number of them in kept, so
	// that the placing pass reads them straight.
	single := make([]int, len(docs))
	kept := make([]uint8, units) // at most MaxUnit
	sorted, start := bucketPostings(nParts, opts.Workers, func(p int, c []int32) {
		lo, hi := partDocs(p)
		for i := lo; i < hi; i++ {
			d := docs[i]
			u, feats, n := at[i].unit, d.feats, 0
			for _, x := range d.units {
				k := unitShingles(x.end-x.start, int32(opts.Shingle))
				m := 0
				for j, h := range feats[:k] {
					if j+repeatAhead < len(feats) {
						repeated.warm(feats[j+repeatAhead])
					}
					if repeated.has(h) {
						c[bucketOf(h)]++
						d.feats[n] = h
						n++
						m++
					}
				}
				kept[u] = uint8(m)
				single[i] += int(k) - m
				feats = feats[k:]
				u++
			}
			d.feats = d.feats[:n]
		}
	}, func(p int, fill []int32, sorted []posting) {
		lo, hi := partDocs(p)
		for i := lo; i < hi; i++ {
			d := docs[i]
			u, feats := at[i].unit, d.feats
			for range d.units {
				for _, h := range feats[:kept[u]] {
					b := bucketOf(h)
					sorted[fill[b]] = posting{hash: h, unit: uint32(u), doc: uint32(i)}
					fill[b]++
				}
				feats = feats[kept[u]:]
				u++
			}
			d.feats = nil // in the postings now
		}
	})
	phase("postings")
	unitStems := func(u uint32) []uint64 { return stems[unitOff[u]:unitOff[u+1]] }
	// warm prefetches the stems of a pair's second unit, which the
	// pairs' order (by first unit) leaves scattered: loops over pairs
	// warm the pair warmAhead places on.
	warm := func(pair uint64) { prefetch(unsafe.Pointer(&stems[unitOff[uint32(pair)]])) }
	// strong reports whether units a and b pass the evidence rule's
	// bound on their own (below).
	strong := func(al *aligner, a, b uint32) bool {
		sa, sb := unitStems(a), unitStems(b)
		bound := al.bound(int64(a), sa, sb)
		return opts.evidence(bound, bound, int32(min(len(sa), len(sb))))
	}
	all := candidatePairs(sorted, start, rank, opts.Workers)
	phase("dedupe")
	for i := range sizes {
		sizes[i] -= single[i]
	}
	setsFrom(docs, sorted, sizes, single, opts.Workers)
	phase("sets")
	sorted = nil
	allIdx := newPairIndex(all, unitDoc)
	phase("candidates")

	// Before aligning, bound each candidate's matched words by the longest
	// common subsequence of its two units (lcs.go), some fifty times
	// cheaper than the alignment. A pair whose bound fails the evidence
	// rule is deferred: it can count only as a piece of a longer chain,
	// so it is aligned later, and only next to other candidates or
	// aligned pairs of the same two documents.
	passes := make([]bool, len(all))
	parallel(len(all), opts.Workers, func(al *aligner, lo, hi int) {
		for i := lo; i < hi; i++ {
			if i+warmAhead < len(all) {
				warm(all[i+warmAhead])
			}
			passes[i] = strong(al, uint32(all[i]>>32), uint32(all[i]))
		}
	})
	phase("bound")
	var cands, deferred []uint64
	for i, c := range all {
		if passes[i] {
			cands = append(cands, c)
		} else {
			deferred = append(deferred, c)
		}
	}
	passes = nil
	count("all", len(all))
	count("cands", len(cands))

	// Align every candidate, in parallel, keeping candidate order; then
	// the neighbours of every aligned unit pair (extend).
	alignPair := func(al *aligner, dst []link, pair uint64) []link {
		ua, ub := uint32(pair>>32), uint32(pair)
		da, db := unitDoc[ua], unitDoc[ub]
		a, b := unitOf[ua], unitOf[ub]
		al.found = al.alignStems(al.found[:0], docs[da].toks[a.start:a.end], unitStems(ua), unitStems(ub), a.start, b.start, int32(opts.Shingle))
		for _, x := range al.found {
			dst = append(dst, link{da: da, db: db, ua: ua, ub: ub, la: a.end - a.start, lb: b.end - b.start, al: x})
		}
		return dst
	}
	// A neighbour pair shares no shingle, or it would be a candidate:
	// align it only if it might reach the alignment's minimum score.
	alignNeighbour := func(al *aligner, dst []link, pair uint64) []link {
		ua, ub := uint32(pair>>32), uint32(pair)
		if al.bound(int64(ua), unitStems(ua), unitStems(ub)) < int32(opts.Shingle) {
			return dst
		}
		return alignPair(al, dst, pair)
	}
	store := new(pairStore)
	found := alignAll(cands, store, opts.Workers, warm, alignPair)
	count("found", linkCount(found))
	candIdx := newPairIndex(cands, unitDoc)
	phase("align")

	// linked holds unit<<32|doc for every unit aligned with a document:
	// those of the candidates indexed, those of later rounds in more.
	keys := parallelCollect(len(found), 16, opts.Workers, func(_ *aligner, keys []uint64, lo, hi int) []uint64 {
		for _, part := range found[lo:hi] {
			for _, l := range part {
				keys = append(keys, uint64(l.ua)<<32|uint64(l.db), uint64(l.ub)<<32|uint64(l.da))
			}
		}
		return keys
	})
	sortParallel(keys, opts.Workers)
	linked, more := newIndex(slices.Compact(keys), len(unitOf), nil), map[uint64]bool{}
	// anyLinked marks the units linked with some document: most units
	// next to an aligned pair are linked with none, and this bit set, a
	// bit per unit, answers for them without a search.
	anyLinked := make([]uint64, (len(unitOf)+63)/64)
	for _, k := range linked.pairs {
		anyLinked[k>>38] |= 1 << (k >> 32 & 63)
	}
	isLinked := func(u, doc int64) bool {
		if anyLinked[u>>6]&(1<<(u&63)) == 0 {
			return false
		}
		k := uint64(u)<<32 | uint64(doc)
		return linked.has(k) || more[k]
	}
	// The units of document d are docUnits[d] to docUnits[d+1]-1.
	docUnits := make([]int64, len(docs)+1)
	for i := range docs {
		docUnits[i] = int64(at[i].unit)
	}
	docUnits[len(docs)] = int64(units)
	// The neighbour pairs tried in all rounds so far, sorted.
	var tried []uint64
	wasTried := func(k uint64) bool {
		_, ok := slices.BinarySearch(tried, k)
		return ok
	}
	var extended []uint64 // the neighbour pairs aligned
	parts := found        // found, then round by round
	for round := found; linkCount(round) > 0; {
		next := parallelCollect(len(round), 16, opts.Workers, func(_ *aligner, next []uint64, lo, hi int) []uint64 {
			for _, part := range round[lo:hi] {
				for _, l := range part {
					// Extend only from a pair that is evidence on its own,
					// not from a stock phrase.
					if !opts.evidence(l.al.matched, l.al.content, min(l.la, l.lb)) {
						continue
					}
					for _, d := range neighbours {
						ua, ub := int64(l.ua)+d[0], int64(l.ub)+d[1]
						if ua < docUnits[l.da] || ua >= docUnits[l.da+1] || ub < docUnits[l.db] || ub >= docUnits[l.db+1] {
							continue
						}
						// Skip a candidate (aligned already) and a pair whose
						// sentences are both aligned with the other document.
						key := uint64(ua)<<32 | uint64(ub)
						if candIdx.has(key) || isLinked(ua, int64(l.db)) && isLinked(ub, int64(l.da)) {
							continue
						}
						next = append(next, key)
					}
				}
			}
			return next
		})
		sortParallel(next, opts.Workers)
		next = without(slices.Compact(next), tried)
		tried = mergeSorted(tried, next)
		count("next", len(next))
		round = alignAll(next, store, opts.Workers, warm, alignNeighbour)
		for _, part := range round {
			for _, l := range part {
				more[uint64(l.ua)<<32|uint64(l.db)] = true
				more[uint64(l.ub)<<32|uint64(l.da)] = true
				anyLinked[l.ua>>6] |= 1 << (l.ua & 63)
				anyLinked[l.ub>>6] |= 1 << (l.ub & 63)
				extended = append(extended, uint64(l.ua)<<32|uint64(l.ub))
			}
		}
		parts = append(parts, round...)
	}
	phase("extend")
	// The deferred pairs next to another candidate or an aligned
	// neighbour pair of the same documents.
	slices.Sort(extended)
	extIdx := newPairIndex(slices.Compact(extended), unitDoc)
	late := parallelCollect(len(deferred), 4096, opts.Workers, func(_ *aligner, late []uint64, lo, hi int) []uint64 {
		for _, c := range deferred[lo:hi] {
			if !wasTried(c) && (allIdx.nextTo(c) || extIdx.nextTo(c)) {
				late = append(late, c)
			}
		}
		return late
	})
	count("late", len(late))
	parts = append(parts, alignAll(late, store, opts.Workers, warm, alignPair)...)
	phase("late")

	return &aligned{docs: docs, skipped: skipped, found: parts, pairs: store, when: ws, rank: rank}, nil
}

// setsFrom gives every document the number of its distinct shingle hashes
// and the sorted set of those also in another document (the form of
// minhash.SortUnique), read off the postings sorted by hash: each goroutine
// reads them all and keeps the documents it owns. sizes are the documents'
// numbers of postings, and single their numbers of hashes left out of the
// postings for occurring once in the corpus (nil: none). A hash in one
// document only cannot be in an intersection, and leaving it out makes the
// sets of a corpus of edited copies a fraction of their size (every edit
// makes K hashes of its own).
func setsFrom(docs []*docState, sorted []posting, sizes, single []int, workers int) {
	off := make([]int, len(docs)+1)
	for d, n := range sizes {
		off[d+1] = off[d] + n
	}
	all := make([]uint64, off[len(docs)])
	n := make([]int, len(docs))        // shared hashes
	distinct := make([]int, len(docs)) // all distinct hashes
	parallelChunks(workers, 1, workers, func(_ *aligner, w, _ int) {
		lo, hi := uint32(len(docs)*w/workers), uint32(len(docs)*(w+1)/workers)
		for i := 0; i < len(sorted); {
			// The postings of one hash are in document order, and a
			// document's postings of it next to each other.
			h, first := sorted[i].hash, sorted[i].doc
			j := i + 1
			for j < len(sorted) && sorted[j].hash == h {
				j++
			}
			shared := sorted[j-1].doc != first
			last := uint32(math.MaxUint32)
			for _, p := range sorted[i:j] {
				if d := p.doc; d >= lo && d < hi && d != last {
					last = d
					distinct[d]++
					if shared {
						all[off[d]+n[d]] = h
						n[d]++
					}
				}
			}
			i = j
		}
	})
	for d, st := range docs {
		st.set = all[off[d] : off[d]+n[d] : off[d]+n[d]]
		st.distinct = distinct[d]
		if single != nil {
			st.distinct += single[d]
		}
	}
}

// without removes from the sorted x the values in the sorted y, in one
// pass over both.
func without(x, y []uint64) []uint64 {
	out := x[:0]
	j := 0
	for _, v := range x {
		for j < len(y) && y[j] < v {
			j++
		}
		if j == len(y) || y[j] != v {
			out = append(out, v)
		}
	}
	return out
}

// mergeSorted returns the sorted x and y merged, in a new slice.
func mergeSorted(x, y []uint64) []uint64 {
	out := make([]uint64, len(x)+len(y))
	merge(out, x, y)
	return out
}

// neighbours are the unit pairs tried next to an aligned pair (i, j): the
// next and previous sentences of both, and one sentence further on either
// side, for a sentence inserted or dropped by the copy. Copied text runs on:
// an edited sentence that shares no K-word run with its source is still
// found when the sentence next to it is.
var neighbours = [][2]int64{{1, 1}, {-1, -1}, {1, 2}, {2, 1}, {-1, -2}, {-2, -1}}

// pairIndex is a sorted set of unit pairs ua<<32|ub, with the first pair of
// every unit ua.
type pairIndex struct {
	pairs   []uint64
	first   []int32  // pairs[first[u]:first[u+1]] have ua == u
	unitDoc []uint32 // the document of every unit
}

func newPairIndex(pairs []uint64, unitDoc []uint32) pairIndex {
	return newIndex(pairs, len(unitDoc), unitDoc)
}

// newIndex indexes keys hi<<32|lo with hi below n.
func newIndex(pairs []uint64, n int, unitDoc []uint32) pairIndex {
	first := make([]int32, n+1)
	i := 0
	for u := range first {
		for i < len(pairs) && pairs[i]>>32 < uint64(u) {
			i++
		}
		first[u] = int32(i)
	}
	return pairIndex{pairs, first, unitDoc}
}

// has reports whether the index holds pair.
func (x pairIndex) has(pair uint64) bool {
	u := pair >> 32
	if u+1 >= uint64(len(x.first)) {
		return false
	}
	_, ok := slices.BinarySearch(x.pairs[x.first[u]:x.first[u+1]], pair)
	return ok
}

// nextTo reports whether the index holds a pair of the same two documents
// within two units of pair on both sides, other than pair itself.
func (x pairIndex) nextTo(pair uint64) bool {
	ua, ub := int64(pair>>32), int64(uint32(pair))
	for u := max(ua-2, 0); u <= min(ua+2, int64(len(x.first))-2); u++ {
		run := x.pairs[x.first[u]:x.first[u+1]]
		i, _ := slices.BinarySearch(run, uint64(u)<<32|uint64(max(ub-2, 0)))
		for ; i < len(run) && run[i] <= uint64(u)<<32|uint64(ub+2); i++ {
			if run[i] != pair && x.unitDoc[u] == x.unitDoc[ua] && x.unitDoc[uint32(run[i])] == x.unitDoc[ub] {
				return true
			}
		}
	}
	return false
}

// warmAhead is how many pairs ahead of the one being worked on a loop
// prefetches.
const warmAhead = 2

// alignAll runs fn over the candidates with the given number of goroutines
// and returns the links found, in candidate order.
func alignAll(cands []uint64, store *pairStore, workers int, warm func(uint64), fn func(*aligner, []link, uint64) []link) [][]link {
	const chunk = 256
	out := make([][]link, (len(cands)+chunk-1)/chunk)
	parallelChunks(len(cands), chunk, workers, func(al *aligner, lo, hi int) {
		al.useStore(store)
		dst := al.links[:0] // the goroutine's scratch, copied out once
		for k := lo; k < hi; k++ {
			if k+warmAhead < len(cands) {
				warm(cands[k+warmAhead])
			}
			dst = fn(al, dst, cands[k])
		}
		al.links = dst
		out[lo/chunk] = slices.Clone(dst)
	})
	return out
}

// linkCount is the number of links in parts.
func linkCount(parts [][]link) int {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return n
}

// chainLinks keeps the aligned pieces of each document pair that are
// evidence of reuse. Overlapping pieces are resolved in favour of the one
// with more matched words (each word of A is aligned with at most one
// stretch of B). Pieces in the same order in both documents and at most
// MaxGap words apart form a chain, a passage copied sentence by sentence,
// and a chain is evidence when it has at least MinWords matched words, of
// which MinContent content words; its pieces are kept, each on its own, so
// that passages are clustered sentence by sentence.
func chainLinks(found [][]link, opts Options) []link {
	// A counting sort by document A, then each document's links sorted
	// and chained on their own, in parallel.
	n, total := 0, 0
	for _, part := range found {
		for _, l := range part {
			n = max(n, int(l.da)+1)
		}
		total += len(part)
	}
	start := make([]int32, n+1)
	for _, part := range found {
		for _, l := range part {
			start[l.da+1]++
		}
	}
	for d := 1; d <= n; d++ {
		start[d] += start[d-1]
	}
	byA := make([]link, total)
	fill := slices.Clone(start[:n])
	for _, part := range found {
		for _, l := range part {
			byA[fill[l.da]] = l
			fill[l.da]++
		}
	}
	return parallelCollect(n, 64, opts.Workers, func(_ *aligner, out []link, lo, hi int) []link {
		out = make([]link, 0, start[hi]-start[lo]) // at most all
		var kept []link
		for d := lo; d < hi; d++ {
			out, kept = chainDoc(out, kept, byA[start[d]:start[d+1]], opts)
		}
		return out
	})
}

// chainDoc appends to out the links of one document A (found) that
// chainLinks keeps; kept is scratch.
func chainDoc(out, kept, found []link, opts Options) ([]link, []link) {
	slices.SortFunc(found, func(x, y link) int {
		switch {
		case x.db != y.db:
			return cmpInt(int(x.db), int(y.db))
		case x.al.matched != y.al.matched:
			return cmpInt(int(y.al.matched), int(x.al.matched))
		case x.al.a0 != y.al.a0:
			return cmpInt(int(x.al.a0), int(y.al.a0))
		}
		return cmpInt(int(x.al.b0), int(y.al.b0))
	})
	for i := 0; i < len(found); {
		j := i
		for j < len(found) && found[j].db == found[i].db {
			j++
		}
		kept = kept[:0]
		for _, l := range found[i:j] {
			ok := true
			for _, k := range kept {
				if l.al.a0 < k.al.a1 && k.al.a0 < l.al.a1 || l.al.b0 < k.al.b1 && k.al.b0 < l.al.b1 {
					ok = false
					break
				}
			}
			if ok {
				kept = append(kept, l)
			}
		}
		slices.SortFunc(kept, func(x, y link) int { return cmpInt(int(x.al.a0), int(y.al.a0)) })
		gap := int32(opts.MaxGap)
		for s := 0; s < len(kept); {
			c := kept[s].al
			lenA, lenB := kept[s].la, kept[s].lb
			e := s + 1
			for ; e < len(kept); e++ {
				n := kept[e]
				if n.al.a0-c.a1 > gap || n.al.b0 < c.b1 || n.al.b0-c.b1 > gap {
					break
				}
				if n.ua != kept[e-1].ua {
					lenA += n.la
				}
				if n.ub != kept[e-1].ub {
					lenB += n.lb
				}
				c.a1, c.b1 = n.al.a1, n.al.b1
				c.matched += n.al.matched
				c.content += n.al.content
			}
			if opts.evidence(c.matched, c.content, min(lenA, lenB)) {
				out = append(out, kept[s:e]...)
			}
			s = e
		}
		i = j
	}
	return out, kept
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// view is a link seen from one of its documents.
type view struct {
	t0, t1 int32 // this document's tokens
	link   int32 // index in links
	side   uint8 // which of A (0) and B (1) this document is
}

// makeViews returns every document's views of the links, in link order:
// each goroutine reads all the links and makes the views of the documents
// it owns.
func makeViews(n int, links []link, workers int) [][]view {
	// One array for all, cut by document.
	count := make([]int, n)
	for _, l := range links {
		count[l.da]++
		count[l.db]++
	}
	all := make([]view, 2*len(links))
	views := make([][]view, n)
	for d, c := range count {
		views[d], all = all[:0:c], all[c:]
	}
	parallelChunks(workers, 1, workers, func(_ *aligner, w, _ int) {
		lo, hi := uint32(n*w/workers), uint32(n*(w+1)/workers)
		for i := range links {
			l := &links[i]
			if l.da >= lo && l.da < hi {
				views[l.da] = append(views[l.da], view{t0: l.al.a0, t1: l.al.a1, link: int32(i)})
			}
			if l.db >= lo && l.db < hi {
				views[l.db] = append(views[l.db], view{t0: l.al.b0, t1: l.al.b1, link: int32(i), side: 1})
			}
		}
	})
	return views
}

// buildReport makes the passages of the evidence links, and the report of
// every document and of the document pairs.
func buildReport(rep *report.Scan, st *aligned, links []link, opts *Options) {
	docs := st.docs
	g := newGraph(links, makeViews(len(docs), links, opts.Workers), opts.Workers)
	cl := clusterNodes(g, docs, st.rank, opts)
	if len(cl.extra) > 0 {
		g.setEdges(append(g.edges, cl.extra...))
	}
	phase("cluster")
	passages, pn := makePassages(g, cl.clusters, docs, st.when, st.rank, opts)
	rep.Passages = make([]report.Passage, len(passages))
	parallelChunks(len(passages), 64, opts.Workers, func(_ *aligner, lo, hi int) {
		for c := lo; c < hi; c++ {
			rep.Passages[c] = passageReport(g, &pn, &passages[c], docs, c)
		}
	})
	phase("passages")

	x := &docContext{g: g, pn: &pn, passages: passages, docs: docs, ws: st.when, rank: st.rank, partners: opts.Partners}
	rep.Documents = make([]report.ScanDocument, len(docs))
	linked := make([][]uint32, len(docs))
	shares := make([][]spanShare, len(docs))
	parallelChunks(len(docs), 8, opts.Workers, func(_ *aligner, lo, hi int) {
		for d := lo; d < hi; d++ {
			rep.Documents[d], linked[d], shares[d] = x.docReport(d)
		}
	})
	phase("docs")
	rep.Pairs = pairReports(docs, passages, linked, shares, opts)
}

func ratio(x float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return x / float64(n)
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

// quotedShare reports whether most of the tokens are inside quotation marks.
func quotedShare(toks []token) bool {
	q := 0
	for _, t := range toks {
		if t.quoted {
			q++
		}
	}
	return 2*q > len(toks)
}

// cueFor returns the attribution phrase of a sentence overlapping tokens
// [t0, t1), or "".
func (d *docState) cueFor(t0, t1 int32) string {
	for _, c := range d.cues {
		s := d.sents[c.sentence]
		if int32(s.TokStart) < t1 && t0 < int32(s.TokEnd) {
			return string(d.doc.Text[c.start:c.end])
		}
	}
	return ""
}
