package pipeline

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/reuse"
)

// Passages runs the passages stage (the passages' graph, its clusters and
// their passages) spread over the workers, and returns what each
// connected component of the graph found (reuse.ComponentPassages), in
// batches (decodeComponents). chained is Chain's pairs keyed by group,
// byBlock Align's analyses by block, index Shards's.
//
//   - Each chained pair goes to the blocks of its two documents, where
//     each document's nodes are made from its pairs (reuse.NodesOf).
//   - The documents' counts of nodes number the nodes (one worker: a
//     number a document, read by the others as a side input).
//   - Each pair's edges are made in its group, where its links meet the
//     nodes its documents' sides joined (reuse.PairEdges).
//   - The connected components are found from the edges' two nodes
//     alone, by rounds of min-label propagation over blocks of nodes, the
//     few edges the rounds leave joined on one worker (Components): each
//     node's component, its least node, is read by the others as a side
//     input.
//   - The nodes and edges of each component go to its block
//     (groupOf its least node), where its passages are made
//     (reuse.PassagesOf) without its documents' analyses; the few
//     components that need them (an alignment of two nodes that no link
//     joins) ask the documents' blocks for them and are made again.
//
// A text in c documents is a component of c nodes and some c edges: its
// nodes and edges travel once, whatever c.
//
// It returns the components' passages by block, and the nodes and edges
// of the components by block, and each node's component, for the views
// made of them (Report).
func Passages(s beam.Scope, chained, byBlock, index beam.PCollection) (comps, compNodes, compEdges, labels beam.PCollection) {
	s = s.Scope("copydesk.Passages")
	toDocs := beam.ParDo(s, pairsToDocsFn, chained)
	counts, sides, docNodes := beam.ParDo3(s, &nodesFn{}, beam.GroupByKey(s, toDocs), beam.SideInput{Input: index})
	firsts := beam.ParDo(s, firstNodesFn, beam.GroupByKey(s, counts), beam.SideInput{Input: index})
	edges, ends := beam.ParDo2(s, &edgesFn{}, beam.CoGroupByKey(s, chained, sides), beam.SideInput{Input: firsts})
	labels = Components(s, ends, firsts)
	compEdges = beam.ParDo(s, &routeEdgesFn{}, edges, beam.SideInput{Input: labels})
	compNodes = beam.ParDo(s, &routeNodesFn{}, docNodes, beam.SideInput{Input: firsts}, beam.SideInput{Input: labels})
	found, pending, asks := beam.ParDo3(s, &componentsFn{}, beam.CoGroupByKey(s, compNodes, compEdges),
		beam.SideInput{Input: index}, beam.SideInput{Input: labels})
	analyses := beam.ParDo(s, sendFn, beam.CoGroupByKey(s, byBlock, asks))
	again, _, _ := beam.ParDo3(s, &componentsFn{Analysed: true}, beam.CoGroupByKey(s, pending, analyses),
		beam.SideInput{Input: index}, beam.SideInput{Input: labels})
	return beam.Flatten(s, found, again), compNodes, compEdges, labels
}

// The counters of Passages: the bytes of what it shuffles, as its stages
// encode them, and the components that needed their documents' analyses.
var (
	nodeBytes      = beam.NewCounter("copydesk", "nodes-bytes")
	edgeBytes      = beam.NewCounter("copydesk", "edges-bytes")
	endBytes       = beam.NewCounter("copydesk", "ends-bytes")
	componentBytes = beam.NewCounter("copydesk", "components-bytes")
	analysedComps  = beam.NewCounter("copydesk", "components-analysed")
	components     = beam.NewCounter("copydesk", "components")
)

