package reuse

import (
	"math/bits"
	"slices"
	"sync"

	"github.com/copydesk/copydesk/internal/parallel"
)

// starDocs is the number of documents above which the units of a shingle
// are paired through a leader rather than all with all.
const starDocs = 16

// candidatePairs returns the pairs of units from different documents that
// share at least one shingle, as ua<<32 | ub with ua < ub, sorted and
// distinct: exact shingle postings (an inverted index), not a sketch. The
// units of one document are consecutive. It returns too each unit's root
// (candidates_roots.go), as rank<<32 | unit, noRoot if none.
//
// A shingle in at most starDocs documents pairs the units of every two of
// its documents, so that passages of small reach can be clustered by
// complete linkage. Two documents that hold the shingle in several units
// pair them in order (appendZip), not all with all: a licence repeated
// under each of a package's files, in hundreds of documents, would
// otherwise make hundreds of thousands of pairs a shingle. A
// shingle in more documents is either a widely syndicated text or a stock
// phrase inside unrelated sentences, and pairing its c units all with all
// would cost c² alignments and make c² links. Its units are paired only
// with its leader's, those of the document that comes first in rank
// (rank[doc], the order of publication; earliest first): a star of c − 1
// pairs. A text copied into many documents makes the same star for
// every shingle, with the same leader, so that every copy is aligned with
// the earliest one, sentence after sentence, and its passage grows
// linearly with its reach. No shingle is passed over however many
// documents carry it: a stock phrase's pairs fail the evidence rule.
//
// The postings come spread over buckets by hash (makePostings, a
// counting sort, stable, so that each bucket is in unit order; start[b] is
// where bucket b begins). Each bucket is sorted and cut into runs of one
// hash on its own goroutine, and written back sorted by hash, then unit;
// the pairs are spread by first unit over ranges, and each range sorted
// and deduplicated on its own (units is the number of units). lists
// holds the unit lists whose pairs are made (unitLists), for the texts'
// runs after (candidates_texts.go).
func candidatePairs(sorted []posting, start []int32, rank []uint32, units int, lists *unitLists, workers int) ([]uint64, []uint64) {
	nb := len(start) - 1 // a power of two, 2^16 or more (bucketBits)
	// Runs of one hash, bucket by bucket, in parallel. Within a bucket
	// the postings are in unit order (the counting sort is stable), so
	// sorting the keys hash<<16|index (the top bits of the hash are the
	// bucket's) orders them by hash, then unit, without a comparison
	// function; a bucket too large for 16-bit indices is sorted by one.
	// The bucket is written back in that order.
	span := nb / 64
	shift := uint(bits.Len(uint(units / pairRanges)))
	nRanges := units>>shift + 1
	// Each goroutine's scratch, reused from chunk to chunk, and the pairs
	// it made, by range of first units (the order in which they come
	// does not matter: each range is sorted).
	type scratch struct {
		tmp    []posting
		keys   []uint64
		us     []uint32
		groups []int
		out    []uint64
		made   pairBlocks
	}
	roots := &rootOffer{table: newRootTable(units)}
	scratches := make([]scratch, workers)
	for w := range scratches {
		scratches[w].made = newPairBlocks(nRanges, shift)
	}
	parallel.Chunks(nb/span, 1, workers, func(w, r, _ int) {
		sc := &scratches[w]
		tmp, keys, us, groups, out := sc.tmp, sc.keys, sc.us, sc.groups, sc.out[:0]
		defer func() { sc.tmp, sc.keys, sc.us, sc.groups, sc.out = tmp, keys, us, groups, out }()
		for b := r * span; b < (r+1)*span; b++ {
			seg := sorted[start[b]:start[b+1]]
			if len(seg) < 2 {
				continue
			}
			if len(seg) <= 1<<16 {
				keys = keys[:0]
				for i, p := range seg {
					keys = append(keys, p.hash<<16|uint64(i))
				}
				slices.Sort(keys)
				tmp = append(tmp[:0], seg...)
				for i, k := range keys {
					seg[i] = tmp[k&(1<<16-1)]
				}
			} else {
				slices.SortStableFunc(seg, func(a, b posting) int {
					switch {
					case a.hash < b.hash:
						return -1
					case a.hash > b.hash:
						return 1
					}
					return 0
				})
			}
			for i := 0; i < len(seg); {
				same, docs := hashRun(seg[i:])
				i += len(same)
				out, groups = runPairs(out, same, docs, groups, &us, lists, rank, roots)
				if len(out) >= flushPairs {
					sc.made.add(out)
					out = out[:0]
				}
			}
		}
		sc.made.add(out)
		out = out[:0]
	})
	// Each range sorted and deduplicated on its own, then laid end to end.
	ranges := make([][]uint64, nRanges)
	bufs := make([][]uint64, workers) // each goroutine's radix sort buffer
	parallel.Chunks(nRanges, 1, workers, func(w, k, _ int) {
		n := 0
		for i := range scratches {
			n += scratches[i].made.len(k)
		}
		x := make([]uint64, 0, n)
		for i := range scratches {
			x = scratches[i].made.take(x, k)
		}
		bufs[w] = parallel.RadixSortBuf(x, bufs[w])
		ranges[k] = slices.Compact(x)
	})
	return parallel.Concat(ranges, workers), roots.table
}

