package shingle

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/seeds"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test -update after checking the change by hand)", path, i+1, g, w)
			}
		}
	}
}

// TestSeedSentencesGolden pins every sentence boundary of the five seeds.
// Each boundary in testdata/seed_sentences.golden was checked by hand.
func TestSeedSentencesGolden(t *testing.T) {
	var out bytes.Buffer
	for _, d := range seeds.All() {
		toks := AppendTokens(nil, d.Text)
		sents := AppendSentences(nil, d.Text, toks)
		fmt.Fprintf(&out, "== %s: %d tokens, %d sentences\n", d.ID, len(toks), len(sents))
		for i, s := range sents {
			text := strings.ReplaceAll(string(d.Text[s.Start:s.End]), "\n", "⏎")
			fmt.Fprintf(&out, "%02d [%d,%d) %s\n", i, s.Start, s.End, text)
		}
	}
	golden(t, "seed_sentences.golden", out.Bytes())
}
