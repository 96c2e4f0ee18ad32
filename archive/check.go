package archive

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
)

// CheckOptions configures Check. The zero value means the defaults.
type CheckOptions struct {
	// Scan configures the alignment and the report as it configures
	// reuse.Scan. Its Shingle must be 0 or the archive's; its TempDir is
	// not used (the texts stay in memory).
	Scan reuse.Options
	// Add adds the checked documents to the archive once they are
	// checked, with no other change to the archive between.
	Add bool
	// WideDocs is the most archived documents a fingerprint brings into
	// the check whole; one carried by more (a stock phrase, or a story
	// reprinted that widely) brings only its leader, the earliest added,
	// as a scan pairs a shingle's documents through their leader. The
	// report counts such fingerprints and the documents left unread. 0
	// means DefaultWideDocs; negative means no limit.
	WideDocs int
}

// DefaultWideDocs is the default of CheckOptions.WideDocs.
const DefaultWideDocs = 64

// Checked is what a Check found.
type Checked struct {
	// Report is the scan report of the checked documents (see Check);
	// its Archive says what of the archive was read.
	Report *report.Scan
	// Added is what adding them did, with CheckOptions.Add.
	Added *AddResult
}

// Check reports the text the documents of src share with the archive's
// documents and with each other: the report reuse.Scan makes of the
// archived documents that share a fingerprint with them and of them,
// restricted to them (report.Scan.Restrict): each checked document's
// spans, each span's source and passage origin across the archive, and
// its original share; the archived documents they share text with are
// listed too, marked archived, with their texts. A checked document whose
// id is archived is checked as a new version of the archived one, which
// is left out. Check reads a snapshot of the archive: adds that run
// meanwhile do not change what it sees.
func (a *Archive) Check(src corpus.Source, opts CheckOptions) (*Checked, error) {
	if opts.Scan.Shingle != 0 && opts.Scan.Shingle != a.shingle {
		return nil, fmt.Errorf("archive: the archive's shingles are of %d words, not %d", a.shingle, opts.Scan.Shingle)
	}
	opts.Scan.Shingle, opts.Scan.TempDir = a.shingle, ""
	if opts.Add {
		if a.opts.ReadOnly {
			return nil, fmt.Errorf("archive: %s is open read-only", a.path)
		}
		a.mu.Lock()
		defer a.mu.Unlock()
	}
	var batch []entry
	var skipped []report.Skipped
	err := corpus.Map(src, a.opts.Workers, func() func(corpus.Doc) entry {
		f := &reuse.Fingerprinter{K: a.shingle, Window: a.window}
		return func(d corpus.Doc) entry { return readEntry(f, d) }
	}, func(_ corpus.Doc, e entry) {
		batch = append(batch, e)
	}, func(s corpus.Skip) {
		skipped = append(skipped, report.Skipped{ID: s.ID, Path: s.Path, Reason: s.Reason})
	})
	if err != nil {
		return nil, err
	}
	snap := a.db.NewSnapshot()
	defer snap.Close()
	sites, err := siteCounts(snap, batch, nil)
	if err != nil {
		return nil, err
	}
	a.fingerprint(batch, sites)
	if opts.WideDocs == 0 {
		opts.WideDocs = DefaultWideDocs
	}
	archived, ac, err := a.partners(snap, batch, opts.WideDocs)
	if err != nil {
		return nil, err
	}
	// The archived documents' furniture, counted in the archive and the
	// checked documents, as a scan of both would count it.
	if sites, err = siteCounts(snap, batch, archived); err != nil {
		return nil, err
	}
	docs := archived
	for i := range archived {
		d := &archived[i]
		if sites.Recurs(d.Outlet, corpus.SiteKeys(nil, d.Text)) {
			d.Boilerplate = corpus.Merge(d.Boilerplate, sites.Find(d.Outlet, d.Text))
		}
	}
	focus := make(map[string]bool, len(batch))
	for i := range batch {
		docs = append(docs, batch[i].doc)
		focus[batch[i].doc.ID] = true
	}
	scan := opts.Scan
	scan.Furniture = sites
	rep, err := reuse.Scan(corpus.Docs(docs), scan)
	if err != nil {
		return nil, err
	}
	rep.Restrict(focus)
	rep.Skipped = append(skipped, rep.Skipped...)
	rep.Archive = ac
	out := &Checked{Report: rep}
	if opts.Add {
		var res AddResult
		for lo := 0; lo < len(batch); lo += a.opts.Batch {
			if err := a.writeBatch(batch[lo:min(lo+a.opts.Batch, len(batch))], &res); err != nil {
				return out, err
			}
		}
		res.Skipped = append(skipped, res.Skipped...)
		out.Added = &res
	}
	return out, nil
}

