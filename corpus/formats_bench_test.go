package corpus_test

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
)

// BenchmarkFormats reads the same 2,000 generated news articles written
// in each input format this package reads: a JSON Lines file, a CSV
// table, an mbox of messages (quoted-printable), an RSS feed (each item's
// content the article's HTML), a folder of HTML pages
// named .html and the same named by their URLs (story.php?id=N, an
// extension read by the content: each file opened twice), a folder of
// text files, the JSON Lines gzip-compressed, and the pages as a
// crawler's .warc.gz. It reports documents a second, the time a document,
// and the bytes read a document: what reading costs before any analysis;
// each on one worker and on GOMAXPROCS (Options.Workers), with the rate
// against one worker's.
func BenchmarkFormats(b *testing.B) {
	docs := benchmarks.NewGenerator(3).NewsCorpus(2000)
	dir := b.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		return path
	}
	var jsonl, table, mbox, feed bytes.Buffer
	feed.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>News</title><link>https://example.com/</link>` + "\n")
	cw := csv.NewWriter(&table)
	cw.Write([]string{"id", "outlet", "title", "text"})
	for i, d := range docs {
		line, _ := json.Marshal(map[string]string{"id": d.ID, "outlet": d.Outlet, "title": d.Title, "text": string(d.Text)})
		jsonl.Write(append(line, '\n'))
		cw.Write([]string{d.ID, d.Outlet, d.Title, string(d.Text)})
		fmt.Fprintf(&mbox, "From news@example.com Sun Dec 17 20:01:00 2017\nFrom: %s <news@example.com>\nSubject: %s\nMessage-ID: <%d@example.com>\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n\n",
			d.Outlet, d.Title, i, quotedPrintable(d.Text))
		var page strings.Builder
		fmt.Fprintf(&page, "<!DOCTYPE html><html><head><title>%s</title></head><body><nav>Home News</nav><article>", html.EscapeString(d.Title))
		for _, p := range strings.Split(string(d.Text), "\n") {
			fmt.Fprintf(&page, "<p>%s</p>\n", html.EscapeString(p))
		}
		page.WriteString("</article></body></html>\n")
		fmt.Fprintf(&feed, "<item><title>%s</title><guid>https://example.com/%s</guid><pubDate>Sun, 17 Dec 2017 20:01:00 GMT</pubDate><content:encoded><![CDATA[%s]]></content:encoded></item>\n",
			html.EscapeString(d.Title), d.ID, strings.ReplaceAll(page.String()[strings.Index(page.String(), "<article>"):], "]]>", "]]&gt;"))
		write(fmt.Sprintf("pages/story.php?id=%s", d.ID), []byte(page.String()))
		write(fmt.Sprintf("html/%s.html", d.ID), []byte(page.String()))
		write(fmt.Sprintf("texts/%s.txt", d.ID), d.Text)
	}
	cw.Flush()
	var warc bytes.Buffer // the pages as a crawler's .warc.gz: a gzip member a record
	for i, d := range docs {
		page, _ := os.ReadFile(filepath.Join(dir, "html", d.ID+".html"))
		block := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s", len(page), page)
		var rec bytes.Buffer
		zw := gzip.NewWriter(&rec)
		fmt.Fprintf(zw, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/%d\r\nWARC-Date: 2017-12-17T20:01:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", i, len(block), block)
		zw.Close()
		warc.Write(rec.Bytes())
	}
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(jsonl.Bytes())
	zw.Close()
	one := map[string]float64{} // docs/s on one worker, by format
	for _, f := range []struct{ name, path string }{
		{"jsonl", write("docs.jsonl", jsonl.Bytes())},
		{"csv", write("docs.csv", table.Bytes())},
		{"mbox", write("docs.mbox", mbox.Bytes())},
		{"feed", write("docs.rss", append(feed.Bytes(), "</channel></rss>\n"...))},
		{"html", filepath.Join(dir, "html")},
		{"html-by-content", filepath.Join(dir, "pages")},
		{"text", filepath.Join(dir, "texts")},
		{"jsonl-gzip", write("docs.jsonl.gz", zipped.Bytes())},
		{"warc-gzip", write("docs.warc.gz", warc.Bytes())},
	} {
		for _, workers := range workerCounts() {
			b.Run(fmt.Sprintf("%s/workers=%d", f.name, workers), func(b *testing.B) {
				size, _ := corpus.Size(f.path)
				b.SetBytes(size)
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					n = 0
					err := corpus.Open([]string{f.path}, corpus.Options{Workers: workers})(func(d corpus.Doc) error { n++; return nil },
						func(s corpus.Skip) error { return fmt.Errorf("%s: %s", s.Path, s.Reason) })
					if err != nil {
						b.Fatal(err)
					}
				}
				if n != len(docs) {
					b.Fatalf("%d documents of %d", n, len(docs))
				}
				rate := float64(len(docs)*b.N) / b.Elapsed().Seconds()
				b.ReportMetric(rate, "docs/s")
				b.ReportMetric(float64(size)/float64(len(docs)), "file-B/doc")
				if workers == 1 {
					one[f.name] = rate
				} else if one[f.name] > 0 {
					b.ReportMetric(rate/one[f.name], "x-one-worker")
				}
			})
		}
	}
}

// workerCounts is 1 and GOMAXPROCS, if more.
func workerCounts() []int {
	if n := runtime.GOMAXPROCS(0); n > 1 {
		return []int{1, n}
	}
	return []int{1}
}

// quotedPrintable is text in quoted-printable, lines cut at 76.
func quotedPrintable(text []byte) string {
	var out strings.Builder
	for _, line := range strings.Split(string(text), "\n") {
		n := 0
		for i := 0; i < len(line); i++ {
			c := line[i]
			enc := string(c)
			if c == '=' || c >= 0x80 {
				enc = fmt.Sprintf("=%02X", c)
			}
			if n+len(enc) > 75 {
				out.WriteString("=\n")
				n = 0
			}
			out.WriteString(enc)
			n += len(enc)
		}
		out.WriteString("\n")
	}
	return out.String()
}
