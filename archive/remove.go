package archive

import (
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// RemoveResult is what a Remove did.
type RemoveResult struct {
	Removed int      // documents removed
	Missing []string // ids that no archived document has
}

// Remove removes the documents of ids from the archive (corrections,
// retractions), in one commit. Their postings stay until the archive is
// rebuilt, and Check passes over them.
func (a *Archive) Remove(ids []string) (RemoveResult, error) {
	var res RemoveResult
	if a.opts.ReadOnly {
		return res, fmt.Errorf("archive: %s is open read-only", a.path)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	m, err := a.meta(a.db)
	if err != nil {
		return res, err
	}
	removed, err := removedSet(a.db)
	if err != nil {
		return res, err
	}
	b := a.db.NewBatch()
	defer b.Close()
	w := batchWriter{b: b, m: &m, removed: removed}
	done := map[string]bool{}
	for _, id := range ids {
		if done[id] { // named twice: the batch removes it once
			continue
		}
		v, err := get(a.db, idKey(id))
		switch {
		case errors.Is(err, pebble.ErrNotFound):
			res.Missing = append(res.Missing, id)
			continue
		case err != nil:
			return res, fmt.Errorf("archive: %w", err)
		}
		n, err := docNumber(v)
		if err != nil {
			return res, err
		}
		old, err := loadDoc(a.db, n)
		if err != nil {
			return res, fmt.Errorf("archive: document %q: %w", id, err)
		}
		if err := w.remove(n, old); err != nil {
			return res, err
		}
		done[id] = true
		res.Removed++
	}
	if res.Removed == 0 {
		return res, nil
	}
	if err := w.finish(); err != nil {
		return res, err
	}
	return res, a.commit(b)
}
