package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WriteCSV writes the report as a table a spreadsheet opens: one row per
// shared span and per rewrite, in document order, then offset, under a
// header row:
//
//	document, outlet, published, start, end, words, kind, source,
//	source_outlet, similarity, passages, excerpt
//
// kind is "copied" or "quoted" for a span, "rewrite" for a rewrite; source
// is the document it most likely came from (a span's source, a rewrite's
// other document; "" for a span published there first), with its outlet
// and the similarity; passages lists the ids of the span's passages,
// separated by spaces; start and end are byte offsets into the document's
// text, as in the JSON report, and words counts its words (runs of
// letters and digits); excerpt is the stretch's text on one line, cut at
// a word to 160 characters.
//
// The file is RFC 4180 (encoding/csv), in UTF-8 after a byte order mark
// so that spreadsheets read it as UTF-8, and safe to open: a cell that
// starts with "=", "+", "-", "@", a tab or a carriage return, which a
// spreadsheet would take for a formula, is written after an apostrophe.
func (r *Scan) WriteCSV(w io.Writer) error {
	r.Sort()
	if err := r.LoadTexts(); err != nil {
		return err
	}
	outlet := make(map[string]string, len(r.Documents))
	for _, d := range r.Documents {
		outlet[d.ID] = d.Outlet
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"document", "outlet", "published", "start", "end", "words", "kind", "source", "source_outlet", "similarity", "passages", "excerpt"})
	for _, d := range r.Documents {
		rw := d.Rewrites
		for _, s := range d.Spans {
			for ; len(rw) > 0 && rw[0].Start < s.Start; rw = rw[1:] {
				cw.Write(rewriteRow(d, rw[0], outlet))
			}
			cw.Write(spanRow(d, s, outlet))
		}
		for _, x := range rw {
			cw.Write(rewriteRow(d, x, outlet))
		}
	}
	cw.Flush()
	return cw.Error()
}

// spanRow is the CSV row of a span of document d.
func spanRow(d ScanDocument, s Span, outlet map[string]string) []string {
	kind := "copied"
	if s.Quoted {
		kind = "quoted"
	}
	var source, similarity string
	if s.Source != nil {
		source, similarity = s.Source.Doc, formatSimilarity(s.Source.Similarity)
	}
	ids := make([]string, 0, len(s.Pieces))
	for _, p := range s.Pieces {
		if id := strconv.Itoa(p.Passage); len(ids) == 0 || ids[len(ids)-1] != id {
			ids = append(ids, id)
		}
	}
	return row(d, s.Start, s.End, kind, source, outlet[source], similarity, strings.Join(ids, " "))
}

// rewriteRow is the CSV row of a rewrite of document d.
func rewriteRow(d ScanDocument, x Rewrite, outlet map[string]string) []string {
	return row(d, x.Start, x.End, "rewrite", x.With.Doc, outlet[x.With.Doc], formatSimilarity(x.With.Similarity), "")
}

// row makes a CSV row, its cells safe for a spreadsheet (cell).
func row(d ScanDocument, start, end int, kind, source, sourceOutlet, similarity, passages string) []string {
	text := d.Text[start:end]
	return []string{
		cell(d.ID), cell(d.Outlet), cell(d.Published), strconv.Itoa(start), strconv.Itoa(end),
		strconv.Itoa(countWords(text)), kind, cell(source), cell(sourceOutlet), similarity, passages,
		cell(wordExcerpt(text, 160)),
	}
}

// formatSimilarity writes a similarity with the four decimals of the JSON
// report.
func formatSimilarity(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

// cell makes s safe in a spreadsheet's cell: one that starts as a formula
// would ("=", "+", "-", "@", a tab, a carriage return) is written after an
// apostrophe, which spreadsheets show as text (OWASP's advice on CSV
// injection).
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// wordExcerpt returns s on one line, cut at a word boundary to at most n
// runes with an ellipsis.
func wordExcerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if i := strings.LastIndexByte(string(r), ' '); i > 0 {
		return string(r)[:i] + "…"
	}
	return fmt.Sprintf("%s…", string(r))
}
