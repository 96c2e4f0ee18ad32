// Command copydesk-beam runs copydesk's scan as an Apache Beam pipeline
// (package pipeline): locally on Prism, or on Flink, Spark or Dataflow.
//
//	copydesk-beam scan --input 'corpus/*.jsonl.gz' --output report.json
//	copydesk-beam scan --input 'gs://bucket/news/*.jsonl' --output gs://bucket/report.json \
//	    --runner dataflow --project P --region R --staging_location gs://bucket/staging
//
// Its flags are Go's flag package's, as Beam's runners register theirs
// there (--runner, --endpoint, --environment_type and the rest).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	beamlog "github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/copydesk/copydesk/beam/pipeline"
	"github.com/copydesk/copydesk/reuse"
	"github.com/copydesk/copydesk/shingle"
)

// patterns is a repeatable flag.
type patterns []string

func (p *patterns) String() string     { return strings.Join(*p, ",") }
func (p *patterns) Set(v string) error { *p = append(*p, v); return nil }

var (
	inputs     patterns
	output     = flag.String("output", "", "the report's file, local or an object store's (gs://bucket/report.json): JSON, or JSON Lines if its name ends in .jsonl or .ndjson (a line a document, passage and pair)")
	encoding   = flag.String("encoding", "", "read every file in this encoding (an IANA or WHATWG name), whatever its bytes look like; by default each file's is guessed")
	minWords   = flag.Int("min-words", reuse.DefaultMinWords, "matched words a shared passage needs")
	minContent = flag.Int("min-content", reuse.DefaultMinContent, "matched content words (not function words) a shared passage needs")
	k          = flag.Int("shingle", shingle.DefaultK, "words per shingle in the candidate postings")
	partners   = flag.Int("partners", reuse.DefaultPartners, "the most matches a shared span lists (the rest are counted)")
	pairs      = flag.String("pairs", "linked", "document pairs to list: linked or all")
	fileLines  = flag.Int("file-lines", 0, "with a JSON Lines report, write it in files of this many documents, passages or pairs each (report-00001-of-00012.jsonl and so on), each written by a worker of its own: the head line in the first, then the documents', the skipped inputs' and outlets', the passages' and the pairs'; in order of their names they are the one file's lines. 0 writes one file, from the one worker that joins the whole report")
	verbose    = flag.Bool("verbose", false, "let the runner log what it does (Prism logs every step)")
)

// reachable reports what is wrong with the file system of path (a scheme
// no file system is registered for), and, for a pattern, with the files
// it matches: none is an error, since the pipeline would have no input.
func reachable(ctx context.Context, path string, pattern bool) error {
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fsys.Close()
	if !pattern {
		if strings.Contains(path, "://") {
			return nil // an object store's: its bucket is the runner's to reach
		}
		// A local report's folder must be there and writable before the
		// run, not found wanting after it.
		f, err := os.CreateTemp(filepath.Dir(path), ".copydesk-beam-check-*")
		if err != nil {
			return fmt.Errorf("--output %s: %w", path, err)
		}
		f.Close()
		return os.Remove(f.Name())
	}
	files, err := fsys.List(ctx, path)
	switch {
	case err != nil:
		return fmt.Errorf("--input %s: %w", path, err)
	case len(files) == 0:
		return fmt.Errorf("--input %s matches no file", path)
	}
	for _, f := range files {
		if filepath.Clean(f) == filepath.Clean(*output) {
			return fmt.Errorf("--output %s is one of the inputs (--input %s)", *output, path)
		}
	}
	return nil
}

// staleFiles returns the files named as the report's files (FileName)
// but of another count than n: an earlier run's, which a glob of the
// report's files would take in too. A file system that cannot list
// returns none.
func staleFiles(ctx context.Context, name string, n int) []string {
	fsys, err := filesystem.New(ctx, name)
	if err != nil {
		return nil
	}
	defer fsys.Close()
	ext := path.Ext(name)
	all, err := fsys.List(ctx, strings.TrimSuffix(name, ext)+"-?????-of-?????"+ext)
	if err != nil {
		return nil
	}
	var old []string
	for _, f := range all {
		if !strings.HasSuffix(f, fmt.Sprintf("-of-%05d%s", n, ext)) {
			old = append(old, f)
		}
	}
	slices.Sort(old)
	return old
}

