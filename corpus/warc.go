package corpus

// Web archives: WARC files (ISO 28500, WARC 1.0 and 1.1), as crawlers
// write them: GNU Wget (--warc-file), Heritrix, Browsertrix and pywb,
// Common Crawl (its news crawl, CC-NEWS, and its WET files of extracted
// text), the Internet Archive.
//
// A WARC file is a sequence of records, each a version line ("WARC/1.0"),
// header fields ("WARC-Type: response"), a blank line, a block of exactly
// Content-Length bytes, and two line ends. A .warc.gz compresses each
// record as a gzip member of its own, so that an index (CDX) can give a
// record's offset in the compressed file; a reader that meets several
// records in one member (a file gzipped whole) reads them all.
//
// A record is a document when it holds a page or a text at a web address
// (http, https): a "response" whose block is an HTTP response with a 2xx
// status and an HTML or plain-text body (its chunked transfer coding and
// its gzip, deflate, brotli or zstd content coding undone; the charset its
// Content-Type gives, else the page's own); a "resource" holding such a
// body itself; a "conversion" of text/plain (a WET file's text of a
// page). Its id is the address (WARC-Target-URI), its place the file
// with "@" and the record's offset (its gzip member's in a .warc.gz),
// which `warcio extract` and CDX indexes take; a page's title, outlet,
// address and date are what the page says (html.go), its outlet else the
// address's host without "www.", its address else the record's. The
// time the crawler fetched it (WARC-Date) is not its publication's.
//
// A page fetched again with the same text is skipped, naming the first;
// with another text it is read, with a note, as a feed's items are
// (feed.go). A page of links (a front or section page: LinkPage), a
// revisit record (the crawler's "the same as before"), a redirect, an
// error status and a body coded in a way not read are each skipped with
// the reason; style sheets, scripts, images
// and the other records that hold no page or text are counted by media
// type in one skip of the file. These are listed but are no reason for
// Strict to stop: a crawl holds them by its nature. Bytes where a record
// should start and none does are passed over up to the next record
// (resync), with a skip saying where. A record whose header cannot be
// read, or a file that ends inside one, ends the file's reading with a
// skip saying where.

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// warcHeaderMax is the most bytes a record's header may have.
const warcHeaderMax = 64 << 10

// warcHead reports whether head, a file's first bytes, begin a WARC
// record.
func warcHead(head []byte) bool {
	return bytes.HasPrefix(head, []byte("WARC/")) && len(head) > 5 && head[5] >= '0' && head[5] <= '9'
}

// warcRecord is one record: the header fields read, and its block.
type warcRecord struct {
	typ, uri, date, contentType, truncated string
	refersTo                               string // a revisit's WARC-Refers-To-Target-URI
	offset                                 int64  // where the record (or its gzip member) starts
	length                                 int64  // Content-Length
	block                                  []byte // empty when big
	big                                    bool   // longer than a document may be: not read
}

// warc reads a WARC file from in, compressed as pack says: a .warc.gz
// gzip member by member, a .warc.zst Zstandard frame by frame
// (warc_zstd.go), so that a record's offset is its member's or frame's.
func (r *reader) warc(id, path string, in io.Reader, pack string) error {
	return r.archive(&warcReader{r: r, id: id, path: path, assets: map[string]int{}}, in, pack)
}

