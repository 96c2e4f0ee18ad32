package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/copydesk/copydesk/reuse"
	"github.com/copydesk/copydesk/shingle"
)

// Defaults of Options.
const (
	// DefaultWindow is the winnowing window: with shingles of 6 words, two
	// documents sharing a run of 8 words (reuse.DefaultMinWords) within a
	// sentence share a fingerprint.
	DefaultWindow = 3
	// DefaultBatch is the most documents a committed batch holds, and
	// DefaultBatchBytes the most text: larger batches add faster (the
	// postings of one fingerprint in a batch are one merge operand), and
	// a crash loses more of an add's progress.
	DefaultBatch      = 25000
	MaxBatch          = 1 << docBits // the most Options.Batch may be
	DefaultBatchBytes = 96 << 20
	// DefaultCacheBytes is the store's block cache.
	DefaultCacheBytes = 128 << 20
)

// Options configures Open. The zero value means the defaults.
type Options struct {
	// Create makes a new archive when there is none at the path.
	Create bool
	// ReadOnly opens the archive for Check, Stats and Verify only.
	ReadOnly bool
	// Shingle and Window are the words per shingle and the winnowing
	// window of a new archive (an existing one keeps its own); 0 means
	// shingle.DefaultK and DefaultWindow.
	Shingle, Window int
	Batch           int    // the most documents a committed batch holds, up to MaxBatch; 0 means DefaultBatch
	BatchBytes      int    // the most text a committed batch holds, in bytes; 0 means DefaultBatchBytes
	Workers         int    // 0 means runtime.GOMAXPROCS(0)
	CacheBytes      int64  // the store's block cache; 0 means DefaultCacheBytes
	fs              vfs.FS // the store's file system, for tests that make it fail; nil means the disk's
	memTable        int    // the store's memtable in bytes, for tests; 0 means 32 MB
	// snapshotEvery and snapshotKeep are, for tests, how often the writer
	// publishes snapshots and how long it keeps them; 0 means the
	// defaults (readers.go), snapshotEvery < 0 at every commit.
	snapshotEvery, snapshotKeep time.Duration
}

// Archive is an open archive. Its methods may be called from several
// goroutines: adds and removes take turns, and each check reads a
// snapshot, which writes made after it began do not change.
type Archive struct {
	db    *pebble.DB
	cache *pebble.Cache
	opts  Options
	path  string
	fs    vfs.FS // the store's file system
	po    *pebble.Options
	wrote bool // a batch was committed
	// published is when the writer last published a snapshot for
	// readers in other processes (readers.go); snapshot is the time of
	// the snapshot a reader reads, zero if it reads the archive itself.
	published, snapshot time.Time
	later               *time.Timer // a publication put off (held by mu)
	shingle             int
	window              int
	mu                  sync.Mutex // held by the writer
	closed              bool
	failed              error // the store's failure, after which it is not used
}

// ErrNoArchive is returned by Open when there is no archive at the path
// and Options.Create is not set.
var ErrNoArchive = errors.New("archive: no archive there")

