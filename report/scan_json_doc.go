package report

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/swar"
)

// A document's JSON, and a passage's and a pair's, written without
// reflection: they are nearly all of a scan report's bytes (a news
// article's text and its spans, each with its source and matches), and
// encoding/json's reflection and the indentation pass after it
// (appendIndented) were a tenth of the command's CPU on a 20,000-document
// corpus. These functions write the bytes encoding/json and
// appendIndented write (TestReportJSON and FuzzDocumentJSON hold them to
// those), so a field added to ScanDocument, Passage or ScanPair, or to a
// type they hold, must be added here too: the tests fail until it is,
// since encoding/json writes the new field and these do not.

// appendDocument appends d as encoding/json marshals it (<, > and & in
// strings escaped if html), indented as appendIndented indents it for a
// line starting with prefix, with two spaces a level; unindented if
// compact.
func appendDocument(dst []byte, d *ScanDocument, prefix string, compact, html bool) ([]byte, error) {
	j := newJSONAppender(dst, prefix, compact, html)
	j.begin('{')
	j.str("id", d.ID)
	j.str("path", d.Path)
	j.str("outlet", d.Outlet)
	j.str("published", d.Published)
	j.str("title", d.Title)
	j.str("url", d.URL)
	j.str("text", d.Text)
	j.str("encoding", d.Encoding)
	j.str("note", d.Note)
	j.bool("archived", d.Archived)
	j.int("words", int64(d.Words))
	j.float("original_fraction", d.OriginalFraction)
	j.float("rewritten_fraction", d.RewrittenFraction)
	j.array("spans", d.Spans == nil, len(d.Spans), func(i int) { j.span(&d.Spans[i]) })
	j.array("rewrites", d.Rewrites == nil, len(d.Rewrites), func(i int) {
		r := &d.Rewrites[i]
		j.begin('{')
		j.int("start", int64(r.Start))
		j.int("end", int64(r.End))
		j.int("words", int64(r.Words))
		j.key("with")
		j.source(&r.With)
		j.int("others", int64(r.Others))
		j.end('}')
	})
	j.ranges("original", d.Original)
	j.ranges("boilerplate", d.Boilerplate)
	j.array("attributions", d.Attributions == nil, len(d.Attributions), func(i int) {
		a := &d.Attributions[i]
		j.begin('{')
		j.int("start", int64(a.Start))
		j.int("end", int64(a.End))
		j.array("sources", a.Sources == nil, len(a.Sources), func(k int) { j.string(a.Sources[k]) })
		j.end('}')
	})
	j.array("repairs", d.Repairs == nil, len(d.Repairs), func(i int) {
		r := &d.Repairs[i]
		j.begin('{')
		j.int("start", int64(r.Start))
		j.int("end", int64(r.End))
		j.str("was", r.Was)
		j.str("kind", r.Kind)
		j.bool("guess", r.Guess)
		j.end('}')
	})
	j.end('}')
	return j.b, j.err
}

// appendPassage appends p as appendDocument appends a document.
func appendPassage(dst []byte, p *Passage, prefix string, compact, html bool) ([]byte, error) {
	j := newJSONAppender(dst, prefix, compact, html)
	j.begin('{')
	j.int("id", int64(p.ID))
	j.str("text", p.Text)
	j.str("origin", p.Origin)
	j.str("order", p.Order)
	j.key("reach")
	j.begin('{')
	j.int("documents", int64(p.Reach.Documents))
	j.int("outlets", int64(p.Reach.Outlets))
	j.end('}')
	j.int("words", int64(p.Words))
	j.bool("quoted", p.Quoted)
	j.array("members", p.Members == nil, len(p.Members), func(i int) {
		m := &p.Members[i]
		j.begin('{')
		j.str("doc", m.Doc)
		j.int("start", int64(m.Start))
		j.int("end", int64(m.End))
		j.float("similarity", m.Similarity)
		j.bool("quoted", m.Quoted)
		j.bool("representative", m.Representative)
		j.end('}')
	})
	j.end('}')
	return j.b, j.err
}

