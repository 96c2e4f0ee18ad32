package corpus

// A web archive's captures of HTTP responses (warc.go, arc.go): the body
// of a response read out of its record, its transfer and content codings
// undone (httpBody), and whether it is a page, a text or neither
// (pageKind).

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// httpBody is the body of the HTTP response block holds, its transfer
// and content codings undone, with its Content-Type and notes; reason
// says why a response of a page is not one to read (a redirect, an error
// status, a coding not read); err that it cannot be read.
func httpBody(block []byte, limit int64) (body []byte, ctype string, notes []string, reason string, err error) {
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(http1(block))), nil)
	if err != nil {
		return nil, "", nil, "", fmt.Errorf("not a readable HTTP response: %v", err)
	}
	defer resp.Body.Close()
	ctype = resp.Header.Get("Content-Type")
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode >= 300 && resp.StatusCode <= 399 {
			return nil, ctype, nil, fmt.Sprintf("HTTP %s: a redirect to %s", resp.Status, loc), nil
		}
		return nil, ctype, nil, "HTTP " + resp.Status + ": not the page", nil
	}
	body, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil && len(resp.TransferEncoding) > 0 {
		// A crawler that stored the body unchunked but kept the header.
		if i := bytes.Index(block, []byte("\r\n\r\n")); i >= 0 {
			body, err = block[i+4:], nil
			notes = append(notes, "its body is not chunked as its header says: read as it is")
		}
	}
	if err != nil {
		return nil, "", nil, "", fmt.Errorf("the HTTP response's body cannot be read: %v", err)
	}
	coding := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	switch coding {
	case "", "identity":
		return body, ctype, notes, "", nil
	case "gzip", "x-gzip", "deflate", "br", "zstd":
		out, err := uncoded(coding, body, limit)
		if err != nil {
			if pageKind(ctype, body) != "" {
				// Stored decoded, the header kept (not as Common Crawl,
				// which renames it X-Crawler-Content-Encoding).
				return body, ctype, append(notes, "its body is not "+coding+" as its header says: read as it is"), "", nil
			}
			return nil, "", nil, "", fmt.Errorf("the HTTP response's %s body cannot be unpacked: %v", coding, err)
		}
		return out, ctype, notes, "", nil
	}
	return nil, ctype, nil, "its body is coded as " + coding + ", which is not read", nil
}

// http1 is block with its status line's version made HTTP/1.1 where the
// crawler wrote one that Go's reader does not take: "HTTP/2 200" and
// "HTTP/3 200", as crawlers that fetch over HTTP/2 and 3 write them
// (Zeno, gowarc; the WARC specification has no rule for them), and a
// version in lower case.
func http1(block []byte) []byte {
	version, _, ok := bytes.Cut(block[:min(len(block), 16)], []byte(" "))
	if !ok || !bytes.EqualFold(version[:min(len(version), 5)], []byte("HTTP/")) {
		return block
	}
	if v := string(version); v == "HTTP/1.0" || v == "HTTP/1.1" || v == "HTTP/2.0" {
		return block
	}
	return append([]byte("HTTP/1.1"), block[len(version):]...)
}

// uncoded is body with its content coding (gzip, deflate, br, zstd)
// undone, at most limit+1 bytes of it.
func uncoded(coding string, body []byte, limit int64) ([]byte, error) {
	var zr io.Reader
	switch coding {
	case "deflate":
		// RFC 9110's deflate is zlib; some servers send raw deflate.
		z, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			f := flate.NewReader(bytes.NewReader(body))
			defer f.Close()
			zr = f
		} else {
			defer z.Close()
			zr = z
		}
	case "br":
		zr = brotli.NewReader(bytes.NewReader(body))
	case "zstd":
		z, err := zstd.NewReader(bytes.NewReader(body), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(limit)+1))
		if err != nil {
			return nil, err
		}
		defer z.Close()
		zr = z
	default:
		z, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		defer z.Close()
		zr = z
	}
	return io.ReadAll(io.LimitReader(zr, limit+1))
}

// pageKind is "html" or "text" for a body of media type ctype that is a
// page or a text, "" for another (a style sheet, a script, an image); a
// body with no type is a page if it starts as one.
func pageKind(ctype string, body []byte) string {
	switch mediaType(ctype) {
	case "text/html", "application/xhtml+xml":
		return "html"
	case "text/plain":
		if htmlPage(body[:min(len(body), sniffLen)]) {
			return "html" // a page served as text
		}
		return "text"
	case "":
		if htmlPage(body[:min(len(body), sniffLen)]) {
			return "html"
		}
	}
	return ""
}

// mediaType is ctype's media type, lower case, without its parameters.
func mediaType(ctype string) string {
	t, _, _ := strings.Cut(ctype, ";")
	return strings.ToLower(strings.TrimSpace(t))
}