// Open opens the archive at path, a folder, creating it if asked.
func Open(path string, opts Options) (*Archive, error) {
	if opts.Batch <= 0 {
		opts.Batch = DefaultBatch
	}
	opts.Batch = min(opts.Batch, MaxBatch)
	if opts.BatchBytes <= 0 {
		opts.BatchBytes = DefaultBatchBytes
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.CacheBytes <= 0 {
		opts.CacheBytes = DefaultCacheBytes
	}
	exists, err := isArchive(path)
	if err != nil {
		return nil, err
	}
	if !exists && (!opts.Create || opts.ReadOnly) {
		return nil, fmt.Errorf("%w: %s", ErrNoArchive, path)
	}
	cache := pebble.NewCache(opts.CacheBytes)
	po := &pebble.Options{Merger: merger, Cache: cache, ReadOnly: opts.ReadOnly, Logger: quiet{}, FS: opts.fs}
	// Larger memtables and levels than the defaults: postings arrive as
	// many small merge operands, which a memtable flush combines and each
	// compaction rewrites.
	po.MemTableSize = 32 << 20
	if opts.memTable > 0 {
		po.MemTableSize = uint64(opts.memTable)
	}
	po.MemTableStopWritesThreshold = 4
	po.CompactionConcurrencyRange = func() (int, int) { return 1, 2 }
	po.TargetFileSizes[0] = 16 << 20
	// Texts go to blob files that compactions of the keys do not rewrite
	// (value separation).
	po.FormatMajorVersion = pebble.FormatValueSeparation
	po.Experimental.EnableColumnarBlocks = func() bool { return true }
	po.Experimental.ValueSeparationPolicy = func() pebble.ValueSeparationPolicy {
		return pebble.ValueSeparationPolicy{Enabled: true, MinimumSize: 512, MaxBlobReferenceDepth: 10,
			RewriteMinimumAge: 5 * time.Minute, TargetGarbageRatio: 0.2}
	}
	po.EnsureDefaults()
	po.ApplyCompressionSettings(func() pebble.DBCompressionSettings { return pebble.DBCompressionGood })
	for i := range po.Levels {
		po.Levels[i].BlockSize = 16 << 10
		po.Levels[i].FilterPolicy = bloom.FilterPolicy(10)
	}
	db, err := pebble.Open(path, po)
	var snapshot time.Time
	if err != nil && opts.ReadOnly && opts.fs == nil && locked(err) {
		// Another process writes the archive: read its newest snapshot.
		if snap, t := newestSnapshot(path); snap != "" {
			po.FS = unlocked{vfs.Default}
			if db, err = pebble.Open(snap, po); err == nil {
				snapshot = t
			}
		}
	}
	if err != nil {
		cache.Unref()
		if strings.Contains(err.Error(), "merger name from file") { // made by a copydesk of another format
			return nil, fmt.Errorf("archive: %s has another format than %d, which this copydesk reads: build it again from its sources (%w)", path, FormatVersion, err)
		}
		return nil, fmt.Errorf("archive: opening %s: %w", path, err)
	}
	a := &Archive{db: db, cache: cache, opts: opts, path: path, fs: po.FS, po: po, snapshot: snapshot}
	m, err := a.meta(db)
	switch {
	case err == nil:
	case errors.Is(err, pebble.ErrNotFound) && !opts.ReadOnly:
		m = meta{Format: FormatVersion, Fingerprints: reuse.FingerprintVersion, Shingle: opts.Shingle, Window: opts.Window}
		if m.Shingle <= 0 {
			m.Shingle = shingle.DefaultK
		}
		if m.Window <= 0 {
			m.Window = DefaultWindow
		}
		err = a.writeMeta(m)
	}
	if err == nil {
		err = m.usable(path)
	}
	if err != nil {
		a.Close()
		return nil, err
	}
	a.shingle, a.window = m.Shingle, m.Window
	a.publish(a.every())
	return a, nil
}

// locked reports whether err says the store is locked by a process.
func locked(err error) bool {
	return errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EACCES) || strings.Contains(err.Error(), "lock held")
}

// isArchive reports whether path holds a store (a folder with Pebble's
// manifest marker), and fails if it is something else that exists.
func isArchive(path string) (bool, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("archive: %w", err)
	case !fi.IsDir():
		return false, fmt.Errorf("archive: %s is a file, not an archive (a folder)", path)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return false, fmt.Errorf("archive: %w", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "marker.manifest.") {
			return true, nil
		}
	}
	if len(entries) > 0 {
		return false, fmt.Errorf("archive: %s is a folder that holds no archive and is not empty", path)
	}
	return false, nil
}

func (m meta) usable(path string) error {
	switch {
	case m.Format != FormatVersion:
		return fmt.Errorf("archive: %s has format %d; this copydesk reads format %d: build it again from its sources", path, m.Format, FormatVersion)
	case m.Fingerprints != reuse.FingerprintVersion:
		return fmt.Errorf("archive: %s was built with fingerprints of version %d; this copydesk makes version %d: build it again", path, m.Fingerprints, reuse.FingerprintVersion)
	case m.Shingle < 1 || m.Window < 1:
		return fmt.Errorf("archive: %s: shingle %d and window %d are not usable", path, m.Shingle, m.Window)
	}
	return nil
}

