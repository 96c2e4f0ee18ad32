package minhash

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/internal/xxh64"
)

// Params is an LSH banding: a signature's first Bands*Rows values cut into
// Bands bands of Rows values. Two sets of Jaccard similarity J share at
// least one band with probability 1 − (1 − J^Rows)^Bands.
type Params struct {
	Bands, Rows int
}

// Probability returns the probability that two sets of Jaccard similarity j
// become candidates: 1 − (1 − j^Rows)^Bands.
func (p Params) Probability(j float64) float64 {
	return 1 - math.Pow(1-math.Pow(j, float64(p.Rows)), float64(p.Bands))
}

// OptimalParams returns the banding of a K-value signature that minimises
// fpWeight·FP + fnWeight·FN, where FP = ∫₀ᵗ P(s) ds is the probability mass
// of candidates below the threshold t and FN = ∫ₜ¹ (1 − P(s)) ds the mass of
// missed pairs above it (the method of Leskovec, Rajaraman and Ullman,
// "Mining of Massive Datasets", ch. 3, as in the datasketch library). Ties
// go to fewer bands, which index faster.
func OptimalParams(threshold float64, k int, fpWeight, fnWeight float64) (Params, error) {
	if !(threshold > 0 && threshold < 1) {
		return Params{}, fmt.Errorf("minhash: threshold %v is not in (0, 1)", threshold)
	}
	if k < 1 {
		return Params{}, ErrK
	}
	best, _ := bestBanding(k, func(p Params) (float64, bool) {
		fp := integrate(p.Probability, 0, threshold)
		fn := integrate(func(s float64) float64 { return 1 - p.Probability(s) }, threshold, 1)
		return fpWeight*fp + fnWeight*fn, true
	})
	return best, nil
}

// RecallParams returns the banding of a K-value signature that, among those
// making a pair of similarity threshold a candidate with probability at
// least recall, has the least false-positive mass ∫₀ᵗ P(s) ds. Use it where
// a missed pair costs more than a candidate checked in vain.
func RecallParams(threshold float64, k int, recall float64) (Params, error) {
	if !(threshold > 0 && threshold <= 1) {
		return Params{}, fmt.Errorf("minhash: threshold %v is not in (0, 1]", threshold)
	}
	if !(recall > 0 && recall < 1) {
		return Params{}, fmt.Errorf("minhash: recall %v is not in (0, 1)", recall)
	}
	if k < 1 {
		return Params{}, ErrK
	}
	best, ok := bestBanding(k, func(p Params) (float64, bool) {
		if p.Probability(threshold) < recall {
			return 0, false // not integrated: most bandings fall short
		}
		return integrate(p.Probability, 0, threshold), true
	})
	if !ok {
		return Params{}, fmt.Errorf("minhash: no banding of %d values reaches recall %v at %v", k, recall, threshold)
	}
	return best, nil
}

// MinK returns the shortest signature that RecallParams can band to
// make a pair of similarity threshold a candidate with probability at
// least recall: bands of one value each do best, 1 − (1 − t)^b ≥ recall.
// It returns 0 if the arguments are out of range.
func MinK(threshold, recall float64) int {
	if !(threshold > 0 && threshold <= 1) || !(recall > 0 && recall < 1) {
		return 0
	}
	if threshold == 1 {
		return 1
	}
	k := int(math.Ceil(math.Log(1-recall) / math.Log(1-threshold)))
	for k > 1 && 1-math.Pow(1-threshold, float64(k-1)) >= recall {
		k-- // the logarithms' rounding
	}
	for 1-math.Pow(1-threshold, float64(k)) < recall {
		k++
	}
	return max(k, 1)
}

