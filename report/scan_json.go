package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"

	"github.com/copydesk/copydesk/internal/parallel"
)

// WriteJSON writes the report as indented JSON, in its documented order.
func (r *Scan) WriteJSON(w io.Writer) error {
	r.Sort()
	// The report is written field by field and its arrays element by
	// element, the elements marshalled in parallel and written in order,
	// so that the whole never sits in memory. The bytes are those of a
	// json.Encoder with SetIndent("", "  ") and SetEscapeHTML(false)
	// (TestWriteJSONStreams).
	return writeObject(w, func(jw *jsonWriter) {
		jw.key("version")
		jw.value(r.Version, "  ")
		jw.key("params")
		jw.value(r.Params, "  ")
		jw.key("archive")
		jw.value(r.Archive, "  ")
		jw.key("documents")
		// A text left in the TextFile is read as its document is written.
		writeArray(jw, r.Documents, "  ", func(i int, d *ScanDocument) (err error) {
			d.Text, err = r.documentText(i)
			d.Spans = withAttributions(d.Spans, d.Text, true) // a copy: the report stays as it is
			return err
		})
		jw.key("skipped")
		writeArray(jw, r.Skipped, "  ", nil)
		jw.key("outlets")
		r.Outlets = r.Ledger()
		writeArray(jw, r.Outlets, "  ", nil)
		jw.key("passages")
		writeArray(jw, r.Passages, "  ", nil)
		jw.key("pairs")
		writeArray(jw, r.Pairs, "  ", nil)
	})
}

// writeObject writes to w a JSON object indented by two spaces, whose
// fields body writes (each after jsonWriter.key), and a newline; the
// error is the first the writing met.
func writeObject(w io.Writer, body func(jw *jsonWriter)) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	jw := jsonWriter{w: bw}
	bw.WriteString("{")
	body(&jw)
	bw.WriteString("\n}\n")
	if jw.err == nil {
		jw.err = bw.Flush()
	}
	if jw.err != nil {
		return fmt.Errorf("report: %w", jw.err)
	}
	return nil
}

// key starts a field of the object writeObject writes.
func (jw *jsonWriter) key(name string) {
	if jw.fields > 0 {
		jw.w.WriteByte(',')
	}
	jw.fields++
	jw.w.WriteString("\n  \"" + name + "\": ")
}

// WriteJSONLines writes the report as JSON Lines, for reports too large
// to read whole: a line for each element of the JSON report's arrays
// (WriteJSON), unindented, as the one field of an object named for its
// kind: {"document": ...} for each document, then {"skipped": ...},
// {"outlet": ...}, {"passage": ...} and {"pair": ...}, after a first line
// {"report": {"version": ..., "params": ..., "archive": ...}} with the
// report's own fields. Each element is what it is in the JSON report
// (report/scan.schema.json), the document's text included.
func (r *Scan) WriteJSONLines(w io.Writer) error {
	r.Sort()
	return r.writeLines(w, linesAll)
}

// The parts of the JSON Lines report, for a report written by many
// writers (a Beam run): its first line (WriteJSONLinesHead), its
// documents' lines, written by whoever holds them (WriteDocumentLines),
// its skipped inputs' and outlets' (WriteJSONLinesLedger), and its
// passages' and pairs' (WritePassageLines, WritePairLines). Those parts,
// in that order, are WriteJSONLines's bytes.

// WriteJSONLinesHead writes the first line of the report as JSON Lines
// (WriteJSONLines): the report's own fields.
func (r *Scan) WriteJSONLinesHead(w io.Writer) error {
	r.Version = ScanVersion
	return r.writeLines(w, linesHead)
}

// WriteJSONLinesLedger writes the lines of the report as JSON Lines
// (WriteJSONLines) that follow its documents' and come before its
// passages': its skipped inputs and its outlet ledger (Ledger, of its
// Documents and Passages, which need hold no more than ForLedger keeps of
// a document and a passage's ID, origin and order). Sort it first.
func (r *Scan) WriteJSONLinesLedger(w io.Writer) error {
	return r.writeLines(w, linesLedger)
}

// WriteDocumentLines writes docs as the lines of documents of a report as
// JSON Lines (WriteJSONLines), in order, each put in the report's order
// first (SortDocument; it is left so) and its text read from its Text.
func WriteDocumentLines(w io.Writer, docs []ScanDocument, renumber func(old int) (int, bool)) error {
	for i := range docs {
		SortDocument(&docs[i], renumber)
	}
	return (&Scan{Documents: docs}).writeLines(w, linesDocuments)
}

