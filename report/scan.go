package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"unicode/utf8"
)

// ScanVersion is the version of the Scan JSON format (schema:
// scan.schema.json). It changes when a field changes meaning or is removed;
// added fields do not change it.
const ScanVersion = 1

// Scan is the report of `copydesk scan`: the passages each document shares
// with others, and what remains its own.
//
// JSON, specified in full by the JSON Schema in scan.schema.json (all keys
// always present, lists never null; offsets are UTF-8 byte offsets into the
// document's text, end exclusive; fractions and similarities are rounded to
// four decimals):
//
//	{"version": 1,
//	 "params": {"shingle", "min_words", "min_content", "min_cover", "long_words",
//	            "max_gap", "max_docs", "stock_shingles"},
//	 "documents": [{"id", "path", "outlet", "published", "title", "url", "text",
//	                "encoding", "note",
//	                "words", "original_fraction",
//	                "spans": [{"start", "end", "quoted", "attribution",
//	                           "matches": [{"doc", "start", "end", "similarity"}]}],
//	                "original": [{"start", "end"}],
//	                "boilerplate": [{"start", "end"}],
//	                "attributions": [{"start", "end", "sources"}],
//	                "repairs": [{"start", "end", "was", "kind"}]}],
//	 "skipped": [{"id", "path", "reason"}],
//	 "passages": [{"id", "reach", "words", "quoted", "source",
//	               "members": [{"doc", "start", "end", "quoted"}]}],
//	 "pairs": [{"a", "b", "jaccard", "containment_a_in_b", "containment_b_in_a",
//	            "shared_a", "shared_b", "spans"}]}
//
// Order: documents and skipped in input order; a document's spans, original
// ranges, boilerplate, attributions and repairs by offset; a span's matches by document
// id, then offset; passages by reach (most documents first), then words,
// then first member; a passage's members by document id; pairs by a, then b,
// with a < b.
type Scan struct {
	Version   int            `json:"version"`
	Params    ScanParams     `json:"params"`
	Documents []ScanDocument `json:"documents"`
	Skipped   []Skipped      `json:"skipped"`
	Passages  []Passage      `json:"passages"`
	Pairs     []ScanPair     `json:"pairs"`
}

// ScanParams records the settings of a scan.
type ScanParams struct {
	Shingle    int `json:"shingle"`     // words per shingle in candidate postings
	MinWords   int `json:"min_words"`   // evidence: matched words a passage needs
	MinContent int `json:"min_content"` // evidence: matched content words it needs
	// MinCover is the share of the shorter side's sentences that a passage
	// shorter than LongWords must cover.
	MinCover  float64 `json:"min_cover"`
	LongWords int     `json:"long_words"`
	MaxGap    int     `json:"max_gap"`  // words between aligned pieces of one passage
	MaxDocs   int     `json:"max_docs"` // a shingle in more documents is a stock phrase
	// StockShingles counts the distinct shingles passed over as stock
	// phrases (found in more than max_docs documents).
	StockShingles int `json:"stock_shingles"`
}

// ScanDocument is one analysed document.
type ScanDocument struct {
	ID        string `json:"id"`
	Path      string `json:"path"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"` // RFC 3339, or "" when unknown
	Title     string `json:"title"`
	URL       string `json:"url"`
	Text      string `json:"text"`     // as analysed, after decoding and repair
	Encoding  string `json:"encoding"` // what the input bytes were read as: utf-8, utf-16le, utf-16be, gb18030, windows-1252
	Note      string `json:"note"`     // what the reader changed, such as a renamed duplicate id; "" when nothing
	Words     int    `json:"words"`
	// OriginalFraction is the share of the document's words in no shared span.
	OriginalFraction float64 `json:"original_fraction"`
	Spans            []Span  `json:"spans"`
	Original         []Range `json:"original"`
	// Boilerplate is the page chrome left out of matching and of the
	// original text: lines such as "Accessibility links" or a site's
	// recurring footer.
	Boilerplate  []Range       `json:"boilerplate"`
	Attributions []Attribution `json:"attributions"`
	Repairs      []Repair      `json:"repairs"`
}

