package reuse

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/report"
)

// An outlet's furniture (corpus.SiteLines: a footer, a signature, a
// site's chrome, a tagline) is boilerplate, left out of matching; it is
// known only from the whole corpus's counts. analyseCorpus masks the
// short lines known to be furniture so far as it reads (knownFurniture),
// keeps the tail lines apart (corpus.SiteLines.AddTails, once every
// document is read), and siteFurniture, once every document is counted,
// analyses again those whose furniture grew.

// knownFurniture is the furniture lines known while a corpus is read:
// the short lines that recur in SiteLineDocs documents of their outlet
// so far (corpus.SiteLines), added by the goroutine that counts (note),
// read by the workers that analyse the documents, which mask them
// (mask). Lines are added once and never removed, the case sync.Map is
// made for. Tail lines (corpus.IsTailKey) are not: a document of another
// outlet read later may show one to be syndicated, not furniture; they
// are found once every document is counted (siteFurniture).
type knownFurniture struct{ lines sync.Map } // outletLine -> struct{}

type outletLine struct {
	outlet string
	key    uint64
}

// note adds, after sites counted a document of outlet with the short
// candidate lines keys (its siteKeys), those that have become furniture.
func (k *knownFurniture) note(sites *corpus.SiteLines, outlet string, keys []uint64) {
	for _, h := range keys {
		if sites.Recurs(outlet, []uint64{h}) {
			k.lines.LoadOrStore(outletLine{outlet, h}, struct{}{})
		}
	}
}

// mask returns the lines of a document of outlet (its corpus.LineKeys)
// that are known to be furniture, if any of its own lines (not quoted) is
// (the rule of corpus.SiteLines.Find, which Recurs gates), and the
// distinct keys of the lines it leaves, sorted: those that siteFurniture
// looks up again once every document is counted. Each key is looked up
// once, so that a key that becomes known while the lines are read masks
// all of its lines or none.
func (k *knownFurniture) mask(outlet string, lines []corpus.LineKey) (furniture []corpus.Range, pending []uint64) {
	if !slices.ContainsFunc(lines, func(l corpus.LineKey) bool { return !l.Tail() }) {
		for _, l := range lines { // tail lines, never known as they come
			pending = append(pending, l.Key)
		}
		slices.Sort(pending)
		return nil, slices.Compact(pending)
	}
	keys := make([]uint64, len(lines))
	for i, l := range lines {
		keys[i] = l.Key
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	known := make([]bool, len(keys))
	for i, h := range keys {
		_, known[i] = k.lines.Load(outletLine{outlet, h})
	}
	isKnown := func(h uint64) bool {
		i, _ := slices.BinarySearch(keys, h)
		return known[i]
	}
	if !slices.ContainsFunc(lines, func(l corpus.LineKey) bool { return !l.Quoted && isKnown(l.Key) }) {
		return nil, keys
	}
	for _, l := range lines {
		if isKnown(l.Key) {
			furniture = append(furniture, l.Range)
		}
	}
	for i, h := range keys {
		if !known[i] {
			pending = append(pending, h)
		}
	}
	return furniture, pending
}

// siteFurniture adds each outlet's furniture (corpus.SiteLines) to its
// documents' boilerplate, analysing again, in parallel, those whose
// furniture was not all known when they were analysed (their text read
// back from sp and spilled again); one left with no words is skipped, in
// its place in input order. Whether it was is told by the keys of the
// lines its analysis left (pending), without its text: a document whose
// furniture was all masked is not read again.
func siteFurniture(in *inputs, sites *corpus.SiteLines, workers int, sp *textSpill, blocks *stemBlocks) error {
	docs := in.docs
	errs := make([]error, len(docs))
	// One analyser a goroutine, not a chunk: each takes a block of
	// stemBlock stems when it first needs room.
	ans := make([]*analyser, workers)
	var furnished, loaded, again atomic.Int64 // documents with furniture, those read again, and those analysed again
	parallel.Chunks(len(docs), 64, workers, func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			keys, pending := docs[i].siteKeys, docs[i].pending
			docs[i].siteKeys, docs[i].pending = nil, nil
			// Its tail lines are among those pending: never masked.
			if !sites.Recurs(docs[i].doc.Outlet, keys) && !sites.Recurs(docs[i].doc.Outlet, pending) {
				continue
			}
			furnished.Add(1)
			if !sites.Recurs(docs[i].doc.Outlet, pending) { // none of its lines left is furniture
				continue
			}
			if errs[i] = sp.load(docs[i]); errs[i] != nil {
				continue
			}
			loaded.Add(1)
			d := docs[i].doc
			b := corpus.Merge(d.Boilerplate, sites.Find(d.Outlet, d.Text))
			if slices.Equal(b, d.Boilerplate) { // its new furniture lies in its boilerplate already
				sp.unload(docs[i])
				continue
			}
			if ans[w] == nil {
				ans[w] = newAnalyser(blocks)
			}
			d.Boilerplate = b
			again.Add(1)
			docs[i] = ans[w].analyse(d)
			if docs[i].toks.len() > 0 {
				errs[i] = sp.spill(docs[i])
			}
		}
	})
	if err := cmp.Or(cmp.Or(errs...), sp.flush()); err != nil {
		return err
	}
	count("furnished", int(furnished.Load()))
	count("read again", int(loaded.Load()))
	count("analysed again", int(again.Load()))
	n := 0
	for i, st := range docs {
		if st.toks.len() == 0 {
			in.skipped = append(in.skipped, report.Skipped{ID: st.doc.ID, Path: st.doc.Path, Reason: "no words to compare"})
			in.skipSeq = append(in.skipSeq, in.docSeq[i])
			continue
		}
		docs[n] = st
		n++
	}
	in.docs, in.docSeq = docs[:n], nil
	return nil
}
