package corpus

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Tables: CSV and TSV.
//
// A .csv file (RFC 4180: a field in quotes may hold commas, line breaks
// and doubled quotes), or a .tsv file (the same, tab-separated, as a
// spreadsheet's "Unicode text" or a database's export writes it), holds
// a record a row, separated by commas (tabs), or by what its header row
// shows (separator: Excel's ';' where the decimal mark is a comma, and
// its "sep=;" line). Its first row names the columns: "id" and "text" are
// required, "outlet", "published", "title" and "url" optional, as a JSON
// record's fields (record.go), matched in any case and without the space
// around them; other columns are passed over. A published cell of digits
// alone is Unix seconds or milliseconds, anything else a time as a JSON
// record's string; a date of numbers that does not show whether its month
// or its day comes first ("3/4/2017") is read in the order the table's
// other dates show (heldRows). A row's place is path:line, the line it starts on; a
// row that cannot be read (a quote left open, more or fewer fields than
// the header) is skipped with its place and reason, and the rows after it
// are read. UTF-16 with a byte order mark is decoded, a UTF-8 one passed
// over, and a row that is not UTF-8 decoded as a JSON line is, with a
// note.

// table reads a CSV file, or a TSV file if comma is a tab; its header
// row may show it separated otherwise (separator).
func (r *reader) table(path string, in io.Reader, comma rune) error {
	br := unmarked(in)
	head, _ := br.Peek(4096)
	comma, sepLine, _ := separator(head, comma)
	skipped := 0 // lines before the header: an Excel "sep=" line
	if sepLine {
		br.ReadBytes('\n')
		skipped = 1
	}
	cr := csv.NewReader(br)
	cr.Comma, cr.FieldsPerRecord, cr.ReuseRecord = comma, -1, true
	at := func(line int) string { return fmt.Sprintf("%s:%d", path, line+skipped) }
	header, err := cr.Read()
	switch {
	case err == io.EOF:
		return r.skip(Skip{Path: path, Reason: "no records: the file is empty or holds blank lines only"})
	case err != nil:
		return r.skip(Skip{Path: at(1), Reason: "the header row cannot be read: " + tableError(err) + "; the rest of the file is not read"})
	}
	cols, width, err := columns(header)
	if err != nil {
		return r.skip(Skip{Path: at(1), Reason: err.Error() + "; the rest of the file is not read"})
	}
	rows := r.newTableRows(cols)
	defer rows.done()
	for n := 0; ; n++ {
		row, err := cr.Read()
		if err == io.EOF && n == 0 {
			return r.skip(Skip{Path: path, Reason: "no records: the header row names the columns, and no row follows it"})
		}
		if err == io.EOF {
			return rows.end()
		}
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			if err := rows.skip(Skip{Path: at(pe.StartLine), Reason: "the row cannot be read: " + tableError(err)}); err != nil {
				return err
			}
			continue
		case err != nil:
			if err := rows.end(); err != nil {
				return err
			}
			return r.skip(Skip{Path: path, Reason: "unreadable: " + unwrapPathError(err) + "; the rest of the file is not read"})
		}
		line, _ := cr.FieldPos(0)
		where := at(line)
		if len(row) != width {
			id := ""
			if cols["id"] < len(row) {
				id = strings.TrimSpace(row[cols["id"]])
			}
			if err := rows.skip(Skip{ID: id, Path: where, Reason: fmt.Sprintf("the row has %d fields, the header %d", len(row), width)}); err != nil {
				return err
			}
			continue
		}
		if err := rows.row(where, row); err != nil {
			return err
		}
	}
}

// tableRows delivers a table's rows as records (a CSV file's, a
// spreadsheet's sheet's), and skips, in input order, holding them back
// while its dates of numbers have not shown their order (heldRows).
type tableRows struct {
	r    *reader
	cols map[string]int
	held heldRows
}

// newTableRows starts a table whose header row names cols; done must
// follow it.
func (r *reader) newTableRows(cols map[string]int) *tableRows {
	r.dates = tableDates{inTable: true}
	return &tableRows{r: r, cols: cols, held: heldRows{dates: &r.dates}}
}

// row delivers, or holds, the record of a row at where.
func (t *tableRows) row(where string, cells []string) error {
	r := t.r
	rec, note := r.rowRecord(cells, t.cols)
	if i, ok := t.cols["published"]; ok && r.dates.order == orderUnknown {
		switch order, numeric := numericDateOrder(cells[i]); {
		case order != orderUnknown:
			r.dates.order = order // the table's order, for the rows held and those after
			if err := t.held.flush(); err != nil {
				return err
			}
		case numeric:
			t.held.holding = true
		}
	}
	return t.held.deliver(func() error { return r.fromRecord(where, rec, note) }, rec.textLen())
}

