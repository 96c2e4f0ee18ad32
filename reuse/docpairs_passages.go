package reuse

// The passages stage (cluster.go, passages.go) of a run spread over many
// workers, connected component by connected component. Every step of it
// reads one component of the passages' graph: the clusters are made
// within a component (clusterComponent), the edges made on the way join
// two of its nodes, and a passage's origin, representative and members'
// edges to it read its members, their edges and their documents. So
// once the graph's components are known, PassagesOf runs the stage on
// one component with its nodes, its edges and its documents' analyses
// for the alignment alone, numbered from 0 in the corpus's order so that
// every tie broken by number breaks as in the corpus
// (TestPassagesByComponent), and ScanPassages takes what the components
// found instead of clustering. Most components need no analysis at all
// (every two nodes it compares are joined by an edge): PassagesOf says
// when one does (ErrUnanalysed), so that only those travel.
//
// The encoding of ComponentPassages (MarshalBinary), a transient format
// between the workers of one run: unsigned varints (uv) as
// encoding/binary's; an edge to a representative is of a member m and
// the representative r, x = min(m, r), y = max(m, r).
//
//	uv version (1)
//	uv clusters; for each: uv members; for each, ascending: uv its node
//	   less the member before's (the first: less 0); uv the
//	   representative's place among them; for each member but the
//	   representative, its edge to it: uv matched, uv x0, uv x1 − x0,
//	   uv y0, uv y1 − y0
//	uv edges made on the way, as Edges encodes them after its version
//
// Version log:
//
//	1: the first.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// componentDoc is a document of a component: its number in the corpus,
// its analysis (for the alignment: stems and content words), when it was
// published and its rank.
type componentDoc struct {
	doc  uint32
	st   *docState
	when when
	rank uint32
}

// componentPassages is what the passages stage makes of one component,
// numbered in the corpus: its clusters (in clusterNodes' order), the
// edges made by aligning two nodes that no link joined, and a passage a
// cluster, with each member's edge to its representative (toRep[c][i]
// for member i of passage c; the representative's is zero).
type componentPassages struct {
	clusters [][]uint32
	extra    []edge
	passages []passage
	toRep    [][]edge
}

// passagesOf runs the passages stage on one connected component of the
// graph: ids its nodes (ascending), nodes theirs (their documents
// numbered in the corpus), edges the edges between them (sorted by their
// nodes), docs the documents of its nodes (ascending). al is the
// aligner's scratch space.
func passagesOf(al *aligner, ids []uint32, nodes []node, edges []edge, docs []componentDoc, opts *Options) (*componentPassages, error) {
	g := &graph{nodes: make([]node, len(nodes))}
	st := make([]*docState, len(docs))
	ws := make([]when, len(docs))
	rank := make([]uint32, len(docs))
	for j, d := range docs {
		st[j], ws[j], rank[j] = d.st, d.when, d.rank
	}
	docOf := func(d uint32) (uint32, bool) {
		j, ok := slices.BinarySearchFunc(docs, d, func(x componentDoc, d uint32) int { return cmpInt(int(x.doc), int(d)) })
		return uint32(j), ok
	}
	for i, n := range nodes {
		j, ok := docOf(n.doc)
		if !ok {
			return nil, fmt.Errorf("reuse: node %d of document %d, not of the component's", ids[i], n.doc)
		}
		g.nodes[i] = node{doc: j, t0: n.t0, t1: n.t1}
	}
	local := make([]edge, len(edges))
	for i, e := range edges {
		x, okx := slices.BinarySearch(ids, e.x)
		y, oky := slices.BinarySearch(ids, e.y)
		if !okx || !oky {
			return nil, fmt.Errorf("reuse: an edge of nodes %d and %d, not of the component's", e.x, e.y)
		}
		e.x, e.y = uint32(x), uint32(y)
		local[i] = e
	}
	g.setEdges(local, 1)
	all := make([]uint32, len(nodes))
	for i := range all {
		all[i] = uint32(i)
	}
	cl := clusterComponent(al, g, st, rank, all, opts)
	if len(cl.extra) > 0 {
		g.addEdges(cl.extra, 1)
	}
	pn := passageNodes{of: make([]int32, len(nodes)), toRep: make([]edge, len(nodes))}
	for i := range pn.of {
		pn.of[i] = -1
	}
	for c, ms := range cl.clusters {
		for _, m := range ms {
			pn.of[m] = int32(c)
		}
	}
	out := &componentPassages{passages: make([]passage, len(cl.clusters)), toRep: make([][]edge, len(cl.clusters))}
	for c, ms := range cl.clusters {
		out.passages[c] = makePassage(g, &pn, int32(c), ms, ws, rank, func(x, y uint32) (nodeEdge, bool) {
			return alignMember(al, g, st, x, y)
		})
	}
	// Back to the corpus's numbers.
	corpusEdge := func(e edge) edge { e.x, e.y = ids[e.x], ids[e.y]; return e }
	for _, e := range cl.extra {
		out.extra = append(out.extra, corpusEdge(e))
	}
	for c := range out.passages {
		p := &out.passages[c]
		out.toRep[c] = make([]edge, len(p.nodes))
		for i, m := range p.nodes {
			if m != p.rep {
				out.toRep[c][i] = corpusEdge(pn.toRep[m])
			}
		}
		if p.origin >= 0 {
			p.origin = int32(docs[p.origin].doc)
		}
		for i, d := range p.docs {
			p.docs[i] = docs[d].doc
		}
		p.rep = ids[p.rep]
		ms := make([]uint32, len(p.nodes))
		for i, m := range p.nodes {
			ms[i] = ids[m]
		}
		p.nodes = ms
		out.clusters = append(out.clusters, ms)
	}
	return out, nil
}

