package pipeline

// The documents' reports of Report: each document's view gathered in
// its block, and its report, members and sides of pairs made there.

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/reuse"
)

// blockDocs is a block's documents: their records and analyses (decoded
// once asked for), and their node views.
type blockDocs struct {
	recs  map[uint32]*docRecord
	as    map[uint32]*reuse.Analysis
	views map[uint32][]reuse.NodeView
}

func readBlock(block int, recs func(*docRecord) bool, views func(*[]byte) bool) (*blockDocs, error) {
	bd := &blockDocs{recs: map[uint32]*docRecord{}, as: map[uint32]*reuse.Analysis{}, views: map[uint32][]reuse.NodeView{}}
	var rec docRecord
	for recs(&rec) {
		if groupOf(rec.Doc) != block || bd.recs[rec.Doc] != nil {
			return nil, fmt.Errorf("pipeline: document %d in block %d, or twice", rec.Doc, block)
		}
		r := rec
		bd.recs[rec.Doc] = &r
		rec = docRecord{}
	}
	var b []byte
	for views(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			v := r.nodeView()
			bd.views[v.Doc] = append(bd.views[v.Doc], v)
		}
		if r.err != nil {
			return nil, fmt.Errorf("pipeline: views of block %d: %w", block, r.err)
		}
	}
	return bd, nil
}

// doc returns document d's record and analysis.
func (bd *blockDocs) doc(d uint32) (*docRecord, *reuse.Analysis, error) {
	rec := bd.recs[d]
	if rec == nil {
		return nil, nil, fmt.Errorf("pipeline: document %d, asked of its block, is not there", d)
	}
	if a := bd.as[d]; a != nil {
		return rec, a, nil
	}
	a := &reuse.Analysis{}
	if err := a.UnmarshalBinary(rec.R.Analysis); err != nil {
		return nil, nil, fmt.Errorf("pipeline: %s: %w", rec.R.Path, err)
	}
	bd.as[d] = a
	return rec, a, nil
}

// viewDoc is what a view says of the document of rec.
func viewDoc(rec *docRecord) (reuse.ViewDoc, error) {
	d := reuse.ViewDoc{Doc: rec.Doc, Rank: rec.Rank, ID: rec.R.ID, DateOnly: rec.R.DateOnly}
	if len(rec.R.Published) > 0 {
		if err := d.Published.UnmarshalBinary(rec.R.Published); err != nil {
			return d, fmt.Errorf("pipeline: %s: published: %w", rec.R.Path, err)
		}
	}
	return d, nil
}

// documentFn gathers each view of a block's documents (reuse.NewDocView)
// and makes each one's report (reuse.DocReport), its pairs reading its
// shingle hashes shared with others (Shards). It emits, in batches of
// records (outbox): to the join, uv its number, then its report as JSON
// (with Options.FileLines, what the ledger reads of it, appendLedgerDoc,
// and its report to its file of the report, docFile);
// each of its members of passages, by the passage's group (groupOf its
// number; appendMember); its side of each pair it names, by the pair's
// group (pairGroup): uv the pair's key, then reuse.PairSide's encoding;
// and the sides of all its pairs, by its block: uv its number, then
// their encoding.
type documentFn struct{ Opts Options }

func (fn *documentFn) ProcessElement(ctx context.Context, block int, recs func(*docRecord) bool, views, resolved, shared func(*[]byte) bool,
	emitDocs, emitMembers, emitNamed, emitAll func(int, []byte)) error {
	bd, err := readBlock(block, recs, views)
	if err != nil {
		return err
	}
	got, rws, err := readResolved(block, resolved)
	if err != nil {
		return err
	}
	hashes, err := readShared(block, shared)
	if err != nil {
		return err
	}
	opts := fn.Opts.reuse()
	docs, members, namedSides, all := outbox{}, outbox{}, outbox{}, outbox{}
	for _, d := range slices.Sorted(maps.Keys(bd.recs)) {
		rec, an, err := bd.doc(d)
		if err != nil {
			return err
		}
		self, err := viewDoc(rec)
		if err != nil {
			return err
		}
		nodes, named, err := fillBytes(d, bd.views[d], got[d])
		if err != nil {
			return err
		}
		rewrites, more, err := rewritesOf(d, bd, rws)
		if err != nil {
			return err
		}
		v, err := reuse.NewDocView(self, nodes, rewrites, append(named, more...))
		if err != nil {
			return err
		}
		doc, err := rec.R.doc()
		if err != nil {
			return fmt.Errorf("pipeline: %s: published: %w", rec.R.Path, err)
		}
		f, err := reuse.DocReport(doc, an, v, opts)
		if err != nil {
			return err
		}
		hs := hashes[d] // from the shards, in any order
		slices.Sort(hs)
		if err := f.Shared(hs); err != nil {
			return err
		}
		js, err := json.Marshal(&f.Report)
		if err != nil {
			return err
		}
		docJSONBytes.Inc(ctx, int64(len(js)))
		if per := fn.Opts.FileLines; per > 0 && fn.Opts.Lines {
			// The report to its file, and what the ledger reads of it to
			// the join.
			docs.add(docFile(d, per), append(binary.AppendUvarint(nil, uint64(d)), js...))
			js = appendLedgerDoc(nil, &f.Report)
			ledgerBytes.Inc(ctx, int64(len(js)))
		}
		docs.add(0, append(binary.AppendUvarint(nil, uint64(d)), js...))
		for i := range nodes {
			m, err := reuse.MemberOf(doc, an, nodes[i])
			if err != nil {
				return err
			}
			enc := appendMember(nil, &m)
			memberBytes.Inc(ctx, int64(len(enc)))
			members.add(groupOf(uint32(m.Passage)), enc)
		}
		for _, p := range f.Partners() {
			enc, err := f.Side(p).MarshalBinary()
			if err != nil {
				return err
			}
			sideBytes.Inc(ctx, int64(len(enc)))
			k := pairKey(d, p)
			namedSides.add(pairGroup(k), append(binary.AppendUvarint(nil, uint64(k)), enc...))
		}
		enc, err := f.Sides().MarshalBinary()
		if err != nil {
			return err
		}
		allSideBytes.Inc(ctx, int64(len(enc)))
		all.add(block, append(binary.AppendUvarint(nil, uint64(d)), enc...))
		analysed.Inc(ctx, 1)
	}
	docs.flush(emitDocs)
	members.flush(emitMembers)
	namedSides.flush(emitNamed)
	all.flush(emitAll)
	return nil
}

