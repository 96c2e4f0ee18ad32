// Command copydesk finds near-duplicate and syndicated text in a corpus of
// news articles. Run "copydesk help" for usage.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/dupes"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
	"github.com/copydesk/copydesk/shingle"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // the run failed: unreadable input, unwritable output
	exitUsage   = 2 // the command line is wrong
	// exitCrash (3, supervise.go): the run crashed or ran out of memory.
)

func main() {
	if os.Getenv(childEnv) == "" {
		// The parent: the work runs in a child, whose crash is not a
		// usage error (supervise.go).
		if child, err := childCommand(os.Args[1:]); err == nil {
			os.Exit(supervise(child, os.Stderr))
		}
	}
	limitMemory()
	code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if code == exitUsage && os.Getenv(childEnv) != "" {
		code = childUsage
	}
	os.Exit(code)
}

const usage = `copydesk finds near-duplicate and syndicated text in news articles.

Usage:
  copydesk scan [flags] PATH...    shared passages and each document's original text
  copydesk dupes [flags] PATH...   near-duplicate documents
  copydesk render [flags] REPORT   a saved JSON scan report as HTML (or text)
  copydesk archive COMMAND ...     an on-disk archive: add articles, check new ones against it
  copydesk serve --archive A       the archive over HTTP: POST /check, POST /add, GET /healthz
  copydesk version                 the build, and the versions of its hashes and reports
  copydesk help [COMMAND]          this help, or a command's

PATH is a folder (read recursively), a file, or - for standard input.
Documents: .txt, .md, .html, .htm, files with no extension (read as text
unless binary; "Apache-2.0" has none: digits after a dot are a version),
any file that is an HTML page by its content (a crawler's "story.php?id=17"),
e-mail (.eml, .mbox, or a message or mbox by its content: a maildir),
pages a browser saved as one file (.mht, .mhtml), web archives (.warc,
.warc.gz, .warc.zst, .arc, .arc.gz, or either by its content: each page a
crawler fetched), .docx and .odt, RSS
and Atom feeds (.rss, .atom, or a feed by its content) and JSON Feeds
(.json): an item each, news agencies' NITF, NewsML and ANPA 1312 (by
content), JSON Lines (.jsonl, .ndjson: one {"id", "text", "outlet",
"published", "title", "url"} object per line), .json (an array of such
records), .csv and .tsv (a row each, under a header row naming those
columns), .xlsx and .ods workbooks (a row each, in each sheet whose first
row names those columns), and any of these compressed (.gz, .zst). Hidden
files are listed and passed over.
Run "copydesk COMMAND --help" for the flags of a command.
`

