package corpus

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"unicode/utf8"
)

// E-mail.
//
// A message in the Internet Message Format (RFC 5322: a .eml file, a
// maildir's or an MH folder's file, a Usenet article) is one document.
// Its text is what a mail reader shows of its body (partText): of
// alternatives the text/plain one, else the HTML one's main text
// (html.go); of a mixed body its parts that are not attachments, in
// order, a forwarded message's among them; quoted-printable and base64
// undone and each part's charset decoded (RFC 2045, 2046); its title is the Subject, its encoded words decoded
// (RFC 2047); its publication time the Date; its outlet its From
// address, so that a sender's signature is its furniture and a campaign
// sent from many addresses reaches many outlets; its URL mid: and its
// Message-ID (RFC 2392). The header is not text: its routing lines are
// no one's words.
//
// An mbox (RFC 4155: a .mbox file, or a file that starts with a "From "
// line above a message's header, as /var/mail/user does) holds a message
// after each "From " line that starts the file or follows a blank line;
// a body's lines that start with ">From " lose one ">" (mboxrd). It is
// read a message at a time; the nth message's id is the file's with
// "#n", its place the file and the line of its "From " line.
//
// A web page a browser saved as one file (MHTML, RFC 2557: .mht, .mhtml,
// Chrome's "Webpage, single file") is a message whose From is "<Saved by
// ...>": its document is the page's, its title, site, address and date
// the page's own (html.go), not the message's Date, which is when it was
// saved.
//
// A file is taken for a message by its content only if its first lines
// are header fields, up to a blank line or the bytes sniffed, and among
// them From and one of Date, Subject, Message-ID, To, Received,
// MIME-Version and Content-Type, or MIME-Version and Content-Type both (a
// MIME message saved without its sender, as Python's test messages are):
// a Debian copyright file's "Format:" and "Upstream-Name:" fields stay
// text.

// messageHead reports whether b, a file's first bytes, begin a message's
// header.
func messageHead(b []byte) bool {
	from, other, version, ctype := false, false, false, false
	head := func() bool { return from && other || version && ctype }
	for first := true; len(b) > 0; first = false {
		line, rest, whole := bytes.Cut(b, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case len(line) == 0:
			return head()
		case line[0] == ' ' || line[0] == '\t': // a field folded
			if first {
				return false
			}
		default:
			name, _, ok := bytes.Cut(line, []byte(":"))
			if !ok || !fieldName(name) {
				return !whole && head() // a name cut short by the bytes sniffed
			}
			switch n := strings.ToLower(string(name)); n {
			case "from":
				from = true
			case "date", "subject", "message-id", "to", "received", "mime-version", "content-type":
				other = true
				version = version || n == "mime-version"
				ctype = ctype || n == "content-type"
			}
		}
		b = rest
	}
	return head()
}

// fieldName reports whether b is a header field's name (RFC 5322 2.2):
// printable ASCII but the colon.
func fieldName(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c > '~' || c == ':' {
			return false
		}
	}
	return len(b) > 0
}

// mboxHead reports whether b, a file's first bytes, begin an mbox: a
// "From " line, then a message's header.
func mboxHead(b []byte) bool {
	line, rest, ok := bytes.Cut(b, []byte("\n"))
	return ok && bytes.HasPrefix(line, []byte("From ")) && messageHead(rest)
}