// lines reports whether the report named name is JSON Lines.
func lines(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".jsonl" || ext == ".ndjson"
}

func init() {
	flag.Var(&inputs, "input", "a glob of files to read, local or an object store's (gs://bucket/*.jsonl); repeat it for more. Files are read in byte order of their paths, pattern by pattern")
}

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run parses the command line (Beam's runner flags are the flag package's
// own) and runs the pipeline; it returns the exit code: 0, 1 on failure,
// 2 on a usage error.
func run(args []string, stderr io.Writer) int {
	flag.CommandLine.SetOutput(stderr)
	flag.Usage = func() {
		fmt.Fprintf(stderr, "Usage: copydesk-beam scan --input GLOB [--input GLOB...] --output FILE [flags]\n\nFlags:\n")
		flag.PrintDefaults()
	}
	// Our flags back to their defaults: a test runs the command more than
	// once (Beam's own are left alone: some do not take their default
	// back).
	for _, name := range []string{"output", "encoding", "file-lines", "verbose", "min-words", "min-content", "shingle", "partners", "pairs"} {
		f := flag.Lookup(name)
		f.Value.Set(f.DefValue)
	}
	inputs = nil
	if len(args) == 0 || args[0] != "scan" {
		flag.Usage()
		return 2
	}
	if err := flag.CommandLine.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "copydesk-beam scan: "+format+"\n", a...)
		return 2
	}
	switch {
	case len(inputs) == 0:
		return usage("no --input given")
	case *output == "":
		return usage("no --output given")
	case flag.NArg() > 0:
		return usage("unexpected argument %q (files are --input globs)", flag.Arg(0))
	case *minWords < 1:
		return usage("--min-words %d is less than 1", *minWords)
	case *minContent < 0 || *minContent > *minWords:
		return usage("--min-content %d is not in 0 to --min-words", *minContent)
	case *k < 1:
		return usage("--shingle %d is less than 1", *k)
	case *partners < 1:
		return usage("--partners %d is less than 1", *partners)
	case *pairs != "linked" && *pairs != "all":
		return usage("--pairs %q is not linked or all", *pairs)
	case *fileLines < 0:
		return usage("--file-lines %d is negative", *fileLines)
	case *fileLines > 0 && !lines(*output):
		return usage("--file-lines needs a JSON Lines report (--output ending in .jsonl or .ndjson), not %s", *output)
	}
	ctx := context.Background()
	for _, p := range append([]string(inputs), *output) {
		if err := reachable(ctx, p, p != *output); err != nil {
			fmt.Fprintf(stderr, "copydesk-beam scan: %v\n", err)
			return 1
		}
	}
	mc := *minContent
	if mc == 0 {
		mc = -1 // none; 0 means the default in reuse.Options
	}
	if !*verbose {
		// Prism logs every step of a job at the level info; beam.Init
		// sets the default logger up at this level.
		beamlog.LogLevel = "warn"
	}
	beam.Init()
	p, s := beam.NewPipelineWithRoot()
	records := pipeline.Read(s, inputs, *encoding)
	pipeline.Scan(s, records, *output, pipeline.Options{MinWords: *minWords, MinContent: mc, Shingle: *k, Partners: *partners, AllPairs: *pairs == "all",
		Lines: lines(*output), FileLines: *fileLines})
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		fmt.Fprintf(stderr, "copydesk-beam scan: %v\n", err)
		return 1
	}
	if res != nil {
		n := map[string]int64{}
		for _, c := range res.Metrics().AllMetrics().Counters() {
			if c.Namespace() == "copydesk" {
				n[c.Name()] += c.Result()
			}
		}
		fmt.Fprintf(stderr, "copydesk-beam scan: %d documents in, %d analysed, %d skipped\n", n["analysed"]+n["skipped"], n["analysed"], n["skipped"])
		if files := int(n["report-files"]); files > 0 {
			fmt.Fprintf(stderr, "copydesk-beam scan: the report is in %d files, %s to %s\n", files,
				pipeline.FileName(*output, 0, files), pipeline.FileName(*output, files-1, files))
			if old := staleFiles(ctx, *output, files); len(old) > 0 {
				fmt.Fprintf(stderr, "copydesk-beam scan: %d files of another report are beside it, such as %s: remove them before reading the report's files together\n", len(old), old[0])
			}
		}
	}
	return 0
}
