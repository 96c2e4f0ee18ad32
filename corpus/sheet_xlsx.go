package corpus

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
)

// An .xlsx workbook: Office Open XML's SpreadsheetML (ECMA-376 part 1,
// chapter 18), its parts read as sheet.go says.

// xlsxSheets reads an .xlsx workbook's sheets, in the workbook's order.
func xlsxSheets(zr *zip.Reader, limit int64) ([]sheet, error) {
	var names, rels []string
	date1904 := false
	err := readPart(zr, "xl/workbook.xml", limit, true, func(tok xml.Token) error {
		if t, ok := tok.(xml.StartElement); ok {
			switch t.Name.Local {
			case "sheet":
				names = append(names, attrOf(t, "name"))
				rels = append(rels, relID(t))
			case "workbookPr":
				v := attrOf(t, "date1904")
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
			target := attrOf(t, "Target")
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join("xl", target)
			}
			targets[attrOf(t, "Id")] = target
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
				custom[attrOf(t, "numFmtId")] = attrOf(t, "formatCode")
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id := attrOf(t, "numFmtId")
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
				num, err := strconv.Atoi(attrOf(t, "r"))
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
				c.col, c.typ, c.style = next, attrOf(t, "t"), attrOf(t, "s")
				if col, ok := cellColumn(attrOf(t, "r")); ok {
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
