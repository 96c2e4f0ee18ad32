package pipeline

// The node views of Report: made component by component, numbered in
// the corpus, and the bytes of their partners and the sides of rewrites
// read where their documents are.

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/reuse"
)

// viewsFn makes the node views of the components of a block
// (reuse.ViewsOf) from their nodes, edges and passages. It emits them by
// their documents' blocks, in batches: for each, uv its component (its
// least node), then the view (appendNodeView), its passage numbered in
// the component; each partner's and orphan's ask for its bytes by the
// block of its document (appendFarAsk); and the block's components'
// numbers of passages to one worker: for each, uv the component, uv the
// number.
type viewsFn struct {
	x     *index
	label []uint32
}

func (fn *viewsFn) ProcessElement(ctx context.Context, block int, nodeParts, edgeParts, compParts func(*[]byte) bool,
	side, labelSide func(*[]byte) bool, emitViews, emitAsks, emitCounts func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	if err := sideLabels(&fn.label, labelSide); err != nil {
		return err
	}
	label := fn.label
	bc := newByComponent(label)
	if err := bc.read(block, nodeParts, edgeParts); err != nil {
		return err
	}
	comps := bc.comps
	var b []byte
	found := map[uint32]*reuse.ComponentPassages{}
	for compParts(&b) {
		cps, err := decodeComponents(nil, b)
		if err != nil {
			return err
		}
		for _, cp := range cps {
			if n := cp.Node(); int(n) >= len(label) || comps[label[n]] == nil || found[label[n]] != nil {
				return fmt.Errorf("pipeline: the passages of a component of block %d not its, or twice", block)
			} else {
				found[label[n]] = cp
			}
		}
	}
	var views, asks [1 << alignBits][]byte
	counts := writer{}
	for _, l := range slices.Sorted(maps.Keys(comps)) {
		c, cp := comps[l], found[l]
		if cp == nil {
			return fmt.Errorf("pipeline: no passages of the component of node %d", l)
		}
		edges, err := reuse.JoinEdges(c.edges...)
		if err != nil {
			return err
		}
		docs, err := c.docs(fn.x, nil, false)
		if err != nil {
			return err
		}
		vs, err := reuse.ViewsOf(c.nodes, edges, docs, cp)
		if err != nil {
			return fmt.Errorf("pipeline: the component of node %d: %w", l, err)
		}
		counts.u32(l)
		counts.uv(uint64(cp.Passages()))
		for i := range vs {
			v := &vs[i]
			o := &views[groupOf(v.Doc)]
			*o = appendNodeView(binary.AppendUvarint(*o, uint64(l)), v)
			for k, p := range v.Partners {
				a := &asks[groupOf(p.Doc)]
				*a = appendFarAsk(*a, farAsk{doc: p.Doc, t0: p.T0, t1: p.T1, noBytes: p.NoBytes, asker: v.Doc, node: v.Node, slot: 2 * uint32(k)})
			}
			for k, o := range v.Orphans {
				a := &asks[groupOf(o.Far.Doc)]
				*a = appendFarAsk(*a, farAsk{doc: o.Far.Doc, t0: o.Far.T0, t1: o.Far.T1, asker: v.Doc, node: v.Node, slot: 2*uint32(k) + 1})
			}
		}
	}
	for k := range views {
		if len(views[k]) > 0 {
			viewBytes.Inc(ctx, int64(len(views[k])))
			emitViews(k, views[k])
		}
		if len(asks[k]) > 0 {
			farBytes.Inc(ctx, int64(len(asks[k])))
			emitAsks(k, asks[k])
		}
	}
	if len(counts.b) > 0 {
		emitCounts(0, counts.b)
	}
	return nil
}

// offsetsFn numbers the passages component by component, in order of
// their least nodes: uv components; for each, uv its least node less the
// one before's, uv its passages.
func offsetsFn(_ int, parts func(*[]byte) bool, emit func([]byte)) error {
	type count struct{ label, n uint32 }
	var all []count
	var b []byte
	for parts(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			all = append(all, count{r.uint32(), r.uint32()})
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: counts of passages: %w", r.err)
		}
	}
	slices.SortFunc(all, func(a, b count) int { return cmp.Compare(a.label, b.label) })
	w := writer{}
	w.uv(uint64(len(all)))
	last := uint32(0)
	for i, c := range all {
		if i > 0 && c.label == last {
			return fmt.Errorf("pipeline: the passages of the component of node %d counted twice", c.label)
		}
		w.u32(c.label - last)
		w.u32(c.n)
		last = c.label
	}
	emit(w.b)
	return nil
}

// passageOffsets is offsetsFn's table: each component's first passage.
type passageOffsets struct {
	labels []uint32
	first  []int32
}

func (o *passageOffsets) read(side func(*[]byte) bool) error {
	if o.labels != nil {
		return nil
	}
	var b []byte
	o.labels = []uint32{}
	if !side(&b) {
		return nil // no components
	}
	r := reader{b: b}
	n := r.count(2)
	label, first := uint32(0), int64(0)
	for range n {
		label += r.uint32()
		o.labels, o.first = append(o.labels, label), append(o.first, int32(first))
		first += int64(r.uint32())
	}
	if r.err != nil || len(r.b) > 0 || first > 1<<31-1 {
		return errors.New("pipeline: damaged counts of passages")
	}
	return nil
}

// numberFn numbers the passages of a batch of views (viewsFn's) in the
// corpus, and leaves their components out: a batch of appendNodeView's.
type numberFn struct{ off passageOffsets }