// Close closes the archive; closing it again does nothing.
func (a *Archive) Close() error {
	a.mu.Lock()
	if a.later != nil {
		a.later.Stop()
	}
	closed := a.closed
	a.closed = true
	a.mu.Unlock()
	if closed {
		return nil
	}
	if a.failed != nil { // the store stopped: close it for its lock, ignoring what else fails
		func() {
			defer func() { recover() }()
			a.db.Close()
		}()
		a.cache.Unref()
		return nil
	}
	err := a.db.Close()
	if err == nil && a.wrote {
		err = a.dropLogs()
	}
	if !a.opts.ReadOnly {
		a.dropSnapshots(time.Now(), true)
	}
	a.cache.Unref()
	if err != nil {
		return fmt.Errorf("archive: closing %s: %w", a.path, err)
	}
	return nil
}

// dropLogs deletes the write-ahead logs that the closed store kept to
// reuse, each as large as the largest batch it logged (up to
// BatchBytes): it opens the store again, which deletes the logs its
// tables have made obsolete, and closes it.
func (a *Archive) dropLogs() error {
	db, err := pebble.Open(a.path, a.po)
	if err != nil {
		return err
	}
	return db.Close()
}

// reader is what reads the store: the store itself, or a snapshot.
type reader interface {
	Get(key []byte) ([]byte, io.Closer, error)
	NewIter(o *pebble.IterOptions) (*pebble.Iterator, error)
}

// get returns a copy of the value of key, or nil and ErrNotFound.
func get(r reader, key []byte) ([]byte, error) {
	v, c, err := r.Get(key)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return append([]byte(nil), v...), nil
}

func (a *Archive) meta(r reader) (meta, error) {
	var m meta
	v, err := get(r, metaKey)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(v, &m); err != nil {
		return m, fmt.Errorf("archive: the meta record is damaged: %w", err)
	}
	return m, nil
}

func (a *Archive) writeMeta(m meta) error {
	b := a.db.NewBatch()
	defer b.Close()
	if err := setMeta(b, m); err != nil {
		return err
	}
	return a.commit(b)
}

func setMeta(b *pebble.Batch, m meta) error {
	js, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return b.Set(metaKey, js, nil)
}

// commit commits a batch with a sync, and then publishes a snapshot for
// readers if it is time (a failure to, after the commit, is not the
// commit's).
func (a *Archive) commit(b *pebble.Batch) error {
	if err := a.commitBatch(b); err != nil {
		return err
	}
	a.publish(a.every())
	return nil
}

func (a *Archive) commitBatch(b *pebble.Batch) (err error) {
	if a.failed != nil {
		return a.failed
	}
	defer a.recoverFailure(&err)
	a.wrote = true
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("archive: writing %s: %w", a.path, err)
	}
	return nil
}

// removed reads the set of removed documents.
func removedSet(r reader) (*roaring.Bitmap, error) {
	bm := roaring.New()
	v, err := get(r, removedKey)
	switch {
	case errors.Is(err, pebble.ErrNotFound):
		return bm, nil
	case err != nil:
		return nil, err
	}
	if err := bm.UnmarshalBinary(v); err != nil {
		return nil, fmt.Errorf("archive: the removed set is damaged: %w", err)
	}
	return bm, nil
}

// quiet is the store's logger: a library does not log. The store calls
// Fatalf on an error it cannot go on from, such as a failed write of its
// log (a full disk); quiet panics with a storeFailure, which commit
// turns into the archive's error.
type quiet struct{}

func (quiet) Infof(string, ...any)  {}
func (quiet) Errorf(string, ...any) {}
func (quiet) Fatalf(format string, args ...any) {
	f := storeFailure{msg: fmt.Sprintf(format, args...)}
	for _, a := range args {
		if err, ok := a.(error); ok {
			f.cause = err
		}
	}
	panic(f)
}

// storeFailure is a failure of the store it cannot go on from.
type storeFailure struct {
	msg   string
	cause error
}

func (f storeFailure) Error() string { return f.msg }
func (f storeFailure) Unwrap() error { return f.cause }

// recoverFailure turns a storeFailure panic into *err, and marks the
// archive failed: its store is not used again. Other panics go on.
func (a *Archive) recoverFailure(err *error) {
	r := recover()
	if r == nil {
		return
	}
	f, ok := r.(storeFailure)
	if !ok {
		panic(r)
	}
	a.failed = fmt.Errorf("archive: writing %s: %w (the archive is as it was before this batch)", a.path, f)
	*err = a.failed
}
