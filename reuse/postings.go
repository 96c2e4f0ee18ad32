package reuse

import (
	"math"
	"math/bits"
	"slices"
	"sync"
	"unsafe"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/internal/prefetch"
	"github.com/copydesk/copydesk/shingle"
)

// posting is one shingle of one unit; unit is a corpus-wide unit id.
type posting struct {
	hash uint64
	unit uint32
	doc  uint32
}

// The postings are spread over buckets by the top bits of their hashes,
// about bucketAim postings a bucket: candidatePairs sorts each bucket by
// comparison, so that a bucket's size, were their number fixed, would
// grow with the corpus and its sort cost a factor of log(size) more a
// posting. At least minBucketBits bits (candidatePairs' sort keys keep
// 48 of a hash's bits below them), at most maxBucketBits (the counts, four
// bytes a bucket a part, stay small).
const (
	bucketAim     = 32
	minBucketBits = 16
	maxBucketBits = 24
)

// bucketBits is the number of bucket bits for n postings.
func bucketBits(n int) uint {
	return uint(min(max(bits.Len(uint(n/bucketAim)), minBucketBits), maxBucketBits))
}

// unitTable numbers every unit of the corpus, document after document,
// and locates the stems of each in the blocks the analysers wrote them to
// (stemBlocks): a document's stems lie together, its units one after
// another, so that bounds and alignments, which visit units in no local
// order, read them from few cache lines, and no stem is copied.
type unitTable struct {
	doc  []uint32 // the document of every unit
	unit []unit   // and its tokens there
	// at locates unit u's stems: block<<40 | length<<32 | offset, the
	// stems blocks[block][offset:offset+length] (a unit has at most
	// MaxUnit tokens, which 8 bits hold; 24 bits number 16M blocks of a
	// megabyte or more).
	at     []uint64
	blocks [][]uint32
	first  []int64 // document d's units are first[d] to first[d+1]-1
	words  []int64 // the tokens of the documents before d (and of all)
}

// stemsOf returns the stems of unit u.
func (t *unitTable) stemsOf(u uint32) []uint32 {
	a := t.at[u]
	off := uint32(a)
	return t.blocks[a>>40][off : off+t.lenOf(u)]
}

// lenOf returns the number of tokens of unit u.
func (t *unitTable) lenOf(u uint32) uint32 { return uint32(t.at[u] >> 32 & 0xFF) }

// units returns the number of units of document d.
func (t *unitTable) units(d uint32) uint64 { return uint64(t.first[d+1] - t.first[d]) }

// A unit's length fits the 8 bits unitTable.at gives it.
const _ = uint8(MaxUnit)

// warm prefetches what a loop over pairs reads of a pair's second unit,
// which the pairs' order (by first unit) leaves scattered, while it works
// on pairs[k]: the table's entries of the pair 2·warmAhead places on, and
// the stems (their first two cache lines) of the pair warmAhead on, whose
// place the entry warmed before gives without a wait.
func (t *unitTable) warm(pairs []uint64, k int) {
	if j := k + 2*warmAhead; j < len(pairs) {
		u := uint32(pairs[j])
		prefetch.Line(unsafe.Pointer(&t.at[u]))
		prefetch.Line(unsafe.Pointer(&t.doc[u]))
		prefetch.Line(unsafe.Pointer(&t.unit[u]))
	}
	if j := k + warmAhead; j < len(pairs) {
		a := t.at[uint32(pairs[j])]
		s := t.blocks[a>>40][uint32(a):]
		prefetch.Line(unsafe.Pointer(&s[0]))
		if len(s) > 16 && a>>32&0xFF > 16 {
			prefetch.Line(unsafe.Pointer(&s[16]))
		}
	}
}

