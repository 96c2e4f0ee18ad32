package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/copydesk/copydesk/archive"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
)

const archiveUsage = `Usage:
  copydesk archive add ARCHIVE PATH...     add documents (an archived id: the same text is passed over, another replaces it)
  copydesk archive check ARCHIVE PATH...   what documents share with the archive and each other, as scan reports it
  copydesk archive remove ARCHIVE ID...    remove documents (corrections, retractions)
  copydesk archive compact ARCHIVE         drop the postings of removed documents and compact the store
  copydesk archive stats ARCHIVE           documents, text and disk use
  copydesk archive verify ARCHIVE          check every invariant of the archive and say what is wrong

ARCHIVE is a folder, made by the first add. One process at a time writes an
archive; check, stats and verify beside it read the snapshot it published
last (every 30 s at most), and copydesk serve answers checks while it adds.
Run "copydesk archive COMMAND --help" for the flags of a command.
`

// runArchive runs an archive subcommand.
func runArchive(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, archiveUsage)
		return exitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "add":
		return runArchiveAdd(rest, stdin, stdout, stderr)
	case "check":
		return runArchiveCheck(rest, stdin, stdout, stderr)
	case "remove":
		return runArchiveRemove(rest, stdout, stderr)
	case "compact":
		return runArchiveCompact(rest, stdout, stderr)
	case "stats":
		return runArchiveStats(rest, stdout, stderr)
	case "verify":
		return runArchiveVerify(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, archiveUsage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "copydesk archive: unknown command %q\n\n%s", cmd, archiveUsage)
		return exitUsage
	}
}

// archiveFlags parses the flags of an archive subcommand, whose usage
// line and description are given; done says the command is over, with
// its exit code. It returns the archive's path and the other arguments.
func archiveFlags(fs *pflag.FlagSet, name, line, about string, args []string, minArgs int, stdout, stderr io.Writer) (path string, rest []string, code int, done bool) {
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: copydesk archive %s %s\n\n%s\nFlags:\n%s\nExit status: 0 on success, 1 on failure, 2 on a usage error, 3 if the run\ncrashed or ran out of memory.\n", name, line, about, fs.FlagUsages())
	}
	usageErr := usageError("archive "+name, stderr)
	if code, done := parseFlags(fs, args, usageErr, stdout); done {
		return "", nil, code, true
	}
	if fs.NArg() < 1+minArgs {
		return "", nil, usageErr("usage: copydesk archive %s %s", name, line), true
	}
	return fs.Arg(0), fs.Args()[1:], exitOK, false
}

// openArchive opens the archive at path for a subcommand, saying why not
// on stderr.
func openArchive(cmd, path string, opts archive.Options, stderr io.Writer) (*archive.Archive, int) {
	a, err := archive.Open(path, opts)
	if err != nil {
		if errors.Is(err, archive.ErrNoArchive) {
			fmt.Fprintf(stderr, "copydesk archive %s: %s is no archive (copydesk archive add makes one)\n", cmd, report.Printable(path))
			return nil, exitFailure
		}
		if strings.Contains(err.Error(), "lock") {
			err = fmt.Errorf("%w (is another copydesk using the archive? one process at a time opens it)", err)
		}
		return nil, failed("archive "+cmd, err, stderr)
	}
	if t := a.Snapshot(); !t.IsZero() {
		fmt.Fprintf(stderr, "copydesk archive %s: another process is writing the archive: reading it as it was at %s\n", cmd, t.Format("2006-01-02 15:04:05"))
	}
	return a, exitOK
}

func runArchiveAdd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("archive add", pflag.ContinueOnError)
	in := inputFlags(fs, "text")
	fs.Lookup("format").Hidden, fs.Lookup("output").Hidden = true, true
	batch := fs.Int("batch", archive.DefaultBatch, "the most documents a committed batch holds: smaller batches use less memory (two are in flight) and add more slowly")
	path, paths, code, done := archiveFlags(fs, "add", "[flags] ARCHIVE PATH...",
		"Adds the documents under PATH to the archive at ARCHIVE (a folder, made if\nthere is none), a batch at a time, each batch committed whole. A document\nwhose id is archived replaces the archived one if its text differs, and is\npassed over if not; both are noted on standard error.\n"+inputHelp,
		args, 1, stdout, stderr)
	if done {
		return code
	}
	if code, bad := in.encodingProblem(usageError("archive add", stderr)); bad {
		return code
	}
	a, code := openArchive("add", path, archive.Options{Create: true, Batch: *batch}, stderr)
	if a == nil {
		return code
	}
	defer a.Close()
	src, bar := in.source(stdin, stderr, paths, "writing the archive")
	res, err := a.Add(src)
	if err == nil {
		a.Settle() // the compactions the adds left, so that the checks after do not share the machine with them
	}
	bar.done()
	if err != nil {
		return failed("archive add", err, stderr)
	}
	if err := a.Close(); err != nil {
		return failed("archive add", err, stderr)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(stderr, "copydesk archive add: %s (%s): %s\n", report.Printable(n.ID), report.Printable(n.Path), n.Note)
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(stderr, "copydesk archive add: skipped %s: %s\n", report.Printable(s.Path), report.Printable(s.Reason))
	}
	if !*in.quiet {
		fmt.Fprintf(stderr, "copydesk archive add: %d documents in: %d added, %d replaced, %d unchanged, %d skipped\n",
			res.Added+res.Replaced+res.Unchanged+len(res.Skipped), res.Added, res.Replaced, res.Unchanged, len(res.Skipped))
	}
	return exitOK
}

func runArchiveCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("archive check", pflag.ContinueOnError)
	add := fs.Bool("add", false, "add the checked documents to the archive afterwards, with no other change to the archive between")
	partners := fs.Int("partners", reuse.DefaultPartners, "the most matches a shared span lists (the rest are counted)")
	pairs := fs.String("pairs", "linked", "document pairs to list: linked (those a span's source or matches name) or all (every two documents sharing a passage)")
	wide := fs.Int("wide-docs", archive.DefaultWideDocs, "the most archived documents a fingerprint (a run of words) brings into the check whole: one carried by more (a stock phrase, a story reprinted that widely) brings only its earliest, and the report counts those left unread; -1: no limit")
	in := inputFlags(fs, "text, json, jsonl (JSON Lines), html (one self-contained page) or csv (one row per shared span and rewrite); by default the -o file's extension says, else text")
	table, order := tableFlag(fs), sortFlag(fs)
	format, out := in.format, in.out
	path, paths, code, done := archiveFlags(fs, "check", "[flags] ARCHIVE PATH...",
		"Reports, for each document under PATH, the passages it shares with the\narchived documents and with the other documents checked, as copydesk scan\nreports them: each span's source and passage origin across the archive, and\nthe document's original share. The archived documents it shares text with\nare in the report too, marked archived, with their texts, so the HTML report\nopens offline. The JSON format is specified by report/scan.schema.json.\n"+inputHelp,
		args, 1, stdout, stderr)
	if done {
		return code
	}
	usageErr := usageError("archive check", stderr)
	if code, bad := scanOutputProblem(fs, format, *out, *table, *order, usageErr); bad {
		return code
	}
	switch {
	case *partners < 1:
		return usageErr("--partners %d is less than 1", *partners)
	case *pairs != "linked" && *pairs != "all":
		return usageErr("--pairs %q is not linked or all", *pairs)
	case *wide == 0 || *wide < -1:
		return usageErr("--wide-docs %d is not a number of documents or -1", *wide)
	case scanWriters(nil, "", "")[*format] == nil:
		return usageErr("--format %q is not text, json, jsonl, html or csv", *format)
	}
	if code, bad := in.encodingProblem(usageErr); bad {
		return code
	}
	if code, bad := outputProblem("archive check", *out, paths, stderr); bad {
		return code
	}
	a, code := openArchive("check", path, archive.Options{ReadOnly: !*add}, stderr)
	if a == nil {
		return code
	}
	defer a.Close()
	src, bar := in.source(stdin, stderr, paths, "checking against the archive")
	ch, err := a.Check(src, archive.CheckOptions{Add: *add, WideDocs: *wide, Scan: reuse.Options{Partners: *partners, AllPairs: *pairs == "all"}})
	bar.done()
	if err != nil {
		return failed("archive check", err, stderr)
	}
	if err := a.Close(); err != nil {
		return failed("archive check", err, stderr)
	}
	checked := len(ch.Report.Documents) - ch.Report.ArchivedDocuments()
	if ch.Added != nil && !*in.quiet {
		r := ch.Added
		fmt.Fprintf(stderr, "copydesk archive check: added to the archive: %d added, %d replaced, %d unchanged\n", r.Added, r.Replaced, r.Unchanged)
	}
	if ac := ch.Report.Archive; !*in.quiet && *format != "text" {
		fmt.Fprintf(stderr, "copydesk archive check: of the archive's %d documents, %d read", ac.Documents, ac.Read)
		if ac.Wide > 0 {
			fmt.Fprintf(stderr, "; %d fingerprints carried by more than %d each brought in their earliest only (%d documents not read)", ac.Wide, ac.WideDocs, ac.NotRead)
		}
		fmt.Fprintln(stderr)
	}
	return in.finish("archive check", paths, checked, ch.Report.Skipped, *out, *format, scanWriters(ch.Report, *table, *order), stdout, stderr)
}

