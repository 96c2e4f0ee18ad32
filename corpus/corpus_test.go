package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/copydesk/copydesk/internal/seeds"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// TestDecode: Decode(raw) = text, encoding; want w.
func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		raw      []byte
		want     string
		encoding string
	}{
		{[]byte("Putin thanked Trump."), "Putin thanked Trump.", "utf-8"},
		{[]byte("\xEF\xBB\xBFPutin’s call"), "Putin’s call", "utf-8"},
		{[]byte("\xFF\xFEP\x00u\x00t\x00i\x00n\x00\x19\x20s\x00"), "Putin’s", "utf-16le"},
		{[]byte("\xFE\xFF\x00P\x00u\x00t\x00i\x00n\x20\x19\x00s"), "Putin’s", "utf-16be"},
		{[]byte("\x93Caf\xE9\x94 \x96 Putin\x92s"), "“Café” – Putin’s", "windows-1252"},
		{[]byte("one\r\ntwo\rthree\n"), "one\ntwo\nthree\n", "utf-8"},
		{[]byte("\xEF\xBB\xBFcaf\xE9"), "café", "windows-1252"},
		{[]byte("\xFF\xFEa\x00\r\x00\n\x00b\x00"), "a\nb", "utf-16le"},
	} {
		got, enc := Decode(tc.raw)
		if string(got) != tc.want || enc != tc.encoding {
			t.Errorf("Decode(%q) = %q, %s; want %q, %s", tc.raw, got, enc, tc.want, tc.encoding)
		}
	}
}

// TestDecodeChinese: genuine GBK bytes are read as Chinese, and Western
// legacy text is not mistaken for it.
func TestDecodeChinese(t *testing.T) {
	for _, zh := range []string{"普京感谢特朗普提供情报，帮助挫败圣彼得堡恐怖袭击。", "中华人民共和国外交部发言人表示 (Putin)"} {
		raw, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(zh))
		if err != nil {
			t.Fatal(err)
		}
		if got, enc := Decode(raw); string(got) != zh || enc != "gb18030" {
			t.Errorf("Decode(GBK %q) = %q, %s", zh, got, enc)
		}
	}
	for _, west := range []string{"Caf\xE9 owner \x93thanked\x94 Putin.", "M\xFCller's na\xEFve r\xE9sum\xE9", "\xC0 la carte \xE0 Z\xFCrich"} {
		if _, enc := Decode([]byte(west)); enc != "windows-1252" {
			t.Errorf("Decode(%q) read as %s", west, enc)
		}
	}
}

