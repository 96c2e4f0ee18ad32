package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestArchiveCommands runs the archive's commands as a user would, on the
// seeds: add three, check the other two (text, then JSON checked against
// the schema), add them with check --add, add one again (passed over),
// remove one, compact, add it again in batches of one, and stats and
// verify between.
func TestArchiveCommands(t *testing.T) {
	writeCorpus(t)
	seed := func(prefix string) string {
		m, _ := filepath.Glob(filepath.Join("corpus", prefix+"_????????????????.txt")) // not 000_edited.txt
		if len(m) != 1 {
			t.Fatalf("seed %s: %v", prefix, m)
		}
		return m[0]
	}
	steps := []struct {
		args       []string
		code       int
		out, err   string // what stdout and stderr must hold
		notInOut   string
		outputFile string
	}{
		{args: []string{"archive", "stats", "arc"}, code: 1, err: "arc is no archive (copydesk archive add makes one)"},
		{args: []string{"archive", "add", "arc", seed("000"), seed("001"), seed("002")}, err: "3 documents in: 3 added, 0 replaced, 0 unchanged, 0 skipped"},
		{args: []string{"archive", "check", "arc", seed("003"), seed("004")},
			out: "copydesk archive check: 2 documents in, 2 analysed, 0 skipped; of the archive's 3 documents, 3 read, 3 share text with them", notInOut: "\n000_b024a780c0f38d2c  "},
		{args: []string{"archive", "check", "arc", seed("003"), "-o", "check.json"}, outputFile: "check.json"},
		{args: []string{"archive", "check", "--add", "-q", "arc", seed("003"), seed("004")}, out: "003_9b0b0d939d8db62d"},
		{args: []string{"archive", "add", "arc", seed("004")}, err: "already archived with the same text"},
		{args: []string{"archive", "remove", "arc", "001_051146013a5ae387", "nope"}, out: "1 documents removed", err: "nope: no archived document has this id"},
		{args: []string{"archive", "stats", "arc"}, out: "4 documents (5 added in all; 1 removed or replaced whose postings stay"},
		{args: []string{"archive", "verify", "arc"}, out: "4 documents"},
		{args: []string{"archive", "compact", "arc"}, out: "dropped the postings of 1 removed or replaced documents from "},
		{args: []string{"archive", "stats", "arc"}, out: "4 documents (5 added in all; 0 removed or replaced"},
		{args: []string{"archive", "verify", "arc"}, out: "no problem found"},
		{args: []string{"archive", "add", "--batch", "1", "arc", seed("001")}, err: "1 documents in: 1 added"},
		{args: []string{"archive", "check", "arc"}, code: 2, err: "usage: copydesk archive check [flags] ARCHIVE PATH..."},
		{args: []string{"archive", "frobnicate"}, code: 2, err: `unknown command "frobnicate"`},
	}
	for _, s := range steps {
		code, out, errs := runCLI(s.args...)
		if code != s.code || !strings.Contains(out, s.out) || !strings.Contains(errs, s.err) || s.notInOut != "" && strings.Contains(out, s.notInOut) {
			t.Fatalf("copydesk %q = exit %d\nstdout: %s\nstderr: %s\nwant exit %d, %q on stdout (and not %q), %q on stderr",
				s.args, code, out, errs, s.code, s.out, s.notInOut, s.err)
		}
		if s.outputFile == "" {
			continue
		}
		b, err := os.ReadFile(s.outputFile)
		if err != nil {
			t.Fatal(err)
		}
		checkSchema(t, string(b))
		var rep struct {
			Documents []struct {
				ID       string `json:"id"`
				Archived bool   `json:"archived"`
				Text     string `json:"text"`
			} `json:"documents"`
		}
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatal(err)
		}
		archived := 0
		for _, d := range rep.Documents {
			if d.Archived {
				archived++
				if d.Text == "" {
					t.Errorf("archived %s has no text in the report", d.ID)
				}
			}
		}
		if archived == 0 || archived == len(rep.Documents) {
			t.Errorf("check.json: %d of %d documents archived", archived, len(rep.Documents))
		}
	}
}
