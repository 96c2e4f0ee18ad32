package reuse

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

// Defaults of Options. The evidence thresholds were chosen by measurement:
// see the package documentation and TestEvidenceRule.
const (
	DefaultMinWords   = 8
	DefaultMinContent = 4
	DefaultMinCover   = 0.5
	DefaultLongWords  = 20
	DefaultMaxGap     = 4
	DefaultPartners   = 5
	DefaultMinAlign   = 6
)

// Options configures Scan. The zero value means the defaults.
type Options struct {
	Shingle int // words per shingle in the candidate postings; 0 means shingle.DefaultK
	// MinAlign is the least score of an alignment (matched words less
	// substituted, inserted and deleted ones): a weaker one is no piece of
	// a passage; 0 means DefaultMinAlign.
	MinAlign   int
	MinWords   int // matched words a shared passage needs; 0 means DefaultMinWords
	MinContent int // matched content words it needs; 0 means DefaultMinContent, negative means none
	// MinCover is the share of the shorter side's sentences a passage
	// shorter than LongWords must cover; 0 means DefaultMinCover, negative
	// means none. LongWords is the length from which a passage needs no
	// cover; 0 means DefaultLongWords.
	MinCover  float64
	LongWords int
	MaxGap    int // unaligned words allowed between pieces of one passage; 0 means DefaultMaxGap, negative means none
	Partners  int // the most matches a span lists; 0 means DefaultPartners
	// AllPairs lists every two documents that share a passage, not only
	// those a span's source or matches link: a report that grows with the
	// square of a passage's reach, for small corpora.
	AllPairs bool
	// KeepRuns keeps apart the passages that continue one another word
	// for word in every member, which Scan joins into one
	// (passages_runs.go): as a run spread over workers (docpairs_*.go,
	// the Beam pipeline) makes them, which does not join them yet.
	KeepRuns bool
	Workers  int // 0 means runtime.GOMAXPROCS(0)
	// pairWindow is the pairs made before the refs they read last go
	// (pairReports); 0 means 1<<14. For tests.
	pairWindow int
	// aligners, if set, are the aligners the stages use, one a worker,
	// rather than each stage making its own: PairAligner keeps them from
	// pair to pair.
	aligners []aligner
	// TempDir, if not "", is where Scan spills the documents' text once
	// it has analysed them (spill.go): one file, which spares the heap
	// about the corpus's size in text. The report's texts stay there (its
	// TextFile; report.Scan.DocumentText and LoadTexts read them, its
	// writers read them as they write), and the report's Close removes
	// it. "" keeps the text in memory.
	TempDir string
	// Furniture, if not nil, is the counts of the candidate furniture
	// lines (corpus.SiteLines) that find each outlet's furniture, in
	// place of the corpus's own: a corpus drawn from a larger one (an
	// archive's check) is given the larger one's, since a tail line that
	// the corpus shows only one outlet printing may be printed by another
	// outside it. Scan only reads it.
	Furniture *corpus.SiteLines
}

