package corpus

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
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
	if tables == 0 && !anyValue(sheets) {
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

// anyValue reports whether some sheet has a value, and so was read or
// skipped with its reason.
func anyValue(sheets []sheet) bool {
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
