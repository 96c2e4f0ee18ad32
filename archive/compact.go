package archive

import (
	"context"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
)

// CompactResult is what a Compact did.
type CompactResult struct {
	Dropped int // removed or replaced documents whose postings were dropped
	Buckets int // buckets of postings rewritten
}

// compactBatch is how many bytes of rewritten buckets a Compact commits
// at a time.
const compactBatch = 32 << 20

// Compact drops the postings of the documents removed or replaced (which
// checks pass over until then), empties the removed set, and has the
// store compact all its keys, so that the space of the dropped postings
// and texts comes back. It rewrites the buckets that name a removed
// document a batch at a time: a crash between batches leaves an archive
// whose removed documents are still passed over, and a second Compact
// completes the job. Checks go on meanwhile; adds wait. The files the
// compaction made obsolete are deleted by the time Close returns.
func (a *Archive) Compact() (CompactResult, error) {
	var res CompactResult
	if a.opts.ReadOnly {
		return res, fmt.Errorf("archive: %s is open read-only", a.path)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	removed, err := removedSet(a.db)
	if err != nil {
		return res, err
	}
	if !removed.IsEmpty() {
		if res.Buckets, err = a.dropPostings(removed); err != nil {
			return res, err
		}
		if err := a.dropZeroCounts(); err != nil {
			return res, err
		}
		m, err := a.meta(a.db)
		if err != nil {
			return res, err
		}
		res.Dropped, m.Removed = m.Removed, 0
		b := a.db.NewBatch()
		defer b.Close()
		if err := b.Delete(removedKey, nil); err != nil {
			return res, err
		}
		if err := setMeta(b, m); err != nil {
			return res, err
		}
		if err := a.commit(b); err != nil {
			return res, err
		}
	}
	return res, a.compactAll()
}

// dropZeroCounts deletes the line counts that removals brought to zero
// (countMerger keeps them).
func (a *Archive) dropZeroCounts() error {
	it, err := a.db.NewIter(&pebble.IterOptions{LowerBound: []byte{kindLine}, UpperBound: []byte{kindLine + 1}})
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	defer it.Close()
	b := a.db.NewBatch()
	defer b.Close()
	for it.First(); it.Valid(); it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return fmt.Errorf("archive: %w", err)
		}
		if readCount(v) == 0 {
			if err := b.Delete(it.Key(), nil); err != nil {
				return err
			}
		}
	}
	if err := it.Error(); err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	return a.commit(b)
}

// dropPostings rewrites every bucket that names a document of removed
// without it, and returns how many it rewrote.
func (a *Archive) dropPostings(removed *roaring.Bitmap) (int, error) {
	it, err := a.db.NewIter(&pebble.IterOptions{LowerBound: []byte{kindPostings}, UpperBound: []byte{kindPostings + 1}})
	if err != nil {
		return 0, fmt.Errorf("archive: %w", err)
	}
	defer it.Close()
	b := a.db.NewBatch()
	defer func() { b.Close() }()
	rewritten := 0
	var val []byte
	for it.First(); it.Valid(); it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return rewritten, fmt.Errorf("archive: %w", err)
		}
		var changed bool
		if val, changed, err = withoutRemoved(val[:0], v, removed); err != nil {
			return rewritten, fmt.Errorf("archive: bucket %x: %w", it.Key()[1:], err)
		}
		if !changed {
			continue
		}
		if len(val) == 0 {
			err = b.Delete(it.Key(), nil)
		} else {
			err = b.Set(it.Key(), val, nil)
		}
		if err != nil {
			return rewritten, err
		}
		rewritten++
		if b.Len() >= compactBatch {
			if err := a.commit(b); err != nil {
				return rewritten, err
			}
			b.Close()
			b = a.db.NewBatch()
		}
	}
	if err := it.Error(); err != nil {
		return rewritten, fmt.Errorf("archive: %w", err)
	}
	return rewritten, a.commit(b)
}

// withoutRemoved appends to dst bucket value v less the documents of
// removed, and reports whether any was; a group left with none goes.
func withoutRemoved(dst, v []byte, removed *roaring.Bitmap) ([]byte, bool, error) {
	changed := false
	var prev uint32
	var p []byte
	err := eachGroup(v, func(res uint32, postings []byte) error {
		bm, err := readPostings(postings)
		if err != nil {
			return err
		}
		if !bm.Intersects(removed) {
			dst = appendGroup(dst, prev, res, postings)
			prev = res
			return nil
		}
		changed = true
		bm.AndNot(removed)
		if bm.IsEmpty() {
			return nil
		}
		p = appendPostings(p[:0], bm.ToArray())
		dst = appendGroup(dst, prev, res, p)
		prev = res
		return nil
	})
	return dst, changed, err
}

// compactAll has the store compact every key.
func (a *Archive) compactAll() (err error) {
	defer a.recoverFailure(&err)
	if err := a.db.Compact(context.Background(), []byte{0}, []byte{0xff}, true); err != nil {
		return fmt.Errorf("archive: compacting %s: %w", a.path, err)
	}
	return nil
}