// Span is a stretch of a document shared with other documents. Every match
// covers the whole span: where partners cover different stretches, the
// document's shared text is cut into spans at their boundaries.
type Span struct {
	Start  int  `json:"start"`
	End    int  `json:"end"`
	Quoted bool `json:"quoted"` // most of its words are inside quotation marks
	// Attribution is the attribution phrase of the sentence the span is in
	// ("The AP reported", "according to the White House"), or "".
	Attribution string  `json:"attribution"`
	Matches     []Match `json:"matches"`
}

// Match is where a span's text appears in another document.
type Match struct {
	Doc   string `json:"doc"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Similarity is the share of the two stretches' words that the
	// alignment matched: 2·matched / (words here + words there).
	Similarity float64 `json:"similarity"`
}

// Range is a stretch of a document's text.
type Range struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Attribution is an attribution line or phrase and the sources it names.
type Attribution struct {
	Start   int      `json:"start"`
	End     int      `json:"end"`
	Sources []string `json:"sources"`
}

// Repair records a repair of the input: text[start:end] replaced Was.
type Repair struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Was   string `json:"was"`
	Kind  string `json:"kind"`
}

// Passage is a reuse cluster: one passage found in several documents. Every
// two members are aligned with each other directly (complete linkage), so a
// passage never chains unrelated text through a common phrase.
type Passage struct {
	ID     int  `json:"id"`    // 1, 2, ... in the order of the list
	Reach  int  `json:"reach"` // documents that carry it
	Words  int  `json:"words"` // words of its longest member
	Quoted bool `json:"quoted"`
	// Source is the id of the earliest member when every member's
	// publication time is known and one is strictly earliest, else "".
	Source  string   `json:"source"`
	Members []Member `json:"members"`
}

// Member is one document's copy of a passage.
type Member struct {
	Doc    string `json:"doc"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Quoted bool   `json:"quoted"`
}

// ScanPair is two documents that share at least one span. Jaccard and the
// containments are exact, over the documents' word-shingle sets (Broder
// 1997): containment_a_in_b = |A ∩ B| / |A|. shared_a is the share of a's
// words in spans shared with b; spans counts those spans in a.
type ScanPair struct {
	A               string  `json:"a"`
	B               string  `json:"b"`
	Jaccard         float64 `json:"jaccard"`
	ContainmentAInB float64 `json:"containment_a_in_b"`
	ContainmentBInA float64 `json:"containment_b_in_a"`
	SharedA         float64 `json:"shared_a"`
	SharedB         float64 `json:"shared_b"`
	Spans           int     `json:"spans"`
}

// Sort puts the report in its documented order and makes nil lists empty.
func (r *Scan) Sort() {
	r.Version = ScanVersion
	r.Documents = orEmpty(r.Documents)
	r.Skipped = orEmpty(r.Skipped)
	r.Passages = orEmpty(r.Passages)
	r.Pairs = orEmpty(r.Pairs)
	// The documents, and the passages and pairs, sort side by side: a
	// report of many documents spends tens of milliseconds here.
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range r.Passages {
			sortFunc(r.Passages[i].Members, func(a, b Member) int {
				if c := strings.Compare(a.Doc, b.Doc); c != 0 {
					return c
				}
				return cmp.Compare(a.Start, b.Start)
			})
		}
		slices.SortStableFunc(r.Passages, func(a, b Passage) int {
			switch {
			case a.Reach != b.Reach:
				return cmp.Compare(b.Reach, a.Reach)
			case a.Words != b.Words:
				return cmp.Compare(b.Words, a.Words)
			}
			if c := strings.Compare(a.Members[0].Doc, b.Members[0].Doc); c != 0 {
				return c
			}
			return cmp.Compare(a.Members[0].Start, b.Members[0].Start)
		})
		for i := range r.Passages {
			r.Passages[i].ID = i + 1
		}
		sortFunc(r.Pairs, func(a, b ScanPair) int {
			if c := strings.Compare(a.A, b.A); c != 0 {
				return c
			}
			return strings.Compare(a.B, b.B)
		})
	})
	for i := range r.Documents {
		d := &r.Documents[i]
		d.Spans = orEmpty(d.Spans)
		d.Original = orEmpty(d.Original)
		d.Boilerplate = orEmpty(d.Boilerplate)
		d.Attributions = orEmpty(d.Attributions)
		d.Repairs = orEmpty(d.Repairs)
		sortFunc(d.Spans, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
		for k := range d.Spans {
			ms := orEmpty(d.Spans[k].Matches)
			sortFunc(ms, func(a, b Match) int {
				if c := strings.Compare(a.Doc, b.Doc); c != 0 {
					return c
				}
				return cmp.Compare(a.Start, b.Start)
			})
			d.Spans[k].Matches = ms
		}
		for k := range d.Attributions {
			d.Attributions[k].Sources = orEmpty(d.Attributions[k].Sources)
		}
	}
	wg.Wait()
}

