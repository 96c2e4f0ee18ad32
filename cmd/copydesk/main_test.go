package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/golden"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/shingle"
)

// writeCorpus writes the seeds, plus an edited copy of seed 000 and a few
// bad files, into dir/corpus, and makes dir the working directory.
func writeCorpus(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("corpus", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range seeds.All() {
		if err := os.WriteFile(filepath.Join("corpus", s.Name), s.Text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := string(seeds.All()[0].Text)
	for _, r := range [][2]string{{"prime target", "main target"}, {"arrest a group", "detain a group"}, {"Last week", "Earlier this month"}} {
		text = strings.Replace(text, r[0], r[1], 1)
	}
	files := map[string]string{
		"000_edited.txt": text,
		"empty.txt":      "",
		"blank.txt":      " \n\t\n",
		"binary.txt":     "PK\x00\x03",
		"notes.pdf":      "%PDF",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join("corpus", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestDupesGolden pins the whole JSON and text reports on the seeds plus an
// edited copy and bad files, checked by hand: one pair (000 and its edited
// copy, exact Jaccard 0.954), every bad file listed as skipped with its
// reason, 5 + 1 analysed, 4 skipped.
func TestDupesGolden(t *testing.T) {
	writeCorpus(t)
	for _, format := range []string{"json", "text"} {
		code, out, errs := runCLI("dupes", "--format", format, "corpus")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		// The test runs in a temporary directory: testdata is found from the source.
		golden.Check(t, filepath.Join(srcDir, "testdata", "dupes_seeds."+format), []byte(out))
	}
}

var srcDir, _ = os.Getwd()

func TestDupesOutputFile(t *testing.T) {
	writeCorpus(t)
	code, out, errs := runCLI("dupes", "-o", "report.json", "--format=json", "corpus")
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	b, err := os.ReadFile("report.json")
	if err != nil || !bytes.Contains(b, []byte(`"min_jaccard"`)) {
		t.Errorf("report.json: %v, %.100s", err, b)
	}
}

func TestUsageErrors(t *testing.T) {
	writeCorpus(t)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "Usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"dupes"}, 2, "no PATH given"},
		{[]string{"dupes", "--threshold", "1.5", "corpus"}, 2, "--threshold 1.5 is not in (0, 1]"},
		{[]string{"dupes", "--threshold", "x", "corpus"}, 2, "invalid argument"},
		{[]string{"dupes", "--shingle", "0", "corpus"}, 2, "--shingle 0"},
		{[]string{"dupes", "--perm", "1", "corpus"}, 2, "--perm 1"},
		{[]string{"dupes", "--perm", "2", "corpus"}, 2, "--perm 2 is too short to find the pairs at --threshold 0.8 with recall 0.99: use at least 3"},
		{[]string{"dupes", "--perm", "6", "--threshold", "0.5", "corpus"}, 2, "--threshold 0.5 with recall 0.99: use at least 7"},
		{[]string{"dupes", "--scheme", "bogus", "corpus"}, 2, `unknown scheme "bogus"`},
		{[]string{"dupes", "--format", "xml", "corpus"}, 2, `--format "xml"`},
		{[]string{"dupes", "--nope", "corpus"}, 2, "unknown flag: --nope"},
		{[]string{"dupes", "missing-dir"}, 1, "missing-dir: cannot open"},
		{[]string{"dupes", "corpus/empty.txt"}, 1, "no text (empty or white space only)"},
		{[]string{"dupes", "-o", "no/such/dir/out.json", "corpus"}, 1, "no/such/dir/out.json"},
		{[]string{"scan", "--partners", "0", "corpus"}, 2, "--partners 0 is less than 1"},
		{[]string{"scan", "--pairs", "some", "corpus"}, 2, `--pairs "some" is not linked or all`},
	}
	for _, tt := range tests {
		code, _, errs := runCLI(tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.msg) {
			t.Errorf("copydesk %q = exit %d, stderr %q; want exit %d with %q", tt.args, code, errs, tt.code, tt.msg)
		}
	}
}

// TestHelp: help asked for goes to standard output, whichever way it is
// asked for, and nothing to standard error.
func TestHelp(t *testing.T) {
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"help"}, "copydesk dupes [flags]"},
		{[]string{"--help"}, "copydesk scan [flags]"},
		{[]string{"dupes", "--help"}, "Usage: copydesk dupes"},
		{[]string{"help", "dupes"}, "Usage: copydesk dupes"},
		{[]string{"scan", "-h"}, "Usage: copydesk scan"},
		{[]string{"help", "scan"}, "Usage: copydesk scan"},
		{[]string{"render", "--help"}, "Usage: copydesk render"},
		{[]string{"help", "archive"}, "copydesk archive check ARCHIVE PATH..."},
		{[]string{"archive", "add", "--help"}, "Usage: copydesk archive add [flags] ARCHIVE PATH..."},
		{[]string{"archive", "verify", "-h"}, "Usage: copydesk archive verify ARCHIVE"},
		{[]string{"serve", "--help"}, "Usage: copydesk serve --archive ARCHIVE"},
		{[]string{"help", "serve"}, "POST /check"},
	} {
		code, out, errs := runCLI(c.args...)
		if code != 0 || !strings.Contains(out, c.says) || errs != "" {
			t.Errorf("copydesk %q = exit %d, stdout %.60q, stderr %.60q; want %q on stdout", c.args, code, out, errs, c.says)
		}
	}
}

// TestVersion: copydesk version names the Go that built it and the
// versions of the hashes and report formats.
func TestVersion(t *testing.T) {
	code, out, _ := runCLI("version")
	for _, want := range []string{"copydesk ", runtime.Version(), fmt.Sprintf("shingle hashes v%d,", shingle.HashVersion), "scan reports v4", "archives v4"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("copydesk version = exit %d, %q; want %q in it", code, out, want)
		}
	}
}
