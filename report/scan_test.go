package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"runtime"
	"slices"
	"strings"
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
				r.Pairs = append(r.Pairs, ScanPair{A: d.ID, B: fmt.Sprintf("e%04d", i), Jaccard: 0.1, Pieces: 1})
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
		want := encoded(t, r) // r is sorted by WriteJSON
		if d := firstDifference(got.Bytes(), want); d != "" {
			t.Fatalf("%d documents: WriteJSON differs from json.Encoder %s", n, d)
		}
	}
}

// TestSortRenumbers: Sort orders passages by reach, then words, then first
// member, numbers them in that order, and renumbers the spans that refer
// to them; matches come most similar first.
func TestSortRenumbers(t *testing.T) {
	r := &Scan{
		Documents: []ScanDocument{{ID: "a", Spans: []Span{
			{Start: 0, End: 3, Pieces: []Piece{{Passage: 1, End: 3}}, Matches: []Match{{Doc: "b", Similarity: 0.5}, {Doc: "c", Similarity: 0.9}}},
			{Start: 4, End: 9, Pieces: []Piece{{Passage: 2, Start: 4, End: 6}, {Passage: 1, Start: 6, End: 9}}},
		}}},
		Passages: []Passage{
			{ID: 1, Reach: Reach{Documents: 2}, Words: 3, Members: []Member{{Doc: "b"}, {Doc: "a"}}},
			{ID: 2, Reach: Reach{Documents: 3}, Words: 5, Members: []Member{{Doc: "a", Start: 4}}},
		},
	}
	r.Sort()
	if r.Passages[0].ID != 1 || r.Passages[0].Reach.Documents != 3 || r.Passages[1].ID != 2 {
		t.Fatalf("passages %+v, want the reach-3 passage first, numbered 1", r.Passages)
	}
	if s := r.Documents[0].Spans; s[0].Pieces[0].Passage != 2 || s[1].Pieces[0].Passage != 1 || s[1].Pieces[1].Passage != 2 {
		t.Errorf("spans' pieces refer to passages %+v and %+v, want 2, then 1 and 2", s[0].Pieces, s[1].Pieces)
	}
	if m := r.Documents[0].Spans[0].Matches; m[0].Doc != "c" {
		t.Errorf("matches %+v, want the most similar first", m)
	}
	if m := r.Passages[1].Members; m[0].Doc != "a" {
		t.Errorf("members %+v, want by document", m)
	}
}