// bestBanding returns the admissible banding of at most k values with the
// least cost, and whether any was admissible. Ties go to fewer bands.
func bestBanding(k int, cost func(Params) (c float64, admissible bool)) (Params, bool) {
	best, bestCost := Params{}, math.Inf(1)
	for b := 1; b <= k; b++ {
		for r := 1; b*r <= k; r++ {
			p := Params{Bands: b, Rows: r}
			if c, ok := cost(p); ok && c < bestCost-1e-12 {
				best, bestCost = p, c
			}
		}
	}
	return best, bestCost != math.Inf(1)
}

// integrate is Simpson's rule with 256 intervals.
func integrate(f func(float64) float64, a, b float64) float64 {
	const n = 256
	h := (b - a) / n
	sum := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(a+float64(i)*h)
	}
	return sum * h / 3
}

// AppendBandKeys appends the Bands band keys of sig to dst: for each band,
// xxhash64 (seed 0) of its Rows values as little-endian uint64s, hashed
// from the values without laying out their bytes (xxh64.Words).
func AppendBandKeys(dst []uint64, sig Signature, p Params) []uint64 {
	for b := 0; b < p.Bands; b++ {
		dst = append(dst, xxh64.Words(sig[b*p.Rows:(b+1)*p.Rows], 0))
	}
	return dst
}

// Index is an LSH index over signatures, keyed by dense uint32 ids. Ids
// should be small and dense (0, 1, 2, ...): the index keeps a slice indexed
// by id. The signature of an empty set is recorded but bucketed nowhere: it
// is nobody's candidate.
//
// It has no useful zero value: use NewIndex. Add must not run concurrently
// with anything; Query and Pairs may run concurrently with each other.
type Index struct {
	params Params
	bands  []buckets
	keys   []uint64 // keys[id*Bands : (id+1)*Bands]
	state  []uint8  // per id: 0 absent, 1 bucketed, 2 empty set
	n      int
	room   int // the ids each band's table was made for (Reserve), or 0
}

// NewIndex returns an empty index with the given banding.
func NewIndex(p Params) (*Index, error) {
	if p.Bands < 1 || p.Rows < 1 {
		return nil, fmt.Errorf("minhash: banding %d×%d needs at least one band of one row", p.Bands, p.Rows)
	}
	ix := &Index{params: p, bands: make([]buckets, p.Bands)}
	for i := range ix.bands {
		ix.bands[i] = newBuckets(0)
	}
	return ix, nil
}

// Params returns the index's banding.
func (ix *Index) Params() Params { return ix.params }

// Len returns the number of ids added.
func (ix *Index) Len() int { return ix.n }

// ErrDuplicateID reports an id added twice.
var ErrDuplicateID = errors.New("minhash: id already in the index")

// Add indexes sig under id.
func (ix *Index) Add(id uint32, sig Signature) error {
	p := ix.params
	if len(sig) < p.Bands*p.Rows {
		return fmt.Errorf("minhash: signature of %d values is too short for %d bands of %d rows", len(sig), p.Bands, p.Rows)
	}
	if sig.IsEmpty() {
		return ix.AddKeys(id, nil)
	}
	var keys [64]uint64
	return ix.AddKeys(id, AppendBandKeys(keys[:0], sig, p))
}

// AddKeys indexes under id a signature given by its band keys
// (AppendBandKeys), or, if keys is nil, the signature of an empty set:
// Add, for callers that keep a signature's band keys and not the
// signature.
func (ix *Index) AddKeys(id uint32, keys []uint64) error {
	p := ix.params
	if keys != nil && len(keys) != p.Bands {
		return fmt.Errorf("minhash: %d band keys for %d bands", len(keys), p.Bands)
	}
	if id > maxID {
		return fmt.Errorf("minhash: id %d is past the index's last, %d", id, maxID)
	}
	if int(id) < len(ix.state) && ix.state[id] != 0 {
		return fmt.Errorf("%w: %d", ErrDuplicateID, id)
	}
	for int(id) >= len(ix.state) {
		ix.state = append(ix.state, 0)
		ix.keys = append(ix.keys, make([]uint64, p.Bands)...)
	}
	ix.n++
	if keys == nil {
		ix.state[id] = 2
		return nil
	}
	ix.state[id] = 1
	copy(ix.keys[int(id)*p.Bands:], keys)
	for b, key := range keys {
		ix.bands[b].add(key, id)
	}
	return nil
}

