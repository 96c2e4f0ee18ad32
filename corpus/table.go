package corpus

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Tables: CSV and TSV.
//
// A .csv file (RFC 4180: a field in quotes may hold commas, line breaks
// and doubled quotes), or a .tsv file (the same, tab-separated, as a
// spreadsheet's "Unicode text" or a database's export writes it), holds
// a record a row. Its first row names the columns: "id" and "text" are
// required, "outlet", "published", "title" and "url" optional, as a JSON
// record's fields (record.go), matched in any case and without the space
// around them; other columns are passed over. A published cell of digits
// alone is Unix seconds or milliseconds, anything else a time as a JSON
// record's string. A row's place is path:line, the line it starts on; a
// row that cannot be read (a quote left open, more or fewer fields than
// the header) is skipped with its place and reason, and the rows after it
// are read. UTF-16 with a byte order mark is decoded, a UTF-8 one passed
// over, and a row that is not UTF-8 decoded as a JSON line is, with a
// note.

// tableColumns are the columns a table's header may name, as a record's
// fields.
var tableColumns = []string{"id", "text", "outlet", "published", "title", "url"}

// table reads a CSV file, or a TSV file if comma is a tab.
func (r *reader) table(path string, in io.Reader, comma rune) error {
	cr := csv.NewReader(unmarked(in))
	cr.Comma, cr.FieldsPerRecord, cr.ReuseRecord = comma, -1, true
	header, err := cr.Read()
	switch {
	case err == io.EOF:
		return r.skip(Skip{Path: path, Reason: "no records: the file is empty or holds blank lines only"})
	case err != nil:
		return r.skip(Skip{Path: path + ":1", Reason: "the header row cannot be read: " + tableError(err) + "; the rest of the file is not read"})
	}
	at, width, err := columns(header)
	if err != nil {
		return r.skip(Skip{Path: path + ":1", Reason: err.Error() + "; the rest of the file is not read"})
	}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			if err := r.skip(Skip{Path: fmt.Sprintf("%s:%d", path, pe.StartLine), Reason: "the row cannot be read: " + tableError(err)}); err != nil {
				return err
			}
			continue
		case err != nil:
			return r.skip(Skip{Path: path, Reason: "unreadable: " + unwrapPathError(err) + "; the rest of the file is not read"})
		}
		line, _ := cr.FieldPos(0)
		where := fmt.Sprintf("%s:%d", path, line)
		if len(row) != width {
			id := ""
			if at["id"] < len(row) {
				id = strings.TrimSpace(row[at["id"]])
			}
			if err := r.skip(Skip{ID: id, Path: where, Reason: fmt.Sprintf("the row has %d fields, the header %d", len(row), width)}); err != nil {
				return err
			}
			continue
		}
		rec, note := r.rowRecord(row, at)
		if err := r.fromRecord(where, rec, note); err != nil {
			return err
		}
	}
}

// columns returns where each of tableColumns is in a header row, and the
// row's width, or why the header will not do.
func columns(header []string) (map[string]int, int, error) {
	at := map[string]int{}
	var names []string
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		names = append(names, fmt.Sprintf("%q", h))
		if _, dup := at[name]; dup {
			return nil, 0, fmt.Errorf("the header row names column %q twice", name)
		}
		at[name] = i
	}
	for _, need := range []string{"id", "text"} {
		if _, ok := at[need]; !ok {
			return nil, 0, fmt.Errorf("the header row names no %q column (it names %s)", need, strings.Join(names, ", "))
		}
	}
	return at, len(header), nil
}

// rowRecord is a table's row as a record, and the note of a row decoded
// from another encoding than UTF-8, if any.
func (r *reader) rowRecord(row []string, at map[string]int) (*record, string) {
	var note string
	cell := func(name string) string {
		i, ok := at[name]
		if !ok {
			return ""
		}
		s := row[i]
		if r.forced != "" || !utf8.ValidString(s) {
			dec := decode([]byte(s), r.forced, nil)
			s = string(dec.text)
			if note == "" && dec.note != "" {
				note = dec.note
				if r.forced == "" {
					note = "the row is not UTF-8: " + note
				}
			}
		}
		return s
	}
	text := cell("text")
	rec := &record{ID: jsonText(strings.TrimSpace(cell("id"))), Text: &text}
	for _, f := range []struct {
		name string
		raw  *json.RawMessage
	}{{"outlet", &rec.Outlet}, {"title", &rec.Title}, {"url", &rec.URL}} {
		if s := cell(f.name); s != "" {
			*f.raw = jsonText(s)
		}
	}
	switch p := strings.TrimSpace(cell("published")); {
	case p == "":
	case strings.Trim(p, "0123456789") == "" && len(p) < 16:
		rec.Published = json.RawMessage(p) // Unix seconds or milliseconds
	default:
		rec.Published = jsonText(p)
	}
	return rec, note
}

// jsonText is s as a JSON string.
func jsonText(s string) json.RawMessage {
	b, _ := json.Marshal(s) // a string always marshals
	return b
}

// tableError words a CSV parse error without its place, which the skip
// names.
func tableError(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, csv.ErrQuote):
		return `a quoted field is not closed, or a '"' follows its closing quote`
	case errors.Is(err, csv.ErrBareQuote):
		return `a '"' inside a field that does not start with one (quote the field and double its quotes)`
	}
	return err.Error()
}
