package archive

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

// TestCloseDropsLogs adds batches larger than the store's memtable, each
// written to a log of its own, and closes the archive: it keeps its last
// log only, not those the store kept to reuse (each as large as a batch).
func TestCloseDropsLogs(t *testing.T) {
	docs := make([]corpus.Doc, 300)
	for i := range docs {
		docs[i] = corpus.Doc{ID: fmt.Sprint("doc-", i), Outlet: "Wire",
			Text: []byte(strings.Repeat(fmt.Sprintf("Story %d says the minister spoke on Monday about the talks in the spring. ", i), 30))}
	}
	path := filepath.Join(t.TempDir(), "archive")
	a, err := Open(path, Options{Create: true, Batch: 100, memTable: 256 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := a.Add(corpus.Docs(docs)); err != nil || res.Added != len(docs) {
		t.Fatalf("add: %+v, %v", res, err)
	}
	logs, _ := filepath.Glob(filepath.Join(path, "*.log"))
	if len(logs) < 2 {
		t.Fatalf("open after the add, the archive has %d logs: the test writes no batch to a log of its own", len(logs))
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if logs, _ = filepath.Glob(filepath.Join(path, "*.log")); len(logs) != 1 {
		t.Errorf("closed, the archive keeps %d logs: %v", len(logs), logs)
	}
	b, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if st, err := b.Stats(); err != nil || st.Documents != len(docs) {
		t.Errorf("reopened: %+v, %v", st, err)
	}
}
