package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// hostile is a document written to break out of the page.
const hostile = `Breaking: </script><script>alert("x")</script> and </textarea><textarea> and ` +
	`<img src=x onerror=alert(1)> and <a href="javascript:alert(2)">click</a> and <!-- and ]]> and ` + "\u2028 and \u2029."

func hostileReport() *Scan {
	return &Scan{
		Documents: []ScanDocument{
			{ID: "evil<b>", Outlet: "<i>Outlet</i>", Title: "</title><script>alert(3)</script>", URL: "javascript:alert(4)",
				Text: hostile, Words: 30, OriginalFraction: 0.5,
				Spans: []Span{{Start: 0, End: 9, Matches: []Match{{Doc: "ok", Start: 0, End: 9, Similarity: 1}}}}},
			{ID: "ok", URL: "https://example.com/a?b=1&c=2", Text: "Breaking: the same words.", Words: 4, OriginalFraction: 0.5,
				Spans: []Span{{Start: 0, End: 9, Matches: []Match{{Doc: "evil<b>", Start: 0, End: 9, Similarity: 1}}}}},
		},
		Pairs: []ScanPair{{A: "evil<b>", B: "ok", Jaccard: 0.1}},
	}
}

// island returns the page's JSON island, decoded.
func island(t *testing.T, page string) *htmlPage {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="report">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no JSON island in the page")
	}
	var p htmlPage
	if err := json.Unmarshal([]byte(m[1]), &p); err != nil {
		t.Fatalf("the island is not JSON: %v", err)
	}
	return &p
}

// TestHTMLIsland: the page's island, written element by element, is the
// bytes json.Marshal makes of the whole page, HTML escaping included: for
// the hostile report, and for one of more documents and passages than a
// window of encodeEach, with texts that are not ASCII and a nil list.
func TestHTMLIsland(t *testing.T) {
	many := &Scan{}
	for i := range 600 {
		id, other := fmt.Sprintf("d%03d", i), fmt.Sprintf("d%03d", (i+1)%600)
		many.Documents = append(many.Documents, ScanDocument{ID: id, Outlet: fmt.Sprintf("o%d", i%7),
			Text: strings.Repeat("’Quoted’ <words> & 😀 more. ", 1+i%5), Words: 5,
			Spans: []Span{{Start: 3, End: 20, Source: &Source{Doc: other, Start: 3, End: 21, Similarity: 0.9}}}})
		many.Passages = append(many.Passages, Passage{ID: i + 1, Text: "<words>", Members: []Member{{Doc: id, Start: 3, End: 20}, {Doc: other, Start: 3, End: 21}}})
		many.Pairs = append(many.Pairs, ScanPair{A: id, B: other, Jaccard: 0.25})
	}
	for _, r := range []*Scan{hostileReport(), many, {}} {
		var b bytes.Buffer
		if err := r.WriteHTML(&b); err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(r.htmlPage()) // r sorted and its texts loaded by WriteHTML
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(scanHTML, "/*REPORT*/")
		if got := strings.TrimPrefix(b.String(), head); !strings.HasPrefix(got, string(want)+"</script>") {
			t.Errorf("%d documents: the island is not json.Marshal's:\n%.300s\nwant\n%.300s", len(r.Documents), got, want)
		}
	}
}