// Reserve makes room in each band, and for the ids' keys, for n more
// ids, if the index is empty: a hint, so that indexing them grows no
// table or array step by step.
func (ix *Index) Reserve(n int) {
	if ix.n > 0 {
		return
	}
	for b := range ix.bands {
		ix.bands[b] = newBuckets(n)
	}
	ix.state = make([]uint8, len(ix.state), len(ix.state)+n)
	ix.keys = make([]uint64, len(ix.keys), len(ix.keys)+n*ix.params.Bands)
	ix.room = n
}

// AddAll indexes sigs[i] under id first+i, for every i, on workers
// goroutines: the band keys of a run of signatures on each, then the
// buckets of each band on one goroutine, ids in increasing order, so that
// the index is the one Add would make, one signature after another.
func (ix *Index) AddAll(first uint32, sigs []Signature, workers int) error {
	p := ix.params
	keys := make([][]uint64, len(sigs))
	flat := make([]uint64, len(sigs)*p.Bands)
	for _, sig := range sigs {
		if len(sig) < p.Bands*p.Rows {
			return fmt.Errorf("minhash: signature of %d values is too short for %d bands of %d rows", len(sig), p.Bands, p.Rows)
		}
	}
	parallel.Chunks(len(sigs), 1024, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			if !sigs[i].IsEmpty() {
				keys[i] = AppendBandKeys(flat[i*p.Bands:i*p.Bands], sigs[i], p)
			}
		}
	})
	return ix.AddAllKeys(first, keys, workers)
}

// addAhead is how many ids before it AddAllKeys warms an id's slot in a
// band's table: far enough for the line to arrive, near enough to stay.
const addAhead = 8

// AddAllKeys is AddAll of signatures given by their band keys (nil: the
// signature of an empty set), as AddKeys takes them.
func (ix *Index) AddAllKeys(first uint32, keys [][]uint64, workers int) error {
	p := ix.params
	end := int(first) + len(keys)
	if len(keys) > 0 && end-1 > maxID {
		return fmt.Errorf("minhash: id %d is past the index's last, %d", end-1, maxID)
	}
	for i, k := range keys {
		if k != nil && len(k) != p.Bands {
			return fmt.Errorf("minhash: %d band keys for %d bands", len(k), p.Bands)
		}
		if id := int(first) + i; id < len(ix.state) && ix.state[id] != 0 {
			return fmt.Errorf("%w: %d", ErrDuplicateID, id)
		}
	}
	if end > len(ix.state) {
		ix.state = append(ix.state, make([]uint8, end-len(ix.state))...)
		ix.keys = append(ix.keys, make([]uint64, end*p.Bands-len(ix.keys))...)
	}
	ix.n += len(keys)
	for i, k := range keys {
		id := int(first) + i
		if k == nil {
			ix.state[id] = 2
			continue
		}
		ix.state[id] = 1
		copy(ix.keys[id*p.Bands:], k)
	}
	parallel.Chunks(p.Bands, 1, workers, func(_, b, _ int) {
		if ix.bands[b].n == 0 && len(keys) > ix.room { // made to measure, not grown step by step
			ix.bands[b] = newBuckets(len(keys))
		}
		// The band's table is worked on in a copy of its own: the bands
		// lie side by side, and an add that counted in place would write
		// to a cache line that the goroutine adding to the next band
		// writes to as well.
		t := ix.bands[b]
		for id := int(first); id < end; id++ {
			if ahead := id + addAhead; ahead < end && ix.state[ahead] == 1 {
				t.warm(ix.keys[ahead*p.Bands+b])
			}
			if ix.state[id] == 1 {
				t.add(ix.keys[id*p.Bands+b], uint32(id))
			}
		}
		ix.bands[b] = t
	})
	return nil
}

