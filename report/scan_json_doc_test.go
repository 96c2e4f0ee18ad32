package report

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// wantDocument is a document's JSON as encodeEach made it with
// encoding/json and appendIndented: the oracle appendDocument is held to.
func wantDocument(t testing.TB, v any, prefix string, compact, html bool) ([]byte, error) {
	t.Helper()
	b, err := encodeJSON(v, html)
	if err != nil || compact {
		return b, err
	}
	return appendIndented(nil, b, prefix, "  "), nil
}

// checkDocument compares appendDocument with the oracle on d, in every
// layout, with and without HTML escapes.
func checkDocument(t testing.TB, d *ScanDocument) { checkJSON(t, d, appendDocument) }

// checkJSON compares an appender with the oracle on v, in every layout,
// with and without HTML escapes.
func checkJSON[T any](t testing.TB, v *T, appendJSON func(dst []byte, v *T, prefix string, compact, html bool) ([]byte, error)) {
	t.Helper()
	for _, compact := range []bool{false, true} {
		for _, html := range []bool{false, true} {
			want, werr := wantDocument(t, v, "    ", compact, html)
			got, gerr := appendJSON([]byte("kept"), v, "    ", compact, html)
			if (werr != nil) != (gerr != nil) {
				t.Fatalf("compact %v, html %v: error %v, encoding/json's %v", compact, html, gerr, werr)
			}
			if werr != nil {
				continue
			}
			if !bytes.HasPrefix(got, []byte("kept")) || !bytes.Equal(got[4:], want) {
				t.Fatalf("compact %v, html %v:\n%s\nwant\n%s", compact, html, got, want)
			}
		}
	}
}

// randomDocument fills a document at random from r: strings rich in what
// JSON escapes, numbers at the edges of encoding/json's formats, lists
// nil, empty or not.
func randomDocument(r *rand.Rand) *ScanDocument {
	parts := []string{"a", "Putin", " ", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "<", ">", "&", "é", "—", "\u2028", "\u2029", "\xff", "\xe2\x80", "😀", "/", "'"}
	str := func() string {
		var b []byte
		for range r.IntN(8) {
			b = append(b, parts[r.IntN(len(parts))]...)
		}
		return string(b)
	}
	floats := []float64{0, 1, 0.5, 1.0 / 3, 2.0 / 3, 1e-6, 9.99e-7, 1e-7, 1.5e-300, 1e20, 1e21, 1.2345e22, -0.25, 123456.789}
	num := func() float64 {
		if r.IntN(3) == 0 {
			return r.Float64()
		}
		return floats[r.IntN(len(floats))]
	}
	n := func() int { return r.IntN(3) - 1 } // -1: nil
	source := func() Source {
		return Source{Doc: str(), Start: r.IntN(5000), End: r.IntN(5000), Similarity: num(), Earlier: r.IntN(2) == 0, LeadSeconds: r.Int64N(1<<40) - 1<<39, Quoted: r.IntN(2) == 0}
	}
	rangesOf := func() []Range {
		k := n()
		if k < 0 {
			return nil
		}
		rs := make([]Range, k)
		for i := range rs {
			rs[i] = Range{r.IntN(9000), r.IntN(9000)}
		}
		return rs
	}
	d := &ScanDocument{ID: str(), Path: str(), Outlet: str(), Published: str(), Title: str(), URL: str(), Text: str(),
		Encoding: str(), Note: str(), Archived: r.IntN(2) == 0, Words: r.IntN(2000), OriginalFraction: num(), RewrittenFraction: num(),
		Original: rangesOf(), Boilerplate: rangesOf()}
	if k := n(); k >= 0 {
		d.Spans = make([]Span, k)
		for i := range d.Spans {
			s := Span{Start: r.IntN(9000), End: r.IntN(9000), Words: r.IntN(300), Quoted: r.IntN(2) == 0, Attribution: str(), Others: r.IntN(100000)}
			if r.IntN(2) == 0 {
				src := source()
				s.Source = &src
			}
			if k := n(); k >= 0 {
				s.Pieces = make([]Piece, k)
				for p := range s.Pieces {
					s.Pieces[p] = Piece{r.IntN(500), r.IntN(9000), r.IntN(9000)}
				}
			}
			if k := n(); k >= 0 {
				s.Matches = make([]Match, k)
				for m := range s.Matches {
					s.Matches[m] = Match{Doc: str(), Start: r.IntN(9000), End: r.IntN(9000), Similarity: num()}
				}
			}
			d.Spans[i] = s
		}
	}
	if k := n(); k >= 0 {
		d.Rewrites = make([]Rewrite, k)
		for i := range d.Rewrites {
			d.Rewrites[i] = Rewrite{Start: r.IntN(9000), End: r.IntN(9000), Words: r.IntN(90), With: source(), Others: r.IntN(9)}
		}
	}
	if k := n(); k >= 0 {
		d.Attributions = make([]Attribution, k)
		for i := range d.Attributions {
			a := Attribution{Start: r.IntN(9000), End: r.IntN(9000)}
			if k := n(); k >= 0 {
				a.Sources = make([]string, k)
				for s := range a.Sources {
					a.Sources[s] = str()
				}
			}
			d.Attributions[i] = a
		}
	}
	if k := n(); k >= 0 {
		d.Repairs = make([]Repair, k)
		for i := range d.Repairs {
			d.Repairs[i] = Repair{Start: r.IntN(9000), End: r.IntN(9000), Was: str(), Kind: str(), Guess: r.IntN(2) == 0}
		}
	}
	return d
}

