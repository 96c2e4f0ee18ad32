package reuse

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

// TestReportInvariants scans random corpora built from a few shared
// sentences (some edited, some repeated within a document, some quoted),
// with times exact, date-only, equal or missing, and checks what every
// report must hold: spans in order, apart and on the text; each span's
// passage has the document as a member, its source and matches are other
// members, and the others are counted; an origin is a member published
// before every other; original fractions are shares; the bytes are the
// same with one goroutine and with three.
func TestReportInvariants(t *testing.T) {
	shared := []string{
		benchmarks.WireParagraph,
		"The ministry said the closure would affect about forty thousand commuters every day and that buses would replace the trains.",
		"\u201cWe apologise for the disruption, but the old signals have reached the end of their working life,\u201d the minister told reporters.",
		"Critics said the project had been delayed for years and that the cost had doubled since it was first announced in parliament.",
	}
	// Rewrites of shared[1] and shared[3], in other words.
	rewritten := map[int]string{
		1: "About forty thousand commuters a day would be affected by the closure, according to the ministry, and buses would take the place of the trains.",
		3: "The project, critics said, had been delayed for years, and its cost had doubled since parliament first heard of it.",
	}
	widest, rewrites := 0, 0
	for trial := range 12 {
		r := rand.New(rand.NewPCG(uint64(trial), 77))
		n := 3 + r.IntN(40)
		base := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
		var docs []corpus.Doc
		for i := range n {
			var parts []string
			for range 1 + r.IntN(5) {
				if r.IntN(3) == 0 {
					parts = append(parts, benchmarks.OwnText(r, 1+r.IntN(2)))
					continue
				}
				k := r.IntN(len(shared))
				s := shared[k]
				if rw, ok := rewritten[k]; ok && r.IntN(3) == 0 {
					s = rw
				} else if r.IntN(4) == 0 {
					w := strings.Fields(s)
					w[r.IntN(len(w))] = "altered"
					s = strings.Join(w, " ")
				}
				parts = append(parts, s)
			}
			d := corpus.Doc{ID: fmt.Sprintf("d%02d", i), Outlet: fmt.Sprint("o", i%5), Text: []byte(strings.Join(parts, "\n\n"))}
			switch r.IntN(5) {
			case 0: // unknown
			case 1:
				d.Published, d.DateOnly = base.Truncate(24*time.Hour).Add(time.Duration(r.IntN(3))*24*time.Hour), true
			case 2:
				d.Published = base // a tie
			default:
				d.Published = base.Add(time.Duration(r.IntN(2000)) * time.Minute)
			}
			docs = append(docs, d)
		}
		var first []byte
		// Two runs in memory, one with the texts spilled to a file
		// (spill.go): the same bytes, and no file left behind.
		tmp := t.TempDir()
		for _, w := range []int{1, 3, -3} {
			o := Options{Workers: w, Partners: 1 + trial%4}
			if w < 0 {
				o.Workers, o.TempDir = -w, tmp
			}
			rep, err := Scan(corpus.Docs(docs), o)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := rep.WriteJSON(&b); err != nil { // spilled: the texts read back as written
				t.Fatal(err)
			}
			if err := cmp.Or(rep.LoadTexts(), rep.Close()); err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, trial, rep, docs)
			checkPairSimilarity(t, trial, rep, docs, o.Shingle)
			for _, p := range rep.Passages {
				widest = max(widest, p.Reach.Documents)
			}
			for _, d := range rep.Documents {
				rewrites += len(d.Rewrites)
			}
			if first == nil {
				first = b.Bytes()
			} else if !bytes.Equal(first, b.Bytes()) {
				t.Fatalf("trial %d: %d workers give other bytes than one (negative: texts spilled)", trial, w)
			}
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("trial %d: the spill left %d files behind", trial, len(left))
		}
	}
	if rewrites == 0 {
		t.Errorf("no trial has a rewrite")
	}
	if widest <= starDocs {
		t.Errorf("the widest passage has %d documents: no trial reaches the stars (more than %d)", widest, starDocs)
	}
}

