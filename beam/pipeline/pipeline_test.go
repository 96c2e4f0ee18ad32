package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/copydesk/copydesk/beam/internal/beamtest"
	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/reuse"
)

// TestSameReport: the pipeline on Prism writes the JSON report that
// `copydesk scan --format json` writes for the same files in the same
// order (corpus.Open, reuse.Scan and WriteJSON, as the command runs
// them), byte for byte: on the seeds as text files (one of them gzipped,
// with a file that is no document and a duplicate id across files), on a
// generated news corpus in JSON Lines files, on a paragraph carried by
// many documents (the reach corpus), on copies of a story two of which
// share an edit by chance, on an outlet's page furniture, on
// news with every pair kept, one partner a span, written as JSON Lines, on
// two documents that share nothing, and on
// stories revised in other words (rewrites of documents that share no
// copy).
func TestSameReport(t *testing.T) {
	// Short, the news is smaller: BenchmarkPrism checks the same report
	// on 20,000 news articles, and .ci/run runs it with -short.
	news, reach := 20000, 10000
	if testing.Short() {
		news = 400
	}
	cases := []struct {
		name  string
		files func(t *testing.T, dir string) []string // the patterns
		opts  Options
	}{
		{"seeds", seedFiles, Options{}},
		{"seeds-pairs-all", seedFiles, Options{AllPairs: true, Partners: 2}},
		{"seeds-lines", seedFiles, Options{Lines: true}},
		{"seeds-lines-files", seedFiles, Options{Lines: true, FileLines: 2}},
		{"news", func(t *testing.T, dir string) []string {
			return jsonlFiles(t, dir, benchmarks.NewGenerator(21).NewsCorpus(news), 7)
		}, Options{}},
		{"news-pairs-all-lines", func(t *testing.T, dir string) []string {
			// Every pair that shares a span, one partner a span, as JSON
			// Lines in files of 64 documents: the options together, on
			// more than the seeds.
			return jsonlFiles(t, dir, benchmarks.NewGenerator(22).NewsCorpus(400), 3)
		}, Options{AllPairs: true, Partners: 1, Lines: true, FileLines: 64}},
		{"reach", func(t *testing.T, dir string) []string {
			return jsonlFiles(t, dir, benchmarks.ReachCorpus(reach), 3)
		}, Options{}},
		{"twins", func(t *testing.T, dir string) []string {
			// Two copies of a story that share an edit by chance: the
			// candidates a third document explains (reuse's roots).
			return jsonlFiles(t, dir, benchmarks.TwinEditsCorpus(), 2)
		}, Options{}},
		{"furniture", func(t *testing.T, dir string) []string {
			return jsonlFiles(t, dir, furnished(), 2)
		}, Options{}},
		{"taglines", func(t *testing.T, dir string) []string {
			// An outlet's tagline, furniture, and a wire paragraph
			// that an outlet's stories close with, syndicated (the
			// tail lines grouped over all outlets: tailCountsFn).
			return jsonlFiles(t, dir, benchmarks.NewGenerator(9).TaglineCorpus(), 2)
		}, Options{}},
		{"unrelated", func(t *testing.T, dir string) []string {
			// Two documents that share nothing: no pair, no node.
			var names []string
			for i, text := range []string{
				"The council met on Tuesday to discuss the new budget for the city parks and the library.",
				"A storm is expected to reach the northern coast by Friday evening, forecasters said today.",
			} {
				name := filepath.Join(dir, fmt.Sprintf("%d.txt", i))
				if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				names = append(names, name)
			}
			return names
		}, Options{}},
		{"revised", func(t *testing.T, dir string) []string {
			// Stories revised in other words: rewrites between documents
			// that share no copy.
			b, err := os.ReadFile("../../reuse/testdata/revised.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(dir, "revised.jsonl")
			if err := os.WriteFile(name, b, 0o644); err != nil {
				t.Fatal(err)
			}
			return []string{name}
		}, Options{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			patterns := c.files(t, dir)
			want := commandReport(t, patterns, c.opts)
			out := filepath.Join(dir, "out", "report.json")
			if c.opts.Lines {
				out = filepath.Join(dir, "out", "report.jsonl")
			}
			if err := os.Mkdir(filepath.Dir(out), 0o755); err != nil {
				t.Fatal(err)
			}
			p, s := beam.NewPipelineWithRoot()
			Scan(s, Read(s, patterns, ""), out, c.opts)
			start := time.Now()
			res, err := prism.Execute(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("prism: %v", time.Since(start))
			seeded, written := int64(0), int64(0) // the document pairs compared alone, the report's bytes
			for _, c := range res.Metrics().AllMetrics().Counters() {
				switch c.Name() {
				case "seeded-pairs":
					seeded += c.Result()
				case "report-written-bytes":
					written += c.Result()
				}
			}
			got := readReport(t, out, c.opts)
			// Prism may lose a step's counts from bundles that first
			// report a counter at once (its metrics store keeps one
			// payload a counter while it learns the counter's name:
			// prism/internal/jobservices/metrics.go, v2.77), so the
			// count is at most the report's bytes, not always all.
			if written > int64(len(got)) || written == 0 {
				t.Errorf("report-written-bytes counts %d bytes, the report is %d", written, len(got))
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the pipeline's report (%d bytes) differs from the command's (%d bytes) at byte %d", len(got), len(want), firstDiff(got, want))
			}
			var rep struct {
				Documents []struct {
					ID       string
					Rewrites []json.RawMessage
				}
				Passages []json.RawMessage
				Skipped  []struct{ ID string }
			}
			if c.opts.Lines {
				n := bytes.Count(got, []byte("\n{\"document\":"))
				if !bytes.HasPrefix(got, []byte(`{"report":`)) || n < 5 {
					t.Errorf("the JSON Lines report has %d documents: want a line each", n)
				}
				return
			}
			if c.name == "unrelated" {
				if err := json.Unmarshal(got, &rep); err != nil || len(rep.Documents) != 2 || len(rep.Passages) != 0 {
					t.Errorf("the report has %d documents and %d passages (%v): want two and none", len(rep.Documents), len(rep.Passages), err)
				}
				return
			}
			if err := json.Unmarshal(got, &rep); err != nil || len(rep.Documents) < 5 || len(rep.Passages) == 0 {
				t.Errorf("the report has %d documents and %d passages (%v): want a corpus with passages", len(rep.Documents), len(rep.Passages), err)
			}
			rewrites := 0
			for _, d := range rep.Documents {
				rewrites += len(d.Rewrites)
			}
			if c.name == "revised" && (seeded == 0 || rewrites == 0) {
				t.Errorf("%d document pairs compared alone, %d rewrites: the case tests too little", seeded, rewrites)
			}
			if c.name == "taglines" && len(rep.Passages) != 1 {
				t.Errorf("%d passages, want one: the wire paragraph, not the tagline", len(rep.Passages))
			}
			if c.name == "furniture" && (len(rep.Skipped) != 1 || rep.Skipped[0].ID != "herald-2") {
				t.Errorf("skipped %v, want herald-2, furniture alone", rep.Skipped)
			}
		})
	}
}

// readReport reads the report the pipeline wrote to the file name, or,
// with Options.FileLines, to its files (FileName), one after another:
// as many as its lines need, the first its head line, the others each
// of one kind (documents, the skipped inputs and outlets, passages,
// pairs), at most FileLines lines of documents, passages or pairs.
func readReport(t testing.TB, name string, o Options) []byte {
	if o.FileLines == 0 {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	files, err := filepath.Glob(strings.TrimSuffix(name, filepath.Ext(name)) + "-*-of-*" + filepath.Ext(name))
	if err != nil {
		t.Fatal(err)
	}
	var got []byte
	count := map[string]int{}
	want := 2                 // the head's file and the ledger's
	for i, f := range files { // in order of their names
		if f != FileName(name, i, len(files)) {
			t.Fatalf("file %s, want %s", f, FileName(name, i, len(files)))
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, line := range bytes.SplitAfter(b, []byte("\n")) {
			if len(line) > 0 {
				k, _, _ := strings.Cut(string(line[min(2, len(line)):min(12, len(line))]), `"`)
				if k == "skipped" || k == "outlet" {
					k = "ledger"
				}
				kinds[k]++
				count[k]++
			}
		}
		if len(kinds) != 1 || i == 0 && kinds["report"] != 1 || i > 0 && kinds["report"] > 0 {
			t.Errorf("file %d holds %v lines: want one kind, and the head line alone first", i, kinds)
		}
		for k, n := range kinds {
			if k != "report" && k != "ledger" && n > o.FileLines {
				t.Errorf("file %d holds %d lines of %s, more than %d", i, n, k, o.FileLines)
			}
		}
		got = append(got, b...)
	}
	for _, k := range []string{"document", "passage", "pair"} {
		want += (count[k] + o.FileLines - 1) / o.FileLines
	}
	if len(files) != want {
		t.Errorf("%d files for %v lines, want %d", len(files), count, want)
	}
	t.Logf("%d files of %v lines", len(files), count)
	return got
}

// commandReport is what `copydesk scan --format json` writes for the files
// the patterns match, pattern by pattern, each's in byte order.
func commandReport(t testing.TB, patterns []string, o Options) []byte {
	var paths []string
	for _, p := range patterns {
		m, err := filepath.Glob(p)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	rep, err := reuse.Scan(corpus.Open(paths, corpus.Options{}), reuse.Options{MinWords: o.MinWords, MinContent: o.MinContent,
		Shingle: o.Shingle, Partners: o.Partners, AllPairs: o.AllPairs, KeepRuns: true, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer rep.Close()
	var b bytes.Buffer
	write := rep.WriteJSON
	if o.Lines {
		write = rep.WriteJSONLines
	}
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// seedFiles writes the seeds as text files in two folders, the second
// seed gzipped, the last also in the second folder (a duplicate id), with
// a file that is not a document, and returns a pattern for each folder.
func seedFiles(t *testing.T, dir string) []string {
	for _, sub := range []string{"a", "b"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	all := seeds.All()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range all {
		if i == 1 {
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(s.Text)
			zw.Close()
			write(filepath.Join("a", s.Name+".gz"), z.Bytes())
			continue
		}
		write(filepath.Join("a", s.Name), s.Text)
	}
	write(filepath.Join("b", all[len(all)-1].Name), all[len(all)-1].Text)
	write(filepath.Join("b", "photo.jpg"), []byte("\xff\xd8\xff\xe0 not a document"))
	return []string{filepath.Join(dir, "a", "*"), filepath.Join(dir, "b", "*")}
}

// jsonlFiles writes docs as JSON Lines records in parts files, in turn,
// and returns the pattern of them.
func jsonlFiles(t testing.TB, dir string, docs []corpus.Doc, parts int) []string {
	bufs := make([]bytes.Buffer, parts)
	for i, d := range docs {
		rec := map[string]string{"id": d.ID, "outlet": d.Outlet, "title": d.Title, "url": d.URL, "text": string(d.Text)}
		if !d.Published.IsZero() {
			rec["published"] = d.Published.Format(time.RFC3339)
			if d.DateOnly {
				rec["published"] = d.Published.Format(time.DateOnly)
			}
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		bufs[i%parts].Write(append(b, '\n'))
	}
	for i := range bufs {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("part-%02d.jsonl", i)), bufs[i].Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return []string{filepath.Join(dir, "part-*.jsonl")}
}

// furnished is generated news and an outlet whose documents carry two
// furniture lines, one of them nothing else: the furniture found over the
// whole corpus leaves it no words (a skip).
func furnished() []corpus.Doc {
	return append(benchmarks.NewGenerator(5).NewsCorpus(300), benchmarks.FurnitureCorpus()...)
}

// firstDiff is the first byte at which a and b differ.
func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestMain initialises Beam (beam.Init, after the flags), as a pipeline's
// main does, before the tests build pipelines, in a temporary directory
// of their own (beamtest.InTempDir: Prism leaves a file there for every
// pipeline).
func TestMain(m *testing.M) {
	os.Exit(beamtest.InTempDir(func() int { return ptest.MainRet(m) }))
}