// readResolved reads the answers to a block's asks for partners' bytes,
// by the document that asked, then node and slot, and the sides of its
// documents' rewrites, by the document whose side each is.
func readResolved(block int, resolved func(*[]byte) bool) (map[uint32]map[[2]uint32]*farAnswer, map[uint32][]*rewriteSide, error) {
	got := map[uint32]map[[2]uint32]*farAnswer{}
	rws := map[uint32][]*rewriteSide{}
	var b []byte
	for resolved(&b) {
		if len(b) == 0 || b[0] > 1 {
			return nil, nil, fmt.Errorf("pipeline: a damaged batch of answers to block %d", block)
		}
		r := reader{b: b[1:]}
		for r.err == nil && len(r.b) > 0 {
			if b[0] == 1 {
				s := r.rewriteSide()
				rws[s.side.Doc] = append(rws[s.side.Doc], &s)
				continue
			}
			a := r.farAnswer()
			if got[a.asker] == nil {
				got[a.asker] = map[[2]uint32]*farAnswer{}
			}
			got[a.asker][[2]uint32{a.node, a.slot}] = &a
		}
		if r.err != nil {
			return nil, nil, fmt.Errorf("pipeline: answers to block %d: %w", block, r.err)
		}
	}
	return got, rws, nil
}

// readShared reads each of a block's documents' shingle hashes shared
// with others, from the shards, in any order.
func readShared(block int, shared func(*[]byte) bool) (map[uint32][]uint64, error) {
	hashes := map[uint32][]uint64{}
	var b []byte
	for shared(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			d, n := r.uint32(), r.count(1)
			h := uint64(0)
			for range n {
				h += r.uv()
				hashes[d] = append(hashes[d], h)
			}
		}
		if r.err != nil {
			return nil, fmt.Errorf("pipeline: shared hashes of block %d: %w", block, r.err)
		}
	}
	return hashes, nil
}

// fillBytes fills in the bytes of the partners and orphans of document
// d's node views from the answers its asks got (by node and slot), and
// returns the documents they name.
func fillBytes(d uint32, nodes []reuse.NodeView, got map[[2]uint32]*farAnswer) ([]reuse.NodeView, []reuse.ViewDoc, error) {
	var named []reuse.ViewDoc
	answer := func(node, slot uint32, p *reuse.Partner) error {
		a := got[[2]uint32{node, slot}]
		if a == nil || a.doc.Doc != p.Doc {
			return fmt.Errorf("pipeline: document %d: no bytes of a partner of node %d in document %d", d, node, p.Doc)
		}
		p.B0, p.B1, p.Quoted = a.b0, a.b1, a.quoted
		named = append(named, a.doc)
		return nil
	}
	for i := range nodes {
		v := &nodes[i]
		for k := range v.Partners {
			if err := answer(v.Node, 2*uint32(k), &v.Partners[k]); err != nil {
				return nil, nil, err
			}
		}
		for k := range v.Orphans {
			if err := answer(v.Node, 2*uint32(k)+1, &v.Orphans[k].Far); err != nil {
				return nil, nil, err
			}
		}
	}
	return nodes, named, nil
}

// rewritesOf returns document d's views of its rewrites, kept or dropped
// as reuse.RewriteOf says, from the sides of both its documents, and the
// documents they name.
func rewritesOf(d uint32, bd *blockDocs, rws map[uint32][]*rewriteSide) ([]reuse.RewriteView, []reuse.ViewDoc, error) {
	var out []reuse.RewriteView
	var named []reuse.ViewDoc
	for _, own := range rws[d] {
		other, _ := own.ask.key.side(!own.ask.ofA)
		i := slices.IndexFunc(rws[other], func(s *rewriteSide) bool { return s.ask.key == own.ask.key && s.ask.ofA != own.ask.ofA })
		if i < 0 {
			return nil, nil, fmt.Errorf("pipeline: document %d: a rewrite with document %d without its other side", d, other)
		}
		o := rws[other][i]
		if v, keep := reuse.RewriteOf(own.side, o.side, own.ask.sim); keep {
			out, named = append(out, v), append(named, o.doc)
		}
	}
	return out, named, nil
}

func init() {
	register.DoFn10x1[context.Context, int, func(*docRecord) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), func(int, []byte), func(int, []byte), error](&documentFn{})
}