// appendPair appends p as appendDocument appends a document.
func appendPair(dst []byte, p *ScanPair, prefix string, compact, html bool) ([]byte, error) {
	j := newJSONAppender(dst, prefix, compact, html)
	j.begin('{')
	j.str("a", p.A)
	j.str("b", p.B)
	j.float("jaccard", p.Jaccard)
	j.float("containment_a_in_b", p.ContainmentAInB)
	j.float("containment_b_in_a", p.ContainmentBInA)
	j.float("shared_a", p.SharedA)
	j.float("shared_b", p.SharedB)
	j.int("pieces", int64(p.Pieces))
	j.float("rewritten_a", p.RewrittenA)
	j.float("rewritten_b", p.RewrittenB)
	j.array("passages", p.Passages == nil, len(p.Passages), func(i int) {
		x := &p.Passages[i]
		j.begin('{')
		j.int("a_start", int64(x.AStart))
		j.int("a_end", int64(x.AEnd))
		j.int("b_start", int64(x.BStart))
		j.int("b_end", int64(x.BEnd))
		j.int("words", int64(x.Words))
		j.float("similarity", x.Similarity)
		j.str("kind", x.Kind)
		j.end('}')
	})
	j.end('}')
	return j.b, j.err
}

func (j *jsonAppender) span(s *Span) {
	j.begin('{')
	j.int("start", int64(s.Start))
	j.int("end", int64(s.End))
	j.int("words", int64(s.Words))
	j.bool("quoted", s.Quoted)
	j.str("attribution", s.Attribution)
	j.array("pieces", s.Pieces == nil, len(s.Pieces), func(i int) {
		p := &s.Pieces[i]
		j.begin('{')
		j.int("passage", int64(p.Passage))
		j.int("start", int64(p.Start))
		j.int("end", int64(p.End))
		j.end('}')
	})
	j.key("source")
	if s.Source == nil {
		j.b = append(j.b, "null"...)
	} else {
		j.source(s.Source)
	}
	j.array("matches", s.Matches == nil, len(s.Matches), func(i int) {
		m := &s.Matches[i]
		j.begin('{')
		j.str("doc", m.Doc)
		j.int("start", int64(m.Start))
		j.int("end", int64(m.End))
		j.float("similarity", m.Similarity)
		j.end('}')
	})
	j.int("others", int64(s.Others))
	j.end('}')
}

func (j *jsonAppender) source(s *Source) {
	j.begin('{')
	j.str("doc", s.Doc)
	j.int("start", int64(s.Start))
	j.int("end", int64(s.End))
	j.float("similarity", s.Similarity)
	j.bool("earlier", s.Earlier)
	j.int("lead_seconds", s.LeadSeconds)
	j.bool("later", s.Later)
	j.int("lag_seconds", s.LagSeconds)
	j.bool("quoted", s.Quoted)
	j.end('}')
}

func (j *jsonAppender) ranges(name string, rs []Range) {
	j.array(name, rs == nil, len(rs), func(i int) {
		j.begin('{')
		j.int("start", int64(rs[i].Start))
		j.int("end", int64(rs[i].End))
		j.end('}')
	})
}

// jsonAppender appends a JSON value, field by field, laid out as
// appendTokens lays out encoding/json's: after an opening brace or
// bracket a line a level deeper unless it closes at once, a line after
// each comma, ": " after a key, and the closer on a line of its own level;
// with pretty false, none of that (json.Marshal's bytes).
type jsonAppender struct {
	b       []byte
	prefix  string // what each line starts with
	lines   []byte // a line break, prefix and the indentation of a few levels (lineBuf)
	lineBuf [48]byte
	pretty  bool
	html    bool
	depth   int
	open    bool // just after an opening brace or bracket
	err     error
}

func newJSONAppender(dst []byte, prefix string, compact, html bool) *jsonAppender {
	j := &jsonAppender{b: dst, prefix: prefix, pretty: !compact, html: html}
	if j.pretty && len(prefix) < len(j.lineBuf)/2 {
		j.lineBuf[0] = '\n'
		for n := 1 + copy(j.lineBuf[1:], prefix); n < len(j.lineBuf); n++ {
			j.lineBuf[n] = ' '
		}
		j.lines = j.lineBuf[:]
	}
	return j
}

