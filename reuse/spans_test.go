package reuse

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// TestClosest: closest returns the k first elements of a full sort, in
// order, for k small and large against the list, with ties in the first
// key broken by the second.
func TestClosest(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	type item struct{ key, id int }
	order := func(a, b item) int {
		if a.key != b.key {
			return b.key - a.key // greater keys first, as closer ranks similarity
		}
		return a.id - b.id
	}
	for round := range 400 {
		n, k := r.IntN(300), 1+r.IntN(8)
		if round%4 == 0 {
			k = 1 + r.IntN(400)
		}
		var s []item
		for i := range n {
			s = append(s, item{r.IntN(20), i})
		}
		want := slices.Clone(s)
		slices.SortFunc(want, order)
		want = want[:min(k, n)]
		if got := closest(s, k, order); !slices.Equal(got, want) {
			t.Fatalf("round %d, k %d of %d: %v, want %v", round, k, n, got, want)
		}
	}
}

// TestNearer: as sources, partners go fewest edits first, then earliest,
// however similar: a copy shorter by a deleted word is more similar to a
// copy that substituted that word than their source is, at the same
// edits; the source, earlier, comes first.
func TestNearer(t *testing.T) {
	// A span of 20 words; the source has 20 (one substituted: 19
	// matched), another copy 19 (that word deleted: 19 matched).
	source := partner{n: 1, rank: 0, edits: 20 - 19, sim: 2 * 19 / 40.0}
	shorter := partner{n: 2, rank: 7, edits: 20 - 19, sim: 2 * 19 / 39.0}
	edited := partner{n: 3, rank: 3, edits: 3, sim: 2 * 19 / 40.0}
	if nearer(source, shorter) >= 0 || nearer(shorter, edited) >= 0 || nearer(source, source) != 0 {
		t.Errorf("nearer: source %d shorter, shorter %d edited", nearer(source, shorter), nearer(shorter, edited))
	}
	if closer(shorter, source) >= 0 {
		t.Errorf("closer: the shorter copy is not the more similar")
	}
	if got, _ := firstBy([]partner{edited, shorter, source}, nearer); got != source {
		t.Errorf("firstBy nearer = %+v, want the source", got)
	}
}