func (fn *numberFn) ProcessElement(block int, b []byte, side func(*[]byte) bool, emit func(int, []byte)) error {
	if err := fn.off.read(side); err != nil {
		return err
	}
	r := reader{b: b}
	var out []byte
	for r.err == nil && len(r.b) > 0 {
		l := r.uint32()
		v := r.nodeView()
		k, ok := slices.BinarySearch(fn.off.labels, l)
		if r.err == nil && !ok {
			return fmt.Errorf("pipeline: a view of the component of node %d, not counted", l)
		}
		if r.err == nil {
			v.Passage += fn.off.first[k]
			out = appendNodeView(out, &v)
		}
	}
	if r.err != nil {
		return fmt.Errorf("pipeline: views: %w", r.err)
	}
	emit(block, out)
	return nil
}

// rewriteAsksFn sends each rewrite of a batch of chained pairs to the
// blocks of its two documents, to read their sides there
// (appendRewriteAsk).
func rewriteAsksFn(ctx context.Context, _ int, b []byte, emit func(int, []byte)) error {
	pairs, err := decodeAligned(nil, b)
	if err != nil {
		return err
	}
	out := map[int][]byte{}
	for _, p := range pairs {
		for _, rw := range p.Rewrites() {
			k := rewriteKey{rw.A, rw.B, rw.UA, rw.UB}
			for _, ofA := range []bool{true, false} {
				d, _ := k.side(ofA)
				out[groupOf(d)] = appendRewriteAsk(out[groupOf(d)], rewriteAsk{key: k, sim: rw.Sim, ofA: ofA})
			}
		}
	}
	for _, block := range slices.Sorted(maps.Keys(out)) {
		rewriteBytes.Inc(ctx, int64(len(out[block])))
		emit(block, out[block])
	}
	return nil
}

// resolveFn answers, in a block, the asks for its documents' bytes
// (a batch of appendFarAnswer after a byte 0, by the block of the
// document that asked), and reads its documents' sides of their
// rewrites (reuse.SideOf), sent to the blocks of both documents (a batch
// of appendRewriteSide after a byte 1), from their token offsets and
// views.
func resolveFn(ctx context.Context, block int, offsets, views, asks, rwAsks func(*[]byte) bool, emit func(int, []byte)) error {
	type docOffsets struct {
		doc reuse.ViewDoc
		enc []byte
		o   *reuse.TokenOffsets
	}
	docs := map[uint32]*docOffsets{}
	var b []byte
	for offsets(&b) {
		r := reader{b: b}
		d := r.uint32()
		do := &docOffsets{doc: r.viewDoc(), enc: r.b}
		if r.err != nil || do.doc.Doc != d || groupOf(d) != block || docs[d] != nil {
			return fmt.Errorf("pipeline: damaged token offsets in block %d", block)
		}
		docs[d] = do
	}
	of := func(d uint32) (*docOffsets, error) {
		do := docs[d]
		if do == nil {
			return nil, fmt.Errorf("pipeline: document %d, asked of its block, is not there", d)
		}
		if do.o == nil {
			do.o = &reuse.TokenOffsets{}
			if err := do.o.UnmarshalBinary(do.enc); err != nil {
				return nil, fmt.Errorf("pipeline: document %d: %w", d, err)
			}
		}
		return do, nil
	}
	viewsOf := map[uint32][]reuse.NodeView{}
	for views(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			v := r.nodeView()
			viewsOf[v.Doc] = append(viewsOf[v.Doc], v)
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: views of block %d: %w", block, r.err)
		}
	}
	answers := map[int][]byte{}
	for asks(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			a := r.farAsk()
			if r.err != nil {
				break
			}
			do, err := of(a.doc)
			if err != nil {
				return err
			}
			ans := farAnswer{asker: a.asker, node: a.node, slot: a.slot, doc: do.doc}
			if !a.noBytes {
				if ans.b0, ans.b1, err = do.o.Bytes(a.t0, a.t1); err != nil {
					return fmt.Errorf("pipeline: document %d: %w", a.doc, err)
				}
				if ans.quoted, err = do.o.Quoted(a.t0, a.t1); err != nil {
					return fmt.Errorf("pipeline: document %d: %w", a.doc, err)
				}
			}
			k := groupOf(a.asker)
			if answers[k] == nil {
				answers[k] = []byte{0}
			}
			answers[k] = appendFarAnswer(answers[k], &ans)
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: asks of block %d: %w", block, r.err)
		}
	}
	sides := map[int][]byte{}
	for rwAsks(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			a := r.rewriteAsk()
			if r.err != nil {
				break
			}
			d, unit := a.key.side(a.ofA)
			do, err := of(d)
			if err != nil {
				return err
			}
			s := rewriteSide{ask: a, doc: do.doc}
			if s.side, err = reuse.SideOf(d, do.o, unit, viewsOf[d]); err != nil {
				return err
			}
			other, _ := a.key.side(!a.ofA)
			for _, k := range slices.Compact([]int{groupOf(d), groupOf(other)}) {
				if sides[k] == nil {
					sides[k] = []byte{1}
				}
				sides[k] = appendRewriteSide(sides[k], &s)
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: rewrites of block %d: %w", block, r.err)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(answers)) {
		farBytes.Inc(ctx, int64(len(answers[k])))
		emit(k, answers[k])
	}
	for _, k := range slices.Sorted(maps.Keys(sides)) {
		rewriteBytes.Inc(ctx, int64(len(sides[k])))
		emit(k, sides[k])
	}
	return nil
}

func init() {
	register.DoFn10x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), func(int, []byte), error](&viewsFn{})
	register.Function3x1(offsetsFn)
	register.DoFn4x1[int, []byte, func(*[]byte) bool, func(int, []byte), error](&numberFn{})
	register.Function4x1(rewriteAsksFn)
	register.Function7x1(resolveFn)
}