// TestHTMLEscapes: whatever the documents hold, the page has exactly its
// own two script elements, no markup from the input, and no javascript:
// link; the text survives intact in the island, to be shown as text.
func TestHTMLEscapes(t *testing.T) {
	var b bytes.Buffer
	if err := hostileReport().WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	lower := strings.ToLower(page)
	if n := strings.Count(lower, "<script"); n != 2 {
		t.Errorf("%d <script tags, want the page's own 2", n)
	}
	if n := strings.Count(lower, "</script"); n != 2 {
		t.Errorf("%d </script tags, want 2", n)
	}
	for _, bad := range []string{"<img", "<textarea", "</textarea", "<b>", "<i>", "</title><script", "<!--", "\u2028", "\u2029", `href="javascript`} {
		if strings.Contains(lower, bad) {
			t.Errorf("the page contains %q from the input", bad)
		}
	}
	p := island(t, page)
	if p.Docs[0].Text != hostile || p.Docs[0].ID != "evil<b>" || p.Docs[0].Title != "</title><script>alert(3)</script>" {
		t.Errorf("the text did not survive: %q", p.Docs[0].Text)
	}
	if p.Docs[0].URL != "" {
		t.Errorf("javascript: URL kept as %q", p.Docs[0].URL)
	}
	if p.Docs[1].URL != "https://example.com/a?b=1&c=2" {
		t.Errorf("https URL = %q", p.Docs[1].URL)
	}
	// The page's script inserts document text only as text.
	if strings.Contains(page, "innerHTML") || strings.Contains(page, "insertAdjacentHTML") || strings.Contains(page, "document.write") {
		t.Errorf("the page's script parses strings as markup")
	}
}

func TestUTF16Offsets(t *testing.T) {
	for _, tc := range []struct {
		text string
		in   []int
		want []int
	}{
		{"plain", []int{0, 3, 5}, []int{0, 3, 5}},
		{"é!", []int{0, 2, 3}, []int{0, 1, 2}},               // é is 2 bytes, 1 unit
		{"’s", []int{0, 3, 4}, []int{0, 1, 2}},               // ’ is 3 bytes, 1 unit
		{"a😀b", []int{0, 1, 5, 6}, []int{0, 1, 3, 4}},        // 😀 is 4 bytes, 2 units
		{"鈥檚 x", []int{0, 3, 6, 7, 8}, []int{0, 1, 2, 3, 4}}, // CJK: 3 bytes, 1 unit
		{"a\xffb", []int{0, 1, 2, 3}, []int{0, 1, 2, 3}},     // invalid byte: U+FFFD, 1 unit
	} {
		u := utf16Offsets(tc.text)
		var got []int
		for _, b := range tc.in {
			got = append(got, u(b))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("utf16Offsets(%q)(%v) = %v, want %v", tc.text, tc.in, got, tc.want)
		}
	}
}

// FuzzUTF16Offsets holds utf16Offsets, which counts on from marks, to a
// table of every byte's offset, at every offset and just outside.
func FuzzUTF16Offsets(f *testing.F) {
	for _, s := range []string{"plain", "é!", "a😀b", "a\xffb", strings.Repeat("’x😀\xe2\x80", 40), strings.Repeat("a", 63) + "😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		at := utf16Table(text)
		u := utf16Offsets(text)
		for b := -1; b <= len(text)+1; b++ {
			if got, want := u(b), at(b); got != want {
				t.Fatalf("utf16Offsets(%q)(%d) = %d, want %d", text, b, got, want)
			}
		}
	})
}

// utf16Table is utf16Offsets as a table of every byte's UTF-16 offset.
func utf16Table(text string) func(int) int {
	at := make([]int, len(text)+1)
	u, ascii := 0, true
	for i, r := range text {
		n := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, n = utf8.DecodeRuneInString(text[i:])
		}
		ascii = ascii && r < utf8.RuneSelf
		for k := 0; k < n; k++ {
			at[i+k] = u
		}
		u += utf16.RuneLen(r)
	}
	at[len(text)] = u
	return func(b int) int {
		switch {
		case ascii:
			return b
		case b < 0 || b > len(text):
			return u
		}
		return at[b]
	}
}

