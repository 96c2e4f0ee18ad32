package report

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// checkFixture is a small whole scan report: a copy, a rewrite, a pair.
func checkFixture() *Scan {
	a := "Copied words here. The minister said buses would replace the trains. End."
	b := "Trains will be replaced by buses, the minister said. Copied words here."
	return &Scan{Version: ScanVersion, Documents: []ScanDocument{
		{ID: "a", Text: a, Words: 12, OriginalFraction: 0.8, RewrittenFraction: 0.5,
			Spans:    []Span{{Start: 0, End: 17, Pieces: []Piece{{Passage: 1, Start: 0, End: 17}}, Source: &Source{Doc: "b", Start: 53, End: 70, Similarity: 1}}},
			Rewrites: []Rewrite{{Start: 19, End: 68, With: Source{Doc: "b", Start: 0, End: 51, Similarity: 0.6}}},
			Original: []Range{{19, 68}, {69, 73}}},
		{ID: "b", Text: b, Words: 12, OriginalFraction: 0.9,
			Rewrites: []Rewrite{{Start: 0, End: 51, With: Source{Doc: "a", Start: 19, End: 68, Similarity: 0.6}}}},
	}, Passages: []Passage{{ID: 1, Text: "Copied words here", Words: 3, Members: []Member{
		{Doc: "a", Start: 0, End: 17, Similarity: 1, Representative: true}, {Doc: "b", Start: 53, End: 70, Similarity: 1}}},
	}, Pairs: []ScanPair{{A: "a", B: "b", Passages: []PairPassage{
		{AStart: 0, AEnd: 17, BStart: 53, BEnd: 70, Words: 3, Similarity: 1, Kind: KindCopy},
	}}}}
}

// readBack writes r as JSON and reads it back.
func readBack(t *testing.T, r *Scan) (*Scan, error) {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return ReadScan(&b)
}

// TestReadScanChecks: a report with an offset out of its text, out of
// order, or a reference to a document or passage it does not hold, fails
// to read with a message that says where; the whole report reads.
func TestReadScanChecks(t *testing.T) {
	if _, err := readBack(t, checkFixture()); err != nil {
		t.Fatalf("the whole report: %v", err)
	}
	for _, c := range []struct {
		name   string
		break_ func(r *Scan)
		says   string
	}{
		{"span past the text", func(r *Scan) { r.Documents[0].Spans[0].End = 500 }, `documents[0] ("a"): spans[0]: offsets 0 to 500: past the end of the text (73 bytes)`},
		{"span inverted", func(r *Scan) { r.Documents[0].Spans[0].Start = 18 }, "the start is after the end"},
		{"negative", func(r *Scan) { r.Documents[1].Rewrites[0].Start = -3 }, "rewrites[0]: offsets -3 to 51: negative"},
		{"unknown source", func(r *Scan) { r.Documents[0].Spans[0].Source.Doc = "z" }, `source: document "z" is not in the report`},
		{"source past its text", func(r *Scan) { r.Documents[0].Spans[0].Source.End = 72 }, `source: in "b": offsets 53 to 72`},
		{"unknown passage", func(r *Scan) { r.Documents[0].Spans[0].Pieces[0].Passage = 9 }, "passage 9 is not in the report"},
		{"member past its text", func(r *Scan) { r.Passages[0].Members[1].End = 99 }, "passages[0] (1): members[1]"},
		{"rewrite of an unknown document", func(r *Scan) { r.Documents[1].Rewrites[0].With.Doc = "" }, `with: document "" is not in the report`},
		{"original out of order", func(r *Scan) { r.Documents[0].Original = []Range{{69, 73}, {19, 68}} }, "original[1]: starts at 19, before the one before it (69)"},
		{"id twice", func(r *Scan) { r.Documents[1].ID = "a" }, `documents[1]: id "a" is used twice`},
		{"pair of an unknown document", func(r *Scan) { r.Pairs[0].B = "c" }, `pairs[0] ("a", "c"): document "c" is not in the report`},
		{"pair passage past b", func(r *Scan) { r.Pairs[0].Passages[0].BEnd = 80 }, "passages[0]: in b:"},
	} {
		r := checkFixture()
		c.break_(r)
		_, err := readBack(t, r)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.says)
		}
	}
	if _, err := ReadScan(strings.NewReader(`{"version": 1, "params": {"threshold": 0.8}, "clusters": []}`)); err == nil || !strings.Contains(err.Error(), "a dupes report") {
		t.Errorf("a dupes report: %v", err)
	}
}

// FuzzReadScan: whatever ReadScan accepts, every writer writes without
// failing.
func FuzzReadScan(f *testing.F) {
	var whole bytes.Buffer
	if err := checkFixture().WriteJSON(&whole); err != nil {
		f.Fatal(err)
	}
	f.Add(whole.Bytes())
	f.Add([]byte(`{"version": 4, "documents": [{"id": "a", "text": "x", "spans": [{"start": 0, "end": 1}]}]}`))
	f.Add([]byte(`{"version": 3}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadScan(bytes.NewReader(data))
		if err != nil {
			return
		}
		for name, write := range map[string]func(io.Writer) error{"text": r.WriteText, "json": r.WriteJSON, "html": r.WriteHTML} {
			if err := write(io.Discard); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}
