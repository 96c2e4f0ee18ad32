package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/report"
	"golang.org/x/text/encoding/charmap"
)

// TestOutputChecked: a report file that cannot be written, or that would
// overwrite an input, stops the run before any analysis, with the exit
// code and a message that says why, and leaves every file as it was; a
// previous report is overwritten.
func TestOutputChecked(t *testing.T) {
	writeCorpus(t)
	seed := filepath.Join("corpus", "000_edited.txt")
	before, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("old.txt", []byte("copydesk scan: 2 documents in\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("notes.txt", []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A CSV report beside a table of articles, as a run that wrote it
	// left it; and another table.
	table := "id,text\n1,\"" + strings.ReplaceAll(string(before), `"`, `""`) + "\"\n"
	for name, data := range map[string]string{
		"table.csv": table, "other.csv": table,
		"old.csv": "\uFEFFdocument,outlet,published,start,end,words,kind,source,source_outlet,similarity,passages,excerpt\n",
	} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		says string // in stderr
	}{
		{"missing folder", []string{"scan", "-o", "nowhere/report.json", "corpus"}, exitFailure, "report folder nowhere"},
		{"a folder", []string{"scan", "-o", "corpus", seed}, exitFailure, "is a folder"},
		{"an input", []string{"scan", "-o", seed, seed, "corpus/001_whitehouse.txt"}, exitUsage, "is one of the inputs"},
		{"inside an input folder", []string{"dupes", "-o", seed, "corpus"}, exitUsage, "inside the input folder corpus"},
		{"a glob after -o", []string{"scan", "-o", seed, "corpus/empty.txt", "corpus/blank.txt"}, exitUsage, "a glob after -o?"},
		{"render over its report", []string{"render", "--format", "json", "-o", "old.txt", "old.txt"}, exitUsage, "is one of the inputs"},
		{"a previous report", []string{"scan", "-o", "old.txt", "notes.txt", "corpus"}, exitOK, ""},
		{"a previous CSV report beside a table", []string{"scan", "-o", "old.csv", "table.csv"}, exitOK, ""},
		{"a table beside a table", []string{"scan", "-o", "other.csv", "table.csv"}, exitUsage, "a glob after -o?"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runCLI(c.args...)
			if code != c.code || !strings.Contains(errs, c.says) {
				t.Errorf("exit %d, stderr %q; want exit %d saying %q", code, errs, c.code, c.says)
			}
			if c.code != exitOK && strings.Contains(errs, "documents in") {
				t.Errorf("the run went on: %q", errs)
			}
		})
	}
	if after, _ := os.ReadFile(seed); string(after) != string(before) {
		t.Errorf("%s changed", seed)
	}
	if b, _ := os.ReadFile("notes.txt"); string(b) != "my notes\n" {
		t.Errorf("notes.txt changed: %q", b)
	}
	if b, _ := os.ReadFile("old.txt"); !strings.HasPrefix(string(b), "copydesk scan: ") || len(b) < 1000 {
		t.Errorf("old.txt is not the new report: %.80q", b)
	}
}

// TestWriteAtomic: a report that fails while being written leaves the old
// file whole and no file of its own beside it; one that succeeds replaces
// it and keeps its mode.
func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "report.txt")
	if err := os.WriteFile(name, []byte("old report"), 0o600); err != nil {
		t.Fatal(err)
	}
	broke := errors.New("disk full")
	err := writeAtomic(name, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("half a report ", 10000))
		return broke
	})
	if !errors.Is(err, broke) {
		t.Errorf("err %v, want %v", err, broke)
	}
	if b, _ := os.ReadFile(name); string(b) != "old report" {
		t.Errorf("after a failed write the file holds %.40q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the folder, want the report alone", len(entries))
	}
	if err := writeAtomic(name, func(w io.Writer) error { _, err := io.WriteString(w, "new report"); return err }); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(name)
	if b, _ := os.ReadFile(name); string(b) != "new report" || err != nil || runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("after a write: %q, mode %v (%v); want the new report, mode 0600", b, info.Mode(), err)
	}
}