// TestHeat: the outlet matrix counts each span's words once for each
// outlet that carries its passage, over the row outlet's words.
func TestHeat(t *testing.T) {
	span := []Span{{Start: 0, End: 7, Pieces: []Piece{{Passage: 1, End: 7}}}}
	r := &Scan{Documents: []ScanDocument{
		{ID: "a1", Outlet: "A", Text: "one two three four", Words: 4, Spans: span},
		{ID: "a2", Outlet: "A", Text: "five six seven eight", Words: 4},
		{ID: "b1", Outlet: "B", Text: "one two", Words: 2, Spans: span},
		{ID: "b2", Outlet: "B", Text: "one two", Words: 2, Spans: []Span{{Start: 0, End: 7, Words: 2, Source: &Source{Doc: "a1", End: 7, Earlier: true},
			Pieces: []Piece{{Passage: 1, End: 7}}}}},
		{ID: "c1", Text: "one two", Words: 2, Spans: span},
	}, Passages: []Passage{{ID: 1, Members: []Member{{Doc: "a1", End: 7}, {Doc: "b1", End: 7}, {Doc: "b2", End: 7}, {Doc: "c1", End: 7}}}}}
	p := r.htmlPage()
	if want := []string{"A", "B", "c1"}; !reflect.DeepEqual(p.Outlets, want) {
		t.Fatalf("outlets %v, want %v", p.Outlets, want)
	}
	want := [][]float64{
		{0, 0.25, 0.25}, // A: 2 of 8 words shared with B (once, though with two of its documents), 2 with c1
		{1, 0, 1},
		{1, 1, 0},
	}
	if !reflect.DeepEqual(p.Heat, want) {
		t.Errorf("heat %v, want %v", p.Heat, want)
	}
	if !reflect.DeepEqual(p.Docs[0].Spans[0].P, []int{0}) {
		t.Errorf("doc a1 = %+v", p.Docs[0])
	}
	if copied := []float64{p.Docs[0].Copied, p.Docs[3].Copied}; !reflect.DeepEqual(copied, []float64{0, 1}) {
		t.Errorf("copied shares of a1 and b2: %v; want 0 (no source) and 1 (its words from a1)", copied)
	}
}

// TestHTMLCopiedShared: the documents table's copied share counts prose
// from a source known to be earlier, its shared share prose from a source
// of unknown order (as the ledger counts them): without times, no
// document copied.
func TestHTMLCopiedShared(t *testing.T) {
	span := func(earlier bool) []Span {
		return []Span{{Start: 0, End: 7, Words: 2, Source: &Source{Doc: "w", End: 7, Earlier: earlier}}}
	}
	r := &Scan{Documents: []ScanDocument{
		{ID: "w", Text: "one two three four", Words: 4},
		{ID: "later", Text: "one two", Words: 2, Spans: span(true)},
		{ID: "unknown", Text: "one two", Words: 2, Spans: span(false)},
	}}
	p := r.htmlPage()
	for i, want := range [][2]float64{{0, 0}, {1, 0}, {0, 1}} {
		if got := [2]float64{p.Docs[i].Copied, p.Docs[i].Shared}; got != want {
			t.Errorf("%s: copied and shared shares %v, want %v", p.Docs[i].ID, got, want)
		}
	}
}

// TestHTMLRewriteCuts: each marked part of a rewrite names the rewrite it
// belongs to in the page's list, though a rewrite whose other document is
// not in the page (an archived one, say) is passed over.
func TestHTMLRewriteCuts(t *testing.T) {
	with := func(doc string) Source { return Source{Doc: doc, Start: 0, End: 4, Similarity: 0.5} }
	r := &Scan{Documents: []ScanDocument{
		{ID: "a", Text: "one two three four five six", Words: 6, Rewrites: []Rewrite{
			{Start: 0, End: 7, Words: 2, With: with("elsewhere")},
			{Start: 8, End: 18, Words: 2, With: with("b")},
		}},
		{ID: "b", Text: "uno dos tres", Words: 3},
	}}
	var b strings.Builder
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	d := island(t, b.String()).Docs[0]
	if len(d.Rw) != 1 || len(d.RwCuts) == 0 {
		t.Fatalf("%d rewrites and %d cuts, want 1 and some", len(d.Rw), len(d.RwCuts))
	}
	for _, c := range d.RwCuts {
		if c[2] >= len(d.Rw) || c[0] < d.Rw[c[2]].S || c[1] > d.Rw[c[2]].E {
			t.Errorf("cut %v names rewrite %d of %v", c, c[2], d.Rw)
		}
	}
}