// WritePassageLines writes passages as the lines of passages of a report
// as JSON Lines (WriteJSONLines), in order, each's members put in order
// first (SortPassage). Their IDs are the report's, once sorted.
func WritePassageLines(w io.Writer, passages []Passage) error {
	for i := range passages {
		SortPassage(&passages[i])
	}
	return (&Scan{Passages: passages}).writeLines(w, linesPassages)
}

// WritePairLines writes pairs as the lines of pairs of a report as JSON
// Lines (WriteJSONLines), in order, each's passages put in order first
// (SortPair).
func WritePairLines(w io.Writer, pairs []ScanPair) error {
	for i := range pairs {
		SortPair(&pairs[i])
	}
	return (&Scan{Pairs: pairs}).writeLines(w, linesPairs)
}

// The parts of the JSON Lines report, for writeLines.
const (
	linesHead = 1 << iota
	linesDocuments
	linesLedger
	linesPassages
	linesPairs
	linesAll = linesHead | linesDocuments | linesLedger | linesPassages | linesPairs
)

// writeLines writes the parts of the report as JSON Lines asked for, in
// order.
func (r *Scan) writeLines(w io.Writer, parts int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	jw := jsonWriter{w: bw}
	if parts&linesHead != 0 {
		h := struct {
			Version int           `json:"version"`
			Params  ScanParams    `json:"params"`
			Archive *ArchiveCheck `json:"archive"`
		}{r.Version, r.Params, r.Archive}
		writeLines(&jw, []any{h}, "report", nil)
	}
	if parts&linesDocuments != 0 {
		writeLines(&jw, r.Documents, "document", func(i int, d *ScanDocument) (err error) {
			d.Text, err = r.documentText(i)
			d.Spans = withAttributions(d.Spans, d.Text, true) // a copy: the report stays as it is
			return err
		})
	}
	if parts&linesLedger != 0 {
		writeLines(&jw, r.Skipped, "skipped", nil)
		r.Outlets = r.Ledger()
		writeLines(&jw, r.Outlets, "outlet", nil)
	}
	if parts&linesPassages != 0 {
		writeLines(&jw, r.Passages, "passage", nil)
	}
	if parts&linesPairs != 0 {
		writeLines(&jw, r.Pairs, "pair", nil)
	}
	if jw.err == nil {
		jw.err = bw.Flush()
	}
	if jw.err != nil {
		return fmt.Errorf("report: %w", jw.err)
	}
	return nil
}

// jsonWriter writes JSON values, keeping the first error; with html, <,
// > and & in strings are escaped (\u003c and the like), for a page's
// script element.
type jsonWriter struct {
	w      *bufio.Writer
	err    error
	html   bool
	fields int // the fields key has started
}

// marshal returns v as indented JSON for a line starting with prefix,
// without a final newline.
func marshal(v any, prefix string) ([]byte, error) {
	b, err := encodeJSON(v, false)
	if err != nil {
		return nil, err
	}
	return appendIndented(nil, b, prefix, "  "), nil
}

// encodeJSON returns v as encoding/json marshals it, unindented, with <,
// > and & in strings escaped if html.
func encodeJSON(v any, html bool) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// compact writes v unindented, as json.Marshal does.
func (jw *jsonWriter) compact(v any) {
	if jw.err != nil {
		return
	}
	var b []byte
	if b, jw.err = encodeJSON(v, jw.html); jw.err == nil {
		jw.w.Write(b)
	}
}

// value writes v indented, on a line starting with prefix (not for html).
func (jw *jsonWriter) value(v any, prefix string) {
	if jw.err != nil {
		return
	}
	b, err := marshal(v, prefix)
	if err != nil {
		jw.err = err
		return
	}
	jw.w.Write(b)
}

// writeArray writes xs as an indented JSON array whose brackets' line
// starts with prefix (encodeEach); fill, if not nil, completes a copy of
// element i before it is written.
func writeArray[T any](jw *jsonWriter, xs []T, prefix string, fill func(i int, x *T) error) {
	if jw.err != nil {
		return
	}
	if len(xs) == 0 {
		jw.w.WriteString("[]")
		return
	}
	inner := prefix + "  "
	jw.w.WriteString("[\n")
	encodeEach(jw, xs, inner, fill, func(i int, b []byte) {
		jw.w.WriteString(inner)
		jw.w.Write(b)
		if i+1 < len(xs) {
			jw.w.WriteString(",\n")
		} else {
			jw.w.WriteString("\n")
		}
	})
	if jw.err == nil {
		jw.w.WriteString(prefix + "]")
	}
}

