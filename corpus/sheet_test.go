package corpus

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/seeds"
)

// seedsTable is the seeds as a table, as testdata/seeds.xlsx and
// seeds.ods hold them: LibreOffice 7.4 (soffice --headless --convert-to,
// its CSV import in the en-US locale, special numbers detected) made them
// from this CSV, its published column as dates with times. Its ids are
// not numbers: LibreOffice's import, as Excel's, makes "000" the number 0.
func seedsTable() string {
	outlets := []string{"AP", "White House blog", "Content farm", "AFP", "RFE/RL"}
	times := []string{"12/17/2017 15:01", "12/17/2017 16:30", "12/18/2017 9:05", "12/17/2017 20:40", "12/17/2017 21:10"}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "outlet", "published", "text"})
	for i, s := range seeds.All() {
		w.Write([]string{"seed-" + s.Name[:3], outlets[i], times[i], string(s.Text)})
	}
	w.Flush()
	return b.String()
}

// TestSpreadsheets: a workbook saved by LibreOffice (.xlsx and .ods) gives
// the documents its CSV does, the same ids, outlets, times and texts, its
// dates stored as dates; and one written by openpyxl 3.0.9 (inline
// strings, a numeric id, Excel's built-in and custom date formats, a day
// alone, a number in a date's column, a boolean, a blank row, a sheet that
// is not a table, an empty sheet; and a workbook of the 1904 date system)
// gives each row's values as stored. Before, a spreadsheet was skipped
// as not a document.
func TestSpreadsheets(t *testing.T) {
	_, want := readTable(t, seedsTable(), ',')
	for _, name := range []string{"testdata/seeds.xlsx", "testdata/seeds.ods"} {
		docs, lines := read(t, Files(nil, name))
		if len(docs) != 5 || lines[0] != "seed-000 "+name+"#seeds:2" {
			t.Fatalf("%s: %q", name, lines)
		}
		for _, d := range docs {
			w := want[d.ID]
			if d.Outlet != w.Outlet || !d.Published.Equal(w.Published) || d.DateOnly || textLines(d.Text) != textLines(w.Text) {
				t.Errorf("%s: %s: %s %v %q, want %s %v %q", name, d.ID, d.Outlet, d.Published, d.Text[:40], w.Outlet, w.Published, w.Text[:40])
			}
		}
	}
	docs, lines := read(t, Files(nil, "testdata/workbook.xlsx", "testdata/mac1904.xlsx"))
	got := strings.Join(lines, "\n")
	wantLines := strings.Join([]string{
		"1001 testdata/workbook.xlsx#stories:2",
		"b testdata/workbook.xlsx#stories:3",
		"c testdata/workbook.xlsx#stories:5",
		"d testdata/workbook.xlsx#stories:6",
		`SKIP testdata/workbook.xlsx#notes:1: not a table of records: the header row names no "id" column (it names "note", "by")`,
		"mac testdata/mac1904.xlsx#Sheet:2",
	}, "\n")
	if got != wantLines {
		t.Fatalf("read:\n%s\nwant:\n%s", got, wantLines)
	}
	for i, c := range []struct {
		at      string
		dayOnly bool
		outlet  string
	}{
		{"2017-12-17T15:01:00Z", false, "AP"},
		{"2017-12-17T00:00:00Z", true, ""},
		{"2017-12-18T09:05:30Z", false, "AFP"},
		{"2017-12-17T20:01:00Z", false, "RFE/RL"}, // Unix seconds
		{"2017-12-17T15:01:00Z", false, ""},
	} {
		d := docs[i]
		if got := d.Published.UTC().Format(time.RFC3339); got != c.at || d.DateOnly != c.dayOnly || d.Outlet != c.outlet {
			t.Errorf("%s: %s (day only %v), outlet %q; want %s (%v), %q", d.ID, got, d.DateOnly, d.Outlet, c.at, c.dayOnly, c.outlet)
		}
	}
}