func (o *Options) fill() error {
	if o.Shingle == 0 {
		o.Shingle = shingle.DefaultK
	}
	if o.MinAlign == 0 {
		o.MinAlign = DefaultMinAlign
	}
	if o.MinWords == 0 {
		o.MinWords = DefaultMinWords
	}
	o.MinContent = orNone(o.MinContent, DefaultMinContent)
	o.MinCover = orNone(o.MinCover, DefaultMinCover)
	if o.LongWords == 0 {
		o.LongWords = DefaultLongWords
	}
	o.MaxGap = orNone(o.MaxGap, DefaultMaxGap)
	if o.Partners == 0 {
		o.Partners = DefaultPartners
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	switch {
	case o.Shingle < 1:
		return fmt.Errorf("reuse: shingle width %d is less than 1", o.Shingle)
	case o.MinAlign < 1:
		return fmt.Errorf("reuse: min align %d is less than 1", o.MinAlign)
	case o.MinWords < 1:
		return fmt.Errorf("reuse: min words %d is less than 1", o.MinWords)
	case o.Partners < 1:
		return fmt.Errorf("reuse: partners %d is less than 1", o.Partners)
	}
	return nil
}

// orNone reads an option whose zero value means the default and whose
// negative values mean none (zero).
func orNone[T int | float64](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// Scan reads the corpus from src and reports, for every document, the spans
// it shares with other documents, the reuse clusters, and the document pairs.
// A document's text in the report is its Doc.Text, not a copy: the bytes
// must not change while the report is in use. With Options.TempDir, the
// texts are in the report's TextFile instead, until its Close.
func Scan(src corpus.Source, opts Options) (*report.Scan, error) {
	phase("begin")
	if err := opts.fill(); err != nil {
		return nil, err
	}
	sp, docs, skipped, blocks, err := readCorpus(src, opts)
	if err != nil {
		return nil, err
	}
	return scanFrom(docs, skipped, sp, blocks, opts)
}

// readCorpus reads and analyses the corpus, its texts spilled to a file
// in opts.TempDir (if not "").
func readCorpus(src corpus.Source, opts Options) (*textSpill, []*docState, []report.Skipped, *stemBlocks, error) {
	sp, err := newSpill(opts.TempDir)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	var blocks stemBlocks
	docs, skipped, err := analyseCorpus(src, opts.Workers, sp, &blocks, opts.Furniture)
	if err != nil {
		sp.close()
		return nil, nil, nil, nil, err
	}
	return sp, docs, skipped, &blocks, nil
}

// alignCorpus reads and analyses the corpus, and aligns every candidate
// unit pair and their neighbours: the stages before the evidence rule,
// timed phase by phase.
func alignCorpus(src corpus.Source, opts Options) (*aligned, error) {
	sp, docs, skipped, blocks, err := readCorpus(src, opts)
	if err != nil {
		return nil, err
	}
	return alignAnalysed(docs, skipped, sp, blocks, opts), nil
}

// scanFrom runs the stages after the analysis on the documents analysed
// and makes the report.
func scanFrom(docs []*docState, skipped []report.Skipped, sp *textSpill, blocks *stemBlocks, opts Options) (*report.Scan, error) {
	return reportOnce(alignAnalysed(docs, skipped, sp, blocks, opts), opts)
}

// reportOnce builds the report of a corpus aligned (report), letting go
// of what it has read as it goes.
func reportOnce(st *aligned, opts Options) (*report.Scan, error) {
	st.once = true
	rep, err := st.report(opts)
	if err != nil {
		st.spill.close()
		return nil, err
	}
	return rep, nil
}

// alignAnalysed aligns every candidate unit pair of the documents
// analysed, and their neighbours.
func alignAnalysed(docs []*docState, skipped []report.Skipped, sp *textSpill, blocks *stemBlocks, opts Options) *aligned {
	ws, rank := publication(docs)
	phase("analyse")
	ut := layoutUnits(docs, blocks, opts.Workers)
	phase("units")
	ps := makePostings(docs, ut, opts.Shingle, opts.Workers)
	phase("postings")
	var lists unitLists
	all, roots := candidatePairs(ps.sorted, ps.start, rank, len(ut.unit), &lists, opts.Workers)
	phase("candidates")
	all = unionPairs(all, textPairs(ps.texts, ut.doc, rank, &lists, opts.Workers))
	all = unionPairs(all, identicalPairs(ps.docTexts, ut.first, rank, &lists, opts.Workers))
	phase("texts")
	roots = rootDocs(roots, ut.doc)
	inferRoots(roots, ut)
	phase("candidates")
	setsFrom(docs, ps.sorted, ps.count, ps.single, opts.Workers)
	count("postings", len(ps.sorted))
	ps = postingSet{}
	phase("sets")
	st := &aligned{docs: docs, skipped: skipped, when: ws, rank: rank, spill: sp}
	st.align(ut, all, roots, opts)
	return st
}

// align aligns the candidate unit pairs all (sorted, distinct) of the
// unit table ut, and their neighbours, but those that a third document
// explains (roots: candidates_roots.go).
func (st *aligned) align(ut *unitTable, all, roots []uint64, opts Options) {
	docs := st.docs
	n := len(all)
	all = withoutExplained(all, roots, ut, opts.Workers)
	count("explained", n-len(all))
	phase("explained")
	cands, deferred := boundPairs(all, ut, &opts)
	phase("bound")
	found := alignPairs(cands, ut, docs, &opts, false)
	found = append(found, shortRuns(all, ut, docs, &opts))
	phase("align")
	more := extend(found, all, cands, deferred, ut, docs, &opts)
	phase("extend")
	more = append(more, bridge(slices.Concat(found, more), ut, docs, &opts))
	phase("bridge")
	cp := copiesOf(found, more, ut, &opts)
	phase("copies")
	rc := newRewriteCtx(cp, ut, docs, &opts)
	rc.roots = roots
	rewrites, missed := rc.linked()
	phase("rewrites")
	alone, missedAlone := rc.alone(st.rank)
	rc = nil
	rewrites, missed = append(rewrites, alone...), append(missed, missedAlone...)
	more = append(more, missed...)
	phase("rewrites alone")
	count("copied pairs", len(cp.docPairs))
	count("tokens", int(ut.words[len(docs)]))
	count("units", len(ut.unit))
	count("all", len(all))
	count("cands", len(cands))
	count("found", linkCount(found))
	count("more", linkCount(more))
	count("rewrites", len(rewrites))
	count("rewrites alone", len(alone))
	count("missed copies", linkCount(missed))
	st.found, st.rewrites = append(found, more...), rewrites
}

// aligned is a corpus read, its candidates aligned: everything before the
// evidence rule, which report applies.
type aligned struct {
	docs     []*docState
	skipped  []report.Skipped
	found    [][]link   // in parts
	rewrites []rewrite  // unit pairs that say the same in other words
	when     []when     // when each document was published
	rank     []uint32   // each document's place in time (ranks)
	spill    *textSpill // where the documents' texts are, if not in memory
	// once says the report is built once: each document's analysis is let
	// go as soon as the report no longer needs it.
	once bool
	// chained says found holds the links that are evidence, in chainLinks'
	// order (one part), and rewrites those ofLinkedDocs keeps (ChainPair).
	chained bool
	// comps, if not nil, are the passages stage's findings, component by
	// component (ScanPassages).
	comps []*ComponentPassages
}

// report applies the evidence rule to the aligned pieces and builds the
// report. It may run more than once, with different evidence options.
func (st *aligned) report(opts Options) (*report.Scan, error) {
	rep := &report.Scan{Params: scanParams(&opts)}
	rep.Skipped = append(rep.Skipped, st.skipped...)
	phase("start report")
	var links []link
	var rewrites []rewrite
	if st.chained {
		links, rewrites = slices.Concat(st.found...), slices.Clone(st.rewrites)
	} else {
		links = chainLinks(st.found, opts)
		rewrites = ofLinkedDocs(slices.Clone(st.rewrites), links)
	}
	if st.once {
		st.found = nil // the kept links are copies: the aligned pieces go
	}
	phase("chain")
	if err := buildReport(rep, st, links, rewrites, &opts); err != nil {
		return nil, err
	}
	// The texts stay in the spill file: a report made once takes it over.
	switch {
	case st.spill == nil:
	case st.once:
		rep.TextFile = st.spill
	default:
		rep.TextFile = readOnly{st.spill}
	}
	phase("build")
	rep.Sort()
	phase("sort")
	return rep, nil
}

// scanParams are the report's parameters of a scan of options opts
// (filled in).
func scanParams(opts *Options) report.ScanParams {
	p := report.ScanParams{
		Shingle: opts.Shingle, MinAlign: opts.MinAlign, MinWords: opts.MinWords, MinContent: opts.MinContent,
		MinCover: opts.MinCover, LongWords: opts.LongWords,
		MaxGap: opts.MaxGap, Partners: opts.Partners, Pairs: "linked", Runs: "joined",
	}
	if opts.AllPairs {
		p.Pairs = "all"
	}
	if opts.KeepRuns {
		p.Runs = "kept"
	}
	return p
}

// buildReport makes the passages of the evidence links, and the report of
// every document and of the document pairs.
func buildReport(rep *report.Scan, st *aligned, links []link, rewrites []rewrite, opts *Options) error {
	x, err := passagesReport(rep, st, links, rewrites, opts)
	if err != nil {
		return err
	}
	documentsReport(rep, st, x, opts)
	return nil
}

// passagesReport makes the passages of the evidence links and their
// report, and returns what each document's view is made of.
func passagesReport(rep *report.Scan, st *aligned, links []link, rewrites []rewrite, opts *Options) (*docContext, error) {
	docs := st.docs
	g := newGraph(links, makeViews(len(docs), links, opts.wideViews(links), opts.Workers), opts.Workers)
	align := func(al *aligner, x, y uint32) (nodeEdge, bool) { return alignMember(al, g, docs, x, y) }
	var cl clustering
	var given *givenPassages
	if st.comps != nil {
		var err error
		if given, err = joinComponents(g, st.comps); err != nil {
			return nil, err
		}
		cl = given.cl
		align = func(_ *aligner, m, _ uint32) (nodeEdge, bool) { return nodeEdge{edge: given.toRep[m]}, true }
	} else {
		cl = clusterNodes(g, docs, st.rank, opts)
	}
	if len(cl.extra) > 0 {
		g.addEdges(cl.extra, opts.Workers)
	}
	phase("cluster")
	passages, pn := makePassagesWith(g, cl.clusters, st.when, st.rank, opts, align)
	if given != nil {
		for c := range passages {
			if passages[c].rep != given.reps[c] {
				return nil, fmt.Errorf("reuse: passage %d: representative node %d given, the corpus's is %d", c+1, given.reps[c], passages[c].rep)
			}
		}
	}
	phase("passages made")
	if !opts.KeepRuns {
		g, passages, pn = joinRuns(g, passages, pn, opts.Workers)
	}
	phase("runs")
	rewrites = inOnePassage(rewrites, g, &pn, passages)
	reps := passageDocs(g, passages, len(docs))
	if err := loadTexts(st.spill, docs, reps, opts.Workers); err != nil {
		return nil, err
	}
	rep.Passages = passageReports(g, &pn, passages, docs, st.spill != nil, opts.Workers)
	for d, loaded := range reps {
		if loaded {
			st.spill.unload(docs[d])
		}
	}
	// What the other documents' reports read of a document is kept apart:
	// each document's analysis goes once its report is made.
	ids := make([]string, len(docs))
	for d, ds := range docs {
		ids[d] = ds.doc.ID
	}
	x := &docContext{g: g, pn: &pn, passages: passages, ids: ids, ws: st.when, rank: st.rank, rewrites: rewriteViews(rewrites, docs, g, &pn, passages),
		edgeBytes: edgeBytes(g.edges, g, docs, opts.Workers), repBytes: edgeBytes(pn.toRep, g, docs, opts.Workers)}
	if st.once {
		for _, d := range docs {
			d.stems = nil // aligned: the unit table's stems go
		}
	}
	phase("passages")
	return x, nil
}

// documentsReport makes the report of every document, from its analysis
// and its view, and of the document pairs.
func documentsReport(rep *report.Scan, st *aligned, x *docContext, opts *Options) {
	docs := st.docs
	// What the pairs read of a document is kept apart too.
	sets := make([]docSet, len(docs))
	for d, ds := range docs {
		sets[d] = docSet{ds.set, ds.distinct}
	}

	// Each document's report reads only its own analysis (and text, if in
	// memory), and then its analysis goes (the report keeps the text).
	rep.Documents = make([]report.ScanDocument, len(docs))
	linked := make([][]uint32, len(docs))
	shares := make([][]spanShare, len(docs))
	refs := make([][]pairRef, len(docs))
	scratch := make([]docScratch, max(opts.Workers, 1)) // each goroutine's
	parallel.Chunks(len(docs), 8, opts.Workers, func(w, lo, hi int) {
		for d := lo; d < hi; d++ {
			// A spilled text stays on disk: the report reads it back when
			// it writes it, and docReport reads none (its cues' phrases
			// were kept).
			sc := &scratch[w]
			sc.viewNamed = x.viewOf(d, &sc.view, sc.viewNamed)
			r := docReporter{ds: docs[d], v: &sc.view, partners: opts.Partners, maxGap: int32(opts.MaxGap), allPairs: opts.AllPairs}
			rep.Documents[d], linked[d], shares[d], refs[d] = r.docReport(sc)
			if docs[d].spill.out {
				rep.Documents[d].Text, rep.Documents[d].TextAt = "", docs[d].textAt()
			}
			if st.once {
				docs[d] = nil // the others read its ID (x.ids), the pairs its set (sets)
			}
		}
	})
	phase("docs")
	rep.Pairs = pairReports(x.ids, sets, rep.Documents, x.passages, linked, shares, refs, x.rewrites, opts)
}

// passageDocs marks the documents whose text the passages' report reads:
// each passage's representative's.
func passageDocs(g *graph, passages []passage, n int) []bool {
	need := make([]bool, n)
	for i := range passages {
		need[g.nodes[passages[i].rep].doc] = true
	}
	return need
}

// loadTexts reads back from sp, in parallel, the texts of the documents
// marked in need.
func loadTexts(sp *textSpill, docs []*docState, need []bool, workers int) error {
	if sp == nil {
		return nil
	}
	errs := make([]error, len(docs))
	parallel.Chunks(len(docs), 64, workers, func(_, lo, hi int) {
		for d := lo; d < hi; d++ {
			if need[d] {
				errs[d] = sp.load(docs[d])
			}
		}
	})
	return cmp.Or(errs...)
}
