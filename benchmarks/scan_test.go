package benchmarks

import (
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/dupes"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
	"github.com/copydesk/copydesk/shingle"
)

var sinkScan *report.Scan

// BenchmarkScanAccuracy scans labelled generated corpora (SyndicationCorpus,
// 1,000 documents) at each edit strength and reports precision and recall
// of shared words and of passage pairs against the labels.
func BenchmarkScanAccuracy(b *testing.B) {
	for _, s := range Strengths {
		l := NewGenerator(5).SyndicationCorpus(1000, s)
		for _, v := range []struct {
			name string
			l    *Labelled
		}{{s.Name, l}, {s.Name + "-wrapped-72", l.Wrapped(72)}} {
			b.Run(v.name, func(b *testing.B) {
				var a Accuracy
				for i := 0; i < b.N; i++ {
					rep, err := reuse.Scan(corpus.Docs(v.l.Docs), reuse.Options{})
					if err != nil {
						b.Fatal(err)
					}
					sinkScan = rep
					a = Score(v.l, rep)
				}
				b.ReportMetric(a.WordPrecision(), "word-P")
				b.ReportMetric(a.WordRecall(), "word-R")
				b.ReportMetric(a.PairPrecision(), "pair-P")
				b.ReportMetric(a.PairRecall(), "pair-R")
				b.ReportMetric(a.Granularity(), "granularity")
				b.ReportMetric(a.DetectionPrecision(), "detect-P")
				b.ReportMetric(a.DetectionRecall(), "detect-R")
				b.ReportMetric(a.Plagdet(), "plagdet")
				b.ReportMetric(a.RewritePrecision(), "rewrite-P")
				b.ReportMetric(float64(a.RewriteTP+a.RewriteFP), "rewrites")
				b.ReportMetric(a.ReuseRecall(), "reuse-R")
			})
		}
	}
}

