package report

import (
	"bytes"
	"fmt"
	"testing"
)

// TestDupesWriteJSONStreams: WriteJSON, which writes the report element
// by element, makes the bytes json.Encoder makes of the whole report
// (indented by two spaces, HTML left unescaped), with its version set and
// its lists never null; an empty report too.
func TestDupesWriteJSONStreams(t *testing.T) {
	for _, n := range []int{0, 1, 3, 700} {
		r := &Dupes{Params: DupesParams{Threshold: 0.8, Shingle: 5, Perm: 128, Scheme: "fss", Bands: 20, Rows: 6}, NotComputed: n / 3}
		for i := range n {
			d := Document{ID: fmt.Sprintf("d%04d", i), Note: "a <b> & ’s \u2028 note", Shingles: 40 + i}
			if i%4 == 1 {
				d.Path = fmt.Sprintf("in.jsonl:%d", i)
				d.CopyOf = &Near{Doc: fmt.Sprintf("d%04d", i-1), Jaccard: 0.875}
				r.Pairs = append(r.Pairs, Pair{A: fmt.Sprintf("d%04d", i-1), B: d.ID, Jaccard: 0.875, Estimate: 0.8671875})
			}
			r.Documents = append(r.Documents, d)
		}
		if n > 1 {
			r.Skipped = []Skipped{{ID: "x", Path: "x.txt", Reason: "no words to compare"}}
			r.Clusters = []Cluster{{Members: []string{"d0000", "d0001"}, MinJaccard: 0.875, EveryPair: true, Weakest: Link{A: "d0000", B: "d0001", Jaccard: 0.875}}}
		}
		var got bytes.Buffer
		if err := r.WriteJSON(&got); err != nil {
			t.Fatal(err)
		}
		want := *r
		want.Version = DupesVersion
		if want.Documents == nil {
			want.Documents = []Document{}
		}
		if want.Skipped == nil {
			want.Skipped = []Skipped{}
		}
		if want.Pairs == nil {
			want.Pairs = []Pair{}
		}
		if want.Clusters == nil {
			want.Clusters = []Cluster{}
		}
		if d := firstDifference(got.Bytes(), encoded(t, &want)); d != "" {
			t.Fatalf("%d documents: WriteJSON differs from json.Encoder %s", n, d)
		}
	}
}
