package corpus

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/seeds"
)

// TestOfficeSeed: seed 000 written by pandoc 2.17 as a .docx and an .odt
// (testdata/seed000.*, from the seed as Markdown, its first line a
// heading) reads as the seed's lines, its headline the title (read as a
// text file's is: the first line, which looks like one).
func TestOfficeSeed(t *testing.T) {
	seed := seeds.All()[0]
	var want []string
	for _, l := range strings.Split(string(seed.Text), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			want = append(want, l)
		}
	}
	docs, lines := read(t, Files(nil, "testdata/seed000.docx", "testdata/seed000.odt"))
	if len(docs) != 2 {
		t.Fatalf("read %q", lines)
	}
	for _, d := range docs {
		got := strings.Split(strings.TrimSpace(string(d.Text)), "\n")
		if strings.Join(got, "\n") != strings.Join(want, "\n") || d.Title != want[0] || !strings.HasPrefix(d.ID, "seed000") {
			t.Errorf("%s: id %q, title %q, text:\n%s\nwant the seed's lines:\n%s", d.Path, d.ID, d.Title, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// docx is a .docx of one word/document.xml body (its w:body's content)
// and, if not "", a docProps/core.xml title.
func docx(t *testing.T, body, title string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	f, _ := zw.Create("word/document.xml")
	f.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`))
	if title != "" {
		f, _ = zw.Create("docProps/core.xml")
		f.Write([]byte(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + title + `</dc:title></cp:coreProperties>`))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readOffice reads raw as a document of kind through r.office, and
// returns it or the skip's reason.
func readOffice(t *testing.T, kind string, raw []byte) (Doc, string) {
	t.Helper()
	var d Doc
	var reason string
	r := reader{doc: func(x Doc) error { d = x; return nil }, skip: func(s Skip) error { reason = s.Reason; return nil }}
	if err := r.office(kind, "d", "d."+kind, raw); err != nil {
		t.Fatal(err)
	}
	return d, reason
}

func TestDocx(t *testing.T) {
	for _, c := range []struct {
		name, body, title string
		text, wantTitle   string
	}{
		{"runs, tab and break", `<w:p><w:r><w:t>Putin </w:t></w:r><w:r><w:t>thanked</w:t><w:tab/><w:t>Trump</w:t><w:br/><w:t>for a tip.</w:t></w:r></w:p>`, "",
			"Putin thanked\tTrump\nfor a tip.", ""},
		{"tracked changes: inserted kept, deleted not", `<w:p><w:r><w:t>The call was </w:t></w:r><w:del><w:r><w:delText>brief</w:delText></w:r></w:del><w:ins><w:r><w:t>long</w:t></w:r></w:ins><w:moveFrom><w:r><w:t> on Sunday</w:t></w:r></w:moveFrom><w:r><w:t>.</w:t></w:r></w:p>`, "",
			"The call was long.", ""},
		{"a field's code is not text, its result is", `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://apnews.com" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>AP</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> reported it.</w:t></w:r></w:p>`, "",
			"AP reported it.", ""},
		{"a text box once, not its fallback copy", `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>A pull quote.</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>A pull quote.</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p><w:p><w:r><w:t>The story.</w:t></w:r></w:p>`, "",
			"A pull quote.\n\nThe story.", ""},
		{"a table's cells a line each", `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Moscow</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Sunday</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`, "",
			"Moscow\nSunday", ""},
		{"the document's title", `<w:p><w:r><w:t>The Kremlin said on Sunday that Putin had called Trump.</w:t></w:r></w:p>`, "Putin  thanks\nTrump",
			"The Kremlin said on Sunday that Putin had called Trump.", "Putin thanks Trump"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, reason := readOffice(t, "docx", docx(t, c.body, c.title))
			if reason != "" || strings.TrimSpace(string(d.Text)) != c.text || d.Title != c.wantTitle {
				t.Errorf("text %q, title %q (%s); want %q, %q", d.Text, d.Title, reason, c.text, c.wantTitle)
			}
		})
	}
	for _, c := range []struct {
		name string
		raw  []byte
		says string
	}{
		{"not a zip", []byte("PK\x03\x04 not really"), "not a docx document: zip: not a valid zip file"},
		{"no body", func() []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			zw.Create("x")
			zw.Close()
			return b.Bytes()
		}(), "it has no word/document.xml"},
		{"broken XML", docx(t, `<w:p><w:r><w:t>open`, ""), "the docx document's text cannot be read: XML syntax error"},
		{"no text", docx(t, `<w:p/>`, ""), "no text (empty or white space only)"},
	} {
		if _, reason := readOffice(t, "docx", c.raw); !strings.Contains(reason, c.says) {
			t.Errorf("%s: skipped for %q, want %q", c.name, reason, c.says)
		}
	}
}

func TestODT(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	f, _ := zw.Create("content.xml")
	f.Write([]byte(`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text>` +
		`<text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>` +
		`<text:h text:outline-level="1">Putin thanks Trump</text:h>` +
		`<text:p>Putin<text:s/>thanked<text:s text:c="3"/>Trump<text:tab/>for a tip<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>A footnote.</text:p></text:note-body></text:note>.<text:line-break/>The <text:span>Kremlin</text:span> said so.</text:p>` +
		`<office:annotation><dc:creator>Editor</dc:creator><text:p>Check this.</text:p></office:annotation>` +
		`<text:tracked-changes><text:changed-region><text:deletion><text:p>Deleted words.</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
		`</office:text></office:body></office:document-content>`))
	zw.Close()
	d, reason := readOffice(t, "odt", b.Bytes())
	want := "Putin thanks Trump\nPutin thanked   Trump\tfor a tip.\nThe Kremlin said so.\n"
	if reason != "" || string(d.Text) != want {
		t.Errorf("text %q (%s); want %q", d.Text, reason, want)
	}
}

// TestZipEntryLimit: an entry that unpacks past the limit is refused,
// saying so, not read whole.
func TestZipEntryLimit(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	f, _ := zw.Create("word/document.xml")
	f.Write(bytes.Repeat([]byte("<w:p/>"), 1000))
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zipEntry(zr, "word/document.xml", 5999); err == nil || !strings.Contains(err.Error(), "unpacks to more than 5999 bytes") {
		t.Errorf("6,000 bytes past a limit of 5,999: %v", err)
	}
	if got, err := zipEntry(zr, "word/document.xml", 6000); err != nil || len(got) != 6000 {
		t.Errorf("6,000 bytes within a limit of 6,000: %d bytes, %v", len(got), err)
	}
}

// FuzzOffice: any bytes, as a .docx or an .odt, give one document or one
// skip, valid UTF-8, and never a panic; so does any XML as either body.
func FuzzOffice(f *testing.F) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	f.Add(b.Bytes())
	f.Add([]byte(`<office:text xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><text:p>a<text:s text:c="2"/>b</text:p></office:text>`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, kind := range []string{"docx", "odt"} {
			n := 0
			r := reader{doc: func(d Doc) error {
				n++
				if !utf8.Valid(d.Text) || !utf8.ValidString(d.Title) {
					t.Fatalf("invalid UTF-8: %q %q", d.Text, d.Title)
				}
				return nil
			}, skip: func(Skip) error { n++; return nil }}
			if err := r.office(kind, "d", "d", raw); err != nil || n != 1 {
				t.Fatalf("%s: %d results, %v", kind, n, err)
			}
		}
		docxText(raw)
		odtText(raw)
	})
}
