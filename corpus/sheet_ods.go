package corpus

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
)

// An .ods workbook: OpenDocument's spreadsheet (ISO/IEC 26300), its
// content.xml read as sheet.go says.

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
					sheets = append(sheets, sheet{name: attrOf(t, "name")})
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
	n, err := strconv.Atoi(attrOf(t, local))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, most)
}

// odsValue is a cell's stored value where its type has one: a date's or
// a time's as ISO 8601 (its own), a number's, a boolean's TRUE or FALSE;
// "" for a string, whose text is its paragraphs.
func odsValue(t xml.StartElement) string {
	switch attrOf(t, "value-type") {
	case "date":
		return attrOf(t, "date-value")
	case "time":
		return attrOf(t, "time-value")
	case "float", "percentage", "currency":
		return attrOf(t, "value")
	case "boolean":
		if attrOf(t, "boolean-value") == "true" {
			return "TRUE"
		}
		return "FALSE"
	}
	return ""
}