// mbox reads the messages of an mbox file whose id is id.
func (r *reader) mbox(path, id string, in io.Reader) error {
	br := bufio.NewReaderSize(in, 64<<10)
	var msg []byte
	big := false     // the current message has more than r.limit() bytes: not kept
	n, start := 0, 0 // messages read, and the line the current one starts at
	flush := func() error {
		if start == 0 {
			return nil
		}
		n++
		if big {
			msg, big = nil, false
			return r.skip(Skip{ID: fmt.Sprintf("%s#%d", id, n), Path: fmt.Sprintf("%s:%d", path, start), Reason: tooLarge("the message", r.limit())})
		}
		// The blank line before the next "From " line is the
		// separator's, not the message's.
		if bytes.HasSuffix(msg, []byte("\n\n")) || bytes.HasSuffix(msg, []byte("\n\r\n")) {
			msg = msg[:bytes.LastIndexByte(msg[:len(msg)-1], '\n')+1]
		}
		mid, where, raw := fmt.Sprintf("%s#%d", id, n), fmt.Sprintf("%s:%d", path, start), msg
		err := r.run(len(raw), func(r *reader) error { return r.message(mid, where, raw) })
		msg = nil // delivered: the document may hold it
		return err
	}
	blank := true // the line before was blank, or there was none
	for line := 1; ; line++ {
		b, long, err := readLine(br, r.limit())
		if err != nil && err != io.EOF {
			if err := flush(); err != nil {
				return err
			}
			return r.skip(Skip{ID: id, Path: fmt.Sprintf("%s:%d", path, line), Reason: "unreadable: " + unwrapPathError(err) + "; the rest of the file is not read"})
		}
		switch {
		case blank && bytes.HasPrefix(b, []byte("From ")):
			if err := flush(); err != nil {
				return err
			}
			start = line
		case start > 0:
			if q := bytes.TrimLeft(b, ">"); len(q) < len(b) && bytes.HasPrefix(q, []byte("From ")) {
				b = b[1:] // mboxrd: ">From " was "From "
			}
			if big = big || long || int64(len(msg)+len(b)) > r.limit(); big {
				msg = nil
			} else {
				msg = append(msg, b...)
			}
		case long || len(bytes.TrimSpace(b)) > 0:
			// Text before the first "From " line: no message's.
			return r.skip(Skip{ID: id, Path: fmt.Sprintf("%s:%d", path, line), Reason: `not an mbox: the file does not start with a "From " line`})
		}
		blank = !long && len(bytes.TrimRight(b, "\r\n")) == 0
		if err == io.EOF || len(b) == 0 && !long {
			break
		}
	}
	if start == 0 {
		return r.skip(Skip{ID: id, Path: path, Reason: `no messages: no "From " line starts one`})
	}
	return flush()
}

// message delivers the message raw as a document, or skips it.
func (r *reader) message(id, path string, raw []byte) error {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return r.skip(Skip{ID: id, Path: path, Reason: "not a readable message: " + err.Error()})
	}
	d := Doc{ID: id, Path: path, Outlet: sender(m.Header.Get("From"))}
	if mid := strings.Trim(strings.TrimSpace(m.Header.Get("Message-Id")), "<>"); mid != "" {
		d.URL = "mid:" + mid
	}
	saved := savedPage(m.Header)
	if m.Header.Get("Date") != "" && !saved {
		if t, note, err := mailDate(m.Header.Get("Date")); err == nil {
			d.Published, d.Note = t, joinNote(d.Note, note)
		} else {
			d.Note = joinNote(d.Note, fmt.Sprintf("its Date %q cannot be read: the time is unknown", m.Header.Get("Date")))
		}
	}
	b, err := r.partText(textproto.MIMEHeader(m.Header), m.Body, 0, "text/plain") // RFC 2045 5.2
	switch {
	case err != nil:
		return r.skip(Skip{ID: id, Path: path, Reason: "the message's body cannot be read: " + err.Error()})
	case !b.found && b.deep:
		return r.skip(Skip{ID: id, Path: path, Reason: fmt.Sprintf("the message has no text part in the %d levels of nested parts read", maxParts)})
	case !b.found:
		return r.skip(Skip{ID: id, Path: path, Reason: "the message has no text part (text/plain or text/html)"})
	}
	d.Encoding, d.Note = b.encoding, joinNote(d.Note, b.note)
	d.Title = headerText(m.Header.Get("Subject"), b.encoding)
	if saved {
		d = asPage(d, m.Header, b.page)
	}
	if b.deep {
		d.Note = joinNote(d.Note, fmt.Sprintf("parts nested more than %d deep are not read", maxParts))
	}
	return r.text(d, b.text) // the Subject is the title: none is taken from the text
}

