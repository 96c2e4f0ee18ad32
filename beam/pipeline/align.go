package pipeline

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/reuse"
)

// Align aligns the candidate unit pairs that Shards found, document pair
// by document pair (reuse.PairAligner), with the two documents' analyses,
// and compares the documents that share no copy but enough seeds
// (reuse.PairAligner.Alone). It returns what the pairs that share
// something were found to share, in batches (decodeAligned): aligned,
// and alone. analysed is Analyse's records, index the index Shards read,
// pairs Shards's candidates.
//
// The document pairs are spread over 1<<alignBits groups by their home
// document, the one of lesser rank (the earlier published): the pairs of
// a star of candidates (a text in many documents, each paired with its
// earliest copy) share a home, and so a group. The documents' analyses
// are kept in as many blocks (groupOf a document), each group asking each
// block for what it needs of its documents. What it shuffles:
//   - the candidates of each group, from each shard that found some
//     (GroupByKey): a few bytes a unit pair;
//   - the stems of the units of those candidates (CoGroupByKey of the
//     asks and the analyses by block, then of the stems sent and the
//     candidates by group), for reuse.Live to rule out the document pairs
//     that share a stock phrase and nothing more: most of them;
//   - the analyses of the documents of the pairs left (CoGroupByKey by
//     block, then by group), where the pairs are aligned;
//   - each document's seeds, made where its analysis is keyed by block,
//     batched by seed shard and grouped (GroupByKey): a seed's units are
//     paired on the shard's worker (reuse.SeedPairs), and the seeded unit
//     pairs sent by document pair to the groups, as the candidates are;
//     each group keeps the pairs that share no copy (as its alignment
//     found) and have enough seeds (reuse.Seeded), and asks for their
//     analyses as it asked for the live pairs'.
//
// A group's live pairs are aligned in chunks of at most alignChunk, each
// on a worker of its own, so that a star is not one worker's work.
//
// A document's stems and analysis travel once to each group (or chunk)
// that holds a pair of it, at most once for each document it shares a candidate with:
// what Align shuffles grows with the copies of a text, not with their
// square.
func Align(s beam.Scope, analysed, index, pairs beam.PCollection, opts Options) (aligned, alone beam.PCollection) {
	s = s.Scope("copydesk.Align")
	merged, stemAsks := beam.ParDo2(s, mergePairsFn, beam.GroupByKey(s, pairs))
	byBlock, seeds := beam.ParDo2(s, &docAnalysisFn{}, analysed, beam.SideInput{Input: index})
	stems := beam.ParDo(s, sendFn, beam.CoGroupByKey(s, byBlock, stemAsks))
	live, asks := beam.ParDo2(s, &boundFn{Opts: opts}, beam.CoGroupByKey(s, merged, stems), beam.SideInput{Input: index})
	analyses := beam.ParDo(s, sendFn, beam.CoGroupByKey(s, byBlock, asks))
	aligned, sharing := beam.ParDo2(s, &alignFn{Opts: opts}, beam.CoGroupByKey(s, live, analyses), beam.SideInput{Input: index})

	// The rewrites of documents that share no copy.
	seeded := beam.ParDo(s, &seedPairsFn{}, beam.GroupByKey(s, seeds), beam.SideInput{Input: index})
	kept, aloneAsks := beam.ParDo2(s, &seededFn{}, beam.CoGroupByKey(s, seeded, sharing), beam.SideInput{Input: index})
	aloneAnalyses := beam.ParDo(s, sendFn, beam.CoGroupByKey(s, byBlock, aloneAsks))
	alone, _ = beam.ParDo2(s, &alignFn{Opts: opts, Alone: true}, beam.CoGroupByKey(s, kept, aloneAnalyses), beam.SideInput{Input: index})
	return aligned, alone
}

