package corpus

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// readTable reads in as a table through r.table and returns the read
// function's lines (see read), and the documents by id.
func readTable(t *testing.T, in string, comma rune) ([]string, map[string]Doc) {
	t.Helper()
	var lines []string
	docs := map[string]Doc{}
	r := reader{doc: func(d Doc) error {
		lines = append(lines, d.ID+" "+d.Path)
		docs[d.ID] = d
		return nil
	}, skip: func(s Skip) error {
		lines = append(lines, "SKIP "+s.Path+": "+s.Reason)
		return nil
	}}
	if err := r.table("in.csv", strings.NewReader(in), comma); err != nil {
		t.Fatal(err)
	}
	return lines, docs
}

func TestTable(t *testing.T) {
	csv := "\xEF\xBB\xBFID, Text ,Outlet,published,title,url,words\r\n" +
		"ap-1,\"Putin thanked Trump, the Kremlin said.\nA second line, \"\"quoted\"\".\",AP,2017-12-17T20:01:00Z,Putin thanks Trump,https://apnews.com/1,12\r\n" +
		"17,A numeric id and Unix seconds.,RFE/RL,1513540860,,,\r\n" +
		"ms,Unix milliseconds and a date-only title.,,1513540860500,2017,,\r\n" +
		"\r\n" +
		"short,a row with too few fields\r\n" +
		"bad,\"an open quote,,,,,\r\n"
	lines, docs := readTable(t, csv, ',')
	want := []string{
		"ap-1 in.csv:2",
		"17 in.csv:4",
		"ms in.csv:5",
		"SKIP in.csv:7: the row has 2 fields, the header 7",
		`SKIP in.csv:8: the row cannot be read: a quoted field is not closed, or a '"' follows its closing quote`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("read:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	d := docs["ap-1"]
	if string(d.Text) != "Putin thanked Trump, the Kremlin said.\nA second line, \"quoted\"." || d.Outlet != "AP" || d.Title != "Putin thanks Trump" ||
		d.URL != "https://apnews.com/1" || !d.Published.Equal(time.Date(2017, 12, 17, 20, 1, 0, 0, time.UTC)) {
		t.Errorf("ap-1: %+v", d)
	}
	if d := docs["17"]; d.Published.Unix() != 1513540860 || d.Outlet != "RFE/RL" {
		t.Errorf("17: published %v, outlet %q", d.Published, d.Outlet)
	}
	if d := docs["ms"]; d.Published.UnixMilli() != 1513540860500 || d.Title != "2017" {
		t.Errorf("ms: published %v, title %q", d.Published, d.Title)
	}

	tsv := "id\ttitle\ttext\n1\t\tTab-separated, as a spreadsheet saves it.\n2\t\xC9lys\xE9e\tLe pr\xE9sident fran\xE7ais a re\xE7u \xE0 l'\xC9lys\xE9e le chef du gouvernement, qui a remerci\xE9 les services de s\xE9curit\xE9.\n"
	lines, docs = readTable(t, tsv, '\t')
	// A row's cells are decoded together: "\xC9lys\xE9e" alone is
	// guessed to be GB18030 ("蒷ys閑").
	if d := docs["2"]; len(lines) != 2 || d.Title != "Élysée" || !strings.HasPrefix(string(d.Text), "Le président français a reçu à l'Élysée") || !strings.Contains(d.Note, "the row is not UTF-8") {
		t.Errorf("TSV: %q, %q, %q (note %q)", lines, d.Title, d.Text, d.Note)
	}

	// Excel in a locale whose decimal mark is a comma separates with ';',
	// and may say so on a line of its own.
	for in, want := range map[string]string{
		"id;text;title\n1;\"Putin thanked Trump; the Kremlin said.\";T\n":      "1 in.csv:2",
		"sep=;\nid;text\n1;Putin thanked Trump, the Kremlin said.\n2;\"open\n": "1 in.csv:3\nSKIP in.csv:4: the row cannot be read: a quoted field is not closed, or a '\"' follows its closing quote",
		"ID|Text\n1|Putin thanked Trump, the Kremlin said.\n":                  "1 in.csv:2",
		"id,text\n1,\"Putin thanked Trump; the Kremlin said.\"\n":              "1 in.csv:2",
	} {
		lines, docs := readTable(t, in, ',')
		if got := strings.Join(lines, "\n"); got != want || !strings.HasPrefix(string(docs["1"].Text), "Putin thanked Trump") {
			t.Errorf("%q:\n%s (text %q)\nwant:\n%s", in, got, docs["1"].Text, want)
		}
	}

	for in, want := range map[string]string{
		"":                         "SKIP in.csv: no records: the file is empty or holds blank lines only",
		"id,body\n1,x\n":           `SKIP in.csv:1: the header row names no "text" column (it names "id", "body"); the rest of the file is not read`,
		"id,text,ID\n":             `SKIP in.csv:1: the header row names column "id" twice; the rest of the file is not read`,
		"id,\"text\nx\n":           `SKIP in.csv:1: the header row cannot be read: a quoted field is not closed, or a '"' follows its closing quote; the rest of the file is not read`,
		"id,text\n1,\n2,  \n":      "SKIP in.csv:2: no text (empty or white space only)\nSKIP in.csv:3: no text (empty or white space only)",
		"id,text\n,no id here\n":   `SKIP in.csv:2: the record has no "id" (a string or a number)`,
		"id,text\n1,a b\"c\n2,d\n": "SKIP in.csv:2: the row cannot be read: a '\"' inside a field that does not start with one (quote the field and double its quotes)\n2 in.csv:3",
	} {
		lines, _ := readTable(t, in, ',')
		if got := strings.Join(lines, "\n"); got != want {
			t.Errorf("%q:\n%s\nwant:\n%s", in, got, want)
		}
	}
}

// FuzzTable: any input yields documents and skips that name the file or
// one of its lines, with valid UTF-8, and never a panic.
func FuzzTable(f *testing.F) {
	f.Add([]byte("id,text,published\n1,\"a, b\",2017-12-17\n2,\"open\n"))
	f.Add([]byte("ID\tTEXT\n1\tx\ty\n"))
	f.Add([]byte("id,published,text\na,3/4/2017 3:01 PM,x\nb,\"x\"y,z\nc,12/17/17,x\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		lines := bytes.Count(in, []byte("\n")) + 1
		check := func(path string) {
			var line int
			if path != "in.csv" {
				if _, err := fmt.Sscanf(path, "in.csv:%d", &line); err != nil || line < 1 || line > lines {
					t.Fatalf("%q names no line of the file (%d lines)", path, lines)
				}
			}
		}
		r := reader{doc: func(d Doc) error {
			check(d.Path)
			if !utf8.Valid(d.Text) || d.ID == "" {
				t.Fatalf("document %q: invalid text or empty id", d.ID)
			}
			return nil
		}, skip: func(s Skip) error { check(s.Path); return nil }}
		if err := r.table("in.csv", bytes.NewReader(in), ','); err != nil {
			t.Fatal(err)
		}
	})
}

// TestTableByContent: a table under another name (Excel's "Unicode text"
// saved as .txt: UTF-16, tab-separated; a CSV with no extension) or on
// standard input is read as one when its first line names the columns
// id and text; a text whose first line merely mentions them is a text.
func TestTableByContent(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range "id\ttext\r\n1\tPutin thanked Trump, the Kremlin said.\r\n" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	write(t, at("excel.txt"), utf16)
	write(t, at("export"), []byte("id;text\n2;Putin thanked Trump.\n"))
	write(t, at("story.txt"), []byte("id, text and outlet are the columns of a record.\n"))
	docs, got := read(t, Files(strings.NewReader("id,text\n3,Putin thanked Trump.\n"), dir, "-"))
	want := []string{"1 " + at("excel.txt") + ":2", "2 " + at("export") + ":2", "story " + at("story.txt"), "3 -:2"}
	if !slices.Equal(got, want) {
		t.Fatalf("read %q, want %q", got, want)
	}
	if !strings.Contains(docs[0].Note, "read as a table") || docs[1].Note != "" || string(docs[0].Text) != "Putin thanked Trump, the Kremlin said." {
		t.Errorf("notes %q, %q; text %q", docs[0].Note, docs[1].Note, docs[0].Text)
	}
}

// TestTableHeaderOnly: a table whose header row no row follows (an export
// of no records) is skipped with the reason, not passed over in silence.
func TestTableHeaderOnly(t *testing.T) {
	for _, in := range []string{"id,text", "id,text\r\n", "id,text\n\n"} {
		lines, _ := readTable(t, in, ',')
		if want := "SKIP in.csv: no records: the header row names the columns, and no row follows it"; strings.Join(lines, "\n") != want {
			t.Errorf("%q: read %q, want %q", in, lines, want)
		}
	}
}

// TestTableDateOrder: a spreadsheet's export gives its times as the sheet
// shows them, in its maker's locale. A date that does not show whether
// its month or its day comes first ("12/3/2017") is read in the order the
// table's other dates show ("12/17/2017": the month first; "17/12/2017":
// the day first), rows before that one too, and the rows are delivered in
// input order, skips among them; in a table whose dates never show it,
// such a date is unknown, with a note saying why. Before, none of these
// was read.
func TestTableDateOrder(t *testing.T) {
	for _, tc := range []struct {
		name, rows string
		want       []string // each row's time (RFC 3339), "?" if unknown, or SKIP
		note       string   // in the first document's note
	}{
		{"Excel in the United States",
			"ap,12/3/2017 3:01 PM\nbad,\"x\"y\nwh,12/5/2017 8:00 AM\nblog,12/17/2017 9:30 PM\nfarm,1/2/2018 10:00 AM\n",
			[]string{"2017-12-03T15:01:00Z", "SKIP", "2017-12-05T08:00:00Z", "2017-12-17T21:30:00Z", "2018-01-02T10:00:00Z"},
			"read with the month first"},
		{"a sheet in Britain",
			"ap,03/12/2017 15:01\nwh,05/12/2017 08:00:00\nblog,17/12/2017 21:30\nfarm,02/01/2018\n",
			[]string{"2017-12-03T15:01:00Z", "2017-12-05T08:00:00Z", "2017-12-17T21:30:00Z", "2018-01-02T00:00:00Z"},
			"read with the day first"},
		{"no date shows the order",
			"ap,3/4/2017\nwh,2017-12-17T20:40:00Z\nblog,5/6/2017 10:00\n",
			[]string{"?", "2017-12-17T20:40:00Z", "?"},
			"no other date of its table does"},
	} {
		lines, docs := readTable(t, "id,published,text\n"+strings.ReplaceAll(tc.rows, "\n", ",Text of the row.\n"), ',')
		var got []string
		for _, l := range lines {
			if strings.HasPrefix(l, "SKIP") {
				got = append(got, "SKIP")
				continue
			}
			d := docs[strings.Fields(l)[0]]
			switch {
			case d.Published.IsZero():
				got = append(got, "?")
			default:
				got = append(got, d.Published.UTC().Format(time.RFC3339))
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v (lines %q)", tc.name, got, tc.want, lines)
		}
		if n := docs["ap"].Note; !strings.Contains(n, tc.note) {
			t.Errorf("%s: note %q, want it to say %q", tc.name, n, tc.note)
		}
	}
}

// TestTableDateOrderHeld: rows held back until a date shows the table's
// order are held within bounds (maxHeldRows): past them they are read as
// they stand, their dates unknown and their notes saying why, and the
// rows after are held and read again as the order shows.
func TestTableDateOrderHeld(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a table of 100,000 rows (1.6 s; far longer under the race detector)")
	}
	var b strings.Builder
	b.WriteString("id,published,text\n")
	for i := range maxHeldRows {
		fmt.Fprintf(&b, "r%d,3/4/2017,x\n", i)
	}
	b.WriteString("late,5/6/2017,x\nshows,12/17/2017,x\n")
	lines, docs := readTable(t, b.String(), ',')
	if len(lines) != maxHeldRows+2 || lines[0] != "r0 in.csv:2" || lines[len(lines)-1] != fmt.Sprintf("shows in.csv:%d", maxHeldRows+3) {
		t.Fatalf("%d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
	first, last, late := docs["r0"], docs[fmt.Sprintf("r%d", maxHeldRows-1)], docs["late"]
	for _, d := range []Doc{first, last} {
		if !d.Published.IsZero() || !strings.Contains(d.Note, "next 100000 rows") {
			t.Errorf("%s: %v, note %q; want unknown, for want of room", d.ID, d.Published, d.Note)
		}
	}
	if got := late.Published.Format("2006-01-02"); got != "2017-05-06" {
		t.Errorf("late: %s, want 2017-05-06 (the month first)", got)
	}
}
