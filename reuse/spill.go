package reuse

import (
	"bufio"
	"fmt"
	"os"
	"sync"

	"github.com/copydesk/copydesk/report"
)

// A document's text is read when it is analysed and again when its
// report is made, and by nothing in between; yet in between run the
// stages that hold the most (postings, candidates, alignment, passages).
// With Options.TempDir set, Scan spills each document's text to one file
// as soon as it is analysed and leaves it there: the report takes the file
// over (report.Scan.TextFile), and its writers read each text as they
// write it.
//
// The file is unnamed scratch: texts are written through a buffer in the
// order they are spilled (input order, but for the few documents analysed
// again for their furniture), and each document remembers where its text
// is. Before the report, only the passages' representatives are read back
// (a document's report keeps its attribution phrases from analysis); the
// report's writers read the rest as they write. On systems that allow it,
// the file is removed as soon as it is made, so that nothing is left
// behind when the process dies.

// textSpill is the file the documents' texts are spilled to. A nil
// *textSpill spills nothing: texts stay in memory.
type textSpill struct {
	f       *os.File
	removed bool // the file's name is already gone
	mu      sync.Mutex
	w       *bufio.Writer
	end     int64 // the bytes written, buffered or not
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
	s := &textSpill{f: f, w: bufio.NewWriterSize(f, 1<<20)}
	s.removed = os.Remove(f.Name()) == nil
	return s, nil
}

// close closes and removes the spill file.
func (s *textSpill) close() {
	if s == nil {
		return
	}
	s.Close()
}

// Close closes and removes the spill file: the report's TextFile
// (report.Scan.Close) once Scan hands it over.
func (s *textSpill) Close() error {
	err := s.f.Close()
	if !s.removed {
		os.Remove(s.f.Name())
	}
	return err
}

// ReadAt reads the spill file: the report reads its documents' texts
// from it.
func (s *textSpill) ReadAt(b []byte, off int64) (int, error) { return s.f.ReadAt(b, off) }

// readOnly is a spill file as a report of a scan that keeps it (one whose
// report is made more than once) reads it: it cannot close it.
type readOnly struct{ s *textSpill }

func (r readOnly) ReadAt(b []byte, off int64) (int, error) { return r.s.ReadAt(b, off) }

// unload lets go of d's text again, if it was spilled and read back: it
// is still in the file.
func (s *textSpill) unload(d *docState) {
	if s != nil && !d.spill.out && d.spill.n > 0 {
		d.doc.Text, d.spill.out = nil, true
	}
}

// textAt is where d's text is in the file, for the report.
func (d *docState) textAt() report.FileSpan {
	return report.FileSpan{Offset: d.spill.off, Length: d.spill.n}
}

// spilled is where a document's text is in the spill file, when it is
// there and not in memory.
type spilled struct {
	off, n int64
	out    bool // the text is in the file: Doc.Text is nil
}

// spill writes d's text to the file (once flushed) and lets go of it in
// memory. Calls may run in parallel, on different documents.
func (s *textSpill) spill(d *docState) error {
	if s == nil || d.spill.out {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := d.doc.Text
	if _, err := s.w.Write(t); err != nil {
		return fmt.Errorf("reuse: spilling the text of %s: %w", d.doc.ID, err)
	}
	d.spill = spilled{off: s.end, n: int64(len(t)), out: true}
	s.end += int64(len(t))
	d.doc.Text = nil
	return nil
}

// flush writes out what spill buffered: the texts spilled before it can
// be read back.
func (s *textSpill) flush() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("reuse: spilling text: %w", err)
	}
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