// ComponentDoc is a document of a component of the passages' graph: its
// number in the corpus, its rank (Ranks), when it was published (as its
// corpus.Doc says), and its analysis, for the alignment
// (UnmarshalAlignment will do), or nil if not at hand.
type ComponentDoc struct {
	Doc, Rank uint32
	Published time.Time
	DateOnly  bool
	Analysis  *Analysis
}

// ErrUnanalysed is PassagesOf's error when it had to align nodes of a
// document given without its analysis: give them all and call it again.
var ErrUnanalysed = errors.New("reuse: passages of a component: its documents' analyses are needed")

// ComponentPassages is what the passages stage makes of one connected
// component of the passages' graph (PassagesOf), for ScanPassages.
type ComponentPassages struct{ c componentPassages }

// PassagesOf runs the passages stage (the clusters and their passages)
// on one connected component of the passages' graph: its nodes (in any
// order; GraphNode), the edges between them (JoinEdges of the pairs'),
// and its nodes' documents (in any order), with opts the scan's.
func PassagesOf(nodes []GraphNode, edges *Edges, docs []ComponentDoc, opts Options) (*ComponentPassages, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	nodes = slices.Clone(nodes)
	slices.SortFunc(nodes, func(a, b GraphNode) int { return cmpInt(int(a.ID), int(b.ID)) })
	ids := make([]uint32, len(nodes))
	ns := make([]node, len(nodes))
	for i, n := range nodes {
		if i > 0 && n.ID == nodes[i-1].ID || n.T0 < 0 || n.T1 <= n.T0 {
			return nil, fmt.Errorf("reuse: node %d given twice, or of tokens %d to %d", n.ID, n.T0, n.T1)
		}
		ids[i], ns[i] = n.ID, node{doc: n.Doc, t0: n.T0, t1: n.T1}
	}
	cds := make([]componentDoc, len(docs))
	for i, d := range docs {
		cds[i] = componentDoc{doc: d.Doc, rank: d.Rank, when: whenOf(&corpus.Doc{Published: d.Published, DateOnly: d.DateOnly}), st: &docState{}}
		if d.Analysis != nil {
			if d.Analysis.st == nil {
				return nil, fmt.Errorf("reuse: document %d: no analysis", d.Doc)
			}
			cds[i].st = d.Analysis.st
		}
	}
	slices.SortFunc(cds, func(a, b componentDoc) int { return cmpInt(int(a.doc), int(b.doc)) })
	for i := 1; i < len(cds); i++ {
		if cds[i].doc == cds[i-1].doc {
			return nil, fmt.Errorf("reuse: document %d given twice", cds[i].doc)
		}
	}
	for _, n := range ns {
		if d, ok := slices.BinarySearchFunc(cds, n.doc, func(x componentDoc, d uint32) int { return cmpInt(int(x.doc), int(d)) }); ok &&
			cds[d].st.stems != nil && int(n.t1) > len(cds[d].st.stems) {
			return nil, fmt.Errorf("reuse: a node of document %d to token %d, past its %d", n.doc, n.t1, len(cds[d].st.stems))
		}
	}
	var al aligner
	cp, err := passagesOf(&al, ids, ns, edges.edges, cds, &opts)
	switch {
	case err != nil:
		return nil, err
	case al.unanalysed:
		return nil, ErrUnanalysed
	}
	return &ComponentPassages{*cp}, nil
}

