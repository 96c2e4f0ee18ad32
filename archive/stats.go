package archive

import (
	"fmt"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// Stats describes an archive.
type Stats struct {
	Format       int    // FormatVersion of the archive
	Fingerprints int    // its fingerprints' version (reuse.FingerprintVersion)
	Shingle      int    // words per shingle
	Window       int    // the winnowing window
	Documents    int    // live documents
	Removed      int    // documents removed or replaced, whose postings stay
	Added        uint32 // documents ever added (the next document number)
	TextBytes    int64  // the live documents' text
	DiskBytes    uint64 // the archive's folder: the store's files, its log and the logs it keeps to reuse
}

// Stats reads the archive's statistics from its meta record and the
// store; it reads no document.
func (a *Archive) Stats() (Stats, error) {
	m, err := a.meta(a.db)
	if err != nil {
		return Stats{}, err
	}
	disk, err := diskBytes(a.fs, a.path)
	if err != nil {
		return Stats{}, err
	}
	return Stats{Format: m.Format, Fingerprints: m.Fingerprints, Shingle: m.Shingle, Window: m.Window,
		Documents: m.Documents, Removed: m.Removed, Added: m.Next, TextBytes: m.TextBytes,
		DiskBytes: disk}, nil
}

// Settle waits until the store has run the compactions it wants to run,
// that is until none has been running for half a second: the state in
// which an archive that adds nothing answers checks fastest. An add
// leaves the store compacting for a while; a process that adds a large
// batch and exits can settle it first, so that the checks after it do
// not share the machine with those compactions.
func (a *Archive) Settle() {
	for idle := 0; idle < 10; time.Sleep(50 * time.Millisecond) {
		m := a.db.Metrics()
		if m.Compact.NumInProgress > 0 || m.Flush.NumInProgress > 0 {
			idle = 0
		} else {
			idle++
		}
	}
}

// DiskBytes sums the sizes of the files in the archive's folder at path,
// as du would count them: the store's files, its log and the logs it
// keeps while open to reuse them (Close deletes those).
func DiskBytes(path string) (uint64, error) { return diskBytes(vfs.Default, path) }

func diskBytes(fs vfs.FS, path string) (uint64, error) {
	names, err := fs.List(path)
	if err != nil {
		return 0, fmt.Errorf("archive: %w", err)
	}
	var n uint64
	for _, name := range names {
		fi, err := fs.Stat(fs.PathJoin(path, name))
		if err != nil {
			continue // deleted meanwhile
		}
		if !fi.IsDir() {
			n += uint64(fi.Size())
		}
	}
	return n, nil
}