// run is the whole program, with its streams passed in so tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "dupes":
		return runDupes(rest, stdin, stdout, stderr)
	case "scan":
		return runScan(rest, stdin, stdout, stderr)
	case "render":
		return runRender(rest, stdin, stdout, stderr)
	case "archive":
		return runArchive(rest, stdin, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "version", "--version":
		writeVersion(stdout)
		return exitOK
	case "help", "-h", "--help":
		if len(rest) > 0 && rest[0] == "dupes" {
			return runDupes([]string{"--help"}, stdin, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "scan" {
			return runScan([]string{"--help"}, stdin, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "render" {
			return runRender([]string{"--help"}, stdin, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "serve" {
			return runServe([]string{"--help"}, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "archive" {
			return runArchive(append(rest[1:], "--help"), stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "copydesk: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}

func runDupes(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("dupes", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	threshold := fs.Float64("threshold", dupes.DefaultThreshold, "report document pairs whose shingle sets have exact Jaccard similarity at least this (0 to 1]")
	k := fs.Int("shingle", shingle.DefaultK, "words per shingle")
	perm := fs.Int("perm", minhash.DefaultK, "MinHash signature length (2 to 65536, and enough to find the pairs at --threshold with recall 0.99: 3 at 0.8)")
	scheme := fs.String("scheme", minhash.FastSimilarity.String(), "signature scheme: fast-similarity, one-permutation, classic or superminhash")
	in := inputFlags(fs, "text or json")
	format, out := in.format, in.out
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: copydesk dupes [flags] PATH...

Finds near-duplicate documents: pairs whose word-shingle sets have exact
Jaccard similarity at or above --threshold, and clusters in which every two
members are near-duplicates.
`+inputHelp+`
Flags:
%s
Exit status: 0 on success, 1 on failure, 2 on a usage error, 3 if the run
crashed or ran out of memory.
`, fs.FlagUsages())
	}
	usageErr := usageError("dupes", stderr)
	if code, done := parseFlags(fs, args, usageErr, stdout); done {
		return code
	}
	formatOf(fs, format, *out, "json", "text")
	if fs.NArg() == 0 {
		return usageErr("no PATH given")
	}
	if !(*threshold > 0 && *threshold <= 1) {
		return usageErr("--threshold %v is not in (0, 1]", *threshold)
	}
	if *k < 1 {
		return usageErr("--shingle %d is less than 1", *k)
	}
	if *perm < 2 || *perm > 65536 {
		return usageErr("--perm %d is not in 2 to 65536", *perm)
	}
	if least := minhash.MinK(*threshold, dupes.MinRecall); *perm < least {
		return usageErr("--perm %d is too short to find the pairs at --threshold %v with recall %v: use at least %d", *perm, *threshold, dupes.MinRecall, least)
	}
	sc, err := minhash.ParseScheme(*scheme)
	if err != nil {
		return usageErr("--scheme: %s", strings.TrimPrefix(err.Error(), "minhash: "))
	}
	if *format != "text" && *format != "json" {
		return usageErr("--format %q is not text or json", *format)
	}

	paths := fs.Args()
	if code, bad := in.encodingProblem(usageErr); bad {
		return code
	}
	if code, bad := outputProblem("dupes", *out, paths, stderr); bad {
		return code
	}
	src, bar := in.source(stdin, stderr, paths, "clustering")
	rep, err := dupes.Find(src, dupes.Options{Threshold: *threshold, Shingle: *k, Perm: *perm, Scheme: sc})
	bar.done()
	if err != nil {
		return failed("dupes", err, stderr)
	}
	return in.finish("dupes", paths, len(rep.Documents), rep.Skipped, *out, *format,
		map[string]func(io.Writer) error{"json": rep.WriteJSON, "text": rep.WriteText}, stdout, stderr)
}

const inputHelp = `
PATH is a folder (read recursively), a file, or - for standard input.
Documents are .txt, .md and .html files, files with no extension (the
id is the file name without the extension) and HTML pages by their content
whatever their names, e-mail (.eml, .mbox, a maildir: each message one
document, its header not text), saved pages (.mht, .mhtml), .docx and
.odt documents, RSS and Atom feeds (.rss, .atom, .xml: each item one
document, its id its guid, else its link; an item read before with the
same text is skipped), news agencies' NITF, NewsML and ANPA 1312 stories
(by their content), JSON Lines files (.jsonl, .ndjson: one object per line with
"id" and "text", and optionally "outlet", "published", "title", "url"),
.csv and .tsv tables and .xlsx and .ods workbooks (a row each, under a
header row naming those columns), and any of these gzip-compressed (.gz). Text is decoded (UTF-8, UTF-16 with a
byte order mark, an HTML page's declared charset, else the legacy encoding
its bytes show, or --encoding) and mojibake repaired. Inputs that
cannot be analysed are listed in the report with the reason, or stop the
run with --strict.
`

// input holds the flags shared by the commands: reading the corpus and
// writing the report.
type input struct {
	strict, quiet *bool
	format, out   *string
	encoding      *string
}

// inputFlags defines the flags both commands share: output format and
// file, --strict and --quiet.
func inputFlags(fs *pflag.FlagSet, formats string) input {
	return input{
		format:   fs.String("format", "text", "output format: "+formats),
		out:      fs.StringP("output", "o", "", "write the report to this file instead of standard output"),
		strict:   fs.Bool("strict", false, "stop at the first input that cannot be analysed (exit 1) instead of listing it as skipped"),
		quiet:    fs.BoolP("quiet", "q", false, "print nothing on standard error but errors: no progress bar, no counts"),
		encoding: fs.String("encoding", "", "read every input in this encoding (windows-1251, koi8-r, shift_jis, big5, euc-kr, latin1, ...: an IANA or WHATWG name) instead of telling each file's from its bytes"),
	}
}

// encodingProblem reports a --encoding that names no encoding, as a usage
// error.
func (in input) encodingProblem(usageErr func(string, ...any) int) (int, bool) {
	if *in.encoding == "" {
		return exitOK, false
	}
	if _, ok := corpus.EncodingName(*in.encoding); !ok {
		return usageErr("--encoding %q names no encoding copydesk knows (windows-1251, koi8-r, shift_jis, big5, euc-kr, gb18030, latin1, ...)", *in.encoding), true
	}
	return exitOK, false
}

// source is the corpus at paths, strict if asked, and the progress bar
// that follows its reading on stderr if that is a terminal and --quiet is
// off (else nil); stage names what follows the reading.
func (in input) source(stdin io.Reader, stderr io.Writer, paths []string, stage string) (corpus.Source, *progress) {
	bar := newProgress(stderr, !*in.quiet && isTerminal(stderr), paths)
	var read func(int)
	if bar != nil {
		read = bar.read
	}
	src := corpus.Open(paths, corpus.Options{Stdin: stdin, Read: read, Encoding: *in.encoding})
	if *in.strict {
		src = corpus.Strict(src)
	}
	return bar.source(src, stage), bar
}

// failed reports a run that could not finish (with --strict, the first bad
// input).
func failed(cmd string, err error, stderr io.Writer) int {
	msg := err.Error()
	for _, pkg := range []string{cmd + ": ", "corpus: "} { // "copydesk dupes: dupes: ..." says it twice
		msg = strings.TrimPrefix(msg, pkg)
	}
	fmt.Fprintf(stderr, "copydesk %s: %s\n", cmd, report.Printable(msg))
	return exitFailure
}

// finish ends a run: it fails if nothing could be analysed, else writes
// the report and says on stderr how many documents came in, were analysed
// and were skipped (unless the text report on stdout says so already, or
// --quiet).
func (in input) finish(cmd string, paths []string, analysed int, skipped []report.Skipped, out, format string,
	writers map[string]func(io.Writer) error, stdout, stderr io.Writer) int {
	if analysed == 0 {
		return nothingToAnalyse(cmd, paths, skipped, stderr)
	}
	if code := writeReport(cmd, out, writers[format], stdout, stderr); code != exitOK {
		return code
	}
	if !*in.quiet && (format != "text" || out != "" && out != "-") {
		fmt.Fprintf(stderr, "copydesk %s: %d documents in, %d analysed, %d skipped\n", cmd, analysed+len(skipped), analysed, len(skipped))
	}
	return exitOK
}

// formatOf sets format from the extension of the report file out when no
// --format was given (.txt text, .json json, .html and .htm html, .csv
// csv), if the command writes that format.
func formatOf(fs *pflag.FlagSet, format *string, out string, formats ...string) {
	if fs.Changed("format") || out == "" || out == "-" {
		return
	}
	f := map[string]string{".txt": "text", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html", ".htm": "html", ".csv": "csv"}[strings.ToLower(filepath.Ext(out))]
	if f != "" && slices.Contains(formats, f) {
		*format = f
	}
}

// usageError returns a function that reports a usage error of cmd and
// returns exitUsage.
func usageError(cmd string, stderr io.Writer) func(format string, a ...any) int {
	return func(format string, a ...any) int {
		fmt.Fprintf(stderr, "copydesk %s: %s\nRun 'copydesk %s --help' for usage.\n", cmd, fmt.Sprintf(format, a...), cmd)
		return exitUsage
	}
}

// parseFlags parses args; done reports that the command is over (help was
// shown, on stdout as asked for, or the flags are wrong), with its exit
// code.
func parseFlags(fs *pflag.FlagSet, args []string, usageErr func(string, ...any) int, stdout io.Writer) (code int, done bool) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(stdout) // help asked for is output, not an error
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK, true
		}
		return usageErr("%v", err), true
	}
	return 0, false
}

// nothingToAnalyse reports a run in which no document could be analysed.
func nothingToAnalyse(cmd string, paths []string, skipped []report.Skipped, stderr io.Writer) int {
	fmt.Fprintf(stderr, "copydesk %s: nothing to analyse in %s\n", cmd, strings.Join(paths, ", "))
	for _, s := range skipped {
		fmt.Fprintf(stderr, "  %s: %s\n", report.Printable(s.Path), report.Printable(s.Reason))
	}
	return exitFailure
}

// writeReport writes a report with write to the file out (atomically:
// writeAtomic), or to stdout when out is "" or "-".
func writeReport(cmd, out string, write func(io.Writer) error, stdout, stderr io.Writer) int {
	var err error
	if out != "" && out != "-" {
		err = writeAtomic(out, write)
	} else {
		err = write(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "copydesk %s: writing the report: %v\n", cmd, err)
		return exitFailure
	}
	return exitOK
}

// outputProblem checks the report file out for a run over paths before
// the run (checkOutput), and returns the exit code if it is wrong: a
// usage error if it names an input, else a failure.
func outputProblem(cmd, out string, paths []string, stderr io.Writer) (int, bool) {
	err := checkOutput(out, paths)
	switch {
	case err == nil:
		return exitOK, false
	case errors.Is(err, errOutputIsInput):
		return usageError(cmd, stderr)("-o %v", err), true
	}
	fmt.Fprintf(stderr, "copydesk %s: -o %s: %v\n", cmd, out, err)
	return exitFailure, true
}

// scanWriters are the formats of a scan report; with rep nil, only the
// keys are meaningful.
func scanWriters(rep *report.Scan, table, order string) map[string]func(io.Writer) error {
	if rep == nil {
		rep = &report.Scan{}
	}
	csv := rep.WriteCSV
	if table == "outlets" {
		csv = rep.WriteCSVOutlets
	}
	text := func(w io.Writer) error { return rep.WriteTextBy(w, order) }
	return map[string]func(io.Writer) error{"text": text, "json": rep.WriteJSON, "jsonl": rep.WriteJSONLines, "html": rep.WriteHTML, "csv": csv}
}

// scanOutputProblem takes the format of a scan report from the -o file's
// extension if --format is not given (formatOf), and reports a --table or
// --sort that is wrong (tableProblem, sortProblem).
func scanOutputProblem(fs *pflag.FlagSet, format *string, out, table, order string, usageErr func(string, ...any) int) (int, bool) {
	formatOf(fs, format, out, "text", "json", "jsonl", "html", "csv")
	if code, bad := tableProblem(table, *format, usageErr); bad {
		return code, true
	}
	return sortProblem(order, usageErr)
}

// sortFlag defines --sort, the order of the text report's documents.
func sortFlag(fs *pflag.FlagSet) *string {
	return fs.String("sort", report.OrderCopied, "the text report's order of documents: copied (the least original first), outlet (by outlet, then time) or input")
}

// sortProblem reports a --sort that names no order, as a usage error.
func sortProblem(order string, usageErr func(string, ...any) int) (int, bool) {
	switch order {
	case report.OrderCopied, report.OrderOutlet, report.OrderInput:
		return exitOK, false
	}
	return usageErr("--sort %q is not copied, outlet or input", order), true
}

// tableFlag defines --table, which CSV table to write.
func tableFlag(fs *pflag.FlagSet) *string {
	return fs.String("table", "spans", "with --format csv, the table: spans (one row per shared span and rewrite) or outlets (the outlet ledger)")
}

// tableProblem reports a --table that names no table, or one asked for
// without --format csv, as a usage error.
func tableProblem(table, format string, usageErr func(string, ...any) int) (int, bool) {
	switch {
	case table != "spans" && table != "outlets":
		return usageErr("--table %q is not spans or outlets", table), true
	case table == "outlets" && format != "csv":
		return usageErr("--table outlets is a CSV table: add --format csv (or -o FILE.csv)"), true
	}
	return exitOK, false
}

// runRender renders a saved JSON scan report in another format.
func runRender(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("render", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "html", "output format: html (one self-contained page), text, json, jsonl (JSON Lines) or csv (one row per shared span and rewrite); by default the -o file's extension says, else html")
	table, order := tableFlag(fs), sortFlag(fs)
	out := fs.StringP("output", "o", "", "write to this file instead of standard output")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: copydesk render [flags] REPORT.json

Renders a report saved by "copydesk scan --format json" (- reads standard
input): by default as one self-contained HTML page that opens from disk.

Flags:
%s
Exit status: 0 on success, 1 on failure, 2 on a usage error, 3 if the run
crashed or ran out of memory.
`, fs.FlagUsages())
	}
	usageErr := usageError("render", stderr)
	if code, done := parseFlags(fs, args, usageErr, stdout); done {
		return code
	}
	if code, bad := scanOutputProblem(fs, format, *out, *table, *order, usageErr); bad {
		return code
	}
	switch {
	case fs.NArg() != 1:
		return usageErr("want one REPORT.json, got %d arguments", fs.NArg())
	case scanWriters(nil, "", "")[*format] == nil:
		return usageErr("--format %q is not html, text, json, jsonl or csv", *format)
	}
	if code, bad := outputProblem("render", *out, fs.Args(), stderr); bad {
		return code
	}
	var in io.Reader = stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "copydesk render: %v\n", err)
			return exitFailure
		}
		defer f.Close()
		in = f
	}
	rep, err := report.ReadScan(in)
	if err != nil {
		fmt.Fprintf(stderr, "copydesk render: %s: %v\n", fs.Arg(0), strings.TrimPrefix(err.Error(), "report: "))
		return exitFailure
	}
	return writeReport("render", *out, scanWriters(rep, *table, *order)[*format], stdout, stderr)
}

func runScan(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	minWords := fs.Int("min-words", reuse.DefaultMinWords, "matched words a shared passage needs")
	minContent := fs.Int("min-content", reuse.DefaultMinContent, "matched content words (not function words) a shared passage needs")
	k := fs.Int("shingle", shingle.DefaultK, "words per shingle in the candidate postings")
	partners := fs.Int("partners", reuse.DefaultPartners, "the most matches a shared span lists (the rest are counted)")
	pairs := fs.String("pairs", "linked", "document pairs to list: linked (those a span's source or matches name) or all (every two documents sharing a passage: grows with the square of a passage's reach)")
	tempDir := fs.String("temp-dir", "", "where document text waits on disk while passages are aligned (default: the system's temporary directory); \"-\" keeps it in memory")
	in := inputFlags(fs, "text, json, jsonl (JSON Lines: a line a document, passage and pair, for reports too large to read whole), html (one self-contained page) or csv (one row per shared span and rewrite); by default the -o file's extension says, else text")
	table, order := tableFlag(fs), sortFlag(fs)
	format, out := in.format, in.out
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: copydesk scan [flags] PATH...

Finds the passages each document shares with other documents, verbatim or
lightly edited, who published each first, and what remains each document's
own. Sentences sharing a run of --shingle words are aligned word by word; a
shared passage needs at least --min-words matched words, --min-content of
them content words. The report lists the passages (each once, with its
origin, reach and every member); per document its shared spans (quoted or
prose, with the source each most likely came from, the closest --partners
matches and a count of the rest) and its original share (the words it
published first or alone); and the document pairs.
`+inputHelp+`
The JSON format is specified by report/scan.schema.json.

Flags:
%s
Exit status: 0 on success, 1 on failure, 2 on a usage error, 3 if the run
crashed or ran out of memory.
`, fs.FlagUsages())
	}
	usageErr := usageError("scan", stderr)
	if code, done := parseFlags(fs, args, usageErr, stdout); done {
		return code
	}
	if code, bad := scanOutputProblem(fs, format, *out, *table, *order, usageErr); bad {
		return code
	}
	switch {
	case fs.NArg() == 0:
		return usageErr("no PATH given")
	case *minWords < 1:
		return usageErr("--min-words %d is less than 1", *minWords)
	case *minContent < 0 || *minContent > *minWords:
		return usageErr("--min-content %d is not in 0 to --min-words", *minContent)
	case *k < 1:
		return usageErr("--shingle %d is less than 1", *k)
	case *partners < 1:
		return usageErr("--partners %d is less than 1", *partners)
	case *pairs != "linked" && *pairs != "all":
		return usageErr("--pairs %q is not linked or all", *pairs)
	case scanWriters(nil, "", "")[*format] == nil:
		return usageErr("--format %q is not text, json, jsonl, html or csv", *format)
	}
	paths := fs.Args()
	if code, bad := in.encodingProblem(usageErr); bad {
		return code
	}
	if code, bad := outputProblem("scan", *out, paths, stderr); bad {
		return code
	}
	// MinContent 0 means the default in reuse.Options; ask for none with -1.
	mc := *minContent
	if mc == 0 {
		mc = -1
	}
	// The text is spilled to disk unless asked not to: a scan's heap then
	// holds no text until the report.
	spill := *tempDir
	switch spill {
	case "":
		spill = os.TempDir()
	case "-":
		spill = ""
	}
	src, bar := in.source(stdin, stderr, paths, "aligning shared passages")
	rep, err := reuse.Scan(src, reuse.Options{MinWords: *minWords, MinContent: mc, Shingle: *k,
		Partners: *partners, AllPairs: *pairs == "all", TempDir: spill})
	bar.done()
	if err != nil {
		return failed("scan", err, stderr)
	}
	defer rep.Close() // the texts left in the spill file, read as the report is written
	return in.finish("scan", paths, len(rep.Documents), rep.Skipped, *out, *format, scanWriters(rep, *table, *order), stdout, stderr)
}
