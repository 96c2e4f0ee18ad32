// Command makewarc makes testdata/seeds.warc.gz: the five seeds as the
// pages of five news sites, crawled by GNU Wget (1.21.3 made the file
// kept) through an HTTP proxy that this program is, so that each page
// keeps its site's address. From corpus/:
//
//	go run ./testdata/makewarc
//
// It writes testdata/seeds.warc.gz and testdata/seeds.cdx, Wget's own
// index of the records (their offsets in the compressed file), and
// testdata/seeds.warc.zst, the same records as the Zstandard CLI
// (1.5.4 made the file kept) compresses them for a .warc.zst: a
// dictionary trained on them (zstd --train), itself compressed, in a
// skippable frame of magic 0x184D2A5D, then each record a frame of its
// own compressed with it; and testdata/seeds.warc.zst.offsets, each
// frame's offset in that file, a line each, from the sizes zstd wrote.
//
// The pages are served as sites serve them: the AP's with a length and a
// charset in a meta tag; the blog's in Windows-1252, said only in the
// HTTP header, and chunked; the content farm's gzipped; AFP's with no
// charset at all; RFE/RL's with its chrome. Besides them the crawl
// fetches a front page linking to them, a style sheet, an image, a
// redirect and a page that is not there.
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/copydesk/copydesk/internal/seeds"
	"golang.org/x/text/encoding/charmap"
)

// site is how one seed is served.
type site struct {
	host, path, name, title, published string
	serve                              func(w http.ResponseWriter, page []byte)
}

var sites = []site{
	{"apnews.com", "/article/putin-thanks-trump-cia-tip", "AP", "Kremlin says Putin thanked Trump for CIA tip on bombings", "2017-12-17T20:01:00Z", plain("utf-8")},
	{"www.whitehouse-readouts.example", "/2017/12/17/putin-calls-trump/", "Readout Watch", "Putin calls Trump to thank him for CIA help", "2017-12-17T21:30:00-05:00", chunked1252},
	{"dailynewsfeed.example", "/vladimir-putin-thanks-president-trump.html", "Daily News Feed", "Vladimir Putin thanks President Trump to help Central Intelligence Agency in stopping terror", "2017-12-18T06:00:00Z", gzipped},
	{"www.afp.example", "/en/news/putin-thanks-trump-cia", "AFP", "Putin thanks Trump for CIA help in foiling attack", "2017-12-17T19:40:00Z", plain("")},
	{"www.rferl.org", "/a/russia-cia-helped-thwart-terrorist-attack/28922307.html", "RFE/RL", "Kremlin Says CIA Helped Russia Thwart Terrorist Attacks In St. Petersburg", "2017-12-17T18:56:00Z", plain("utf-8")},
}

func page(s site, text []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
	if s.serve == nil || s.host == "apnews.com" {
		b.WriteString("<meta charset=\"utf-8\">\n")
	}
	fmt.Fprintf(&b, "<title>%s | %s</title>\n<meta property=\"og:title\" content=\"%s\">\n<meta property=\"og:site_name\" content=\"%s\">\n<meta property=\"article:published_time\" content=\"%s\">\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n",
		html.EscapeString(s.title), html.EscapeString(s.name), html.EscapeString(s.title), html.EscapeString(s.name), s.published)
	fmt.Fprintf(&b, "<header><nav><a href=\"/\"><img src=\"/logo.png\" alt=\"%s\"></a> <a href=\"/world\">World</a> <a href=\"/politics\">Politics</a></nav></header>\n<article>\n", html.EscapeString(s.name))
	for _, l := range strings.Split(string(text), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(l))
		}
	}
	fmt.Fprintf(&b, "</article>\n<footer><p>&copy; 2017 %s. All rights reserved.</p></footer>\n</body>\n</html>\n", html.EscapeString(s.name))
	return b.Bytes()
}

func plain(charset string) func(http.ResponseWriter, []byte) {
	return func(w http.ResponseWriter, p []byte) {
		ct := "text/html"
		if charset != "" {
			ct += "; charset=" + charset
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Length", fmt.Sprint(len(p)))
		w.Write(p)
	}
}

func chunked1252(w http.ResponseWriter, p []byte) {
	out, err := charmap.Windows1252.NewEncoder().Bytes(p)
	if err != nil {
		log.Fatal(err)
	}
	w.Header().Set("Content-Type", "text/html; charset=windows-1252")
	for len(out) > 0 { // written in pieces, flushed: chunked
		n := min(len(out), 700)
		w.Write(out[:n])
		w.(http.Flusher).Flush()
		out = out[n:]
	}
}

func gzipped(w http.ResponseWriter, p []byte) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(p)
	zw.Close()
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Content-Length", fmt.Sprint(z.Len()))
	w.Write(z.Bytes())
}

