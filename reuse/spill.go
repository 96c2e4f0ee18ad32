package reuse

import (
	"fmt"
	"os"
	"sync/atomic"
)

// A document's text is read when it is analysed and again when its
// report is made, and by nothing in between; yet in between run the
// stages that hold the most (postings, candidates, alignment, passages).
// With Options.TempDir set, Scan spills each document's text to one file
// as soon as it is analysed, and reads it back when the report needs it:
// the heap then holds the corpus's text only at the end, in the report.
//
// The file is unnamed scratch: texts are written at offsets handed out in
// the order the documents finish analysis (not input order: nothing reads
// it in order), and each document remembers where its text is. On
// systems that allow it, the file is removed as soon as it is made, so
// that nothing is left behind when the process dies.

// textSpill is the file the documents' texts are spilled to. A nil
// *textSpill spills nothing: texts stay in memory.
type textSpill struct {
	f       *os.File
	end     atomic.Int64 // the bytes handed out
	removed bool         // the file's name is already gone
}

// newSpill makes a spill file in dir, or returns nil if dir is "".
func newSpill(dir string) (*textSpill, error) {
	if dir == "" {
		return nil, nil
	}
	f, err := os.CreateTemp(dir, "copydesk-text-*")
	if err != nil {
		return nil, fmt.Errorf("reuse: spilling text: %w", err)
	}
	s := &textSpill{f: f}
	s.removed = os.Remove(f.Name()) == nil
	return s, nil
}

// close closes and removes the spill file.
func (s *textSpill) close() {
	if s == nil {
		return
	}
	s.f.Close()
	if !s.removed {
		os.Remove(s.f.Name())
	}
}

// spilled is where a document's text is in the spill file, when it is
// there and not in memory.
type spilled struct {
	off, n int64
	out    bool // the text is in the file: Doc.Text is nil
}

// spill writes d's text to the file and lets go of it in memory. Calls
// may run in parallel, on different documents.
func (s *textSpill) spill(d *docState) error {
	if s == nil || d.spill.out {
		return nil
	}
	t := d.doc.Text
	n := int64(len(t))
	off := s.end.Add(n) - n
	if _, err := s.f.WriteAt(t, off); err != nil {
		return fmt.Errorf("reuse: spilling the text of %s: %w", d.doc.ID, err)
	}
	d.spill = spilled{off: off, n: n, out: true}
	d.doc.Text = nil
	return nil
}

// load reads d's text back into memory, if it was spilled. Calls may run
// in parallel, on different documents.
func (s *textSpill) load(d *docState) error {
	if s == nil || !d.spill.out {
		return nil
	}
	t := make([]byte, d.spill.n)
	if _, err := s.f.ReadAt(t, d.spill.off); err != nil {
		return fmt.Errorf("reuse: reading back the text of %s: %w", d.doc.ID, err)
	}
	d.doc.Text, d.spill.out = t, false
	return nil
}