// TestSortMany: Sort orders a few thousand passages given in random order
// as a sort of them by the same rule does, renumbering the spans that
// refer to them, whether their ids are 1 to n (as Scan numbers them) or
// not (a report edited by hand).
func TestSortMany(t *testing.T) {
	for _, sparse := range []bool{false, true} {
		r := rand.New(rand.NewPCG(9, 10))
		const n = 3000
		var ps []Passage
		var spans []Span
		for i := range n {
			id := i + 1
			if sparse {
				id = 10*i + 7
			}
			ps = append(ps, Passage{ID: id, Reach: Reach{Documents: 2 + r.IntN(5)}, Words: 10 + r.IntN(20),
				Members: []Member{{Doc: fmt.Sprint(r.IntN(100)), Start: i}}})
			spans = append(spans, Span{Start: i, End: i + 1, Pieces: []Piece{{Passage: id, Start: i, End: i + 1}}})
		}
		r.Shuffle(n, func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
		want := slices.Clone(ps)
		slices.SortFunc(want, func(a, b Passage) int { return comparePassages(&a, &b) })
		rep := &Scan{Passages: ps, Documents: []ScanDocument{{ID: "x", Spans: spans}}}
		rep.Sort()
		for i, p := range rep.Passages {
			if p.ID != i+1 || p.Members[0].Start != want[i].Members[0].Start {
				t.Fatalf("sparse %v: passage %d is %+v, want the one starting %d, numbered %d", sparse, i, p, want[i].Members[0].Start, i+1)
			}
		}
		// Span i referred to the passage whose member starts at i.
		newID := map[int]int{}
		for _, p := range rep.Passages {
			newID[p.Members[0].Start] = p.ID
		}
		for _, sp := range rep.Documents[0].Spans {
			if sp.Pieces[0].Passage != newID[sp.Start] {
				t.Fatalf("sparse %v: span at %d refers to passage %d, want %d", sparse, sp.Start, sp.Pieces[0].Passage, newID[sp.Start])
			}
		}
	}
}

// TestSpanLine: the text report says where a span came from as an editor
// would.
func TestSpanLine(t *testing.T) {
	type lineCase struct {
		span Span
		want string
	}
	check := func(atLeast bool, cases []lineCase) {
		t.Helper()
		for _, tc := range cases {
			if got := spanLine(tc.span, atLeast); got != tc.want {
				t.Errorf("spanLine(atLeast %v) = %q\nwant       %q", atLeast, got, tc.want)
			}
		}
	}
	check(false, []lineCase{
		{Span{Pieces: []Piece{{Passage: 4}}, Matches: []Match{{Doc: "b", Similarity: 1}}, Others: 7},
			"published here first (origin of passage 4); also in b 1.00, 7 more"},
		{Span{Pieces: []Piece{{Passage: 4}, {Passage: 5}, {Passage: 9}}},
			"published here first (origin of passages 4, 5 and 9)"},
		{Span{Source: &Source{Doc: "wire", Similarity: 0.96, Earlier: true, LeadSeconds: 3 * 3600},
			Matches: []Match{{Doc: "wire", Similarity: 0.96}, {Doc: "c", Similarity: 0.9}}},
			"copied from wire (3 h earlier), similarity 0.96; also in c 0.90"},
		// A document that prints the passage in more than one place is
		// named once.
		{Span{Source: &Source{Doc: "x11-common", Start: 181, Similarity: 1}, Words: 117,
			Matches: []Match{{Doc: "x11-common", Start: 181, Similarity: 1}, {Doc: "x11-common", Start: 1576, Similarity: 0.98},
				{Doc: "b", Similarity: 0.9}, {Doc: "x11-common", Start: 3980, Similarity: 1}}},
			"shares 117 words with x11-common (order unknown), similarity 1.00; also in x11-common 1.00 (2 places), b 0.90"},
		{Span{Source: &Source{Doc: "x", Similarity: 0.8}, Attribution: "The AP reported"},
			"shared with x (order unknown), similarity 0.80; credited: “The AP reported”"},
		{Span{Source: &Source{Doc: "w", Similarity: 1, Earlier: true, LeadSeconds: 4 * 86400}, Others: 2},
			"copied from w (4 days earlier), similarity 1.00; also in 2 more"},
		// With its words counted (version 4), the line says how many.
		{Span{Words: 14, Source: &Source{Doc: "wire", Similarity: 0.96, Earlier: true, LeadSeconds: 3 * 3600}},
			"14 words copied from wire (3 h earlier), similarity 0.96"},
		{Span{Words: 1, Quoted: true, Source: &Source{Doc: "wire", Similarity: 1, Earlier: true, LeadSeconds: 60, Quoted: true}},
			"1 word quoted as wire quoted it (1 min earlier), similarity 1.00"},
		// A quote of the source's own words (a reply quoting the message
		// it answers) is quoted from it.
		{Span{Words: 39, Quoted: true, Source: &Source{Doc: "m1", Similarity: 1, Earlier: true, LeadSeconds: 2 * 3600}},
			"39 words quoted from m1 (2 h earlier), similarity 1.00"},
		// Copied without quotation marks from a source that quoted it.
		{Span{Words: 12, Source: &Source{Doc: "wire", Similarity: 0.9, Earlier: true, LeadSeconds: 3600, Quoted: true}},
			"12 words copied from wire (1 h earlier), similarity 0.90"},
		{Span{Words: 38, Source: &Source{Doc: "x", Similarity: 0.8}},
			"shares 38 words with x (order unknown), similarity 0.80"},
		// Every other copy came later (the others are not known to).
		{Span{Words: 9, Source: &Source{Doc: "late", Similarity: 0.9, Later: true, LagSeconds: 2 * 3600}},
			"shares 9 words with late (2 h later), similarity 0.90"},
	})
	// Where either document gives only its day, the lead is a bound.
	check(true, []lineCase{
		{Span{Words: 14, Source: &Source{Doc: "wire", Similarity: 0.96, Earlier: true, LeadSeconds: 6 * 3600}},
			"14 words copied from wire (at least 6 h earlier), similarity 0.96"},
		{Span{Words: 2, Quoted: true, Source: &Source{Doc: "wire", Similarity: 1, Earlier: true, LeadSeconds: 90, Quoted: true}},
			"2 words quoted as wire quoted it (at least 1 min earlier), similarity 1.00"},
		{Span{Words: 38, Source: &Source{Doc: "x", Similarity: 0.8}},
			"shares 38 words with x (order unknown), similarity 0.80"},
	})
	for s, want := range map[int64]string{0: "0 s", 59: "59 s", 60: "1 min", 3599: "59 min", 3600: "1 h", 47*3600 + 59: "47 h", 48 * 3600: "2 days"} {
		if got := lead(s); got != want {
			t.Errorf("lead(%d) = %q, want %q", s, got, want)
		}
	}
}

// closingReader is a text file that counts its closes.
type closingReader struct {
	*bytes.Reader
	closed int
}

func (c *closingReader) Close() error { c.closed++; return nil }

// TestTextFile: a report whose texts are left in its TextFile writes the
// same JSON, text and HTML as one with every text in memory (the writers
// read them back), DocumentText names the document whose text cannot be
// read, and Close closes the file.
func TestTextFile(t *testing.T) {
	texts := []string{"Alpha beta gamma delta.", "Second \"text\" here, longer than the first one.", "Third."}
	build := func(spill bool) (*Scan, *closingReader) {
		r := &Scan{Params: ScanParams{Shingle: 6}}
		var file []byte
		for i, text := range texts {
			d := ScanDocument{ID: fmt.Sprint("d", i), Text: text, Words: 3,
				Spans: []Span{{Start: 0, End: 5, Pieces: []Piece{{Passage: 1, End: 5}}}}}
			if spill {
				d.Text, d.TextAt = "", FileSpan{Offset: int64(len(file)), Length: int64(len(text))}
				file = append(file, text...)
			}
			r.Documents = append(r.Documents, d)
		}
		r.Passages = []Passage{{ID: 1, Text: "Alpha", Words: 1, Reach: Reach{Documents: 3},
			Members: []Member{{Doc: "d0", End: 5}, {Doc: "d1", End: 5}, {Doc: "d2", End: 5}}}}
		if !spill {
			return r, nil
		}
		f := &closingReader{Reader: bytes.NewReader(file)}
		r.TextFile = f
		return r, f
	}
	for _, w := range []struct {
		name  string
		write func(*Scan, *bytes.Buffer) error
	}{
		{"json", func(r *Scan, b *bytes.Buffer) error { return r.WriteJSON(b) }},
		{"text", func(r *Scan, b *bytes.Buffer) error { return r.WriteText(b) }},
		{"html", func(r *Scan, b *bytes.Buffer) error { return r.WriteHTML(b) }},
	} {
		mem, _ := build(false)
		disk, f := build(true)
		var want, got bytes.Buffer
		if err := w.write(mem, &want); err != nil {
			t.Fatal(err)
		}
		if err := w.write(disk, &got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: the report with its texts in a file writes other bytes", w.name)
		}
		// The JSON writer reads each text as it writes it and keeps none.
		if w.name == "json" {
			for _, d := range disk.Documents {
				if d.Text != "" {
					t.Errorf("json: %s's text was loaded into the report", d.ID)
				}
			}
		}
		if err := disk.Close(); err != nil || f.closed != 1 {
			t.Errorf("%s: Close: %v, file closed %d times", w.name, err, f.closed)
		}
	}
	short, _ := build(true)
	short.TextFile = bytes.NewReader([]byte(texts[0])) // d1 and d2 past its end
	if _, err := short.DocumentText(1); err == nil || !strings.Contains(err.Error(), "text of d1") {
		t.Errorf("DocumentText past the file's end: err %v, want one naming d1", err)
	}
	var b bytes.Buffer
	if err := short.WriteJSON(&b); err == nil || !strings.Contains(err.Error(), "text of d1") {
		t.Errorf("WriteJSON past the file's end: err %v, want one naming d1", err)
	}
}

// TestLeadBounds: the text report says "at least" of a lead where either
// document gives only its day (the lead then runs from the end of the
// source's day, or to the start of this document's), and not where both
// give their time.
func TestLeadBounds(t *testing.T) {
	text := "Copied words here and there. Said in other words."
	src := func(doc string, lead int64) *Source {
		return &Source{Doc: doc, Similarity: 1, Earlier: true, LeadSeconds: lead}
	}
	span := func(doc string, lead int64) []Span {
		return []Span{{Start: 0, End: 28, Words: 5, Pieces: []Piece{{Passage: 1, Start: 0, End: 28}}, Source: src(doc, lead)}}
	}
	rewrite := func(doc string, lead int64) []Rewrite {
		return []Rewrite{{Start: 29, End: 49, With: *src(doc, lead)}}
	}
	r := &Scan{Documents: []ScanDocument{
		{ID: "wire", Text: text, Published: "2017-12-17T08:00:00Z", Rewrites: []Rewrite{{Start: 29, End: 49, With: Source{Doc: "timed", Similarity: 1, Later: true, LagSeconds: 3 * 3600}}}},
		{ID: "day", Text: text, Published: "2017-12-18", Spans: span("wire", 16*3600)},
		{ID: "timed", Text: text, Published: "2017-12-17T11:00:00Z", Spans: span("wire", 3*3600), Rewrites: rewrite("wire", 3*3600)},
		{ID: "after-day", Text: text, Published: "2017-12-19T06:00:00Z", Spans: span("day", 6*3600), Rewrites: rewrite("day", 6*3600)},
		{ID: "day-after-day", Text: text, Published: "2017-12-20", Spans: span("day", 24*3600)},
	}}
	var out bytes.Buffer
	if err := r.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, part := range strings.Split(out.String(), "\n\n")[1:] {
		id, _, _ := strings.Cut(part, " ")
		parts[id] = part
	}
	for id, want := range map[string][]string{
		"day":           {"copied from wire (at least 16 h earlier)"},
		"wire":          {"timed says it in other words (3 h later)"},
		"timed":         {"copied from wire (3 h earlier)", "says in other words what wire says (3 h earlier)"},
		"after-day":     {"copied from day (at least 6 h earlier)", "says in other words what day says (at least 6 h earlier)"},
		"day-after-day": {"copied from day (at least 24 h earlier)"},
	} {
		for _, w := range want {
			if !strings.Contains(parts[id], w) {
				t.Errorf("%s: no %q in\n%s", id, w, parts[id])
			}
		}
		if (id == "timed" || id == "wire") && strings.Contains(parts[id], "at least") {
			t.Errorf("%s: a lead between two times is exact:\n%s", id, parts[id])
		}
	}
}

// TestPassageMembersByTime: the text report names a passage's members as
// they came out (times in other zones compared as instants), those of no
// known time last; without times, in the report's order.
func TestPassageMembersByTime(t *testing.T) {
	text := "Copied words here and there."
	docs := []ScanDocument{
		{ID: "a-blog", Text: text, Published: "2026-03-04"},
		{ID: "b-paper", Text: text, Published: "2026-03-03T11:00:00Z"},
		{ID: "c-untimed", Text: text},
		{ID: "d-wire", Text: text, Published: "2026-03-03T09:00:00Z"},
		{ID: "e-offset", Text: text, Published: "2026-03-03T08:30:00-05:00"}, // 13:30 UTC
	}
	var members []Member
	for _, d := range docs {
		members = append(members, Member{Doc: d.ID, Start: 0, End: 28, Similarity: 1})
	}
	// A document that carries the passage three times is named once.
	members = append(members, Member{Doc: "b-paper", Start: 0, End: 5}, Member{Doc: "b-paper", Start: 6, End: 11})
	for _, c := range []struct {
		timed bool
		want  string
	}{
		{true, "     d-wire, b-paper (3 times), e-offset, a-blog, c-untimed\n"},
		{false, "     a-blog, b-paper (3 times), c-untimed, d-wire, e-offset\n"},
	} {
		r := &Scan{Documents: slices.Clone(docs), Passages: []Passage{{ID: 1, Text: text, Words: 5, Members: slices.Clone(members)}}}
		if !c.timed {
			for i := range r.Documents {
				r.Documents[i].Published = ""
			}
		}
		var out bytes.Buffer
		if err := r.WriteText(&out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), c.want) {
			t.Errorf("times %v: members not listed as %q:\n%s", c.timed, c.want, out.String())
		}
	}
	// Of 14 documents, one carrying it three times, 12 are named and the
	// other 2 counted: documents, not members.
	var many []Member
	for i := range 14 {
		many = append(many, Member{Doc: fmt.Sprintf("d%02d", i)})
	}
	many = append(many, Member{Doc: "d03", Start: 9}, Member{Doc: "d03", Start: 19})
	r := &Scan{Passages: []Passage{{ID: 1, Text: text, Words: 5, Reach: Reach{Documents: 14}, Members: many}}}
	var out bytes.Buffer
	if err := r.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if want := "d00, d01, d02, d03 (3 times), d04, d05, d06, d07, d08, d09, d10, d11, and 2 more\n"; !strings.Contains(out.String(), want) {
		t.Errorf("14 documents, 16 members: not listed as %q:\n%s", want, out.String())
	}
	// No member names an outlet: the reach in outlets says nothing and is
	// not given; where one does, it is.
	if want := "1. 14 documents, 5 words,"; !strings.Contains(out.String(), want) {
		t.Errorf("no outlets named: not %q:\n%s", want, out.String())
	}
	r.Documents = []ScanDocument{{ID: "d03", Outlet: "AP"}}
	r.Passages[0].Reach.Outlets = 14
	out.Reset()
	if err := r.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if want := "1. 14 documents, 14 outlets, 5 words,"; !strings.Contains(out.String(), want) {
		t.Errorf("an outlet named: not %q:\n%s", want, out.String())
	}
	r.Passages[0].Words = 1
	out.Reset()
	if err := r.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if want := "1. 14 documents, 14 outlets, 1 word,"; !strings.Contains(out.String(), want) {
		t.Errorf("one word: not %q:\n%s", want, out.String())
	}
}