// componentPassagesVersion is the version of ComponentPassages's encoding.
const componentPassagesVersion = 1

// MarshalBinary encodes what the component found (the format is at the
// top of this file).
func (p *ComponentPassages) MarshalBinary() ([]byte, error) {
	c := &p.c
	b := binary.AppendUvarint(nil, componentPassagesVersion)
	b = binary.AppendUvarint(b, uint64(len(c.passages)))
	for k, ps := range c.passages {
		b = binary.AppendUvarint(b, uint64(len(ps.nodes)))
		last, rep := uint32(0), 0
		for i, m := range ps.nodes {
			b = binary.AppendUvarint(b, uint64(m-last))
			last = m
			if m == ps.rep {
				rep = i
			}
		}
		b = binary.AppendUvarint(b, uint64(rep))
		for i, e := range c.toRep[k] {
			if i == rep {
				continue
			}
			for _, v := range []int32{e.matched, e.x0, e.x1 - e.x0, e.y0, e.y1 - e.y0} {
				b = binary.AppendUvarint(b, uint64(uint32(v)))
			}
		}
	}
	sorted := slices.Clone(c.extra)
	slices.SortFunc(sorted, byNodes)
	extra, err := (&Edges{edges: sorted}).MarshalBinary()
	if err != nil {
		return nil, err
	}
	_, n := binary.Uvarint(extra) // its version
	return append(b, extra[n:]...), nil
}

// UnmarshalBinary decodes what MarshalBinary encoded; a damaged encoding
// is an error. Whether it fits the corpus, ScanPassages checks.
func (p *ComponentPassages) UnmarshalBinary(b []byte) error {
	r := &analysisReader{b: b}
	if v := r.uv(); r.err == nil && v != componentPassagesVersion {
		return fmt.Errorf("reuse: component passages version %d, want %d", v, componentPassagesVersion)
	}
	var c componentPassages
	c.passages = make([]passage, r.count(3))
	c.toRep = make([][]edge, len(c.passages))
	for k := range c.passages {
		ms := make([]uint32, r.count(1))
		for i := range ms {
			if i == 0 {
				ms[i] = r.uint32(math.MaxUint32)
			} else {
				ms[i] = ms[i-1] + r.uint32(math.MaxUint32-ms[i-1])
				if r.err == nil && ms[i] == ms[i-1] {
					return errComponent
				}
			}
		}
		if r.err != nil || len(ms) == 0 {
			return errComponent
		}
		rep := r.uint32(uint32(len(ms) - 1))
		c.toRep[k] = make([]edge, len(ms))
		for i, m := range ms {
			if i == int(rep) {
				continue
			}
			e := &c.toRep[k][i]
			e.x, e.y = min(m, ms[rep]), max(m, ms[rep])
			e.matched = r.int32(math.MaxInt32)
			e.x0 = r.int32(math.MaxInt32)
			e.x1 = e.x0 + r.int32(int(math.MaxInt32-e.x0))
			e.y0 = r.int32(math.MaxInt32)
			e.y1 = e.y0 + r.int32(int(math.MaxInt32-e.y0))
		}
		c.passages[k] = passage{nodes: ms, rep: ms[rep], origin: -1}
		c.clusters = append(c.clusters, ms)
	}
	if r.err != nil {
		return errComponent
	}
	var extra Edges
	if err := extra.UnmarshalBinary(append(binary.AppendUvarint(nil, edgesVersion), r.b...)); err != nil {
		return errComponent
	}
	c.extra = extra.edges
	p.c = c
	return nil
}

