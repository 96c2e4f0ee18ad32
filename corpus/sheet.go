package corpus

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
)

// Spreadsheets: .xlsx (Office Open XML's SpreadsheetML, ECMA-376, as
// Excel, Google Sheets and LibreOffice save a workbook) and .ods
// (OpenDocument, ISO/IEC 26300): a newsroom's table of stories kept as a
// workbook rather than exported.
//
// Each sheet whose first row names the columns "id" and "text" is a table
// and is read as a CSV file's rows are (table.go): a record a row, the
// other columns as a record's fields, its dates of numbers read in the
// order the sheet's other dates show. A row's place is path#sheet:row,
// the sheet's name and the row's number as the spreadsheet shows them; a
// row shorter than the header has empty cells, cells past the header are
// passed over, and a row with no value is passed over. A sheet whose
// first row does not name the columns is skipped, saying so.
//
// A cell's value is what the file stores, not what a format shows: a
// number as written ("1513540860", Unix seconds in a published column), a
// boolean TRUE or FALSE, a formula's last value, and a date or a time as
// ISO 8601 without a zone ("2017-12-17T15:01:00"; a date alone,
// "2017-12-17"), read as UTC, with a note, as a table's are. An .xlsx
// stores a date as a number of days since 1899-12-30 (Excel's 1900 date
// system; 1904-01-01 in its 1904 system) in a cell whose number format
// shows a date or a time (isDateFormat); an .ods, as a date-value.
//
// A workbook whose parts unpack to more than Options.MaxBytes each is
// skipped, saying so.

// sheet is a sheet's name and its rows, as read.
type sheet struct {
	name string
	rows []sheetRow
}

// sheetRow is a row's number, from 1, and its cells' values, by column.
type sheetRow struct {
	num   int
	cells []string
}

// maxSheetColumns and maxSheetRows are the largest sheet a spreadsheet
// program makes (Excel's, and LibreOffice's since 7.4): a cell or a row
// repeated past them is not.
const (
	maxSheetColumns = 16384
	maxSheetRows    = 1 << 20
)

// spreadsheet delivers the records of an .xlsx or .ods file (kind),
// whose bytes are raw, or skips it.
func (r *reader) spreadsheet(kind, id, path string, raw []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return r.skip(Skip{ID: id, Path: path, Reason: fmt.Sprintf("not an %s workbook: %v", kind, err)})
	}
	read := xlsxSheets
	if kind == "ods" {
		read = odsSheets
	}
	sheets, err := read(zr, r.limit())
	if err != nil {
		return r.skip(Skip{ID: id, Path: path, Reason: fmt.Sprintf("the %s workbook cannot be read: %v", kind, err)})
	}
	tables := 0
	for _, sh := range sheets {
		where := path + "#" + sh.name
		header := -1
		for i, row := range sh.rows {
			if hasValue(row.cells) {
				header = i
				break
			}
		}
		if header < 0 {
			continue // an empty sheet
		}
		cols, width, err := columns(sh.rows[header].cells)
		if err != nil {
			if err := r.skip(Skip{Path: fmt.Sprintf("%s:%d", where, sh.rows[header].num), Reason: "not a table of records: " + err.Error()}); err != nil {
				return err
			}
			continue
		}
		tables++
		if err := r.sheetTable(where, sh.rows[header+1:], cols, width); err != nil {
			return err
		}
	}
	if tables == 0 && len(sheets) > 0 && !anySkipped(sheets) {
		return r.skip(Skip{ID: id, Path: path, Reason: "no records: the workbook's sheets are empty"})
	}
	return nil
}

// sheetTable delivers the records of a sheet's rows after its header,
// which names cols, width in all; where is the sheet's place.
func (r *reader) sheetTable(where string, rows []sheetRow, cols map[string]int, width int) error {
	t := r.newTableRows(cols)
	defer t.done()
	for _, sr := range rows {
		if !hasValue(sr.cells) {
			continue
		}
		cells := make([]string, width)
		copy(cells, sr.cells)
		if err := t.row(fmt.Sprintf("%s:%d", where, sr.num), cells); err != nil {
			return err
		}
	}
	return t.end()
}

// anySkipped reports whether some sheet has a value, and so was read or
// skipped with its reason.
func anySkipped(sheets []sheet) bool {
	for _, sh := range sheets {
		for _, row := range sh.rows {
			if hasValue(row.cells) {
				return true
			}
		}
	}
	return false
}

func hasValue(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return true
		}
	}
	return false
}