// layoutUnits makes the unit table of the documents, in parallel: each
// document's units are numbered at offsets counted first, and located in
// its stems' block (its units hold every one of its tokens, in order).
func layoutUnits(docs []*docState, blocks *stemBlocks, workers int) *unitTable {
	units := 0
	for _, d := range docs {
		units += len(d.units)
	}
	t := &unitTable{doc: make([]uint32, units), unit: make([]unit, units), at: make([]uint64, units),
		blocks: blocks.all(), first: make([]int64, len(docs)+1), words: make([]int64, len(docs)+1)}
	parallel.Prefault(t.unit, workers)
	for i, d := range docs {
		t.first[i+1] = t.first[i] + int64(len(d.units))
		t.words[i+1] = t.words[i] + int64(len(d.stems))
	}
	parallel.Chunks(len(docs), 64, workers, func(_, lo, hi int) {
		for i, d := range docs[lo:hi] {
			i += lo
			u := int(t.first[i])
			for k, x := range d.units {
				t.doc[u+k] = uint32(i)
				t.unit[u+k] = x
				t.at[u+k] = uint64(d.stemBlock)<<40 | uint64(x.end-x.start)<<32 | uint64(d.stemOff+uint32(x.start))
			}
			d.units = nil // the table has them
		}
	})
	return t
}

// stemBlocks are the blocks of stems the analysers write documents' stems
// into, a block at a time each, so that a corpus's stems are a few large
// arrays, laid out as the documents come, and never copied: a block's
// number is its place here. It is safe for concurrent use.
type stemBlocks struct {
	mu     sync.Mutex
	blocks [][]uint32
}

// stemBlock is the size of a block of stems; a document with more than a
// quarter of it has a block of its own.
const stemBlock = 1 << 20

// add makes a block of n stems and returns its number.
func (s *stemBlocks) add(n int) (int, []uint32) {
	b := make([]uint32, n)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocks = append(s.blocks, b)
	return len(s.blocks) - 1, b
}

// all returns the blocks made.
func (s *stemBlocks) all() [][]uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.blocks
}

// postingSet is the postings of a corpus's repeated shingles, bucketed by
// hash: bucket b is sorted[start[b]:start[b+1]], in unit order. count[d]
// is document d's number of postings, single[d] its number of shingles
// left out for occurring once in the corpus.
type postingSet struct {
	sorted        []posting
	start         []int32
	count, single []int
	texts         []uint64 // each unit's textHash, 0 if it is one shingle (candidates_texts.go)
	docTexts      []uint64 // each document's docTextHash, 0 if it has no unit
}

// makePostings returns the postings of the k-word shingles of every
// unit, hashed from the unit table's stems (unitHashes), bucketed in a
// part per goroutine (bucketPostings). A hash that occurs once in the
// corpus makes none (repeats), and is counted in its document's single.
// The hashes are made again in each pass rather than kept: a document's
// hashes would take as much memory as its stems.
func makePostings(docs []*docState, ut *unitTable, k, workers int) postingSet {
	total := 0
	for u := range ut.unit {
		total += int(unitShingles(int32(ut.lenOf(uint32(u))), int32(k)))
	}
	nParts := max(1, min(workers, len(docs)))
	// The parts end at documents and hold about as many words each, so
	// that a few long documents (a two-megabyte licence file) do not
	// leave one goroutine the most of the work.
	bounds := make([]int64, nParts+1)
	for p := range bounds {
		words := ut.words[len(docs)] * int64(p) / int64(nParts)
		d, _ := slices.BinarySearch(ut.words[:len(docs)], words)
		bounds[p] = ut.first[d]
	}
	bounds[nParts] = ut.first[len(docs)]
	partUnits := func(p int) (lo, hi int64) { return bounds[p], bounds[p+1] }
	sieve := newRepeatLog(nParts, total)
	texts := make([]uint64, len(ut.unit))
	docTexts := make([]uint64, len(docs))
	parallel.Chunks(nParts, 1, workers, func(_, p, _ int) {
		lo, hi := partUnits(p)
		var hs []uint64
		var fold textFold // of the document of unit u
		for u := lo; u < hi; u++ {
			hs = unitHashes(hs[:0], ut.stemsOf(uint32(u)), k)
			sieve.add(p, hs)
			if len(hs) > 1 {
				texts[u] = textHash(hs)
			}
			fold.add(foldedText(hs, texts[u]))
			if d := ut.doc[u]; u+1 == hi || ut.doc[u+1] != d {
				docTexts[d], fold = fold.sum(), textFold{}
			}
		}
	})
	repeated := sieve.settle(workers)
	sieve = nil
	kept := 0
	for _, r := range repeated {
		kept += r.count()
	}
	nbits := bucketBits(kept)
	// The counting pass keeps each part's repeated hashes in order, and
	// each unit's number of them in kept, so that the placing pass reads
	// them straight.
	ps := postingSet{count: make([]int, len(docs)), single: make([]int, len(docs)), texts: texts, docTexts: docTexts}
	keptOf := make([]uint8, len(ut.unit)) // at most MaxUnit
	keptHashes := make([][]uint64, nParts)
	ps.sorted, ps.start = bucketPostings(nParts, workers, nbits, func(p int, c []int32) {
		lo, hi := partUnits(p)
		r := repeated[p]
		var hs []uint64
		out := make([]uint64, 0, r.count())
		for u := lo; u < hi; u++ {
			hs = unitHashes(hs[:0], ut.stemsOf(uint32(u)), k)
			m := 0
			for _, h := range hs {
				if r.next(h) {
					c[bucketOf(h, nbits)]++
					out = append(out, h)
					m++
				}
			}
			keptOf[u] = uint8(m)
			d := ut.doc[u]
			ps.single[d] += len(hs) - m
			ps.count[d] += m
		}
		keptHashes[p] = out
	}, func(p int, fill []int32, sorted []posting) {
		lo, hi := partUnits(p)
		hs := keptHashes[p]
		for u := lo; u < hi; u++ {
			d := ut.doc[u]
			for _, h := range hs[:keptOf[u]] {
				b := bucketOf(h, nbits)
				sorted[fill[b]] = posting{hash: h, unit: uint32(u), doc: d}
				fill[b]++
			}
			hs = hs[keptOf[u]:]
		}
		keptHashes[p] = nil // in the postings now
	})
	return ps
}

