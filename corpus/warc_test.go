package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// cdxEntry is a record as Wget's CDX index lists it.
type cdxEntry struct {
	url, mime, status, offset string
}

// readCDX reads testdata/seeds.cdx, which Wget wrote beside
// testdata/seeds.warc.gz: each response record's address, media type,
// status and offset in the compressed file.
func readCDX(t *testing.T) []cdxEntry {
	t.Helper()
	f, err := os.Open("testdata/seeds.cdx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []cdxEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 11 || fields[0] == "CDX" {
			continue // the header: " CDX a b a m s k r M V g u"
		}
		out = append(out, cdxEntry{url: fields[0], mime: fields[3], status: fields[4], offset: fields[8]})
	}
	return out
}

// TestWARCSeeds: the five seeds as the pages of five news sites, crawled
// by GNU Wget 1.21.3 into a .warc.gz (testdata/makewarc: served with a
// length, chunked in Windows-1252 said only in the HTTP header, gzipped,
// with no charset, with chrome), read as the seed files are (their
// lines; seed 003's mojibake repaired alike), each with the site's
// title, outlet and time and its address as id, at the offset Wget's own
// CDX index gives. The crawl's front page (a list of links), its
// redirect, its page that is not there, the page fetched again after the
// redirect and its style sheets and images are skipped, saying so, and
// none of these stops a strict reading.
func TestWARCSeeds(t *testing.T) {
	folder, _ := read(t, Files(nil, "../internal/seeds"))
	docs, lines := read(t, Files(nil, "testdata/seeds.warc.gz"))
	var want []string
	seen := map[string]string{}
	assets := 0
	for i, e := range readCDX(t) {
		place := "testdata/seeds.warc.gz@" + e.offset
		switch {
		case i == 0: // the front page
			want = append(want, "SKIP "+place+": a page of links, not an article (a front, section, tag or index page): 7 links hold 94% of its text")
		case e.status == "301":
			want = append(want, "SKIP "+place+": HTTP 301 Moved Permanently: a redirect to /a/russia-cia-helped-thwart-terrorist-attack/28922307.html")
		case e.status == "404":
			want = append(want, "SKIP "+place+": HTTP 404 Not Found: not the page")
		case e.mime != "text/html":
			assets++
		case seen[e.url] != "":
			want = append(want, fmt.Sprintf("SKIP %s: the page %s (%s) read again, the same text", place, e.url, seen[e.url]))
		default:
			seen[e.url] = place
			want = append(want, e.url+" "+place)
		}
	}
	want = append(want, fmt.Sprintf("SKIP testdata/seeds.warc.gz: %d records hold no page or text, not read: 5 image/png, 5 text/css, 1 text/plain at metadata:", assets+1))
	if got := strings.Join(lines, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("read\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	sites := []struct{ outlet, title, published string }{
		{"AP", "Kremlin says Putin thanked Trump for CIA tip on bombings", "2017-12-17T20:01:00Z"},
		{"Readout Watch", "Putin calls Trump to thank him for CIA help", "2017-12-18T02:30:00Z"},
		{"Daily News Feed", "Vladimir Putin thanks President Trump to help Central Intelligence Agency in stopping terror", "2017-12-18T06:00:00Z"},
		{"AFP", "Putin thanks Trump for CIA help in foiling attack", "2017-12-17T19:40:00Z"},
		{"RFE/RL", "Kremlin Says CIA Helped Russia Thwart Terrorist Attacks In St. Petersburg", "2017-12-17T18:56:00Z"},
	}
	if len(docs) != len(sites) {
		t.Fatalf("%d documents", len(docs))
	}
	for i, s := range sites {
		d, seed := docs[i], folder[i]
		if d.Outlet != s.outlet || d.Title != s.title || d.Published.UTC().Format(time.RFC3339) != s.published || d.URL != d.ID {
			t.Errorf("%s: outlet %q, title %q, time %v, url %q; want %q, %q, %s", d.ID, d.Outlet, d.Title, d.Published, d.URL, s.outlet, s.title, s.published)
		}
		if textLines(d.Text) != textLines(seed.Text) || len(d.Repairs) != len(seed.Repairs) {
			t.Errorf("%s: text (%d repairs)\n%s\nwant seed %s's (%d repairs)\n%s", d.ID, len(d.Repairs), d.Text, seed.ID, len(seed.Repairs), seed.Text)
		}
	}
	if d := docs[1]; d.Encoding != "windows-1252" {
		t.Errorf("%s: read as %s, not the windows-1252 its HTTP header declares", d.ID, d.Encoding)
	}
	if err := Strict(Files(nil, "testdata/seeds.warc.gz"))(func(Doc) error { return nil }, func(Skip) error { return nil }); err != nil {
		t.Errorf("strict: %v", err)
	}
}

// warcRecordText is a WARC/1.1 record of type typ at uri, its block
// block, its header's line ends CRLF, with more header lines if any.
func warcRecordText(typ, uri, ctype, block string, more ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2017-12-17T21:00:00Z\r\n", typ, uri)
	for _, m := range more {
		b.WriteString(m + "\r\n")
	}
	fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", ctype, len(block), block)
	return b.String()
}

// httpResponse is an HTTP/1.1 200 response of body with the header lines
// given.
func httpResponse(body string, header ...string) string {
	return "HTTP/1.1 200 OK\r\n" + strings.Join(header, "\r\n") + "\r\n\r\n" + body
}

func gzipString(s string) string { return coded("gzip", s) }

const warcPage = "<html><head><title>Putin thanks Trump</title></head><body><article><p>Russian President Vladimir Putin called U.S. President Donald Trump on Sunday.</p></article></body></html>"

// TestWARCRecords: records as the crawlers that write them shape them,
// each read, skipped or counted as it should be.
func TestWARCRecords(t *testing.T) {
	page := "Russian President Vladimir Putin called U.S. President Donald Trump on Sunday."
	const http = "application/http; msgtype=response"
	tests := []struct {
		name string
		recs []string // the file's records
		want []string // the lines read gives: "id place", "SKIP place: reason"; "@#n" is the nth record's place
		text string   // the first document's text, if any
	}{
		{"Common Crawl: body stored decoded, its codings' headers renamed",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html; charset=UTF-8", "X-Crawler-Content-Encoding: gzip", "X-Crawler-Transfer-Encoding: chunked"),
				"WARC-Identified-Payload-Type: text/html")},
			[]string{"https://apnews.com/a in.warc@#0"}, page},
		{"a WET file: conversions of text/plain",
			[]string{"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n",
				warcRecordText("conversion", "https://apnews.com/a", "text/plain", "Putin thanks Trump\n"+page+"\n", "WARC-Identified-Content-Language: eng")},
			[]string{"https://apnews.com/a in.warc@#1"}, "Putin thanks Trump\n" + page},
		{"Browsertrix: resources of a page and of its text at urn: addresses",
			[]string{warcRecordText("resource", "https://apnews.com/a", "text/html", warcPage),
				warcRecordText("resource", "urn:text:https://apnews.com/a", "text/plain", page),
				warcRecordText("resource", "urn:pageinfo:https://apnews.com/a", "application/json", "{}")},
			[]string{"https://apnews.com/a in.warc@#0", "SKIP in.warc: 2 records hold no page or text, not read: 1 application/json at urn:, 1 text/plain at urn:"}, page},
		{"deflate, as zlib",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse(coded("deflate", warcPage), "Content-Type: text/html", "Content-Encoding: deflate"))},
			[]string{"https://apnews.com/a in.warc@#0"}, page},
		{"gzip said, the body stored decoded",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html", "Content-Encoding: gzip"))},
			[]string{"https://apnews.com/a in.warc@#0"}, page},
		{"brotli and zstd, as browsers ask for them (warcprox stores what they got)",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse(coded("br", warcPage), "Content-Type: text/html", "Content-Encoding: br")),
				warcRecordText("response", "https://apnews.com/b", http, httpResponse(coded("zstd", warcPage), "Content-Type: text/html", "Content-Encoding: zstd"))},
			[]string{"https://apnews.com/a in.warc@#0", "https://apnews.com/b in.warc@#1"}, page},
		{"a coding not read",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse("\x1f\x9d\x90", "Content-Type: text/html", "Content-Encoding: compress"))},
			[]string{"SKIP in.warc@#0: its body is coded as compress, which is not read"}, ""},
		{"chunked said, the body stored unchunked",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html", "Transfer-Encoding: chunked"))},
			[]string{"https://apnews.com/a in.warc@#0"}, page},
		{"no media type: a page by its content",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse("<!DOCTYPE html>"+warcPage))},
			[]string{"https://apnews.com/a in.warc@#0"}, page},
		{"a page fetched twice, the second time changed, and a revisit",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html")),
				warcRecordText("response", "https://apnews.com/a", http, httpResponse(strings.Replace(warcPage, "Sunday", "Sunday morning", 1), "Content-Type: text/html")),
				warcRecordText("revisit", "https://apnews.com/a", http, "HTTP/1.1 200 OK\r\n\r\n", "WARC-Refers-To-Target-URI: <https://apnews.com/a>", "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest")},
			[]string{"https://apnews.com/a in.warc@#0", "https://apnews.com/a~2 in.warc@#1", "SKIP in.warc@#2: fetched again with the same content (a revisit of https://apnews.com/a): not read twice"}, page},
		{"cut short by the crawler",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html"), "WARC-Truncated: length")},
			[]string{"https://apnews.com/a in.warc@#0"}, page},
		{"LF line ends, DNS and a continuation",
			[]string{strings.ReplaceAll(warcRecordText("response", "dns:apnews.com", "text/dns", "20171217210000\napnews.com. 300 IN A 1.2.3.4\n"), "\r\n", "\n"),
				warcRecordText("continuation", "https://apnews.com/a", http, "rest")},
			[]string{"SKIP in.warc@#1: a continuation record (a segment of a record split across records): not read", "SKIP in.warc: 1 record holds no page or text, not read: 1 text/dns at dns:"}, ""},
		{"what is not a record passed over, up to the next (a Content-Length too small)",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html")), "HTTP/1.1 200 OK\r\n\r\nmore\r\n",
				warcRecordText("response", "https://apnews.com/b", http, httpResponse(warcPage, "Content-Type: text/html"))},
			[]string{"https://apnews.com/a in.warc@#0", `SKIP in.warc@#1: not a WARC record (it starts "HTTP/1.1 200 OK"): 25 bytes passed over, up to the next record (the one before it longer than its Content-Length says?)`, "https://apnews.com/b in.warc@#2"}, page},
		{"records without the blank lines between them (ArchiveSpark)",
			[]string{strings.TrimSuffix(warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html")), "\r\n\r\n"),
				warcRecordText("response", "https://apnews.com/b", http, httpResponse(warcPage, "Content-Type: text/html"))},
			[]string{"https://apnews.com/a in.warc@#0", "https://apnews.com/b in.warc@#1"}, page},
		{"HTTP/2 and lower-case status lines (Zeno, gowarc)",
			[]string{warcRecordText("response", "https://apnews.com/a", http, strings.Replace(httpResponse(warcPage, "content-type: text/html"), "HTTP/1.1 200 OK", "HTTP/2 200", 1)),
				warcRecordText("response", "https://apnews.com/b", http, strings.Replace(httpResponse(warcPage, "content-type: text/html"), "HTTP/1.1", "http/1.1", 1))},
			[]string{"https://apnews.com/a in.warc@#0", "https://apnews.com/b in.warc@#1"}, page},
		{"the file ends inside a block",
			[]string{warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html"))[:300]},
			[]string{"SKIP in.warc@#0: the file ends inside a record's block (unexpected EOF); the rest of the file is not read"}, ""},
		{"only records about the crawl: the file is in the report all the same",
			[]string{"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n",
				warcRecordText("request", "https://apnews.com/a", "application/http; msgtype=request", "GET /a HTTP/1.1\r\n\r\n")},
			[]string{"SKIP in.warc: no page or text: its 2 records are about the crawl (warcinfo, request, metadata), none a capture"}, ""},
		{"no Content-Length",
			[]string{"WARC/1.0\r\nWARC-Type: response\r\n\r\n"},
			[]string{"SKIP in.warc@#0: a record with no Content-Length; the rest of the file is not read"}, ""},
		{"an HTTP response that is not one",
			[]string{warcRecordText("response", "https://apnews.com/a", http, "hello")},
			[]string{"SKIP in.warc@#0: not a readable HTTP response: malformed HTTP response \"hello\""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, lines := readWARC(t, "in.warc", []byte(strings.Join(tt.recs, "")))
			want, offset := strings.Join(tt.want, "\n"), 0
			for i, r := range tt.recs {
				want = strings.ReplaceAll(want, fmt.Sprintf("@#%d", i), fmt.Sprintf("@%d", offset))
				offset += len(r)
			}
			if got := strings.Join(lines, "\n"); got != want {
				t.Errorf("read\n%s\nwant\n%s", got, want)
			}
			if tt.text != "" && (len(docs) == 0 || strings.TrimSpace(string(docs[0].Text)) != tt.text) {
				t.Errorf("text %q, want %q", docText(docs), tt.text)
			}
		})
	}
}

