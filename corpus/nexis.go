package corpus

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// LexisNexis's text exports: the file a researcher downloads from
// LexisNexis Academic (before Nexis Uni) as "Text", the source of many
// studies of syndication and of most corpora of newspaper text. One file
// holds up to 500 articles, each under a centered "3 of 10 DOCUMENTS"
// line: the newspaper's name, centered; its date ("January 11, 2010
// Monday"), centered, with its edition's lines; the headline; the
// metadata lines (BYLINE, SECTION, LENGTH, DATELINE, ...); the text,
// wrapped at 80 columns; more metadata (LOAD-DATE, LANGUAGE,
// PUBLICATION-TYPE, ...) and the copyright, centered. The download's own
// header before the first article is not one.
//
// Each article is a document, its id the file's with "#n" (its number in
// the download), its place path:line: its outlet the newspaper, its title
// the headline, its time the date (a day), its text the lines between the
// metadata before it (through LENGTH and the lines that follow it) and
// LOAD-DATE (else the metadata and copyright after it), as LexisNexisTools
// (Gruber 2018) reads them.

// nexisMark matches an article's first line: "3 of 10 DOCUMENTS",
// centered ("1 of 1 DOCUMENT"; in German exports, DOKUMENTE).
var nexisMark = regexp.MustCompile(`(?m)^[ \t]+(\d+) of (\d+) (?:DOCUMENTS?|DOKUMENTE?)[ \t]*\r?$`)

// nexisHead reports whether b, a file's first bytes, are a LexisNexis
// text export's: an article's mark among them.
func nexisHead(b []byte) bool {
	return (bytes.Contains(b, []byte(" DOCUMENT")) || bytes.Contains(b, []byte(" DOKUMENT"))) && nexisMark.Match(b)
}

// nexisMeta matches a metadata line: a name in capitals and a colon.
var nexisMeta = regexp.MustCompile(`^([A-Z][A-Z-]+): ?(.*)$`)

// nexisLead are the metadata names that come before an article's text.
var nexisLead = map[string]bool{"BYLINE": true, "SECTION": true, "LENGTH": true, "DATELINE": true, "HIGHLIGHT": true,
	"SOURCE": true, "SERIES": true, "HEADLINE": true, "CORRECTION-DATE": true, "CORRECTION": true, "EDITION": true}

// nexisTail are those that come after it.
var nexisTail = map[string]bool{"LOAD-DATE": true, "LANGUAGE": true, "PUBLICATION-TYPE": true, "JOURNAL-CODE": true,
	"GRAPHIC": true, "SUBJECT": true, "ORGANIZATION": true, "PERSON": true, "GEOGRAPHIC": true, "CITY": true,
	"STATE": true, "COUNTRY": true, "INDUSTRY": true, "TICKER": true, "DOCUMENT-TYPE": true, "NOTES": true, "URL": true}

// nexis delivers the articles of raw, a LexisNexis text export at path.
func (r *reader) nexis(id, path string, raw []byte) error {
	if reason := binary(raw); reason != "" {
		return r.skip(Skip{ID: id, Path: path, Reason: reason})
	}
	dec := decode(raw, r.forced, nil)
	text := string(dec.text)
	marks := nexisMark.FindAllStringSubmatchIndex(text, -1)
	for k, m := range marks {
		end := len(text)
		if k+1 < len(marks) {
			end = marks[k+1][0]
		}
		line := strings.Count(text[:m[0]], "\n") + 1
		docID := fmt.Sprintf("%s#%s", id, text[m[2]:m[3]])
		if err := r.nexisArticle(docID, fmt.Sprintf("%s:%d", path, line), text[m[1]:end], dec); err != nil {
			return err
		}
	}
	return nil
}

// nexisArticle delivers one article, whose lines (past its mark) are
// block.
func (r *reader) nexisArticle(id, where, block string, dec decoded) error {
	lines := strings.Split(strings.ReplaceAll(block, "\r\n", "\n"), "\n")
	d := Doc{ID: id, Path: where, Encoding: dec.encoding, Note: joinNote(dec.note, "read as a LexisNexis export's article")}
	i := 0
	skipBlank := func() {
		for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
			i++
		}
	}
	// The centered lines: the newspaper, its date, its edition.
	for {
		skipBlank()
		if i >= len(lines) || !centered(lines[i]) {
			break
		}
		l := strings.TrimSpace(lines[i])
		i++
		switch {
		case d.Outlet == "":
			d.Outlet = l
		case d.Published.IsZero():
			if t, dateOnly, ok := nexisDate(l); ok {
				d.Published, d.DateOnly = t, dateOnly
			}
		}
	}
	// The headline, up to a blank line, unless the metadata comes first.
	skipBlank()
	var title []string
	for ; i < len(lines) && strings.TrimSpace(lines[i]) != "" && !isNexisMeta(lines[i], nexisLead); i++ {
		title = append(title, strings.TrimSpace(lines[i]))
	}
	d.Title = strings.Join(title, " ")
	// The metadata before the text.
	for skipBlank(); i < len(lines) && isNexisMeta(lines[i], nexisLead); skipBlank() {
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "" && !isNexisMeta(lines[i], nexisLead); i++ {
		}
	}
	// The text, up to the metadata or the copyright after it.
	text := linesUntil(lines[i:], func(l string) bool {
		return isNexisMeta(l, nexisTail) || centered(l) && strings.Contains(strings.ToLower(l), "copyright")
	})
	if text == "" {
		return r.skip(Skip{ID: id, Path: where, Reason: "a LexisNexis article with no text (its headline and metadata alone)"})
	}
	return r.text(d, []byte(text))
}

