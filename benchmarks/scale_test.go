package benchmarks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/dupes"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
)

// scaleRun is what one timed scan of a corpus measured.
type scaleRun struct {
	docs, bytes int
	scan, dupes time.Duration
	peak        uint64 // largest heap of objects while scanning, live or not yet collected
	live        uint64 // largest heap a collection found live
	json        int    // bytes of the JSON report
	pairs       int    // document pairs the report lists
}

// measureScan scans c b.N times as the command does, its texts spilled to
// a temporary directory and left there for the report's writer (the heap sampled as it runs, through
// runtime/metrics, which stops nothing), writes the last report as JSON to
// count its bytes, calls inspect (if any) with it, and, if withDupes,
// times dupes once on the same corpus.
// The corpus is read from disk, so the heap holds the text that scan or
// dupes keeps, and no other.
func measureScan(b *testing.B, c *onDisk, withDupes bool, inspect ...func(*report.Scan)) scaleRun {
	r := scaleRun{docs: c.n, bytes: c.bytes}
	b.SetBytes(int64(r.bytes))
	tmp := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var elapsed time.Duration
		peak, live := heapPeaks(func() {
			start := time.Now()
			var rep *report.Scan
			var err error
			// Labelled, so that a profile can be cut to the scan alone
			// (go tool pprof -tagfocus run=scan), at one size (-tagfocus "size=N docs").
			pprof.Do(context.Background(), pprof.Labels("run", "scan", "size", fmt.Sprintf("%d docs", c.n)), func(context.Context) {
				rep, err = reuse.Scan(c.source(), reuse.Options{TempDir: tmp})
			})
			elapsed = time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			if sinkScan != nil {
				sinkScan.Close()
			}
			sinkScan = rep
		})
		r.scan += elapsed
		r.peak = max(r.peak, peak)
		r.live = max(r.live, live)
	}
	b.StopTimer()
	var cw countWriter
	if err := sinkScan.WriteJSON(&cw); err != nil { // reading the texts back from the spill
		b.Fatal(err)
	}
	r.json, r.pairs = cw.n, len(sinkScan.Pairs)
	for _, f := range inspect {
		f(sinkScan)
	}
	sinkScan.Close()
	sinkScan = nil
	if withDupes {
		start := time.Now()
		rep, err := dupes.Find(c.source(), dupes.Options{})
		if err != nil {
			b.Fatal(err)
		}
		r.dupes = time.Since(start)
		sinkReport = rep
	}
	r.scan /= time.Duration(b.N)
	b.ReportMetric(float64(r.docs)/r.scan.Seconds(), "docs/s")
	b.ReportMetric(float64(r.peak)/float64(r.docs), "peak-B/doc")
	b.ReportMetric(float64(r.live)/float64(r.docs), "live-B/doc")
	b.ReportMetric(float64(r.json)/float64(r.docs), "json-B/doc")
	if withDupes {
		b.ReportMetric(r.scan.Seconds()/r.dupes.Seconds(), "scan/dupes")
		b.ReportMetric(float64(r.docs)/r.dupes.Seconds(), "dupes-docs/s")
	}
	return r
}

type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// linearity reports how much more a document costs at this size than at
// the first size measured: (time per document here) / (time per document
// there). 1 is linear; the target is at most 1.3.
func linearity(b *testing.B, first *scaleRun, r scaleRun) {
	if first.docs == 0 {
		*first = r
		return
	}
	per := func(x scaleRun) float64 { return x.scan.Seconds() / float64(x.docs) }
	b.ReportMetric(per(r)/per(*first), fmt.Sprintf("per-doc-vs-%d", first.docs))
}

// BenchmarkScanScale scans generated news corpora (NewsCorpus: constant
// reuse per document, the top story in 1% of documents) of 20,000, 100,000
// and 300,000 documents, and reports documents a second, peak heap and
// JSON report bytes per document, scan's time over dupes' on the same
// corpus, the time per document against the smallest size, and the share
// of the reprints' spans, and of their words, that name the wire story
// they reprinted as their source (source-wire, WireSources).
func BenchmarkScanScale(b *testing.B) {
	var first scaleRun
	for _, n := range scaleSizes() {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			c := newsOnDisk(b, 21, n)
			linearity(b, &first, measureScan(b, c, true, func(rep *report.Scan) {
				spans, words := WireSources(rep, c.wire)
				b.ReportMetric(spans, "source-wire")
				b.ReportMetric(words, "source-wire-words")
			}))
		})
	}
}