// TestDateFormats: which number formats show a date or a time.
func TestDateFormats(t *testing.T) {
	for _, tc := range []struct {
		code string
		want bool
	}{
		{"m/d/yy h:mm", true}, {"mm/dd/yy\\ hh:mm\\ AM/PM", true}, {"yyyy-mm-dd", true}, {"[h]:mm:ss", true},
		{`[$-409]dddd, mmmm d, yyyy "at" h:mm:ss AM/PM`, true}, {"d-mmm", true},
		{"General", false}, {"0.00", false}, {"#,##0", false}, {`"Days: "0`, false}, {"[Red]0.00", false},
		{"0.00E+00", false}, {"@", false}, {`0 "hrs"`, false}, {"_(* #,##0_)", false},
	} {
		if got := isDateFormat(tc.code); got != tc.want {
			t.Errorf("isDateFormat(%q) = %v", tc.code, got)
		}
	}
	for _, tc := range []struct {
		serial   float64
		date1904 bool
		want     string
	}{
		{43086.62569444445, false, "2017-12-17T15:01:00"}, {43086, false, "2017-12-17"},
		{41624.62569444445, true, "2017-12-17T15:01:00"}, {61, false, "1900-03-01"},
	} {
		tm, day, ok := excelTime(tc.serial, tc.date1904)
		if got := isoNaive(tm, day); !ok || got != tc.want {
			t.Errorf("excelTime(%v, %v) = %s, want %s", tc.serial, tc.date1904, got, tc.want)
		}
	}
	if _, _, ok := excelTime(-1, false); ok {
		t.Errorf("a negative serial is a date")
	}
}

// FuzzSpreadsheet: any bytes as an .xlsx or an .ods give documents with
// valid UTF-8 and places in the file, skips, and never a panic.
func FuzzSpreadsheet(f *testing.F) {
	for _, name := range []string{"testdata/workbook.xlsx", "testdata/seeds.ods"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, name[len(name)-4:] == ".ods")
	}
	f.Fuzz(func(t *testing.T, raw []byte, ods bool) {
		kind := "xlsx"
		if ods {
			kind = "ods"
		}
		r := reader{doc: func(d Doc) error {
			if !utf8.Valid(d.Text) || !strings.HasPrefix(d.Path, "in#") {
				t.Fatalf("document %q at %q: invalid text or place", d.ID, d.Path)
			}
			return nil
		}, skip: func(s Skip) error {
			if !strings.HasPrefix(s.Path, "in") {
				t.Fatalf("skip at %q", s.Path)
			}
			return nil
		}, max: 1 << 20}
		if err := r.spreadsheet(kind, "in", "in", raw); err != nil {
			t.Fatal(fmt.Errorf("spreadsheet: %w", err))
		}
	})
}

// TestEmptyWorkbook: a workbook with no sheet, or only empty ones, is
// in the report, skipped with its reason, not lost.
func TestEmptyWorkbook(t *testing.T) {
	for _, workbook := range []string{
		`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>`,
		`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="a" sheetId="1"/></sheets></workbook>`,
	} {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for name, body := range map[string]string{"xl/workbook.xml": workbook, "xl/worksheets/sheet1.xml": `<worksheet><sheetData/></worksheet>`} {
			w, _ := zw.Create(name)
			w.Write([]byte(body))
		}
		zw.Close()
		var skips []string
		r := reader{doc: func(d Doc) error { t.Errorf("document %q", d.ID); return nil },
			skip: func(s Skip) error { skips = append(skips, s.Path+": "+s.Reason); return nil }}
		if err := r.spreadsheet("xlsx", "w", "w.xlsx", b.Bytes()); err != nil {
			t.Fatal(err)
		}
		if len(skips) != 1 || skips[0] != "w.xlsx: no records: the workbook's sheets are empty" {
			t.Errorf("skips %q, want the workbook skipped as empty", skips)
		}
	}
}