func docText(docs []Doc) string {
	if len(docs) == 0 {
		return ""
	}
	return string(docs[0].Text)
}

// coded is s in a coding: "gzip", "deflate" (zlib), "br" or "zstd".
func coded(coding, s string) string {
	var b bytes.Buffer
	var w io.WriteCloser
	switch coding {
	case "gzip":
		w = gzip.NewWriter(&b)
	case "deflate":
		w = zlib.NewWriter(&b)
	case "br":
		w = brotli.NewWriter(&b)
	case "zstd":
		w, _ = zstd.NewWriter(&b)
	}
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// readWARC is what the reader of a WARC file gives for raw, named name.
func readWARC(t *testing.T, name string, raw []byte) ([]Doc, []string) {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, name), raw)
	docs, lines := readDir(t, dir, Files(nil, filepath.Join(dir, name)))
	return docs, strings.Split(lines, "\n")
}

// TestWARCNotes: what a document read from a WARC record says of it.
func TestWARCNotes(t *testing.T) {
	const http = "application/http; msgtype=response"
	raw := warcRecordText("response", "https://www.apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html")) +
		warcRecordText("response", "https://www.apnews.com/a", http, httpResponse(strings.Replace(warcPage, "Sunday", "Monday", 1), "Content-Type: text/html"), "WARC-Truncated: time")
	docs, _ := readWARC(t, "in.warc", []byte(raw))
	if len(docs) != 2 {
		t.Fatalf("%d documents", len(docs))
	}
	if d := docs[0]; d.Outlet != "apnews.com" || d.URL != "https://www.apnews.com/a" || d.Title != "Putin thanks Trump" || d.Note != "no publication date: the time is unknown (fetched 2017-12-17T21:00:00Z)" {
		t.Errorf("first: outlet %q, url %q, title %q, note %q", d.Outlet, d.URL, d.Title, d.Note)
	}
	if d := docs[1]; !strings.Contains(d.Note, "the crawler cut the page short (WARC-Truncated: time)") || !strings.Contains(d.Note, "a new version of the page https://www.apnews.com/a (") {
		t.Errorf("second: note %q", d.Note)
	}
}

