package corpus

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/seeds"
)

// nexisExport writes articles as LexisNexis Academic's text download lays
// them out (the layout of LexisNexisTools' sample.TXT): the download's
// header, then each article under its centered mark, its newspaper and
// date centered (and its edition's lines), its headline, its metadata,
// its text wrapped at 80 columns, more metadata and its copyright.
func nexisExport(articles [][4]string) string {
	center := func(s string) string { return strings.Repeat(" ", max(10, (80-len(s))/2)) + s + "\n" }
	var b strings.Builder
	b.WriteString("\n\n\n\nDownload Request: Selected Items: 1-3\nTime Of Request: Monday, December 18, 2017  09:12:40\n\n" +
		"Terms: (Putin and CIA)\n\n\nSource: All News\nProject ID: None\n\n\n\n")
	for i, a := range articles { // outlet, date line, headline, text
		b.WriteString(center(fmt.Sprintf("%d of %d DOCUMENTS", i+1, len(articles))) + "\n\n\n")
		b.WriteString(center(a[0]) + "\n" + center(a[1]))
		if i == 1 {
			b.WriteString(center("Edition 1;") + center("Scotland"))
		}
		b.WriteString("\n" + a[2] + "\n\nBYLINE: Staff Reporter\n\nSECTION: NEWS; Pg. 3\n\nLENGTH: 355 words\n\n")
		if i == 2 {
			b.WriteString("DATELINE: MOSCOW\n\n\n")
		}
		b.WriteString(seeds.Wrap(a[3], 80, "", "\n") + "\n\nLOAD-DATE: December 18, 2017\n\nLANGUAGE: ENGLISH\n\nPUBLICATION-TYPE: Newspaper\n\n\n")
		b.WriteString(center("Copyright 2017 "+a[0]) + center("All Rights Reserved") + "\n")
	}
	return b.String()
}

// TestNexis: a LexisNexis text download is its articles, each a document
// with its newspaper, date, headline and text, the download's header, the
// metadata and the copyright left out, the text's wrapped lines as
// written (for the reading of wrapped text to join); the file whatever
// its name, .TXT as LexisNexis names it. Before, the whole download was
// one document, its articles' shared passages inside it unseen.
func TestNexis(t *testing.T) {
	all := seeds.All()
	flat := func(i int) string { return strings.Join(strings.Fields(string(all[i].Text)), " ") }
	arts := [][4]string{
		{"The Associated Press", "December 17, 2017 Sunday 8:01 PM GMT", "Kremlin says Putin thanked Trump for CIA tip", flat(0)},
		{"The Herald (Glasgow)", "December 18, 2017 Monday", "Putin thanks Trump", flat(1)},
		{"Agence France Presse -- English", "December 17, 2017 Sunday", "Putin thanks Trump for CIA help in foiling attack", flat(2)},
	}
	dir := t.TempDir()
	export := nexisExport(arts)
	write(t, dir+"/LexisNexis_Putin_2017.TXT", []byte(export))
	docs, got := readDir(t, dir, Files(nil, dir))
	var want []string
	for i := range arts {
		mark := fmt.Sprintf("%d of 3 DOCUMENTS", i+1)
		want = append(want, fmt.Sprintf("LexisNexis_Putin_2017#%d LexisNexis_Putin_2017.TXT:%d", i+1, strings.Count(export[:strings.Index(export, mark)], "\n")+1))
	}
	if got != strings.Join(want, "\n") {
		t.Fatalf("read:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	for i, d := range docs {
		at, dayOnly := "2017-12-17T00:00:00Z", true
		switch i {
		case 0:
			at, dayOnly = "2017-12-17T20:01:00Z", false
		case 1:
			at = "2017-12-18T00:00:00Z"
		}
		text := strings.TrimSpace(seeds.Wrap(arts[i][3], 80, "", "\n"))
		if d.Outlet != arts[i][0] || d.Title != arts[i][2] || d.Published.UTC().Format(time.RFC3339) != at || d.DateOnly != dayOnly || string(d.Text) != text {
			t.Errorf("%s: %q, %q, %v (day %v), text\n%.200q\nwant %q, %q, %s, text\n%.200q", d.ID, d.Outlet, d.Title, d.Published, d.DateOnly, d.Text, arts[i][0], arts[i][2], at, text)
		}
	}
}

// FuzzNexis: any text read as a LexisNexis export gives documents of
// valid UTF-8 with places in the file, and never panics.
func FuzzNexis(f *testing.F) {
	f.Add([]byte(nexisExport([][4]string{{"Outlet", "December 17, 2017 Sunday", "Head", "Some text of the story."}})))
	f.Add([]byte("          1 of 1 DOCUMENT\nX\n          2 of 1 DOCUMENTS\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := reader{doc: func(d Doc) error {
			if !utf8.Valid(d.Text) || !utf8.ValidString(d.Outlet) || !strings.HasPrefix(d.Path, "in:") {
				t.Fatalf("document %q at %q: invalid UTF-8 or place", d.ID, d.Path)
			}
			return nil
		}, skip: func(Skip) error { return nil }}
		if err := r.nexis("in", "in", raw); err != nil {
			t.Fatal(err)
		}
	})
}

// TestNexisUni: a Nexis Uni download (.docx) is its articles, each a
// document with its headline, newspaper, time and text, the cover page,
// the metadata before "Body" and after the text (Classification,
// Language, Load-Date) and the "End of Document" left out.
// testdata/nexisuni.docx was made by pandoc 2.17 from HTML paragraphs in
// the layout LexisNexisTools reads (two seeds; a cover page ended by two
// empty paragraphs; no-break spaces after the metadata's colons). Before,
// a download was one document.
func TestNexisUni(t *testing.T) {
	docs, lines := read(t, Files(nil, "testdata/nexisuni.docx"))
	if got := strings.Join(lines, "\n"); got != "nexisuni#1 testdata/nexisuni.docx#1\nnexisuni#2 testdata/nexisuni.docx#2" {
		t.Fatalf("read:\n%s", got)
	}
	all := seeds.All()
	for i, c := range []struct{ title, outlet, at string }{
		{"Kremlin says Putin thanked Trump for CIA tip", "The Associated Press", "2017-12-18T01:01:00Z"},
		{"White House confirms Putin call", "The Herald (Glasgow)", "2017-12-18T00:00:00Z"},
	} {
		d := docs[i]
		if d.Title != c.title || d.Outlet != c.outlet || d.Published.UTC().Format(time.RFC3339) != c.at || textLines(d.Text) != textLines(all[i].Text) {
			t.Errorf("%s: %q, %q, %v, text\n%.300s\nwant %q, %q, %s, the seed's", d.ID, d.Title, d.Outlet, d.Published.UTC(), d.Text, c.title, c.outlet, c.at)
		}
	}
}
