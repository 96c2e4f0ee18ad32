package reuse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// seedLabel is a hand label: whether the phrase in document a is shared
// with document b (documents by the first three characters of their id).
type seedLabel struct {
	a, b   string
	phrase string
	shared bool
}

// seedLabels are every stretch that some candidate rule flags between two
// seeds, read and judged by hand, and the sentence the issue names as
// original. Left out on purpose, as either answer is defensible: the ledes
// that 002 shares with 000 and with 001 ("President Vladimir Putin called
// U.S. President Donald Trump on Sunday to thank him for", 14 words) and
// the 7-word readout quote "could have killed large numbers of people"
// (001, 003).
var seedLabels = []seedLabel{
	// The readout, quoted by 000, 001, 002 and 003.
	{"000", "001", "President Trump stressed the importance", true},
	{"000", "002", "President Trump stressed the importance", true},
	{"000", "003", "President Trump stressed the importance", true},
	{"001", "002", "President Trump stressed the importance", true},
	{"001", "003", "President Trump stressed the importance", true},
	{"002", "003", "President Trump stressed the importance", true},
	{"000", "001", "Both leaders agreed", true},
	{"000", "002", "Both leaders agreed", true},
	{"001", "002", "Both leaders agreed", true},
	{"003", "000", "serves as an example of the positive things", true},
	{"003", "001", "serves as an example of the positive things", true},
	{"003", "002", "serves as an example of the positive things", true},
	{"000", "001", "appreciated the call and told President Putin", true},
	{"000", "003", "appreciated the call and told President Putin", true},
	{"001", "003", "appreciated the call and told President Putin", true},
	{"000", "001", "his very talented people", true},
	{"000", "003", "his very talented people", true},
	{"001", "003", "his very talented people", true},
	{"001", "002", "extended his thanks and congratulations to", true},
	// Copied prose and a copied quote.
	{"002", "003", "in crowded areas of Saint Petersburg on December 16", true},
	{"002", "003", "There is every reason to believe", true},
	{"002", "000", "later shown confessing that he was told to", true},
	{"001", "000", "found explosives, automatic weapons and extremist literature", true},
	// Generic and paraphrased phrases.
	{"002", "004", "to CIA Director Mike Pompeo and", false},
	{"004", "002", "to CIA Director Mike Pompeo and", false},
	{"003", "004", "about terrorist threats to the United States and its citizens", false},
	{"004", "003", "about terrorist threats to the United States and its citizens", false},
	{"000", "002", "Russian news reports said that the Kazan Cathedral was the prime target", false},
	{"000", "001", "Russian news reports said that the Kazan Cathedral was the prime target", false},
	{"000", "003", "Russian news reports said that the Kazan Cathedral was the prime target", false},
	{"004", "000", "Russian President Vladimir Putin (left) thanked U.S. President Donald Trump", false},
	{"004", "002", "Russian President Vladimir Putin (left) thanked U.S. President Donald Trump", false},
}

// labelErrors counts the seed labels that rep gets wrong: a phrase of a is
// shared with b when b carries the passage of a span over it.
func labelErrors(t *testing.T, rep *report.Scan) (errs []string) {
	t.Helper()
	doc := map[string]report.ScanDocument{}
	for _, d := range rep.Documents {
		doc[d.ID[:3]] = d
	}
	passages := map[int]report.Passage{}
	for _, p := range rep.Passages {
		passages[p.ID] = p
	}
	for _, l := range seedLabels {
		d := doc[l.a]
		at := strings.Index(d.Text, l.phrase)
		if at < 0 {
			t.Fatalf("label %s/%s: %q not in %s", l.a, l.b, l.phrase, l.a)
		}
		got := false
		for _, s := range d.Spans {
			if s.Start < at+len(l.phrase) && at < s.End {
				for _, pc := range s.Pieces {
					if pc.Start < at+len(l.phrase) && at < pc.End {
						for _, m := range passages[pc.Passage].Members {
							if strings.HasPrefix(m.Doc, l.b) {
								got = true
							}
						}
					}
				}
			}
		}
		if got != l.shared {
			errs = append(errs, fmt.Sprintf("%s~%s %q: shared %v, want %v", l.a, l.b, l.phrase, got, l.shared))
		}
	}
	return errs
}