func checkInvariants(t *testing.T, trial int, rep *report.Scan, docs []corpus.Doc) {
	t.Helper()
	when := map[string]corpus.Doc{}
	for _, d := range docs {
		when[d.ID] = d
	}
	passages := map[int]report.Passage{}
	for _, p := range rep.Passages {
		passages[p.ID] = p
		docsIn := map[string]bool{}
		for _, m := range p.Members {
			docsIn[m.Doc] = true
		}
		if p.Reach.Documents != len(docsIn) || len(p.Members) < 2 {
			t.Errorf("trial %d: passage %d reach %d, %d members in %d documents", trial, p.ID, p.Reach.Documents, len(p.Members), len(docsIn))
		}
		if p.Origin != "" {
			o := when[p.Origin]
			ow := whenOf(&o)
			for d := range docsIn {
				x := when[d]
				if d != p.Origin && !ow.before(whenOf(&x)) {
					t.Errorf("trial %d: passage %d origin %s is not before member %s", trial, p.ID, p.Origin, d)
				}
			}
		}
	}
	for _, d := range rep.Documents {
		if d.OriginalFraction < 0 || d.OriginalFraction > 1 {
			t.Errorf("trial %d: %s original %v", trial, d.ID, d.OriginalFraction)
		}
		end := 0
		for _, s := range d.Spans {
			if s.Start < end || s.End <= s.Start || s.End > len(d.Text) {
				t.Fatalf("trial %d: %s span [%d,%d) after %d in %d bytes", trial, d.ID, s.Start, s.End, end, len(d.Text))
			}
			end = s.End
			if w := len(shingle.AppendTokens(nil, []byte(d.Text[s.Start:s.End]))); w < minPiece {
				t.Errorf("trial %d: %s span [%d,%d) is a sliver of %d words", trial, d.ID, s.Start, s.End, w)
			}
			if len(s.Pieces) == 0 || s.Pieces[0].Start != s.Start || s.Pieces[len(s.Pieces)-1].End != s.End {
				t.Fatalf("trial %d: %s span [%d,%d) has pieces %+v", trial, d.ID, s.Start, s.End, s.Pieces)
			}
			members := map[string]bool{} // of any piece's passage
			most := 0                    // the other members of the piece's passage that has most
			for k, pc := range s.Pieces {
				if pc.End <= pc.Start || k > 0 && pc.Start < s.Pieces[k-1].End {
					t.Fatalf("trial %d: %s span's pieces %+v overlap or are empty", trial, d.ID, s.Pieces)
				}
				p, ok := passages[pc.Passage]
				if !ok {
					t.Fatalf("trial %d: %s span names passage %d, not in the report", trial, d.ID, pc.Passage)
				}
				own, in := 0, map[string]bool{}
				for _, m := range p.Members {
					members[m.Doc], in[m.Doc] = true, true
					if m.Doc == d.ID {
						own++
					}
				}
				if own == 0 {
					t.Errorf("trial %d: %s is no member of its piece's passage %d", trial, d.ID, p.ID)
				}
				most = max(most, len(p.Members)-own)
				if s.Source == nil && p.Origin != d.ID {
					t.Errorf("trial %d: %s span has no source, though %q is the origin of passage %d", trial, d.ID, p.Origin, p.ID)
				}
				if s.Source != nil && (!in[s.Source.Doc] || s.Source.Doc == d.ID) {
					t.Errorf("trial %d: %s span's source %s is not another member of passage %d", trial, d.ID, s.Source.Doc, p.ID)
				}
			}
			if len(s.Matches) > rep.Params.Partners || s.Others < 0 || len(s.Matches)+s.Others != max(most, len(s.Matches)) {
				t.Errorf("trial %d: %s span: %d matches + %d others, its pieces' passages have at most %d other members (partners %d)",
					trial, d.ID, len(s.Matches), s.Others, most, rep.Params.Partners)
			}
			if s.Source != nil && !pairPassageAt(rep, d.ID, s.Source.Doc, s.Start, s.End) {
				t.Errorf("trial %d: %s span [%d,%d) copied from %s: no passage of their pair covers it", trial, d.ID, s.Start, s.End, s.Source.Doc)
			}
			for _, m := range s.Matches {
				if !members[m.Doc] || m.Doc == d.ID {
					t.Errorf("trial %d: %s span matches %s, no other member of its passages", trial, d.ID, m.Doc)
				}
				if m.Similarity <= 0 || m.Similarity > 1 {
					t.Errorf("trial %d: %s span matches %s with similarity %v", trial, d.ID, m.Doc, m.Similarity)
				}
			}
		}
	}
	checkRewrites(t, trial, rep)
	for _, p := range rep.Pairs {
		for k, pp := range p.Passages {
			if pp.AStart >= pp.AEnd || pp.BStart >= pp.BEnd || pp.Words < 1 || pp.Similarity <= 0 || pp.Similarity > 1 ||
				pp.Kind != report.KindCopy && pp.Kind != report.KindRewrite || k > 0 && pp.AStart < p.Passages[k-1].AStart {
				t.Errorf("trial %d: pair %s~%s passage %+v", trial, p.A, p.B, pp)
			}
		}
	}
}