// TestRenderRejectsBrokenReport: render fails (exit 1) on a report whose
// offsets leave its text, saying where, and writes no file.
func TestRenderRejectsBrokenReport(t *testing.T) {
	writeCorpus(t)
	if code, _, errs := runCLI("scan", "--format", "json", "-o", "report.json", "corpus"); code != exitOK {
		t.Fatalf("scan: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile("report.json")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(b), `"end": `, `"end": 9999999`, 1)
	if err := os.WriteFile("broken.json", []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI("render", "-o", "page.html", "broken.json")
	if code != exitFailure || !strings.Contains(errs, "broken.json: not a whole scan report: ") || !strings.Contains(errs, "past the end of the text") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming what is wrong", code, errs)
	}
	if _, err := os.Stat("page.html"); err == nil {
		t.Errorf("page.html written")
	}
}

// TestControlCharsEscaped: ids with an escape sequence, a bell, a tab or
// a text-direction override reach the text report as escapes, never raw.
func TestControlCharsEscaped(t *testing.T) {
	writeCorpus(t)
	text, err := os.ReadFile(filepath.Join("corpus", "000_edited.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("corpus", "evil\x1b[2J\a\t\u202etxt.txt"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("scan", "corpus")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.ContainsAny(out, "\x1b\a\u202e") {
		t.Errorf("a raw control character reached the report")
	}
	if !strings.Contains(out, `evil\x1b[2J\x07\x09\u202etxt`) {
		t.Errorf("the escaped id is not in the report:\n%.2000s", out)
	}
}

// TestEncodingFlag: --encoding reads every input in the encoding named,
// and one that names none is a usage error; without it, a Windows-1251
// file is read as such, said as a guess.
func TestEncodingFlag(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	ru := "Президент России Владимир Путин поблагодарил президента США Дональда Трампа за информацию, полученную от ЦРУ."
	raw, err := charmap.Windows1251.NewEncoder().Bytes([]byte(ru))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("ru.txt", raw, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		says string // in stdout (the JSON report) or stderr
	}{
		{[]string{"scan", "--format", "json", "ru.txt"}, exitOK, `"encoding": "windows-1251"`},
		{[]string{"scan", "--format", "json", "--encoding", "cp1251", "ru.txt"}, exitOK, `read as cp1251 (--encoding)`},
		{[]string{"scan", "--format", "json", "--encoding", "koi8-r", "ru.txt"}, exitOK, `"encoding": "koi8-r"`},
		{[]string{"dupes", "--encoding", "klingon", "ru.txt"}, exitUsage, `--encoding "klingon" names no encoding`},
	} {
		code, out, errs := runCLI(c.args...)
		if code != c.code || !strings.Contains(out+errs, c.says) {
			t.Errorf("copydesk %q: exit %d; want %d saying %q:\n%.600s%s", c.args, code, c.code, c.says, out, errs)
		}
		if c.code == exitOK && len(c.args) == 4 && !strings.Contains(out, ru[:40]) {
			t.Errorf("copydesk %q: the Russian text is not in the report", c.args)
		}
	}
}

// TestCSV: -o report.csv writes the CSV report (the extension says so): a
// byte order mark, a header, one row per shared span and rewrite as the
// JSON report counts them, RFC 4180 quoting that encoding/csv reads back,
// and a cell that would start a formula written after an apostrophe.
func TestCSV(t *testing.T) {
	writeCorpus(t)
	text, err := os.ReadFile(filepath.Join("corpus", "000_edited.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("corpus", "=HYPERLINK(1).txt"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI("scan", "-o", "report.csv", "corpus"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if code, _, errs := runCLI("scan", "-o", "report.json", "corpus"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile("report.csv")
	if err != nil {
		t.Fatal(err)
	}
	body, bom := strings.CutPrefix(string(b), "\uFEFF")
	if !bom {
		t.Errorf("no byte order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "document,outlet,published,start,end,words,kind,source,source_outlet,source_published,order,seconds_apart,similarity,passages,excerpt" {
		t.Fatalf("header %q", rows[0])
	}
	j, err := os.ReadFile("report.json")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.ReadScan(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, d := range rep.Documents {
		want += len(d.Spans) + len(d.Rewrites)
	}
	if len(rows)-1 != want {
		t.Errorf("%d rows, want %d (spans and rewrites)", len(rows)-1, want)
	}
	injected := false
	for _, r := range rows[1:] {
		for _, c := range []string{r[0], r[7]} {
			if strings.HasPrefix(c, "=") {
				t.Errorf("a cell starts a formula: %q", c)
			}
			injected = injected || c == "'=HYPERLINK(1)"
		}
	}
	if !injected {
		t.Errorf("the document =HYPERLINK(1) is not in the CSV as '=HYPERLINK(1)")
	}
}

// TestLedger scans three outlets' stories with publication times: AP
// writes a paragraph first, the blog copies it an hour later and Reuters
// two hours later; the ledger (text, JSON, CSV) says AP's words were
// copied by both, each copied from AP, and the delays.
func TestLedger(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	wire := "Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip that helped thwart a series of bombings in St. Petersburg, the Kremlin said."
	own := []string{
		"The call was the second between the two leaders in four days, officials in Moscow confirmed later that evening.",
		"Analysts in Washington said the exchange showed that intelligence sharing could survive a deep political chill.",
		"Local residents described heavy security around the cathedral through the weekend and into Monday morning.",
	}
	records := []string{
		fmt.Sprintf(`{"id": "ap", "outlet": "AP", "published": "2017-12-17T18:00:00Z", "text": %q}`, wire+" "+own[0]),
		fmt.Sprintf(`{"id": "blog", "outlet": "Blog", "published": "2017-12-17T19:00:00Z", "text": %q}`, own[1]+" "+wire),
		fmt.Sprintf(`{"id": "reuters", "outlet": "Reuters", "published": "2017-12-17T20:00:00Z", "text": %q}`, wire+" "+own[2]),
	}
	if err := os.WriteFile("stories.jsonl", []byte(strings.Join(records, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("scan", "--format", "json", "stories.jsonl")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rep, err := report.ReadScan(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]report.OutletRow{}
	for _, r := range rep.Outlets {
		rows[r.Outlet] = r
	}
	if ap := rows["AP"]; len(ap.CopiedBy) != 2 || ap.Original < 0.99 || ap.CopiedFrom == nil || len(ap.CopiedFrom) != 0 {
		t.Errorf("AP: %+v", ap)
	}
	for name, hours := range map[string]int64{"Blog": 1, "Reuters": 2} {
		r := rows[name]
		if len(r.CopiedFrom) != 1 || r.CopiedFrom[0].Outlet != "AP" || r.Copied < 0.4 || r.MedianDelaySeconds == nil || *r.MedianDelaySeconds != hours*3600 {
			t.Errorf("%s: %+v", name, r)
		}
	}
	if len(rep.Outlets) == 0 || rep.Outlets[0].Outlet != "AP" {
		t.Errorf("the ledger does not start with the outlet most copied: %+v", rep.Outlets)
	}
	code, text, _ := runCLI("scan", "stories.jsonl")
	if code != exitOK || !strings.Contains(text, "Outlets: what each published first or alone, took and gave") || !regexp.MustCompile(`Reuters +1 +\d+ +\d+% +\d+% +0% +0% +0% +AP \d+ +– +– +2 h`).MatchString(text) {
		t.Errorf("the text report's ledger:\n%s", text)
	}
	code, csvOut, errs := runCLI("scan", "--format", "csv", "--table", "outlets", "stories.jsonl")
	rowsCSV, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvOut, "\uFEFF"))).ReadAll()
	if code != exitOK || err != nil || len(rowsCSV) != 4 || rowsCSV[1][0] != "AP" || !strings.HasPrefix(rowsCSV[1][9], "Blog: ") {
		t.Errorf("the CSV ledger: exit %d, %v, %q %s", code, err, rowsCSV, errs)
	}
	if code, _, errs := runCLI("scan", "--table", "outlets", "stories.jsonl"); code != exitUsage || !strings.Contains(errs, "--table outlets is a CSV table") {
		t.Errorf("--table outlets without csv: exit %d, %s", code, errs)
	}
}

// TestSortAndNames: the text report names each document's outlet, time
// and title under its id, and --sort orders the documents: the least
// original first (copied, the default), by outlet, or as read.
func TestSortAndNames(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	wire := "Russian President Vladimir Putin called U.S. President Donald Trump on Sunday to thank him for a CIA tip that helped thwart a series of bombings in St. Petersburg, the Kremlin said."
	records := []string{
		fmt.Sprintf(`{"id": "z-wire", "outlet": "AP", "title": "Putin thanks Trump", "published": "2017-12-17T18:00:00Z", "text": %q}`, wire+" The wire's own closing sentence about the week ahead in Moscow."),
		fmt.Sprintf(`{"id": "a-copy", "outlet": "Reuters", "published": "2017-12-17T20:00:00Z", "text": %q}`, wire),
		fmt.Sprintf(`{"id": "m-own", "outlet": "Blog", "text": %q}`, "A blog post of its own about the weather in Lisbon, with nothing taken from anyone."),
	}
	if err := os.WriteFile("s.jsonl", []byte(strings.Join(records, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	order := func(args ...string) []string {
		code, out, errs := runCLI(append([]string{"scan"}, append(args, "s.jsonl")...)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var ids []string
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) > 2 && f[2] == "original," {
				ids = append(ids, f[0])
			}
		}
		if !strings.Contains(out, "z-wire  100% original") || !strings.Contains(out, "  AP · 2017-12-17 18:00 UTC · “Putin thanks Trump”") {
			t.Errorf("the wire's heading lacks its outlet, time or title:\n%s", out)
		}
		return ids
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"a-copy", "m-own", "z-wire"}},                          // copied: 0% original first; ties by id
		{[]string{"--sort", "outlet"}, []string{"z-wire", "m-own", "a-copy"}}, // AP, Blog, Reuters
		{[]string{"--sort", "input"}, []string{"z-wire", "a-copy", "m-own"}},
	} {
		if got := order(c.args...); !slices.Equal(got, c.want) {
			t.Errorf("copydesk scan %q: documents %q, want %q", c.args, got, c.want)
		}
	}
	if code, _, errs := runCLI("scan", "--sort", "size", "s.jsonl"); code != exitUsage || !strings.Contains(errs, `--sort "size" is not copied, outlet or input`) {
		t.Errorf("--sort size: exit %d, %s", code, errs)
	}
}
