package pipeline

// The rewrites of documents that share no copy, in Align: their seeds
// paired by seed shard, and the pairs with enough seeds kept by group.

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/reuse"
)

// seedPairsFn pairs the units of each seed of a shard in few texts
// (reuse.SeedPairs), and sends them by document pair to the groups, as
// the shards send their candidates (byDocPair).
type seedPairsFn struct{ x *index }

func (fn *seedPairsFn) ProcessElement(ctx context.Context, _ int, batches func(*[]byte) bool, side func(*[]byte) bool, emit func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	units := fn.x.first[len(fn.x.first)-1]
	var keys []reuse.Seed
	var b []byte
	for batches(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			seed := binary.LittleEndian.Uint32(r.bytes(4))
			u := r.uint32()
			text := binary.LittleEndian.Uint32(r.bytes(4))
			if r.err == nil && u >= units {
				return fmt.Errorf("pipeline: a seed of unit %d, of %d", u, units)
			}
			keys = append(keys, reuse.Seed{Key: uint64(seed)<<32 | uint64(u), Text: text})
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: a batch of seeds: %w", r.err)
		}
	}
	return byDocPair(reuse.SeedPairs(keys, fn.x.docOf, fn.x.rank), fn.x, func(g int, b []byte) { seedBytes.Inc(ctx, int64(len(b))); emit(g, b) })
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

func init() {
	register.DoFn5x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), error](&seedPairsFn{})
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&seededFn{})
}
