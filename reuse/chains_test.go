package reuse

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
)

// TestDisjointBruteForce: disjoint.keep picks the links that pairwise
// overlap tests pick (each link kept unless it overlaps, in either
// document, one kept before it), and the repeats (then each link left
// unless it overlaps one kept in A or is no near-verbatim evidence on
// its own; then each left unless it overlaps one kept in B or is no
// such evidence), in their order, on random links of one document pair,
// short and long, across word boundaries, over several calls.
func TestDisjointBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var d disjoint
	opts := Options{MinWords: 8, MinContent: 4, LongWords: 40, MinCover: 0.5}
	overlapA := func(l, k link) bool { return l.al.a0 < k.al.a1 && k.al.a0 < l.al.a1 }
	overlapB := func(l, k link) bool { return l.al.b0 < k.al.b1 && k.al.b0 < l.al.b1 }
	repeats := 0
	for round := range 300 {
		var ls []link
		span := int32(20 + r.IntN(1000))
		for range r.IntN(60) {
			a0, b0 := int32(r.IntN(int(span))), int32(r.IntN(int(span)))
			l := link{al: piece{a0: a0, a1: a0 + 1 + int32(r.IntN(90)), b0: b0, b1: b0 + 1 + int32(r.IntN(90))}}
			l.al.matched = min(l.al.a1-l.al.a0, l.al.b1-l.al.b0)
			l.al.content = l.al.matched / 2
			l.la, l.lb = l.al.a1-l.al.a0+int32(r.IntN(12)), l.al.b1-l.al.b0+int32(r.IntN(12))
			ls = append(ls, l)
		}
		in := make([]bool, len(ls))
		pass := func(clash func(l, k link) bool) {
			for i, l := range ls {
				ok := !in[i]
				for j, k := range ls {
					if ok && in[j] && clash(l, k) {
						ok = false
					}
				}
				in[i] = in[i] || ok
			}
		}
		pass(func(l, k link) bool { return overlapA(l, k) || overlapB(l, k) })
		first := slices.Clone(in)
		weak := func(l link) bool {
			return 5*l.al.matched < 4*max(l.la, l.lb) || !opts.evidence(l.al.matched, l.al.content, min(l.la, l.lb))
		}
		pass(func(l, k link) bool { return overlapA(l, k) || weak(l) })
		pass(func(l, k link) bool { return overlapB(l, k) || weak(l) })
		var want, wantRepeats []link
		for i, l := range ls {
			switch {
			case first[i]:
				want = append(want, l)
			case in[i]:
				wantRepeats = append(wantRepeats, l)
				repeats++
			}
		}
		if got := d.keep(ls, &opts); !slices.Equal(got, want) || !slices.Equal(d.repeats, wantRepeats) {
			t.Fatalf("round %d: kept %v and repeats %v, want %v and %v", round, got, d.repeats, want, wantRepeats)
		}
	}
	if repeats < 100 {
		t.Errorf("%d links kept after the first pass: the test does not reach the later ones", repeats)
	}
	for _, c := range []cover{d.a, d.b} {
		for w, x := range c {
			if x != 0 {
				t.Fatalf("word %d of a cover left marked", w)
			}
		}
	}
}

// mitLicence is the MIT licence as X.Org's components print it.
const mitLicence = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`

// TestRepeatedPassage: a passage one document prints more than once is
// shared in each of its places, each linked to the other document's one
// copy (disjoint.keep's repeats): a copyright file that gives the MIT
// licence for each of three components, wrapped anew each time (Debian's
// x11-common was 44% original for the two it left unlinked), and a story
// that repeats a sentence of the wire as a pull quote. The words each
// document adds stay its own.
func TestRepeatedPassage(t *testing.T) {
	var three strings.Builder
	for i, w := range []int{80, 72, 76} {
		three.WriteString([]string{"Copyright 1988 Keith Packard\n\n", "Copyright 2004 Arnaud Le Hors\n\n", "Copyright 2010 Cyril Brulebois\n\n"}[i])
		three.WriteString(seeds.Wrap(mitLicence, w, "", "\n") + "\n")
	}
	wire := "MOSCOW (AP) - Russian President Vladimir Putin called President Donald Trump on Sunday to thank him for a CIA tip that helped thwart a series of bombings in St. Petersburg, the Kremlin said. The Federal Security Service said Friday it had arrested seven suspected followers of the Islamic State group. The Kremlin said Putin asked Trump to convey his gratitude to the CIA director.\n"
	quote := "The Kremlin said Putin asked Trump to convey his gratitude to the CIA director."
	story := "Putin thanks Trump\n\n" + quote + "\n\nIn a rare moment of warmth, the two leaders spoke by phone. " + wire
	for _, c := range []struct {
		name string
		a, b string
		own  string // the words a keeps as its own
	}{
		{"a licence for each of three components", three.String(), "This package was debianized by Someone.\n\n" + mitLicence,
			"Copyright 1988 Keith Packard Copyright 2004 Arnaud Le Hors Copyright 2010 Cyril Brulebois"},
		{"a pull quote", story, wire, "Putin thanks Trump In a rare moment of warmth the two leaders spoke by phone"},
	} {
		rep, err := Scan(corpus.Docs([]corpus.Doc{{ID: "a", Text: []byte(c.a)}, {ID: "b", Text: []byte(c.b)}}), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ownWords(rep.Documents[0]), " "); got != c.own {
			t.Errorf("%s: a's own words %q, want %q", c.name, got, c.own)
		}
	}
}