// skip delivers, or holds, a skip among the table's rows.
func (t *tableRows) skip(s Skip) error {
	return t.held.deliver(func() error { return t.r.skip(s) }, 0)
}

// end delivers the rows held: the table has no more.
func (t *tableRows) end() error { return t.held.flush() }

// done ends the table's reading: other files have no table's dates.
func (t *tableRows) done() { t.r.dates = tableDates{} }

// heldRows are a table's rows (and skips) held back, in input order,
// from the first whose date of numbers does not show whether its month
// or its day comes first ("3/4/2017") until a row's date shows it
// ("12/17/2017", the table's dateOrder): so that each row's date is read
// in the order its table's dates show, and rows are still delivered in
// input order. At the table's end, or once maxHeldBytes of text or
// maxHeldRows rows are held, they are delivered as they stand: such a
// date is then unknown, and its note says why.
type heldRows struct {
	dates   *tableDates // the table's; cut while rows are delivered for want of room
	holding bool
	rows    []func() error
	bytes   int
}

// tableDates is how a table gives its dates of numbers: in which order
// (orderUnknown until a date shows it), and whether the rows being
// delivered are delivered for want of room (heldRows) before one did.
// Other files' are zero.
type tableDates struct {
	order   dateOrder
	inTable bool
	cut     bool
}

const (
	maxHeldBytes = mapBytes // as much text as corpus.Map holds in flight
	maxHeldRows  = 100000
)

// deliver delivers a row, or holds it, with the bytes of its text.
func (h *heldRows) deliver(row func() error, bytes int) error {
	if !h.holding {
		return row()
	}
	h.rows = append(h.rows, row)
	h.bytes += bytes
	if h.bytes > maxHeldBytes || len(h.rows) >= maxHeldRows {
		h.dates.cut = true
		defer func() { h.dates.cut = false }()
		return h.flush()
	}
	return nil
}

// flush delivers the rows held, and holds no more until told to.
func (h *heldRows) flush() error {
	rows := h.rows
	h.holding, h.rows, h.bytes = false, nil, 0
	for _, row := range rows {
		if err := row(); err != nil {
			return err
		}
	}
	return nil
}

// columns returns where each column a header row names is, and the row's
// width, or why the header will not do: it must name "id" and "text".
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

// separator returns the separator of a table whose first bytes are head,
// comma unless the header row shows another: an Excel "sep=;" line names
// it (and is to be passed over: sepLine); else the first of comma, ';'
// (Excel's in locales whose decimal mark is a comma), tab and '|' that
// splits the header row into columns named "id" and "text" (found).
func separator(head []byte, comma rune) (sep rune, sepLine, found bool) {
	first, rest, _ := bytes.Cut(head, []byte("\n"))
	first = bytes.TrimSuffix(first, []byte("\r"))
	if len(first) == 5 && bytes.EqualFold(first[:4], []byte("sep=")) {
		r := rune(first[4])
		if r != '"' && r < utf8.RuneSelf {
			header, _, _ := bytes.Cut(rest, []byte("\n"))
			return r, true, namesColumns(bytes.TrimSuffix(header, []byte("\r")), r)
		}
	}
	for _, c := range []rune{comma, ';', '\t', '|'} {
		if namesColumns(first, c) {
			return c, false, true
		}
	}
	return comma, false, false
}

// namesColumns reports whether line, split at sep, is a table's header
// row: it names the columns "id" and "text". Most lines are not, and are
// told so without parsing them: they hold no "id" or no "text".
func namesColumns(line []byte, sep rune) bool {
	if len(line) > 4096 || !containsFold(line, "id") || !containsFold(line, "text") {
		return false
	}
	cr := csv.NewReader(bytes.NewReader(line))
	cr.Comma = sep
	header, err := cr.Read()
	if err != nil {
		return false
	}
	_, _, err = columns(header)
	return err == nil
}

// rowRecord is a table's row as a record, and the note of a row decoded
// from another encoding than UTF-8, if any.
func (r *reader) rowRecord(row []string, at map[string]int) (*record, string) {
	var note string
	if r.forced != "" || slices.ContainsFunc(row, func(c string) bool { return !utf8.ValidString(c) }) {
		// The row's cells decoded together: one guess of their encoding,
		// from all their bytes, where a cell alone may be too short.
		dec := decode([]byte(strings.Join(row, "\x1f")), r.forced, nil)
		if cells := strings.Split(string(dec.text), "\x1f"); len(cells) == len(row) {
			row, note = cells, dec.note
			if r.forced == "" && note != "" {
				note = "the row is not UTF-8: " + note
			}
		}
	}
	cell := func(name string) string {
		if i, ok := at[name]; ok {
			return row[i]
		}
		return ""
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

// containsFold reports whether b holds the lower-case ASCII word w in any
// case.
func containsFold(b []byte, w string) bool {
	for i := range b {
		if hasFold(b[i:], w) {
			return true
		}
	}
	return false
}