// png is a 1×1 transparent PNG.
var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

func main() {
	docs := seeds.All()
	mux := http.NewServeMux()
	var front bytes.Buffer
	front.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Morning links</title></head><body><h1>Morning links</h1><ul>\n")
	for i, s := range sites {
		fmt.Fprintf(&front, "<li><a href=\"http://%s%s\">%s</a></li>\n", s.host, s.path, html.EscapeString(s.title))
		s, text := s, docs[i].Text
		mux.HandleFunc(s.host+s.path, func(w http.ResponseWriter, r *http.Request) { s.serve(w, page(s, text)) })
		mux.HandleFunc(s.host+"/style.css", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, "body { font-family: serif; }\n")
		})
		mux.HandleFunc(s.host+"/logo.png", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
		})
	}
	front.WriteString("<li><a href=\"http://www.rferl.org/a/28922307.html\">Short link</a></li>\n<li><a href=\"http://apnews.com/article/gone\">Gone</a></li>\n</ul></body></html>\n")
	mux.HandleFunc("links.example/", func(w http.ResponseWriter, r *http.Request) { plain("utf-8")(w, front.Bytes()) })
	mux.HandleFunc("www.rferl.org/a/28922307.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, sites[4].path, http.StatusMovedPermanently)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	// A proxy: the request's URL is absolute, its host the site's.
	go http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Host = "" // the mux matches on r.Host
		mux.ServeHTTP(w, r)
	}))
	dir, err := os.MkdirTemp("", "makewarc")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	var domains []string
	for _, s := range sites {
		domains = append(domains, s.host)
	}
	cmd := exec.Command("wget", "--recursive", "--level=1", "--span-hosts", "--page-requisites",
		"--domains=links.example,"+strings.Join(domains, ","), "-e", "robots=off", "-e", "use_proxy=on",
		"-e", "http_proxy=http://"+l.Addr().String(), "--compression=gzip", "--no-verbose",
		"--warc-file=seeds", "--warc-cdx", "--no-warc-keep-log", "--directory-prefix=mirror", "http://links.example/")
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Print(err) // wget exits 8 for the page that is not there
	}
	for _, name := range []string{"seeds.warc.gz", "seeds.cdx"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	warcZstd(dir)
}

// warcZstd writes testdata/seeds.warc.zst and its frames' offsets from
// the records of dir/seeds.warc.gz, a gzip member each.
func warcZstd(dir string) {
	gz, err := os.ReadFile(filepath.Join(dir, "seeds.warc.gz"))
	if err != nil {
		log.Fatal(err)
	}
	in := bytes.NewReader(gz) // an io.ByteReader: gzip reads no further than a member
	var recs []string
	for i := 0; in.Len() > 0; i++ {
		zr, err := gzip.NewReader(in)
		if err != nil {
			log.Fatal(err)
		}
		zr.Multistream(false)
		rec, err := io.ReadAll(zr)
		if err != nil {
			log.Fatal(err)
		}
		name := filepath.Join(dir, fmt.Sprintf("rec%03d.warc", i))
		if err := os.WriteFile(name, rec, 0o644); err != nil {
			log.Fatal(err)
		}
		recs = append(recs, name)
	}
	zstd := func(args ...string) []byte {
		out, err := exec.Command("zstd", args...).Output()
		if err != nil {
			log.Fatalf("zstd %v: %v", args, err)
		}
		return out
	}
	dict := filepath.Join(dir, "dict")
	zstd(append([]string{"-q", "--train", "--maxdict=4096", "-o", dict}, recs...)...)
	packed := zstd("-q", "-19", "-c", dict)
	var out, offsets bytes.Buffer
	out.Write([]byte{0x5D, 0x2A, 0x4D, 0x18, byte(len(packed)), byte(len(packed) >> 8), byte(len(packed) >> 16), byte(len(packed) >> 24)})
	out.Write(packed)
	for _, rec := range recs {
		fmt.Fprintf(&offsets, "%d\n", out.Len())
		out.Write(zstd("-q", "-19", "-D", dict, "-c", rec))
	}
	for name, b := range map[string][]byte{"seeds.warc.zst": out.Bytes(), "seeds.warc.zst.offsets": offsets.Bytes()} {
		if err := os.WriteFile(filepath.Join("testdata", name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
