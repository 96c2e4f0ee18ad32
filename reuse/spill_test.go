package reuse

import (
	"cmp"
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

// TestSpillRoundTrip: texts spilled in order, one spilled again later (as
// a document analysed again for its furniture is) and one never, read
// back, are the texts spilled.
func TestSpillRoundTrip(t *testing.T) {
	sp, err := newSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	var docs []*docState
	var want []string
	for i := range 40 {
		text := strings.Repeat(string(rune('a'+i%26)), 1+i*37%101)
		want = append(want, text)
		docs = append(docs, &docState{doc: corpus.Doc{ID: text[:1], Text: []byte(text)}})
		if i != 7 {
			if err := sp.spill(docs[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := sp.flush(); err != nil {
		t.Fatal(err)
	}
	if err := sp.load(docs[20]); err != nil { // read back, changed, spilled again
		t.Fatal(err)
	}
	want[20] = "changed"
	docs[20].doc.Text = []byte(want[20])
	if err := cmp.Or(sp.spill(docs[20]), sp.flush(), sp.load(docs[3])); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := sp.load(d); err != nil {
			t.Fatal(err)
		}
	}
	for i, d := range docs {
		if string(d.doc.Text) != want[i] || d.spill.out {
			t.Errorf("document %d: text %q (still out: %v), want %q", i, d.doc.Text, d.spill.out, want[i])
		}
	}
}