// TestSourceOfUnknownOrder: with no times, a span's source is the closest
// member, and of equally close ones the document that shares the most of
// the span's document: a licence printed twice names its twin as the
// source of every sentence, in one span, not, sentence by sentence, an
// older version read first that carries some of them alike (as GPL named
// GPL-1 for half its sentences and GPL-3 for the rest, in 33 spans).
func TestSourceOfUnknownOrder(t *testing.T) {
	sentences := []string{
		"This licence lets you copy and share the program with anyone you choose to give it to.",
		"You may charge a fee for the physical act of transferring a copy of the program.",
		"Each copy you give away must carry this notice and the disclaimer of warranty below it.",
		"If you change the program, mark your changed files and the date of every change clearly.",
		"The source code of a work means the preferred form of the work for making changes to it.",
		"Object code means any form of the work that is not source code, such as a binary built from it.",
		"You may convey object code provided you also convey the source code under these same terms.",
		"No author or distributor accepts responsibility for the consequences of using the program.",
		"These terms end automatically if you break them, and your rights under them end as well.",
		"A new version of this licence may be published from time to time by the foundation.",
	}
	current := strings.Join(sentences, " ")
	older := strings.Join([]string{sentences[0], sentences[1], sentences[2],
		"Modified copies must say who changed them and when, in a notice at the top of each file.",
		"Binaries may be shared only together with the full text of their sources, on request.",
		sentences[7], sentences[8],
		"Revised versions of this document are published by the foundation now and then."}, " ")
	// "a-older" is read first: of equally close sources, the earlier rank.
	rep, err := Scan(corpus.Docs([]corpus.Doc{
		{ID: "a-older", Text: []byte(older)}, {ID: "b-current", Text: []byte(current)}, {ID: "c-copy", Text: []byte(current)},
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Documents[1:] {
		twin := map[string]string{"b-current": "c-copy", "c-copy": "b-current"}[d.ID]
		var sources []string
		for _, s := range d.Spans {
			if s.Source == nil {
				sources = append(sources, "(none)")
				continue
			}
			sources = append(sources, s.Source.Doc)
		}
		if len(d.Spans) != 1 || sources[0] != twin {
			t.Errorf("%s: spans' sources %q, want one span, from %s", d.ID, sources, twin)
		}
	}
}

// TestJoinMatches: joinMatches joins a span's pieces' partners into
// stretches as a search of every stretch made so far does, for spans of
// up to a few hundred pieces whose partners go on, skip pieces, jump back
// and repeat documents.
func TestJoinMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for round := range 500 {
		var pieces []spanPiece
		var all, tops []partner
		pos := make([]int32, 6) // each document's next token
		n := 1 + r.IntN(40)
		if round%50 == 0 {
			n = 300
		}
		k := 1 + r.IntN(6)
		for i := range n {
			pc := spanPiece{t0: int32(10 * i), t1: int32(10*i + 1 + r.IntN(9))}
			pc.all[0] = int32(len(all))
			for range r.IntN(9) {
				d := uint32(r.IntN(len(pos)))
				if r.IntN(8) == 0 {
					pos[d] -= int32(r.IntN(30)) // back: starts a stretch
				}
				t0 := pos[d] + int32(r.IntN(6))
				m := partner{n: uint32(len(all)), doc: d, rank: d, t0: t0, t1: t0 + 5, b0: 6 * t0, b1: 6*t0 + 30, sim: float64(r.IntN(5)) / 4}
				pos[d] = m.t1
				all = append(all, m)
			}
			pc.all[1] = int32(len(all))
			top := closest(slices.Clone(all[pc.all[0]:pc.all[1]]), k, closer)
			pc.top = [2]int32{int32(len(tops)), int32(len(tops) + len(top))}
			tops = append(tops, top...)
			pieces = append(pieces, pc)
		}
		want := joinMatchesRef(pieces, tops, all, k, 3)
		var scratch []partner
		if got := joinMatches(pieces, tops, all, k, 3, &scratch); !slices.Equal(got, want) {
			t.Fatalf("round %d, %d pieces: %v, want %v", round, n, got, want)
		}
	}
}

// TestJoinMatchesTied: a document that copies a whole span is one match of
// it, though on one of its pieces (a sentence that many documents carry)
// it ties with more than k others that come before it. Scanned together,
// the GNU GPL (a copy of GPL-3) listed GPL-3 as two matches, 0.84 and
// 0.15, split at "Each version is given a distinguishing version
// number", which eleven licences print.
func TestJoinMatchesTied(t *testing.T) {
	const twin, k = 9, 2
	pieces := []spanPiece{{t0: 0, t1: 30}, {t0: 30, t1: 38}, {t0: 38, t1: 60}}
	var all, tops []partner
	add := func(doc uint32, t0, t1 int32) {
		all = append(all, partner{n: uint32(len(all)), doc: doc, rank: doc, t0: t0, t1: t1, b0: 6 * t0, b1: 6 * t1, sim: 1})
	}
	for i := range pieces {
		pc := &pieces[i]
		pc.all[0] = int32(len(all))
		add(twin, pc.t0, pc.t1)
		if i == 1 {
			for d := range uint32(4) { // earlier documents with the sentence alone
				add(d, 100, 108)
			}
		}
		pc.all[1] = int32(len(all))
		top := closest(slices.Clone(all[pc.all[0]:pc.all[1]]), k, closer)
		pc.top = [2]int32{int32(len(tops)), int32(len(tops) + len(top))}
		tops = append(tops, top...)
	}
	var scratch []partner
	got := joinMatches(pieces, tops, all, k, 4, &scratch)
	if len(got) == 0 || got[0].doc != twin || got[0].t0 != 0 || got[0].t1 != 60 || got[0].sim != 1 {
		t.Fatalf("matches %+v, want first document %d's tokens [0, 60), similarity 1", got, twin)
	}
	if len(got) != k || got[1].sim >= 1 {
		t.Errorf("matches %+v, want %d, the second a document with the middle sentence alone", got, k)
	}
}

// joinMatchesRef is joinMatches as it was written first: each partner (of
// a piece's, by document, then token) looks for the stretch it goes on
// among all those made so far.
func joinMatchesRef(pieces []spanPiece, tops, all []partner, k int, maxGap int32) []partner {
	if len(pieces) == 1 {
		return tops[pieces[0].top[0]:pieces[0].top[1]]
	}
	var out []joinedMatch
	words := 0
	for i, pc := range pieces {
		w := float64(pc.t1 - pc.t0)
		words += int(pc.t1 - pc.t0)
		ms := slices.Clone(all[pc.all[0]:pc.all[1]])
		slices.SortFunc(ms, func(a, b partner) int {
			return cmp.Or(cmp.Compare(a.doc, b.doc), cmp.Compare(a.t0, b.t0), cmp.Compare(a.n, b.n))
		})
		for _, m := range ms {
			j := slices.IndexFunc(out, func(o joinedMatch) bool {
				return o.doc == m.doc && o.p1 == int32(i-1) && m.t0 >= o.t1 && m.t0-o.t1 <= maxGap
			})
			if j < 0 {
				out = append(out, joinedMatch{partner: m, p1: int32(i)})
				out[len(out)-1].sim = m.sim * w
				continue
			}
			o := &out[j]
			o.t1, o.b1, o.sim, o.p1 = m.t1, m.b1, o.sim+m.sim*w, int32(i)
		}
	}
	return closestStretches(out, words, k)
}

// sinkPartners keeps a benchmark's result alive.
var sinkPartners []partner

// BenchmarkJoinMatches joins the partners of spans of 10 to 1,000 pieces,
// five a piece, of which one goes on the stretch of the piece before and
// four start one: the stretches grow with the pieces.
func BenchmarkJoinMatches(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("pieces=%d", n), func(b *testing.B) {
			var pieces []spanPiece
			var tops []partner
			for i := range n {
				pc := spanPiece{t0: int32(10 * i), t1: int32(10*i + 8)}
				pc.top[0], pc.all[0] = int32(len(tops)), int32(len(tops))
				for k := range 5 {
					d, t0 := uint32(k), int32(10*i)
					if k > 0 {
						d, t0 = uint32(5*i+k), 0 // a document of its own
					}
					tops = append(tops, partner{n: uint32(len(tops)), doc: d, rank: d, t0: t0, t1: t0 + 8, sim: 0.9})
				}
				pc.top[1], pc.all[1] = int32(len(tops)), int32(len(tops))
				pieces = append(pieces, pc)
			}
			b.ReportAllocs()
			var scratch []partner
			for range b.N {
				sinkPartners = joinMatches(pieces, tops, tops, 5, 10, &scratch)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/piece")
		})
	}
}

// TestSourceGoesOn: of equally close sources, a piece's is the one that
// goes on from the source of the piece right before it. A revision (v3)
// of a revision (v2) names v2 as the source of the whole stretch it
// copies, heading included, though the first version (v1), published
// before both, prints the heading and a sentence of the stretch alike:
// the earliest of equal sources, until 2026-12-05, named v1 for those,
// and cut the copy into five spans (the META.yml specifications, 1.0 to
// 1.4, read as v1 "=head1 DESCRIPTION" from 1.0 amid 500 words from 1.3).
func TestSourceGoesOn(t *testing.T) {
	kept := "The fields in this file are meant to be helpful to people who build tools for the archive."
	heading := "Description"
	v1 := strings.Join([]string{
		"Version one says little about anything else at all, being a first draft written in a hurry.",
		heading,
		kept,
		"Nothing else in the first draft survived into the later versions of the document we have now.",
	}, "\n\n")
	stretch := strings.Join([]string{
		"The second version added a long paragraph on which tools should read the file and when.",
		heading,
		kept,
		"It also said that every tool should warn its user when a field it needs is missing from the file.",
	}, "\n\n")
	v2 := "A short preface of the second version that nobody copied again, written by its new editor.\n\n" + stretch
	v3 := "The third version opens with a preface of its own that says why it was revised again.\n\n" + stretch
	day := time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
	rep, err := Scan(corpus.Docs([]corpus.Doc{
		{ID: "v1", Outlet: "v1", Published: day, Text: []byte(v1)},
		{ID: "v2", Outlet: "v2", Published: day.AddDate(1, 0, 0), Text: []byte(v2)},
		{ID: "v3", Outlet: "v3", Published: day.AddDate(2, 0, 0), Text: []byte(v3)},
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := &rep.Documents[2]
	words := len(strings.Fields(stretch))
	if src, spans := spanSources(d); !slices.Equal(src, []string{"v2"}) || d.Spans[0].Words < words-2 {
		t.Errorf("v3's spans: %s; want one of about %d words from v2", spans, words)
	}
}

// spanSources returns the document each of d's spans names as its source
// ("" for none), and the spans told for a failure: "17 words from v2".
func spanSources(d *report.ScanDocument) (src []string, told string) {
	var parts []string
	for _, s := range d.Spans {
		doc := ""
		if s.Source != nil {
			doc = s.Source.Doc
		}
		src = append(src, doc)
		parts = append(parts, fmt.Sprintf("%d words from %q", s.Words, doc))
	}
	return src, strings.Join(parts, ", ")
}

// TestSourceGoesOnWordForWord: a piece goes on from the source of the
// piece before it only where that piece is its source's word for word. A
// reprint that cut two words from a wire's sentence is by chance nearer
// another reprint that cut one of them than the wire: its next sentence,
// which both print as the wire does, names the wire, the earliest, not
// that reprint (the generated news's reprints, each editing the wire on
// its own: 98.1% of their copied words name the wire so, 97.9% where any
// tie went on from the piece before).
func TestSourceGoesOnWordForWord(t *testing.T) {
	first := "The minister of transport said on Tuesday that the old railway bridge over the river would close for repairs next spring."
	second := "Trains between the two towns will run on a temporary line laid beside the motorway until the work on the bridge is done."
	wire := "LONDON — " + first + " " + second + " The wire's own last sentence is printed by nobody else at all."
	cutOne := strings.Replace(first, " old", "", 1)
	cutTwo := strings.Replace(cutOne, " over the river", " over river", 1)
	day := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	rep, err := Scan(corpus.Docs([]corpus.Doc{
		{ID: "wire", Outlet: "Wire", Published: day, Text: []byte(wire)},
		{ID: "paper", Outlet: "Paper", Published: day.Add(time.Hour), Text: []byte("A paper's own opening line says something else entirely. " + cutOne + " " + second)},
		{ID: "blog", Outlet: "Blog", Published: day.Add(2 * time.Hour), Text: []byte("A blog's own opening line is about another thing again. " + cutTwo + " " + second)},
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if src, spans := spanSources(&rep.Documents[2]); len(src) < 2 || src[0] != "paper" || src[len(src)-1] != "wire" {
		t.Errorf("the blog's spans: %s; want its first sentence from the paper, its second from the wire", spans)
	}
}
