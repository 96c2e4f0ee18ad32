package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/copydesk/copydesk/repair"
)

// JSON Lines records. A record is a JSON object with "id" (a string or a
// number) and "text" (a string); "outlet", "title" and "url" are read as
// text when they are strings, numbers or booleans, and "published" when it
// is an RFC 3339 time, a date, or a number of seconds (or, from 10^11 on,
// milliseconds) since 1970 UTC. A field of another type is ignored, and
// the document's note says so; the record is kept. A line that is not a
// JSON object, or a record without id or text, is skipped with a reason
// worded for people, naming the record's id where it can be read.

// record is one JSON Lines record, its optional fields as they are.
type record struct {
	ID        json.RawMessage `json:"id"`
	Text      *string         `json:"text"`
	Outlet    json.RawMessage `json:"outlet"`
	Published json.RawMessage `json:"published"`
	Title     json.RawMessage `json:"title"`
	URL       json.RawMessage `json:"url"`
	// text is "text" as decodeRecordFast reads it, bytes of its own, in
	// place of Text: not made a string and copied back.
	text []byte
}

// hasText reports whether the record has "text" (a string).
func (rec *record) hasText() bool { return rec.Text != nil || rec.text != nil }

// textBytes returns the record's text: bytes of its own, that the caller
// may keep.
func (rec *record) textBytes() []byte {
	if rec.text != nil {
		return rec.text
	}
	return []byte(*rec.Text)
}

// textLen returns the bytes of the record's text.
func (rec *record) textLen() int {
	if rec.text != nil {
		return len(rec.text)
	}
	return len(*rec.Text)
}

// jsonFile reads a .json file (or standard input that starts with "["):
// a JSON array of records, or records one after another (JSON Lines, or
// objects written over several lines). A record's place is its number,
// path#n. A syntax error ends the reading, listed with its place.
func (r *reader) jsonFile(path string, in io.Reader) error {
	br := unmarked(in)
	dec := json.NewDecoder(br)
	array := false
	if first, err := firstByte(br); err == nil && first == '[' {
		dec.Token() // the array's "["
		array = true
	}
	n := 0
	var batch jsonBatch // the records read, decoded a batch at a time as jsonLines' are
	for array && dec.More() || !array {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			break
		}
		n++
		where := fmt.Sprintf("%s#%d", path, n)
		if err != nil {
			if err := batch.decode(r); err != nil {
				return err
			}
			return r.skip(Skip{Path: where, Reason: recordError(err, "") + "; the rest of the file is not read"})
		}
		if !array && mayBeJSONFeed(raw) {
			if err := batch.decode(r); err != nil {
				return err
			}
			if feed, err := r.jsonFeedItems(path, raw); feed || err != nil {
				if err != nil {
					return err
				}
				continue
			}
		}
		if batch.add(where, raw) || r.waits { // from a pipe, a record at a time, as jsonLines
			if err := batch.decode(r); err != nil {
				return err
			}
		}
		if r.waits {
			if err := r.drain(); err != nil {
				return err
			}
		}
	}
	if err := batch.decode(r); err != nil {
		return err
	}
	if n == 0 {
		return r.skip(Skip{Path: path, Reason: "no records: the file holds no JSON object"})
	}
	return nil
}

// firstByte returns the first byte of br that is not white space, without
// taking it.
func firstByte(br *bufio.Reader) (byte, error) {
	for i := 1; ; i++ {
		b, err := br.Peek(i)
		if err != nil {
			return 0, err
		}
		if c := b[i-1]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c, nil
		}
		if i == br.Size() {
			return 0, io.EOF
		}
	}
}

// unmarked returns in, buffered, decoded to UTF-8 if it is UTF-16 with a
// byte order mark (as Windows PowerShell and a spreadsheet's "Unicode
// text" write), past a UTF-8 byte order mark.
func unmarked(in io.Reader) *bufio.Reader {
	br := bufio.NewReaderSize(in, 64<<10)
	if utf16BOM(br) {
		br = bufio.NewReaderSize(fromUTF16(br), 64<<10)
	}
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	return br
}

