package reuse

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"time"
	"unsafe"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/minhash"
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
	DefaultMaxDocs    = 1000
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
	MaxDocs   int // a shingle in more documents than this is a stock phrase; 0 means DefaultMaxDocs
	Workers   int // 0 means runtime.GOMAXPROCS(0)
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
	if o.MaxDocs == 0 {
		o.MaxDocs = DefaultMaxDocs
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	switch {
	case o.Shingle < 1:
		return fmt.Errorf("reuse: shingle width %d is less than 1", o.Shingle)
	case o.MinWords < 1:
		return fmt.Errorf("reuse: min words %d is less than 1", o.MinWords)
	case o.MaxDocs < 2:
		return fmt.Errorf("reuse: max docs %d is less than 2", o.MaxDocs)
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
	stock   int
}

// report applies the evidence rule to the aligned pieces and builds the
// report. It may run more than once, with different evidence options.
func (st *aligned) report(opts Options) *report.Scan {
	rep := &report.Scan{Params: report.ScanParams{
		Shingle: opts.Shingle, MinWords: opts.MinWords, MinContent: opts.MinContent,
		MinCover: opts.MinCover, LongWords: opts.LongWords,
		MaxGap: opts.MaxGap, MaxDocs: opts.MaxDocs, StockShingles: st.stock,
	}}
	rep.Skipped = append(rep.Skipped, st.skipped...)
	phase("start report")
	links := chainLinks(st.found, opts)
	phase("chain")
	buildReport(rep, st.docs, links, st.pairs, &opts)
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
	all, stock := candidatePairs(sorted, start, opts.MaxDocs, opts.Workers, strong)
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
	// The neighbour pairs tried, round by round, each sorted.
	var tried [][]uint64
	wasTried := func(k uint64) bool {
		for _, r := range tried {
			if _, ok := slices.BinarySearch(r, k); ok {
				return true
			}
		}
		return false
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
		next = slices.DeleteFunc(slices.Compact(next), wasTried)
		tried = append(tried, next)
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

	return &aligned{docs: docs, skipped: skipped, found: parts, pairs: store, stock: stock}, nil
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
	partner   uint32
	t0, t1    int32  // this document's tokens
	link      int32  // index in links (read by clustering, which numbers its own links on from len(links))
	slab, off uint32 // where its alignment's pairs are (pairStore), copied from the link
	matched   int32  // and how many: segment reads them with no trip to the link
	side      uint8  // which of A (0) and B (1) this document is
}

// viewsOf returns the views of link l (index i) from its two documents.
func viewsOf(l *link, i int) (a, b view) {
	a = view{partner: l.db, t0: l.al.a0, t1: l.al.a1, link: int32(i), slab: l.al.slab, off: l.al.off, matched: l.al.matched}
	b = view{partner: l.da, t0: l.al.b0, t1: l.al.b1, link: int32(i), slab: l.al.slab, off: l.al.off, matched: l.al.matched, side: 1}
	return a, b
}

// piece is a stretch of a document's tokens with the partners covering it.
type piece struct {
	t0, t1 int32
	parts  []part
}

type part struct {
	partner uint32
	matched int32
	o0, o1  int32 // partner tokens [o0, o1]
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
				a, _ := viewsOf(l, i)
				views[l.da] = append(views[l.da], a)
			}
			if l.db >= lo && l.db < hi {
				_, b := viewsOf(l, i)
				views[l.db] = append(views[l.db], b)
			}
		}
	})
	return views
}

// addViews appends to views those of links, numbered from from on.
func addViews(views [][]view, links []link, from int) {
	for i := range links {
		a, b := viewsOf(&links[i], from+i)
		views[links[i].da] = append(views[links[i].da], a)
		views[links[i].db] = append(views[links[i].db], b)
	}
}