// BenchmarkScanLimited scans the news corpus of 300,000 documents (the
// largest of BenchmarkScanScale; 100,000 with -short) as the command would on a machine with 8 GiB for a million
// documents (8 GiB / 1M, about 8.6 KB a document): under the soft memory
// limit the command sets there, nine tenths of the machine's memory, which
// makes the collector work harder as the heap nears it. It reports
// documents a second and the peak and live heap a document; the target is
// a peak of at most 8 KB a document.
func BenchmarkScanLimited(b *testing.B) {
	perDoc := float64(8<<30) / 1e6 * 9 / 10
	sizes := scaleSizes()
	for _, n := range sizes[len(sizes)-1:] {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			c := newsOnDisk(b, 21, n)
			defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(perDoc * float64(n))))
			measureScan(b, c, false)
			b.ReportMetric(perDoc, "limit-B/doc")
		})
	}
}

// scaleSizes are the corpus sizes of BenchmarkScanScale and
// BenchmarkDupesScale, and their largest BenchmarkScanLimited's: 20,000,
// 100,000 and 300,000 documents, or without the largest with -short (as
// .ci/run runs them, to keep within its time).
func scaleSizes() []int {
	if testing.Short() {
		return []int{20000, 100000}
	}
	return []int{20000, 100000, 300000}
}

// BenchmarkReach scans one wire paragraph carried by 1,000, 10,000 and
// 100,000 documents, each with text of its own around it, and reports
// documents a second, peak heap and JSON bytes per document, and the time
// per document against 1,000 copies. The passage must stay one passage of
// every copy (checked), whatever its reach.
func BenchmarkReach(b *testing.B) {
	var first scaleRun
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("copies=%d", n), func(b *testing.B) {
			c := putOnDisk(b, ReachCorpus(n))
			r := measureScan(b, c, false)
			linearity(b, &first, r)
			if got := widestPassage(c.source()); got != n {
				b.Fatalf("widest passage has %d members, want %d", got, n)
			}
		})
	}
}

// BenchmarkEditedReach scans one article carried by 1,000, 4,000, 16,000
// and 64,000 documents (4,000 at most with -short), every copy lightly edited
// throughout (EditedCopiesCorpus), and reports what BenchmarkReach does,
// with the report's document pairs a document. Unlike BenchmarkReach's
// paragraph, whose copies are the same words, these copies are one text
// only through the article they copy.
func BenchmarkEditedReach(b *testing.B) {
	var first scaleRun
	for _, n := range []int{1000, 4000, 16000, 64000} {
		if testing.Short() && n > 4000 {
			continue
		}
		b.Run(fmt.Sprintf("copies=%d", n), func(b *testing.B) {
			c := putOnDisk(b, EditedCopiesCorpus(n))
			r := measureScan(b, c, false)
			linearity(b, &first, r)
			b.ReportMetric(float64(r.pairs)/float64(n), "pairs/doc")
		})
	}
}

// BenchmarkMail scans generated mailing-list archives (MailCorpus:
// threads whose replies quote the message they answer whole, lists'
// footers, senders' signatures, spam campaigns) of 2,500, 10,000 and
// 40,000 messages (10,000 at most with -short): text that quoting, not
// syndication, repeats. It reports what BenchmarkScanScale does, the
// report's document pairs a message, quoted-found: the share of replies
// with a span whose source is the message they answer, and
// quoted-credited: the share of the spans sourced from the message a
// reply answers that are credited to its "<sender> wrote:" line, and
// quoted-covered: the share of the quoted lines' letters and digits
// that spans cover. Below 0.95 any of them fails: quoted text taken for a
// list's furniture (corpus SiteLines), or cut where a quote of a quote
// was wrapped anew (the overflow lines of shingle's wrap.go), or lost
// otherwise. (A few hundredths stay uncovered: mostly overflow lines of
// quotes five and more deep, whose runs pass the wrap test's bounds.)
func BenchmarkMail(b *testing.B) {
	var first scaleRun
	for _, n := range []int{2500, 10000, 40000} {
		if testing.Short() && n > 10000 {
			continue
		}
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			docs, answers := NewGenerator(5).MailCorpus(n)
			c := putOnDisk(b, docs)
			text := map[string][]byte{}
			for _, d := range docs {
				text[d.ID] = d.Text
			}
			found, credited, sourced, quoted, covered := 0, 0, 0, 0, 0
			r := measureScan(b, c, true, func(rep *report.Scan) {
				for _, d := range rep.Documents {
					want, ok := answers[d.ID]
					if !ok {
						continue
					}
					for i, sp := range d.Spans {
						if sp.Source == nil || sp.Source.Doc != want {
							continue
						}
						att := sp.Attribution // or where it is, with the text spilled
						if at := sp.AttributionAt; att == "" && at.End > at.Start {
							att = string(text[d.ID][at.Start:at.End])
						}
						if sourced++; strings.HasSuffix(att, " wrote") {
							credited++
						}
						if i == 0 || !slices.ContainsFunc(d.Spans[:i], func(s report.Span) bool { return s.Source != nil && s.Source.Doc == want }) {
							found++
						}
					}
					q, c := quotedCover(text[d.ID], d.Spans)
					quoted, covered = quoted+q, covered+c
				}
			})
			linearity(b, &first, r)
			b.ReportMetric(float64(r.pairs)/float64(n), "pairs/doc")
			share := float64(found) / float64(len(answers))
			b.ReportMetric(share, "quoted-found")
			if share < 0.95 {
				b.Errorf("%d of %d replies have a span sourced from the message they answer", found, len(answers))
			}
			credit := float64(credited) / float64(max(sourced, 1))
			b.ReportMetric(credit, "quoted-credited")
			if credit < 0.95 {
				b.Errorf("%d of the %d spans sourced from the message a reply answers are credited to its \"… wrote:\"", credited, sourced)
			}
			cover := float64(covered) / float64(max(quoted, 1))
			b.ReportMetric(cover, "quoted-covered")
			if cover < 0.95 {
				b.Errorf("spans cover %d of the %d letters and digits of the replies' quotes", covered, quoted)
			}
		})
	}
}