// utf16BOM reports whether br starts with a UTF-16 byte order mark (as
// Windows PowerShell writes its files).
func utf16BOM(br *bufio.Reader) bool {
	b, _ := br.Peek(2)
	return len(b) == 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF)
}

// fromUTF16 decodes UTF-16 with a byte order mark to UTF-8 as it is read.
func fromUTF16(in io.Reader) io.Reader {
	return transform.NewReader(in, xunicode.BOMOverride(xunicode.UTF8.NewDecoder()))
}

// record reads one record, at where (path:line or path#n).
func (r *reader) record(where string, b []byte) error {
	b = bytes.TrimSpace(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF}))
	if len(b) == 0 {
		return nil // a blank line is not a record
	}
	var lineNote string
	if !utf8.Valid(b) || r.forced != "" {
		dec := decode(b, r.forced, nil)
		b = dec.text
		switch {
		case r.forced != "":
			lineNote = dec.note
		case dec.note != "":
			lineNote = "the line is not UTF-8: " + dec.note
		}
	}
	var rec record
	if !decodeRecordFast(b, &rec) { // the common shape, without reflection
		rec = record{}
		if err := json.Unmarshal(b, &rec); err != nil {
			id := idOf(b)
			return r.skip(Skip{ID: id, Path: where, Reason: recordError(err, id)})
		}
	}
	if rec.ID == nil && !rec.hasText() {
		if story, err := r.ninjsRecord(where, b); story {
			return err // a news agency's story in ninjs (wire.go)
		}
	}
	return r.fromRecord(where, &rec, lineNote)
}

// fromRecord delivers the document of a record read at where, with the
// note of its line, if any, or skips it.
func (r *reader) fromRecord(where string, rec *record, lineNote string) error {
	id, ok := recordID(rec.ID)
	switch {
	case !ok:
		return r.skip(Skip{Path: where, Reason: `the record has no "id" (a string or a number)`})
	case !rec.hasText():
		return r.skip(Skip{ID: id, Path: where, Reason: fmt.Sprintf(`record %q has no "text"`, id)})
	}
	d := Doc{ID: id, Path: where, Encoding: "utf-8"}
	var notes []string
	d.Outlet, notes = textField("outlet", rec.Outlet, notes)
	d.Title, notes = textField("title", rec.Title, notes)
	d.URL, notes = textField("url", rec.URL, notes)
	d.Published, d.DateOnly, notes = published(rec.Published, notes, r.dates)
	if lineNote != "" {
		notes = append(notes, lineNote)
	}
	d.Note = strings.Join(notes, "; ")
	text := normalizeNewlines(rec.textBytes())
	if reason := binary(text); reason != "" {
		return r.skip(Skip{ID: id, Path: where, Reason: reason})
	}
	if reason := unusable(text); reason != "" {
		return r.skip(Skip{ID: id, Path: where, Reason: reason})
	}
	d.Text, d.Repairs = repair.Fixed(text) // text is the record's own: no copy unless repaired
	d.Note = joinNote(d.Note, suspectsNote(d.Text))
	return r.deliver(d)
}

// recordError words why a line is not a record, for people.
func recordError(err error, id string) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("not valid JSON: %s (at byte %d)", strings.TrimPrefix(syn.Error(), "json: "), syn.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Sprintf("the line is a JSON %s, not an object with \"id\" and \"text\"", kindOf(typ.Value))
	case errors.As(err, &typ):
		who := "the record's"
		if id != "" {
			who = fmt.Sprintf("record %q:", id)
		}
		return fmt.Sprintf("%s %q is a JSON %s, not a string", who, typ.Field, kindOf(typ.Value))
	}
	return "not valid JSON: " + strings.TrimPrefix(err.Error(), "json: ")
}

// kindOf names a JSON value's kind as encoding/json reports it.
func kindOf(v string) string {
	switch v {
	case "bool":
		return "true or false"
	case "array", "object", "number", "string":
		return v
	}
	if strings.HasPrefix(v, "number") {
		return "number"
	}
	return v
}

