package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/corpus"
)

// TestProgress drives the bar as a terminal would see it: reading shows
// the documents read and the rate, then the next stage, and the bar is
// erased at the end (the last thing written is a carriage return).
func TestProgress(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.txt", "c.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("Putin thanked Trump for a CIA tip."), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var w bytes.Buffer
	// On one worker and on several: the bar counts the bytes of the
	// documents delivered, not of the files read ahead of them (which
	// would fill it, and clear it, before the first document).
	for _, workers := range []int{1, 3} {
		w.Reset()
		p := newProgress(&w, true, []string{dir})
		src := p.source(corpus.Open([]string{dir}, corpus.Options{Read: p.read, Workers: workers}), "comparing")
		n := 0
		// Slow documents, so that the bar (redrawn at most every 100 ms)
		// shows the count.
		slow := func(corpus.Doc) error { n++; time.Sleep(150 * time.Millisecond); return nil }
		if err := src(slow, func(corpus.Skip) error { return nil }); err != nil || n != 3 {
			t.Fatalf("%d workers: read %d documents, err %v", workers, n, err)
		}
		p.done()
		out := w.String()
		for _, want := range []string{"reading: 1 docs", "docs/s", "comparing (3 docs read"} {
			if !strings.Contains(out, want) {
				t.Errorf("%d workers: progress output lacks %q:\n%q", workers, want, out)
			}
		}
		if !strings.HasSuffix(out, "\r") {
			t.Errorf("%d workers: the bar is not erased at the end: %q", workers, out[max(0, len(out)-40):])
		}
	}

	// Off a terminal, or with --quiet, there is no bar, and a nil bar
	// does nothing.
	if p := newProgress(&w, false, []string{dir}); p != nil {
		t.Errorf("newProgress with show false = %v, want nil", p)
	}
	var nilBar *progress
	nilBar.read(10)
	nilBar.doc()
	nilBar.stage("x")
	nilBar.done()
	if isTerminal(&w) {
		t.Errorf("a buffer is a terminal")
	}
}

// TestNoProgressOffTerminal: run with stderr a buffer (not a terminal)
// writes only the summary line there.
func TestNoProgressOffTerminal(t *testing.T) {
	writeSeeds(t)
	var out, errb bytes.Buffer
	if code := run([]string{"scan", "--format", "json", "seeds"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if got, want := errb.String(), "copydesk scan: 5 documents in, 5 analysed, 0 skipped\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}
