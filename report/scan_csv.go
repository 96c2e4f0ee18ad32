package report

import (
	"encoding/csv"
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
//	source_outlet, source_published, order, seconds_apart, similarity,
//	passages, excerpt
//
// kind is "prose" or "quoted" for a span, "rewrite" for a rewrite (what
// the text is; order says which way it went, where known); source
// is the document it most likely came from (a span's source, a rewrite's
// other document; "" for a span published there first), with its outlet,
// when it was published, whether it is known to be published "earlier" or
// "later" than the document or the order is "unknown" ("" with no source),
// how many seconds apart the two came out, at least (a date covers its
// whole day; "" where the order is unknown), and the similarity; passages lists the ids of the span's passages,
// separated by spaces; start and end are byte offsets into the document's
// text, as in the JSON report, and words counts its words as the report
// does; excerpt is the stretch's text on one line, cut at
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
	about := make(map[string]csvDoc, len(r.Documents))
	for _, d := range r.Documents {
		about[d.ID] = csvDoc{d.Outlet, d.Published}
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"document", "outlet", "published", "start", "end", "words", "kind", "source", "source_outlet",
		"source_published", "order", "seconds_apart", "similarity", "passages", "excerpt"})
	for _, d := range r.Documents {
		rw := d.Rewrites
		for _, s := range d.Spans {
			for ; len(rw) > 0 && rw[0].Start < s.Start; rw = rw[1:] {
				cw.Write(rewriteRow(d, rw[0], about))
			}
			cw.Write(spanRow(d, s, about))
		}
		for _, x := range rw {
			cw.Write(rewriteRow(d, x, about))
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvDoc is what a row says of a source document.
type csvDoc struct{ outlet, published string }

// spanRow is the CSV row of a span of document d.
func spanRow(d ScanDocument, s Span, about map[string]csvDoc) []string {
	kind := "prose"
	if s.Quoted {
		kind = "quoted"
	}
	ids := make([]string, 0, len(s.Pieces))
	for _, p := range s.Pieces {
		if id := strconv.Itoa(p.Passage); len(ids) == 0 || ids[len(ids)-1] != id {
			ids = append(ids, id)
		}
	}
	return row(d, s.Start, s.End, s.Words, kind, s.Source, about, strings.Join(ids, " "))
}

// rewriteRow is the CSV row of a rewrite of document d.
func rewriteRow(d ScanDocument, x Rewrite, about map[string]csvDoc) []string {
	return row(d, x.Start, x.End, x.Words, "rewrite", &x.With, about, "")
}

// row makes a CSV row, its cells safe for a spreadsheet (cell), of a
// stretch from src (nil: none). words is the report's count (0 in a
// report of version 3: counted here).
func row(d ScanDocument, start, end, words int, kind string, src *Source, about map[string]csvDoc, passages string) []string {
	text := d.Text[start:end]
	if words == 0 {
		words = countWords(text)
	}
	var source, order, apart, similarity string
	var of csvDoc
	if src != nil {
		source, of, similarity = src.Doc, about[src.Doc], formatSimilarity(src.Similarity)
		switch order = "unknown"; {
		case src.Earlier:
			order, apart = "earlier", strconv.FormatInt(src.LeadSeconds, 10)
		case src.Later:
			order, apart = "later", strconv.FormatInt(src.LagSeconds, 10)
		}
	}
	return []string{
		cell(d.ID), cell(d.Outlet), cell(d.Published), strconv.Itoa(start), strconv.Itoa(end),
		strconv.Itoa(words), kind, cell(source), cell(of.outlet), cell(of.published), order, apart, similarity, passages,
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
// runes with an ellipsis, without the marks that quote a line in mail and
// Markdown (a line's leading ">", "> >"): a quoted span reads as the
// words it quotes. It reads s's words only as far as the cut.
func wordExcerpt(s string, n int) string {
	var b strings.Builder
	runes := 0
lines:
	for line := range strings.Lines(s) {
		for f := range strings.FieldsSeq(strings.TrimLeft(line, " \t>")) {
			if b.Len() > 0 {
				b.WriteByte(' ')
				runes++
			}
			b.WriteString(f)
			if runes += utf8.RuneCountInString(f); runes > n {
				break lines
			}
		}
	}
	if s = b.String(); runes <= n {
		return s
	}
	return cutAtWord(string([]rune(s)[:n-1])) + "…"
}

// cutAtWord returns s (an excerpt's first runes) up to its last space,
// unless that would leave less than half of it: a long word (a link, a
// path) is then cut inside, so that "A YAML L<mapping|http://yaml.org/…"
// does not read "A YAML…".
func cutAtWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i > 0 && 2*utf8.RuneCountInString(s[:i]) >= utf8.RuneCountInString(s) {
		return s[:i]
	}
	return s
}

// WriteCSVOutlets writes the outlet ledger (Ledger) as CSV, as WriteCSV
// writes (a byte order mark, RFC 4180, cells safe in a spreadsheet): one
// row per outlet,
//
//	outlet, documents, words, original, copied, shared, quoted, rewritten,
//	copied_from, copied_by, shared_with, median_delay_seconds
//
// with the shares as fractions, copied_from, copied_by and shared_with
// as "outlet: words" separated by "; ", and an empty delay when unknown.
func (r *Scan) WriteCSVOutlets(w io.Writer) error {
	r.Sort()
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"outlet", "documents", "words", "original", "copied", "shared", "quoted", "rewritten", "copied_from", "copied_by", "shared_with", "median_delay_seconds"})
	list := func(ws []OutletWords) string {
		parts := make([]string, len(ws))
		for i, x := range ws {
			parts[i] = x.Outlet + ": " + strconv.Itoa(x.Words)
		}
		return cell(strings.Join(parts, "; "))
	}
	for _, o := range r.Ledger() {
		delay := ""
		if o.MedianDelaySeconds != nil {
			delay = strconv.FormatInt(*o.MedianDelaySeconds, 10)
		}
		cw.Write([]string{cell(o.Outlet), strconv.Itoa(o.Documents), strconv.Itoa(o.Words),
			formatSimilarity(o.Original), formatSimilarity(o.Copied), formatSimilarity(o.Shared), formatSimilarity(o.Quoted), formatSimilarity(o.Rewritten),
			list(o.CopiedFrom), list(o.CopiedBy), list(o.SharedWith), delay})
	}
	cw.Flush()
	return cw.Error()
}