// AppendQuery appends to dst the ids, from from up, that share at least
// one band with sig, in no order and possibly more than once (once for
// each band shared), and returns the extended slice: Query without a
// bitmap, for callers that look at a few ids.
func (ix *Index) AppendQuery(dst []uint32, sig Signature, from uint32) []uint32 {
	p := ix.params
	if len(sig) < p.Bands*p.Rows || sig.IsEmpty() {
		return dst
	}
	var keys [64]uint64
	return ix.AppendQueryKeys(dst, AppendBandKeys(keys[:0], sig, p), from)
}

// AppendQueryKeys is AppendQuery of a signature given by its band keys
// (nil: an empty set's, which shares no band).
func (ix *Index) AppendQueryKeys(dst []uint32, keys []uint64, from uint32) []uint32 {
	keys = keys[:min(len(keys), len(ix.bands))]
	ix.warm(keys)
	var it roaring.IntIterator // made once: Bitmap.Iterator allocates one a call
	for b, key := range keys {
		t := &ix.bands[b]
		switch v := t.value(key); {
		case v == 0:
		case v&bitmapFlag == 0: // one id, the most common bucket
			if v-1 >= from {
				dst = append(dst, v-1)
			}
		default:
			dst = t.bucketOf(v).appendFrom(dst, from, &it)
		}
	}
	return dst
}

// Query returns the ids that share at least one band with sig.
func (ix *Index) Query(sig Signature) *roaring.Bitmap {
	out := roaring.New()
	p := ix.params
	if len(sig) < p.Bands*p.Rows || sig.IsEmpty() {
		return out
	}
	var keys [64]uint64
	for b, key := range AppendBandKeys(keys[:0], sig, p) {
		if bk, ok := ix.bands[b].get(key); ok {
			bk.orInto(out)
		}
	}
	return out
}

// CandidatePairs returns every candidate pair a < b (ids sharing at least
// one band) as a<<32 | b, in increasing order, found on workers
// goroutines, each taking a run of ids.
func (ix *Index) CandidatePairs(workers int) []uint64 {
	ids := ix.sharing(workers)
	return parallel.Collect(len(ids), 256, workers, func(_ int, dst []uint64, lo, hi int) []uint64 {
		var cands pairScratch
		for _, id := range ids[lo:hi] {
			dst = ix.appendPairsOf(dst, int(id), &cands)
		}
		return dst
	})
}

// sharing returns, in increasing order, the ids in a bucket of two or
// more in some band: only they have a candidate, and most ids, in a corpus
// of mostly distinct documents, are in none. The bands are cut into a run
// a worker; each run's buckets' members are marked in a bitset of its own
// (a bit an id), and the bitsets are or-ed: one step a member, where
// or-ing the buckets' bitmaps cost a container operation a bucket.
func (ix *Index) sharing(workers int) []uint32 {
	words := (len(ix.state) + 63) / 64
	parts := max(1, min(workers, len(ix.bands)))
	marks := make([][]uint64, parts)
	parallel.Chunks(parts, 1, workers, func(_, p, _ int) {
		m := make([]uint64, words)
		var it roaring.IntIterator // made once: Bitmap.Iterator allocates one a call
		for b := p * len(ix.bands) / parts; b < (p+1)*len(ix.bands)/parts; b++ {
			t := &ix.bands[b]
			for k, n := range t.fewN {
				for _, id := range t.few[k*fewIDsInline : k*fewIDsInline+int(n)] {
					m[id/64] |= 1 << (id % 64)
				}
			}
			for _, bm := range t.more {
				it.Initialize(bm)
				for it.HasNext() {
					id := it.Next()
					m[id/64] |= 1 << (id % 64)
				}
			}
		}
		marks[p] = m
	})
	var ids []uint32
	for k := range words {
		var word uint64
		for _, m := range marks {
			word |= m[k]
		}
		for ; word != 0; word &= word - 1 {
			ids = append(ids, uint32(64*k+bits.TrailingZeros64(word)))
		}
	}
	return ids
}