// The counters of Align: the bytes of what it shuffles, as its stages
// encode them (what Beam's coders add is not counted), and the document
// pairs it weighs and aligns.
var (
	candidateBytes = beam.NewCounter("copydesk", "candidates-bytes")
	stemBytes      = beam.NewCounter("copydesk", "stems-bytes")
	analysisBytes  = beam.NewCounter("copydesk", "analyses-bytes")
	alignedBytes   = beam.NewCounter("copydesk", "aligned-bytes")
	docPairs       = beam.NewCounter("copydesk", "document-pairs")
	livePairs      = beam.NewCounter("copydesk", "live-pairs")
	seedsBytes     = beam.NewCounter("copydesk", "seeds-bytes")
	seedBytes      = beam.NewCounter("copydesk", "seeded-bytes")
	seededPairs    = beam.NewCounter("copydesk", "seeded-pairs")
)

// alignBits is the number of bits of the group of a document pair: Align
// spreads the pairs over 1<<alignBits groups.
const alignBits = 8

// groupOf returns the group of the document pairs whose home is doc.
func groupOf(doc uint32) int { return int(uint64(doc) * 0x9E3779B97F4A7C15 >> (64 - alignBits)) }

// docPair is the candidate unit pairs of two documents A < B: ua<<32 | ub,
// each unit numbered from its document's first.
type docPair struct {
	a, b  uint32
	pairs []uint64
}

// appendDocPairs appends the encoding of document pairs' candidates:
//
//	for each pair of documents: uv A, uv B, uv its unit pairs; for each,
//	   in order, uv its unit of A, uv its unit of B
func appendDocPairs(b []byte, ps []docPair) []byte {
	for _, p := range ps {
		b = binary.AppendUvarint(b, uint64(p.a))
		b = binary.AppendUvarint(b, uint64(p.b))
		b = binary.AppendUvarint(b, uint64(len(p.pairs)))
		for _, u := range p.pairs {
			b = binary.AppendUvarint(b, u>>32)
			b = binary.AppendUvarint(b, uint64(uint32(u)))
		}
	}
	return b
}

// decodeDocPairs appends to dst the document pairs of an encoding of
// appendDocPairs.
func decodeDocPairs(dst []docPair, b []byte) ([]docPair, error) {
	r := reader{b: b}
	for r.err == nil && len(r.b) > 0 {
		p := docPair{a: r.uint32(), b: r.uint32()}
		p.pairs = make([]uint64, r.count(2))
		for i := range p.pairs {
			ua, ub := r.uint32(), r.uint32()
			p.pairs[i] = uint64(ua)<<32 | uint64(ub)
		}
		dst = append(dst, p)
	}
	if r.err != nil {
		return dst, fmt.Errorf("pipeline: document pairs' candidates: %w", r.err)
	}
	return dst, nil
}

