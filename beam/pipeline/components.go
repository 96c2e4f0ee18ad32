package pipeline

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math/bits"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Components labels each node of the passages' graph with its connected
// component's least node, and no worker holds every edge. It is min-label
// propagation (as in Pregel's connected components, Malewicz et al.,
// SIGMOD 2010): each node takes the least label among its own and its
// neighbours', round after round, by blocks of nodes (a block a run of
// node numbers, 256 blocks), each node sending its label to its
// neighbours' blocks only when it changed. After labelRounds rounds every
// node holds the least node within labelRounds edges of it: all of its
// component for the graphs a syndicated text makes (a star about its
// earliest copy, or copies each joined to the others). Then every node
// sends its label to its neighbours once more, each edge whose two ends
// still differ (a component wider than the rounds reached) gives the pair
// of labels, and one worker joins those pairs by union-find: a label's
// root is its component's least node. On a graph of stars and cliques it
// gets no pair.
//
// ends is edgesFn's: each edge's two nodes, keyed by their blocks (uv
// node, uv other node, for each). firsts is firstNodesFn's side input.
// It returns the labels as a side input of several elements
// (sideLabels): each block's nodes labelled other than themselves, and
// one element with the number of nodes and the labels the union-find
// joined to another.
func Components(s beam.Scope, ends, firsts beam.PCollection) beam.PCollection {
	s = s.Scope("copydesk.Components")
	labels, msgs := beam.ParDo2(s, &startLabelsFn{}, beam.GroupByKey(s, ends), beam.SideInput{Input: firsts})
	for range labelRounds - 1 {
		labels, msgs = beam.ParDo2(s, &roundFn{}, beam.CoGroupByKey(s, ends, labels, msgs), beam.SideInput{Input: firsts})
	}
	labels, msgs = beam.ParDo2(s, &roundFn{All: true}, beam.CoGroupByKey(s, ends, labels, msgs), beam.SideInput{Input: firsts})
	pairs := beam.ParDo(s, &checkFn{}, beam.CoGroupByKey(s, labels, msgs), beam.SideInput{Input: firsts})
	marker := beam.AddFixedKey(s, beam.Create(s, []byte{})) // the union-find runs even on no pair
	joined := beam.ParDo(s, joinLabelsFn, beam.GroupByKey(s, beam.Flatten(s, pairs, marker)), beam.SideInput{Input: firsts})
	// Through a ParDo, not straight from the Flatten: Prism cannot fuse a
	// grouping's consumer that reads a Flatten as a side input.
	return beam.ParDo(s, passFn, beam.Flatten(s, beam.ParDo(s, tagLabelsFn, labels), joined))
}

// labelRounds is how many rounds of propagation run before the check: a
// node's label is then the least node within that many edges of it.
const labelRounds = 3

// The counters of Components: the bytes of the messages its rounds send,
// and the label pairs the union-find joined.
var (
	labelMsgBytes = beam.NewCounter("copydesk", "label-messages-bytes")
	labelPairs    = beam.NewCounter("copydesk", "label-pairs")
)

// nodeBlock returns the block of node x of n: runs of 2^shift nodes, at
// most 1 << alignBits of them.
func nodeBlock(x, n uint32) int {
	return int(x >> max(0, bits.Len32(n)-alignBits))
}

// labelState is a block's nodes that have edges, sorted, their
// neighbours, and their labels.
type labelState struct {
	nodes []uint32   // ascending
	adj   [][]uint32 // each node's neighbours
	label []uint32
}

// readEnds reads the block's ends into st, each node labelled itself.
func (st *labelState) readEnds(block int, ends func(*[]byte) bool, n uint32) error {
	var xy [][2]uint32
	var b []byte
	for ends(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			x, y := r.uint32(), r.uint32()
			if r.err == nil && (x >= n || y >= n || nodeBlock(x, n) != block) {
				return fmt.Errorf("pipeline: an edge of nodes %d and %d in block %d, of %d nodes", x, y, block, n)
			}
			xy = append(xy, [2]uint32{x, y})
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: edges' nodes: %w", r.err)
		}
	}
	slices.SortFunc(xy, func(a, b [2]uint32) int {
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		return int(a[1]) - int(b[1])
	})
	for i, e := range xy {
		if i == 0 || e[0] != xy[i-1][0] {
			st.nodes, st.adj, st.label = append(st.nodes, e[0]), append(st.adj, nil), append(st.label, e[0])
		}
		k := len(st.adj) - 1
		st.adj[k] = append(st.adj[k], e[1])
	}
	return nil
}