// errComponent is the error of an encoding of component passages cut
// short or damaged.
var errComponent = errors.New("reuse: not a component's passages (cut short or damaged)")

// ScanPassages is ScanChained with the passages stage run already,
// component by component (PassagesOf: comps, one for each connected
// component of the graph that the chained pairs make, in any order): the
// report is the one ScanAnalysed makes of src.
func ScanPassages(src AnalysedSource, shards []Shard, pairs []*PairAlignment, comps []*ComponentPassages, opts Options) (*report.Scan, error) {
	comps = append([]*ComponentPassages{}, comps...) // none given is none found, not none asked for
	return scanJoined(src, shards, opts, func(ut *unitTable, _ []*docState, _ []uint64, _ *Options) ([][]link, []rewrite, bool, error) {
		links, rws, err := joinChained(pairs, ut)
		return [][]link{links}, rws, true, err
	}, comps)
}

// givenPassages is what the components found, joined for the graph g:
// the clusters in clusterNodes' order and the edges made on the way, and
// each member's edge to its representative (by node) and the
// representative of each cluster.
type givenPassages struct {
	cl    clustering
	toRep []edge
	reps  []uint32
}

// joinComponents joins the components' passages for the graph g, after
// checking that they are of its components, each once, and that their
// edges fit its nodes.
func joinComponents(g *graph, comps []*ComponentPassages) (*givenPassages, error) {
	nodes, start := g.components()
	of := make([]int32, len(g.nodes)) // each node's component, or -1
	for i := range of {
		of[i] = -1
	}
	for c := range len(start) - 1 {
		for _, n := range nodes[start[c]:start[c+1]] {
			of[n] = int32(c)
		}
	}
	byComp := make([]*componentPassages, len(start)-1)
	out := &givenPassages{toRep: make([]edge, len(g.nodes))}
	member := make([]bool, len(g.nodes)) // in a cluster given
	fits := func(n uint32, t0, t1 int32) bool { return g.nodes[n].t0 <= t0 && t0 <= t1 && t1 <= g.nodes[n].t1 }
	for _, cp := range comps {
		c := &cp.c
		if len(c.clusters) == 0 || c.clusters[0][0] >= uint32(len(g.nodes)) || of[c.clusters[0][0]] < 0 {
			return nil, errors.New("reuse: component passages of no component of the graph")
		}
		k := of[c.clusters[0][0]]
		if byComp[k] != nil {
			return nil, fmt.Errorf("reuse: the passages of component of node %d given twice", nodes[start[k]])
		}
		byComp[k] = c
		size := 0
		for i, ms := range c.clusters {
			size += len(ms)
			for j, m := range ms {
				if m >= uint32(len(g.nodes)) || of[m] != k || member[m] {
					return nil, fmt.Errorf("reuse: node %d in the passages of component of node %d (or twice)", m, nodes[start[k]])
				}
				member[m] = true
				if e := c.toRep[i][j]; m != c.passages[i].rep && !(fits(e.x, e.x0, e.x1) && fits(e.y, e.y0, e.y1)) {
					return nil, fmt.Errorf("reuse: the edge of node %d to its representative does not fit them", m)
				}
				out.toRep[m] = c.toRep[i][j]
			}
		}
		if size != int(start[k+1]-start[k]) {
			return nil, fmt.Errorf("reuse: %d nodes in the passages of component of node %d, of %d", size, nodes[start[k]], start[k+1]-start[k])
		}
		for _, e := range c.extra {
			if e.y >= uint32(len(g.nodes)) || of[e.x] != k || of[e.y] != k || g.edgeBetween(e.x, e.y) >= 0 ||
				!fits(e.x, e.x0, e.x1) || !fits(e.y, e.y0, e.y1) {
				return nil, fmt.Errorf("reuse: an edge made of nodes %d and %d does not fit the component of node %d", e.x, e.y, nodes[start[k]])
			}
		}
	}
	for k, c := range byComp {
		if c == nil {
			return nil, fmt.Errorf("reuse: no passages of the component of node %d", nodes[start[k]])
		}
		out.cl.clusters = append(out.cl.clusters, c.clusters...)
		out.cl.extra = append(out.cl.extra, c.extra...)
		for _, p := range c.passages {
			out.reps = append(out.reps, p.rep)
		}
	}
	return out, nil
}
