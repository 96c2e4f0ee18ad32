package pipeline

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/reuse"
)

// Align aligns the candidate unit pairs that Shards found, document pair
// by document pair (reuse.PairAligner), with the two documents' analyses,
// and compares the documents that share no copy but enough seeds
// (reuse.PairAligner.Alone). It returns what the pairs that share
// something were found to share, in batches (decodeAligned) keyed by
// their group: aligned, and alone; and the documents' analyses for the
// alignment, by block (docAnalysisFn), for the stages after it to ask
// of. analysed is Analyse's records, index the index Shards read, pairs
// Shards's candidates, roots the roots its shards offered.
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
// on a worker of its own, so that a star is not one worker's work. With
// each document's analysis its block sends its units' roots (roots.go),
// for the alignment to leave out what a third document explains.
//
// A document's stems and analysis travel once to each group (or chunk)
// that holds a pair of it, at most once for each document it shares a candidate with:
// what Align shuffles grows with the copies of a text, not with their
// square.
func Align(s beam.Scope, analysed, index, pairs, roots beam.PCollection, opts Options) (aligned, alone, byBlock beam.PCollection) {
	s = s.Scope("copydesk.Align")
	rootsByBlock := beam.ParDo(s, &rootsFn{}, beam.GroupByKey(s, roots), beam.SideInput{Input: index})
	merged, stemAsks := beam.ParDo2(s, mergePairsFn, beam.GroupByKey(s, pairs))
	byBlock, seeds := beam.ParDo2(s, &docAnalysisFn{}, analysed, beam.SideInput{Input: index})
	stems := beam.ParDo(s, sendFn, beam.CoGroupByKey(s, byBlock, stemAsks))
	live, asks := beam.ParDo2(s, &boundFn{Opts: opts}, beam.CoGroupByKey(s, merged, stems), beam.SideInput{Input: index})
	analyses := beam.ParDo(s, sendFn, beam.CoGroupByKey(s, byBlock, asks))
	sentRoots := beam.ParDo(s, &sendRootsFn{}, beam.CoGroupByKey(s, rootsByBlock, asks), beam.SideInput{Input: index})
	aligned, sharing := beam.ParDo2(s, &alignFn{Opts: opts}, beam.CoGroupByKey(s, live, analyses, sentRoots), beam.SideInput{Input: index})

	// The rewrites of documents that share no copy.
	seeded := beam.ParDo(s, &seedPairsFn{}, beam.GroupByKey(s, seeds), beam.SideInput{Input: index})
	kept, aloneAsks := beam.ParDo2(s, &seededFn{}, beam.CoGroupByKey(s, seeded, sharing), beam.SideInput{Input: index})
	aloneAnalyses := beam.ParDo(s, sendFn, beam.CoGroupByKey(s, byBlock, aloneAsks))
	aloneRoots := beam.ParDo(s, &sendRootsFn{}, beam.CoGroupByKey(s, rootsByBlock, aloneAsks), beam.SideInput{Input: index})
	alone, _ = beam.ParDo2(s, &alignFn{Opts: opts, Alone: true}, beam.CoGroupByKey(s, kept, aloneAnalyses, aloneRoots), beam.SideInput{Input: index})
	return aligned, alone, byBlock
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

// alignFn aligns a group's document pairs with their documents'
// analyses, and emits what those that share something share, in a batch
// keyed by the group.
type alignFn struct {
	Opts Options
	// Alone compares documents that share no copy (reuse.PairAligner.Alone)
	// rather than aligning candidates.
	Alone bool
	x     *index
	pa    reuse.PairAligner
}

func (fn *alignFn) ProcessElement(ctx context.Context, group int, pairs func(*[]byte) bool, parts func(*[]byte) bool, roots func(*[]byte) bool, side func(*[]byte) bool, emit func(int, []byte), sharing func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	byDoc := map[uint32][]uint64{}
	if err := readRoots(byDoc, roots, fn.x); err != nil {
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
		al, err := align(a, b, p.a, p.b, fn.x.first[p.a], fn.x.first[p.b], p.pairs, pairRoots(byDoc, fn.x, p.a, p.b), fn.Opts.reuse())
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
	// To the group, not its chunk: where the seeded pairs, and then the
	// comparisons alone, meet them.
	if n > 0 {
		alignedBytes.Inc(ctx, int64(len(out)))
		emit(group&(1<<alignBits-1), out)
	}
	if len(shares) > 0 {
		sharing(group&(1<<alignBits-1), shares)
	}
	return nil
}

// decodeAligned appends to dst the pair alignments of a batch that alignFn
// emitted: for each, uv its bytes and its encoding
// (reuse.PairAlignment.MarshalBinary).
func decodeAligned(dst []*reuse.PairAlignment, b []byte) ([]*reuse.PairAlignment, error) {
	return decodeEach(dst, b, "pair alignments")
}

// decodeEach appends to dst the things of a batch of what: for each, uv
// its bytes and its encoding, which its UnmarshalBinary decodes.
func decodeEach[T any, P interface {
	*T
	UnmarshalBinary([]byte) error
}](dst []P, b []byte, what string) ([]P, error) {
	r := reader{b: b}
	for r.err == nil && len(r.b) > 0 {
		enc := r.bytes(r.count(1))
		if r.err != nil {
			break
		}
		p := P(new(T))
		if err := p.UnmarshalBinary(enc); err != nil {
			return dst, err
		}
		dst = append(dst, p)
	}
	if r.err != nil {
		return dst, fmt.Errorf("pipeline: a batch of %s: %w", what, r.err)
	}
	return dst, nil
}

func init() {
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&boundFn{})
	register.DoFn8x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&alignFn{})
}