func buildReport(rep *report.Scan, docs []*docState, links []link, store *pairStore, opts *Options) {
	views := makeViews(len(docs), links, opts.Workers)
	passages, extra := clusterPassages(docs, links, views, store, opts)
	rep.Passages = passages
	addViews(views, extra, len(links))
	phase("cluster")

	// Documents, in parallel: each one's spans, and what it shares with
	// each partner.
	rep.Documents = make([]report.ScanDocument, len(docs))
	shares := make([][]share, len(docs))
	// Every document's id and tokens, side by side: each span's matches
	// read its partners' (dense arrays, not a pointer chase per match).
	partners := make([]partnerDoc, len(docs))
	for i, d := range docs {
		partners[i] = partnerDoc{id: d.doc.ID, toks: d.toks}
	}
	parallelChunks(len(docs), 8, opts.Workers, func(_ *aligner, lo, hi int) {
		for di := lo; di < hi; di++ {
			rep.Documents[di], shares[di] = docReport(docs[di], partners, views[di], store)
		}
	})
	phase("docs")

	// Pairs: every two documents joined by a link.
	keys := make([]uint64, 0, len(links)+len(extra))
	for _, ls := range [][]link{links, extra} {
		for _, l := range ls {
			keys = append(keys, uint64(l.da)<<32|uint64(l.db))
		}
	}
	sortParallel(keys, opts.Workers)
	keys = slices.Compact(keys)
	rep.Pairs = make([]report.ScanPair, len(keys))
	count("pairs", len(keys))
	parallelChunks(len(keys), 256, opts.Workers, func(_ *aligner, lo, hi int) {
		for i := lo; i < hi; i++ {
			da, db := uint32(keys[i]>>32), uint32(keys[i])
			a, b := docs[da], docs[db]
			sa, sb := shareWith(shares[da], db), shareWith(shares[db], da)
			inter := float64(minhash.Intersection(a.set, b.set))
			p := report.ScanPair{
				A: a.doc.ID, B: b.doc.ID,
				Jaccard:         round4(ratio(inter, a.distinct+b.distinct-int(inter))),
				ContainmentAInB: round4(ratio(inter, a.distinct)),
				ContainmentBInA: round4(ratio(inter, b.distinct)),
				SharedA:         round4(float64(sa.words) / float64(len(a.toks))),
				SharedB:         round4(float64(sb.words) / float64(len(b.toks))),
				Spans:           sa.spans,
			}
			if p.A > p.B {
				p.A, p.B = p.B, p.A
				p.ContainmentAInB, p.ContainmentBInA = p.ContainmentBInA, p.ContainmentAInB
				p.SharedA, p.SharedB = p.SharedB, p.SharedA
			}
			rep.Pairs[i] = p
		}
	})
}

// partnerDoc is what a span's match reads of its partner document.
type partnerDoc struct {
	id   string
	toks []token
}

// share is what a document shares with one partner: words in spans the
// partner covers, and the number of such spans.
type share struct {
	partner      uint32
	words, spans int
}

// shareWith returns the share with partner in shares, sorted by partner.
func shareWith(shares []share, partner uint32) share {
	i, ok := slices.BinarySearchFunc(shares, partner, func(s share, p uint32) int { return cmpInt(int(s.partner), int(p)) })
	if !ok {
		return share{}
	}
	return shares[i]
}

