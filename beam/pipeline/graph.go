package pipeline

// The passages' graph, made by document and by pair (Passages): the
// chained pairs sent to their documents, each document's nodes, their
// numbers, and each pair's edges.

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/reuse"
)

// pairsToDocsFn sends each chained pair of a group's batch (decodeAligned)
// to the blocks of its two documents (groupOf), batched by block.
func pairsToDocsFn(_ int, batch []byte, emit func(int, []byte)) error {
	var out [1 << alignBits][]byte
	r := reader{b: batch}
	for r.err == nil && len(r.b) > 0 {
		enc := r.bytes(r.count(1))
		var p reuse.PairAlignment
		if r.err != nil || p.UnmarshalBinary(enc) != nil {
			return errors.New("pipeline: a damaged batch of chained pairs")
		}
		for _, d := range []uint32{p.A, p.B} {
			if d == p.B && groupOf(p.A) == groupOf(p.B) {
				break // one block holds both
			}
			b := &out[groupOf(d)]
			*b = append(binary.AppendUvarint(*b, uint64(len(enc))), enc...)
		}
	}
	for block, b := range out {
		if len(b) > 0 {
			emit(block, b)
		}
	}
	return r.err
}

// nodesFn makes the nodes of a block's documents from their chained
// pairs (reuse.NodesOf). It emits each document's count of nodes (keyed
// 0: uv document, uv nodes, a pair each), each document's sides of each
// pair to the pair's group (uv A, uv B, uv 0 for A's side or 1 for B's,
// uv links, and each link's node there), and its nodes, for the
// components (uv document, uv nodes, and each one's uv t0, uv t1 − t0).
type nodesFn struct{ x *index }

