package archive

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/corpus"
)

// TestReadersBesideWriter opens an archive for reading while it is open
// for writing (as another process would): the reader reads the newest
// snapshot the writer published, whole and unchanged by the adds after
// it; a reader opened after an add reads it; old snapshots go, and all
// once the writer closes, when readers read the archive itself.
func TestReadersBesideWriter(t *testing.T) {
	wire := strings.Repeat("The minister said on Monday that the talks on the new treaty would resume in the spring in Geneva. ", 2)
	docs := make([]corpus.Doc, 30)
	for i := range docs {
		docs[i] = corpus.Doc{ID: fmt.Sprint("doc-", i), Outlet: fmt.Sprint("Outlet ", i%4),
			Text: []byte(fmt.Sprintf("Story %d opens with words of its own about harbour %d. ", i, i) + wire)}
	}
	path := filepath.Join(t.TempDir(), "archive")
	w, err := Open(path, Options{Create: true, snapshotEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Add(corpus.Docs(docs[:10])); err != nil {
		t.Fatal(err)
	}
	documents := func(a *Archive) int {
		t.Helper()
		st, err := a.Stats()
		if err != nil {
			t.Fatal(err)
		}
		return st.Documents
	}
	r1, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("a reader beside the writer: %v", err)
	}
	defer r1.Close()
	if r1.Snapshot().IsZero() || documents(r1) != 10 {
		t.Fatalf("the reader reads snapshot %v, %d documents; want a snapshot of 10", r1.Snapshot(), documents(r1))
	}
	if _, err := w.Add(corpus.Docs(docs[10:20])); err != nil {
		t.Fatal(err)
	}
	ch, err := r1.Check(corpus.Docs(docs[20:21]), CheckOptions{})
	if err != nil || ch.Report.Archive.Documents != 10 || ch.Report.Archive.Read != 10 {
		t.Fatalf("the first reader's check, after another add: %+v, %v; want 10 documents, all read", ch.Report.Archive, err)
	}
	r2, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := documents(r2); n != 20 {
		t.Errorf("a reader opened after the second add reads %d documents, want 20", n)
	}
	r1.Close()
	r2.Close()
	if names, _ := snapshots(filepath.Join(path, readersDir)); len(names) < 2 {
		t.Errorf("%d snapshots kept, want those of the last %v", len(names), snapshotKeep)
	}
	w.opts.snapshotKeep = time.Nanosecond
	if _, err := w.Add(corpus.Docs(docs[20:])); err != nil {
		t.Fatal(err)
	}
	if names, _ := snapshots(filepath.Join(path, readersDir)); len(names) != 1 {
		t.Errorf("%d snapshots kept, want the newest alone", len(names))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if names, _ := snapshots(filepath.Join(path, readersDir)); len(names) != 0 {
		t.Errorf("the writer closed, %d snapshots are kept, want none", len(names))
	}
	r3, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r3.Close()
	if !r3.Snapshot().IsZero() || documents(r3) != 30 {
		t.Errorf("with no writer, a reader reads snapshot %v, %d documents; want the archive, 30", r3.Snapshot(), documents(r3))
	}
}

// TestPublishPutOff commits twice within snapshotEvery: the second commit
// is published once the time comes, though no commit follows it.
func TestPublishPutOff(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive")
	w, err := Open(path, Options{Create: true, snapshotEvery: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	doc := corpus.Doc{ID: "a", Text: []byte("The minister said on Monday that the talks on the new treaty would resume in the spring.")}
	if _, err := w.Add(corpus.Docs([]corpus.Doc{doc})); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		r, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		st, err := r.Stats()
		r.Close()
		if err == nil && st.Documents == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the add was not published for readers: %+v, %v", st, err)
		}
	}
}