// lower sets the label of node x (in st) to l if l is less, and returns
// x's place in st and whether it did.
func (st *labelState) lower(x, l uint32) (int, bool, error) {
	i, ok := slices.BinarySearch(st.nodes, x)
	if !ok {
		return 0, false, fmt.Errorf("pipeline: a label for node %d, which has no edge in its block", x)
	}
	if l < st.label[i] {
		st.label[i] = l
		return i, true, nil
	}
	return i, false, nil
}

// emit sends the labels of the nodes labelled other than themselves
// (uv node, uv node − label) to the block, and each node's label that
// changed (all of them, if all) to its neighbours' blocks (uv node,
// uv label).
func (st *labelState) emit(ctx context.Context, block int, n uint32, changed []bool, all bool, labels, msgs func(int, []byte)) {
	var own []byte
	var out [1 << alignBits][]byte
	for i, x := range st.nodes {
		if l := st.label[i]; l < x {
			own = binary.AppendUvarint(binary.AppendUvarint(own, uint64(x)), uint64(x-l))
		}
		if !all && !changed[i] {
			continue
		}
		for _, v := range st.adj[i] {
			o := &out[nodeBlock(v, n)]
			*o = binary.AppendUvarint(binary.AppendUvarint(*o, uint64(v)), uint64(st.label[i]))
		}
	}
	if len(own) > 0 {
		labels(block, own)
	}
	for b, o := range out {
		if len(o) > 0 {
			labelMsgBytes.Inc(ctx, int64(len(o)))
			msgs(b, o)
		}
	}
}

// readLabels reads the block's labels (emit's) into st.
func (st *labelState) readLabels(labels func(*[]byte) bool) error {
	var b []byte
	for labels(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			x := r.uint32()
			d := r.uint32()
			if r.err == nil && d > x {
				r.err = errors.New("a label past its node")
			}
			if r.err != nil {
				break
			}
			if _, _, err := st.lower(x, x-d); err != nil {
				return err
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: labels: %w", r.err)
		}
	}
	return nil
}

// readMsgs lowers the labels of st by the block's messages, and returns
// which changed.
func (st *labelState) readMsgs(msgs func(*[]byte) bool) ([]bool, error) {
	changed := make([]bool, len(st.nodes))
	var b []byte
	for msgs(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			x, l := r.uint32(), r.uint32()
			if r.err != nil {
				break
			}
			i, lowered, err := st.lower(x, l)
			if err != nil {
				return nil, err
			}
			changed[i] = changed[i] || lowered
		}
		if r.err != nil {
			return nil, fmt.Errorf("pipeline: label messages: %w", r.err)
		}
	}
	return changed, nil
}

// readNodeBlock reads the counts of nodes (sideFirsts, once a worker) and a
// block's ends, and returns the block's state and the number of nodes.
func readNodeBlock(first *[]uint32, side func(*[]byte) bool, block int, ends func(*[]byte) bool) (labelState, uint32, error) {
	var st labelState
	if err := sideFirsts(first, side); err != nil {
		return st, 0, err
	}
	n := (*first)[len(*first)-1]
	err := st.readEnds(block, ends, n)
	return st, n, err
}

// startLabelsFn runs the first round on a block's ends alone: each node's
// neighbours are labelled themselves, so its label is the least of them
// and itself, and it tells its neighbours if that is not itself.
type startLabelsFn struct{ first []uint32 }

func (fn *startLabelsFn) ProcessElement(ctx context.Context, block int, ends func(*[]byte) bool, side func(*[]byte) bool, labels, msgs func(int, []byte)) error {
	st, n, err := readNodeBlock(&fn.first, side, block, ends)
	if err != nil {
		return err
	}
	changed := make([]bool, len(st.nodes))
	for i, x := range st.nodes {
		st.label[i] = min(x, slices.Min(st.adj[i]))
		changed[i] = st.label[i] < x
	}
	st.emit(ctx, block, n, changed, false, labels, msgs)
	return nil
}

// roundFn runs a round on a block: its labels lowered by the messages
// its nodes got, each that changed sent on (with All, every node's, for
// checkFn).
type roundFn struct {
	All   bool
	first []uint32
}

