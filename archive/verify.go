package archive

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cespare/xxhash/v2"
	"github.com/cockroachdb/pebble/v2"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/reuse"
)

// VerifyResult is what Verify found.
type VerifyResult struct {
	mu        sync.Mutex
	Documents int // live documents read
	Postings  int // fingerprints with postings read
	// Problems says what is wrong, at most maxProblems of it; More
	// counts the rest.
	Problems []string
	More     int
}

const maxProblems = 100

func (v *VerifyResult) problem(format string, a ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.Problems) < maxProblems {
		v.Problems = append(v.Problems, fmt.Sprintf(format, a...))
	} else {
		v.More++
	}
}

// Verify checks every invariant of the archive, on a snapshot:
//   - the meta record is readable, and its counts are the documents';
//   - every id leads to a document of that id, and every document is
//     reached from its id;
//   - every document's record is whole: its text sums as when it was
//     added, and its fingerprints, made again, are all in their postings;
//   - every posting names a live or a removed document, and no removed
//     document is live;
//   - every outlet's line count is the number of its live documents that
//     carry the line.
//
// It reads the whole archive. An error is a failure to read it; what is
// wrong with what it read is in Problems.
func (a *Archive) Verify() (*VerifyResult, error) {
	snap := a.db.NewSnapshot()
	defer snap.Close()
	v := &VerifyResult{}
	m, err := a.meta(snap)
	if err != nil {
		return nil, err
	}
	if err := m.usable(a.path); err != nil {
		v.problem("%v", err)
		return v, nil
	}
	removed, err := removedSet(snap)
	if err != nil {
		v.problem("%v", err)
		removed = roaring.New()
	}
	live := roaring.New()
	lines := map[[2]uint64]int64{}
	var text int64
	fps := make([]reuse.Fingerprinter, a.opts.Workers)
	for i := range fps {
		fps[i] = reuse.Fingerprinter{K: m.Shingle, Window: m.Window}
	}
	// Documents are read in order and verified a block at a time, in
	// parallel.
	type record struct {
		n uint32
		d corpus.Doc
		h header
	}
	var block []record
	flush := func() {
		parallel.Chunks(len(block), 8, a.opts.Workers, func(w, lo, hi int) {
			for _, r := range block[lo:hi] {
				a.verifyDoc(snap, v, &fps[w], r.n, r.d, r.h, &m, removed)
			}
		})
		block = block[:0]
	}
	err = each(snap, kindDoc, func(key, val []byte) error {
		n, err := docNumber(key[1:])
		if err != nil {
			v.problem("a document key of %d bytes", len(key))
			return nil
		}
		d, h, err := decodeDoc(val)
		if err != nil {
			v.problem("document number %d: %v", n, err)
			return nil
		}
		v.Documents++
		live.Add(n)
		text += int64(len(d.Text))
		_ = eachLineCount(d.Outlet, corpus.SiteKeys(nil, d.Text), func(o, k uint64) error {
			lines[[2]uint64{o, k}]++
			return nil
		})
		if block = append(block, record{n, d, h}); len(block) == 256 {
			flush()
		}
		return nil
	})
	flush()
	if err != nil {
		return nil, err
	}
	if v.Documents != m.Documents || text != m.TextBytes || int(removed.GetCardinality()) != m.Removed {
		v.problem("the meta record counts %d documents, %d bytes of text and %d removed; the archive holds %d, %d and %d",
			m.Documents, m.TextBytes, m.Removed, v.Documents, text, removed.GetCardinality())
	}
	if err := a.verifyIDs(snap, v, live); err != nil {
		return nil, err
	}
	if err := a.verifyPostings(snap, v, live, removed, m.Next); err != nil {
		return nil, err
	}
	if err := verifyLines(snap, v, lines); err != nil {
		return nil, err
	}
	return v, nil
}

