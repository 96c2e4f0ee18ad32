package archive

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// Readers beside the writer. The store lets one process open it: it locks
// the folder, and a process that read its files while another compacts
// them would find some gone. So that other processes can check an
// archive while one adds to it, the writer publishes snapshots of the
// store: when it opens, and after a commit at most every snapshotEvery,
// it makes a checkpoint of the store (hard links to its files, a copy of
// its manifest and log) in the folder readersDir, named by the time in
// nanoseconds. An Open for reading that finds the archive locked opens
// the newest snapshot instead, taking no lock (nothing writes a
// snapshot), and says so (Archive.Snapshot): it reads the archive as it
// was then, whole batches only. The writer deletes the snapshots older
// than snapshotKeep but the newest, so that a reader that opened one has
// time to finish, and, as it closes, all of them: readers then read the
// archive itself (one still reading a snapshot may then fail, and can
// check again). A snapshot keeps the files of the store it links, which
// the store's compactions would have deleted: the fewer snapshots, the
// less disk.
const (
	readersDir    = "readers"
	snapshotEvery = 30 * time.Second
	snapshotKeep  = time.Minute
)

// publish makes a snapshot of the store for readers in other processes,
// if the last is older than every (or always, for every 0), and deletes
// the old ones. A snapshot that cannot be made is left out: readers read
// an older one, and the writer's own work goes on.
func (a *Archive) publish(every time.Duration) {
	now := time.Now()
	if a.opts.ReadOnly || a.failed != nil {
		return
	}
	var failure error // the store's, which marks the archive failed
	defer a.recoverFailure(&failure)
	if wait := every - now.Sub(a.published); wait > 0 {
		// Too soon: publish once it is time, unless a commit does first,
		// so that the last commit is published too.
		if a.later == nil {
			a.later = time.AfterFunc(wait, func() {
				a.mu.Lock()
				defer a.mu.Unlock()
				a.later = nil
				if !a.closed && a.failed == nil {
					a.publish(0)
				}
			})
		}
		return
	}
	if a.later != nil {
		a.later.Stop()
		a.later = nil
	}
	dir := filepath.Join(a.path, readersDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	name := strconv.FormatInt(now.UnixNano(), 10)
	tmp := filepath.Join(dir, "making-"+name)
	// Flushed first, the store's log is short: a checkpoint copies the
	// log, where it links the tables.
	if err := a.db.Flush(); err != nil {
		return
	}
	if err := a.db.Checkpoint(tmp, pebble.WithFlushedWAL()); err != nil {
		os.RemoveAll(tmp)
		return
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		os.RemoveAll(tmp)
		return
	}
	a.published = now
	a.dropSnapshots(now, false)
}

// dropSnapshots deletes the snapshots older than snapshotKeep but the
// newest (all of them if all), and those left half made.
func (a *Archive) dropSnapshots(now time.Time, all bool) {
	dir := filepath.Join(a.path, readersDir)
	names, times := snapshots(dir)
	for i, name := range names {
		if all || i < len(names)-1 && now.Sub(times[i]) > a.keep() {
			os.RemoveAll(filepath.Join(dir, name))
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if stamp, ok := strings.CutPrefix(e.Name(), "making-"); ok {
			if t, err := strconv.ParseInt(stamp, 10, 64); err == nil && now.Sub(time.Unix(0, t)) > time.Minute {
				os.RemoveAll(filepath.Join(dir, e.Name()))
			}
		}
	}
}

func (a *Archive) every() time.Duration {
	switch {
	case a.opts.snapshotEvery < 0:
		return 0
	case a.opts.snapshotEvery > 0:
		return a.opts.snapshotEvery
	}
	return snapshotEvery
}

func (a *Archive) keep() time.Duration {
	if a.opts.snapshotKeep > 0 {
		return a.opts.snapshotKeep
	}
	return snapshotKeep
}

// snapshots lists the snapshots in dir, oldest first, with their times.
func snapshots(dir string) ([]string, []time.Time) {
	entries, _ := os.ReadDir(dir)
	var ns []int64
	for _, e := range entries {
		if t, err := strconv.ParseInt(e.Name(), 10, 64); err == nil && e.IsDir() {
			ns = append(ns, t)
		}
	}
	slices.Sort(ns)
	names, times := make([]string, len(ns)), make([]time.Time, len(ns))
	for i, t := range ns {
		names[i], times[i] = strconv.FormatInt(t, 10), time.Unix(0, t)
	}
	return names, times
}

// newestSnapshot returns the newest snapshot of the archive at path, and
// its time, or "" if there is none.
func newestSnapshot(path string) (string, time.Time) {
	dir := filepath.Join(path, readersDir)
	names, times := snapshots(dir)
	if len(names) == 0 {
		return "", time.Time{}
	}
	return filepath.Join(dir, names[len(names)-1]), times[len(times)-1]
}

// Snapshot returns, for an archive opened for reading while another
// process held it for writing, the time of the snapshot it reads; the
// zero time if it reads the archive itself.
func (a *Archive) Snapshot() time.Time { return a.snapshot }

// unlocked is a file system whose locks lock nothing: a snapshot is read
// by any number of processes, and written by none.
type unlocked struct{ vfs.FS }

func (unlocked) Lock(string) (io.Closer, error) { return noClose{}, nil }

type noClose struct{}

func (noClose) Close() error { return nil }