// writeCompact writes xs as an unindented JSON array, null if nil, as
// json.Marshal does (encodeEach).
func writeCompact[T any](jw *jsonWriter, xs []T) {
	if jw.err != nil {
		return
	}
	if xs == nil {
		jw.w.WriteString("null")
		return
	}
	jw.w.WriteString("[")
	encodeEach(jw, xs, "", nil, func(i int, b []byte) {
		if i > 0 {
			jw.w.WriteString(",")
		}
		jw.w.Write(b)
	})
	jw.w.WriteString("]")
}

// writeLines writes each element of xs on a line of its own, unindented,
// as the value of an object's one field, key: {"key":element}.
func writeLines[T any](jw *jsonWriter, xs []T, key string, fill func(i int, x *T) error) {
	open := `{"` + key + `":`
	encodeEach(jw, xs, "", fill, func(_ int, b []byte) {
		jw.w.WriteString(open)
		jw.w.Write(b)
		jw.w.WriteString("}\n")
	})
}

// encodeEach marshals the elements of xs, indented for a line starting
// with inner ("" for none: unindented), and calls put with each in order
// (inOrder), each goroutine with an encoder of its own that it reuses;
// indented by appendIndented, which makes json.Indent's bytes ten times
// faster. fill, if not nil, completes a copy of element i before it is
// marshalled.
func encodeEach[T any](jw *jsonWriter, xs []T, inner string, fill func(i int, x *T) error, put func(i int, b []byte)) {
	if jw.err != nil {
		return
	}
	type encoder struct {
		buf bytes.Buffer // the value being encoded
		enc *json.Encoder
	}
	encs := make([]encoder, runtime.GOMAXPROCS(0))
	for w := range encs {
		encs[w].enc = json.NewEncoder(&encs[w].buf)
		encs[w].enc.SetEscapeHTML(jw.html)
	}
	jw.err = inOrder(len(xs), len(encs), func(w, i int, dst []byte) ([]byte, error) {
		e := &encs[w]
		e.buf.Reset()
		x := xs[i]
		if fill != nil {
			if err := fill(i, &x); err != nil {
				return dst, err
			}
		}
		switch v := any(&x).(type) { // most of a report: no reflection (scan_json_doc.go)
		case *ScanDocument:
			return appendDocument(dst, v, inner, inner == "", jw.html)
		case *Passage:
			return appendPassage(dst, v, inner, inner == "", jw.html)
		case *ScanPair:
			return appendPair(dst, v, inner, inner == "", jw.html)
		}
		if err := e.enc.Encode(x); err != nil {
			return dst, err
		}
		b := bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))
		if inner != "" {
			return appendIndented(dst, b, inner, "  "), nil
		}
		return append(dst, b...), nil
	}, put)
}

// inOrder makes the parts of items [0, n) and hands them to put in
// order: a window of items at a time, made in parallel on workers
// goroutines (part(w, i, dst) appends item i's to dst, the arena of
// goroutine w, which holds the window's parts one after another), so that
// a report of a hundred thousand documents is neither made on one core
// nor held whole. It stops at the first error, in order.
func inOrder(n, workers int, part func(w, i int, dst []byte) ([]byte, error), put func(i int, b []byte)) error {
	const window = 256
	arenas := make([][]byte, workers)
	type span struct {
		w, start, end int
		err           error
	}
	out := make([]span, min(window, n))
	for lo := 0; lo < n; lo += window {
		hi := min(lo+window, n)
		for w := range arenas {
			arenas[w] = arenas[w][:0]
		}
		parallel.Chunks(hi-lo, 8, workers, func(w, a, b int) {
			for i := lo + a; i < lo+b; i++ {
				start := len(arenas[w])
				var err error
				arenas[w], err = part(w, i, arenas[w])
				out[i-lo] = span{w, start, len(arenas[w]), err}
			}
		})
		for i := lo; i < hi; i++ {
			sp := out[i-lo]
			if sp.err != nil {
				return sp.err
			}
			put(i, arenas[sp.w][sp.start:sp.end])
		}
	}
	return nil
}

// ReadScan reads a Scan report written by WriteJSON.
func ReadScan(rd io.Reader) (*Scan, error) {
	var r Scan
	if err := decodeScan(rd, &r); err != nil {
		return nil, fmt.Errorf("report: reading a scan report: %w", err)
	}
	switch {
	case r.Version == 1:
		return nil, fmt.Errorf("report: version 1: a dupes report, or a scan report of an older copydesk; this copydesk reads scan reports of versions 3 and %d", ScanVersion)
	case r.Version != ScanVersion && r.Version != 3: // 3 lacks only the rewrites
		return nil, fmt.Errorf("report: scan report version %d, this copydesk reads versions 3 and %d", r.Version, ScanVersion)
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("report: not a whole scan report: %w", err)
	}
	return &r, nil
}