// sortFunc sorts x by cmp, after a check that it is not sorted already, as
// what Scan reports mostly is.
func sortFunc[T any](x []T, cmp func(a, b T) int) {
	if !slices.IsSortedFunc(x, cmp) {
		slices.SortFunc(x, cmp)
	}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// WriteJSON writes the report as indented JSON, in its documented order.
func (r *Scan) WriteJSON(w io.Writer) error {
	r.Sort()
	// The report is written field by field and its arrays element by
	// element, the elements marshalled in parallel and written in order,
	// so that the whole never sits in memory. The bytes are those of a
	// json.Encoder with SetIndent("", "  ") and SetEscapeHTML(false)
	// (TestWriteJSONStreams).
	bw := bufio.NewWriterSize(w, 1<<16)
	jw := jsonWriter{w: bw}
	bw.WriteString("{\n  \"version\": ")
	jw.value(r.Version, "  ")
	bw.WriteString(",\n  \"params\": ")
	jw.value(r.Params, "  ")
	bw.WriteString(",\n  \"documents\": ")
	writeArray(&jw, r.Documents, "  ")
	bw.WriteString(",\n  \"skipped\": ")
	writeArray(&jw, r.Skipped, "  ")
	bw.WriteString(",\n  \"passages\": ")
	writeArray(&jw, r.Passages, "  ")
	bw.WriteString(",\n  \"pairs\": ")
	writeArray(&jw, r.Pairs, "  ")
	bw.WriteString("\n}\n")
	if jw.err == nil {
		jw.err = bw.Flush()
	}
	if jw.err != nil {
		return fmt.Errorf("report: %w", jw.err)
	}
	return nil
}

// jsonWriter writes indented JSON values, keeping the first error.
type jsonWriter struct {
	w   *bufio.Writer
	err error
}

// marshal returns v as indented JSON for a line starting with prefix,
// without a final newline.
func marshal(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// value writes v, on a line starting with prefix.
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
// starts with prefix: a window of elements at a time, marshalled in
// parallel.
func writeArray[T any](jw *jsonWriter, xs []T, prefix string) {
	if jw.err != nil {
		return
	}
	if len(xs) == 0 {
		jw.w.WriteString("[]")
		return
	}
	inner := prefix + "  "
	jw.w.WriteString("[\n")
	const window = 256
	out := make([][]byte, window)
	errs := make([]error, window)
	workers := runtime.GOMAXPROCS(0)
	for lo := 0; lo < len(xs); lo += window {
		hi := min(lo+window, len(xs))
		var wg sync.WaitGroup
		for g := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := lo + g; i < hi; i += workers {
					out[i-lo], errs[i-lo] = marshal(xs[i], inner)
				}
			}()
		}
		wg.Wait()
		for i := lo; i < hi; i++ {
			if errs[i-lo] != nil {
				jw.err = errs[i-lo]
				return
			}
			jw.w.WriteString(inner)
			jw.w.Write(out[i-lo])
			if i+1 < len(xs) {
				jw.w.WriteString(",\n")
			} else {
				jw.w.WriteString("\n")
			}
		}
	}
	jw.w.WriteString(prefix + "]")
}

// ReadScan reads a Scan report written by WriteJSON.
func ReadScan(rd io.Reader) (*Scan, error) {
	var r Scan
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("report: reading a scan report: %w", err)
	}
	if r.Version != ScanVersion {
		return nil, fmt.Errorf("report: scan report version %d, this copydesk reads version %d", r.Version, ScanVersion)
	}
	return &r, nil
}

