package shingle

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/golden"
	"github.com/copydesk/copydesk/internal/seeds"
)

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
	golden.Check(t, filepath.Join("testdata", "seed_sentences.golden"), out.Bytes())
}