// savedPage reports whether a message is a web page saved as one (MHTML,
// RFC 2557: a browser's "Webpage, single file"): Chrome names the page's
// address in Snapshot-Content-Location, and Chrome and Internet Explorer
// give "<Saved by ...>", no address, as its From.
func savedPage(h mail.Header) bool {
	from := h.Get("From")
	return h.Get("Snapshot-Content-Location") != "" || strings.Contains(from, "Saved by") && !strings.Contains(from, "@")
}

// asPage is d, the document of a saved page, with what the page says of
// itself: its title, site, address and publication date (html.go), not
// when it was saved (the message's Date); the Subject is the page's
// title where the page gives none, Snapshot-Content-Location its address.
func asPage(d Doc, h mail.Header, page *Page) Doc {
	d.Outlet, d.URL = "", strings.TrimSpace(h.Get("Snapshot-Content-Location"))
	if page == nil {
		return d
	}
	d.Published, d.DateOnly, d.Outlet = page.Published, page.DateOnly, page.Outlet
	d.Title = cmp.Or(page.Title, d.Title)
	d.URL = cmp.Or(page.URL, d.URL)
	return d
}

// body is the text of a message or of a part of it, decoded (from HTML,
// its main text): found says it has a text part, plain that the text is
// a text/plain part's (the one kept of alternatives), and encoding and
// note are its first text part's decoding (Decode), which the document
// reports.
type body struct {
	text           []byte
	found, plain   bool
	encoding, note string
	deep           bool  // parts nested past maxParts were not read
	page           *Page // the first HTML part's title, site, address and date, if any
}

// maxParts is how deep partText looks into parts within parts; the
// document's note says so when a message nests them deeper.
const maxParts = 8

// partText returns the text of a message's body or part with header h:
// a text part's, decoded; of alternatives, the first text/plain one,
// else the first; of a mixed multipart or a digest, every part's that
// is not an attachment, in order; of other multiparts (related, signed,
// a report), the first part's that has text. A multipart's part that
// cannot be read is passed over; one with no part at all (no boundary
// line) is read as its text. Its type, if the header gives none that can
// be read, is untyped.
func (r *reader) partText(h textproto.MIMEHeader, in io.Reader, depth int, untyped string) (body, error) {
	media, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		media = untyped
	}
	if depth > maxParts {
		return body{deep: true}, nil
	}
	if disp, _, _ := mime.ParseMediaType(h.Get("Content-Disposition")); disp == "attachment" {
		return body{}, nil
	}
	switch {
	case strings.HasPrefix(media, "multipart/") && params["boundary"] != "":
		raw, err := io.ReadAll(in)
		if err != nil && len(raw) == 0 {
			return body{}, err
		}
		return r.multipartText(raw, media, params["boundary"], depth) // a part cut short: what there is
	case media == "message/rfc822": // a message forwarded whole
		m, err := mail.ReadMessage(in)
		if err != nil {
			return body{}, nil
		}
		return r.partText(textproto.MIMEHeader(m.Header), m.Body, depth+1, "text/plain")
	case media == "text/plain", media == "text/html":
		raw, err := io.ReadAll(transferDecoded(h.Get("Content-Transfer-Encoding"), in))
		if err != nil && len(raw) == 0 {
			return body{}, err
		}
		b := r.leafText(raw, params["charset"], media == "text/html")
		if err != nil && b.found {
			// Cut short (no closing boundary, a damaged encoding): the
			// text as far as it reads.
			b.note = joinNote(b.note, "a text part ends early ("+err.Error()+"): read as far as it goes")
		}
		return b, nil
	}
	return body{}, nil
}