// pairScratch is appendPairsOf's scratch space: the ids of an id's
// buckets, listed when they are few, or-ed into a bitmap when many.
type pairScratch struct {
	ids []uint32
	bm  *roaring.Bitmap
	it  roaring.IntIterator // made once: Bitmap.Iterator allocates one a call
}

// fewIDs is the most ids, over all of an id's shared buckets, that
// appendPairsOf lists and sorts rather than or-ing bitmaps: a bitmap or
// allocates a container a bucket, which costs more than sorting a few
// hundred ids; a bucket of thousands (a text in thousands of documents)
// is or-ed, so that no id costs its buckets' sizes times the bands.
const fewIDs = 512

// appendPairsOf appends the candidate pairs (id, b) with b > id to dst,
// in increasing order of b, using sc as scratch.
func (ix *Index) appendPairsOf(dst []uint64, id int, sc *pairScratch) []uint64 {
	if ix.state[id] != 1 {
		return dst
	}
	p := ix.params
	keys := ix.keys[id*p.Bands : (id+1)*p.Bands]
	ix.warm(keys)
	var buf [64]bucket // room for the usual bands; more grow it
	shared, total := buf[:0], uint64(0)
	for b, key := range keys {
		t := &ix.bands[b]
		if v := t.value(key); v&bitmapFlag != 0 { // shared with another id
			bk := t.bucketOf(v)
			shared = append(shared, bk)
			total += bk.size()
		}
	}
	if total > fewIDs {
		return sc.appendOred(dst, uint32(id), shared)
	}
	return sc.appendListed(dst, uint32(id), shared)
}

// appendOred appends the pairs (id, b) with b > id of the buckets shared,
// or-ed into one bitmap.
func (sc *pairScratch) appendOred(dst []uint64, id uint32, shared []bucket) []uint64 {
	if sc.bm == nil {
		sc.bm = roaring.New()
	}
	sc.bm.Clear()
	for _, bk := range shared {
		bk.orInto(sc.bm)
	}
	sc.it.Initialize(sc.bm)
	sc.it.AdvanceIfNeeded(id + 1)
	for sc.it.HasNext() {
		dst = append(dst, uint64(id)<<32|uint64(sc.it.Next()))
	}
	return dst
}

// appendListed appends the pairs (id, b) with b > id of the buckets
// shared, their ids listed, sorted and made distinct.
func (sc *pairScratch) appendListed(dst []uint64, id uint32, shared []bucket) []uint64 {
	sc.ids = sc.ids[:0]
	for _, bk := range shared {
		sc.ids = bk.appendFrom(sc.ids, id+1, &sc.it)
	}
	slices.Sort(sc.ids)
	for _, b := range slices.Compact(sc.ids) {
		dst = append(dst, uint64(id)<<32|uint64(b))
	}
	return dst
}

// warm asks for the bucket slots of a signature's band keys, every one on
// its way before the first is read.
func (ix *Index) warm(keys []uint64) {
	for b, key := range keys {
		ix.bands[b].warm(key)
	}
}

// Pairs calls fn once for every candidate pair a < b (ids sharing at least
// one band), in increasing order of a, then b, and stops early if fn returns
// false.
func (ix *Index) Pairs(fn func(a, b uint32) bool) {
	var cands pairScratch
	var buf []uint64
	for id := range ix.state {
		buf = ix.appendPairsOf(buf[:0], id, &cands)
		for _, c := range buf {
			if !fn(uint32(c>>32), uint32(c)) {
				return
			}
		}
	}
}