// TestWARCCompressed: a .warc.gz of a member a record, and one gzipped
// whole (several records in one member), give the records of the plain
// file; a record's place is its member's offset.
func TestWARCCompressed(t *testing.T) {
	const http = "application/http; msgtype=response"
	recs := []string{
		warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html")),
		warcRecordText("response", "https://apnews.com/b", http, httpResponse(strings.Replace(warcPage, "Sunday", "Monday", 1), "Content-Type: text/html")),
	}
	members := gzipString(recs[0]) + gzipString(recs[1])
	_, lines := readWARC(t, "m.warc.gz", []byte(members))
	want := fmt.Sprintf("https://apnews.com/a m.warc.gz@0\nhttps://apnews.com/b m.warc.gz@%d", len(gzipString(recs[0])))
	if got := strings.Join(lines, "\n"); got != want {
		t.Errorf("members: read\n%s\nwant\n%s", got, want)
	}
	_, lines = readWARC(t, "w.warc.gz", []byte(gzipString(recs[0]+recs[1])))
	if got := strings.Join(lines, "\n"); got != "https://apnews.com/a w.warc.gz@0\nhttps://apnews.com/b w.warc.gz@0" {
		t.Errorf("gzipped whole: read\n%s", got)
	}
	_, lines = readWARC(t, "crawl-00001", []byte(recs[0]+recs[1]))
	if got := strings.Join(lines, "\n"); !strings.HasPrefix(got, "https://apnews.com/a crawl-00001@0\n") {
		t.Errorf("no extension: read\n%s", got)
	}
	_, lines = readWARC(t, "broken.warc.gz", []byte(members[:len(members)-30]))
	if got := strings.Join(lines, "\n"); !strings.HasPrefix(got, "https://apnews.com/a broken.warc.gz@0\nSKIP broken.warc.gz@") {
		t.Errorf("cut short: read\n%s", got)
	}
}