// readDocPairs decodes every element of an iterator of encoded document
// pairs (appendDocPairs).
func readDocPairs(it func(*[]byte) bool) ([]docPair, error) {
	var all []docPair
	var b []byte
	for it(&b) {
		var err error
		if all, err = decodeDocPairs(all, b); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// byDocPair splits a shard's candidate unit pairs (sorted) by their
// documents' pair, numbered by x, and emits them by group (groupOf their
// home), encoded (appendDocPairs).
func byDocPair(pairs []uint64, x *index, emit func(int, []byte)) error {
	units := x.first[len(x.first)-1]
	docOf := func(u uint32) uint32 {
		return uint32(sort.Search(len(x.first), func(d int) bool { return x.first[d] > u }) - 1)
	}
	type local struct {
		group     int
		key, pair uint64
	}
	ls := make([]local, len(pairs))
	for i, p := range pairs {
		ua, ub := uint32(p>>32), uint32(p)
		if ua >= units || ub >= units {
			return fmt.Errorf("pipeline: a candidate of units %d and %d, of %d", ua, ub, units)
		}
		da, db := docOf(ua), docOf(ub)
		home := da
		if x.rank[db] < x.rank[da] {
			home = db
		}
		ls[i] = local{groupOf(home), uint64(da)<<32 | uint64(db), uint64(ua-x.first[da])<<32 | uint64(ub-x.first[db])}
	}
	slices.SortStableFunc(ls, func(a, b local) int { return cmp.Or(cmp.Compare(a.group, b.group), cmp.Compare(a.key, b.key)) })
	var ps []docPair
	for i := 0; i < len(ls); {
		ps = ps[:0]
		j := i
		for ; j < len(ls) && ls[j].group == ls[i].group; j++ {
			if j == i || ls[j].key != ls[j-1].key {
				ps = append(ps, docPair{a: uint32(ls[j].key >> 32), b: uint32(ls[j].key)})
			}
			last := &ps[len(ps)-1]
			last.pairs = append(last.pairs, ls[j].pair)
		}
		emit(ls[i].group, appendDocPairs(nil, ps))
		i = j
	}
	return nil
}

// mergePairsFn merges a group's candidates from the shards that found
// them, each document pair's sorted and distinct, and asks each block of
// documents for the stems of the units the group needs of its documents
// (appendAsk).
func mergePairsFn(group int, pieces func(*[]byte) bool, emit func(int, []byte), ask func(int, []byte)) error {
	merged, err := mergeDocPairs(pieces)
	if err != nil {
		return err
	}
	var units []uint64 // doc<<32 | unit
	for _, p := range merged {
		for _, u := range p.pairs {
			units = append(units, uint64(p.a)<<32|u>>32, uint64(p.b)<<32|uint64(uint32(u)))
		}
	}
	emit(group, appendDocPairs(nil, merged))
	askBlocks(group, units, ask)
	return nil
}

// mergeDocPairs decodes pieces of document pairs' unit pairs and merges
// them: each document pair once, in order, its unit pairs sorted and
// distinct.
func mergeDocPairs(pieces func(*[]byte) bool) ([]docPair, error) {
	all, err := readDocPairs(pieces)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(all, func(x, y docPair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	var merged []docPair
	for i := 0; i < len(all); {
		p := docPair{a: all[i].a, b: all[i].b}
		j := i
		for ; j < len(all) && all[j].a == p.a && all[j].b == p.b; j++ {
			p.pairs = append(p.pairs, all[j].pairs...)
		}
		slices.Sort(p.pairs)
		p.pairs = slices.Compact(p.pairs)
		merged = append(merged, p)
		i = j
	}
	return merged, nil
}

// askBlocks asks each block of documents (groupOf a document) for what
// group needs of its documents: units holds doc<<32 | unit, the units
// that the group needs the stems of, or doc<<32 | allUnits for a
// document whose analysis it needs. An ask is encoded:
//
//	uv the group; then for each document, ascending: uv its number, uv
//	   the units asked, and each unit's place in the document, ascending
//	   (a count of 0 asks for its analysis)
func askBlocks(group int, units []uint64, ask func(int, []byte)) {
	slices.SortFunc(units, func(x, y uint64) int {
		return cmp.Or(cmp.Compare(groupOf(uint32(x>>32)), groupOf(uint32(y>>32))), cmp.Compare(x, y))
	})
	units = slices.Compact(units)
	for i := 0; i < len(units); {
		block := groupOf(uint32(units[i] >> 32))
		enc := binary.AppendUvarint(nil, uint64(group))
		for i < len(units) && groupOf(uint32(units[i]>>32)) == block {
			d, j := units[i]>>32, i
			for j < len(units) && units[j]>>32 == d {
				j++
			}
			enc = binary.AppendUvarint(enc, d)
			if uint32(units[i]) == allUnits {
				enc = binary.AppendUvarint(enc, 0)
			} else {
				enc = binary.AppendUvarint(enc, uint64(j-i))
				for _, u := range units[i:j] {
					enc = binary.AppendUvarint(enc, uint64(uint32(u)))
				}
			}
			i = j
		}
		ask(block, enc)
	}
}

// allUnits stands for every unit of a document in askBlocks: its
// analysis.
const allUnits = 1<<32 - 1

// docAnalysisFn keys each analysed document with words by its block
// (groupOf its number in the index): uv its number, then its analysis as
// the alignment reads it (reuse.Analysis.MarshalAlignment). And it makes
// the document's seeds (reuse.Analysis.AppendSeeds), batched by seed
// shard (the seed's top alignBits bits): in a batch, each seed's 4 bytes
// little-endian, then uv its unit, numbered in the corpus.
type docAnalysisFn struct {
	x     *index
	seeds [1 << alignBits][]byte
	keys  []uint64
	bytes int
}

// seedBatchBytes is the most bytes of seeds a worker holds before it
// emits them.
const seedBatchBytes = 8 << 20

func (fn *docAnalysisFn) flush(ctx context.Context, emit func(int, []byte)) {
	for s, b := range fn.seeds {
		if len(b) > 0 {
			seedsBytes.Inc(ctx, int64(len(b)))
			emit(s, b)
			fn.seeds[s] = nil
		}
	}
	fn.bytes = 0
}

func (fn *docAnalysisFn) FinishBundle(ctx context.Context, _ func(*[]byte) bool, _ func(int, []byte), seeds func(int, []byte)) {
	fn.flush(ctx, seeds)
}

func (fn *docAnalysisFn) ProcessElement(ctx context.Context, r Record, side func(*[]byte) bool, emit func(int, []byte), seeds func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	if r.Skipped {
		return nil
	}
	d, ok := fn.x.doc(fileKey{r.Input, r.File}, r.Seq)
	if !ok {
		return nil
	}
	var a reuse.Analysis
	if err := a.UnmarshalBinary(r.Analysis); err != nil {
		return fmt.Errorf("pipeline: %s: %w", r.Path, err)
	}
	enc, err := a.MarshalAlignment()
	if err != nil {
		return err
	}
	emit(groupOf(d), append(binary.AppendUvarint(nil, uint64(d)), enc...))
	fn.keys = a.AppendSeeds(fn.keys[:0], fn.x.first[d])
	for _, k := range fn.keys {
		s := k >> (64 - alignBits)
		n := len(fn.seeds[s])
		fn.seeds[s] = binary.LittleEndian.AppendUint32(fn.seeds[s], uint32(k>>32))
		fn.seeds[s] = binary.AppendUvarint(fn.seeds[s], k&(1<<32-1))
		fn.bytes += len(fn.seeds[s]) - n
	}
	if fn.bytes > seedBatchBytes {
		fn.flush(ctx, seeds)
	}
	return nil
}

// seedPairsFn pairs the units of each seed of a shard in few units
// (reuse.SeedPairs), and sends them by document pair to the groups, as
// the shards send their candidates (byDocPair).
type seedPairsFn struct{ x *index }

func (fn *seedPairsFn) ProcessElement(ctx context.Context, _ int, batches func(*[]byte) bool, side func(*[]byte) bool, emit func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	units := fn.x.first[len(fn.x.first)-1]
	var keys []uint64
	var b []byte
	for batches(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			seed := binary.LittleEndian.Uint32(r.bytes(4))
			u := r.uint32()
			if r.err == nil && u >= units {
				return fmt.Errorf("pipeline: a seed of unit %d, of %d", u, units)
			}
			keys = append(keys, uint64(seed)<<32|uint64(u))
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: a batch of seeds: %w", r.err)
		}
	}
	docOf := func(u uint32) uint32 {
		return uint32(sort.Search(len(fn.x.first), func(d int) bool { return fn.x.first[d] > u }) - 1)
	}
	return byDocPair(reuse.SeedPairs(keys, docOf), fn.x, func(g int, b []byte) { seedBytes.Inc(ctx, int64(len(b))); emit(g, b) })
}

// seededFn keeps the document pairs of a group that share no copy (as
// their alignment found, Align) and have enough seeded unit pairs
// (reuse.Seeded), and asks for their documents' analyses.
type seededFn struct{ x *index }

func (fn *seededFn) ProcessElement(ctx context.Context, group int, pieces func(*[]byte) bool, sharing func(*[]byte) bool, side func(*[]byte) bool, emit func(int, []byte), ask func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	all, err := mergeDocPairs(pieces)
	if err != nil {
		return err
	}
	shares := map[uint64]bool{}
	var b []byte
	for sharing(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			shares[r.uv()] = true
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: the pairs of group %d that share a copy: %w", group, r.err)
		}
	}
	var kept []docPair
	var docs []uint64
	for _, p := range all {
		if p.a >= p.b || int(p.b)+1 >= len(fn.x.first) {
			return fmt.Errorf("pipeline: a seeded pair of documents %d and %d, of %d", p.a, p.b, len(fn.x.first)-1)
		}
		na, nb := fn.x.first[p.a+1]-fn.x.first[p.a], fn.x.first[p.b+1]-fn.x.first[p.b]
		if !shares[uint64(p.a)<<32|uint64(p.b)] && reuse.Seeded(len(p.pairs), int(na), int(nb)) {
			kept, docs = append(kept, p), append(docs, uint64(p.a)<<32|allUnits, uint64(p.b)<<32|allUnits)
		}
	}
	seededPairs.Inc(ctx, int64(len(kept)))
	if len(kept) == 0 {
		return nil
	}
	emit(group, appendDocPairs(nil, kept))
	askBlocks(group, docs, ask)
	return nil
}

// sendFn answers the asks made of a block of documents (askBlocks): to
// each group that asked, what it asked for, in one part:
//
//	for each document: uv its number; then either (stems asked) uv the
//	   units, and for each, uv its place, uv its stems and each one's 4
//	   bytes, little-endian; or (the analysis asked) uv its bytes and
//	   its analysis
func sendFn(ctx context.Context, block int, analyses func(*[]byte) bool, asked func(*[]byte) bool, emit func(int, []byte)) error {
	var docs map[uint64][]byte // each document's analysis, encoded
	var as map[uint64]*reuse.Analysis
	var ask []byte
	for asked(&ask) {
		if docs == nil {
			docs, as = map[uint64][]byte{}, map[uint64]*reuse.Analysis{}
			var b []byte
			for analyses(&b) {
				r := reader{b: b}
				d := r.uv()
				if r.err != nil {
					return fmt.Errorf("pipeline: an analysis of block %d: %w", block, r.err)
				}
				docs[d] = r.b
			}
		}
		r := reader{b: ask}
		group := r.uv()
		var part []byte
		for r.err == nil && len(r.b) > 0 {
			d, n := r.uv(), r.count(1)
			enc, ok := docs[d]
			if !ok {
				return fmt.Errorf("pipeline: document %d, asked for, has no analysis", d)
			}
			part = binary.AppendUvarint(part, d)
			if n == 0 {
				part = binary.AppendUvarint(part, uint64(len(enc)))
				part = append(part, enc...)
				analysisBytes.Inc(ctx, int64(len(enc)))
				continue
			}
			a, err := decodedAnalysis(as, d, enc)
			if err != nil {
				return err
			}
			at := len(part)
			part = binary.AppendUvarint(part, uint64(n))
			for range n {
				u := r.uv()
				if u >= uint64(a.Units()) {
					return fmt.Errorf("pipeline: unit %d of document %d asked for, of %d", u, d, a.Units())
				}
				stems := a.UnitStems(int(u))
				part = binary.AppendUvarint(part, u)
				part = binary.AppendUvarint(part, uint64(len(stems)))
				for _, s := range stems {
					part = binary.LittleEndian.AppendUint32(part, s)
				}
			}
			stemBytes.Inc(ctx, int64(len(part)-at))
		}
		if r.err != nil || group > math.MaxInt32 {
			return fmt.Errorf("pipeline: a damaged ask of block %d", block)
		}
		emit(int(group), part)
	}
	return nil
}

// decodedAnalysis returns document d's analysis, decoded from enc once.
func decodedAnalysis(as map[uint64]*reuse.Analysis, d uint64, enc []byte) (*reuse.Analysis, error) {
	if a, ok := as[d]; ok {
		return a, nil
	}
	a := &reuse.Analysis{}
	if err := a.UnmarshalAlignment(enc); err != nil {
		return nil, fmt.Errorf("pipeline: document %d: %w", d, err)
	}
	as[d] = a
	return a, nil
}

// boundFn keeps the document pairs of a group that may share something
// (reuse.Live), by their units' stems, and asks for their documents'
// analyses.
type boundFn struct {
	Opts Options
	x    *index
}

func (fn *boundFn) ProcessElement(ctx context.Context, group int, pairs func(*[]byte) bool, parts func(*[]byte) bool, side func(*[]byte) bool, emit func(int, []byte), ask func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	all, err := groupPairs(pairs, fn.x)
	if err != nil {
		return err
	}
	stems := map[uint32][]uint32{} // by unit, numbered in the corpus
	var b []byte
	for parts(&b) {
		if err := fn.readStems(stems, b); err != nil {
			return fmt.Errorf("pipeline: stems sent to group %d: %w", group, err)
		}
	}
	missing := false
	of := func(u uint32) []uint32 {
		s, ok := stems[u]
		missing = missing || !ok
		return s
	}
	cands := make([][]uint64, len(all))
	for i, p := range all {
		cands[i] = p.pairs
	}
	ok := reuse.Live(cands, of, fn.Opts.reuse())
	if missing {
		return fmt.Errorf("pipeline: group %d: the stems of some units did not come", group)
	}
	var live []docPair
	for i, p := range all {
		if ok[i] {
			live = append(live, p)
		}
	}
	docPairs.Inc(ctx, int64(len(all)))
	livePairs.Inc(ctx, int64(len(live)))
	if len(live) == 0 {
		return nil
	}
	// The pairs' units back to their documents' first.
	for _, p := range live {
		fa, fb := fn.x.first[p.a], fn.x.first[p.b]
		for i, u := range p.pairs {
			p.pairs[i] = uint64(uint32(u>>32)-fa)<<32 | uint64(uint32(u)-fb)
		}
	}
	// A group of many pairs (a text carried widely, a star about its
	// earliest copy) is aligned in chunks, each on a worker of its own:
	// its home's analysis goes to each chunk.
	for c := 0; c*alignChunk < len(live); c++ {
		chunk := live[c*alignChunk : min((c+1)*alignChunk, len(live))]
		var docs []uint64
		for _, p := range chunk {
			docs = append(docs, uint64(p.a)<<32|allUnits, uint64(p.b)<<32|allUnits)
		}
		key := c<<alignBits | group
		emit(key, appendDocPairs(nil, chunk))
		askBlocks(key, docs, ask)
	}
	return nil
}

// alignChunk is the most document pairs one worker aligns: a group's
// live pairs past it are split into chunks, keyed chunk<<alignBits |
// group.
const alignChunk = 1024

// readStems reads a part of stems (sendFn) into stems, by unit numbered
// in the corpus.
func (fn *boundFn) readStems(stems map[uint32][]uint32, b []byte) error {
	r := reader{b: b}
	for r.err == nil && len(r.b) > 0 {
		d, n := r.uint32(), r.count(2)
		for range n {
			u, k := r.uint32(), r.count(4)
			if r.err == nil && (int(d)+1 >= len(fn.x.first) || u >= fn.x.first[d+1]-fn.x.first[d]) {
				return fmt.Errorf("unit %d of document %d, not in the index", u, d)
			}
			raw := r.bytes(4 * k)
			s := make([]uint32, k)
			for i := range s {
				s[i] = binary.LittleEndian.Uint32(raw[4*i:])
			}
			if r.err == nil {
				stems[fn.x.first[d]+u] = s
			}
		}
	}
	return r.err
}

// groupPairs decodes a group's document pairs, their units numbered in
// the corpus by the index.
func groupPairs(pairs func(*[]byte) bool, x *index) ([]docPair, error) {
	all, err := readDocPairs(pairs)
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if p.a >= p.b || int(p.b)+1 >= len(x.first) {
			return nil, fmt.Errorf("pipeline: a candidate pair of documents %d and %d, of %d", p.a, p.b, len(x.first)-1)
		}
		fa, fb := x.first[p.a], x.first[p.b]
		na, nb := x.first[p.a+1]-fa, x.first[p.b+1]-fb
		for i, u := range p.pairs {
			ua, ub := uint32(u>>32), uint32(u)
			if ua >= na || ub >= nb {
				return nil, fmt.Errorf("pipeline: a candidate of units %d and %d of documents %d and %d, of %d and %d units", ua, ub, p.a, p.b, na, nb)
			}
			p.pairs[i] = uint64(fa+ua)<<32 | uint64(fb+ub)
		}
	}
	return all, nil
}

// alignFn aligns a group's document pairs with their documents'
// analyses, and emits what those that share something share, in a batch.
type alignFn struct {
	Opts Options
	// Alone compares documents that share no copy (reuse.PairAligner.Alone)
	// rather than aligning candidates.
	Alone bool
	x     *index
	pa    reuse.PairAligner
}

func (fn *alignFn) ProcessElement(ctx context.Context, group int, pairs func(*[]byte) bool, parts func(*[]byte) bool, side func(*[]byte) bool, emit func([]byte), sharing func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	all, err := groupPairs(pairs, fn.x)
	if err != nil {
		return err
	}
	as := map[uint32]*reuse.Analysis{}
	var b []byte
	for parts(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			d := r.uint32()
			enc := r.bytes(r.count(1))
			if r.err != nil {
				break
			}
			a := &reuse.Analysis{}
			if err := a.UnmarshalAlignment(enc); err != nil {
				return fmt.Errorf("pipeline: document %d: %w", d, err)
			}
			as[d] = a
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: analyses sent to group %d: %w", group, r.err)
		}
	}
	var out, shares []byte
	n := 0
	for _, p := range all {
		a, b := as[p.a], as[p.b]
		if a == nil || b == nil {
			return fmt.Errorf("pipeline: group %d: documents %d and %d without their analyses", group, p.a, p.b)
		}
		align := fn.pa.Align
		if fn.Alone {
			align = fn.pa.Alone
		}
		al, err := align(a, b, p.a, p.b, fn.x.first[p.a], fn.x.first[p.b], p.pairs, fn.Opts.reuse())
		if err != nil {
			return err
		}
		if al.SharesCopy() {
			shares = binary.AppendUvarint(shares, uint64(p.a)<<32|uint64(p.b))
		}
		if al.Empty() {
			continue
		}
		enc, err := al.MarshalBinary()
		if err != nil {
			return err
		}
		out = binary.AppendUvarint(out, uint64(len(enc)))
		out = append(out, enc...)
		n++
	}
	if n > 0 {
		alignedBytes.Inc(ctx, int64(len(out)))
		emit(out)
	}
	if len(shares) > 0 {
		sharing(group&(1<<alignBits-1), shares) // the group, not its chunk
	}
	return nil
}

// decodeAligned appends to dst the pair alignments of a batch that alignFn
// emitted: for each, uv its bytes and its encoding
// (reuse.PairAlignment.MarshalBinary).
func decodeAligned(dst []*reuse.PairAlignment, b []byte) ([]*reuse.PairAlignment, error) {
	r := reader{b: b}
	for r.err == nil && len(r.b) > 0 {
		enc := r.bytes(r.count(1))
		if r.err != nil {
			break
		}
		p := &reuse.PairAlignment{}
		if err := p.UnmarshalBinary(enc); err != nil {
			return dst, err
		}
		dst = append(dst, p)
	}
	if r.err != nil {
		return dst, fmt.Errorf("pipeline: a batch of pair alignments: %w", r.err)
	}
	return dst, nil
}

func init() {
	register.Function4x1(mergePairsFn)
	register.Function5x1(sendFn)
	register.DoFn5x1[context.Context, Record, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&docAnalysisFn{})
	register.DoFn5x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), error](&seedPairsFn{})
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&seededFn{})
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&boundFn{})
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func([]byte), func(int, []byte), error](&alignFn{})
}