// pairRanges is about the number of ranges of first units over which
// candidatePairs spreads its pairs to sort them.
const pairRanges = 64

// flushPairs is how many pairs a goroutine of candidatePairs makes
// before it spreads them over its ranges: a buffer that stays in the
// caches, where one array of a chunk's pairs was grown, copied and
// cleared as it doubled (in a profile of a scan of 100,000 documents,
// the growing took a third of the stage's CPU time).
const flushPairs = 1 << 14

// pairBlocks holds pairs spread over ranges by their first unit's top
// bits (ua >> shift), each range a list of blocks of blockPairs pairs,
// so that no list is copied as it grows: one goroutine's. A unit pair
// comes once for every shingle its units share (three times over, on
// average, in the news corpus), so a range whose full blocks reach
// compactBlocks, and hold half as many pairs as it has compacted, is
// compacted: its blocks sorted, deduplicated and merged into the range's
// pairs so far (done), the blocks kept for reuse. The goroutine then
// holds about the distinct pairs it made, not every copy of them; each
// pair is merged again a few times at most, as done grows by half each
// time.
type pairBlocks struct {
	shift   uint
	cur     [][]uint64   // each range's block being filled
	full    [][][]uint64 // and its blocks filled since it was last compacted
	done    [][]uint64   // and its pairs compacted: sorted, distinct
	spare   [][]uint64   // emptied blocks
	scratch []uint64     // the blocks being compacted, and the sort's buffer
	buf     []uint64
}

// blockPairs is the size of a pairBlocks block.
const blockPairs = 2048

// compactBlocks is how many full blocks a range of pairBlocks gathers
// before it is compacted.
const compactBlocks = 4

func newPairBlocks(ranges int, shift uint) pairBlocks {
	return pairBlocks{shift: shift, cur: make([][]uint64, ranges), full: make([][][]uint64, ranges), done: make([][]uint64, ranges)}
}

// add spreads pairs over their ranges.
func (b *pairBlocks) add(pairs []uint64) {
	for _, p := range pairs {
		k := p >> 32 >> b.shift
		c := b.cur[k]
		if len(c) == cap(c) {
			if c != nil {
				b.full[k] = append(b.full[k], c)
				if n := len(b.full[k]); n >= compactBlocks && n*blockPairs >= len(b.done[k])/2 {
					b.compact(int(k))
				}
			}
			c = b.block()
		}
		b.cur[k] = append(c, p)
	}
}

// block returns an empty block, a spare one if there is one.
func (b *pairBlocks) block() []uint64 {
	if n := len(b.spare); n > 0 {
		c := b.spare[n-1]
		b.spare = b.spare[:n-1]
		return c[:0]
	}
	return make([]uint64, 0, blockPairs)
}