func TestSeedLabels(t *testing.T) {
	rep, err := Scan(corpus.Docs(seedDocs()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range labelErrors(t, rep) {
		t.Error(e)
	}
}

// TestEvidenceRule measures candidate evidence rules on the hand-labelled
// seeds and on labelled generated corpora (benchmarks.SyndicationCorpus,
// light and medium edits, with stock phrases planted in original text),
// scoring each by F1 of shared words plus F1 of passage pairs, summed over
// the two corpora. The default must make the fewest seed errors of all
// rules, and come within slack of the best generated score (see the package
// documentation for why it is not simply the argmax). Run with -v for the
// table.
func TestEvidenceRule(t *testing.T) {
	if raceOn {
		t.Skip("a measurement over labelled corpora; TestDeterministicAtScale covers the scan for races; it runs without -race")
	}
	// The seeds' texts are spilled: a report made many times leaves them
	// in the file, which it cannot close, every time.
	seedsAligned, err := alignCorpus(corpus.Docs(seedDocs()), filled(Options{TempDir: t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(seedsAligned.spill.close)
	reportOf := func(al *aligned, o Options) *report.Scan {
		rep, err := al.report(o)
		if err == nil {
			err = rep.LoadTexts()
		}
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	type gen struct {
		l  *benchmarks.Labelled
		al *aligned
	}
	var gens []gen
	for _, s := range []benchmarks.Strength{benchmarks.Strengths[1], benchmarks.Strengths[2]} {
		l := benchmarks.NewGenerator(11).SyndicationCorpus(200, s)
		al, err := alignCorpus(corpus.Docs(l.Docs), filled(Options{}))
		if err != nil {
			t.Fatal(err)
		}
		gens = append(gens, gen{l, al})
	}
	type result struct {
		o      Options
		errs   int
		f1     float64
		detail string
	}
	measure := func(o Options) result {
		o = filled(o)
		r := result{o: o, errs: len(labelErrors(t, reportOf(seedsAligned, o)))}
		for _, g := range gens {
			a := benchmarks.Score(g.l, reportOf(g.al, o))
			r.f1 += f1(a.WordPrecision(), a.WordRecall()) + f1(a.PairPrecision(), a.PairRecall())
			r.detail += fmt.Sprintf("  words P %.3f R %.3f pairs P %.3f R %.3f", a.WordPrecision(), a.WordRecall(), a.PairPrecision(), a.PairRecall())
		}
		return r
	}
	const slack = 0.03
	def := measure(Options{})
	fewest, bestF1 := def, def
	for _, w := range []int{6, 8, 10, 12} {
		for _, c := range []int{-1, 4, 6} {
			for _, cover := range []float64{-1, 0.4, 0.5, 0.6} {
				r := measure(Options{MinWords: w, MinContent: c, MinCover: cover})
				t.Logf("words %2d content %d cover %.1f: seed errors %d, F1 sum %.4f%s", r.o.MinWords, r.o.MinContent, r.o.MinCover, r.errs, r.f1, r.detail)
				if r.errs < fewest.errs {
					fewest = r
				}
				if r.errs == def.errs && r.f1 > bestF1.f1 {
					bestF1 = r
				}
			}
		}
	}
	t.Logf("default: seed errors %d, F1 sum %.4f%s", def.errs, def.f1, def.detail)
	if fewest.errs < def.errs {
		t.Errorf("words %d content %d cover %.1f makes %d seed errors, the default %d",
			fewest.o.MinWords, fewest.o.MinContent, fewest.o.MinCover, fewest.errs, def.errs)
	}
	if bestF1.f1 > def.f1+slack {
		t.Errorf("words %d content %d cover %.1f scores F1 sum %.4f, more than %.2f over the default's %.4f",
			bestF1.o.MinWords, bestF1.o.MinContent, bestF1.o.MinCover, bestF1.f1, slack, def.f1)
	}
}

func filled(o Options) Options {
	if err := o.fill(); err != nil {
		panic(err)
	}
	return o
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