// FuzzWARC: any bytes read as a WARC file give documents of valid UTF-8
// at a place in the file, or skips with a reason, and never panic.
func FuzzWARC(f *testing.F) {
	f.Add([]byte(warcRecordText("response", "https://a.example/", "application/http", httpResponse(warcPage, "Content-Type: text/html", "Transfer-Encoding: chunked"))))
	f.Add([]byte(warcRecordText("conversion", "https://a.example/", "text/plain", "text") + "WARC/1.0\r\nContent-Length: 99999\r\n\r\n"))
	f.Add([]byte(gzipString(warcRecordText("resource", "http://a.example/", "text/html", warcPage))))
	f.Add([]byte(coded("zstd", warcRecordText("resource", "http://a.example/", "text/html", warcPage))))
	f.Add([]byte("filedesc://a.arc 0.0.0.0 20040925000741 text/plain 4\n1 1 \n\n" + arcRecordText("http://a.example/ b", "text/html", "HTTP/1.0 200 OK\n\n"+warcPage)))
	if zst, err := os.ReadFile("testdata/seeds.warc.zst"); err == nil {
		f.Add(zst[:4096]) // its dictionary's frame, and the records after it
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := reader{max: 1 << 20, doc: func(d Doc) error {
			if !utf8.Valid(d.Text) || !strings.HasPrefix(d.Path, "in.warc@") || d.ID == "" {
				t.Fatalf("document %q at %q: invalid text, place or id", d.ID, d.Path)
			}
			return nil
		}, skip: func(s Skip) error {
			if s.Reason == "" || !strings.HasPrefix(s.Path, "in.warc") {
				t.Fatalf("skip %+v", s)
			}
			return nil
		}}
		pack := ""
		if len(raw) > 2 && raw[0] == 0x1f && raw[1] == 0x8b {
			pack = "gzip"
		} else if zstdMagic(raw) {
			pack = "zstd"
		}
		read := r.warc
		if arcHead(raw) {
			read = r.arc
		}
		if err := read("in", "in.warc", bytes.NewReader(raw), pack); err != nil {
			t.Fatal(err)
		}
	})
}