func runArchiveRemove(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("archive remove", pflag.ContinueOnError)
	path, ids, code, done := archiveFlags(fs, "remove", "ARCHIVE ID...",
		"Removes the documents of the ids from the archive, in one commit. An id that\nno archived document has is noted on standard error.\n", args, 1, stdout, stderr)
	if done {
		return code
	}
	a, code := openArchive("remove", path, archive.Options{}, stderr)
	if a == nil {
		return code
	}
	defer a.Close()
	res, err := a.Remove(ids)
	if err == nil {
		err = a.Close()
	}
	if err != nil {
		return failed("archive remove", err, stderr)
	}
	for _, id := range res.Missing {
		fmt.Fprintf(stderr, "copydesk archive remove: %s: no archived document has this id\n", report.Printable(id))
	}
	fmt.Fprintf(stdout, "%d documents removed\n", res.Removed)
	return exitOK
}

func runArchiveCompact(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("archive compact", pflag.ContinueOnError)
	path, _, code, done := archiveFlags(fs, "compact", "ARCHIVE",
		"Drops the postings of the documents removed or replaced (which checks pass\nover until then) and has the store compact all it holds, so that their\nspace comes back. It rewrites the postings a batch at a time: if it is\nstopped, run it again.\n", args, 0, stdout, stderr)
	if done {
		return code
	}
	a, code := openArchive("compact", path, archive.Options{}, stderr)
	if a == nil {
		return code
	}
	defer a.Close()
	before, err := a.Stats()
	var res archive.CompactResult
	if err == nil {
		res, err = a.Compact()
	}
	if err == nil {
		err = a.Close() // which deletes the files the compaction made obsolete
	}
	var after uint64
	if err == nil {
		after, err = archive.DiskBytes(path)
	}
	if err != nil {
		return failed("archive compact", err, stderr)
	}
	fmt.Fprintf(stdout, "dropped the postings of %d removed or replaced documents from %d buckets; %d bytes on disk before, %d after\n",
		res.Dropped, res.Buckets, before.DiskBytes, after)
	return exitOK
}

func runArchiveStats(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("archive stats", pflag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the statistics as JSON")
	path, _, code, done := archiveFlags(fs, "stats", "[flags] ARCHIVE", "Prints the archive's documents, text and disk use; it reads no document.\n", args, 0, stdout, stderr)
	if done {
		return code
	}
	a, code := openArchive("stats", path, archive.Options{ReadOnly: true}, stderr)
	if a == nil {
		return code
	}
	defer a.Close()
	st, err := a.Stats()
	if err != nil {
		return failed("archive stats", err, stderr)
	}
	if *asJSON {
		b, _ := json.MarshalIndent(map[string]any{"format": st.Format, "fingerprints": st.Fingerprints,
			"shingle": st.Shingle, "window": st.Window, "documents": st.Documents, "removed": st.Removed,
			"added": st.Added, "text_bytes": st.TextBytes, "disk_bytes": st.DiskBytes}, "", "  ")
		fmt.Fprintf(stdout, "%s\n", b)
		return exitOK
	}
	ratio := 0.0
	if st.TextBytes > 0 {
		ratio = float64(st.DiskBytes) / float64(st.TextBytes)
	}
	fmt.Fprintf(stdout, "%s: archive format %d, fingerprints v%d (%d-word shingles, windows of %d)\n", path, st.Format, st.Fingerprints, st.Shingle, st.Window)
	fmt.Fprintf(stdout, "%d documents (%d added in all; %d removed or replaced whose postings stay until a compact)\n", st.Documents, st.Added, st.Removed)
	fmt.Fprintf(stdout, "%d bytes of text, %d bytes on disk (%.2f× the text)\n", st.TextBytes, st.DiskBytes, ratio)
	return exitOK
}

func runArchiveVerify(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("archive verify", pflag.ContinueOnError)
	path, _, code, done := archiveFlags(fs, "verify", "ARCHIVE",
		"Reads the whole archive and checks every invariant: each id leads to its\ndocument, each document's text is whole and its fingerprints are posted,\nevery posting names a live or removed document, the counts agree. Exits 1\nif anything is wrong, and says what.\n", args, 0, stdout, stderr)
	if done {
		return code
	}
	a, code := openArchive("verify", path, archive.Options{ReadOnly: true}, stderr)
	if a == nil {
		return code
	}
	defer a.Close()
	v, err := a.Verify()
	if err != nil {
		return failed("archive verify", err, stderr)
	}
	for _, p := range v.Problems {
		fmt.Fprintf(stdout, "problem: %s\n", report.Printable(p))
	}
	if v.More > 0 {
		fmt.Fprintf(stdout, "and %d more problems\n", v.More)
	}
	fmt.Fprintf(stdout, "%d documents, %d fingerprints posted: ", v.Documents, v.Postings)
	if len(v.Problems) > 0 {
		fmt.Fprintf(stdout, "%d problems\n", len(v.Problems)+v.More)
		return exitFailure
	}
	fmt.Fprintln(stdout, "no problem found")
	return exitOK
}
