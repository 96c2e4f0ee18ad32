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
// site's chrome) is boilerplate, left out of matching; it is known only
// from the whole corpus's counts. analyseCorpus masks the furniture known
// so far as it reads (knownFurniture), and siteFurniture, once every
// document is counted, analyses again those whose furniture grew.

// knownFurniture is the furniture lines known while a corpus is read:
// the lines that recur in SiteLineDocs documents of their outlet so far
// (corpus.SiteLines), added by the goroutine that counts (note), read by
// the workers that analyse the documents, which mask them (find). Lines
// are added once and never removed, the case sync.Map is made for.
type knownFurniture struct{ lines sync.Map } // outletLine -> struct{}

type outletLine struct {
	outlet string
	key    uint64
}

// note adds, after sites counted a document of outlet with the candidate
// lines keys, those that have become furniture.
func (k *knownFurniture) note(sites *corpus.SiteLines, outlet string, keys []uint64) {
	for _, h := range keys {
		if sites.Recurs(outlet, []uint64{h}) {
			k.lines.LoadOrStore(outletLine{outlet, h}, struct{}{})
		}
	}
}

// find returns the lines of a document of outlet, with the candidate
// lines keys, that are known to be furniture.
func (k *knownFurniture) find(outlet string, text []byte, keys []uint64) []corpus.Range {
	known := func(h uint64) bool {
		_, ok := k.lines.Load(outletLine{outlet, h})
		return ok
	}
	if !slices.ContainsFunc(keys, known) {
		return nil
	}
	return corpus.FindFurniture(text, known)
}

// siteFurniture adds each outlet's furniture (corpus.SiteLines) to its
// documents' boilerplate, analysing again, in parallel, those whose
// furniture was not all known when they were analysed (their text read
// back from sp and spilled again); one left with no words is skipped, in
// its place in input order.
func siteFurniture(in *inputs, sites *corpus.SiteLines, workers int, sp *textSpill, blocks *stemBlocks) error {
	docs := in.docs
	errs := make([]error, len(docs))
	// One analyser a goroutine, not a chunk: each takes a block of
	// stemBlock stems when it first needs room.
	ans := make([]*analyser, workers)
	var furnished, again atomic.Int64 // documents with furniture, and those analysed again
	parallel.Chunks(len(docs), 64, workers, func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			keys := docs[i].siteKeys
			docs[i].siteKeys = nil
			if !sites.Recurs(docs[i].doc.Outlet, keys) {
				continue
			}
			if errs[i] = sp.load(docs[i]); errs[i] != nil {
				continue
			}
			furnished.Add(1)
			d := docs[i].doc
			b := corpus.Merge(d.Boilerplate, sites.Find(d.Outlet, d.Text))
			if slices.Equal(b, d.Boilerplate) { // its furniture was known when it was analysed
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