// compact merges range k's full blocks into its done pairs, and keeps the
// blocks for reuse.
func (b *pairBlocks) compact(k int) {
	x := b.scratch[:0]
	for _, c := range b.full[k] {
		x = append(x, c...)
		b.spare = append(b.spare, c)
	}
	b.full[k] = b.full[k][:0]
	b.buf = parallel.RadixSortBuf(x, b.buf)
	b.done[k] = mergeDistinct(b.done[k], slices.Compact(x))
	b.scratch = x
}

// mergeDistinct returns the union of a and b, two sorted lists of distinct
// pairs, in a new array of its size.
func mergeDistinct(a, b []uint64) []uint64 {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			i, j = i+1, j+1
		}
		n++
	}
	out := make([]uint64, 0, n+len(a)-i+len(b)-j)
	i, j = 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// len returns at most how many pairs range k holds: its distinct pairs
// and those not yet compacted.
func (b *pairBlocks) len(k int) int {
	return len(b.done[k]) + len(b.full[k])*blockPairs + len(b.cur[k])
}

// take appends the pairs of range k to dst and lets them go: those
// compacted, then the others, in no order.
func (b *pairBlocks) take(dst []uint64, k int) []uint64 {
	dst = append(dst, b.done[k]...)
	for _, c := range b.full[k] {
		dst = append(dst, c...)
	}
	dst = append(dst, b.cur[k]...)
	b.done[k], b.full[k], b.cur[k] = nil, nil, nil
	return dst
}

// unitLists holds the unit lists of the large runs of one hash whose
// pairs candidatePairs has made. The shingles of a sentence copied into
// many documents are all in the same units: their pairs are made once, not
// once a shingle (a statement quoted by a hundred outlets would make its
// five thousand pairs some twenty times over, for the sort to undo). It is
// safe for concurrent use.
type unitLists struct {
	shards [64]struct { // by the list's hash, so that goroutines seldom wait
		mu   sync.Mutex
		seen map[uint64][][]uint32
	}
}

// bigList is the fewest units for which unitLists remembers a list.
const bigList = 8

// first reports whether the units of ps have not been seen as a list
// before, and remembers them; lists shorter than bigList are always new.
// units is scratch.
func (l *unitLists) first(ps []posting, units *[]uint32) bool {
	if len(ps) < bigList {
		return true
	}
	us := (*units)[:0]
	for _, p := range ps {
		us = append(us, p.unit)
	}
	slices.Sort(us)
	*units = us
	h := uint64(len(us))
	for _, u := range us {
		h = (h ^ uint64(u)) * 0x100000001B3
	}
	sh := &l.shards[h>>58]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	for _, seen := range sh.seen[h] {
		if slices.Equal(seen, us) {
			return false
		}
	}
	if sh.seen == nil {
		sh.seen = map[uint64][][]uint32{}
	}
	sh.seen[h] = append(sh.seen[h], slices.Clone(us))
	return true
}

// hashRun returns the postings of seg's first hash (seg sorted by hash,
// then unit) and the number of documents they are in.
func hashRun(seg []posting) ([]posting, int) {
	j, docs := 1, 1
	for j < len(seg) && seg[j].hash == seg[0].hash {
		if seg[j].doc != seg[j-1].doc {
			docs++ // units of one document are contiguous ids
		}
		j++
	}
	return seg[:j], docs
}

// runPairs appends the candidate pairs of the postings of one hash, in
// docs documents (sorted by unit): every two documents' units zipped
// (appendZip) up to starDocs documents, a star about the leader past them
// (appendStar), none if the same units made theirs before (lists). groups
// and us are scratch; it returns groups for reuse.
func runPairs(out []uint64, same []posting, docs int, groups []int, us *[]uint32, lists *unitLists, rank []uint32, offer *rootOffer) ([]uint64, []int) {
	if docs < 2 || !lists.first(same, us) {
		return out, groups
	}
	groups = docGroups(groups[:0], same)
	if docs > starDocs {
		return appendStar(out, same, groups, rank, offer), groups
	}
	for x := 0; x+1 < len(groups); x++ {
		for y := x + 1; y+1 < len(groups); y++ {
			out = appendZip(out, same[groups[x]:groups[x+1]], same[groups[y]:groups[y+1]])
		}
	}
	return out, groups
}