// docReport builds document d's part of the report from its views, and
// returns its shares, sorted by partner.
func docReport(d *docState, partners []partnerDoc, views []view, store *pairStore) (report.ScanDocument, []share) {
	pieces := segment(views, store)
	// The matches read their partners' tokens, scattered over the
	// corpus: ask for them now, and build the rest meanwhile.
	nParts := 0
	for _, pc := range pieces {
		nParts += len(pc.parts)
		for _, pt := range pc.parts {
			o := &partners[pt.partner]
			prefetch(unsafe.Pointer(&o.toks[pt.o0]))
			prefetch(unsafe.Pointer(&o.toks[pt.o1]))
		}
	}
	covered := make([]bool, len(d.toks))
	rd := report.ScanDocument{
		ID: d.doc.ID, Path: d.doc.Path, Outlet: d.doc.Outlet, Title: d.doc.Title, URL: d.doc.URL,
		Text: string(d.doc.Text), Encoding: d.doc.Encoding, Note: d.doc.Note, Words: len(d.toks),
	}
	if rd.Encoding == "" {
		rd.Encoding = "utf-8" // text handed over in memory
	}
	if !d.doc.Published.IsZero() {
		rd.Published = d.doc.Published.UTC().Format(time.RFC3339)
	}
	shares := make([]share, 0, nParts)
	matches := make([]report.Match, nParts) // cut into the spans' matches
	if len(pieces) > 0 {
		rd.Spans = make([]report.Span, 0, len(pieces))
	}
	for _, pc := range pieces {
		sp := report.Span{
			Start: int(d.toks[pc.t0].start), End: int(d.toks[pc.t1-1].end),
			Quoted: quotedShare(d.toks[pc.t0:pc.t1]), Attribution: d.cueFor(pc.t0, pc.t1),
		}
		sp.Matches, matches = matches[:0:len(pc.parts)], matches[len(pc.parts):]
		for t := pc.t0; t < pc.t1; t++ {
			covered[t] = true
		}
		for _, pt := range pc.parts {
			o := &partners[pt.partner]
			sp.Matches = append(sp.Matches, report.Match{
				Doc: o.id, Start: int(o.toks[pt.o0].start), End: int(o.toks[pt.o1].end),
				Similarity: round4(2 * float64(pt.matched) / float64(pc.t1-pc.t0+pt.o1-pt.o0+1)),
			})
			shares = append(shares, share{partner: pt.partner, words: int(pc.t1 - pc.t0), spans: 1})
		}
		rd.Spans = append(rd.Spans, sp)
	}
	// Summed by partner, in partner order: packed keys partner<<32|words
	// sort with no comparison function (each share is one span).
	keys := make([]uint64, len(shares))
	for i, s := range shares {
		keys[i] = uint64(s.partner)<<32 | uint64(s.words)
	}
	slices.Sort(keys)
	shares = shares[:0]
	for _, k := range keys {
		p, words := uint32(k>>32), int(uint32(k))
		if n := len(shares); n > 0 && shares[n-1].partner == p {
			shares[n-1].words += words
			shares[n-1].spans++
			continue
		}
		shares = append(shares, share{partner: p, words: words, spans: 1})
	}
	orig := 0
	bp := d.doc.Boilerplate
	for t := 0; t < len(covered); {
		if covered[t] {
			t++
			continue
		}
		// A run of original tokens ends at a span or at boilerplate.
		for len(bp) > 0 && bp[0].End <= int(d.toks[t].start) {
			bp = bp[1:]
		}
		u := t
		for u < len(covered) && !covered[u] && (u == t || len(bp) == 0 || int(d.toks[u].start) < bp[0].Start) {
			u++
		}
		rd.Original = append(rd.Original, report.Range{Start: int(d.toks[t].start), End: int(d.toks[u-1].end)})
		orig += u - t
		t = u
	}
	rd.OriginalFraction = round4(float64(orig) / float64(len(d.toks)))
	for _, c := range d.cues {
		rd.Attributions = append(rd.Attributions, report.Attribution{Start: c.start, End: c.end, Sources: c.sources})
	}
	for _, b := range d.doc.Boilerplate {
		rd.Boilerplate = append(rd.Boilerplate, report.Range{Start: b.Start, End: b.End})
	}
	for _, f := range d.doc.Repairs {
		rd.Repairs = append(rd.Repairs, report.Repair{Start: f.Start, End: f.End, Was: f.Was, Kind: f.Kind.String()})
	}
	return rd, shares
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

// segment cuts the shared stretches of a document at every boundary of its
// views (of links), so that every partner of a piece covers it, and trims
// each piece to its first and last matched word (the unaligned words
// between two chained pieces of a passage belong to no one). Then it joins
// neighbouring pieces with the same partners, in the same order in each
// partner, and folds a piece of fewer than minPiece words into the piece it
// touches, so that a two-word stretch that one partner also covers does not
// split a passage.
func segment(views []view, store *pairStore) []piece {
	if len(views) == 0 {
		return nil
	}
	var bounds []int32
	for _, v := range views {
		bounds = append(bounds, v.t0, v.t1)
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	// A sweep over the bounds keeps the views covering the stretch
	// [p, q) between two bounds, in view order: those that start at or
	// before p and end after it (so at or after q).
	// The views by start, then index: packed keys t0<<32|index sort
	// with no comparison function.
	keys := make([]uint64, len(views))
	for i, v := range views {
		keys[i] = uint64(v.t0)<<32 | uint64(i)
	}
	slices.Sort(keys)
	order := make([]int, len(views))
	for i, k := range keys {
		order[i] = int(uint32(k))
	}
	var active []int
	cursor := make([]int, len(views)) // per view: its first pair not yet in a stretch
	var ar partArena
	out := make([]piece, 0, len(bounds))
	for i := 0; i+1 < len(bounds); i++ {
		p, q := bounds[i], bounds[i+1]
		active = slices.DeleteFunc(active, func(k int) bool { return views[k].t1 <= p })
		for ; len(order) > 0 && views[order[0]].t0 <= p; order = order[1:] {
			at, _ := slices.BinarySearch(active, order[0])
			active = slices.Insert(active, at, order[0])
		}
		pc := piece{t0: math.MaxInt32, t1: -1, parts: ar.take(len(active))}
		for _, k := range active {
			v := &views[k]
			// A view's pairs increase on both sides (one alignment), so
			// the pairs in [p, q) are a run, found from where the last
			// stretch's ended (the view became active at its first
			// pair's stretch, with its cursor at 0).
			own, other := v.side, 1-v.side
			lo := cursor[k]
			hi := lo
			pairs := store.at(v.slab, v.off, v.matched)
			for hi < len(pairs) && pairs[hi][own] < q {
				hi++
			}
			cursor[k] = hi
			if lo == hi {
				continue
			}
			run := pairs[lo:hi]
			pc.parts = append(pc.parts, part{partner: v.partner, matched: int32(len(run)), o0: run[0][other], o1: run[len(run)-1][other]})
			pc.t0 = min(pc.t0, run[0][own])
			pc.t1 = max(pc.t1, run[len(run)-1][own]+1)
		}
		if len(pc.parts) == 0 {
			continue
		}
		slices.SortFunc(pc.parts, func(x, y part) int { return cmpInt(int(x.partner), int(y.partner)) })
		if n := len(out); n > 0 && out[n-1].t1 == p && pc.t0 == p && samePartners(out[n-1].parts, pc.parts) {
			out[n-1] = ar.join(out[n-1], pc)
			continue
		}
		out = append(out, pc)
	}
	// Fold small pieces into a touching neighbour.
	for i := 0; i < len(out); {
		pc := out[i]
		if pc.t1-pc.t0 >= minPiece || len(out) == 1 {
			i++
			continue
		}
		switch {
		case i > 0 && out[i-1].t1 == pc.t0:
			out[i-1] = ar.join(out[i-1], pc)
			out = slices.Delete(out, i, i+1)
		case i+1 < len(out) && pc.t1 == out[i+1].t0:
			out[i+1] = ar.join(pc, out[i+1])
			out = slices.Delete(out, i, i+1)
		default:
			i++
		}
	}
	return out
}

// minPiece is the fewest words a span may have when it touches another.
const minPiece = 4

// partArena hands out the parts of one document's pieces from a few
// allocations.
type partArena struct{ free []part }

// take returns an empty slice with room for n parts.
func (ar *partArena) take(n int) []part {
	if len(ar.free) < n {
		ar.free = make([]part, max(n, 256))
	}
	out := ar.free[:0:n]
	ar.free = ar.free[n:]
	return out
}

// join joins piece y to the piece x it follows.
func (ar *partArena) join(x, y piece) piece {
	out := piece{t0: x.t0, t1: y.t1, parts: ar.take(len(x.parts) + len(y.parts))}
	i, j := 0, 0
	for i < len(x.parts) || j < len(y.parts) {
		switch {
		case j == len(y.parts) || i < len(x.parts) && x.parts[i].partner < y.parts[j].partner:
			out.parts = append(out.parts, x.parts[i])
			i++
		case i == len(x.parts) || y.parts[j].partner < x.parts[i].partner:
			out.parts = append(out.parts, y.parts[j])
			j++
		default:
			a, b := x.parts[i], y.parts[j]
			out.parts = append(out.parts, part{partner: a.partner, matched: a.matched + b.matched,
				o0: min(a.o0, b.o0), o1: max(a.o1, b.o1)})
			i++
			j++
		}
	}
	return out
}

func samePartners(x, y []part) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i].partner != y[i].partner || y[i].o0 <= x[i].o1 {
			return false
		}
	}
	return true
}