// openPart returns a reader of the zip's part name, which fails past
// limit bytes; nil if there is no such part.
func openPart(zr *zip.Reader, name string, limit int64) (io.ReadCloser, error) {
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			return limitedPart{rc, &io.LimitedReader{R: rc, N: limit + 1}, name, limit}, nil
		}
	}
	return nil, nil
}

// limitedPart reads a part of a zip, failing past its limit.
type limitedPart struct {
	io.Closer
	lr    *io.LimitedReader
	name  string
	limit int64
}

func (p limitedPart) Read(b []byte) (int, error) {
	n, err := p.lr.Read(b)
	if p.lr.N <= 0 {
		return n, fmt.Errorf("its part %s unpacks to more than %s (Options.MaxBytes)", p.name, sizeName(p.limit))
	}
	return n, err
}

// xmlTokens calls fn with each token of the XML that in holds, and
// returns the first error, fn's or the decoder's.
func xmlTokens(in io.Reader, fn func(xml.Token) error) error {
	xd := xml.NewDecoder(in)
	xd.Strict = false
	xd.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	for {
		tok, err := xd.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(tok); err != nil {
			return err
		}
	}
}

// readPart parses the zip's part name with fn, token by token; a part
// that is not there is read as empty, unless required.
func readPart(zr *zip.Reader, name string, limit int64, required bool, fn func(xml.Token) error) error {
	rc, err := openPart(zr, name, limit)
	switch {
	case err != nil:
		return err
	case rc == nil && required:
		return fmt.Errorf("it has no %s", name)
	case rc == nil:
		return nil
	}
	defer rc.Close()
	return xmlTokens(rc, fn)
}

