package pipeline

// The units' roots (reuse.LeastRoots): each shard offers the units of its
// stars their leaders' (shardFn), the offers are grouped by the block of
// the unit's document and the least kept (rootsFn), and each block sends
// the roots of the documents that a group asks the analyses of
// (sendRootsFn), for the group's alignments (alignFn).

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/reuse"
)

// The counters of the roots: the bytes offered by the shards, and sent
// to the groups.
var (
	rootsOfferedBytes = beam.NewCounter("copydesk", "roots-offered-bytes")
	rootsSentBytes    = beam.NewCounter("copydesk", "roots-sent-bytes")
)

// offerRoots emits, by block of the unit's document, the roots a shard
// offers (u<<32 | r, reuse.Shard.Roots): uv u, uv r for each.
func offerRoots(ctx context.Context, offered []uint64, x *index, emit func(int, []byte)) {
	var out [1 << alignBits][]byte
	for _, k := range offered {
		o := &out[groupOf(x.docOf(uint32(k>>32)))]
		*o = binary.AppendUvarint(binary.AppendUvarint(*o, k>>32), uint64(uint32(k)))
	}
	for block, b := range out {
		if len(b) > 0 {
			rootsOfferedBytes.Inc(ctx, int64(len(b)))
			emit(block, b)
		}
	}
}

// rootsFn keeps each unit's least root (reuse.LeastRoots) of those the
// shards offer the units of a block's documents, and encodes them: for
// each unit with a root, ascending, uv the unit, uv its root.
type rootsFn struct{ x *index }

func (fn *rootsFn) ProcessElement(_ context.Context, block int, offers func(*[]byte) bool, side func(*[]byte) bool, emit func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	units := uint64(fn.x.first[len(fn.x.first)-1])
	var all []uint64
	var b []byte
	for offers(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			u, root := r.uv(), r.uv()
			if r.err == nil && (u >= units || root >= units) {
				return fmt.Errorf("pipeline: unit %d offered root %d, of %d units", u, root, units)
			}
			all = append(all, u<<32|root)
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: roots offered to block %d: %w", block, r.err)
		}
	}
	var out []byte
	for _, k := range reuse.LeastRoots(all, fn.x.docOf, fn.x.rank) {
		out = binary.AppendUvarint(binary.AppendUvarint(out, k>>32), uint64(uint32(k)))
	}
	emit(block, out)
	return nil
}

// sendRootsFn answers each ask of a block (askBlocks) for the analyses
// of its documents with their units' roots, to the group that asked: for
// each document asked that has a unit with a root, uv its number, uv its
// units with a root, and for each, uv its place in the document, uv the
// root (numbered in the corpus).
type sendRootsFn struct{ x *index }

func (fn *sendRootsFn) ProcessElement(ctx context.Context, block int, roots func(*[]byte) bool, asked func(*[]byte) bool, side func(*[]byte) bool, emit func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	var byDoc map[uint32][]uint64 // place<<32 | root, each document's
	var ask []byte
	for asked(&ask) {
		if byDoc == nil {
			byDoc = map[uint32][]uint64{}
			var b []byte
			for roots(&b) {
				r := reader{b: b}
				for r.err == nil && len(r.b) > 0 {
					u, root := r.uv(), r.uv()
					if r.err != nil {
						break
					}
					d := fn.x.docOf(uint32(u))
					byDoc[d] = append(byDoc[d], uint64(uint32(u)-fn.x.first[d])<<32|root)
				}
				if r.err != nil {
					return fmt.Errorf("pipeline: the roots of block %d: %w", block, r.err)
				}
			}
		}
		r := reader{b: ask}
		group := r.uv()
		var part []byte
		for r.err == nil && len(r.b) > 0 {
			d, n := r.uv(), r.count(1)
			for range n {
				r.uv()
			}
			if n > 0 || d >= uint64(len(fn.x.seq)) {
				continue // stems asked, not an analysis
			}
			rs := byDoc[uint32(d)]
			if len(rs) == 0 {
				continue
			}
			part = binary.AppendUvarint(binary.AppendUvarint(part, d), uint64(len(rs)))
			for _, k := range rs {
				part = binary.AppendUvarint(binary.AppendUvarint(part, k>>32), uint64(uint32(k)))
			}
		}
		if r.err != nil || group > math.MaxInt32 {
			return fmt.Errorf("pipeline: a damaged ask of block %d", block)
		}
		if len(part) > 0 {
			rootsSentBytes.Inc(ctx, int64(len(part)))
			emit(int(group), part)
		}
	}
	return nil
}

// pairRoots returns the roots of documents a's units and then b's, as
// reuse.PairAligner reads them, from those sent (byDoc: place<<32 | root
// for the units with one), or nil if neither has any.
func pairRoots(byDoc map[uint32][]uint64, x *index, a, b uint32) []uint64 {
	ra, rb := byDoc[a], byDoc[b]
	if len(ra) == 0 && len(rb) == 0 {
		return nil
	}
	na := x.first[a+1] - x.first[a]
	out := make([]uint64, na+x.first[b+1]-x.first[b])
	for i := range out {
		out[i] = reuse.NoRoot
	}
	for k, rs := range [2][]uint64{ra, rb} {
		for _, p := range rs {
			root := uint32(p)
			out[uint32(k)*na+uint32(p>>32)] = uint64(x.docOf(root))<<32 | uint64(root)
		}
	}
	return out
}

// readRoots reads the roots sent to a group (sendRootsFn) into byDoc.
func readRoots(byDoc map[uint32][]uint64, roots func(*[]byte) bool, x *index) error {
	var b []byte
	for roots(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			d, n := r.uv(), r.count(2)
			if r.err != nil {
				break
			}
			if d >= uint64(len(x.seq)) {
				return fmt.Errorf("pipeline: roots of document %d, of %d", d, len(x.seq))
			}
			units := uint64(x.first[d+1] - x.first[d])
			for range n {
				place, root := r.uv(), r.uv()
				if r.err == nil && (place >= units || root >= uint64(x.first[len(x.first)-1])) {
					return fmt.Errorf("pipeline: document %d's unit %d, of %d, sent root %d", d, place, units, root)
				}
				byDoc[uint32(d)] = append(byDoc[uint32(d)], place<<32|root)
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: roots sent: %w", r.err)
		}
	}
	return nil
}

func init() {
	register.DoFn5x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), error](&rootsFn{})
	register.DoFn6x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), error](&sendRootsFn{})
}