func (fn *roundFn) ProcessElement(ctx context.Context, block int, ends, labels, msgs func(*[]byte) bool, side func(*[]byte) bool, outLabels, outMsgs func(int, []byte)) error {
	st, n, err := readNodeBlock(&fn.first, side, block, ends)
	if err != nil {
		return err
	}
	if err := st.readLabels(labels); err != nil {
		return err
	}
	changed, err := st.readMsgs(msgs)
	if err != nil {
		return err
	}
	st.emit(ctx, block, n, changed, fn.All, outLabels, outMsgs)
	return nil
}

// checkFn compares each message a node got, its neighbour's label, with
// the node's own (the block's labels; a node not among them is labelled
// itself), and emits the pairs that differ (keyed 0: uv lesser, uv
// greater).
type checkFn struct{ first []uint32 }

func (fn *checkFn) ProcessElement(ctx context.Context, block int, labels, msgs func(*[]byte) bool, side func(*[]byte) bool, emit func(int, []byte)) error {
	if err := sideFirsts(&fn.first, side); err != nil {
		return err
	}
	n := fn.first[len(fn.first)-1]
	own := map[uint32]uint32{}
	var b []byte
	for labels(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			x := r.uint32()
			if d := r.uint32(); r.err == nil && d <= x && x < n {
				own[x] = x - d
			} else if r.err == nil {
				r.err = errors.New("a label past its node")
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: labels: %w", r.err)
		}
	}
	var out []byte
	pairs := 0
	for msgs(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			x, l := r.uint32(), r.uint32()
			if r.err == nil && (x >= n || l >= n || nodeBlock(x, n) != block) {
				r.err = fmt.Errorf("a label for node %d in block %d", x, block)
			}
			if r.err != nil {
				break
			}
			mine, ok := own[x]
			if !ok {
				mine = x
			}
			if mine != l {
				out = binary.AppendUvarint(binary.AppendUvarint(out, uint64(min(mine, l))), uint64(max(mine, l)))
				pairs++
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: label messages: %w", r.err)
		}
	}
	if len(out) > 0 {
		labelPairs.Inc(ctx, int64(pairs))
		emit(0, out)
	}
	return nil
}

// joinLabelsFn joins the pairs of labels that checkFn found by
// union-find, and emits the one element of sideLabels's that says how
// many nodes there are: tag 0, uv nodes, then for each label joined to a
// lesser one, uv label, uv label − root.
func joinLabelsFn(_ int, parts func(*[]byte) bool, side func(*[]byte) bool, emit func([]byte)) error {
	var first []uint32
	var b []byte
	if err := sideFirsts(&first, side); errors.Is(err, errNoCounts) {
		// No pair was chained: no node, no edge, and no component for
		// anyone to read.
		for parts(&b) {
			if len(b) > 0 {
				return errors.New("pipeline: pairs of labels, and no node")
			}
		}
		return nil
	} else if err != nil {
		return err
	}
	n := first[len(first)-1]
	parent := map[uint32]uint32{}
	find := func(x uint32) uint32 {
		for {
			p, ok := parent[x]
			if !ok || p == x {
				return x
			}
			if gp, ok := parent[p]; ok {
				parent[x] = gp
			}
			x = p
		}
	}
	for parts(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			x, y := r.uint32(), r.uint32()
			if r.err == nil && (x >= n || y >= n) {
				return fmt.Errorf("pipeline: labels %d and %d, of %d nodes", x, y, n)
			}
			if fx, fy := find(x), find(y); r.err == nil && fx != fy {
				parent[max(fx, fy)] = min(fx, fy)
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: label pairs: %w", r.err)
		}
	}
	out := binary.AppendUvarint([]byte{0}, uint64(n))
	for _, x := range slices.Sorted(maps.Keys(parent)) {
		if root := find(x); root != x {
			out = binary.AppendUvarint(binary.AppendUvarint(out, uint64(x)), uint64(x-root))
		}
	}
	emit(out)
	return nil
}

// tagLabelsFn tags a block's labels (tag 1) for sideLabels.
func tagLabelsFn(_ int, b []byte, emit func([]byte)) {
	emit(append([]byte{1}, b...))
}

// passFn emits b.
func passFn(b []byte, emit func([]byte)) { emit(b) }

func init() {
	register.Function2x0(passFn)
	register.DoFn6x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&startLabelsFn{})
	register.DoFn8x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&roundFn{})
	register.DoFn6x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), error](&checkFn{})
	register.Function4x1(joinLabelsFn)
	register.Function3x0(tagLabelsFn)
}