// idOf reads a record's id from a line that is not a whole record, if it
// can: the reason it is skipped then names it.
func idOf(b []byte) string {
	var partial struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(b, &partial) != nil {
		return ""
	}
	id, _ := recordID(partial.ID)
	return id
}

// recordID reads an id that is a non-empty string or a number.
func recordID(raw json.RawMessage) (string, bool) {
	if s, ok := plainString(raw); ok { // most ids: no escape, no reflection
		s = strings.TrimSpace(s)
		return s, s != ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		s = strings.TrimSpace(s)
		return s, s != ""
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	return "", false
}

// plainString returns the JSON string raw holds if it has no escape, no
// control character and no invalid UTF-8 (rawString, and valid): its
// bytes between the quotation marks, as json.Unmarshal would decode them.
// ok is false for any other raw, which json.Unmarshal then decodes.
func plainString(raw []byte) (string, bool) {
	in, end, ok := rawString(raw, 0)
	if !ok || end != len(raw) || !utf8.Valid(in) {
		return "", false
	}
	return string(in), true
}

// textField reads an optional field as text: a string as it is, a number
// or a boolean as written; null or absent is "". Anything else is ignored
// with a note appended to notes.
func textField(name string, raw json.RawMessage, notes []string) (string, []string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", notes
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s, notes
		}
	case '[', '{':
		kind := "an array"
		if raw[0] == '{' {
			kind = "an object"
		}
		return "", append(notes, fmt.Sprintf("%q is %s, not text: ignored", name, kind))
	default: // a number, true or false
		return string(raw), notes
	}
	return "", append(notes, fmt.Sprintf("%q could not be read: ignored", name))
}

// published reads the "published" field: a time or a date as a string,
// in a form a database, a language or a spreadsheet writes (parseTime:
// RFC 3339, ISO 8601, RFC 5322, C's, "12/17/2017 3:01 PM"), a date of
// numbers that does not show whether its month or its day comes first
// read in the order its table's other dates show (table); or a Unix
// time in seconds or milliseconds as a number. What cannot be read is
// taken as unknown, and a time with no zone as UTC, with a note appended
// to notes.
func published(raw json.RawMessage, notes []string, table tableDates) (time.Time, bool, []string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, false, notes
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil || s == "" {
			return time.Time{}, false, notes
		}
		t, dateOnly, note, err := parseTimeIn(s, table.order)
		switch {
		case errors.Is(err, errDateOrder) && table.cut:
			return time.Time{}, false, append(notes, fmt.Sprintf("published %q is a date of numbers that does not show whether its month or its day comes first, and no date of its table's next %d rows (or %s of their text) does: taken as unknown", s, maxHeldRows, sizeName(maxHeldBytes)))
		case errors.Is(err, errDateOrder) && table.inTable:
			return time.Time{}, false, append(notes, fmt.Sprintf("published %q is a date of numbers that does not show whether its month or its day comes first, and no other date of its table does (a day past the 12th): taken as unknown", s))
		case errors.Is(err, errDateOrder):
			return time.Time{}, false, append(notes, fmt.Sprintf("published %q is a date of numbers that does not show whether its month or its day comes first: taken as unknown", s))
		case err != nil:
			return time.Time{}, false, append(notes, fmt.Sprintf("published %q is not a time or a date in a form this reader knows (RFC 3339, ISO 8601, RFC 5322, C's, a spreadsheet's): taken as unknown", s))
		}
		if shown, numeric := numericDateOrder(s); numeric && shown == orderUnknown {
			notes = append(notes, fmt.Sprintf("published %q read with %s, as the other dates of its table show them", s, table.order))
		}
		if note != "" {
			notes = append(notes, fmt.Sprintf("published %q: %s", s, note))
		}
		return t, dateOnly, notes
	}
	var x float64
	if json.Unmarshal(raw, &x) != nil || math.IsNaN(x) || x < 0 {
		return time.Time{}, false, append(notes, fmt.Sprintf("published %s is not a time: taken as unknown", raw))
	}
	unit := "seconds"
	if x >= 1e11 { // past the year 5138 in seconds: milliseconds
		x, unit = x/1000, "milliseconds"
	}
	if x > 253402300799 { // after 9999-12-31
		return time.Time{}, false, append(notes, fmt.Sprintf("published %s is not a time: taken as unknown", raw))
	}
	sec, frac := math.Modf(x)
	t := time.Unix(int64(sec), int64(frac*1e9)).UTC()
	return t, false, append(notes, fmt.Sprintf("published %s read as Unix %s: %s", raw, unit, t.Format(time.RFC3339)))
}

