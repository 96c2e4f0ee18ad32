package pipeline

// The blocks of documents that Align keeps: each document's analysis as
// the alignment reads it, and its seeds, made where it is; and how a
// block answers what the groups ask of its documents.

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/reuse"
)

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
// little-endian, then uv its unit, numbered in the corpus, then the
// unit's text hash (reuse.Seed.Text), 4 bytes little-endian.
type docAnalysisFn struct {
	x     *index
	seeds [1 << alignBits][]byte
	keys  []reuse.Seed
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
		s := k.Key >> (64 - alignBits)
		n := len(fn.seeds[s])
		fn.seeds[s] = binary.LittleEndian.AppendUint32(fn.seeds[s], uint32(k.Key>>32))
		fn.seeds[s] = binary.AppendUvarint(fn.seeds[s], k.Key&(1<<32-1))
		fn.seeds[s] = binary.LittleEndian.AppendUint32(fn.seeds[s], k.Text)
		fn.bytes += len(fn.seeds[s]) - n
	}
	if fn.bytes > seedBatchBytes {
		fn.flush(ctx, seeds)
	}
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

func init() {
	register.Function5x1(sendFn)
	register.DoFn5x1[context.Context, Record, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&docAnalysisFn{})
}