func (fn *nodesFn) ProcessElement(ctx context.Context, block int, batches func(*[]byte) bool, side func(*[]byte) bool,
	counts func(int, []byte), sides func(int, []byte), nodes func([]byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	byDoc := map[uint32][]*reuse.PairAlignment{}
	var b []byte
	for batches(&b) {
		ps, err := decodeAligned(nil, b)
		if err != nil {
			return fmt.Errorf("pipeline: block %d: %w", block, err)
		}
		for _, p := range ps {
			if int(p.B) >= len(fn.x.rank) {
				return fmt.Errorf("pipeline: block %d: documents %d and %d, not in the index", block, p.A, p.B)
			}
			for _, d := range []uint32{p.A, p.B} {
				if groupOf(d) == block {
					byDoc[d] = append(byDoc[d], p)
				}
			}
		}
	}
	docs := slices.Sorted(maps.Keys(byDoc))
	var cnt, ns []byte
	var bySide [1 << alignBits][]byte
	for _, d := range docs {
		ps := byDoc[d]
		slices.SortFunc(ps, func(x, y *reuse.PairAlignment) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
		dn, err := reuse.NodesOf(d, ps)
		if err != nil {
			return err
		}
		cnt = binary.AppendUvarint(binary.AppendUvarint(cnt, uint64(d)), uint64(dn.Nodes()))
		for k, p := range ps {
			g := &bySide[groupOf(home(fn.x, p))]
			*g = binary.AppendUvarint(binary.AppendUvarint(*g, uint64(p.A)), uint64(p.B))
			which := uint64(0)
			if d == p.B {
				which = 1
			}
			*g = binary.AppendUvarint(*g, which)
			*g = appendUints(*g, dn.Sides(k))
		}
		ns = binary.AppendUvarint(ns, uint64(d))
		gns := dn.AppendNodes(nil, 0)
		ns = binary.AppendUvarint(ns, uint64(len(gns)))
		for _, n := range gns {
			ns = binary.AppendUvarint(binary.AppendUvarint(ns, uint64(n.T0)), uint64(n.T1-n.T0))
		}
	}
	if len(cnt) > 0 {
		counts(0, cnt)
		nodeBytes.Inc(ctx, int64(len(ns)))
		nodes(ns)
	}
	for g, b := range bySide {
		if len(b) > 0 {
			nodeBytes.Inc(ctx, int64(len(b)))
			sides(g, b)
		}
	}
	return nil
}

// home returns the home of a pair: its document of lesser rank, whose
// group holds it (byDocPair).
func home(x *index, p *reuse.PairAlignment) uint32 {
	if x.rank[p.B] < x.rank[p.A] {
		return p.B
	}
	return p.A
}

// appendUints appends uv len(vs) and each of vs.
func appendUints(b []byte, vs []uint32) []byte {
	b = binary.AppendUvarint(b, uint64(len(vs)))
	for _, v := range vs {
		b = binary.AppendUvarint(b, uint64(v))
	}
	return b
}

// readUints reads what appendUints wrote.
func readUints(r *reader) []uint32 {
	vs := make([]uint32, r.count(1))
	for i := range vs {
		vs[i] = r.uint32()
	}
	return vs
}

// firstNodesFn gathers every document's count of nodes and emits them in
// document order (uv documents, then uv each one's count): each
// document's first node is the sum of the counts before it.
func firstNodesFn(_ int, parts func(*[]byte) bool, side func(*[]byte) bool, emit func([]byte)) error {
	var x *index
	if err := sideIndex(&x, side); err != nil {
		return err
	}
	counts := make([]uint64, len(x.rank))
	var b []byte
	for parts(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			d, n := r.uv(), r.uv()
			if r.err == nil && d >= uint64(len(counts)) {
				return fmt.Errorf("pipeline: the nodes of document %d, not in the index", d)
			}
			if r.err == nil {
				counts[d] = n
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: counts of nodes: %w", r.err)
		}
	}
	out := binary.AppendUvarint(nil, uint64(len(counts)))
	total := uint64(0)
	for _, n := range counts {
		out = binary.AppendUvarint(out, n)
		total += n
	}
	if total > math.MaxUint32 {
		return fmt.Errorf("pipeline: %d nodes, more than 2^32", total)
	}
	emit(out)
	return nil
}

// errNoCounts is sideFirsts's error when firstNodesFn made no element: no
// document has a node, since no pair was chained.
var errNoCounts = errors.New("pipeline: no counts of nodes")

// sideFirsts reads firstNodesFn's element into *first, once a worker
// (first is a DoFn's): each document's first node, and after them the
// number of nodes.
func sideFirsts(first *[]uint32, side func(*[]byte) bool) error {
	if *first != nil {
		return nil
	}
	var b []byte
	if !side(&b) {
		return errNoCounts
	}
	r := reader{b: b}
	f := make([]uint32, r.count(1)+1)
	for d := range len(f) - 1 {
		f[d+1] = f[d] + r.uint32()
	}
	if r.err != nil || len(r.b) > 0 {
		return errors.New("pipeline: damaged counts of nodes")
	}
	*first = f
	return nil
}

// edgesFn makes the edges of a group's chained pairs (reuse.PairEdges)
// where they meet their documents' sides, and emits them (reuse.Edges's
// encoding), and their two nodes, for the components: to the block of
// each node (nodeBlock), uv the node, uv the other.
type edgesFn struct{ first []uint32 }

func (fn *edgesFn) ProcessElement(ctx context.Context, group int, pairs func(*[]byte) bool, sides func(*[]byte) bool, side func(*[]byte) bool, emit func([]byte), ends func(int, []byte)) error {
	if err := sideFirsts(&fn.first, side); err != nil {
		return err
	}
	first := fn.first
	of := map[uint64]*[2][]uint32{} // each pair's sides
	var b []byte
	for sides(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			a, bb, which, vs := r.uv(), r.uv(), r.uv(), readUints(&r)
			if r.err == nil && (which > 1 || a > math.MaxUint32 || bb > math.MaxUint32) {
				r.err = errors.New("damaged")
			}
			if r.err != nil {
				break
			}
			k := a<<32 | bb
			if of[k] == nil {
				of[k] = &[2][]uint32{}
			}
			of[k][which] = vs
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: sides sent to group %d: %w", group, r.err)
		}
	}
	var parts []*reuse.Edges
	for pairs(&b) {
		ps, err := decodeAligned(nil, b)
		if err != nil {
			return fmt.Errorf("pipeline: group %d: %w", group, err)
		}
		for _, p := range ps {
			sd := of[uint64(p.A)<<32|uint64(p.B)]
			if sd == nil || int(p.B) >= len(first)-1 {
				return fmt.Errorf("pipeline: group %d: documents %d and %d without their nodes", group, p.A, p.B)
			}
			es, err := reuse.PairEdges(p, sd[0], sd[1], first[p.A], first[p.B])
			if err != nil {
				return err
			}
			parts = append(parts, es)
		}
	}
	all, err := reuse.JoinEdges(parts...)
	if err != nil || all.Len() == 0 {
		return err
	}
	enc, err := all.MarshalBinary()
	if err != nil {
		return err
	}
	var xy [1 << alignBits][]byte
	n := first[len(first)-1]
	for i := range all.Len() {
		x, y := all.Nodes(i)
		if y >= n {
			return fmt.Errorf("pipeline: group %d: an edge of nodes %d and %d, of %d", group, x, y, n)
		}
		bx, by := &xy[nodeBlock(x, n)], &xy[nodeBlock(y, n)]
		*bx = binary.AppendUvarint(binary.AppendUvarint(*bx, uint64(x)), uint64(y))
		*by = binary.AppendUvarint(binary.AppendUvarint(*by, uint64(y)), uint64(x))
	}
	emit(enc)
	for block, b := range xy {
		if len(b) > 0 {
			endBytes.Inc(ctx, int64(len(b)))
			ends(block, b)
		}
	}
	return nil
}

func init() {
	register.Function3x1(pairsToDocsFn)
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), func([]byte), error](&nodesFn{})
	register.Function4x1(firstNodesFn)
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func([]byte), func(int, []byte), error](&edgesFn{})
}