// read runs a Source and returns what it delivered, as "id path" lines for
// documents and "SKIP path: reason" lines for skips.
func read(t *testing.T, src Source) (docs []Doc, lines []string) {
	t.Helper()
	err := src(func(d Doc) error {
		docs = append(docs, d)
		lines = append(lines, d.ID+" "+d.Path)
		return nil
	}, func(s Skip) error {
		lines = append(lines, "SKIP "+s.Path+": "+s.Reason)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs, lines
}

// readDir is read of src, which reads dir, its lines joined and their
// places given within dir.
func readDir(t *testing.T, dir string, src Source) ([]Doc, string) {
	t.Helper()
	docs, lines := read(t, src)
	return docs, strings.ReplaceAll(strings.Join(lines, "\n"), dir+"/", "")
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gz(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBadInput builds a folder with every kind of bad input the readers
// must survive, next to good ones, and checks that each input is delivered
// or skipped with its reason, in order, and nothing else.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	write(t, at("a-empty.txt"), nil)
	write(t, at("b-blank.txt"), []byte(" \n\t\r\n "))
	write(t, at("c-binary.txt"), []byte("PNG\x00\x01\x02 data"))
	write(t, at("d-latin.txt"), []byte("Caf\xE9 owner \x93thanked\x94 Putin."))
	write(t, at("e-good.txt"), []byte("Putin thanked Trump for a CIA tip."))
	write(t, at("e-good.txt.gz"), gz(t, []byte("A second document with the same id.")))
	write(t, at("f/e-good.txt"), []byte("A document in a folder: its id is its place."))
	write(t, at("g-notes.pdf"), []byte("%PDF-1.4"))
	write(t, at("h-page.html"), []byte(`<html><head><title>T</title><meta property="og:site_name" content="RFE/RL"><link rel="canonical" href="https://www.rferl.org/a/1.html"></head><body><nav>Menu</nav><p>Body text here.</p></body></html>`))
	write(t, at("i-zipped.txt.gz"), gz(t, []byte("Compressed text of a story.")))
	write(t, at("j-broken.txt.gz"), []byte("this is not gzip data at all"))
	write(t, at("k-records.jsonl"), []byte(strings.Join([]string{
		`{"id": "r1", "text": "First record.", "outlet": "AP", "published": "2017-12-17T20:01:00Z", "title": "T1", "url": "https://example.com/1"}`,
		`{"id": "r2", "text": "unterminated`,
		`{"text": "no id"}`,
		`{"id": "r4"}`,
		``,
		`{"id": 5, "text": "A numeric id.", "published": "2017-12-18"}`,
		`{"id": "r6", "text": "Bad date.", "published": "yesterday"}`,
		`{"id": "r7", "text": "   "}`,
		`[1, 2]`,
		`{"id": "r1", "text": "The same id as line 1."}`,
		`{"id": "r11", "text": "Epoch seconds, a numeric title, an outlet list.", "published": 1513540860, "title": 2017, "outlet": ["AP", "Reuters"]}`,
		`{"id": "r12", "text": "Epoch milliseconds.", "published": 1513540860500, "url": null}`,
		`{"id": "r13", "text": 42}`,
	}, "\n")))
	write(t, at("l-more.ndjson.gz"), gz(t, []byte(`{"id": "z1", "text": "Zipped record."}`+"\n")))
	if err := os.Symlink(at("m-loop2.txt"), at("m-loop1.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(at("m-loop1.txt"), at("m-loop2.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(at("missing.txt"), at("n-dangling.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(at("e-good.txt"), at("o-link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, at("p-dirlink")); err != nil {
		t.Fatal(err)
	}
	write(t, at("q-chrome.txt"), []byte("Accessibility links\n\nShare on Facebook\n  Comments (3)\n"))
	write(t, at("r-empty.jsonl"), nil)
	write(t, at("s-blank.jsonl"), []byte("\n  \n\xEF\xBB\xBF\n"))
	write(t, at("t-empty.jsonl.gz"), gz(t, nil))
	records := `{"id": "u1", "text": "Whole record."}` + "\n" + `{"id": "u2", "text": "` + strings.Repeat("Cut short record, ", 400) + `"}` + "\n"
	whole := gz(t, []byte(records))
	write(t, at("u-cut.jsonl.gz"), whole[:len(whole)/2])     // one deflate block, cut: line 1 is not whole
	write(t, at("u-trailer.jsonl.gz"), whole[:len(whole)-8]) // the gzip trailer gone
	if err := os.Symlink("/dev/zero", at("v-zero.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(at("w-fifo.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(at("w-fifo.txt"), at("x-fifolink.txt")); err != nil {
		t.Fatal(err)
	}
	write(t, at("y-article-0001"), []byte("A numbered article with no extension."))
	write(t, at("y-blob"), []byte("\x00\x01binary"))
	// Names that end in a version (/usr/share/common-licenses): no
	// extension, so text.
	write(t, at("y-licence-2.0"), []byte("A licence named by its version."))
	write(t, at("y-story.2017-12-17"), []byte("A story named by its day."))
	write(t, at("y-licence-2.1.gz"), gz(t, []byte("Another, compressed.")))
	// Names this package does not know (/usr/share/doc's README.Debian,
	// changelog.Debian.gz): prose by their content is text, with the
	// name whole as the id; a program, or prose under a program's name,
	// is not.
	write(t, at("y-notes/README.Debian"), []byte("Notes for Debian\n\nThe package reads its settings from the file below; restart it after a change."))
	write(t, at("y-notes/changelog.Debian.gz"), gz(t, []byte("tzdata (2024a-1) unstable; urgency=medium\n\n  * New upstream release.\n\n -- Maintainer <m@example.org>  Fri, 02 Feb 2024 10:00:00 +0100\n")))
	write(t, at("y-notes/tool.xyz"), []byte("int main(void) {\n\tint n = 0;\n\tfor (;;) { n++; if (n > 9) break; }\n\treturn n & 1;\n}\n"))
	write(t, at("y-notes/notes.conf"), []byte("Settings for the service, one on each line, read when it starts."))
	write(t, at("y-notes/notes.utf16"), []byte(utf16le("Notes saved by Notepad as Unicode: prose all the same.")))
	// A crawler's mirror: pages whose names do not say they are HTML.
	page := func(text string) []byte {
		return []byte(`<head><title>Putin thanks Trump</title></head><body><nav>Menu</nav><p>` + text + `</p></body></html>`)
	}
	write(t, at("z-mirror/putin-thanks-trump"), append([]byte("<!DOCTYPE html>\n<html lang=\"en\">"), page("No extension.")...))
	write(t, at("z-mirror/story.php?id=17"), append([]byte("<!-- saved from url=(0040)https://example.com/story.php?id=17 -->\n<html>"), page("An unknown extension.")...))
	write(t, at("z-mirror/page.shtml"), append([]byte("<html>"), page("Server-side includes.")...))
	write(t, at("z-mirror/source.txt"), append([]byte("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">\n<html>"), page("A page's source saved as text.")...))
	write(t, at("z-mirror/fragment"), []byte("<p>A fragment is text.</p>"))
	write(t, at("z-mirror/index.php"), []byte("<?php echo '<html><body>not a page</body></html>'; ?>"))
	write(t, at("z-mirror/feed.xml"), []byte(`<?xml version="1.0"?><rss><channel><item><description>A feed is no page: its item is a document.</description></item></channel></rss>`))
	// Mail: a maildir's message, a spool, a .eml.gz; a Debian copyright
	// file's fields are no message's header.
	msg := "From: AP <news@ap.org>\nDate: Sun, 17 Dec 2017 20:01:00 -0500\nSubject: Putin thanks Trump\n\nThe body of the message.\n"
	received := strings.Repeat("Received: from mx.ap.org\n\tby host with ESMTPS id 17; Sun, 17 Dec 2017 20:01:00 -0500\n", 300) // 25 KB
	write(t, at("z-mail/cur/1513540860.M1P2.host:2,S"), []byte("Return-Path: <news@ap.org>\n"+received+msg))
	write(t, at("z-mail/inbox"), []byte("From news@ap.org Sun Dec 17 20:01:00 2017\n"+msg+"\nFrom news@ap.org Sun Dec 17 21:00:00 2017\n"+msg))
	write(t, at("z-mail/readout.eml.gz"), gz(t, []byte(msg)))
	write(t, at("z-mail/copyright"), []byte("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\nSource: https://example.com\n\nFiles: *\nLicense: GPL-2+\n"))
	write(t, at("z-table.csv"), []byte("id,title,text\nt1,One,\"Putin thanked Trump, the Kremlin said.\"\nt2,Two\n"))
	write(t, at("z-table.tsv.gz"), gz(t, []byte("id\ttext\nt3\tA tab-separated row.\n")))
	write(t, at(".DS_Store"), []byte("\x00\x00\x00\x01Bud1"))
	write(t, at(".git/HEAD.txt"), []byte("ref: refs/heads/main"))
	docs, got := read(t, Files(nil, dir))
	want := []string{
		"SKIP " + at(".DS_Store") + ": hidden file (its name starts with a dot), not read",
		"SKIP " + at(".git") + ": hidden folder (its name starts with a dot), not read",
		"SKIP " + at("a-empty.txt") + ": no text (empty or white space only)",
		"SKIP " + at("b-blank.txt") + ": no text (empty or white space only)",
		"SKIP " + at("c-binary.txt") + ": binary file (contains NUL bytes)",
		"d-latin " + at("d-latin.txt"),
		"e-good " + at("e-good.txt"),
		"e-good~2 " + at("e-good.txt.gz"),
		"f/e-good " + at("f/e-good.txt"),
		"SKIP " + at("g-notes.pdf") + ": not a document: a .pdf file is a format this does not read (convert it to text, HTML or .docx first), by its name",
		"h-page " + at("h-page.html"),
		"i-zipped " + at("i-zipped.txt.gz"),
		"SKIP " + at("j-broken.txt.gz") + ": not gzip data: gzip: invalid header",
		"r1 " + at("k-records.jsonl") + ":1",
		"SKIP " + at("k-records.jsonl") + ":2: not valid JSON: unexpected end of JSON input (at byte 34)",
		"SKIP " + at("k-records.jsonl") + `:3: the record has no "id" (a string or a number)`,
		"SKIP " + at("k-records.jsonl") + `:4: record "r4" has no "text"`,
		"5 " + at("k-records.jsonl") + ":6",
		"r6 " + at("k-records.jsonl") + ":7",
		"SKIP " + at("k-records.jsonl") + ":8: no text (empty or white space only)",
		"SKIP " + at("k-records.jsonl") + `:9: the line is a JSON array, not an object with "id" and "text"`,
		"r1~2 " + at("k-records.jsonl") + ":10",
		"r11 " + at("k-records.jsonl") + ":11",
		"r12 " + at("k-records.jsonl") + ":12",
		"SKIP " + at("k-records.jsonl") + `:13: record "r13": "text" is a JSON number, not a string`,
		"z1 " + at("l-more.ndjson.gz") + ":1",
		"SKIP " + at("m-loop1.txt") + ": broken symbolic link: stat: too many levels of symbolic links",
		"SKIP " + at("m-loop2.txt") + ": broken symbolic link: stat: too many levels of symbolic links",
		"SKIP " + at("n-dangling.txt") + ": broken symbolic link: stat: no such file or directory",
		"o-link " + at("o-link.txt"),
		"SKIP " + at("p-dirlink") + ": symbolic link to a folder, not followed",
		"SKIP " + at("q-chrome.txt") + ": only page chrome, no article text",
		"SKIP " + at("r-empty.jsonl") + ": no records: the file is empty or holds blank lines only",
		"SKIP " + at("s-blank.jsonl") + ": no records: the file is empty or holds blank lines only",
		"SKIP " + at("t-empty.jsonl.gz") + ": no records: the file is empty or holds blank lines only",
		"SKIP " + at("u-cut.jsonl.gz") + ":1: the file is cut short in this line (unexpected end of data)",
		"u1 " + at("u-trailer.jsonl.gz") + ":1",
		"u2 " + at("u-trailer.jsonl.gz") + ":2",
		"SKIP " + at("u-trailer.jsonl.gz") + ":3: the file is cut short after the line before (unexpected end of data)",
		"SKIP " + at("v-zero.txt") + ": symbolic link to a character device, not a regular file",
		"SKIP " + at("w-fifo.txt") + ": a named pipe, not a regular file",
		"SKIP " + at("x-fifolink.txt") + ": symbolic link to a named pipe, not a regular file",
		"y-article-0001 " + at("y-article-0001"),
		"SKIP " + at("y-blob") + ": binary file (contains NUL bytes)",
		"y-licence-2.0 " + at("y-licence-2.0"),
		"y-licence-2.1 " + at("y-licence-2.1.gz"),
		"y-notes/README.Debian " + at("y-notes/README.Debian"),
		"y-notes/changelog.Debian " + at("y-notes/changelog.Debian.gz"),
		"SKIP " + at("y-notes/notes.conf") + ": not a document: a .conf file is a program, style sheet, configuration, key or data, by its name",
		"y-notes/notes.utf16 " + at("y-notes/notes.utf16"),
		"SKIP " + at("y-notes/tool.xyz") + ": " + notADocument,
		"y-story.2017-12-17 " + at("y-story.2017-12-17"),
		"z-mail/copyright " + at("z-mail/copyright"),
		"z-mail/cur/1513540860.M1P2.host:2,S " + at("z-mail/cur/1513540860.M1P2.host:2,S"),
		"z-mail/inbox#1 " + at("z-mail/inbox") + ":1",
		"z-mail/inbox#2 " + at("z-mail/inbox") + ":8",
		"z-mail/readout " + at("z-mail/readout.eml.gz"),
		"z-mirror/feed.xml#1 " + at("z-mirror/feed.xml") + ":1",
		"z-mirror/fragment " + at("z-mirror/fragment"),
		"SKIP " + at("z-mirror/index.php") + ": not a document: a .php file is a program, style sheet, configuration, key or data, by its name",
		"z-mirror/page " + at("z-mirror/page.shtml"),
		"z-mirror/putin-thanks-trump " + at("z-mirror/putin-thanks-trump"),
		"z-mirror/source " + at("z-mirror/source.txt"),
		"z-mirror/story.php?id=17 " + at("z-mirror/story.php?id=17"),
		"t1 " + at("z-table.csv") + ":2",
		"SKIP " + at("z-table.csv") + ":3: the row has 2 fields, the header 3",
		"t3 " + at("z-table.tsv.gz") + ":2",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	byID := map[string]Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	for _, id := range []string{"z-mail/cur/1513540860.M1P2.host:2,S", "z-mail/inbox#1", "z-mail/inbox#2", "z-mail/readout"} {
		if d := byID[id]; string(d.Text) != "The body of the message.\n" || d.Title != "Putin thanks Trump" || d.Outlet != "news@ap.org" || d.Published.IsZero() {
			t.Errorf("%s: text %q, title %q, outlet %q, published %v", id, d.Text, d.Title, d.Outlet, d.Published)
		}
	}
	if d := byID["z-mail/copyright"]; !bytes.HasPrefix(d.Text, []byte("Format: ")) {
		t.Errorf("a copyright file, read as %q", d.Text)
	}
	for id, want := range map[string]string{
		"z-mirror/putin-thanks-trump": "No extension.",
		"z-mirror/story.php?id=17":    "An unknown extension.",
		"z-mirror/page":               "Server-side includes.",
		"z-mirror/source":             "A page's source saved as text.",
		"z-mirror/fragment":           "<p>A fragment is text.</p>",
	} {
		d := byID[id]
		if string(d.Text) != want {
			t.Errorf("%s: text %q, want %q", id, d.Text, want)
		}
		if wantNote := id == "z-mirror/source"; strings.Contains(d.Note, "read as HTML") != wantNote {
			t.Errorf("%s: note %q, want one saying it was read as HTML: %v", id, d.Note, wantNote)
		}
		if d.Title != "Putin thanks Trump" && id != "z-mirror/fragment" {
			t.Errorf("%s: title %q, want the page's", id, d.Title)
		}
	}
	if d := byID["h-page"]; d.Outlet != "RFE/RL" || d.URL != "https://www.rferl.org/a/1.html" || d.Title != "T" || string(d.Text) != "Body text here." {
		t.Errorf("an HTML page: outlet %q, URL %q, title %q, text %q", d.Outlet, d.URL, d.Title, d.Text)
	}
	if d := byID["d-latin"]; d.Encoding != "windows-1252" || string(d.Text) != "Café owner “thanked” Putin." {
		t.Errorf("invalid UTF-8: %s %q", d.Encoding, d.Text)
	}
	if d := byID["e-good~2"]; !strings.Contains(d.Note, `duplicate id "e-good"`) || !strings.Contains(d.Note, at("e-good.txt")) {
		t.Errorf("duplicate id note = %q", d.Note)
	}
	if d := byID["r1"]; d.Outlet != "AP" || d.Title != "T1" || d.URL != "https://example.com/1" || d.Published.Format("2006-01-02T15:04") != "2017-12-17T20:01" {
		t.Errorf("record fields: %+v", d)
	}
	if d := byID["5"]; d.Published.Format("2006-01-02") != "2017-12-18" {
		t.Errorf("date-only published = %v", d.Published)
	}
	if d := byID["r6"]; !d.Published.IsZero() || !strings.Contains(d.Note, `published "yesterday" is not`) {
		t.Errorf("bad date: published %v, note %q", d.Published, d.Note)
	}
	if d := byID["r11"]; d.Published.Format(time.RFC3339) != "2017-12-17T20:01:00Z" || d.Title != "2017" || d.Outlet != "" ||
		!strings.Contains(d.Note, "read as Unix seconds") || !strings.Contains(d.Note, `"outlet" is an array, not text: ignored`) {
		t.Errorf("record r11: published %v, title %q, outlet %q, note %q", d.Published, d.Title, d.Outlet, d.Note)
	}
	if d := byID["r12"]; d.Published.Format(time.RFC3339Nano) != "2017-12-17T20:01:00.5Z" || !strings.Contains(d.Note, "Unix milliseconds") {
		t.Errorf("record r12: published %v, note %q", d.Published, d.Note)
	}
}

// TestUnreadable: a file the process may not read is skipped with the
// reason. (Root reads everything, so the test needs another user.)
func TestUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: every file is readable (TestReadError covers a failing read)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "secret.txt")
	write(t, path, []byte("text"))
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	_, got := read(t, Files(nil, dir))
	want := []string{"SKIP " + path + ": unreadable: open: permission denied"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestReadError: a file that opens but cannot be read (here a link to
// /proc/self/mem, whose read at offset 0 fails with an I/O error even for
// root) is skipped with the reason, and reading goes on.
func TestReadError(t *testing.T) {
	if _, err := os.ReadFile("/proc/self/mem"); err == nil {
		t.Skip("/proc/self/mem reads here")
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "a-bad.txt")
	if err := os.Symlink("/proc/self/mem", bad); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "b-good.txt"), []byte("Putin thanked Trump."))
	_, got := read(t, Files(nil, dir))
	want := []string{"SKIP " + bad + ": unreadable: read: input/output error", "b-good " + filepath.Join(dir, "b-good.txt")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestStdin reads each format from standard input, by its first byte.
func TestStdin(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"  Putin thanked Trump.\n", []string{"stdin -"}},
		{"{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\", \"text\": \"y\"}", []string{"a -:1", "b -:2"}},
		{"\n<html><body><p>Page text.</p></body></html>", []string{"stdin -"}},
		{"", []string{"SKIP -: no text (empty or white space only)"}},
		{"\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"x\"}\n", []string{"a -:1"}},
		{utf16le("{\"id\": \"a\", \"text\": \"x\"}\r\n{\"id\": \"b\", \"text\": \"y\"}\r\n"), []string{"a -:1", "b -:2"}},
		{string(gzBytes("{\"id\": \"z\", \"text\": \"zipped\"}\n")), []string{"z -:1"}},
		{"[{\"id\": \"a\", \"text\": \"x\"}, {\"id\": \"b\", \"text\": \"y\"}]", []string{"a -#1", "b -#2"}},
	} {
		_, got := read(t, Files(strings.NewReader(tc.in), "-"))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("stdin %q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestStrict: Strict stops at the first skip, naming it.
func TestStrict(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), []byte("One document."))
	write(t, filepath.Join(dir, "b.jsonl"), []byte("{\"id\": \"x\", \"text\": \"ok\"}\n{bad\n{\"id\": \"y\", \"text\": \"never read\"}\n"))
	var ids []string
	err := Strict(Files(nil, dir))(func(d Doc) error { ids = append(ids, d.ID); return nil }, func(Skip) error { return nil })
	var se *SkipError
	if !errors.As(err, &se) || se.Skip.Path != filepath.Join(dir, "b.jsonl")+":2" || !strings.HasPrefix(se.Skip.Reason, "not valid JSON") {
		t.Fatalf("Strict: err = %v", err)
	}
	if !reflect.DeepEqual(ids, []string{"a", "x"}) {
		t.Errorf("delivered before the stop: %q", ids)
	}
	// A hidden file is listed, and does not stop the run.
	dir = t.TempDir()
	write(t, filepath.Join(dir, ".DS_Store"), []byte("Bud1"))
	write(t, filepath.Join(dir, "a.txt"), []byte("One document."))
	var skips []string
	err = Strict(Files(nil, dir))(func(Doc) error { return nil }, func(s Skip) error { skips = append(skips, s.Reason); return nil })
	if err != nil || len(skips) != 1 || !strings.HasPrefix(skips[0], "hidden file") {
		t.Errorf("Strict over a hidden file: err %v, skips %q", err, skips)
	}
}

// TestFileNames: a file named ".txt" gets an id; a file name that is not
// UTF-8 is kept recoverable in the id and path, with a note.
func TestFileNames(t *testing.T) {
	dir := t.TempDir()
	dot := filepath.Join(dir, ".txt")
	write(t, dot, []byte("An extension alone."))
	raw := filepath.Join(dir, "caf\xe9.txt")
	write(t, raw, []byte("A Latin-1 file name."))
	docs, _ := read(t, Files(nil, dot, raw))
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	if docs[0].ID != ".txt" {
		t.Errorf("id of .txt: %q", docs[0].ID)
	}
	if d := docs[1]; d.ID != `caf\xe9` || !strings.HasSuffix(d.Path, `caf\xe9.txt`) || !strings.Contains(d.Note, "not UTF-8") {
		t.Errorf("non-UTF-8 name: id %q, path %q, note %q", d.ID, d.Path, d.Note)
	}
}

// TestManySmallDocuments reads 100,000 one-line documents, as JSON Lines
// and as files.
func TestManySmallDocuments(t *testing.T) {
	const n = 100000
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "{\"id\": \"d%d\", \"text\": \"Story number %d about the call.\"}\n", i, i)
	}
	docs, lines := read(t, Files(&b, "-"))
	if len(docs) != n || len(lines) != n {
		t.Fatalf("JSON Lines: %d documents, %d inputs; want %d", len(docs), len(lines), n)
	}
	if testing.Short() {
		return
	}
	dir := t.TempDir()
	const files = 5000
	for i := 0; i < files; i++ {
		write(t, filepath.Join(dir, fmt.Sprintf("%02d/%05d.txt", i%100, i)), []byte(fmt.Sprintf("Story %d.", i)))
	}
	docs, _ = read(t, Files(nil, dir))
	if len(docs) != files {
		t.Errorf("files: %d documents, want %d", len(docs), files)
	}
}

// TestLargeDocument reads a 100 MB document whole.
func TestLargeDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("100 MB, 16 s under -race: run without -short")
	}
	dir := t.TempDir()
	line := []byte("The Kremlin said the CIA tip helped thwart attacks in St. Petersburg.\n")
	big := bytes.Repeat(line, 100<<20/len(line)+1)
	write(t, filepath.Join(dir, "big.txt"), big)
	docs, lines := read(t, Files(nil, dir))
	if len(lines) != 1 || len(docs) != 1 || len(docs[0].Text) != len(big) {
		t.Fatalf("100 MB document: %q", lines)
	}
}

// TestReadMatchesSize: the bytes Open reports reading add up to Size, the
// progress meter's total, for files, .gz files, JSON Lines and HTML pages
// by their content; files of other kinds count in neither; standard input
// has no size.
func TestReadMatchesSize(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	write(t, at("a.txt"), []byte("Putin thanked Trump for a CIA tip."))
	write(t, at("b/c.txt.gz"), gz(t, []byte(strings.Repeat("Compressed text of a story. ", 100))))
	write(t, at("d.jsonl"), []byte(`{"id": "r1", "text": "One."}`+"\n"+`{"id": "r2", "text": "Two."}`+"\n"))
	write(t, at("e.pdf"), []byte("%PDF-1.4 not read"))
	write(t, at("e.php.gz"), gz(t, []byte("<!DOCTYPE html><title>T</title><p>A page by its content, compressed.</p>")))
	single := at("f.dat")
	write(t, single, []byte("A file named on the command line is read whatever its name."))

	size, known := Size(dir, single, at("missing.txt"))
	var n int64
	src := Open([]string{dir, single, at("missing.txt")}, Options{Read: func(k int) { n += int64(k) }})
	docs, _ := read(t, src)
	if !known || size == 0 || n != size {
		t.Errorf("read %d bytes of %d (known %v)", n, size, known)
	}
	if len(docs) != 6 {
		t.Errorf("%d documents, want 6", len(docs))
	}
	if _, known := Size(dir, "-"); known {
		t.Errorf("Size with standard input is known")
	}
	n = 0
	in := "Text on standard input."
	read(t, Open([]string{"-"}, Options{Stdin: strings.NewReader(in), Read: func(k int) { n += int64(k) }}))
	if n != int64(len(in)) {
		t.Errorf("standard input: read %d bytes, want %d", n, len(in))
	}
}

// utf16le returns s in UTF-16, little-endian, with a byte order mark, as
// Windows PowerShell writes files.
func utf16le(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

// gzBytes returns s gzip-compressed.
func gzBytes(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

// TestJSONFiles: a .json file of a JSON array of records, of JSON Lines,
// or of one object over several lines, and JSON Lines in UTF-16 (as
// PowerShell writes them), are read as records; one with none is listed.
func TestJSONFiles(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	write(t, at("a-array.json"), []byte(`[{"id": "a1", "text": "First."}, {"id": "a2", "text": "Second."}]`))
	write(t, at("b-lines.json"), []byte("{\"id\": \"b1\", \"text\": \"One.\"}\n{\"id\": \"b2\", \"text\": \"Two.\"}\n"))
	write(t, at("c-pretty.json"), []byte("{\n  \"id\": \"c1\",\n  \"text\": \"Pretty.\"\n}\n"))
	write(t, at("d-empty.json"), []byte("[]"))
	write(t, at("e-powershell.jsonl"), []byte(utf16le("{\"id\": \"e1\", \"text\": \"Één.\"}\r\n{\"id\": \"e2\", \"text\": \"Twee.\"}\r\n{\"id\": \"e3\", \"text\": \"Drie.\"}\r\n")))
	write(t, at("f-broken.json"), []byte(`[{"id": "f1", "text": "Kept."}, {"id": "f2", "text": ]`))
	docs, got := read(t, Files(nil, dir))
	want := []string{
		"a1 " + at("a-array.json") + "#1",
		"a2 " + at("a-array.json") + "#2",
		"b1 " + at("b-lines.json") + "#1",
		"b2 " + at("b-lines.json") + "#2",
		"c1 " + at("c-pretty.json") + "#1",
		"SKIP " + at("d-empty.json") + ": no records: the file holds no JSON object",
		"e1 " + at("e-powershell.jsonl") + ":1",
		"e2 " + at("e-powershell.jsonl") + ":2",
		"e3 " + at("e-powershell.jsonl") + ":3",
		"f1 " + at("f-broken.json") + "#1",
		"SKIP " + at("f-broken.json") + "#2: not valid JSON: invalid character ']' looking for beginning of value (at byte 52); the rest of the file is not read",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, d := range docs {
		if d.ID == "e1" && string(d.Text) != "Één." {
			t.Errorf("UTF-16 record text %q", d.Text)
		}
	}
}

// TestDecodeLegacy: text in the common legacy encodings is read in them,
// said as a guess; a charset an HTML page declares is honoured; UTF-8
// with a stray byte stays UTF-8, the byte replaced and counted; a forced
// encoding is used whatever the bytes.
func TestDecodeLegacy(t *testing.T) {
	ru := "Президент России Владимир Путин поблагодарил президента США Дональда Трампа за информацию, полученную от ЦРУ, которая помогла предотвратить теракты в Санкт-Петербурге."
	zhT := "俄羅斯總統普京致電美國總統特朗普，感謝中央情報局提供的情報幫助阻止了聖彼得堡的恐怖襲擊。"
	ja := "ロシアのプーチン大統領は、サンクトペテルブルクでのテロ攻撃を阻止するのに役立ったCIAの情報についてトランプ大統領に感謝した。"
	ko := "블라디미르 푸틴 러시아 대통령은 상트페테르부르크에서 테러 공격을 막는 데 도움이 된 CIA 정보에 대해 트럼프 대통령에게 감사를 표했다."
	encode := func(enc encoding.Encoding, s string) []byte {
		b, err := enc.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		name     string
		raw      []byte
		forced   string
		html     bool
		want     string // the text, or for HTML a part of it
		encoding string
		note     string
	}{
		{"windows-1251", encode(charmap.Windows1251, ru), "", false, ru, "windows-1251", "encoding guessed: windows-1251"},
		{"koi8-r", encode(charmap.KOI8R, ru), "", false, ru, "koi8-r", "encoding guessed: koi8-r"},
		{"big5", encode(traditionalchinese.Big5, zhT), "", false, zhT, "big5", "encoding guessed: big5"},
		{"shift-jis", encode(japanese.ShiftJIS, ja), "", false, ja, "shift_jis", "encoding guessed: shift_jis"},
		{"euc-kr", encode(korean.EUCKR, ko), "", false, ko, "euc-kr", "encoding guessed: euc-kr"},
		{"western", []byte("The caf\xE9 owner said \x93thanks\x94 to the na\xEFve reporter \x97 and M\xFCller\x92s r\xE9sum\xE9."), "", false,
			"The café owner said “thanks” to the naïve reporter — and Müller’s résumé.", "windows-1252", "encoding guessed: windows-1252"},
		{"a stray byte", append([]byte(ru+" “"), append([]byte{0xFF}, []byte("” конец.")...)...), "", false,
			ru + " “\uFFFD” конец.", "utf-8", "1 sequence of bytes that are not UTF-8 replaced by U+FFFD"},
		{"meta charset", append([]byte(`<html><head><meta charset="windows-1251"><title>T</title></head><body><p>`), append(encode(charmap.Windows1251, "Путин."), "</p></body></html>"...)...), "", true,
			"Путин.", "windows-1251", "the charset the page declares"},
		{"content-type meta", append([]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><body><p>`), append(encode(charmap.KOI8R, "Путин."), "</p></body></html>"...)...), "", true,
			"Путин.", "koi8-r", "the charset the page declares"},
		{"forced", encode(charmap.Windows1251, "Да"), "cp1251", false, "Да", "windows-1251", "read as cp1251 (--encoding)"},
	} {
		var declared func([]byte) string
		if c.html {
			declared = declaredCharset
		}
		d := decode(c.raw, c.forced, declared)
		if !strings.Contains(string(d.text), c.want) || d.encoding != c.encoding || !strings.Contains(d.note, c.note) {
			t.Errorf("%s: %q, %s, note %q; want %q, %s, %q", c.name, d.text, d.encoding, d.note, c.want, c.encoding, c.note)
		}
	}
}

// TestIDsAfterSameIDs: files read one by one with SameIDs and renamed by
// one IDs in input order give the documents that Walk gives reading them
// together, duplicates across files included (a~2 taken by a record, so
// the second duplicate of a becomes a~3).
func TestIDsAfterSameIDs(t *testing.T) {
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "1.jsonl"), filepath.Join(dir, "2.jsonl")}
	write := func(name string, ids ...string) {
		var b strings.Builder
		for _, id := range ids {
			fmt.Fprintf(&b, `{"id": %q, "text": "Words of the document called %s, long enough to read."}`+"\n", id, id)
		}
		if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(files[0], "a", "b", "a")
	write(files[1], "a~2", "a", "b")
	var together []Doc
	if err := Walk(files, func(d Doc) error { together = append(together, d); return nil }, func(Skip) error { return nil }); err != nil {
		t.Fatal(err)
	}
	var apart []Doc
	var ids IDs
	for _, f := range files {
		err := Open([]string{f}, Options{SameIDs: true})(func(d Doc) error {
			ids.Rename(&d)
			apart = append(apart, d)
			return nil
		}, func(Skip) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
	}
	var got, want []string
	for i := range together {
		want = append(want, together[i].ID+" "+together[i].Note)
	}
	for i := range apart {
		got = append(got, apart[i].ID+" "+apart[i].Note)
	}
	if !slices.Equal(got, want) {
		t.Errorf("apart:\n%q\ntogether:\n%q", got, want)
	}
	if len(want) != 6 || !strings.HasPrefix(want[2], "a~2 ") || !strings.HasPrefix(want[4], "a~3 ") {
		t.Errorf("together: %q, want a, b, a~2, a~2~2, a~3, b~2", want)
	}
}

// TestReadFileAsOpen: ReadFile, given a file's name and a way to open it,
// reads the documents that Open reads from the file of that name: the
// seeds as text, one gzipped, and as JSON Lines. A file that cannot be
// opened is a skip naming it.
func TestReadFileAsOpen(t *testing.T) {
	dir := t.TempDir()
	var names []string
	var lines strings.Builder
	for i, s := range seeds.All() {
		name := filepath.Join(dir, s.Name)
		b := s.Text
		if i == 1 {
			name += ".gz"
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(s.Text)
			zw.Close()
			b = z.Bytes()
		}
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		fmt.Fprintf(&lines, `{"id": %q, "outlet": "o%d", "published": "2017-12-17", "text": %q}`+"\n", s.ID, i, s.Text)
	}
	jsonl := filepath.Join(dir, "seeds.jsonl")
	if err := os.WriteFile(jsonl, []byte(lines.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	names = append(names, jsonl)
	gone := filepath.Join(dir, "gone.txt")
	skips := 0
	err := ReadFile(gone, func() (io.ReadCloser, error) { return os.Open(gone) }, Options{})(
		func(Doc) error { t.Error("a document from no file"); return nil },
		func(s Skip) error {
			skips++
			if s.Path != gone || !strings.Contains(s.Reason, "unreadable") {
				t.Errorf("skip %+v, want %s unreadable", s, gone)
			}
			return nil
		})
	if err != nil || skips != 1 {
		t.Fatalf("%d skips, %v; want one", skips, err)
	}
	for _, name := range names {
		type read struct {
			docs  []Doc
			skips []Skip
		}
		collect := func(src Source) (r read) {
			err := src(func(d Doc) error { r.docs = append(r.docs, d); return nil }, func(s Skip) error { r.skips = append(r.skips, s); return nil })
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		want := collect(Open([]string{name}, Options{}))
		got := collect(ReadFile(name, func() (io.ReadCloser, error) { return os.Open(name) }, Options{}))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ReadFile read %d documents, %v; Open %d, %v", name, len(got.docs), got.skips, len(want.docs), want.skips)
		}
		if len(want.docs)+len(want.skips) == 0 {
			t.Errorf("%s: nothing read", name)
		}
	}
}

// TestStdinStreams: a JSON Lines record on standard input, or a record
// printed over several lines, is delivered before the next one is
// written, as a producer that waits for it (a pipe from a crawler)
// needs, on one worker or several; the reader does not wait for 64 KB,
// or a batch of records, first.
func TestStdinStreams(t *testing.T) {
	for _, pretty := range []bool{false, true} {
		for _, workers := range []int{1, 4} {
			record := func(id string) string {
				if pretty {
					return "{\n  \"id\": \"" + id + "\",\n  \"text\": \"The record " + id + ".\"\n}\n"
				}
				return `{"id": "` + id + `", "text": "The record ` + id + `."}` + "\n"
			}
			pr, pw := io.Pipe()
			delivered := make(chan string, 3)
			go func() {
				io.WriteString(pw, record("r1"))
				for _, id := range []string{"r2", "r3"} {
					select {
					case <-delivered:
						io.WriteString(pw, record(id))
					case <-time.After(10 * time.Second): // a deadlock, not a slow machine
						pw.CloseWithError(errors.New("the record before was not delivered before the next was written"))
						return
					}
				}
				pw.Close()
			}()
			var got []string
			err := Open([]string{"-"}, Options{Stdin: pr, Workers: workers})(func(d Doc) error {
				got = append(got, d.ID)
				delivered <- d.ID
				return nil
			}, func(s Skip) error {
				got = append(got, "SKIP "+s.Reason)
				return nil
			})
			if err != nil || !slices.Equal(got, []string{"r1", "r2", "r3"}) {
				t.Errorf("printed over lines %v, %d workers: read %q (%v), want r1, r2, r3", pretty, workers, got, err)
			}
		}
	}
}

// TestStdinJSONShapes: on standard input, "{" alone on the first line is
// a JSON object printed over several lines (a JSON Feed, a record printed
// by jq), read whole; else JSON Lines, read a line at a time, a malformed
// first line skipped and the next read.
func TestStdinJSONShapes(t *testing.T) {
	feed, err := os.ReadFile("testdata/seeds.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"a JSON Feed", string(feed), []string{"urn:seed:000_b024a780c0f38d2c -#1", "urn:seed:001_051146013a5ae387 -#2",
			"urn:seed:002_1a832fbc3017fa8f -#3", "urn:seed:003_9b0b0d939d8db62d -#4", "urn:seed:004_a95e005c11c08a1e -#5"}},
		{"a record printed by jq", "{\n  \"id\": \"a\",\n  \"text\": \"Putin thanked Trump.\"\n}\n", []string{"a -#1"}},
		{"JSON Lines, the first line malformed", "{\"id\": \"a\", \"text\": \n{\"id\": \"b\", \"text\": \"Putin thanked Trump.\"}\n",
			[]string{"SKIP -:1: not valid JSON: unexpected end of JSON input (at byte 19)", "b -:2"}},
	} {
		_, lines := read(t, Open([]string{"-"}, Options{Stdin: strings.NewReader(tc.in)}))
		if !slices.Equal(lines, tc.want) {
			t.Errorf("%s: read\n%s\nwant\n%s", tc.name, strings.Join(lines, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

// TestFolderIDs: a file's id is its place under the folder walked, a
// folder's index page the folder's own, so that a site saved as folders
// (as a crawler mirrors it) gives each page an id of its own where the
// file names alone gave "index", "index~2", … in walk order; a file at
// the folder's top keeps its name, and two files of one place and name are
// told apart as before.
func TestFolderIDs(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	page := func(title string) []byte {
		return []byte("<html><head><title>" + title + "</title></head><body><p>The text of " + title + ".</p></body></html>")
	}
	write(t, at("2017/12/17/putin-thanks-trump/index.html"), page("Putin thanks Trump"))
	write(t, at("2017/12/18/kremlin-cia/index.html"), page("Kremlin and the CIA"))
	write(t, at("about.txt"), []byte("About this site."))
	write(t, at("ap/Default.htm"), page("AP"))
	write(t, at("ap/story.md"), []byte("A story."))
	write(t, at("ap/story.txt"), []byte("The same name, another file."))
	_, got := readDir(t, dir, Dir(dir))
	want := strings.Join([]string{
		"2017/12/17/putin-thanks-trump 2017/12/17/putin-thanks-trump/index.html",
		"2017/12/18/kremlin-cia 2017/12/18/kremlin-cia/index.html",
		"about about.txt",
		"ap ap/Default.htm",
		"ap/story ap/story.md",
		"ap/story~2 ap/story.txt",
	}, "\n")
	if got != want {
		t.Errorf("read:\n%s\nwant:\n%s", got, want)
	}
	// A file named on the command line is named by its name alone, after
	// a folder too.
	_, got = readDir(t, dir, Dir(at("ap"), at("about.txt")))
	if want := "Default ap/Default.htm\nstory ap/story.md\nstory~2 ap/story.txt\nabout about.txt"; got != want {
		t.Errorf("a folder, then a file named: %q, want %q", got, want)
	}
	// A file read once already, in a folder named or by its name, is
	// listed as read already, not read again under a second id.
	again := "SKIP ap/story.md: " + readAgain
	for _, tc := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"a folder, then a file in it", []string{at("ap"), at("ap/story.md")},
			"Default ap/Default.htm\nstory ap/story.md\nstory~2 ap/story.txt\n" + again},
		{"a file, then its folder", []string{at("ap/story.md"), at("ap")},
			"story ap/story.md\nDefault ap/Default.htm\n" + again + "\nstory~2 ap/story.txt"},
		{"a file twice, by two names", []string{at("ap/story.md"), filepath.Join(dir, "ap", ".", "..", "ap", "story.md")},
			"story ap/story.md\n" + again},
	} {
		if _, got := readDir(t, dir, Dir(tc.paths...)); got != tc.want {
			t.Errorf("%s: read\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}