// partners reads the archived documents that share a fingerprint with an
// entry, in the order they were added, leaving out those removed and
// those the entries replace (an archived document of an entry's id); of
// a fingerprint carried by more than wide documents, only the first. It
// says what it read in the report's terms.
func (a *Archive) partners(r reader, batch []entry, wide int) ([]corpus.Doc, *report.ArchiveCheck, error) {
	m, err := a.meta(r)
	if err != nil {
		return nil, nil, err
	}
	ac := &report.ArchiveCheck{Documents: m.Documents, WideDocs: max(wide, 0)}
	gone, err := removedSet(r)
	if err != nil {
		return nil, nil, err
	}
	for i := range batch {
		if v, err := get(r, idKey(batch[i].doc.ID)); err == nil {
			if n, err := docNumber(v); err == nil {
				gone.Add(n)
			}
		}
	}
	var fps []uint64
	for i := range batch {
		fps = append(fps, batch[i].fps...)
	}
	slices.Sort(fps)
	fps = slices.Compact(fps)
	found, wideAll := roaring.New(), roaring.New()
	err = lookup(r, fps, func(_ uint64, p []byte) error {
		bm, err := readPostings(p)
		if err != nil {
			return err
		}
		bm.AndNot(gone)
		if wide < 0 || bm.GetCardinality() <= uint64(wide) {
			found.Or(bm)
			return nil
		}
		ac.Wide++
		found.Add(bm.Minimum())
		wideAll.Or(bm)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	wideAll.AndNot(found)
	ac.NotRead = int(wideAll.GetCardinality())
	nums := found.ToArray()
	docs := make([]corpus.Doc, len(nums))
	errs := make([]error, len(nums))
	parallel.Chunks(len(nums), 64, a.opts.Workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			docs[i], errs[i] = loadDoc(r, nums[i])
			if errs[i] != nil {
				errs[i] = fmt.Errorf("archive: document number %d: %w", nums[i], errs[i])
			}
		}
	})
	ac.Read = len(docs)
	return docs, ac, cmp.Or(errs...)
}

// lookup calls fn with the postings value of each of the fingerprint
// prefixes, sorted and distinct, that has postings, in order.
func lookup(r reader, prefixes []uint64, fn func(prefix uint64, postings []byte) error) error {
	var key []byte
	for i := 0; i < len(prefixes); {
		bucket := prefixes[i] >> residueBits
		j := i + 1
		for j < len(prefixes) && prefixes[j]>>residueBits == bucket {
			j++
		}
		key = bucketKey(key[:0], prefixes[i])
		want := prefixes[i:j]
		i = j
		v, closer, err := r.Get(key)
		switch {
		case errors.Is(err, pebble.ErrNotFound):
			continue
		case err != nil:
			return fmt.Errorf("archive: %w", err)
		}
		err = eachGroup(v, func(res uint32, p []byte) error {
			for len(want) > 0 && residue(want[0]) < res {
				want = want[1:]
			}
			switch {
			case len(want) == 0:
				return errDone
			case residue(want[0]) > res:
				return nil
			}
			want = want[1:]
			return fn(bucket<<residueBits|uint64(res), p)
		})
		closer.Close()
		if err != nil && err != errDone {
			return err
		}
	}
	return nil
}

// errDone stops an eachGroup that has found what it looked for.
var errDone = errors.New("archive: done")