// quotedCover counts the letters and digits of text's quoted lines (those
// that start with '>'), and those of them inside spans.
func quotedCover(text []byte, spans []report.Span) (quoted, covered int) {
	in := make([]bool, len(text)+1)
	for _, sp := range spans {
		for k := max(sp.Start, 0); k < min(sp.End, len(text)); k++ {
			in[k] = true
		}
	}
	at := 0
	for line := range bytes.Lines(text) {
		if line[0] == '>' {
			for k, c := range line {
				if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
					quoted++
					if in[at+k] {
						covered++
					}
				}
			}
		}
		at += len(line)
	}
	return quoted, covered
}

// widestPassage scans src and returns the most members of one passage.
func widestPassage(src corpus.Source) int {
	rep, err := reuse.Scan(src, reuse.Options{})
	if err != nil {
		return -1
	}
	most := 0
	for _, p := range rep.Passages {
		most = max(most, len(p.Members))
	}
	return most
}

// BenchmarkLicences scans the licence texts and per-package copyright
// files that every Debian system ships (/usr/share/common-licenses,
// /usr/share/doc/*/copyright), read as the command reads them: the
// boilerplate-heavy case, where one licence is repeated under each of a
// package's files and in hundreds of packages. It reports documents a
// second, scan's time over dupes', and peak heap and JSON bytes per
// document; the number of documents depends on what the machine has
// installed. Skipped where fewer than 50 such files exist.
func BenchmarkLicences(b *testing.B) {
	dir := b.TempDir()
	n := 0
	copyIn := func(path, name string) {
		data, err := os.ReadFile(path)
		if err != nil || len(data) == 0 {
			return
		}
		if os.WriteFile(filepath.Join(dir, name+".txt"), data, 0o644) == nil {
			n++
		}
	}
	files, _ := filepath.Glob("/usr/share/doc/*/copyright")
	for _, f := range files {
		copyIn(f, filepath.Base(filepath.Dir(f)))
	}
	files, _ = filepath.Glob("/usr/share/common-licenses/*")
	for _, f := range files {
		copyIn(f, "common-licenses-"+filepath.Base(f))
	}
	if n < 50 {
		b.Skipf("only %d licence and copyright files here", n)
	}
	var docs []corpus.Doc
	err := corpus.Open([]string{dir}, corpus.Options{})(func(d corpus.Doc) error {
		docs = append(docs, d)
		return nil
	}, func(corpus.Skip) error { return nil })
	if err != nil {
		b.Fatal(err)
	}
	measureScan(b, putOnDisk(b, docs), true)
	b.ReportMetric(float64(len(docs)), "docs")
}

// BenchmarkDupesScale runs dupes, with its defaults, on corpora of 20,000,
// 100,000 and 300,000 articles of about 3 KB (DupesCorpus: a fifth of
// them lightly edited reprints) read from a file one document at a time,
// and reports documents a second, the peak and live heap a document (what
// dupes holds: each document's fingerprint set and signature, the LSH
// index, the report), and the time per document against the smallest
// size.
func BenchmarkDupesScale(b *testing.B) {
	var first scaleRun
	for _, n := range scaleSizes() {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			c := putOnDisk(b, NewGenerator(3).DupesCorpus(n))
			r := scaleRun{docs: n, bytes: c.bytes}
			sinkReport = nil
			b.SetBytes(int64(c.bytes))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				peak, live := heapPeaks(func() {
					start := time.Now()
					rep, err := dupes.Find(c.source(), dupes.Options{})
					r.scan += time.Since(start)
					if err != nil {
						b.Fatal(err)
					}
					sinkReport = rep
				})
				r.peak, r.live = max(r.peak, peak), max(r.live, live)
			}
			r.scan /= time.Duration(b.N)
			sinkReport = nil
			b.ReportMetric(float64(n)/r.scan.Seconds(), "docs/s")
			b.ReportMetric(float64(r.peak)/float64(n), "peak-B/doc")
			b.ReportMetric(float64(r.live)/float64(n), "live-B/doc")
			linearity(b, &first, r)
		})
	}
}
