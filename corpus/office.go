package corpus

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Word processors' documents: .docx (Office Open XML, ECMA-376) and .odt
// (OpenDocument, ISO/IEC 26300), a reporter's draft or a press release
// as it was sent.
//
// Both are zip archives of XML. The text is the body's paragraphs, one a
// line: in a .docx, word/document.xml's w:p, their w:t runs, tabs and
// breaks, without text deleted in tracked changes (w:delText), field codes
// (w:instrText) or a drawing's fallback copy (mc:Fallback, which repeats a
// text box); in an .odt, content.xml's text:p and text:h, spaces (text:s)
// counted, without notes, annotations and tracked deletions. Headers,
// footers, footnotes and comments, kept apart in both formats, are not
// the text. The title is the document's own (docProps/core.xml's or
// meta.xml's dc:title), else its first line when that looks like a
// headline, as a text file's. A document has no outlet and no time: its
// creation and change dates are not when it was published.
//
// A document whose XML unpacks to more than maxOfficeXML bytes is
// skipped, saying so: a zip can unpack a few kilobytes to gigabytes.

// maxOfficeXML is the most bytes of XML a document's text is read from.
const maxOfficeXML = 64 << 20

// office delivers the document of a .docx or .odt file (kind), whose
// bytes are raw, or skips it.
func (r *reader) office(kind, id, path string, raw []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return r.skip(Skip{ID: id, Path: path, Reason: fmt.Sprintf("not a %s document: %v", kind, err)})
	}
	body, meta, text := "word/document.xml", "docProps/core.xml", docxText
	if kind == "odt" {
		body, meta, text = "content.xml", "meta.xml", odtText
	}
	xmlBody, err := zipEntry(zr, body, maxOfficeXML)
	if err != nil {
		return r.skip(Skip{ID: id, Path: path, Reason: fmt.Sprintf("not a %s document: %v", kind, err)})
	}
	out, err := text(xmlBody)
	if err != nil {
		return r.skip(Skip{ID: id, Path: path, Reason: fmt.Sprintf("the %s document's text cannot be read: %v", kind, err)})
	}
	out = normalizeNewlines(bytes.ToValidUTF8(out, []byte("\uFFFD")))
	if kind == "docx" && nexisUni(out) {
		return r.nexisUni(id, path, out)
	}
	d := Doc{ID: id, Path: path, Encoding: "utf-8", plain: true}
	if m, err := zipEntry(zr, meta, maxOfficeXML); err == nil {
		d.Title = dcTitle(m)
	}
	return r.text(d, out)
}

// zipEntry returns the unpacked bytes of the archive's file name, or an
// error if they are more than limit.
func zipEntry(zr *zip.Reader, name string, limit int64) ([]byte, error) {
	f, err := zr.Open(name)
	if err != nil {
		return nil, fmt.Errorf("it has no %s", name)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s: %v", name, err)
	case int64(len(b)) > limit:
		return nil, fmt.Errorf("%s unpacks to more than %d bytes, more than is read", name, limit)
	}
	return b, nil
}

// docxText is the text of a .docx's word/document.xml.
func docxText(b []byte) ([]byte, error) {
	const w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	return xmlText(b, false, func(e xml.StartElement) (string, action) {
		switch {
		case e.Name.Local == "Fallback": // mc:Fallback: a copy of what mc:Choice holds
			return "", skipElement
		case e.Name.Space != w:
			return "", keep
		}
		switch e.Name.Local {
		case "t":
			return "", collect
		case "tab":
			return "\t", keep
		case "br", "cr":
			return "\n", keep
		case "noBreakHyphen":
			return "-", keep
		case "delText", "moveFrom", "instrText", "footnoteReference", "endnoteReference":
			return "", skipElement
		case "p":
			return "", paragraph
		}
		return "", keep
	})
}

// odtText is the text of an .odt's content.xml.
func odtText(b []byte) ([]byte, error) {
	const text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	const office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	return xmlText(b, true, func(e xml.StartElement) (string, action) {
		switch {
		case e.Name.Space == office && e.Name.Local == "annotation":
			return "", skipElement
		case e.Name.Space != text:
			return "", keep
		}
		switch e.Name.Local {
		case "p", "h":
			return "", paragraph
		case "s":
			n := 1
			for _, a := range e.Attr {
				if a.Name.Local == "c" {
					if c, err := strconv.Atoi(a.Value); err == nil && c > 0 && c < 1000 {
						n = c
					}
				}
			}
			return strings.Repeat(" ", n), keep
		case "tab":
			return "\t", keep
		case "line-break":
			return "\n", keep
		case "note", "tracked-changes", "bookmark-ref", "sequence-decls":
			return "", skipElement
		}
		return "", keep
	})
}

// action is what xmlText does with an element.
type action int

const (
	keep        action = iota // write what it says, read inside it
	collect                   // write its character data too (a .docx's w:t)
	skipElement               // nothing of it or inside it
	paragraph                 // end a line after it
)

// xmlText walks an XML document's elements, asking of each what to do
// (of), and returns the text so written, a line a paragraph; a
// paragraph's character data is its text if paragraphText (an .odt's),
// else only that of the elements collected (a .docx's runs).
func xmlText(b []byte, paragraphText bool, of func(xml.StartElement) (string, action)) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out []byte
	var stack []action
	skipping, inText, inPara := 0, 0, 0 // depths of elements skipped, collected, paragraphs
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			a := keep
			if skipping > 0 {
				skipping++
				stack = append(stack, skipElement)
				continue
			}
			var s string
			s, a = of(t)
			switch a {
			case skipElement:
				skipping = 1
			case collect:
				inText++
			case paragraph:
				inPara++
			}
			out = append(out, s...)
			stack = append(stack, a)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, errors.New("an element ends that did not start")
			}
			a := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch {
			case skipping > 0:
				skipping--
			case a == collect:
				inText--
			case a == paragraph:
				inPara--
				out = append(out, '\n')
			}
		case xml.CharData:
			if skipping == 0 && (inText > 0 || inPara > 0 && paragraphText) {
				out = append(out, t...)
			}
		}
	}
}

// dcTitle is the dc:title of a document's metadata, or "".
func dcTitle(b []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "title" && e.Name.Space == "http://purl.org/dc/elements/1.1/" {
			var s string
			if dec.DecodeElement(&s, &e) != nil {
				return ""
			}
			return strings.Join(strings.Fields(s), " ")
		}
	}
}
