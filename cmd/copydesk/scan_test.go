package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/golden"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/report"
)

// writeSeeds writes the five seeds, and nothing else, into dir/seeds and
// makes dir the working directory.
func writeSeeds(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.Mkdir("seeds", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range seeds.All() {
		if err := os.WriteFile(filepath.Join("seeds", s.Name), s.Text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestScanGolden pins the whole scan report of the seeds, JSON and text.
// The JSON was checked by hand against the list of findings (and
// TestScanSeedFindings checks that list on every run).
func TestScanGolden(t *testing.T) {
	writeSeeds(t)
	for _, format := range []string{"json", "text"} {
		code, out, errs := runCLI("scan", "--format", format, "seeds")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		golden.Check(t, filepath.Join(srcDir, "testdata", "scan_seeds."+format), []byte(out))
	}
}

// TestScanSchema validates the seeds' JSON report against
// report/scan.schema.json.
func TestScanSchema(t *testing.T) {
	writeSeeds(t)
	code, out, errs := runCLI("scan", "--format", "json", "seeds")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	schema := checkSchema(t, out)
	// The validator itself must reject what the schema forbids.
	bad := map[string]any{"version": 2.0, "extra": true}
	if errs := validate(schema, schema, bad, "$"); len(errs) < 3 {
		t.Errorf("validator accepted a bad report: %v", errs)
	}
}

// checkSchema checks a JSON report against scan.schema.json, and returns
// the schema.
func checkSchema(t *testing.T, out string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(srcDir, "..", "..", "report", "scan.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, e := range validate(schema, schema, doc, "$") {
		t.Error(e)
	}
	return schema
}

// validate checks v against the subset of JSON Schema that
// scan.schema.json uses.
func validate(root, s map[string]any, v any, at string) (errs []string) {
	if ref, ok := s["$ref"].(string); ok {
		def := root["$defs"].(map[string]any)[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		return validate(root, def, v, at)
	}
	fail := func(f string, a ...any) { errs = append(errs, at+": "+fmt.Sprintf(f, a...)) }
	typ := s["type"]
	if ts, ok := typ.([]any); ok { // ["object", "null"]: nullable
		if v == nil && slices.Contains(ts, any("null")) {
			return nil
		}
		typ = ts[0]
	}
	if c, ok := s["const"]; ok && c != v {
		fail("is %v, want %v", v, c)
	}
	if en, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range en {
			found = found || e == v
		}
		if !found {
			fail("%v is not one of %v", v, en)
		}
	}
	switch typ {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			fail("not an object")
			return
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				fail("missing %q", r)
			}
		}
		for k, x := range obj {
			p, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					fail("unexpected key %q", k)
				}
				continue
			}
			errs = append(errs, validate(root, p, x, at+"."+k)...)
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			fail("not an array")
			return
		}
		if m, ok := s["minItems"].(float64); ok && float64(len(arr)) < m {
			fail("%d items, want at least %v", len(arr), m)
		}
		if it, ok := s["items"].(map[string]any); ok {
			for i, x := range arr {
				errs = append(errs, validate(root, it, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			fail("not a string")
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			fail("not a boolean")
		}
	case "integer", "number":
		n, ok := v.(float64)
		if !ok {
			fail("not a number")
			return
		}
		if typ == "integer" && n != float64(int64(n)) {
			fail("%v is not an integer", n)
		}
		if m, ok := s["minimum"].(float64); ok && n < m {
			fail("%v < minimum %v", n, m)
		}
		if m, ok := s["maximum"].(float64); ok && n > m {
			fail("%v > maximum %v", n, m)
		}
	}
	return errs
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// TestScanDeterministic runs the scan with one and with many workers, twice,
// and wants the same bytes.
func TestScanDeterministic(t *testing.T) {
	writeSeeds(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	// The text waits in a temporary directory (spilled), or in memory
	// with --temp-dir -: the same bytes, and nothing left behind.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var first string
	for i, run := range []struct {
		procs   int
		tempDir string
	}{{1, ""}, {8, ""}, {1, "-"}, {3, "-"}} {
		runtime.GOMAXPROCS(run.procs)
		args := []string{"scan", "--format", "json", "seeds"}
		if run.tempDir != "" {
			args = append(args, "--temp-dir", run.tempDir)
		}
		code, out, errs := runCLI(args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if i == 0 {
			first = out
		} else if out != first {
			t.Fatalf("run %d (GOMAXPROCS=%d, --temp-dir %q) differs from the first", i, run.procs, run.tempDir)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("the scans left %d files in the temporary directory", len(left))
	}
}

func TestScanOutputAndErrors(t *testing.T) {
	writeSeeds(t)
	code, out, errs := runCLI("scan", "-o", "scan.json", "--format=json", "seeds")
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	b, err := os.ReadFile("scan.json")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.ReadScan(bytes.NewReader(b))
	if err != nil || len(rep.Documents) != 5 {
		t.Fatalf("ReadScan: %v, %d documents", err, len(rep.Documents))
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"scan"}, exitUsage, "no PATH given"},
		{[]string{"scan", "--min-words", "0", "seeds"}, exitUsage, "--min-words 0"},
		{[]string{"scan", "--min-content", "99", "seeds"}, exitUsage, "--min-content 99"},
		{[]string{"scan", "--format", "xml", "seeds"}, exitUsage, `--format "xml"`},
		{[]string{"scan", "nowhere"}, exitFailure, "nothing to analyse"},
		{[]string{"scan", "--temp-dir", "nowhere", "seeds"}, exitFailure, "spilling text"},
	} {
		code, _, errs := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("copydesk %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, errs, tc.code, tc.want)
		}
	}
}

// TestScanInput reads JSON Lines from standard input: the counts add up,
// record fields reach the report, a bad line is listed with its line, and
// --strict stops at it with exit 1.
func TestScanInput(t *testing.T) {
	t.Chdir(t.TempDir())
	var lines []string
	for i, s := range seeds.All() {
		rec, _ := json.Marshal(map[string]any{"id": s.Name[:3], "text": string(s.Text), "outlet": fmt.Sprintf("outlet%d", i),
			"published": fmt.Sprintf("2017-12-%02dT12:00:00Z", 17+i)})
		lines = append(lines, string(rec))
	}
	lines = append(lines[:2], append([]string{`{"id": "broken", "text": `}, lines[2:]...)...)
	stdin := strings.Join(lines, "\n") + "\n"
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(args, strings.NewReader(stdin), &out, &errb)
		return code, out.String(), errb.String()
	}
	code, out, errs := run("scan", "--format", "json", "-")
	if code != exitOK || !strings.Contains(errs, "6 documents in, 5 analysed, 1 skipped") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	rep, err := report.ReadScan(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	checkSchema(t, out) // with times: origins, and spans with no source
	if len(rep.Skipped) != 1 || rep.Skipped[0].Path != "-:3" || !strings.Contains(rep.Skipped[0].Reason, "not valid JSON") {
		t.Errorf("skipped = %+v", rep.Skipped)
	}
	if d := rep.Documents[0]; d.ID != "000" || d.Outlet != "outlet0" || d.Published != "2017-12-17T12:00:00Z" {
		t.Errorf("first document = %s %s %s", d.ID, d.Outlet, d.Published)
	}
	// With publication times known, the readout passage gets its origin:
	// the earliest member, 000.
	sourced := 0
	for _, p := range rep.Passages {
		if p.Origin != "" {
			sourced++
		}
	}
	if sourced == 0 {
		t.Errorf("no passage has an origin though every time is known")
	}
	if code, _, errs := run("scan", "--quiet", "--format", "json", "-"); code != exitOK || errs != "" {
		t.Errorf("--quiet: exit %d, stderr %q", code, errs)
	}
	if code, out, errs := run("scan", "--strict", "-"); code != exitFailure || out != "" || !strings.Contains(errs, "-:3: not valid JSON") {
		t.Errorf("--strict: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestRender: rendering the saved JSON report gives the same page as
// scan --format html, byte for byte; render's errors name the file.
func TestRender(t *testing.T) {
	writeSeeds(t)
	runOK := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errb); code != exitOK {
			t.Fatalf("copydesk %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
		}
		return out.String()
	}
	runOK("scan", "-q", "--format", "json", "-o", "scan.json", "seeds")
	direct := runOK("scan", "-q", "--format", "html", "seeds")
	rendered := runOK("render", "scan.json")
	if direct != rendered || !strings.HasPrefix(direct, "<!DOCTYPE html>") {
		t.Errorf("render scan.json differs from scan --format html (%d and %d bytes)", len(rendered), len(direct))
	}
	// JSON Lines, by its extension: the report's own fields, then a line
	// a document (the seeds' five), skip, outlet, passage and pair; render
	// writes the same from the saved JSON.
	runOK("scan", "-q", "-o", "scan.jsonl", "seeds")
	jl, _ := os.ReadFile("scan.jsonl")
	lines := strings.Split(strings.TrimSuffix(string(jl), "\n"), "\n")
	if !strings.HasPrefix(lines[0], `{"report":{"version":`) || strings.Count(string(jl), "\n{\"document\":") != 5 || !strings.Contains(string(jl), "\n{\"passage\":") {
		t.Errorf("scan -o scan.jsonl: %d lines, first %.60q; want the report's line, five documents and passages", len(lines), lines[0])
	}
	if got := runOK("render", "--format", "jsonl", "scan.json"); got != string(jl) {
		t.Errorf("render --format jsonl differs from scan -o scan.jsonl")
	}
	runOK("render", "--format", "text", "-o", "scan.txt", "scan.json")
	text, _ := os.ReadFile("scan.txt")
	if want := runOK("scan", "seeds"); string(text) != want {
		t.Errorf("render --format text differs from scan's text report")
	}

	os.WriteFile("bad.json", []byte(`{"version": 99}`), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"render", "missing.json"}, exitFailure, "missing.json"},
		{[]string{"render", "bad.json"}, exitFailure, "bad.json: scan report version 99"},
		{[]string{"render", "seeds/000_b024a780c0f38d2c.txt"}, exitFailure, "reading a scan report"},
		{[]string{"render", "--format", "pdf", "scan.json"}, exitUsage, `--format "pdf"`},
		{[]string{"render"}, exitUsage, "want one REPORT.json"},
		{[]string{"scan", "--format", "xml", "seeds"}, exitUsage, `--format "xml" is not text, json, jsonl, html or csv`},
	} {
		var out, errb bytes.Buffer
		code := run(tc.args, strings.NewReader(""), &out, &errb)
		if code != tc.code || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("copydesk %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, errb.String(), tc.code, tc.want)
		}
	}
}

// TestScanWebArchive scans the seeds as five sites' pages crawled by GNU
// Wget, as a .warc.gz and again as a .warc.zst (corpus/testdata): with
// --strict the crawl's redirect, missing page, front page, assets and
// pages read again do not stop it; the five pages are the documents,
// each with its site and time; and every passage's origin is its member
// published first, by the times the pages give.
func TestScanWebArchive(t *testing.T) {
	var paths []string
	for _, name := range []string{"seeds.warc.gz", "seeds.warc.zst"} {
		p, err := filepath.Abs(filepath.Join("..", "..", "corpus", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	code, out, errs := runCLI(append([]string{"scan", "--strict", "--format", "json"}, paths...)...)
	if code != exitOK || !strings.Contains(errs, "20 documents in, 5 analysed, 15 skipped") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	rep, err := report.ReadScan(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	published := map[string]time.Time{}
	for _, d := range rep.Documents {
		at, err := time.Parse(time.RFC3339, d.Published)
		if !strings.HasPrefix(d.ID, "http://") || d.Outlet == "" || err != nil {
			t.Errorf("document %s: outlet %q, published %q", d.ID, d.Outlet, d.Published)
		}
		published[d.ID] = at
	}
	origins := 0
	for _, p := range rep.Passages {
		if p.Origin == "" {
			continue
		}
		origins++
		for _, m := range p.Members {
			if published[m.Doc].Before(published[p.Origin]) {
				t.Errorf("passage %d: origin %s (%s), but %s was published at %s", p.ID, p.Origin, published[p.Origin], m.Doc, published[m.Doc])
			}
		}
	}
	if len(rep.Documents) != 5 || origins == 0 {
		t.Errorf("%d documents, %d passages with an origin", len(rep.Documents), origins)
	}
}