// TestRewritesInReports: a document's rewrites are written in text order
// among its spans in the text report, with their share, and a version 3
// report (no rewrites) still reads.
func TestRewritesInReports(t *testing.T) {
	a := "Copied words here. The minister said buses would replace the trains. End."
	b := "Trains will be replaced by buses, the minister said. Copied words here."
	r := &Scan{Documents: []ScanDocument{
		{ID: "a", Text: a, Words: 12, OriginalFraction: 0.8, RewrittenFraction: 0.5,
			Spans:    []Span{{Start: 0, End: 17, Pieces: []Piece{{Passage: 1, Start: 0, End: 17}}, Source: &Source{Doc: "b", Start: 53, End: 70, Similarity: 1}}},
			Rewrites: []Rewrite{{Start: 19, End: 68, With: Source{Doc: "b", Start: 0, End: 51, Similarity: 0.6, Earlier: true, LeadSeconds: 7200}}}},
		{ID: "b", Text: b, Words: 12, OriginalFraction: 0.9,
			Rewrites: []Rewrite{{Start: 0, End: 51, With: Source{Doc: "a", Start: 19, End: 68, Similarity: 0.6, Later: true, LagSeconds: 7200}}}},
	}, Passages: []Passage{{ID: 1, Text: "Copied words here", Words: 3, Members: []Member{
		{Doc: "a", Start: 0, End: 17, Similarity: 1, Representative: true}, {Doc: "b", Start: 53, End: 70, Similarity: 1}}},
	}, Pairs: []ScanPair{{A: "a", B: "b", RewrittenA: 0.5, RewrittenB: 0.6, Passages: []PairPassage{
		{AStart: 19, AEnd: 68, BStart: 0, BEnd: 51, Words: 8, Similarity: 0.6, Kind: KindRewrite},
		{AStart: 0, AEnd: 17, BStart: 53, BEnd: 70, Words: 3, Similarity: 1, Kind: KindCopy},
	}}}}
	var out bytes.Buffer
	if err := r.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	span := strings.Index(text, "“Copied words here”")
	rw := strings.Index(text, "rewrite “The minister said buses would replace the trains.”")
	if span < 0 || rw < span || !strings.Contains(text, "says in other words what b says (2 h earlier), similarity 0.60") ||
		!strings.Contains(text, "1 rewrite (50% rewritten)") ||
		// b's sentence that a says again later is not a rewrite of b's.
		!strings.Contains(text, "b   90% original, 0 shared spans, rewritten later by others in 1 place\n") {
		t.Errorf("text report:\n%s", text)
	}
	// A rewrite whose words are all in shared spans leaves none rewritten:
	// the line says so rather than "0% rewritten".
	r.Documents[0].RewrittenFraction = 0
	out.Reset()
	if err := r.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if text := out.String(); !strings.Contains(text, "1 rewrite (within shared spans)\n") {
		t.Errorf("text report:\n%s", text)
	}
	r.Documents[0].RewrittenFraction = 0.5
	// Sort puts a pair's passages in a's order, copies first at a tie.
	if r.Pairs[0].Passages[0].Kind != KindCopy {
		t.Errorf("pair passages after Sort: %+v", r.Pairs[0].Passages)
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	v3 := strings.Replace(js.String(), fmt.Sprintf(`"version": %d`, ScanVersion), `"version": 3`, 1)
	if _, err := ReadScan(strings.NewReader(v3)); err != nil {
		t.Errorf("a version 3 report: %v", err)
	}
	v2 := strings.Replace(js.String(), fmt.Sprintf(`"version": %d`, ScanVersion), `"version": 2`, 1)
	if _, err := ReadScan(strings.NewReader(v2)); err == nil {
		t.Errorf("a version 2 report reads")
	}
}

// TestWriteJSONLines: the JSON Lines report has a line a document, skip,
// outlet, passage and pair, each holding the element the JSON report's
// array has, in its order, after a line with the report's own fields; a
// document's text, left in the text file, is in its line.
func TestWriteJSONLines(t *testing.T) {
	ts := &Scan{Version: ScanVersion, Params: ScanParams{Shingle: 6}}
	for i := range 5 {
		ts.Documents = append(ts.Documents, ScanDocument{ID: fmt.Sprintf("d%d", i), Outlet: fmt.Sprintf("o%d", i%2), Text: "He said \"<b>\" & ’s\nline two", Words: 6,
			Spans: []Span{{Start: 0, End: 7, Matches: []Match{{Doc: fmt.Sprintf("d%d", (i+1)%5), Start: 0, End: 7, Similarity: 1}}}}})
	}
	ts.Documents[3].Text, ts.Documents[3].TextAt = "", FileSpan{Offset: 2, Length: 4}
	ts.TextFile = strings.NewReader("xxtextyy")
	ts.Passages = []Passage{{ID: 1, Text: "He said", Members: []Member{{Doc: "d0", Start: 0, End: 7}, {Doc: "d1", Start: 0, End: 7}}, Reach: Reach{Documents: 2, Outlets: 2}, Words: 2}}
	ts.Pairs = []ScanPair{{A: "d0", B: "d1", Jaccard: 0.5, Pieces: 1}}
	ts.Skipped = []Skipped{{ID: "x", Path: "x.txt", Reason: "binary"}}
	var whole, lines bytes.Buffer
	if err := ts.WriteJSON(&whole); err != nil {
		t.Fatal(err)
	}
	if err := ts.WriteJSONLines(&lines); err != nil {
		t.Fatal(err)
	}
	var rep map[string]json.RawMessage
	if err := json.Unmarshal(whole.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	// What the lines should be, from the JSON report, compacted.
	compact := func(raw json.RawMessage) string {
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	head := `{"report":{"version":` + compact(rep["version"]) + `,"params":` + compact(rep["params"]) + `,"archive":` + compact(rep["archive"]) + `}}`
	want := []string{head}
	for _, k := range []struct{ array, kind string }{{"documents", "document"}, {"skipped", "skipped"}, {"outlets", "outlet"}, {"passages", "passage"}, {"pairs", "pair"}} {
		var xs []json.RawMessage
		if err := json.Unmarshal(rep[k.array], &xs); err != nil {
			t.Fatal(err)
		}
		for _, x := range xs {
			want = append(want, `{"`+k.kind+`":`+compact(x)+`}`)
		}
	}
	got := strings.Split(strings.TrimSuffix(lines.String(), "\n"), "\n")
	if len(got) != len(want) || len(got) != 1+5+1+2+1+1 {
		t.Fatalf("%d lines, want %d (and 11)", len(got), len(want))
	}
	for i := range got {
		// The JSON report escapes as the lines do; compacting only drops
		// the indentation.
		if compact(json.RawMessage(got[i])) != want[i] {
			t.Errorf("line %d:\n%s\nwant\n%s", i+1, got[i], want[i])
		}
	}
	if !strings.Contains(got[4], `"text":"text"`) {
		t.Errorf("document d3's line lacks its text from the text file: %s", got[4])
	}
}

// TestJSONLinesInParts: the JSON Lines report written in parts, as a
// Beam run writes it (the head; the documents in runs, each put in order
// on its own with the passages' new numbers; the skipped inputs and the
// ledger, from a report that holds of each document only what the ledger
// reads and of each passage what its order reads; and the passages and
// pairs, in runs, each put in order on its own), is WriteJSONLines's
// bytes. The passages come in random order, so that
// they are renumbered, and the documents copy from one another's outlets
// at known times, so that the ledger has sources and delays to get wrong.
func TestJSONLinesInParts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const nDocs, nPassages = 40, 60
	rep := &Scan{Params: ScanParams{Shingle: 6, Partners: 5}, Skipped: []Skipped{{ID: "x", Path: "x.txt", Reason: "binary"}}}
	for i := range nPassages {
		rep.Passages = append(rep.Passages, Passage{ID: i + 1, Origin: fmt.Sprintf("d%02d", r.IntN(nDocs)), Order: OrderOrigin,
			Reach: Reach{Documents: 2 + r.IntN(4)}, Words: 8 + r.IntN(10), Members: []Member{{Doc: fmt.Sprintf("d%02d", r.IntN(nDocs)), Start: r.IntN(50)}, {Doc: "d05", Start: 7}}})
	}
	for i := range nDocs {
		d := ScanDocument{ID: fmt.Sprintf("d%02d", i), Outlet: fmt.Sprintf("o%d", i%4), Text: strings.Repeat("word ", 40),
			Published: fmt.Sprintf("2017-12-17T%02d:00:00Z", i%24), Words: 40, OriginalFraction: r.Float64(), RewrittenFraction: r.Float64() / 10}
		for k := range 1 + r.IntN(3) {
			sp := Span{Start: 60 - 20*k, End: 70 - 20*k, Words: 2, Quoted: r.IntN(4) == 0,
				Pieces:  []Piece{{Passage: 1 + r.IntN(nPassages), Start: 60 - 20*k, End: 70 - 20*k}},
				Matches: []Match{{Doc: "d00", Similarity: 0.5}, {Doc: "d01", Similarity: 0.9}}}
			if r.IntN(3) > 0 {
				sp.Source = &Source{Doc: fmt.Sprintf("d%02d", r.IntN(nDocs)), Similarity: 0.9, Earlier: r.IntN(2) == 0}
			}
			d.Spans = append(d.Spans, sp)
		}
		rep.Documents = append(rep.Documents, d)
		if i%5 == 0 {
			rep.Pairs = append(rep.Pairs, ScanPair{A: fmt.Sprintf("d%02d", nDocs-1-i), B: "e", Jaccard: 0.1,
				Passages: []PairPassage{{AStart: 9, Kind: KindCopy}, {AStart: 2, Kind: KindRewrite}}})
		}
	}
	// The parts start from a copy of the report as it was before sorting.
	var parts Scan
	js, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &parts); err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	if err := rep.WriteJSONLines(&whole); err != nil {
		t.Fatal(err)
	}
	if len(rep.Outlets) != 4 || len(rep.Outlets[0].CopiedFrom) == 0 || len(rep.Outlets[0].SharedWith) == 0 || rep.Outlets[0].MedianDelaySeconds == nil {
		t.Fatalf("outlets %+v: want 4, with sources, sharers and delays", rep.Outlets)
	}
	// The join: what the ledger and the passages' order read.
	join := &Scan{Params: parts.Params, Skipped: parts.Skipped}
	for i := range parts.Documents {
		join.Documents = append(join.Documents, parts.Documents[i].ForLedger())
	}
	for i := range parts.Passages {
		join.Passages = append(join.Passages, parts.Passages[i].ForOrder())
	}
	was := join.SortNumbering()
	now := map[int]int{}
	for i, old := range was {
		now[old] = i + 1
	}
	renumber := func(old int) (int, bool) { n, ok := now[old]; return n, ok }
	var got bytes.Buffer
	if err := join.WriteJSONLinesHead(&got); err != nil {
		t.Fatal(err)
	}
	for lo := 0; lo < nDocs; lo += 15 {
		if err := WriteDocumentLines(&got, parts.Documents[lo:min(lo+15, nDocs)], renumber); err != nil {
			t.Fatal(err)
		}
	}
	if err := join.WriteJSONLinesLedger(&got); err != nil {
		t.Fatal(err)
	}
	// The passages and pairs, put in order as the join says, in runs.
	passages := make([]Passage, len(parts.Passages))
	for _, p := range parts.Passages {
		p.ID = now[p.ID]
		passages[p.ID-1] = p
	}
	pairs := slices.Clone(parts.Pairs)
	slices.SortFunc(pairs, ComparePairs)
	for lo := 0; lo < nPassages; lo += 25 {
		if err := WritePassageLines(&got, passages[lo:min(lo+25, nPassages)]); err != nil {
			t.Fatal(err)
		}
	}
	for lo := 0; lo < len(pairs); lo += 3 {
		if err := WritePairLines(&got, pairs[lo:min(lo+3, len(pairs))]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got.Bytes(), whole.Bytes()) {
		g, w := got.Bytes(), whole.Bytes()
		i := 0
		for i < min(len(g), len(w)) && g[i] == w[i] {
			i++
		}
		t.Fatalf("in parts, the lines differ at byte %d: %q, want %q", i, g[max(0, i-60):min(len(g), i+60)], w[max(0, i-60):min(len(w), i+60)])
	}
	moved := 0
	for i, old := range was {
		if old != i+1 {
			moved++
		}
	}
	if moved == 0 {
		t.Error("no passage was renumbered: the test does not test renumbering")
	}
}

// TestWriteTextInWindows: the text report, whose documents' parts are
// made in parallel a window at a time, lists every document once, in the
// order asked for, each with its own span, across windows; archived
// documents are left out.
func TestWriteTextInWindows(t *testing.T) {
	r := &Scan{}
	const n = 1300
	for i := range n {
		r.Documents = append(r.Documents, ScanDocument{ID: fmt.Sprintf("d%04d", i), Text: fmt.Sprintf("Words of document %04d here.", i),
			Words: 5, OriginalFraction: float64(n-i) / n, Archived: i == 7,
			Spans: []Span{{Start: 0, End: 22, Words: 4, Matches: []Match{}}}})
	}
	for _, order := range []string{OrderInput, OrderCopied} {
		var b bytes.Buffer
		if err := r.WriteTextBy(&b, order); err != nil {
			t.Fatal(err)
		}
		heads := regexp.MustCompile(`(?m)^(d\d{4})  .*\n  prose  “Words of document (\d{4})`).FindAllStringSubmatch(b.String(), -1)
		if len(heads) != n-1 {
			t.Fatalf("order %s: %d documents listed with their span, want %d", order, len(heads), n-1)
		}
		var want []string // the least original first, for OrderCopied
		for i := range n {
			if order == OrderCopied {
				i = n - 1 - i
			}
			if i != 7 {
				want = append(want, fmt.Sprintf("d%04d", i))
			}
		}
		for k, h := range heads {
			if h[1] != want[k] || h[2] != want[k][1:] {
				t.Fatalf("order %s: listed %d is %s with the span of %s, want %s", order, k, h[1], h[2], want[k])
			}
		}
	}
}

// failingAt is a text file whose reads fail at offsets from bad on.
type failingAt struct{ bad int64 }

func (f failingAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= f.bad {
		return 0, fmt.Errorf("bad sector at %d", off)
	}
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// TestLoadTextsError: texts are read on several goroutines, and the error
// is the first document's in order whose read failed, whichever failed
// first in time.
func TestLoadTextsError(t *testing.T) {
	r := &Scan{TextFile: failingAt{bad: 5000 * 10}}
	for i := range 9000 {
		r.Documents = append(r.Documents, ScanDocument{ID: fmt.Sprintf("d%04d", i), TextAt: FileSpan{Offset: int64(i) * 10, Length: 10}})
	}
	for range 5 {
		err := r.LoadTexts()
		if err == nil || !strings.Contains(err.Error(), "of d5000:") {
			t.Fatalf("LoadTexts: %v, want the error of d5000", err)
		}
	}
	if r.Documents[4999].Text != "xxxxxxxxxx" || r.Documents[5000].Text != "" {
		t.Errorf("texts %q and %q, want d4999's read and d5000's not", r.Documents[4999].Text, r.Documents[5000].Text)
	}
}

// encoded returns v as a json.Encoder writes it with an indent of two
// spaces and HTML left unescaped: what the report writers' bytes must be.
func encoded(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// firstDifference describes where got first differs from want, with the
// bytes around it, or returns "" if they are equal.
func firstDifference(got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	i := 0
	for i < min(len(got), len(want)) && got[i] == want[i] {
		i++
	}
	return fmt.Sprintf("at byte %d: %q, want %q", i, got[max(0, i-40):min(len(got), i+40)], want[max(0, i-40):min(len(want), i+40)])
}

// TestSortTies: passages that Sort's rule cannot tell apart (one reach,
// words and first member) keep the order they were given in, on any
// number of processors, as a stable sort of them by the rule does.
func TestSortTies(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 5000
	var ps []Passage
	for i := range n {
		ps = append(ps, Passage{ID: i + 1, Text: fmt.Sprint(i), Reach: Reach{Documents: 2 + r.IntN(2)}, Words: 10 + r.IntN(2),
			Members: []Member{{Doc: fmt.Sprint(r.IntN(3)), Start: r.IntN(2)}}})
	}
	r.Shuffle(n, func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	want := slices.Clone(ps)
	slices.SortStableFunc(want, func(a, b Passage) int { return comparePassages(&a, &b) })
	for _, procs := range []int{1, 2, 3, 4} {
		prev := runtime.GOMAXPROCS(procs)
		rep := &Scan{Passages: slices.Clone(ps)}
		rep.Sort()
		runtime.GOMAXPROCS(prev)
		for i, p := range rep.Passages {
			if p.Text != want[i].Text {
				t.Fatalf("%d processors: passage %d is the one given as %s, want %s", procs, i+1, p.Text, want[i].Text)
			}
		}
	}
}

// TestSkippedPlace: a skipped record inside a file is named by its line
// and its id, which says which record it is; a skipped file by its path
// alone; an input with no path by its id.
func TestSkippedPlace(t *testing.T) {
	for _, c := range []struct {
		s    Skipped
		want string
	}{
		{Skipped{ID: "c", Path: "bad.jsonl:3"}, `bad.jsonl:3 (id "c")`},
		{Skipped{ID: "list#4", Path: "list.mbox:120"}, `list.mbox:120 (id "list#4")`},
		{Skipped{ID: "feed#2", Path: "feed.json#2"}, `feed.json#2 (id "feed#2")`},
		{Skipped{Path: "bad.jsonl:4"}, "bad.jsonl:4"},
		{Skipped{ID: "readme", Path: "docs/readme.zip"}, "docs/readme.zip"},
		{Skipped{ID: "notes", Path: "c:notes"}, "c:notes"},
		{Skipped{ID: "x"}, "x"},
	} {
		if got := c.s.Place(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.s, got, c.want)
		}
	}
	var b strings.Builder
	writeSkipped(&b, []Skipped{{ID: "c", Path: "bad.jsonl:3", Reason: "no text"}})
	if want := "  bad.jsonl:3 (id \"c\"): no text\n"; !strings.HasSuffix(b.String(), want) {
		t.Errorf("text report %q, want it to end %q", b.String(), want)
	}
}

// TestTwoPlaces: a similarity that rounds to 0.00 but is a match is
// written "<0.01"; the others with two decimals.
func TestTwoPlaces(t *testing.T) {
	for x, want := range map[float64]string{0: "0.00", 0.004: "<0.01", 0.0049: "<0.01", 0.005: "0.01", 0.38: "0.38", 0.999: "1.00", 1: "1.00"} {
		if got := twoPlaces(x); got != want {
			t.Errorf("twoPlaces(%v) = %q, want %q", x, got, want)
		}
	}
}

// TestSkippedListed: the text report lists by name the first few inputs
// skipped for one kind of reason (what comes before its details) and
// counts the rest, in input order; a kind with one input more than it
// lists is listed whole.
func TestSkippedListed(t *testing.T) {
	var skipped []Skipped
	for i := range 10 {
		skipped = append(skipped, Skipped{ID: fmt.Sprint("asset", i), Path: fmt.Sprintf("site/asset%d.css", i), Reason: "not a document"})
		if i < 4 {
			skipped = append(skipped, Skipped{ID: fmt.Sprint("empty", i), Path: fmt.Sprintf("site/empty%d.txt", i), Reason: "no text"})
		}
		if i < 5 {
			skipped = append(skipped, Skipped{Path: fmt.Sprintf("x.jsonl:%d", i+1), Reason: fmt.Sprintf("not valid JSON: error at byte %d", i)})
		}
	}
	var b strings.Builder
	writeSkipped(&b, skipped)
	want := strings.Join([]string{"", "Skipped",
		"  site/asset0.css: not a document", "  site/empty0.txt: no text", "  x.jsonl:1: not valid JSON: error at byte 0",
		"  site/asset1.css: not a document", "  site/empty1.txt: no text", "  x.jsonl:2: not valid JSON: error at byte 1",
		"  site/asset2.css: not a document", "  site/empty2.txt: no text", "  x.jsonl:3: not valid JSON: error at byte 2",
		"  site/empty3.txt: no text",
		"  and 7 more: not a document (the JSON report lists them all)",
		"  and 2 more: not valid JSON (the JSON report lists them all)", ""}, "\n")
	if b.String() != want {
		t.Errorf("text report:\n%s\nwant\n%s", b.String(), want)
	}
}
