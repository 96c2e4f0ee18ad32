package corpus

// ARC files, the Internet Archive's web archives before WARC (1996 to
// about 2009; ARC file format 1.0 and 2.0, .arc and .arc.gz, a gzip
// member a record), as Heritrix and Alexa's crawlers wrote them: a
// record is a header line, "URL IP-address Archive-date Content-type
// Archive-length" (version 1; version 2 has ten fields, the length
// last), then as many bytes, an HTTP response for a page, then a line
// end. The file's first record, at filedesc://, describes the file and
// its version. A URL may hold spaces (a crawler wrote what a page
// linked), so the fields are taken from the line's end. Records are
// read as a WARC file's responses are (warc.go): a page a document, its
// id its URL, its place the file and the record's (or its gzip
// member's) offset.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// arcHead reports whether head, a file's first bytes, begin an ARC file.
func arcHead(head []byte) bool { return bytes.HasPrefix(head, []byte("filedesc://")) }

// arc reads an ARC file from in, compressed as pack says.
func (r *reader) arc(id, path string, in io.Reader, pack string) error {
	return r.archive(&warcReader{r: r, id: id, path: path, assets: map[string]int{}, arc: 1}, in, pack)
}

// arcRecord reads one record of an ARC file from in.
func (w *warcReader) arcRecord(in *offsetReader) (*warcRecord, error) {
	var line []byte
	for {
		part, err := in.br.ReadSlice('\n')
		line = append(line, part...)
		if len(line) > warcHeaderMax {
			return nil, fmt.Errorf("not an ARC record: a header line of more than %s", sizeName(warcHeaderMax))
		}
		if err == nil {
			break
		}
		if err != bufio.ErrBufferFull {
			return nil, errors.New("the file ends inside a record's header line")
		}
	}
	in.n += int64(len(line))
	fields := strings.Fields(string(line))
	if len(fields) < 5 {
		return nil, fmt.Errorf("not an ARC record: its header line is %q", cut(strings.TrimSpace(string(line)), 60))
	}
	n := len(fields)
	length, err := strconv.ParseInt(fields[n-1], 10, 64)
	if err != nil || length < 0 {
		return nil, fmt.Errorf("an ARC record whose length is %q", cut(fields[n-1], 40))
	}
	rec := &warcRecord{typ: "response", length: length}
	url, date, mime := strings.Join(fields[:n-4], " "), fields[n-3], fields[n-2]
	if w.arc == 2 && n >= 10 {
		url, date, mime = strings.Join(fields[:n-9], " "), fields[n-8], fields[n-7]
	}
	rec.uri = url
	if t, err := time.Parse("20060102150405", date); err == nil {
		rec.date = t.UTC().Format(time.RFC3339)
	}
	if err := w.block(in, rec); err != nil {
		return nil, err
	}
	switch {
	case strings.HasPrefix(url, "filedesc://"):
		rec.typ = "warcinfo"
		// Its second line: the version, major and minor, and who made it.
		if lines := bytes.SplitN(rec.block, []byte("\n"), 2); len(lines) > 0 && bytes.HasPrefix(lines[0], []byte("2 ")) {
			w.arc = 2
		}
	case bytes.HasPrefix(rec.block, []byte("HTTP/")) || bytes.HasPrefix(rec.block, []byte("http/")):
		rec.contentType = "application/http; msgtype=response"
	default:
		rec.typ, rec.contentType = "resource", mime
	}
	return rec, nil
}