func attrNamed(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xlsxSheets reads an .xlsx workbook's sheets, in the workbook's order.
func xlsxSheets(zr *zip.Reader, limit int64) ([]sheet, error) {
	var names, rels []string
	date1904 := false
	err := readPart(zr, "xl/workbook.xml", limit, true, func(tok xml.Token) error {
		if t, ok := tok.(xml.StartElement); ok {
			switch t.Name.Local {
			case "sheet":
				names = append(names, attrNamed(t, "name"))
				rels = append(rels, relID(t))
			case "workbookPr":
				v := attrNamed(t, "date1904")
				date1904 = v == "1" || v == "true"
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	targets := map[string]string{}
	err = readPart(zr, "xl/_rels/workbook.xml.rels", limit, false, func(tok xml.Token) error {
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "Relationship" {
			target := attrNamed(t, "Target")
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join("xl", target)
			}
			targets[attrNamed(t, "Id")] = target
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	shared, err := sharedStrings(zr, limit)
	if err != nil {
		return nil, err
	}
	dates, err := dateStyles(zr, limit)
	if err != nil {
		return nil, err
	}
	var sheets []sheet
	for i, name := range names {
		part := targets[rels[i]]
		if part == "" {
			part = fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		}
		rows, err := xlsxRows(zr, part, limit, shared, dates, date1904)
		if err != nil {
			return nil, err
		}
		sheets = append(sheets, sheet{name: name, rows: rows})
	}
	return sheets, nil
}

// relID is a <sheet>'s r:id, the relationship that names its part.
func relID(t xml.StartElement) string {
	for _, a := range t.Attr {
		if a.Name.Local == "id" && a.Name.Space != "" {
			return a.Value
		}
	}
	return ""
}

// sharedStrings reads an .xlsx's table of strings: each <si>'s text, its
// runs' text joined, without phonetic guides (<rPh>).
func sharedStrings(zr *zip.Reader, limit int64) ([]string, error) {
	var out []string
	var b strings.Builder
	inT, phonetic := false, 0
	err := readPart(zr, "xl/sharedStrings.xml", limit, false, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				b.Reset()
			case "t":
				inT = true
			case "rPh":
				phonetic++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				out = append(out, b.String())
			case "t":
				inT = false
			case "rPh":
				phonetic--
			}
		case xml.CharData:
			if inT && phonetic == 0 {
				b.Write(t)
			}
		}
		return nil
	})
	return out, err
}

// dateStyles reads which of an .xlsx's cell styles (cellXfs, by index)
// show a date or a time.
func dateStyles(zr *zip.Reader, limit int64) ([]bool, error) {
	custom := map[string]string{} // numFmtId: formatCode
	var styles []bool
	inXfs := false
	err := readPart(zr, "xl/styles.xml", limit, false, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				custom[attrNamed(t, "numFmtId")] = attrNamed(t, "formatCode")
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id := attrNamed(t, "numFmtId")
					code, ok := custom[id]
					n, err := strconv.Atoi(id)
					styles = append(styles, ok && isDateFormat(code) || !ok && err == nil && builtinDate(n))
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
		return nil
	})
	return styles, err
}

// builtinDate reports whether Excel's built-in number format id shows a
// date or a time (ECMA-376 part 1, 18.8.30: 14 to 22 and 45 to 47; 27 to
// 36 and 50 to 58 in East Asian locales).
func builtinDate(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

// isDateFormat reports whether a number format's code shows a date or a
// time: past its quoted text, escaped characters and bracketed colours
// and conditions, it has a year, month, day, hour or second ("m/d/yy
// h:mm", "yyyy-mm-dd", "[h]:mm:ss"); "General", numbers and text do not.
func isDateFormat(code string) bool {
	code = strings.ToLower(code)
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++ // the next character is shown as it is, or pads
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			if inner := code[i+1 : i+j]; strings.Trim(inner, "hms") == "" {
				b.WriteString(inner) // elapsed time: [h], [mm], [ss]
			}
			i += j
		default:
			b.WriteByte(c)
		}
	}
	s := strings.ReplaceAll(b.String(), "general", "")
	return strings.ContainsAny(s, "ymdhs")
}

// excelTime is the time of serial, a number of days since Excel's epoch
// (1899-12-30; with date1904, 1904-01-01), to the second, and whether it
// is a whole day; ok is false for a number no date can be.
func excelTime(serial float64, date1904 bool) (t time.Time, day, ok bool) {
	if math.IsNaN(serial) || serial < 0 || serial > 2958466 { // Excel's last day is 9999-12-31
		return time.Time{}, false, false
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	secs := math.Round(serial * 86400)
	return epoch.Add(time.Duration(secs) * time.Second), math.Mod(secs, 86400) == 0, true
}

// isoNaive writes a date cell's value: a day alone, or a time without a
// zone.
func isoNaive(t time.Time, day bool) string {
	if day {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02T15:04:05")
}

// xlsxRows reads the rows of an .xlsx sheet's part.
func xlsxRows(zr *zip.Reader, part string, limit int64, shared []string, dates []bool, date1904 bool) ([]sheetRow, error) {
	var rows []sheetRow
	var cur *sheetRow
	var c struct {
		col        int
		typ, style string
		v          strings.Builder
		in         bool // in a <v>, or an inline string's <t>
		phonetic   int
	}
	next := 0 // the column of a cell that does not say its own
	err := readPart(zr, part, limit, true, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				num, err := strconv.Atoi(attrNamed(t, "r"))
				if err != nil || num < 1 {
					num = len(rows) + 1
					if len(rows) > 0 {
						num = rows[len(rows)-1].num + 1
					}
				}
				if len(rows) >= maxSheetRows || num > maxSheetRows {
					return errors.New("it has more rows than a sheet may have")
				}
				rows = append(rows, sheetRow{num: num})
				cur, next = &rows[len(rows)-1], 0
			case "c":
				c.col, c.typ, c.style = next, attrNamed(t, "t"), attrNamed(t, "s")
				if col, ok := cellColumn(attrNamed(t, "r")); ok {
					c.col = col
				}
				c.v.Reset()
			case "v":
				c.in = true
			case "t":
				c.in = c.typ == "inlineStr"
			case "rPh":
				c.phonetic++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				c.in = false
			case "rPh":
				c.phonetic--
			case "c":
				if cur == nil || c.col >= maxSheetColumns {
					return nil
				}
				for len(cur.cells) <= c.col {
					cur.cells = append(cur.cells, "")
				}
				cur.cells[c.col] = xlsxValue(c.typ, c.v.String(), c.style, shared, dates, date1904)
				next = c.col + 1
			}
		case xml.CharData:
			if c.in && c.phonetic == 0 {
				c.v.Write(t)
			}
		}
		return nil
	})
	return rows, err
}

// xlsxValue is a cell's value from its type, its stored text and its
// style: a shared string's text, a boolean's TRUE or FALSE, a date's ISO
// 8601, any other as stored.
func xlsxValue(typ, v, style string, shared []string, dates []bool, date1904 bool) string {
	switch typ {
	case "s":
		if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && i >= 0 && i < len(shared) {
			return shared[i]
		}
		return ""
	case "b":
		if strings.TrimSpace(v) == "1" {
			return "TRUE"
		}
		return "FALSE"
	case "", "n":
		s, err := strconv.Atoi(style)
		if err != nil || s < 0 || s >= len(dates) || !dates[s] {
			return v
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return v
		}
		if t, day, ok := excelTime(f, date1904); ok {
			return isoNaive(t, day)
		}
	}
	return v
}

// cellColumn is the column, from 0, of a cell reference ("B2": 1).
func cellColumn(ref string) (int, bool) {
	col, n := 0, 0
	for _, c := range ref {
		switch {
		case c >= 'A' && c <= 'Z':
			col = col*26 + int(c-'A') + 1
		case c >= 'a' && c <= 'z':
			col = col*26 + int(c-'a') + 1
		default:
			if n == 0 {
				return 0, false
			}
			return col - 1, col <= maxSheetColumns
		}
		if n++; n > 3 {
			return 0, false
		}
	}
	return col - 1, n > 0 && col <= maxSheetColumns
}

// odsSheets reads an .ods workbook's tables, in order, from its
// content.xml: each cell's date-value, time-value, value (numbers) or
// boolean-value as stored, else its paragraphs' text, a line each (spaces
// counted, tabs and line breaks kept, annotations left out); a row or a
// cell repeated as many times as it says, up to maxSheetRows rows and
// maxSheetColumns cells, but empty ones only counted.
func odsSheets(zr *zip.Reader, limit int64) ([]sheet, error) {
	var sheets []sheet
	var cur *sheet
	var row []string
	var rowRepeat, num int
	var cell struct {
		value                 string
		repeat                int
		text                  strings.Builder
		paragraphs, note, inP int
		in                    bool
	}
	empty := 0 // empty cells since the row's last value
	err := readPart(zr, "content.xml", limit, true, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "table":
				if t.Name.Space == odsTableNS {
					sheets = append(sheets, sheet{name: attrNamed(t, "name")})
					cur, num = &sheets[len(sheets)-1], 0
				}
			case "table-row":
				row, empty, rowRepeat = nil, 0, repeated(t, "number-rows-repeated", maxSheetRows)
			case "table-cell", "covered-table-cell":
				cell.in, cell.paragraphs, cell.inP = true, 0, 0
				cell.text.Reset()
				cell.repeat = repeated(t, "number-columns-repeated", maxSheetColumns)
				cell.value = odsValue(t)
			case "annotation":
				cell.note++
			case "p", "h":
				if cell.in && cell.note == 0 {
					if cell.paragraphs > 0 {
						cell.text.WriteByte('\n')
					}
					cell.paragraphs++
					cell.inP++
				}
			case "s":
				if cell.in && cell.note == 0 {
					cell.text.WriteString(strings.Repeat(" ", repeated(t, "c", 1024)))
				}
			case "tab":
				if cell.in && cell.note == 0 {
					cell.text.WriteByte('\t')
				}
			case "line-break":
				if cell.in && cell.note == 0 {
					cell.text.WriteByte('\n')
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "annotation":
				cell.note--
			case "p", "h":
				if cell.in && cell.note == 0 {
					cell.inP--
				}
			case "table-cell", "covered-table-cell":
				cell.in = false
				v := cell.value
				if v == "" {
					v = cell.text.String()
				}
				if v == "" {
					empty = min(empty+cell.repeat, maxSheetColumns)
					break
				}
				for ; empty > 0 && len(row) < maxSheetColumns; empty-- {
					row = append(row, "")
				}
				empty = 0
				for k := 0; k < cell.repeat && len(row) < maxSheetColumns; k++ {
					row = append(row, v)
				}
			case "table-row":
				if cur == nil {
					break
				}
				if !hasValue(row) {
					num += rowRepeat
					break
				}
				for k := 0; k < rowRepeat; k++ {
					if num++; num > maxSheetRows {
						return errors.New("it has more rows than a sheet may have")
					}
					cur.rows = append(cur.rows, sheetRow{num: num, cells: row})
				}
			case "table":
				cur = nil
			}
		case xml.CharData:
			if cell.in && cell.note == 0 && cell.inP > 0 {
				cell.text.Write(t)
			}
		}
		return nil
	})
	return sheets, err
}

const odsTableNS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"

// repeated is an element's count attribute (local), at least 1, at most
// most.
func repeated(t xml.StartElement, local string, most int) int {
	n, err := strconv.Atoi(attrNamed(t, local))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, most)
}

// odsValue is a cell's stored value where its type has one: a date's or
// a time's as ISO 8601 (its own), a number's, a boolean's TRUE or FALSE;
// "" for a string, whose text is its paragraphs.
func odsValue(t xml.StartElement) string {
	switch attrNamed(t, "value-type") {
	case "date":
		return attrNamed(t, "date-value")
	case "time":
		return attrNamed(t, "time-value")
	case "float", "percentage", "currency":
		return attrNamed(t, "value")
	case "boolean":
		if attrNamed(t, "boolean-value") == "true" {
			return "TRUE"
		}
		return "FALSE"
	}
	return ""
}