// linesUntil is lines up to the first that ends the text (end), joined,
// each without the spaces after it, the whole without the blank lines
// around it.
func linesUntil(lines []string, end func(string) bool) string {
	var kept []string
	for _, l := range lines {
		if end(l) {
			break
		}
		kept = append(kept, strings.TrimRight(l, " \t"))
	}
	return strings.TrimSpace(strings.Join(kept, "\n"))
}

// centered reports whether a line is set in the middle of an export's 80
// columns: ten spaces or more before it.
func centered(l string) bool {
	return strings.HasPrefix(l, "          ") && strings.TrimSpace(l) != ""
}

func isNexisMeta(l string, names map[string]bool) bool {
	m := nexisMeta.FindStringSubmatch(strings.TrimRight(l, "\r"))
	return m != nil && names[m[1]]
}

// nexisDate reads an article's date line ("January 11, 2010 Monday",
// "January 11, 2010 Monday 10:35 PM GMT", "11 January 2010"): its day, or
// its time where it gives one with its zone.
func nexisDate(l string) (t time.Time, dateOnly bool, ok bool) {
	var kept []string
	for _, w := range strings.Fields(l) {
		switch strings.ToLower(strings.TrimRight(w, ",")) {
		case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
			continue
		}
		kept = append(kept, w)
	}
	t, dateOnly, note, ok, err := localTime(strings.Join(kept, " "), orderUnknown)
	switch {
	case !ok || err != nil:
		return time.Time{}, false, false
	case note != "" && !dateOnly: // a time with no zone: its day is all that is sure of it
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true, true
	}
	return t, dateOnly, true
}

// Nexis Uni's downloads (LexisNexis's since 2019), as .docx: a cover
// page, then each article as paragraphs: its headline, its newspaper, its
// date, its copyright and metadata ("Section:", "Length:", "Byline:",
// with a no-break space after the colon), a paragraph "Body", its text,
// more metadata ("Classification", "Language:", "Load-Date:", ...), and a
// paragraph "End of Document". nexisUni finds one by those paragraphs;
// nexisUni reads each article as LexisNexisTools does: its headline the
// first line, its newspaper the second, its date the first of its lines
// before "Body" that is one, its text the paragraphs after "Body" up to
// the metadata after it.

// nexisUni reports whether text, a .docx's paragraphs a line each, is a
// Nexis Uni download: it has a paragraph "End of Document" after one
// "Body".
func nexisUni(text []byte) bool {
	body := bytes.Index(text, []byte("\nBody\n"))
	return body >= 0 && bytes.Contains(text[body:], []byte("\nEnd of Document"))
}

// nexisUniEnd matches a paragraph of the metadata after an article's
// text.
var nexisUniEnd = regexp.MustCompile(`^(?:Classification|Load-Date:|Language:|Publication-Type:|Subject:|Graphic|Notes|Correction|End of Document)`)

// nexisUni delivers the articles of a Nexis Uni download whose
// paragraphs, a line each, are text.
func (r *reader) nexisUni(id, path string, text []byte) error {
	lines := strings.Split(string(text), "\n")
	start, n := 0, 0
	for i, l := range lines {
		if strings.TrimSpace(l) != "End of Document" {
			continue
		}
		n++
		article := lines[start:i]
		start = i + 1
		body := -1
		for k, al := range article {
			if strings.TrimSpace(al) == "Body" {
				body = k
				break
			}
		}
		docID, where := fmt.Sprintf("%s#%d", id, n), fmt.Sprintf("%s#%d", path, n)
		if body < 0 {
			if err := r.skip(Skip{ID: docID, Path: where, Reason: "a Nexis Uni article with no \"Body\" (a graphic, or its metadata alone)"}); err != nil {
				return err
			}
			continue
		}
		if err := r.nexisUniArticle(docID, where, article[:body], article[body+1:], n == 1); err != nil {
			return err
		}
	}
	return nil
}

// nexisUniArticle delivers one article of a Nexis Uni download: the
// lines before its "Body" (the cover page's too, if first), and after.
func (r *reader) nexisUniArticle(id, where string, meta, after []string, first bool) error {
	d := Doc{ID: id, Path: where, Encoding: "utf-8", Note: "read as a Nexis Uni download's article"}
	// The first article's own lines start after the cover page's: after
	// the last run of two blank lines, if there is one.
	for k := len(meta) - 2; first && k >= 0; k-- {
		if strings.TrimSpace(meta[k]) == "" && strings.TrimSpace(meta[k+1]) == "" {
			meta = meta[k+2:]
			break
		}
	}
	var kept []string
	for _, l := range meta {
		if l = strings.TrimSpace(l); l != "" {
			kept = append(kept, l)
		}
	}
	if len(kept) > 0 {
		d.Title = kept[0]
	}
	if len(kept) > 1 {
		d.Outlet = kept[1]
	}
	for _, l := range kept[min(2, len(kept)):min(10, len(kept))] {
		if t, dateOnly, ok := nexisDate(l); ok {
			d.Published, d.DateOnly = t, dateOnly
			break
		}
	}
	text := linesUntil(after, func(l string) bool { return nexisUniEnd.MatchString(strings.TrimSpace(l)) })
	if text == "" {
		return r.skip(Skip{ID: id, Path: where, Reason: "a Nexis Uni article with no text after its \"Body\""})
	}
	return r.text(d, []byte(text))
}