// unitShingles is the number of shingles of a unit of n tokens: one per
// run of k tokens, or one for the whole unit when it is shorter.
func unitShingles(n, k int32) int32 {
	if n <= k {
		return 1
	}
	return n - k + 1
}

// unitHashes appends the hashes of a unit's shingles, from its stems:
// one per run of k stems, or one of the whole unit when it is shorter.
func unitHashes(dst []uint64, stems []uint32, k int) []uint64 {
	k = min(k, len(stems))
	for i := 0; i+k <= len(stems); i++ {
		dst = append(dst, shingleHash(stems[i:i+k]))
	}
	return dst
}

// bucketOf is the bucket of a hash: its top nbits bits.
func bucketOf(h uint64, nbits uint) int { return int(h >> (64 - nbits)) }

// bucketPostings sorts postings into the 2^nbits buckets of bucketOf their
// hashes, in parts on their own goroutines: count(p, c) adds the postings of part p
// to the bucket counts c, and place(p, fill, sorted) puts each at
// sorted[fill[b]] and increments fill[b]. The parts' postings follow each
// other in every bucket, so that the sort is stable. It returns the
// postings and where each bucket starts (and the last ends).
func bucketPostings(parts, workers int, nbits uint, count func(p int, c []int32), place func(p int, fill []int32, sorted []posting)) ([]posting, []int32) {
	nb := 1 << nbits
	counts := make([][]int32, parts)
	parallel.Chunks(parts, 1, workers, func(_, p, _ int) {
		counts[p] = make([]int32, nb)
		count(p, counts[p])
	})
	start := make([]int32, nb+1)
	for b := 0; b < nb; b++ {
		at := start[b]
		for p := range parts {
			at, counts[p][b] = at+counts[p][b], at // the part's first slot
		}
		start[b+1] = at
	}
	sorted := make([]posting, start[nb])
	parallel.Prefault(sorted, workers)
	parallel.Chunks(parts, 1, workers, func(_, p, _ int) {
		place(p, counts[p], sorted)
	})
	return sorted, start
}