// TestReportJSON: appendDocument, appendPassage and appendPair write
// what encoding/json and appendIndented write, on random values, on empty
// ones, and on ones whose number encoding/json refuses.
func TestReportJSON(t *testing.T) {
	checkDocument(t, &ScanDocument{})
	checkJSON(t, &Passage{}, appendPassage)
	checkJSON(t, &ScanPair{}, appendPair)
	r := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		d := randomDocument(r)
		checkDocument(t, d)
		checkJSON(t, randomPassage(r, d), appendPassage)
		checkJSON(t, randomPair(r, d), appendPair)
	}
	checkDocument(t, &ScanDocument{ID: "nan", OriginalFraction: math.NaN()})
	checkDocument(t, &ScanDocument{ID: "inf", Spans: []Span{{Matches: []Match{{Similarity: math.Inf(1)}}}}})
	checkJSON(t, &Passage{Members: []Member{{Similarity: math.NaN()}}}, appendPassage)
	checkJSON(t, &ScanPair{Jaccard: math.Inf(-1)}, appendPair)
}

// randomPassage makes a passage at random from r, its strings and numbers
// drawn from document d's (randomDocument).
func randomPassage(r *rand.Rand, d *ScanDocument) *Passage {
	p := &Passage{ID: r.IntN(1000), Text: d.Text, Origin: d.ID, Order: d.Note, Reach: Reach{r.IntN(100000), r.IntN(5000)},
		Words: d.Words, Quoted: d.Archived}
	if len(d.Spans) > 0 || r.IntN(2) == 0 {
		p.Members = []Member{}
	}
	for _, s := range d.Spans {
		for _, m := range s.Matches {
			p.Members = append(p.Members, Member{Doc: m.Doc, Start: m.Start, End: m.End, Similarity: m.Similarity, Quoted: s.Quoted, Representative: r.IntN(2) == 0})
		}
	}
	return p
}

// randomPair makes a document pair at random from r and document d.
func randomPair(r *rand.Rand, d *ScanDocument) *ScanPair {
	p := &ScanPair{A: d.ID, B: d.Title, Jaccard: d.OriginalFraction, ContainmentAInB: d.RewrittenFraction, ContainmentBInA: r.Float64(),
		SharedA: 1e-7 * r.Float64(), SharedB: 1e21 * r.Float64(), Pieces: r.IntN(40), RewrittenA: r.Float64(), RewrittenB: 0}
	if len(d.Spans) > 0 || r.IntN(2) == 0 {
		p.Passages = []PairPassage{}
	}
	for _, s := range d.Spans {
		p.Passages = append(p.Passages, PairPassage{AStart: s.Start, AEnd: s.End, BStart: s.Others, BEnd: s.Words, Words: s.Words, Similarity: float64(s.Others) / 7, Kind: s.Attribution})
	}
	return p
}

// FuzzDocumentJSON: the same, on a document made from the fuzzer's seed
// and text (every string field and the spans' attributions the text).
func FuzzDocumentJSON(f *testing.F) {
	f.Add(uint64(1), "Putin thanked Trump.\n\"A tip,\" <he> said & \u2028 \xff")
	f.Add(uint64(2), "")
	f.Fuzz(func(t *testing.T, seed uint64, text string) {
		d := randomDocument(rand.New(rand.NewPCG(seed, 7)))
		d.Text, d.ID, d.Title = text, text, text
		for i := range d.Spans {
			d.Spans[i].Attribution = text
		}
		checkDocument(t, d)
	})
}

// BenchmarkDocumentJSON writes a news article's report, its text and a
// dozen spans, indented as in the JSON report, with encoding/json and
// appendIndented, and with appendDocument.
func BenchmarkDocumentJSON(b *testing.B) {
	r := rand.New(rand.NewPCG(8, 9))
	d := randomDocument(r)
	for len(d.Spans) < 12 {
		d.Spans = append(d.Spans, randomDocument(r).Spans...)
	}
	d.Text = string(bytes.Repeat([]byte("Russian President Vladimir Putin thanked U.S. President Donald Trump for a CIA tip.\n"), 36))
	want, _ := wantDocument(b, d, "    ", false, false)
	for _, bc := range []struct {
		name string
		f    func(dst []byte) []byte
	}{
		{"encoding-json", func(dst []byte) []byte {
			c, _ := encodeJSON(d, false)
			return appendIndented(dst, c, "    ", "  ")
		}},
		{"appendDocument", func(dst []byte) []byte {
			out, _ := appendDocument(dst, d, "    ", false, false)
			return out
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(want)))
			b.ReportAllocs()
			var buf []byte
			for b.Loop() {
				buf = bc.f(buf[:0])
			}
			if !bytes.Equal(buf, want) {
				b.Fatal("not the report's bytes")
			}
		})
	}
}
