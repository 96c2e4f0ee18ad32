package corpus

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// ANPA 1312: the wire format in which the Associated Press and other
// agencies sent their stories to newspapers for decades (the American
// Newspaper Publishers Association's standard 1312), and in which
// newspapers keep their archives of agency copy. A message is SYN SYN
// SOH, a line of the message's priority, sequence number and selector
// codes, a line of its category, keyword slug, version and word count,
// STX, the text, ETX, a trailer of the agency's code, its desk's and the
// time ("AP-WF-12-17-17 2001GMT"), and EOT. The text's lines that begin
// with "^" are its header (the slug line, the headline, a summary,
// editors' notes, the byline: each ended by "<" or "="), those that begin
// with a tab its paragraphs, as Superdesk's ANPA parser reads them.
//
// Each message of a file is a document (the nth with the file's id and
// "#n" if it holds more than one), its place path:line: its title the
// headline (the header's second line), its outlet the trailer's agency
// ("AP"), its time the trailer's, in GMT; its text the byline's lines
// (those ended by "=") and the paragraphs, a line each, or the header's
// lines after the headline if there are no paragraphs. The agency's
// typewriter conventions are undone: two backquotes and two apostrophes
// are quotation marks, " _ " a dash. Its bytes are ASCII, any other byte
// read as ISO 8859-1.

// anpaHead reports whether b, a file's first bytes, begin an ANPA 1312
// message: SOH after any SYN bytes, then the priority letter.
func anpaHead(b []byte) bool {
	b = bytes.TrimLeft(b, "\x16")
	return len(b) > 2 && b[0] == 0x01 && (b[1] >= 'a' && b[1] <= 'z' || b[1] >= 'A' && b[1] <= 'Z')
}

// anpaTrailer matches a message's trailer: agency, desk, date (month,
// day, year) and time, in GMT.
var anpaTrailer = regexp.MustCompile(`([A-Za-z]+)-([A-Za-z]+)-(\d{1,2}-\d{1,2}-\d{2}) (\d{4}) ?GMT`)

// anpa delivers the messages of raw, an ANPA 1312 file at path.
func (r *reader) anpa(id, path string, raw []byte) error {
	var starts []int // where each message's SOH is
	for i := 0; i < len(raw); i++ {
		if raw[i] == 0x01 && (i == 0 || raw[i-1] == 0x16 || raw[i-1] == 0x04 || raw[i-1] == '\n') {
			starts = append(starts, i)
		}
	}
	for n, start := range starts {
		end := len(raw)
		if n+1 < len(starts) {
			end = starts[n+1]
		}
		docID := id
		if len(starts) > 1 {
			docID = fmt.Sprintf("%s#%d", id, n+1)
		}
		where := fmt.Sprintf("%s:%d", path, bytes.Count(raw[:start], []byte("\n"))+1)
		if err := r.anpaMessage(docID, where, raw[start:end]); err != nil {
			return err
		}
	}
	return nil
}

// anpaMessage delivers one message, or skips it.
func (r *reader) anpaMessage(id, where string, msg []byte) error {
	stx := bytes.IndexByte(msg, 0x02)
	if stx < 0 {
		return r.skip(Skip{ID: id, Path: where, Reason: "an ANPA 1312 message with no text (no STX)"})
	}
	text := msg[stx+1:]
	var trailer []byte
	if etx := bytes.IndexByte(text, 0x03); etx >= 0 {
		text, trailer = text[:etx], text[etx+1:]
	}
	d := Doc{ID: id, Path: where, Encoding: "ascii", Note: "read as ANPA 1312 wire copy"}
	if m := anpaTrailer.FindSubmatch(trailer); m != nil {
		if t, err := time.Parse("1-2-06 1504", string(m[3])+" "+string(m[4])); err == nil {
			d.Published = t
		}
		d.Outlet = strings.ToUpper(string(m[1]))
	}
	var header, byline, paragraphs []string
	for _, l := range strings.Split(latin1(text), "\n") {
		l = strings.TrimRight(l, "\r")
		switch {
		case strings.HasPrefix(l, "^"):
			h := strings.TrimSpace(strings.TrimLeft(l, "^"))
			if strings.HasSuffix(h, "=") {
				byline = append(byline, wireTypography(strings.TrimSpace(strings.TrimRight(h, "="))))
			}
			header = append(header, wireTypography(strings.TrimSpace(strings.TrimRight(h, "<="))))
		case strings.HasPrefix(l, "\t"):
			if p := strings.TrimSpace(strings.Trim(l, "\t\x08\x10")); p != "" {
				paragraphs = append(paragraphs, wireTypography(p))
			}
		}
	}
	if len(header) > 1 {
		d.Title = header[1]
	}
	lines := append(byline, paragraphs...)
	if len(paragraphs) == 0 && len(header) > 2 {
		lines = header[2:]
	}
	if len(lines) == 0 {
		return r.skip(Skip{ID: id, Path: where, Reason: "an ANPA 1312 message with no text: a header alone (an advisory, a slug line and a headline)"})
	}
	return r.text(d, []byte(strings.Join(lines, "\n")))
}

// wireTypography undoes a typewriter's conventions in agency copy: two
// backquotes open a quotation and two apostrophes close it, " _ " is a
// dash.
func wireTypography(s string) string {
	return strings.NewReplacer("``", "“", "''", "”", " _ ", " — ").Replace(s)
}

// latin1 is b read as ISO 8859-1 (ASCII its first half), control
// characters other than tab and line breaks left out.
func latin1(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			sb.WriteByte(c)
		case c < 0x20 || c == 0x7f:
		case c < 0x80:
			sb.WriteByte(c)
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}