// WriteText writes the report for a terminal: counts and settings, then per
// document its original share and shared spans with their partners, then
// the passages carried by most documents, then the pairs that share most.
func (r *Scan) WriteText(w io.Writer) error {
	r.Sort()
	ew := &errWriter{w: w}
	p := r.Params
	in := len(r.Documents) + len(r.Skipped)
	fmt.Fprintf(ew, "copydesk scan: %d documents in, %d analysed, %d skipped\n", in, len(r.Documents), len(r.Skipped))
	fmt.Fprintf(ew, "a shared passage has at least %d matched words, %d of them content words (%d-word shingle postings)\n",
		p.MinWords, p.MinContent, p.Shingle)
	writeSkipped(ew, r.Skipped)
	text := map[string]string{}
	for _, d := range r.Documents {
		text[d.ID] = d.Text
	}
	fmt.Fprintf(ew, "\nDocuments\n")
	for _, d := range r.Documents {
		fmt.Fprintf(ew, "\n%s  %3.0f%% original, %d shared %s", d.ID, 100*d.OriginalFraction, len(d.Spans), plural(len(d.Spans), "span", "spans"))
		if len(d.Repairs) > 0 {
			fmt.Fprintf(ew, ", %d %s", len(d.Repairs), plural(len(d.Repairs), "repair", "repairs"))
		}
		if d.Encoding != "" && d.Encoding != "utf-8" {
			fmt.Fprintf(ew, ", read as %s", d.Encoding)
		}
		if len(d.Boilerplate) > 0 {
			fmt.Fprintf(ew, ", %d %s of page chrome left out", len(d.Boilerplate), plural(len(d.Boilerplate), "line", "lines"))
		}
		fmt.Fprintf(ew, "\n")
		if d.Note != "" {
			fmt.Fprintf(ew, "  note: %s\n", d.Note)
		}
		for _, s := range d.Spans {
			kind := "prose "
			if s.Quoted {
				kind = "quoted"
			}
			fmt.Fprintf(ew, "  %s %s\n", kind, excerpt(d.Text[s.Start:s.End], 72))
			var parts []string
			for _, m := range s.Matches {
				parts = append(parts, fmt.Sprintf("%s %.2f", m.Doc, m.Similarity))
			}
			line := "also in " + strings.Join(parts, ", ")
			if s.Attribution != "" {
				line += "; credited: " + excerpt(s.Attribution, 40)
			}
			fmt.Fprintf(ew, "         %s\n", line)
		}
	}
	if len(r.Passages) > 0 {
		fmt.Fprintf(ew, "\nPassages, by reach\n")
		for _, ps := range r.Passages {
			kind := "prose"
			if ps.Quoted {
				kind = "quoted"
			}
			m := ps.Members[0]
			for _, x := range ps.Members {
				if x.End-x.Start > m.End-m.Start {
					m = x
				}
			}
			var docs []string
			for _, x := range ps.Members {
				docs = append(docs, x.Doc)
			}
			src := ""
			if ps.Source != "" {
				src = ", likely source " + ps.Source
			}
			fmt.Fprintf(ew, "  %d. %d documents, %d words, %s%s: %s\n", ps.ID, ps.Reach, ps.Words, kind, src, excerpt(text[m.Doc][m.Start:m.End], 60))
			fmt.Fprintf(ew, "     %s\n", strings.Join(docs, ", "))
		}
	}
	if len(r.Pairs) > 0 {
		pairs := append([]ScanPair(nil), r.Pairs...)
		sort.SliceStable(pairs, func(i, j int) bool {
			return max(pairs[i].SharedA, pairs[i].SharedB) > max(pairs[j].SharedA, pairs[j].SharedB)
		})
		const top = 20
		if len(pairs) > top {
			pairs = pairs[:top]
		}
		fmt.Fprintf(ew, "\nPairs that share most (%d of %d)\n", len(pairs), len(r.Pairs))
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  a\tb\tspans\tshared a\tshared b\tjaccard\ta in b\tb in a\n")
		for _, pr := range pairs {
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%.0f%%\t%.0f%%\t%.3f\t%.3f\t%.3f\n", pr.A, pr.B, pr.Spans,
				100*pr.SharedA, 100*pr.SharedB, pr.Jaccard, pr.ContainmentAInB, pr.ContainmentBInA)
		}
		tw.Flush()
	} else {
		fmt.Fprintf(ew, "\nNo shared passages.\n")
	}
	return ew.err
}

// excerpt quotes s on one line, cut to at most n runes with an ellipsis.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return "“" + s + "”"
}