// jsonLines reads one record per line, streaming: the reading goroutine
// cuts lines, and their records are decoded a batch at a time
// (jsonBatch), on the workers if there are any. From an input that may
// wait on its writer (r.waits: a pipe), what is read is decoded and
// delivered before a read that may wait: a producer that waits for a
// record's result before it writes the next gets it.
func (r *reader) jsonLines(path string, in io.Reader) error {
	br := unmarked(in)
	records := 0 // lines that are not blank
	var batch jsonBatch
	for line := 1; ; line++ {
		if r.waits && br.Buffered() == 0 { // the next read may wait on the input
			if err := batch.decode(r); err != nil {
				return err
			}
			if err := r.drain(); err != nil {
				return err
			}
		}
		b, long, err := readLine(br, r.limit())
		switch {
		case long:
			records++
			if err := batch.decode(r); err != nil {
				return err
			}
			if err := r.skip(Skip{Path: fmt.Sprintf("%s:%d", path, line), Reason: tooLarge("the line", r.limit())}); err != nil {
				return err
			}
		case err != nil && err != io.EOF:
			// Cut short (a truncated .gz) or unreadable: the line read is
			// not known whole, and is reported once, as what stopped the
			// reading.
			reason := "unreadable: " + err.Error()
			switch {
			case err == io.ErrUnexpectedEOF && len(b) > 0:
				reason = "the file is cut short in this line (unexpected end of data)"
			case err == io.ErrUnexpectedEOF:
				reason = "the file is cut short after the line before (unexpected end of data)"
			}
			if err := batch.decode(r); err != nil {
				return err
			}
			return r.skip(Skip{Path: fmt.Sprintf("%s:%d", path, line), Reason: reason})
		case len(bytes.TrimSpace(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF}))) > 0:
			records++
			if batch.add(fmt.Sprintf("%s:%d", path, line), b) {
				if err := batch.decode(r); err != nil {
					return err
				}
			}
		}
		if err == io.EOF {
			break
		}
	}
	if err := batch.decode(r); err != nil {
		return err
	}
	if records == 0 {
		return r.skip(Skip{Path: path, Reason: "no records: the file is empty or holds blank lines only"})
	}
	return nil
}

// jsonBatch is lines of a JSON Lines file read and not yet decoded. A
// record takes a few microseconds to decode and find its chrome in,
// where a job handed to a worker and back costs about one: lines go to
// the workers in batches of up to jsonBatchLines lines and
// jsonBatchBytes bytes.
type jsonBatch struct {
	where []string // each record's place: path:line, path#n
	recs  [][]byte
	size  int
}

const (
	jsonBatchLines = 64
	jsonBatchBytes = 1 << 20
)

// add adds the record b read at where, and reports whether the batch is
// full.
func (jb *jsonBatch) add(where string, b []byte) bool {
	jb.where, jb.recs, jb.size = append(jb.where, where), append(jb.recs, b), jb.size+len(b)
	return len(jb.recs) >= jsonBatchLines || jb.size >= jsonBatchBytes
}

// decode reads the batch's records, as a job if r has workers, and
// empties it.
func (jb *jsonBatch) decode(r *reader) error {
	if len(jb.recs) == 0 {
		return nil
	}
	where, recs, size := jb.where, jb.recs, jb.size
	*jb = jsonBatch{}
	return r.run(size, func(r *reader) error {
		for i, b := range recs {
			if err := r.record(where[i], b); err != nil {
				return err
			}
		}
		return nil
	})
}
