package reuse

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/golden"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/shingle"
)

// TestFingerprintGolden pins the fingerprints of the seeds (K=6, windows
// of 3), of one quoted as a mail thread does and of one filled as fmt
// fills: an archive keeps them on disk, so a change to the analysis, the
// stems or shingleHash that moves them must bump FingerprintVersion.
func TestFingerprintGolden(t *testing.T) {
	var out bytes.Buffer
	fmt.Fprintf(&out, "FingerprintVersion %d\n", FingerprintVersion)
	f := Fingerprinter{K: shingle.DefaultK, Window: 3}
	// And seed 000 quoted three deep by a client that wraps quotes anew.
	q := seeds.Wrap(strings.Join(seeds.Paragraphs(seeds.All()[0].Text), "\n\n"), 70, "> ", "\n")
	for range 2 {
		q = seeds.Wrap(strings.TrimRight(q, "\n"), 72, "> ", "\n")
	}
	// And seed 001 filled at 60 columns as fmt fills, lines evened out.
	filled := seeds.Fill(strings.Join(seeds.Paragraphs(seeds.All()[1].Text), "\n\n"), 60, "", "\n")
	// And seed 004 filled at 48, where "what" / "U.S." runs on inside a
	// paragraph (version 6).
	filled4 := seeds.Fill(strings.Join(seeds.Paragraphs(seeds.All()[4].Text), "\n\n"), 48, "", "\n")
	// And a disclaimer in capitals wrapped at 64 under a line of prose,
	// whose lines are one sentence (version 8).
	caps := "Copyright 2017 Ann Lee.\n\n" + seeds.Wrap("IN NO EVENT SHALL THE COPYRIGHT HOLDERS OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, "+
		"INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, "+
		"EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.", 64, "", "\n")
	// And the Apache License's third condition, whose "(c)" is no
	// copyright line (version 9): its words are the text's, not chrome.
	apache := []byte("   4. Redistribution.\n\n" +
		"      (b) You must cause any modified files to carry prominent notices\n          stating that You changed the files; and\n\n" +
		"      (c) You must retain, in the Source form of any Derivative Works\n          that You distribute, all copyright, patent, trademark, and\n" +
		"          attribution notices from the Source form of the Work,\n")
	for _, d := range append(seedDocs(), corpus.Doc{ID: "000-requoted", Text: []byte(q)}, corpus.Doc{ID: "001-filled", Text: []byte(filled)},
		corpus.Doc{ID: "004-filled-48", Text: []byte(filled4)}, corpus.Doc{ID: "caps-64", Text: []byte(caps)},
		corpus.Doc{ID: "apache-c", Text: apache, Boilerplate: corpus.Chrome(apache)}) {
		fps, words := f.Append(nil, d)
		var x uint64
		for _, h := range fps {
			x ^= h
		}
		fmt.Fprintf(&out, "%s: %d words, %d fingerprints, xor %016x, first %x\n", d.ID, words, len(fps), x, fps[:4])
	}
	golden.Check(t, filepath.Join("testdata", "fingerprints.golden"), out.Bytes())
}

// TestFingerprintsFindCopies checks the fingerprints' promise: a sentence
// of at least Window+K−1 words copied into another document, among other
// words, gives both a common fingerprint; and that the fingerprints are
// those of the scan's units: a document's own sentence set apart from its
// chrome makes none from the chrome.
func TestFingerprintsFindCopies(t *testing.T) {
	f := Fingerprinter{K: 6, Window: 3}
	shared := "the ministry said the talks would resume in the spring after the elections"
	words := strings.Fields(shared)
	for n := f.K + f.Window - 1; n <= len(words); n++ {
		part := strings.Join(words[:n], " ")
		a := corpus.Doc{ID: "a", Text: []byte("Officials in the capital were cautious. Reporters heard that " + part + ", and nothing more.")}
		b := corpus.Doc{ID: "b", Text: []byte("A long day ended. " + part + " Nobody else commented on it.")}
		fa, _ := f.Append(nil, a)
		fb, _ := f.Append(nil, b)
		if !slices.ContainsFunc(fa, func(h uint64) bool { return slices.Contains(fb, h) }) {
			t.Errorf("%d shared words: no common fingerprint", n)
		}
	}
	text := []byte("Home | News | Sport\nThe ministry said the talks would resume in the spring.\n")
	with := corpus.Doc{ID: "c", Text: text, Boilerplate: []corpus.Range{{Start: 0, End: 19}}}
	fc, n := f.Append(nil, with)
	fd, _ := f.Append(nil, corpus.Doc{ID: "d", Text: text[20:]})
	if n != 10 || !slices.Equal(fc, fd) {
		t.Errorf("chrome made fingerprints: %d words, %x, want 10 words and %x", n, fc, fd)
	}
}