// setsFrom gives every document the number of its distinct shingle hashes
// and the sorted set of those also in another document, each as its rank
// among the hashes shared by two documents or more (ranks keep the
// hashes' order and identity in half the memory: there are fewer shared
// hashes than half the postings, which fit in memory, so fewer than 2^32),
// read off the postings sorted by hash: each goroutine reads them all,
// counting the ranks as every other does, and keeps the documents it owns. sizes are the documents'
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
	all := make([]uint32, off[len(docs)])
	parallel.Prefault(all, workers)
	n := make([]int, len(docs))        // shared hashes
	distinct := make([]int, len(docs)) // all distinct hashes
	parallel.Chunks(workers, 1, workers, func(_, w, _ int) {
		lo, hi := uint32(len(docs)*w/workers), uint32(len(docs)*(w+1)/workers)
		rank := uint32(0)
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
						all[off[d]+n[d]] = rank
						n[d]++
					}
				}
			}
			if shared {
				rank++
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

// FingerprintVersion versions the hashes Fingerprinter makes (the
// analysis, the stems and shingleHash): an index that keeps them on disk
// must be rebuilt when it changes.
//
// Version log:
//
//	1: the first.
//	2: the words that a mail client cuts off a quoted line as it quotes
//	   it again, on a line of their own at a lower depth, join their
//	   sentence (shingle's wrap.go, overflow lines); they ended it, so
//	   the units of such messages, and their fingerprints, moved.
//	3: a thread quoted deep, each quote wrapped again at the column, is
//	   measured by its whole lines (prefixes counted) and its overflow
//	   runs of up to eight lines join their sentences (shingle's
//	   wrap.go), where five deep and more it counted as not wrapped at
//	   all; and a wire's rights notice is chrome, however long its line
//	   (corpus's rightsNotice). Such texts' units moved.
//	4: the lines of a hard-wrapped paragraph among a story's last three
//	   count as one line of its tail (corpus's tails.go), short or not,
//	   so that a tagline wrapped over lines is its outlet's furniture
//	   whole: the line counts an archive keeps for such texts moved.
//	5: a line of wrapped text that ends where the next word would have
//	   fitted (a fill that evens out its lines, as GNU fmt and par make;
//	   a paragraph wrapped narrower than its text) runs on into the next
//	   where it cannot end a sentence or a headline (shingle's runon.go),
//	   where it ended its sentence: such texts' units moved.
//	6: such a line inside a paragraph, near the column, runs on where it
//	   ends in a lower-case word or a number and the next line starts
//	   with a capital or a digit ("Putin asked" / "Trump"), unless the
//	   two lines start alike, as a list's items do, or the next is a
//	   table's row or a field (shingle's midParagraph): such texts'
//	   units moved.
//	7: a number alone on a line ("16.") is no numbered item, before
//	   which a line ended its sentence: "December" / "16." runs on.
//	8: lines in capitals count neither way in the test that finds text
//	   wrapped (shingle's wrap.go): a disclaimer in capitals wrapped under
//	   a line of prose is wrapped text, where each of its lines was a
//	   sentence: such texts' units moved.
//	9: a line that opens "(c) " is a copyright line (corpus's chrome.go,
//	   left out of the text) only with a year, "Copyright" or a name of
//	   at most five words after it: a list's third item ("(c) You must
//	   retain, in the Source form of any Derivative Works", in the Apache
//	   License) is text, and such texts' units moved.
//	10: a line of page chrome that is the document's title, or a part of
//	   it between separators, is its heading and text (corpus's
//	   ChromeOf): the Rust book's "Comments", under the title "Comments
//	   - The Rust Programming Language", was left out; such pages' units
//	   moved.
const FingerprintVersion = 10

// Fingerprinter makes the fingerprints by which an index kept across runs
// (package archive) finds the documents a new one may share text with:
// the hashes of the K-word shingles of its units, made as the postings
// stage makes them, winnowed unit by unit (shingle.AppendWinnowed) with
// windows of Window hashes. Two documents whose units share a run of
// Window+K−1 words share a fingerprint. A unit shorter than that makes
// none: alone, it is too short to be evidence of reuse ("All rights
// reserved.", "He said."), and a stock sentence would otherwise make
// every document that carries it a candidate of every other. The zero value is not ready: set
// K (Options.Shingle of the scan) and Window (0 or 1 keeps every hash).
// A Fingerprinter is for one goroutine.
type Fingerprinter struct {
	K, Window int
	an        *analyser
	hs        []uint64
}

// Append appends the fingerprints of d, unit by unit, with repeats, and
// returns how many words of d were analysed. d.Boilerplate, which makes no
// tokens, must be as the scan would have it.
func (f *Fingerprinter) Append(dst []uint64, d corpus.Doc) ([]uint64, int) {
	if f.an == nil {
		f.an = newAnalyser(nil)
	}
	st := f.an.analyse(d)
	least := int32(f.K + max(f.Window, 1) - 1)
	for _, u := range st.units {
		if u.end-u.start < least {
			continue
		}
		f.hs = unitHashes(f.hs[:0], st.stems[u.start:u.end], f.K)
		dst = shingle.AppendWinnowed(dst, f.hs, f.Window)
	}
	return dst, st.toks.len()
}