// TestLightEditTargets holds the accuracy target for light edits (at
// most one edit per ten words): precision ≥ 0.98 and recall ≥ 0.95, for
// shared words and for passage pairs, on a generated corpus of 600
// documents, as generated (a sentence to a line) and hard-wrapped at 72
// columns.
func TestLightEditTargets(t *testing.T) {
	l := NewGenerator(9).SyndicationCorpus(600, Strengths[1])
	for _, v := range []struct {
		name string
		l    *Labelled
	}{{"as generated", l}, {"wrapped at 72", l.Wrapped(72)}} {
		rep, err := reuse.Scan(corpus.Docs(v.l.Docs), reuse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		a := Score(v.l, rep)
		for _, m := range []struct {
			name string
			got  float64
			want float64
		}{
			{"word precision", a.WordPrecision(), 0.98}, {"word recall", a.WordRecall(), 0.95},
			{"pair precision", a.PairPrecision(), 0.98}, {"pair recall", a.PairRecall(), 0.95},
		} {
			if m.got < m.want {
				t.Errorf("%s: %s = %.4f, want ≥ %.2f (%+v)", v.name, m.name, m.got, m.want, a)
			}
		}
	}
}

// TestNewsSources: with publication times, a reprint's copied spans name
// as their source the wire story it reprinted. NewsCorpus's reprints take
// their sentences from the wire, each with its own light edits, so the
// wire is the nearest earlier copy of each, but where another reprint
// made the same edit by chance (and so is one edit nearer). Measured on
// 5,000 documents: 88% of the spans and 98% of their words name the
// wire; by similarity (2·matched / the words of both), which counts a
// copy shorter by a deleted word as closer, 84% and 97%.
func TestNewsSources(t *testing.T) {
	docs, wire := NewGenerator(21).NewsCorpusWires(5000)
	rep, err := reuse.Scan(corpus.Docs(docs), reuse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bySpan, byWord := WireSources(rep, wire)
	t.Logf("the wire named as source by %.4f of reprints' spans, %.4f of their words", bySpan, byWord)
	if bySpan < 0.86 || byWord < 0.975 {
		t.Errorf("the wire is the source of %.4f of reprints' spans and %.4f of their words, want ≥ 0.86 and ≥ 0.975", bySpan, byWord)
	}
}

// TestWrappedLabels: the wrapped corpus has the same words at the same
// places (each label covers the same bytes but for separators), lines of
// at most 72 runes but for a word longer than that, and line breaks
// between paragraphs.
func TestWrappedLabels(t *testing.T) {
	l := NewGenerator(9).SyndicationCorpus(50, Strengths[1])
	w := l.Wrapped(72)
	wrappedLines := 0
	for i, d := range w.Docs {
		orig := l.Docs[i].Text
		if len(d.Text) != len(orig) {
			t.Fatalf("%s: %d bytes wrapped, %d as generated", d.ID, len(d.Text), len(orig))
		}
		for j := range orig {
			if d.Text[j] != orig[j] && !(isSep(d.Text[j]) && isSep(orig[j])) {
				t.Fatalf("%s: byte %d is %q wrapped, %q as generated", d.ID, j, d.Text[j], orig[j])
			}
		}
		for _, line := range strings.Split(string(d.Text), "\n") {
			if utf8.RuneCountInString(line) > 72 && strings.Contains(line, " ") {
				t.Errorf("%s: line of %d runes: %q", d.ID, utf8.RuneCountInString(line), line)
			}
			if n := utf8.RuneCountInString(line); n > 50 && !strings.HasSuffix(line, ".") {
				wrappedLines++
			}
		}
	}
	if wrappedLines < 100 {
		t.Errorf("%d lines wrapped inside a paragraph, want many", wrappedLines)
	}
}

func isSep(c byte) bool { return c == ' ' || c == '\n' }

// BenchmarkScanVsDupes runs dupes and scan on the same generated corpus of
// 10,000 news-sized documents (light edits) and reports each one's
// documents per second and the ratio of their times; then, in one more run
// of each, their peak heaps. Target: scan within 3× the time of dupes.
//
// Each iteration times five rounds (two under -short) of dupes then scan, each after a
// collection, and keeps each tool's fastest round: on a shared machine
// other work only ever slows a run down, and a burst of it that lands on
// one tool's only run would skew the ratio either way. The timed runs are
// not sampled: sampling the heap perturbed what it measured.
func BenchmarkScanVsDupes(b *testing.B) {
	const n = 10000
	rounds := 5
	if testing.Short() { // .ci/run's: its ten minutes
		rounds = 2
	}
	l := NewGenerator(13).SyndicationCorpus(n, Strengths[1])
	total := 0
	for _, d := range l.Docs {
		total += len(d.Text)
	}
	src := corpus.Docs(l.Docs)
	runDupes := func() {
		rep, err := dupes.Find(src, dupes.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sinkReport = rep
	}
	runScan := func() {
		r, err := reuse.Scan(src, reuse.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sinkScan = r
	}
	timed := func(fn func()) time.Duration {
		runtime.GC()
		start := time.Now()
		fn()
		return time.Since(start)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	var dupesTime, scanTime time.Duration
	for i := 0; i < b.N; i++ {
		bestDupes, bestScan := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
		for range rounds {
			bestDupes = min(bestDupes, timed(runDupes))
			bestScan = min(bestScan, timed(runScan))
		}
		dupesTime += bestDupes
		scanTime += bestScan
	}
	b.StopTimer()
	b.ReportMetric(float64(n*b.N)/dupesTime.Seconds(), "dupes-docs/s")
	b.ReportMetric(float64(n*b.N)/scanTime.Seconds(), "scan-docs/s")
	b.ReportMetric(scanTime.Seconds()/dupesTime.Seconds(), "scan/dupes")
	b.ReportMetric(float64(peakHeap(runDupes))/(1<<20), "dupes-peak-MiB")
	b.ReportMetric(float64(peakHeap(runScan))/(1<<20), "scan-peak-MiB")
}

// peakHeap runs fn and returns the largest heap of live and unswept
// objects seen while it ran, sampled every 5 ms.
func peakHeap(fn func()) uint64 {
	peak, _ := heapPeaks(fn)
	return peak
}

// heapPeaks runs fn and returns, sampled every 5 ms through runtime/metrics
// (which stops nothing), the largest heap of objects seen (live or not yet
// collected: what the process holds under the default GOGC) and the
// largest heap found live by a collection (what a soft memory limit could
// hold it to).
func heapPeaks(fn func()) (peak, live uint64) {
	runtime.GC()
	var peakV, liveV atomic.Uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peakV.Store(max(peakV.Load(), sample[0].Value.Uint64()))
			liveV.Store(max(liveV.Load(), sample[1].Value.Uint64()))
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	<-sampled
	// The live heap is measured by collections; one at the end counts
	// what fn left live.
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return peakV.Load(), max(liveV.Load(), s[0].Value.Uint64())
}

// BenchmarkSentenceCandidates compares ways of proposing candidate sentence
// pairs on a labelled corpus (2,000 documents, light edits): exact shingle
// postings (what reuse uses) and sentence MinHash sketches of 16 and 32
// values, fast-similarity and SuperMinHash, in an LSH index of 2-row bands.
// It reports the recall of labelled copied-sentence pairs and candidates per
// sentence; ns/op is the whole method.
func BenchmarkSentenceCandidates(b *testing.B) {
	l := NewGenerator(17).SyndicationCorpus(2000, Strengths[1])
	// Sentences, their shingle sets, and the labelled passage of each.
	var sets [][]uint64
	var passage []int
	var docOf []int
	var sh shingle.Shingler
	for i, d := range l.Docs {
		toks := shingle.AppendTokens(nil, d.Text)
		sents := shingle.AppendSentences(nil, d.Text, toks)
		for _, s := range sents {
			hs := sh.AppendShingles(nil, d.Text, toks, []shingle.Sentence{s})
			set := make([]uint64, len(hs))
			for k, h := range hs {
				set[k] = h.Hash
			}
			sets = append(sets, minhash.SortUnique(set))
			p := -1
			for _, ts := range l.Truth[i] {
				if ts.Start <= s.Start && s.Start < ts.End {
					p = ts.Passage
				}
			}
			passage = append(passage, p)
			docOf = append(docOf, i)
		}
	}
	truth := map[[2]int]bool{}
	byPassage := map[int][]int{}
	for s, p := range passage {
		if p >= 0 {
			byPassage[p] = append(byPassage[p], s)
		}
	}
	for _, ss := range byPassage {
		for x := range ss {
			for y := x + 1; y < len(ss); y++ {
				if docOf[ss[x]] != docOf[ss[y]] {
					truth[[2]int{ss[x], ss[y]}] = true
				}
			}
		}
	}
	report := func(b *testing.B, pairs func(fn func(a, c int))) {
		found, cands := 0, 0
		pairs(func(a, c int) {
			if docOf[a] == docOf[c] {
				return
			}
			cands++
			if truth[[2]int{min(a, c), max(a, c)}] {
				found++
			}
		})
		b.ReportMetric(float64(found)/float64(len(truth)), "recall")
		b.ReportMetric(float64(cands)/float64(len(sets)), "cands/sentence")
	}
	b.Run("postings", func(b *testing.B) {
		var run func(fn func(a, c int))
		for i := 0; i < b.N; i++ {
			type posting struct {
				h uint64
				s int
			}
			var ps []posting
			for s, set := range sets {
				for _, h := range set {
					ps = append(ps, posting{h, s})
				}
			}
			slices.SortFunc(ps, func(x, y posting) int {
				if x.h != y.h {
					if x.h < y.h {
						return -1
					}
					return 1
				}
				return x.s - y.s
			})
			var pairs []uint64
			for i := 0; i < len(ps); {
				j := i + 1
				for j < len(ps) && ps[j].h == ps[i].h {
					j++
				}
				for x := i; x < j; x++ {
					for y := x + 1; y < j; y++ {
						pairs = append(pairs, uint64(ps[x].s)<<32|uint64(ps[y].s))
					}
				}
				i = j
			}
			slices.Sort(pairs)
			pairs = slices.Compact(pairs)
			run = func(fn func(a, c int)) {
				for _, p := range pairs {
					fn(int(p>>32), int(uint32(p)))
				}
			}
		}
		report(b, run)
	})
	for _, scheme := range []minhash.Scheme{minhash.FastSimilarity, minhash.SuperMinHash} {
		for _, k := range []int{16, 32} {
			b.Run(fmt.Sprintf("%s-%d", scheme, k), func(b *testing.B) {
				var ix *minhash.Index
				for i := 0; i < b.N; i++ {
					signer, err := minhash.NewSigner(minhash.Options{K: k, Scheme: scheme})
					if err != nil {
						b.Fatal(err)
					}
					ix, _ = minhash.NewIndex(minhash.Params{Bands: k / 2, Rows: 2})
					var sig minhash.Signature
					for s, set := range sets {
						sig = signer.Sign(sig[:0], set)
						if err := ix.Add(uint32(s), sig); err != nil {
							b.Fatal(err)
						}
					}
					ix.Pairs(func(a, c uint32) bool { return true })
				}
				report(b, func(fn func(a, c int)) {
					ix.Pairs(func(a, c uint32) bool { fn(int(a), int(c)); return true })
				})
			})
		}
	}
}

// reusedShare is the share of d's words from byte from on that lie in a
// span or a rewrite: how much of it the other document carries, copied or
// in other words.
func reusedShare(d report.ScanDocument, from int) float64 {
	toks := shingle.AppendTokens(nil, []byte(d.Text))
	n, in := 0, 0
	for _, t := range toks {
		if t.Start < from {
			continue
		}
		n++
		covered := false
		for _, s := range d.Spans {
			covered = covered || s.Start <= t.Start && t.Start < s.End
		}
		for _, r := range d.Rewrites {
			covered = covered || r.Start <= t.Start && t.Start < r.End
		}
		if covered {
			in++
		}
	}
	return float64(in) / float64(max(n, 1))
}

// containment3 is the naive baseline: the share of x's lower-cased word
// 3-grams that are in y.
func containment3(x, y string) float64 {
	grams := func(s string) []string {
		w := strings.Fields(strings.ToLower(strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return ' '
		}, s)))
		var out []string
		for i := 0; i+3 <= len(w); i++ {
			out = append(out, strings.Join(w[i:i+3], " "))
		}
		return out
	}
	gx, gy := grams(x), grams(y)
	in := 0
	for _, g := range gx {
		if slices.Contains(gy, g) {
			in++
		}
	}
	return float64(in) / float64(max(len(gx), 1))
}

// auc is the area under the ROC curve of scores pos against neg: the
// chance that a positive scores above a negative, ties counted half.
func auc(pos, neg []float64) float64 {
	sum := 0.0
	for _, p := range pos {
		for _, n := range neg {
			switch {
			case p > n:
				sum++
			case p == n:
				sum += 0.5
			}
		}
	}
	return sum / float64(max(len(pos)*len(neg), 1))
}

// BenchmarkRewritePairs scans each labelled sentence pair of
// reuse/testdata/rewrites.tsv as two documents, standing alone and beside
// a sentence both copy verbatim (as a rewrite sits in a rewritten story),
// and reports the share of rewrite pairs whose second document shares
// text with the first, copied or rewritten (rewrite-R, and by kind of
// edit), of independent pairs that do (false-flags), and how many were
// found as rewrites (rewrites). Rewrites are looked for only between
// documents that share a copy: alone, a pair is found only as a copy. AUC
// ranks rewrite pairs against independent ones by the share of the second
// document's words in spans or rewrites; AUC-3gram by the naive baseline,
// word 3-gram containment.
func BenchmarkRewritePairs(b *testing.B) {
	pairs, err := ReadRewritePairs("../reuse/testdata/rewrites.tsv")
	if err != nil {
		b.Fatal(err)
	}
	const anchor = "The Kremlin said on Sunday that the call between the two presidents had lasted about twenty minutes and touched on cooperation against terrorism."
	for _, v := range []struct {
		name   string
		before string
	}{{"alone", ""}, {"beside-a-copy", anchor + "\n"}} {
		b.Run(v.name, func(b *testing.B) {
			var found, rewrites, flagged, independent, asRewrite int
			byKind := map[string][2]int{}  // found, pairs
			var scores, naive [2][]float64 // independent, rewrite
			for range b.N {
				found, rewrites, flagged, independent, asRewrite = 0, 0, 0, 0, 0
				clear(byKind)
				scores, naive = [2][]float64{}, [2][]float64{}
				for i, p := range pairs {
					docs := []corpus.Doc{
						{ID: fmt.Sprint(i, "a"), Text: []byte(v.before + p.A)},
						{ID: fmt.Sprint(i, "b"), Text: []byte(v.before + p.B)},
					}
					rep, err := reuse.Scan(corpus.Docs(docs), reuse.Options{})
					if err != nil {
						b.Fatal(err)
					}
					shared := false
					for _, s := range rep.Documents[1].Spans {
						for _, pc := range s.Pieces {
							shared = shared || pc.Start >= len(v.before)
						}
					}
					for _, rw := range rep.Documents[1].Rewrites {
						if rw.Start >= len(v.before) {
							shared = true
							asRewrite++
						}
					}
					k := 0
					if p.Rewrite() {
						k = 1
					}
					scores[k] = append(scores[k], reusedShare(rep.Documents[1], len(v.before)))
					naive[k] = append(naive[k], containment3(p.B, p.A))
					if p.Rewrite() {
						rewrites++
						k := byKind[p.Kind]
						k[1]++
						if shared {
							found++
							k[0]++
						}
						byKind[p.Kind] = k
					} else {
						independent++
						if shared {
							flagged++
						}
					}
				}
			}
			b.ReportMetric(float64(found)/float64(rewrites), "rewrite-R")
			b.ReportMetric(float64(flagged)/float64(independent), "false-flags")
			b.ReportMetric(float64(asRewrite), "rewrites")
			b.ReportMetric(auc(scores[1], scores[0]), "AUC")
			b.ReportMetric(auc(naive[1], naive[0]), "AUC-3gram")
			for kind, k := range byKind {
				b.ReportMetric(float64(k[0])/float64(k[1]), kind+"-R")
			}
		})
	}
}

// BenchmarkRevisedStories scans, as one corpus each, the stories of
// reuse/testdata/revised.jsonl (ten, each with a heavy revision and an
// independent story on the same event) and the answers of
// reuse/testdata/answers.jsonl (five, each with a heavy revision and two
// answers written apart that share its terms), and reports the share of
// revisions found sharing text with their source, copied or rewritten
// (revision-R), their mean share of words so found (revised-share), the
// independent texts that share any with the source or the revision of
// their topic (false-flags), the share of the revisions' rewrites that
// pair a sentence with the one it retells (rewrite-P), and the AUC that
// ranks revisions against independent texts by their share of words
// copied or rewritten from the source (or the revision) in the pair's
// record, against the naive baseline, word 3-gram containment
// (AUC-3gram).
func BenchmarkRevisedStories(b *testing.B) {
	for _, set := range []struct{ name, path string }{
		{"stories", "../reuse/testdata/revised.jsonl"},
		{"answers", "../reuse/testdata/answers.jsonl"},
	} {
		stories, err := ReadRevisedStories(set.path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(set.name, func(b *testing.B) {
			var rep *report.Scan
			docs := make([]corpus.Doc, len(stories))
			for i, s := range stories {
				docs[i] = s.Doc
			}
			for range b.N {
				if rep, err = reuse.Scan(corpus.Docs(docs), reuse.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			reportRevisions(b, stories, rep)
		})
	}
}

// reportRevisions reports BenchmarkRevisedStories' metrics of a scan of
// the stories.
func reportRevisions(b *testing.B, stories []RevisedStory, rep *report.Scan) {
	byID := map[string]RevisedStory{}
	for _, s := range stories {
		byID[s.Doc.ID] = s
	}
	// share is the share of y's words that the pair's record says are
	// copied or rewritten from x.
	share := func(x, y string) float64 { return rep.Reused(y, x) }
	text := func(id string) string { return string(byID[id].Doc.Text) }
	var pos, neg, naivePos, naiveNeg []float64
	found, revisions, flagged, independent := 0, 0, 0, 0
	for _, s := range stories {
		src, rev, id := s.Topic+"/source", s.Topic+"/revision", s.Doc.ID
		switch {
		case s.Role == "revision":
			revisions++
			x := share(src, id)
			if x > 0 {
				found++
			}
			pos = append(pos, x)
			naivePos = append(naivePos, containment3(text(id), text(src)))
		case strings.HasPrefix(s.Role, "independent"):
			independent++
			x, y := share(src, id), share(rev, id)
			if x > 0 || y > 0 {
				flagged++
			}
			neg = append(neg, x, y)
			naiveNeg = append(naiveNeg, containment3(text(id), text(src)), containment3(text(id), text(rev)))
		}
	}
	// A revision's rewrites with its source: right when they pair the
	// sentences of one rank (each revision retells its source's sentences
	// one by one, in order).
	right, rewrites := 0, 0
	rank := func(text string, at int) int { return strings.Count(text[:at], ". ") }
	for _, d := range rep.Documents {
		s := byID[d.ID]
		if s.Role != "revision" {
			continue
		}
		src := s.Topic + "/source"
		for _, r := range d.Rewrites {
			if r.With.Doc != src {
				continue
			}
			rewrites++
			if rank(d.Text, r.Start) == rank(text(src), r.With.Start) {
				right++
			}
		}
	}
	b.ReportMetric(float64(found)/float64(revisions), "revision-R")
	b.ReportMetric(mean(pos), "revised-share")
	b.ReportMetric(float64(flagged)/float64(independent), "false-flags")
	b.ReportMetric(float64(right)/float64(max(rewrites, 1)), "rewrite-P")
	b.ReportMetric(auc(pos, neg), "AUC")
	b.ReportMetric(auc(naivePos, naiveNeg), "AUC-3gram")
}

// mean is the mean of xs (0 if none).
func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(max(len(xs), 1))
}