// sideLabels reads Components's elements into *label, once a worker
// (label is a DoFn's): each node's component, its least node. Nodes that
// no element names are their own.
func sideLabels(label *[]uint32, side func(*[]byte) bool) error {
	if *label != nil {
		return nil
	}
	var l []uint32
	var blocks [][]byte
	joined := map[uint32]uint32{}
	heads := 0
	var b []byte
	for side(&b) {
		switch {
		case len(b) > 0 && b[0] == 0:
			heads++
			r := reader{b: b[1:]}
			n := r.uv()
			if r.err == nil && n > math.MaxUint32 {
				r.err = errors.New("too many nodes")
			}
			for r.err == nil && len(r.b) > 0 {
				x, d := r.uint32(), r.uint32()
				if r.err == nil && (d == 0 || d > x || uint64(x) >= n) {
					r.err = errors.New("a label joined past its node")
				}
				joined[x] = x - d
			}
			if r.err != nil {
				return fmt.Errorf("pipeline: damaged components: %w", r.err)
			}
			l = make([]uint32, n)
		case len(b) > 0 && b[0] == 1:
			blocks = append(blocks, slices.Clone(b[1:]))
		default:
			return errors.New("pipeline: damaged components")
		}
	}
	if heads != 1 {
		return fmt.Errorf("pipeline: %d counts of components' nodes, not one", heads)
	}
	for i := range l {
		l[i] = uint32(i)
	}
	for _, blk := range blocks {
		r := reader{b: blk}
		for r.err == nil && len(r.b) > 0 {
			x, d := r.uint32(), r.uint32()
			if r.err == nil && (d > x || int(x) >= len(l)) {
				r.err = errors.New("a label past its node")
			}
			if r.err == nil {
				l[x] = x - d
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: damaged components: %w", r.err)
		}
	}
	for i, x := range l {
		if root, ok := joined[x]; ok {
			l[i] = root
		}
	}
	*label = l
	return nil
}

// routeEdgesFn sends a batch of edges to the blocks of their components
// (groupOf the component's least node).
type routeEdgesFn struct{ label []uint32 }

func (fn *routeEdgesFn) ProcessElement(ctx context.Context, enc []byte, side func(*[]byte) bool, emit func(int, []byte)) error {
	if err := sideLabels(&fn.label, side); err != nil {
		return err
	}
	label := fn.label
	var es reuse.Edges
	if err := es.UnmarshalBinary(enc); err != nil {
		return err
	}
	blockOf := make([]int, es.Len())
	for i := range es.Len() {
		x, y := es.Nodes(i)
		if int(y) >= len(label) {
			return fmt.Errorf("pipeline: an edge of nodes %d and %d, of %d", x, y, len(label))
		}
		blockOf[i] = groupOf(label[x])
	}
	for block := range 1 << alignBits {
		if !slices.Contains(blockOf, block) {
			continue
		}
		part, err := es.Keep(func(i int) bool { return blockOf[i] == block }).MarshalBinary()
		if err != nil {
			return err
		}
		edgeBytes.Inc(ctx, int64(len(part)))
		emit(block, part)
	}
	return nil
}

// routeNodesFn sends the nodes of a batch of documents (nodesFn's) to the
// blocks of their components, numbered in the corpus: for each node,
// uv its number, uv its document, uv t0, uv t1 − t0.
type routeNodesFn struct{ first, label []uint32 }

func (fn *routeNodesFn) ProcessElement(b []byte, firsts, labels func(*[]byte) bool, emit func(int, []byte)) error {
	if err := sideFirsts(&fn.first, firsts); err != nil {
		return err
	}
	if err := sideLabels(&fn.label, labels); err != nil {
		return err
	}
	first, label := fn.first, fn.label
	var out [1 << alignBits][]byte
	r := reader{b: b}
	for r.err == nil && len(r.b) > 0 {
		d, n := r.uv(), r.count(2)
		if r.err == nil && (d >= uint64(len(first)-1) || uint32(n) != first[d+1]-first[d]) {
			return fmt.Errorf("pipeline: %d nodes of document %d, not its count", n, d)
		}
		for i := range n {
			id := first[d] + uint32(i)
			t0, w := r.uv(), r.uv()
			if r.err != nil || t0+w > math.MaxInt32 || int(id) >= len(label) {
				return errors.New("pipeline: damaged nodes")
			}
			o := &out[groupOf(label[id])]
			for _, v := range []uint64{uint64(id), d, t0, w} {
				*o = binary.AppendUvarint(*o, v)
			}
		}
	}
	if r.err != nil {
		return fmt.Errorf("pipeline: nodes: %w", r.err)
	}
	for block, o := range out {
		if len(o) > 0 {
			emit(block, o)
		}
	}
	return nil
}

// componentsFn makes the passages of the components of a block
// (reuse.PassagesOf), from their nodes and edges, and emits what each
// found, in a batch keyed by the block (decodeComponents). Unless Analysed, a component that
// needs its documents' analyses (reuse.ErrUnanalysed) is sent on, as
// pending (the block's, in one part: for each component, uv its nodes'
// bytes and its nodes as routeNodesFn sends them, and uv its edges' bytes
// and reuse.Edges's encoding), with an ask for them (askBlocks); with
// Analysed, the block's pending components and their analyses come in.
type componentsFn struct {
	Analysed bool
	x        *index
	label    []uint32
}

func (fn *componentsFn) ProcessElement(ctx context.Context, block int, nodeParts, edgeParts func(*[]byte) bool,
	side, labelSide func(*[]byte) bool, emit func(int, []byte), pending func(int, []byte), ask func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	if err := sideLabels(&fn.label, labelSide); err != nil {
		return err
	}
	bc := newByComponent(fn.label)
	comps := bc.comps
	as := map[uint64]*reuse.Analysis{}
	if fn.Analysed {
		// The pending components, and their documents' analyses.
		var b []byte
		for nodeParts(&b) {
			if err := readPending(b, bc.label, bc.of); err != nil {
				return fmt.Errorf("pipeline: components of block %d: %w", block, err)
			}
		}
		for edgeParts(&b) {
			if err := readAnalyses(b, as); err != nil {
				return fmt.Errorf("pipeline: analyses sent to block %d: %w", block, err)
			}
		}
	} else if err := bc.read(block, nodeParts, edgeParts); err != nil {
		return err
	}
	var out, waiting []byte
	var wanted []uint64
	for _, l := range slices.Sorted(maps.Keys(comps)) {
		c := comps[l]
		edges, err := reuse.JoinEdges(c.edges...)
		if err != nil {
			return err
		}
		docs, err := c.docs(fn.x, as, fn.Analysed)
		if err != nil {
			return err
		}
		cp, err := reuse.PassagesOf(c.nodes, edges, docs, reuse.Options{})
		if err == reuse.ErrUnanalysed && !fn.Analysed {
			waiting = c.appendPending(waiting, edges)
			for _, d := range docs {
				wanted = append(wanted, uint64(d.Doc)<<32|allUnits)
			}
			analysedComps.Inc(ctx, 1)
			continue
		}
		if err != nil {
			return fmt.Errorf("pipeline: the component of node %d: %w", l, err)
		}
		enc, err := cp.MarshalBinary()
		if err != nil {
			return err
		}
		out = append(binary.AppendUvarint(out, uint64(len(enc))), enc...)
		components.Inc(ctx, 1)
	}
	if len(out) > 0 {
		componentBytes.Inc(ctx, int64(len(out)))
		emit(block, out)
	}
	if len(waiting) > 0 {
		pending(block, waiting)
		askBlocks(block, wanted, ask)
	}
	return nil
}

// byComponent gathers nodes and edges into their components, each node's
// component its label.
type byComponent struct {
	label []uint32
	comps map[uint32]*component
}

func newByComponent(label []uint32) *byComponent {
	return &byComponent{label: label, comps: map[uint32]*component{}}
}

// of returns the component of node id.
func (bc *byComponent) of(id uint32) *component {
	c := bc.comps[bc.label[id]]
	if c == nil {
		c = &component{}
		bc.comps[bc.label[id]] = c
	}
	return c
}

// read reads a block's parts of nodes (routeNodesFn's) and of edges
// (routeEdgesFn's) into their components.
func (bc *byComponent) read(block int, nodeParts, edgeParts func(*[]byte) bool) error {
	var b []byte
	for nodeParts(&b) {
		if err := readNodes(b, bc.label, bc.of); err != nil {
			return fmt.Errorf("pipeline: nodes of block %d: %w", block, err)
		}
	}
	for edgeParts(&b) {
		if err := readEdges(b, bc.label, bc.of); err != nil {
			return fmt.Errorf("pipeline: edges of block %d: %w", block, err)
		}
	}
	return nil
}

// component is a component's nodes and edges, as they come.
type component struct {
	nodes []reuse.GraphNode
	edges []*reuse.Edges
}

// docs returns the component's documents, with their analyses from as if
// analysed.
func (c *component) docs(x *index, as map[uint64]*reuse.Analysis, analysed bool) ([]reuse.ComponentDoc, error) {
	var ds []uint32
	for _, n := range c.nodes {
		ds = append(ds, n.Doc)
	}
	slices.Sort(ds)
	var out []reuse.ComponentDoc
	for _, d := range slices.Compact(ds) {
		if int(d) >= len(x.rank) {
			return nil, fmt.Errorf("pipeline: document %d, not in the index", d)
		}
		cd := reuse.ComponentDoc{Doc: d, Rank: x.rank[d], Published: x.published[d], DateOnly: x.dateOnly[d]}
		if analysed {
			if cd.Analysis = as[uint64(d)]; cd.Analysis == nil {
				return nil, fmt.Errorf("pipeline: document %d without its analysis", d)
			}
		}
		out = append(out, cd)
	}
	return out, nil
}

// appendPending appends the component as componentsFn sends it pending.
func (c *component) appendPending(b []byte, edges *reuse.Edges) []byte {
	var ns []byte
	for _, n := range c.nodes {
		for _, v := range []uint64{uint64(n.ID), uint64(n.Doc), uint64(n.T0), uint64(n.T1 - n.T0)} {
			ns = binary.AppendUvarint(ns, v)
		}
	}
	es, _ := edges.MarshalBinary()
	b = append(binary.AppendUvarint(b, uint64(len(ns))), ns...)
	return append(binary.AppendUvarint(b, uint64(len(es))), es...)
}

// readNodes reads nodes as routeNodesFn sends them into their
// components.
func readNodes(b []byte, label []uint32, of func(uint32) *component) error {
	r := reader{b: b}
	for r.err == nil && len(r.b) > 0 {
		id, d, t0, w := r.uint32(), r.uint32(), r.uv(), r.uv()
		if r.err == nil && (int(id) >= len(label) || t0+w > math.MaxInt32) {
			return errors.New("damaged")
		}
		if r.err == nil {
			c := of(id)
			c.nodes = append(c.nodes, reuse.GraphNode{ID: id, Doc: d, T0: int32(t0), T1: int32(t0 + w)})
		}
	}
	return r.err
}

// readEdges reads a part of edges into their components.
func readEdges(b []byte, label []uint32, of func(uint32) *component) error {
	var es reuse.Edges
	if err := es.UnmarshalBinary(b); err != nil {
		return err
	}
	byLabel := map[uint32][]int{}
	for i := range es.Len() {
		x, y := es.Nodes(i)
		if int(y) >= len(label) {
			return fmt.Errorf("an edge of nodes %d and %d, of %d", x, y, len(label))
		}
		byLabel[label[x]] = append(byLabel[label[x]], i)
	}
	for l, is := range byLabel {
		c := of(l)
		c.edges = append(c.edges, es.Keep(func(i int) bool { _, ok := slices.BinarySearch(is, i); return ok }))
	}
	return nil
}

// readPending reads pending components (appendPending).
func readPending(b []byte, label []uint32, of func(uint32) *component) error {
	r := reader{b: b}
	for r.err == nil && len(r.b) > 0 {
		ns := r.bytes(r.count(1))
		es := r.bytes(r.count(1))
		if r.err != nil {
			break
		}
		if err := readNodes(ns, label, of); err != nil {
			return err
		}
		if err := readEdges(es, label, of); err != nil {
			return err
		}
	}
	return r.err
}

// readAnalyses reads a part of analyses that a block sent (sendFn) into
// as.
func readAnalyses(b []byte, as map[uint64]*reuse.Analysis) error {
	r := reader{b: b}
	for r.err == nil && len(r.b) > 0 {
		d := r.uv()
		enc := r.bytes(r.count(1))
		if r.err != nil {
			break
		}
		if _, err := decodedAnalysis(as, d, enc); err != nil {
			return err
		}
	}
	return r.err
}

// decodeComponents appends to dst the components' passages of a batch
// that componentsFn emitted: for each, uv its bytes and its encoding.
func decodeComponents(dst []*reuse.ComponentPassages, b []byte) ([]*reuse.ComponentPassages, error) {
	return decodeEach(dst, b, "components")
}

func init() {
	register.DoFn4x1[context.Context, []byte, func(*[]byte) bool, func(int, []byte), error](&routeEdgesFn{})
	register.DoFn4x1[[]byte, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), error](&routeNodesFn{})
	register.DoFn9x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), func(int, []byte), error](&componentsFn{})
	register.Emitter1[[]byte]()
}