// verifyDoc checks one document record: its id leads to it, its text is
// whole, it is not removed, and its fingerprints are posted.
func (a *Archive) verifyDoc(r reader, v *VerifyResult, f *reuse.Fingerprinter, n uint32, d corpus.Doc, h header, m *meta, removed *roaring.Bitmap) {
	if xxhash.Sum64(d.Text) != h.TextSum {
		v.problem("document %q (number %d): its text does not sum as when it was added", d.ID, n)
	}
	if n >= m.Next {
		v.problem("document %q has number %d, past the next number %d", d.ID, n, m.Next)
	}
	if removed.Contains(n) {
		v.problem("document %q (number %d) is both live and removed", d.ID, n)
	}
	if id, err := get(r, idKey(d.ID)); err != nil || !bytes.Equal(id, docKey(n)[1:]) {
		v.problem("document %q (number %d) is not the one its id leads to", d.ID, n)
	}
	d.Boilerplate = corpus.Merge(d.Boilerplate, h.Furniture)
	fps, _ := f.Append(nil, d)
	fps = prefixes(fps)
	if len(fps) != h.Fingerprints {
		v.problem("document %q (number %d) makes %d fingerprints; %d were posted", d.ID, n, len(fps), h.Fingerprints)
	}
	posted := 0
	err := lookup(r, fps, func(pre uint64, p []byte) error {
		if bm, err := readPostings(p); err == nil && bm.Contains(n) {
			posted++
		}
		return nil
	})
	if err != nil || posted != len(fps) {
		v.problem("document %q (number %d): %d of its %d fingerprints are not posted for it (%v)", d.ID, n, len(fps)-posted, len(fps), err)
	}
}

// verifyIDs checks that every id leads to a live document.
func (a *Archive) verifyIDs(r reader, v *VerifyResult, live *roaring.Bitmap) error {
	ids := 0
	err := each(r, kindID, func(key, val []byte) error {
		ids++
		n, err := docNumber(val)
		if err != nil || !live.Contains(n) {
			v.problem("id %q leads to no document", key[1:])
		}
		return nil
	})
	if err == nil && ids != int(live.GetCardinality()) {
		v.problem("%d ids for %d documents", ids, live.GetCardinality())
	}
	return err
}

// verifyPostings checks that every posting names a live or removed
// document.
func (a *Archive) verifyPostings(r reader, v *VerifyResult, live, removed *roaring.Bitmap, next uint32) error {
	known := roaring.Or(live, removed)
	return each(r, kindPostings, func(key, val []byte) error {
		if len(key) != 4 {
			v.problem("a bucket key of %d bytes", len(key))
			return nil
		}
		bucket := uint64(key[1])<<16 | uint64(key[2])<<8 | uint64(key[3])
		err := eachGroup(val, func(res uint32, p []byte) error {
			v.Postings++
			fp := bucket<<residueBits | uint64(res)
			bm, err := readPostings(p)
			if err != nil {
				v.problem("postings %010x: %v", fp, err)
				return nil
			}
			if bm.IsEmpty() {
				v.problem("postings %010x name no document", fp)
				return nil
			}
			if bm.AndCardinality(known) != bm.GetCardinality() {
				bm.AndNot(known)
				v.problem("postings %010x name %d documents neither live nor removed (such as number %d; the next number is %d)", fp, bm.GetCardinality(), bm.Minimum(), next)
			}
			return nil
		})
		if err != nil {
			v.problem("bucket %06x: %v", bucket, err)
		}
		return nil
	})
}

// verifyLines checks the outlets' line counts against those of the live
// documents.
func verifyLines(r reader, v *VerifyResult, want map[[2]uint64]int64) error {
	err := each(r, kindLine, func(key, val []byte) error {
		if len(key) != 17 {
			v.problem("a line key of %d bytes", len(key))
			return nil
		}
		k := [2]uint64{binary.BigEndian.Uint64(key[1:9]), binary.BigEndian.Uint64(key[9:])}
		if got := readCount(val); got != want[k] {
			v.problem("outlet %016x line %016x: counted %d, carried by %d documents", k[0], k[1], got, want[k])
		}
		delete(want, k)
		return nil
	})
	for k, n := range want {
		v.problem("outlet %016x line %016x: carried by %d documents, not counted", k[0], k[1], n)
	}
	return err
}

// each calls fn for every key of a kind, in order.
func each(r reader, kind byte, fn func(key, val []byte) error) error {
	it, err := r.NewIter(&pebble.IterOptions{LowerBound: []byte{kind}, UpperBound: []byte{kind + 1}})
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	for it.First(); it.Valid(); it.Next() {
		val, err := it.ValueAndErr()
		if err != nil {
			it.Close()
			return fmt.Errorf("archive: %w", err)
		}
		if err := fn(it.Key(), val); err != nil {
			it.Close()
			return err
		}
	}
	if err := it.Close(); err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	return nil
}
