package archive

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cespare/xxhash/v2"
	"github.com/cockroachdb/pebble/v2"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
)

// AddResult is what an Add did.
type AddResult struct {
	Added     int // documents new to the archive
	Replaced  int // documents whose id was archived with another text: the new text replaced the old
	Unchanged int // documents whose id was archived with the same text: passed over
	// Notes says, for each document replaced or passed over, what was
	// done, in input order.
	Notes []Note
	// Skipped lists the inputs that could not be read, and the documents
	// with no words to compare once their page chrome was left out.
	Skipped []report.Skipped
}

// Note is a note about one input document.
type Note struct {
	ID, Path, Note string
}

// entry is a document on its way into the archive.
type entry struct {
	doc      corpus.Doc // Boilerplate: the chrome and the outlet's furniture
	chrome   []corpus.Range
	left     []corpus.Range // the furniture its fingerprints leave out (fingerprint)
	siteKeys []uint64
	sum      uint64
	fps      []uint64 // its fingerprints' prefixes, sorted and distinct
	words    int
}

// Add adds the documents of src to the archive, a batch (Options.Batch
// documents, or Options.BatchBytes of text) at a time, each batch
// committed whole. A document whose id is archived already replaces the
// archived one if its text differs, and is passed over if not. On an
// error, the batches committed before it stay.
//
// Documents are read and fingerprinted in parallel while the batch before
// is written.
func (a *Archive) Add(src corpus.Source) (AddResult, error) {
	if a.opts.ReadOnly {
		return AddResult{}, fmt.Errorf("archive: %s is open read-only", a.path)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var res AddResult // the writer's
	var werr error
	var failed atomic.Bool
	batches := make(chan []entry, 1)
	written := make(chan struct{})
	go func() {
		defer close(written)
		for batch := range batches {
			if werr == nil {
				if werr = a.addBatch(batch, &res); werr != nil {
					failed.Store(true)
				}
			}
		}
	}()
	// Reading stops once a write failed.
	stoppable := func(doc func(corpus.Doc) error, skip func(corpus.Skip) error) error {
		return src(func(d corpus.Doc) error {
			if failed.Load() {
				return errStopped
			}
			return doc(d)
		}, skip)
	}
	var batch []entry
	var skipped []report.Skipped
	size := 0
	err := corpus.Map(stoppable, a.opts.Workers, func() func(corpus.Doc) entry {
		f := &reuse.Fingerprinter{K: a.shingle, Window: a.window}
		return func(d corpus.Doc) entry { return readEntry(f, d) }
	}, func(_ corpus.Doc, e entry) {
		batch = append(batch, e)
		if size += len(e.doc.Text); len(batch) == a.opts.Batch || size >= a.opts.BatchBytes {
			batches <- batch
			batch, size = nil, 0
		}
	}, func(s corpus.Skip) {
		skipped = append(skipped, report.Skipped{ID: s.ID, Path: s.Path, Reason: s.Reason})
	})
	if err == nil && len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	<-written
	res.Skipped = append(skipped, res.Skipped...)
	if errors.Is(err, errStopped) {
		err = nil
	}
	return res, cmp.Or(werr, err)
}

var errStopped = errors.New("archive: stopped")

// readEntry is the part of adding a document that needs no archive: its
// chrome, its candidate furniture lines, its text's sum, and its
// fingerprints with its chrome left out (made again if its outlet's
// furniture turns out to be in it: fingerprint).
func readEntry(f *reuse.Fingerprinter, d corpus.Doc) entry {
	e := entry{doc: d, chrome: d.Boilerplate, sum: xxhash.Sum64(d.Text)}
	e.siteKeys = corpus.SiteKeys(nil, d.Text) // of no outlet too: its tail lines count among all
	e.fps, e.words = f.Append(nil, d)
	e.fps = prefixes(e.fps)
	return e
}

// addBatch adds a batch of documents in one commit: it finds each
// outlet's furniture in them (counting the archive's documents), makes
// the fingerprints of those that carry some again, and writes them.
func (a *Archive) addBatch(batch []entry, res *AddResult) error {
	sites, err := siteCounts(a.db, batch, nil)
	if err != nil {
		return err
	}
	a.fingerprint(batch, sites)
	return a.writeBatch(batch, res)
}

// writeBatch writes a batch of documents, fingerprinted, in one commit,
// and adds what it did to res once it is committed.
func (a *Archive) writeBatch(batch []entry, res *AddResult) error {
	m, err := a.meta(a.db)
	if err != nil {
		return err
	}
	removed, err := removedSet(a.db)
	if err != nil {
		return err
	}
	b := a.db.NewBatch()
	defer b.Close()
	w := batchWriter{b: b, m: &m, removed: removed, base: m.Next}
	var done AddResult // this batch's, not res's until it is committed
	ids := make(map[string]bool, len(batch))
	for i := range batch {
		e := &batch[i]
		switch {
		case e.words == 0:
			done.Skipped = append(done.Skipped, report.Skipped{ID: e.doc.ID, Path: e.doc.Path, Reason: "no words to compare"})
			continue
		case ids[e.doc.ID]: // the readers rename a repeated id; other sources may not
			done.Skipped = append(done.Skipped, report.Skipped{ID: e.doc.ID, Path: e.doc.Path, Reason: "its id is an earlier input document's"})
			continue
		}
		ids[e.doc.ID] = true
		unchanged, err := w.replace(a.db, e, &done)
		if err != nil {
			return err
		}
		if unchanged {
			continue
		}
		if err := w.add(e); err != nil {
			return err
		}
	}
	if err := w.finish(); err != nil {
		return err
	}
	if err := a.commit(b); err != nil {
		return err
	}
	res.Added += done.Added
	res.Replaced += done.Replaced
	res.Unchanged += done.Unchanged
	res.Notes = append(res.Notes, done.Notes...)
	res.Skipped = append(res.Skipped, done.Skipped...)
	return nil
}

// siteCounts counts the candidate furniture lines of the entries, and
// those of docs (archived documents, not counted again), in r's documents
// and in the entries: what corpus.SiteLines would count in a corpus of
// the archive and the entries.
func siteCounts(r reader, batch []entry, archived []corpus.Doc) (*corpus.SiteLines, error) {
	var sites corpus.SiteLines
	seen := map[[2]uint64]bool{}
	load := func(outlet string, keys []uint64) error {
		return eachLineCount(outlet, keys, func(o, k uint64) error {
			if seen[[2]uint64{o, k}] {
				return nil
			}
			seen[[2]uint64{o, k}] = true
			v, err := get(r, lineKey(o, k))
			switch {
			case errors.Is(err, pebble.ErrNotFound):
				return nil
			case err != nil:
				return fmt.Errorf("archive: %w", err)
			}
			if o == allOutlets {
				sites.CountAll(k, int32(readCount(v)))
			} else {
				sites.Count(outlet, k, int32(readCount(v)))
			}
			return nil
		})
	}
	for i := range batch {
		e := &batch[i]
		sites.AddKeys(e.doc.Outlet, e.siteKeys)
		if err := load(e.doc.Outlet, e.siteKeys); err != nil {
			return nil, err
		}
	}
	for _, d := range archived {
		if err := load(d.Outlet, corpus.SiteKeys(nil, d.Text)); err != nil {
			return nil, err
		}
	}
	return &sites, nil
}

// fingerprint adds to the boilerplate of each entry that carries some of
// its outlet's furniture (sites) those lines, and makes its fingerprints
// again, in parallel, leaving out the furniture that more documents can
// only confirm (corpus.SiteLines.FindSplit): a tail line that is an
// outlet's furniture now is syndicated once another outlet prints it,
// and a check must then find the documents that carry it.
func (a *Archive) fingerprint(batch []entry, sites *corpus.SiteLines) {
	var again []int
	for i := range batch {
		if sites.Recurs(batch[i].doc.Outlet, batch[i].siteKeys) {
			again = append(again, i)
		}
	}
	fps := make([]reuse.Fingerprinter, a.opts.Workers)
	parallel.Chunks(len(again), 16, a.opts.Workers, func(w, lo, hi int) {
		f := &fps[w]
		f.K, f.Window = a.shingle, a.window
		for _, i := range again[lo:hi] {
			e := &batch[i]
			var tails []corpus.Range
			e.left, tails = sites.FindSplit(e.doc.Outlet, e.doc.Text)
			d := e.doc
			d.Boilerplate = corpus.Merge(e.chrome, e.left)
			e.fps, e.words = f.Append(e.fps[:0], d)
			e.fps = prefixes(e.fps)
			e.doc.Boilerplate = corpus.Merge(d.Boilerplate, tails)
		}
	})
}

// prefixes turns fingerprints into their prefixes, sorted and distinct.
func prefixes(fps []uint64) []uint64 {
	for i, fp := range fps {
		fps[i] = prefix(fp)
	}
	slices.Sort(fps)
	return slices.Compact(fps)
}

// batchWriter writes the documents of one batch.
type batchWriter struct {
	b        *pebble.Batch
	m        *meta
	removed  *roaring.Bitmap
	base     uint32   // the number of the batch's first document
	postings []uint64 // packPosting
	changed  bool     // removed changed
}

// A batch's postings are packed in a uint64 each, sorted as is: a
// fingerprint prefix (40 bits) and the document's number less the
// batch's first (docBits bits; Open caps Options.Batch).
const docBits = 64 - prefixBits

func packPosting(prefix uint64, rel uint32) uint64 { return prefix<<docBits | uint64(rel) }

// replace counts an entry new, replaced or unchanged: if its id is
// archived, it removes the archived document when its text differs, and
// reports whether the entry has the same text (passed over, with a note).
func (w *batchWriter) replace(r reader, e *entry, res *AddResult) (unchanged bool, err error) {
	v, err := get(r, idKey(e.doc.ID))
	switch {
	case errors.Is(err, pebble.ErrNotFound):
		res.Added++
		return false, nil
	case err != nil:
		return false, fmt.Errorf("archive: %w", err)
	}
	n, err := docNumber(v)
	if err != nil {
		return false, err
	}
	old, err := loadDoc(r, n)
	if err != nil {
		return false, fmt.Errorf("archive: document %q: %w", e.doc.ID, err)
	}
	if bytes.Equal(old.Text, e.doc.Text) {
		res.Unchanged++
		res.Notes = append(res.Notes, Note{e.doc.ID, e.doc.Path, fmt.Sprintf("already archived with the same text (from %s): passed over", old.Path)})
		return true, nil
	}
	if err := w.remove(n, old); err != nil {
		return false, err
	}
	res.Replaced++
	res.Notes = append(res.Notes, Note{e.doc.ID, e.doc.Path, fmt.Sprintf("archived with another text (from %s): replaced", old.Path)})
	return false, nil
}

// remove removes archived document n, whose document is old.
func (w *batchWriter) remove(n uint32, old corpus.Doc) error {
	if err := w.b.Delete(docKey(n), nil); err != nil {
		return err
	}
	if err := w.b.Delete(idKey(old.ID), nil); err != nil {
		return err
	}
	if err := eachLineCount(old.Outlet, corpus.SiteKeys(nil, old.Text), func(o, k uint64) error {
		return w.b.Merge(lineKey(o, k), minusOne, nil)
	}); err != nil {
		return err
	}
	w.removed.Add(n)
	w.changed = true
	w.m.Documents--
	w.m.Removed++
	w.m.TextBytes -= int64(len(old.Text))
	return nil
}

var plusOne, minusOne = []byte{2}, []byte{1} // zigzag varints of +1 and −1

// add writes a new document.
func (w *batchWriter) add(e *entry) error {
	n := w.m.Next
	if n == 1<<32-1 {
		return fmt.Errorf("archive: it holds the most documents it can number (%d added in all)", n)
	}
	w.m.Next++
	d := e.doc
	d.Boilerplate = e.chrome
	rec, err := encodeDoc(&d, header{Furniture: e.left, TextSum: e.sum, Fingerprints: len(e.fps)})
	if err != nil {
		return err
	}
	if err := w.b.Set(docKey(n), rec, nil); err != nil {
		return err
	}
	if err := w.b.Set(idKey(d.ID), docKey(n)[1:], nil); err != nil {
		return err
	}
	if err := eachLineCount(d.Outlet, e.siteKeys, func(o, k uint64) error {
		return w.b.Merge(lineKey(o, k), plusOne, nil)
	}); err != nil {
		return err
	}
	for _, fp := range e.fps {
		w.postings = append(w.postings, packPosting(fp, n-w.base))
	}
	w.m.Documents++
	w.m.TextBytes += int64(len(d.Text))
	return nil
}

// finish writes the batch's postings, one merge operand a bucket, the
// removed set and the meta.
func (w *batchWriter) finish() error {
	slices.Sort(w.postings)
	var key, val, p []byte
	var ids []uint32
	for i := 0; i < len(w.postings); {
		bucket := w.postings[i] >> (docBits + residueBits)
		key = bucketKey(key[:0], w.postings[i]>>docBits)
		val = val[:0]
		prev := uint32(0)
		for i < len(w.postings) && w.postings[i]>>(docBits+residueBits) == bucket {
			pre := w.postings[i] >> docBits
			for ids = ids[:0]; i < len(w.postings) && w.postings[i]>>docBits == pre; i++ {
				ids = append(ids, w.base+uint32(w.postings[i]&(1<<docBits-1)))
			}
			p = appendPostings(p[:0], ids)
			val = appendGroup(val, prev, residue(pre), p)
			prev = residue(pre)
		}
		if err := w.b.Merge(key, val, nil); err != nil {
			return err
		}
	}
	if w.changed {
		v, err := w.removed.ToBytes()
		if err != nil {
			return err
		}
		if err := w.b.Set(removedKey, v, nil); err != nil {
			return err
		}
	}
	return setMeta(w.b, *w.m)
}

// loadDoc reads archived document n.
func loadDoc(r reader, n uint32) (corpus.Doc, error) {
	v, err := get(r, docKey(n))
	if err != nil {
		return corpus.Doc{}, err
	}
	d, _, err := decodeDoc(v)
	return d, err
}