// checkRewrites checks each document's rewrites: in its text, in order,
// one a stretch, with another document that lists the same rewrite from
// its side (or, when several documents have a rewrite of that stretch of
// it, lists the stretch once with its others counted), and with a
// passage of their pair that covers it.
func checkRewrites(t *testing.T, trial int, rep *report.Scan) {
	t.Helper()
	byID := map[string]*report.ScanDocument{}
	for i := range rep.Documents {
		byID[rep.Documents[i].ID] = &rep.Documents[i]
	}
	for _, d := range rep.Documents {
		if d.RewrittenFraction < 0 || d.RewrittenFraction > d.OriginalFraction+1e-9 {
			t.Errorf("trial %d: %s rewritten %v, original %v", trial, d.ID, d.RewrittenFraction, d.OriginalFraction)
		}
		for k, x := range d.Rewrites {
			o, ok := byID[x.With.Doc]
			if x.Start >= x.End || x.End > len(d.Text) || k > 0 && x.Start < d.Rewrites[k-1].Start || !ok || o == &d ||
				x.With.Start >= x.With.End || x.With.End > len(o.Text) || x.With.Similarity <= 0 || x.With.Similarity > 1 {
				t.Fatalf("trial %d: %s rewrite %+v", trial, d.ID, x)
			}
			if k > 0 && x.Start == d.Rewrites[k-1].Start && x.End == d.Rewrites[k-1].End {
				t.Errorf("trial %d: %s lists its stretch [%d,%d) twice", trial, d.ID, x.Start, x.End)
			}
			if x.Others < 0 {
				t.Errorf("trial %d: %s rewrite [%d,%d): others %d", trial, d.ID, x.Start, x.End, x.Others)
			}
			mirror := slices.ContainsFunc(o.Rewrites, func(y report.Rewrite) bool {
				return y.Start == x.With.Start && y.End == x.With.End &&
					(y.With.Doc == d.ID && y.With.Start == x.Start || y.Others > 0)
			})
			if !mirror {
				t.Errorf("trial %d: %s rewrite [%d,%d) of %s is not in %s's rewrites", trial, d.ID, x.Start, x.End, o.ID, o.ID)
			}
			if !pairPassageAt(rep, d.ID, o.ID, x.Start, x.End) {
				t.Errorf("trial %d: %s rewrite [%d,%d) of %s: no passage of their pair covers it", trial, d.ID, x.Start, x.End, o.ID)
			}
		}
	}
}

// pairPassageAt reports whether the pair of documents a and b has a
// passage whose stretch in a covers [start, end).
func pairPassageAt(rep *report.Scan, a, b string, start, end int) bool {
	x, y := min(a, b), max(a, b)
	for _, p := range rep.Pairs {
		if p.A != x || p.B != y {
			continue
		}
		for _, pp := range p.Passages {
			s, e := pp.AStart, pp.AEnd
			if a != x {
				s, e = pp.BStart, pp.BEnd
			}
			if s <= start && end <= e {
				return true
			}
		}
	}
	return false
}