// docGroups appends to dst where each document's postings begin in same
// (sorted by unit, so by document), and where the last ends: document k's
// postings are same[dst[k]:dst[k+1]].
func docGroups(dst []int, same []posting) []int {
	for i := range same {
		if i == 0 || same[i].doc != same[i-1].doc {
			dst = append(dst, i)
		}
	}
	return append(dst, len(same))
}

// appendZip appends the pairs of the units of two documents that share a
// shingle: in order, the first of one with the first of the other, the
// second with the second, and so on, the last unit of the shorter side
// standing in for the rest. One copy per document, as nearly always, makes
// one pair; a text repeated within documents (a licence under each of a
// package's files) makes as many pairs as copies, not their product.
func appendZip(dst []uint64, a, b []posting) []uint64 {
	for i := range max(len(a), len(b)) {
		x, y := a[min(i, len(a)-1)].unit, b[min(i, len(b)-1)].unit
		dst = append(dst, uint64(min(x, y))<<32|uint64(max(x, y)))
	}
	return dst
}

// appendStar appends the star of the postings of one shingle (sorted by
// unit, documents' postings beginning at groups): its leader, the
// document of least rank, zipped (appendZip) with every other document.
// Each unit of the others is offered the leader's unit it is paired with
// as its root (candidates_roots.go).
func appendStar(dst []uint64, same []posting, groups []int, rank []uint32, offer *rootOffer) []uint64 {
	lead := 0
	for k := 1; k+1 < len(groups); k++ {
		if rank[same[groups[k]].doc] < rank[same[groups[lead]].doc] {
			lead = k
		}
	}
	ls := same[groups[lead]:groups[lead+1]]
	leadRank := rank[ls[0].doc]
	for k := 0; k+1 < len(groups); k++ {
		if k == lead {
			continue
		}
		xs := same[groups[k]:groups[k+1]]
		dst = appendZip(dst, ls, xs)
		for i, x := range xs {
			offer.offer(x.unit, ls[min(i, len(ls)-1)].unit, leadRank)
		}
	}
	return dst
}

// strong reports whether units a and b pass the evidence rule's LCS bound
// on their own.
func (o *Options) strong(al *aligner, ut *unitTable, a, b uint32) bool {
	sa, sb := ut.stemsOf(a), ut.stemsOf(b)
	bound := al.bound(int64(a), sa, sb)
	return o.evidence(bound, bound, int32(min(len(sa), len(sb))))
}

// boundPairs bounds each candidate's matched words by the longest common
// subsequence of its two units (lcs.go), some fifty times cheaper than the
// alignment, and splits the candidates, in order, into those whose bound
// passes the evidence rule and those deferred: a deferred pair can count
// only as a piece of a longer chain, so it is aligned later, and only next
// to other candidates or aligned pairs of the same two documents (extend).
func boundPairs(all []uint64, ut *unitTable, opts *Options) (cands, deferred []uint64) {
	passes := make([]bool, len(all))
	withAligners(len(all), 256, opts, func(al *aligner, lo, hi int) {
		for i := lo; i < hi; i++ {
			ut.warm(all, i)
			passes[i] = opts.strong(al, ut, uint32(all[i]>>32), uint32(all[i]))
		}
	})
	n := 0
	for _, ok := range passes {
		if ok {
			n++
		}
	}
	cands, deferred = make([]uint64, 0, n), make([]uint64, 0, len(all)-n)
	for i, c := range all {
		if passes[i] {
			cands = append(cands, c)
		} else {
			deferred = append(deferred, c)
		}
	}
	return cands, deferred
}
