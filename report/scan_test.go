package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// TestWriteJSONStreams: WriteJSON, which streams the report element by
// element, writes the bytes json.Encoder writes for the whole report with
// the same indentation and escaping, for reports with no documents and
// with more than one window of them, and text that encoding/json escapes.
func TestWriteJSONStreams(t *testing.T) {
	for _, n := range []int{0, 1, 3, 700} {
		r := &Scan{Params: ScanParams{Shingle: 6, MinCover: 0.5}}
		for i := range n {
			d := ScanDocument{
				ID: fmt.Sprintf("d%04d", i), Text: "He said \"<b>\" & ’s \u2028 end\n\ttab", Words: 9,
				OriginalFraction: 0.3333,
				Spans: []Span{{Start: 1, End: 5, Quoted: i%2 == 0, Matches: []Match{
					{Doc: fmt.Sprintf("d%04d", (i+1)%n), Start: 2, End: 6, Similarity: 0.875},
				}}},
				Original: []Range{{Start: 6, End: 9}},
			}
			r.Documents = append(r.Documents, d)
			if i%3 == 0 {
				r.Pairs = append(r.Pairs, ScanPair{A: d.ID, B: fmt.Sprintf("e%04d", i), Jaccard: 0.1, Spans: 1})
			}
		}
		if n > 1 {
			r.Passages = []Passage{{Members: []Member{{Doc: "d0000", Start: 1, End: 5}, {Doc: "d0001", Start: 1, End: 5}}, Reach: Reach{Documents: 2, Outlets: 2}, Words: 4}}
			r.Skipped = []Skipped{{ID: "x", Path: "x.txt", Reason: "no words to compare"}}
		}
		var got bytes.Buffer
		if err := r.WriteJSON(&got); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil { // r is sorted by WriteJSON
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			g, w := got.Bytes(), want.Bytes()
			i := 0
			for i < min(len(g), len(w)) && g[i] == w[i] {
				i++
			}
			t.Fatalf("%d documents: WriteJSON differs from json.Encoder at byte %d: %q, want %q",
				n, i, g[max(0, i-40):min(len(g), i+40)], w[max(0, i-40):min(len(w), i+40)])
		}
	}
}