// checkPairSimilarity checks every pair's Jaccard similarity and
// containments against those of the two documents' whole shingle sets,
// 64-bit hashes of runs of stems within each unit, made again here
// (brute force).
func checkPairSimilarity(t *testing.T, trial int, rep *report.Scan, docs []corpus.Doc, k int) {
	t.Helper()
	k = cmp.Or(k, shingle.DefaultK)
	sets := map[string][]uint64{}
	an := newAnalyser(nil)
	for _, d := range docs {
		st := an.analyse(d)
		var hs []uint64
		for _, u := range st.units {
			hs = unitHashes(hs, st.stems[u.start:u.end], k)
		}
		sets[d.ID] = minhash.SortUnique(hs)
	}
	for _, p := range rep.Pairs {
		a, b := sets[p.A], sets[p.B]
		inter := float64(minhash.Intersection(a, b))
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"jaccard", p.Jaccard, inter / float64(len(a)+len(b)-int(inter))},
			{"containment of a in b", p.ContainmentAInB, inter / float64(len(a))},
			{"containment of b in a", p.ContainmentBInA, inter / float64(len(b))},
		} {
			if math.Abs(c.got-c.want) > 0.00005+1e-12 { // rounded to 4 places
				t.Errorf("trial %d: pair %s %s: %s %v, brute force %.5f", trial, p.A, p.B, c.name, c.got, c.want)
			}
		}
	}
}

// FuzzScan scans four documents made of two texts, a and b: a alone, b
// then a, the second half of a then b, and a with its lines quoted as a
// reply quotes them, at times that mode sets. Scan must not fail or
// panic on any text, every report must hold what checkInvariants checks,
// and one goroutine and two must write the same bytes.
func FuzzScan(f *testing.F) {
	for i, d := range seedDocs() {
		f.Add(string(d.Text), benchmarks.WireParagraph, uint8(i))
	}
	f.Add("=head1 NAME\n\nWidget - frobs widgets.\n\n>1. They correspond.\n>2. Their types are compatible.\n", "Files: *\nCopyright: 2001 Widget Makers\nLicense: GPL-2\n", uint8(7))
	f.Add(gitLog(0, 12), "A note of its own, in words no changelog has.", uint8(0)) // runs of short lines joined (passages_runs.go)
	f.Add("\u201cWe agreed,\u201d the statement read. \u201cIt was a good call.\u201d\n-- \nAnn", "On Mon, Bob wrote:\n> hi there\n> again", uint8(3))
	f.Fuzz(func(t *testing.T, a, b string, mode uint8) {
		const most = 3000 // bytes of each text: enough for long spans, quick to scan
		a, b = strings.ToValidUTF8(a[:min(len(a), most)], "\uFFFD"), strings.ToValidUTF8(b[:min(len(b), most)], "\uFFFD")
		half := len(a) / 2
		for half > 0 && half < len(a) && !utf8.RuneStart(a[half]) {
			half--
		}
		texts := []string{a, b + "\n\n" + a, a[half:] + "\n\n" + b, "> " + strings.ReplaceAll(a, "\n", "\n> ")}
		base := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
		var docs []corpus.Doc
		for i, text := range texts {
			d := corpus.Doc{ID: fmt.Sprint("d", i), Outlet: fmt.Sprint("o", i%3), Text: []byte(text)}
			switch mode >> (2 * i) & 3 {
			case 1:
				d.Published = base.Add(time.Duration(i) * time.Hour)
			case 2:
				d.Published, d.DateOnly = base.Truncate(24*time.Hour), true
			case 3:
				d.Published = base // a tie
			}
			d.Boilerplate = corpus.Chrome(d.Text)
			docs = append(docs, d)
		}
		var first []byte
		for _, w := range []int{1, 2} {
			rep, err := Scan(corpus.Docs(docs), Options{Workers: w})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := rep.WriteJSON(&out); err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, 0, rep, docs)
			if first == nil {
				first = out.Bytes()
			} else if !bytes.Equal(first, out.Bytes()) {
				t.Fatalf("two goroutines write other bytes than one")
			}
		}
	})
}