// TestWARCLimits: a record longer than a document may be is skipped,
// saying so, and the records after it are read; an empty one is a page
// with no text.
func TestWARCLimits(t *testing.T) {
	const http = "application/http; msgtype=response"
	big := warcRecordText("response", "https://apnews.com/big", http, httpResponse(strings.Repeat("<p>Putin thanks Trump.</p>\n", 100), "Content-Type: text/html"))
	empty := warcRecordText("resource", "https://apnews.com/empty", "text/html", "")
	small := warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html"))
	dir := t.TempDir()
	write(t, filepath.Join(dir, "in.warc"), []byte(big+empty+small))
	_, lines := readDir(t, dir, Open([]string{filepath.Join(dir, "in.warc")}, Options{MaxBytes: 1024}))
	want := fmt.Sprintf("SKIP in.warc@0: too large: the record has more than the 1 KiB a document may have (Options.MaxBytes)\nSKIP in.warc@%d: no text (empty or white space only)\nhttps://apnews.com/a in.warc@%d", len(big), len(big)+len(empty))
	if lines != want {
		t.Errorf("read\n%s\nwant\n%s", lines, want)
	}
}

// TestWARCZstd: the seeds' crawl as a .warc.zst the Zstandard CLI wrote
// (testdata/makewarc: a trained dictionary, compressed, in a skippable
// frame, then a frame a record) reads as its .warc.gz does, each record
// at the offset of its frame; so does the same file named otherwise, and
// on standard input. A .warc.zst without a dictionary and JSON Lines in
// zstd are read too; a frame cut short ends the reading, saying where.
func TestWARCZstd(t *testing.T) {
	// The nth gzip member of the .warc.gz is the nth frame of the .warc.zst.
	gz, err := os.ReadFile("testdata/seeds.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("testdata/seeds.warc.zst.offsets")
	if err != nil {
		t.Fatal(err)
	}
	frames := strings.Fields(string(raw))
	places := map[string]string{}
	in := bytes.NewReader(gz)
	for i := 0; in.Len() > 0; i++ {
		at := len(gz) - in.Len()
		zr, err := gzip.NewReader(in)
		if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil || i >= len(frames) {
			t.Fatalf("member %d: %v, %d frames", i, err, len(frames))
		}
		places[fmt.Sprintf("testdata/seeds.warc.gz@%d", at)] = "testdata/seeds.warc.zst@" + frames[i]
	}
	_, fromGz := read(t, Files(nil, "testdata/seeds.warc.gz"))
	var want []string
	for _, l := range fromGz {
		l = strings.ReplaceAll(l, "testdata/seeds.warc.gz:", "testdata/seeds.warc.zst:")
		for gzPlace, zstPlace := range places {
			l = strings.ReplaceAll(l, gzPlace+":", zstPlace+":")
			l = strings.ReplaceAll(l, gzPlace+")", zstPlace+")")
			if strings.HasSuffix(l, " "+gzPlace) {
				l = strings.TrimSuffix(l, gzPlace) + zstPlace
			}
		}
		want = append(want, l)
	}
	_, got := read(t, Files(nil, "testdata/seeds.warc.zst"))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("read\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	zst, err := os.ReadFile("testdata/seeds.warc.zst")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"crawl-00001.zst", "crawl-00001"} {
		_, got = readWARC(t, name, zst)
		if w := strings.ReplaceAll(strings.Join(want, "\n"), "testdata/seeds.warc.zst", name); strings.Join(got, "\n") != w {
			t.Errorf("named %s: read\n%s\nwant\n%s", name, strings.Join(got, "\n"), w)
		}
	}
	_, got = read(t, Files(bytes.NewReader(zst), "-"))
	if w := strings.ReplaceAll(strings.Join(want, "\n"), "testdata/seeds.warc.zst", "-"); strings.Join(got, "\n") != w {
		t.Errorf("on standard input: read\n%s\nwant\n%s", strings.Join(got, "\n"), w)
	}

	const http = "application/http; msgtype=response"
	recs := []string{
		warcRecordText("response", "https://apnews.com/a", http, httpResponse(warcPage, "Content-Type: text/html")),
		warcRecordText("response", "https://apnews.com/b", http, httpResponse(strings.Replace(warcPage, "Sunday", "Monday", 1), "Content-Type: text/html")),
	}
	first := coded("zstd", recs[0])
	plain := first + coded("zstd", recs[1])
	_, got = readWARC(t, "plain.warc.zst", []byte(plain))
	if w := fmt.Sprintf("https://apnews.com/a plain.warc.zst@0\nhttps://apnews.com/b plain.warc.zst@%d", len(first)); strings.Join(got, "\n") != w {
		t.Errorf("no dictionary: read\n%s\nwant\n%s", strings.Join(got, "\n"), w)
	}
	_, got = readWARC(t, "cut.warc.zst", []byte(plain[:len(plain)-20]))
	if w := fmt.Sprintf("https://apnews.com/a cut.warc.zst@0\nSKIP cut.warc.zst@%d: not Zstandard data: unexpected EOF; the rest of the file is not read", len(first)); strings.Join(got, "\n") != w {
		t.Errorf("cut short: read\n%s\nwant\n%s", strings.Join(got, "\n"), w)
	}
	_, got = readWARC(t, "records.jsonl.zst", []byte(coded("zstd", `{"id": "r1", "text": "Putin thanks Trump."}`+"\n")))
	if strings.Join(got, "\n") != "r1 records.jsonl.zst:1" {
		t.Errorf("JSON Lines: read\n%s", strings.Join(got, "\n"))
	}
	_, got = readWARC(t, "bad.jsonl.zst", []byte(`{"id": "r1"}`))
	if strings.Join(got, "\n") != "SKIP bad.jsonl.zst: not Zstandard data: no Zstandard frame at its start" {
		t.Errorf("not zstd: read\n%s", strings.Join(got, "\n"))
	}
}

// arcRecordText is an ARC record (version 1) of url fetched at date, of
// media type mime, its block block.
func arcRecordText(url, mime, block string) string {
	return fmt.Sprintf("%s 65.36.164.67 20040925001013 %s %d\n%s\n", url, mime, len(block), block)
}

// TestARC: the Internet Archive's ARC files, in the layout of Heritrix
// 1.0's (warcio's test file space-in-url.arc: a filedesc:// record of
// XML metadata, an error page at a URL with spaces, a page), read as a
// WARC file's responses are, plain and a gzip member a record; a DNS
// record is no page.
func TestARC(t *testing.T) {
	filedesc := "1 1 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<arcmetadata><dc:format>ARC file version 1.1</dc:format></arcmetadata>\n"
	recs := []string{
		"filedesc://E04-CRAWL-51-20040925000741-00424-crawling001.archive.org.arc 0.0.0.0 20040925000741 text/plain " + fmt.Sprint(len(filedesc)) + "\n" + filedesc + "\n",
		arcRecordText("http://www.melforsenate.org/index.cfm?FuseAction=Home.Email&EmailTitle=Martinez Targets Castor Backer&IsPopUp=True", "text/html",
			"HTTP/1.1 400 Bad Request\nContent-Type: text/html\nDate: Sat, 25 Sep 2004 00:12:16 GMT\nConnection: close\nContent-Length: 20\n\n<h1>Bad Request</h1>"),
		arcRecordText("dns:www.wyomingdemocrats.com", "text/dns", "20040925001013\nwww.wyomingdemocrats.com.\t3600\tIN\tA\t66.220.28.232"),
		arcRecordText("http://www.wyomingdemocrats.com/index.php?display=News&id=24100", "text/html",
			"HTTP/1.1 200 OK\nDate: Sat, 25 Sep 2004 00:10:03 GMT\nContent-Type: text/html\n\n"+warcPage),
	}
	var plain, members strings.Builder
	var at, gzAt []int
	for _, r := range recs {
		at, gzAt = append(at, plain.Len()), append(gzAt, members.Len())
		plain.WriteString(r)
		members.WriteString(gzipString(r))
	}
	for _, f := range []struct {
		name, raw string
		at        []int
	}{{"crawl.arc", plain.String(), at}, {"crawl.arc.gz", members.String(), gzAt}, {"crawl-00424", plain.String(), at}} {
		docs, lines := readWARC(t, f.name, []byte(f.raw))
		want := fmt.Sprintf("SKIP %[1]s@%[2]d: HTTP 400 Bad Request: not the page\nhttp://www.wyomingdemocrats.com/index.php?display=News&id=24100 %[1]s@%[3]d\nSKIP %[1]s: 1 record holds no page or text, not read: 1 text/dns at dns:", f.name, f.at[1], f.at[3])
		if got := strings.Join(lines, "\n"); got != want {
			t.Errorf("%s: read\n%s\nwant\n%s", f.name, got, want)
			continue
		}
		if d := docs[0]; string(d.Text) != "Russian President Vladimir Putin called U.S. President Donald Trump on Sunday." || d.Note != "no publication date: the time is unknown (fetched 2004-09-25T00:10:13Z)" || d.Outlet != "wyomingdemocrats.com" {
			t.Errorf("%s: text %q, note %q, outlet %q", f.name, d.Text, d.Note, d.Outlet)
		}
	}
}

// TestPackedByContent: a file compressed whatever its name says is read
// as what is inside: a crawler's page named by its URL and gzipped, in a
// folder; a text named .txt and gzipped; a WARC in Zstandard with no
// extension, named on the command line.
func TestPackedByContent(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "site", "story.php?id=17"), []byte(gzipString(warcPage)))
	write(t, filepath.Join(dir, "site", "note.txt"), []byte(gzipString("Putin thanks Trump.\n")))
	docs, lines := readDir(t, dir, Files(nil, filepath.Join(dir, "site")))
	if want := "note site/note.txt\nstory.php?id=17 site/story.php?id=17"; lines != want || docs[0].Note != "unpacked: the file is gzip-compressed, whatever its name says" || string(docs[1].Text) != "Russian President Vladimir Putin called U.S. President Donald Trump on Sunday." {
		t.Errorf("read\n%s\nwant\n%s\nnotes %q, %q", lines, want, docs[0].Note, docs[1].Note)
	}
}
