package archive

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/cockroachdb/pebble/v2/vfs/errorfs"

	"github.com/copydesk/copydesk/corpus"
)

// TestDiskFull fills the disk under an add: every write fails with
// ENOSPC. The add fails with an error that says so, and the archive,
// reopened on a disk with room, holds what it held before, whole.
func TestDiskFull(t *testing.T) {
	docs := make([]corpus.Doc, 40)
	for i := range docs {
		docs[i] = corpus.Doc{ID: strings.Repeat("d", 1+i%3) + string(rune('a'+i%26)) + strings.Repeat("x", i/26),
			Outlet: "Wire", Text: []byte(strings.Repeat("The minister said on Monday that the talks would resume in the spring. ", 3) + "Story " + strings.Repeat("word ", i+10))}
	}
	full := &errorfs.Toggle{Injector: errorfs.InjectorFunc(func(op errorfs.Op) error {
		if op.Kind.ReadOrWrite() == errorfs.OpIsWrite {
			return &vfsError{syscall.ENOSPC}
		}
		return nil
	})}
	path := filepath.Join(t.TempDir(), "archive")
	a, err := Open(path, Options{Create: true, Batch: 10, fs: errorfs.Wrap(vfs.Default, full)})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := a.Add(corpus.Docs(docs[:20])); err != nil || res.Added != 20 {
		t.Fatalf("add before the disk is full: %+v, %v", res, err)
	}
	full.On()
	res, err := a.Add(corpus.Docs(docs[20:]))
	if err == nil || !errors.Is(err, syscall.ENOSPC) || !strings.HasPrefix(err.Error(), "archive: writing "+path) {
		t.Errorf("add on a full disk: %v, want archive: writing %s: ... no space left on device", err, path)
	}
	if res.Added != 0 {
		t.Errorf("add on a full disk counts %d documents added, none committed", res.Added)
	}
	a.Close() // may fail too: the disk is full
	b, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	v, err := b.Verify()
	if err != nil || len(v.Problems) > 0 || v.Documents != 20 {
		t.Fatalf("after the full disk: %d documents, problems %q, %v; want the 20 added before", v.Documents, v.Problems, err)
	}
	b.Close()

	// On a read-only disk, opening to write fails, saying why; the
	// archive opens read-only and is as it was.
	readOnly := errorfs.InjectorFunc(func(op errorfs.Op) error {
		if op.Kind.ReadOrWrite() == errorfs.OpIsWrite || op.Kind == errorfs.OpLock {
			return &vfsError{syscall.EROFS}
		}
		return nil
	})
	_, err = Open(path, Options{fs: errorfs.Wrap(vfs.Default, readOnly)})
	if err == nil || !errors.Is(err, syscall.EROFS) || !strings.HasPrefix(err.Error(), "archive: opening "+path) {
		t.Errorf("opening on a read-only disk: %v, want archive: opening %s: ... read-only file system", err, path)
	}
	c, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if st, err := c.Stats(); err != nil || st.Documents != 20 {
		t.Errorf("after the read-only disk: %+v, %v", st, err)
	}
}

type vfsError struct{ errno syscall.Errno }

func (e *vfsError) Error() string { return "injected: " + e.errno.Error() }
func (e *vfsError) Unwrap() error { return e.errno }