func (j *jsonAppender) line() {
	if !j.pretty {
		return
	}
	if n := 1 + len(j.prefix) + 2*j.depth; n <= len(j.lines) {
		j.b = append(j.b, j.lines[:n]...)
		return
	}
	j.b = append(j.b, '\n')
	j.b = append(j.b, j.prefix...)
	for range j.depth {
		j.b = append(j.b, "  "...)
	}
}

func (j *jsonAppender) begin(c byte) {
	j.b = append(j.b, c)
	j.open = true
}

// next starts an element of the object or array begun.
func (j *jsonAppender) next() {
	if j.open {
		j.open = false
		j.depth++
	} else {
		j.b = append(j.b, ',')
	}
	j.line()
}

func (j *jsonAppender) end(c byte) {
	if j.open {
		j.open = false
	} else {
		j.depth--
		j.line()
	}
	j.b = append(j.b, c)
}

func (j *jsonAppender) key(name string) {
	j.next()
	j.b = append(j.b, '"')
	j.b = append(j.b, name...) // the names here need no escaping
	j.b = append(j.b, '"', ':')
	if j.pretty {
		j.b = append(j.b, ' ')
	}
}

func (j *jsonAppender) str(name, s string) {
	j.key(name)
	j.b = appendJSONString(j.b, s, j.html)
}

// string appends s as a value.
func (j *jsonAppender) string(s string) { j.b = appendJSONString(j.b, s, j.html) }

func (j *jsonAppender) int(name string, v int64) {
	j.key(name)
	j.b = strconv.AppendInt(j.b, v, 10)
}

func (j *jsonAppender) bool(name string, v bool) {
	j.key(name)
	j.b = strconv.AppendBool(j.b, v)
}

// float appends f as encoding/json does: as ECMAScript writes a number,
// %f-like but with an exponent below 1e-6 and from 1e21. NaN and the
// infinities are an error, as there.
func (j *jsonAppender) float(name string, f float64) {
	j.key(name)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if j.err == nil {
			j.err = fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
		}
		j.b = append(j.b, '0')
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	j.b = strconv.AppendFloat(j.b, f, format, -1, 64)
	if n := len(j.b); format == 'e' && n >= 4 && j.b[n-4] == 'e' && j.b[n-3] == '-' && j.b[n-2] == '0' {
		j.b[n-2] = j.b[n-1] // e-09 as e-9
		j.b = j.b[:n-1]
	}
}

// array appends field name, an array of n elements (null if isNil),
// element i appended by elem(i), each on a line of its own.
func (j *jsonAppender) array(name string, isNil bool, n int, elem func(i int)) {
	j.key(name)
	if isNil {
		j.b = append(j.b, "null"...)
		return
	}
	j.begin('[')
	for i := range n {
		j.next()
		elem(i)
	}
	j.end(']')
}

// appendJSONString appends s quoted as encoding/json quotes a string:
// '"' and '\\' escaped, \b \f \n \r \t by their letters, other control
// characters and (if html) <, > and & as \u00XX, invalid UTF-8 as
// \ufffd, and U+2028 and U+2029 as \u2028 and \u2029.
func appendJSONString(dst []byte, s string, html bool) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// The bytes that need no escape, eight at a time.
		for i+8 <= len(s) && plain8(s, i, html) {
			i += 8
		}
		if i == len(s) {
			break
		}
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && !(html && (b == '<' || b == '>' || b == '&')) {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// plain8 reports whether the eight bytes of s at i are ASCII that a JSON
// string holds as they are: none a control character, '"' or '\\', nor
// (if html) '<', '>' or '&' (package swar: a test marks no byte only if
// none is one).
func plain8(s string, i int, html bool) bool {
	x := swar.LoadString(s, i)
	stop := swar.NonASCII(x) | swar.Less(x, 0x20) | swar.Eq(x, '"') | swar.Eq(x, '\\')
	if html {
		stop |= swar.Eq(x, '<') | swar.Eq(x, '>') | swar.Eq(x, '&')
	}
	return stop == 0
}
