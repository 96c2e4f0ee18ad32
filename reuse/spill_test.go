package reuse

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

// TestSpillErrors: a spill that cannot be made or read back fails the scan
// with an error that says so and names the document.
func TestSpillErrors(t *testing.T) {
	docs := []corpus.Doc{{ID: "a", Text: []byte("one two three four five six seven eight")}}
	_, err := Scan(corpus.Docs(docs), Options{TempDir: filepath.Join(t.TempDir(), "missing")})
	if err == nil || !strings.HasPrefix(err.Error(), "reuse: spilling text") {
		t.Errorf("Scan with a missing TempDir: err %v, want a spilling error", err)
	}

	sp, err := newSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	d := &docState{doc: docs[0]}
	if err := sp.spill(d); err != nil || d.doc.Text != nil {
		t.Fatalf("spill: err %v, text %q left in memory", err, d.doc.Text)
	}
	sp.close()
	if err := sp.load(d); err == nil || !strings.Contains(err.Error(), "text of a") {
		t.Errorf("load from a closed spill: err %v, want one naming the document", err)
	}
	var none *textSpill // spills nothing
	d = &docState{doc: docs[0]}
	if err := none.spill(d); err != nil || d.doc.Text == nil {
		t.Errorf("nil spill: err %v, text %q", err, d.doc.Text)
	}
}
