package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/reuse"
)

// BenchmarkPrism scans a generated news corpus of 20,000 documents (5,000
// under -short) in 8 JSON Lines files both ways, the pipeline on Prism
// and the command's in-process scan, checks that the reports (JSON Lines, the pipeline's
// in files of 4,096 documents) are the same bytes, and
// reports each one's documents a second, the ratio of their times, and
// the bytes the pipeline shuffles a document: as Beam's coders encode
// them, its candidate furniture lines (counted by a combine) and its
// record with its analysis (which goes to its block); as the stages
// encode them, its postings, and what Align
// shuffles (its counters: candidates by document pair, units' stems,
// analyses, and the pairs' alignments), what Chain and Passages shuffle
// (the pairs chained, the documents' nodes and sides, the edges, the
// components' passages), what Report shuffles (the documents' token
// offsets, the node views, the asks
// for partners' bytes and their answers, the rewrites' asks and sides,
// the members of passages, the sides of pairs (those named, those asked
// for, and each document's sides of all its pairs, kept in its block
// for the asks), the JSON of the documents' reports, which go to their
// files of the report, as do the JSON of the passages and of the pairs,
// and what the join reads: what the ledger reads of each document, what
// the passages' order reads of them, the pairs' IDs), the share of
// the candidate document pairs that Align aligns, and the share of the
// components that needed their documents' analyses.
func BenchmarkPrism(b *testing.B) {
	n := 20000
	if testing.Short() { // .ci/run's: its ten minutes
		n = 5000
	}
	dir := b.TempDir()
	patterns := jsonlFiles(b, dir, benchmarks.NewGenerator(21).NewsCorpus(n), 8)
	paths, _ := filepath.Glob(patterns[0])
	size, _ := corpus.Size(paths...)
	b.SetBytes(size)
	b.ReportAllocs()
	// What the pipeline shuffles: each document's candidate furniture
	// lines (short lines that are no sentence, of documents with an
	// outlet), to be counted (a combine), and its record with its
	// analysis, to its block.
	recEnc := beam.NewElementEncoder(reflect.TypeOf(Record{}))
	lineEnc := beam.NewElementEncoder(reflect.TypeOf(""))
	var lines, records countWriter
	var (
		batches  postingBatches
		postings int
		seq      int
	)
	keep := func(_ int, b []byte) { postings += len(b) }
	if err := corpus.Open(paths, corpus.Options{})(func(d corpus.Doc) error {
		r := fromDoc(d)
		r.File, r.Seq = d.Path[:strings.LastIndexByte(d.Path, ':')], seq // as Read sets them
		seq++
		a := reuse.Analyse(d)
		var err error
		if r.Analysis, err = a.MarshalBinary(); err != nil {
			return err
		}
		if a.Words() > 0 {
			batches.add(&r, a, 0, keep)
		}
		for _, k := range corpus.SiteKeys(nil, d.Text) {
			if d.Outlet != "" {
				if err := lineEnc.Encode(siteLine(d.Outlet, k), &lines); err != nil {
					return err
				}
			}
		}
		return recEnc.Encode(r, &records)
	}, func(corpus.Skip) error { return nil }); err != nil {
		b.Fatal(err)
	}
	batches.flush(keep)
	// The report as JSON Lines in files of 4,096 documents, as a large
	// corpus's would be written: its documents by the workers that make
	// them, the rest by the join.
	opts := Options{Lines: true, FileLines: 4096}
	var inProcess, onPrism time.Duration
	written := int64(0)            // the report's bytes, over the runs
	counters := map[string]int64{} // Align's, over the runs
	for i := 0; i < b.N; i++ {
		start := time.Now()
		want := commandReport(b, patterns, opts)
		inProcess += time.Since(start)

		out := filepath.Join(dir, fmt.Sprintf("report-%d.jsonl", i))
		p, s := beam.NewPipelineWithRoot()
		Scan(s, Read(s, patterns, ""), out, opts)
		start = time.Now()
		res, err := prism.Execute(context.Background(), p)
		if err != nil {
			b.Fatal(err)
		}
		onPrism += time.Since(start)
		for _, c := range res.Metrics().AllMetrics().Counters() {
			if c.Namespace() == "copydesk" {
				counters[c.Name()] += c.Result()
			}
		}
		got := readReport(b, out, opts)
		if !bytes.Equal(got, want) {
			b.Fatalf("the reports differ at byte %d", firstDiff(got, want))
		}
		if w := counters["report-written-bytes"]; w > int64(len(got))*int64(i+1) || w == 0 {
			// At most: Prism may lose counts (TestSameReport).
			b.Fatalf("report-written-bytes counts %d bytes, the files hold %d", w, int64(len(got))*int64(i+1))
		}
		written += int64(len(got))
	}
	b.ReportMetric(float64(n*b.N)/onPrism.Seconds(), "prism-docs/s")
	b.ReportMetric(float64(n*b.N)/inProcess.Seconds(), "scan-docs/s")
	b.ReportMetric(onPrism.Seconds()/inProcess.Seconds(), "prism/scan")
	b.ReportMetric(float64(lines.n)/float64(n), "lines-B/doc")
	b.ReportMetric(float64(records.n)/float64(n), "records-B/doc")
	b.ReportMetric(float64(postings)/float64(n), "postings-B/doc")
	runs := float64(n * b.N)
	for _, name := range []string{"candidates-bytes", "roots-offered-bytes", "roots-sent-bytes", "stems-bytes", "analyses-bytes", "aligned-bytes", "seeds-bytes", "seeded-bytes", "chained-bytes", "nodes-bytes", "edges-bytes", "ends-bytes", "label-messages-bytes", "components-bytes",
		"shared-bytes", "offsets-bytes", "views-bytes", "far-bytes", "rewrite-sides-bytes", "members-bytes", "pair-sides-bytes", "all-sides-bytes", "documents-json-bytes", "ledger-bytes", "passage-keys-bytes", "pair-keys-bytes", "passages-json-bytes", "pairs-json-bytes"} {
		b.ReportMetric(float64(counters[name])/runs, strings.TrimSuffix(name, "-bytes")+"-B/doc")
	}
	// What the join reads: what the ledger reads of the documents, the
	// order of the passages, the pairs' IDs; not their reports.
	b.ReportMetric(float64(counters["ledger-bytes"]+counters["passage-keys-bytes"]+counters["pair-keys-bytes"])/runs, "join-B/doc")
	// The share of the report's bytes that its writers' counter saw:
	// below 1 when Prism lost some (TestSameReport).
	b.ReportMetric(float64(counters["report-written-bytes"])/float64(written), "written-counted")
	b.ReportMetric(float64(counters["live-pairs"])/float64(counters["document-pairs"]), "live/pairs")
	b.ReportMetric(float64(counters["components-analysed"])/float64(counters["components"]), "analysed/components")
	b.ReportMetric(float64(counters["label-pairs"])/float64(b.N), "label-pairs")
}

type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