// archive reads a web archive, WARC or ARC (w.arc), from in.
func (r *reader) archive(w *warcReader, in io.Reader, pack string) error {
	id, path := w.id, w.path
	var err error
	switch pack {
	case "gzip":
		err = w.members(in)
	case "zstd":
		err = w.frames(in)
	default:
		c := &offsetReader{br: bufio.NewReaderSize(in, 64<<10)}
		err = w.records(c, func() int64 { return c.n })
	}
	var stop *warcStop
	if errors.As(err, &stop) {
		if err := r.skip(Skip{ID: id, Path: fmt.Sprintf("%s@%d", path, stop.offset), Reason: stop.reason + "; the rest of the file is not read"}); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	switch {
	case w.read == 0 && stop == nil:
		return r.skip(Skip{ID: id, Path: path, Reason: "no records: the file is empty"})
	case w.read > 0 && w.about == w.read:
		// Nothing else said of the file: it is in the report all the same.
		return r.skip(Skip{ID: id, Path: path, Reason: fmt.Sprintf("no page or text: its %d %s about the crawl (warcinfo, request, metadata), none a capture", w.read, plural(w.read, "record is", "records are"))})
	}
	if len(w.assets) > 0 {
		return r.skip(Skip{ID: id, Path: path, Hidden: true, Reason: w.assetsReason()})
	}
	return nil
}

// warcReader is the state of one WARC file's reading.
type warcReader struct {
	r        *reader
	id, path string
	read     int            // records read
	about    int            // of these, about the crawl (warcinfo, request, metadata): passed over unsaid
	assets   map[string]int // records that hold no page, by media type or record type
	arc      int            // an ARC file's version (arc.go), 0 for WARC
}

// warcStop ends a file's reading: a record that cannot be read.
type warcStop struct {
	offset int64
	reason string
}

func (e *warcStop) Error() string { return e.reason }

// members reads a .warc.gz member by member; each record's offset is its
// member's, counted in the compressed bytes.
func (w *warcReader) members(in io.Reader) error {
	c := &offsetReader{br: bufio.NewReaderSize(in, 64<<10)}
	zr := new(gzip.Reader)
	for {
		start := c.n
		if err := zr.Reset(c); err == io.EOF {
			return nil
		} else if err != nil {
			return &warcStop{start, "not gzip data: " + err.Error()}
		}
		zr.Multistream(false)
		member := bufio.NewReaderSize(zr, 64<<10)
		if err := w.records(&offsetReader{br: member}, func() int64 { return start }); err != nil {
			return err
		}
	}
}

// offsetReader counts the bytes read through it; as an io.ByteReader,
// gzip reads no further than a member's end.
type offsetReader struct {
	br *bufio.Reader
	n  int64
}

func (o *offsetReader) Read(p []byte) (int, error) {
	n, err := o.br.Read(p)
	o.n += int64(n)
	return n, err
}

func (o *offsetReader) ReadByte() (byte, error) {
	b, err := o.br.ReadByte()
	if err == nil {
		o.n++
	}
	return b, err
}

// records reads the records of in to its end; at gives a record's offset.
func (w *warcReader) records(in *offsetReader, at func() int64) error {
	for {
		// Line ends between records (two are the record's own).
		for {
			b, err := in.br.Peek(1)
			if err != nil {
				if err == io.EOF {
					return nil
				}
				return &warcStop{at(), "unreadable: " + unwrapPathError(err)}
			}
			if b[0] != '\r' && b[0] != '\n' {
				break
			}
			in.ReadByte()
		}
		offset := at()
		read := w.record
		if w.arc > 0 {
			read = w.arcRecord
		} else if head, _ := in.br.Peek(6); !warcHead(head) {
			if err := w.resync(in, offset); err != nil {
				return err
			}
			continue
		}
		rec, err := read(in)
		if err != nil {
			return &warcStop{offset, err.Error()}
		}
		rec.offset = offset
		w.read++
		if err := w.deliver(rec); err != nil {
			return err
		}
	}
}

// resync passes over what is not a record, from offset up to the next
// line that starts one (or the end), and says so: a record before it
// longer than its Content-Length says (a writer's bug, node-warc's among
// them), or records without the blank lines between them. A reader
// that stopped there would lose every record after it.
func (w *warcReader) resync(in *offsetReader, offset int64) error {
	var first []byte
	passed := int64(0)
	for {
		line, err := in.br.ReadSlice('\n')
		if first == nil {
			first = append([]byte{}, bytes.TrimRight(line[:min(len(line), 40)], "\r\n")...)
		}
		passed += int64(len(line))
		in.n += int64(len(line))
		if err != nil && err != bufio.ErrBufferFull {
			break // the end of the file
		}
		if err == nil {
			if head, _ := in.br.Peek(6); warcHead(head) {
				break
			}
		}
	}
	return w.r.skip(Skip{ID: w.id, Path: fmt.Sprintf("%s@%d", w.path, offset),
		Reason: fmt.Sprintf("not a WARC record (it starts %q): %d bytes passed over, up to the next record (the one before it longer than its Content-Length says?)", first, passed)})
}

// record reads one record from in, its block too unless longer than a
// document may be (then passed over, and big).
func (w *warcReader) record(in *offsetReader) (*warcRecord, error) {
	var head []byte
	for len(head) == 0 || !bytes.HasSuffix(head, []byte("\n\n")) && !bytes.HasSuffix(head, []byte("\n\r\n")) {
		line, err := in.br.ReadSlice('\n')
		head = append(head, line...)
		if len(head) > warcHeaderMax {
			return nil, fmt.Errorf("not a WARC record: a header of more than %s", sizeName(warcHeaderMax))
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if len(head) == 0 || err != io.EOF {
				return nil, fmt.Errorf("unreadable: %s", unwrapPathError(err))
			}
			return nil, errors.New("the file ends inside a record's header")
		}
	}
	in.n += int64(len(head))
	lines := strings.Split(strings.TrimRight(string(head), "\r\n"), "\n")
	if !warcHead([]byte(lines[0])) {
		return nil, fmt.Errorf("not a WARC record: it starts %q", cut(lines[0], 40))
	}
	rec := &warcRecord{length: -1}
	for _, l := range lines[1:] {
		name, value, ok := strings.Cut(strings.TrimRight(l, "\r"), ":")
		if !ok {
			continue // a continuation line: no field read here has one
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "warc-type":
			rec.typ = strings.ToLower(value)
		case "warc-target-uri":
			rec.uri = strings.Trim(value, "<>") // WARC 1.0's grammar wrote it so; Wget does
		case "warc-date":
			rec.date = value
		case "content-type":
			rec.contentType = value
		case "warc-truncated":
			rec.truncated = value
		case "warc-refers-to-target-uri":
			rec.refersTo = strings.Trim(value, "<>")
		case "content-length":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("a record whose Content-Length is %q", cut(value, 40))
			}
			rec.length = n
		}
	}
	if rec.length < 0 {
		return nil, errors.New("a record with no Content-Length")
	}
	if err := w.block(in, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// block reads rec's block, rec.length bytes, from in, unless it is
// longer than a document may be (then passed over, and big).
func (w *warcReader) block(in *offsetReader, rec *warcRecord) error {
	if rec.length > w.r.limit() {
		n, err := io.CopyN(io.Discard, in, rec.length)
		if n < rec.length {
			return fmt.Errorf("the file ends inside a record's block (%v)", cmpErr(err))
		}
		rec.big = true
		return nil
	}
	// Grown as the bytes come, not made at the length the header claims.
	var block bytes.Buffer
	if n, err := io.CopyN(&block, in, rec.length); n < rec.length {
		return fmt.Errorf("the file ends inside a record's block (%v)", cmpErr(err))
	}
	rec.block = block.Bytes()
	return nil
}

// cmpErr is err, or io.ErrUnexpectedEOF for none.
func cmpErr(err error) error {
	if err == nil || err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// cut is s, at most n bytes of it, with "..." if cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// deliver reads rec as a document, skips it, or counts it among the
// file's records that hold no page.
func (w *warcReader) deliver(rec *warcRecord) error {
	place := fmt.Sprintf("%s@%d", w.path, rec.offset)
	web := strings.HasPrefix(rec.uri, "http://") || strings.HasPrefix(rec.uri, "https://")
	switch rec.typ {
	case "warcinfo", "request", "metadata":
		w.about++
		return nil // about the crawl, not captures
	case "revisit":
		if !web {
			w.about++
			return nil
		}
		return w.passed(rec.uri, place, fmt.Sprintf("fetched again with the same content (a revisit of %s): not read twice", cmp.Or(rec.refersTo, rec.uri)))
	case "response", "resource", "conversion":
	case "continuation":
		return w.r.skip(Skip{ID: rec.uri, Path: place, Reason: "a continuation record (a segment of a record split across records): not read"})
	default:
		w.assets["a "+cmp.Or(rec.typ, "untyped")+" record"]++
		return nil
	}
	if !web {
		w.assets[cmp.Or(mediaType(rec.contentType), "untyped")+" at "+scheme(rec.uri)]++
		return nil
	}
	if rec.big {
		return w.r.skip(Skip{ID: rec.uri, Path: place, Reason: tooLarge("the record", w.r.limit())})
	}
	body, ctype, reason := rec.block, rec.contentType, ""
	var notes []string
	if rec.typ == "response" && strings.HasPrefix(strings.ToLower(ctype), "application/http") {
		var err error
		body, ctype, notes, reason, err = httpBody(rec.block, w.r.limit())
		if err != nil {
			return w.r.skip(Skip{ID: rec.uri, Path: place, Reason: err.Error()})
		}
		if reason != "" {
			return w.passed(rec.uri, place, reason)
		}
	}
	kind := pageKind(ctype, body)
	if kind == "" {
		w.assets[cmp.Or(mediaType(ctype), "untyped")]++
		return nil
	}
	if int64(len(body)) > w.r.limit() {
		return w.r.skip(Skip{ID: rec.uri, Path: place, Reason: tooLarge("the page", w.r.limit())})
	}
	if rec.truncated != "" {
		notes = append(notes, fmt.Sprintf("the crawler cut the page short (WARC-Truncated: %s)", rec.truncated))
	}
	uri, date := rec.uri, rec.date
	return w.r.run(len(body), func(r *reader) error { return r.warcPage(uri, date, place, kind, ctype, body, notes) })
}

// passed skips a record of a page that a crawl holds by its nature (a
// revisit, a redirect, an error): listed, no reason to stop.
func (w *warcReader) passed(id, place, reason string) error {
	return w.r.skip(Skip{ID: id, Path: place, Reason: reason, Hidden: true})
}

// warcPage delivers the page or text at uri, fetched at date, as a
// document: body, of media type ctype, is a page if kind is "html".
func (r *reader) warcPage(uri, date, place, kind, ctype string, body []byte, notes []string) error {
	d := Doc{ID: uri, Path: place, plain: kind == "text"}
	if reason := binary(body); reason != "" {
		return r.skip(Skip{ID: d.ID, Path: place, Reason: reason})
	}
	charset := ""
	if _, params, err := mime.ParseMediaType(ctype); err == nil && params["charset"] != "" {
		charset, _ = EncodingName(params["charset"])
	}
	declared := func(raw []byte) string {
		if charset != "" {
			return charset
		}
		if kind == "html" {
			return declaredCharset(raw)
		}
		return ""
	}
	dec := decode(body, r.forced, declared)
	text := dec.text
	d.Encoding, d.Note = dec.encoding, joinNote(strings.Join(notes, "; "), dec.note)
	if kind == "html" {
		page := ExtractHTML(text)
		if page.LinkPage() {
			return r.skip(Skip{ID: d.ID, Path: place, Reason: page.linksReason(), Hidden: true})
		}
		text, d.Title, d.Outlet, d.URL = page.Text, page.Title, page.Outlet, page.URL
		d.Published, d.DateOnly = page.Published, page.DateOnly
		d.Note = joinNote(d.Note, page.Note)
	}
	if d.Outlet == "" {
		if u, err := url.Parse(uri); err == nil && u.Hostname() != "" {
			d.Outlet = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		}
	}
	d.URL = cmp.Or(d.URL, uri)
	if d.Published.IsZero() && date != "" {
		d.Note = joinNote(d.Note, "no publication date: the time is unknown (fetched "+date+")")
	}
	d.seen = &seen{key: "warc\x00" + uri, what: "page", hidden: true}
	return r.text(d, text)
}

// scheme is uri's scheme ("metadata", "urn", "dns"), "no address" for
// none.
func scheme(uri string) string {
	if s, _, ok := strings.Cut(uri, ":"); ok && s != "" && !strings.ContainsAny(s, "/ ") {
		return strings.ToLower(s) + ":"
	}
	return "no address"
}

// assetsReason is the reason of the file's skip that counts its records
// that hold no page, most first.
func (w *warcReader) assetsReason() string {
	kinds := make([]string, 0, len(w.assets))
	total := 0
	for k, n := range w.assets {
		kinds = append(kinds, k)
		total += n
	}
	slices.SortFunc(kinds, func(a, b string) int {
		if w.assets[a] != w.assets[b] {
			return w.assets[b] - w.assets[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", w.assets[k], k)
	}
	return fmt.Sprintf("%d %s no page or text, not read: %s", total, plural(total, "record holds", "records hold"), strings.Join(parts, ", "))
}