// leafText is the text of a text part's bytes raw, in charset, from
// HTML if html; none if they hold a NUL byte (binary).
func (r *reader) leafText(raw []byte, charset string, html bool) body {
	if binary(raw) != "" {
		return body{}
	}
	var declared func([]byte) string
	if html && charset == "" {
		declared = declaredCharset // a saved page's part: its own <meta> says
	}
	dec := decode(raw, r.forced, declared)
	if r.forced == "" && !utf8.Valid(raw) {
		if name, ok := EncodingName(charset); ok && name != "utf-8" {
			dec = decodeWith(raw, name, "read as "+name+", the charset the message declares")
		}
	}
	b := body{text: dec.text, found: true, plain: !html, encoding: dec.encoding, note: dec.note}
	if html {
		page := ExtractHTML(b.text)
		b.text, b.page = page.Text, &page
		b.note = joinNote(b.note, page.Note)
	}
	return b
}

// multipartText is partText of a multipart body, raw, of type media,
// whose parts are divided by boundary.
func (r *reader) multipartText(raw []byte, media, boundary string, depth int) (body, error) {
	untyped, all := "text/plain", media == "multipart/mixed" || media == "multipart/parallel"
	if media == "multipart/digest" {
		untyped, all = "message/rfc822", true // RFC 2046 5.1.5
	}
	mr := multipart.NewReader(bytes.NewReader(raw), boundary)
	var out body
	owned := false
	for n := 0; ; n++ {
		p, err := mr.NextRawPart()
		switch {
		case n == 0 && errors.Is(err, io.EOF) && len(bytes.TrimSpace(raw)) > 0 && !bytes.Contains(raw, []byte("--"+boundary)):
			// No boundary line: the sender said multipart and sent text.
			return r.leafText(raw, "", false), nil
		case err == io.EOF:
			return out, nil
		case err != nil && n == 0:
			return body{}, err
		case err != nil:
			return out, nil // the parts before it are what can be read
		}
		got, err := r.partText(p.Header, p, depth+1, untyped)
		out.deep = out.deep || got.deep
		switch {
		case err != nil || !got.found: // this part has no text; the next may
		case !out.found:
			got.deep, out = out.deep, got
		case all:
			if !owned { // the first part's text may be its decoder's: copied once, then grown
				out.text, owned = slices.Clip(out.text), true
			}
			out.text = append(append(out.text, "\n\n"...), got.text...)
		case media == "multipart/alternative" && got.plain && !out.plain:
			out.text, out.plain, out.encoding, out.note = got.text, true, got.encoding, got.note
		}
		if out.found && !all && (out.plain || media != "multipart/alternative") {
			return out, nil
		}
	}
}

// transferDecoded returns body with its Content-Transfer-Encoding undone.
func transferDecoded(cte string, body io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		return quotedprintable.NewReader(body)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, body) // line ends are passed over
	}
	return body
}

// headerText is a header field's text, its encoded words (RFC 2047)
// decoded where their charset is known, and raw bytes that are not UTF-8
// in encoding, the body's (Decode's name for it).
func headerText(s, encoding string) string {
	if !utf8.ValidString(s) {
		// Raw 8-bit bytes, against RFC 5322 but common: in the body's
		// encoding, as the mail program that wrote both had them.
		if enc, _ := encodingByName(encoding); enc != nil && encoding != "utf-8" {
			if out, err := enc.NewDecoder().String(s); err == nil {
				s = out
			}
		}
	}
	dec := mime.WordDecoder{CharsetReader: func(name string, in io.Reader) (io.Reader, error) {
		enc, _ := encodingByName(name)
		if enc == nil {
			return nil, errors.New("unknown charset " + name)
		}
		return enc.NewDecoder().Reader(in), nil
	}}
	if out, err := dec.DecodeHeader(s); err == nil {
		s = out
	}
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}

// sender is a From field's address, lower-cased, or "" if it has none.
func sender(from string) string {
	addr := strings.TrimSpace(from)
	if a, err := mail.ParseAddress(from); err == nil {
		addr = a.Address
	} else if lt := strings.LastIndexByte(addr, '<'); lt >= 0 { // a name that does not parse
		addr, _, _ = strings.Cut(addr[lt+1:], ">")
	}
	if !strings.Contains(addr, "@") {
		return ""
	}
	return strings.ToLower(strings.ToValidUTF8(strings.TrimSpace(addr), ""))
}
