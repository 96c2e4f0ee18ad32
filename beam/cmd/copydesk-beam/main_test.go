package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/beam/internal/beamtest"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/reuse"
)

// TestMain runs the tests in a temporary directory of their own
// (beamtest.InTempDir: Prism leaves a file there for every pipeline).
func TestMain(m *testing.M) { os.Exit(beamtest.InTempDir(m.Run)) }

// TestRun: usage errors exit 2 naming the flag, an input that matches no
// file exits 1 naming it, and a scan of the seeds on Prism writes the
// report that reuse.Scan makes of them (as `copydesk scan --format json`).
// One process parses the flags once per run: the cases share it in turn.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	for _, s := range seeds.All() {
		if err := os.WriteFile(filepath.Join(dir, s.Name), s.Text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "report.json")
	blank := filepath.Join(t.TempDir(), "blank.txt") // no words: nothing to analyse
	if err := os.WriteFile(blank, []byte("  \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{nil, 2, "Usage: copydesk-beam scan"},
		{[]string{"scan", "--output", out}, 2, "no --input given"},
		{[]string{"scan", "--input", dir + "/*.txt"}, 2, "no --output given"},
		{[]string{"scan", "--input", dir + "/*.txt", "--output", out, "--min-words", "0"}, 2, "--min-words 0 is less than 1"},
		{[]string{"scan", "--input", dir + "/*.txt", "--output", out, "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"scan", "--input", dir + "/*.nothing", "--output", out}, 1, "matches no file"},
		{[]string{"scan", "--input", "nosuch://bucket/*.txt", "--output", out}, 1, `scheme "nosuch" not registered`},
		{[]string{"scan", "--input", dir + "/*.txt", "--output", filepath.Join(dir, seeds.All()[0].Name)}, 1, "is one of the inputs"},
		{[]string{"scan", "--input", dir + "/*.txt", "--output", filepath.Join(dir, "no", "such", "report.json")}, 1, "--output " + filepath.Join(dir, "no", "such", "report.json")},
		{[]string{"scan", "--input", dir + "/*.txt", "--output", out, "--file-lines", "-1"}, 2, "--file-lines -1 is negative"},
		{[]string{"scan", "--input", dir + "/*.txt", "--output", out, "--file-lines", "2"}, 2, "--file-lines needs a JSON Lines report"},
		{[]string{"scan", "--input", blank, "--output", out}, 1, "no input holds a document with words"},
		{[]string{"scan", "--input", dir + "/*.txt", "--output", out, "--runner", "prism"}, 0, "copydesk-beam scan: 5 documents in, 5 analysed, 0 skipped"},
	} {
		var stderr bytes.Buffer
		code := run(c.args, &stderr)
		if code != c.code || !strings.Contains(stderr.String(), c.err) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d, %q", c.args, code, stderr.String(), c.code, c.err)
		}
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(dir + "/*.txt")
	rep, err := reuse.Scan(corpus.Open(paths, corpus.Options{}), reuse.Options{KeepRuns: true}) // as the pipeline keeps them
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := rep.WriteJSON(&want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("the report (%d bytes) is not reuse.Scan's (%d bytes)", len(got), want.Len())
	}

	// An output named .jsonl is JSON Lines.
	lines := filepath.Join(t.TempDir(), "report.jsonl")
	var stderr bytes.Buffer
	if code := run([]string{"scan", "--input", dir + "/*.txt", "--output", lines}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var wantLines bytes.Buffer
	if err := rep.WriteJSONLines(&wantLines); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(lines); !bytes.Equal(got, wantLines.Bytes()) {
		t.Errorf("the JSON Lines report (%d bytes) is not reuse.Scan's (%d bytes)", len(got), wantLines.Len())
	}

	// In files of 2 lines each: together, the same lines, in as many
	// files as the command says.
	stderr.Reset()
	if code := run([]string{"scan", "--input", dir + "/*.txt", "--output", lines, "--file-lines", "2"}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	files, _ := filepath.Glob(strings.TrimSuffix(lines, ".jsonl") + "-*-of-*.jsonl")
	said := fmt.Sprintf("the report is in %d files, %s to %s", len(files), files[0], files[len(files)-1])
	if len(files) < 5 || !strings.Contains(stderr.String(), said) {
		t.Errorf("stderr %q does not say %q (5 documents, 2 a file, make at least 5 files)", stderr.String(), said)
	}
	if strings.Contains(stderr.String(), "another report") {
		t.Errorf("stderr %q warns of files of another report, where there are none", stderr.String())
	}
	// Files of 3 lines: fewer files; those of the run before are named.
	stderr.Reset()
	if code := run([]string{"scan", "--input", dir + "/*.txt", "--output", lines, "--file-lines", "3"}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if want := fmt.Sprintf("%d files of another report are beside it, such as %s", len(files), files[0]); !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q does not say %q", stderr.String(), want)
	}
	var all []byte
	for _, f := range files { // in order of their names
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	if !bytes.Equal(all, wantLines.Bytes()) {
		t.Errorf("the JSON Lines report in files (%d bytes) is not reuse.Scan's (%d bytes)", len(all), wantLines.Len())
	}
}
