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

	"github.com/copydesk/copydesk/internal/parallel"
)

// ScanVersion is the version of the Scan JSON format (schema:
// scan.schema.json). It changes when a field changes meaning or is removed;
// added fields do not change it.
//
// Version log:
//
//	1: documents with spans listing every partner; passages with a likely
//	   source; every pair of documents that shares a span.
//	2: passages first. A passage has its representative text, its origin
//	   (the member published first, when the order is known), its reach in
//	   documents and outlets, and each member's similarity to the
//	   representative. A span names its passage, its source (the member it
//	   most likely came from) and its closest few matches, and counts the
//	   others; original_fraction counts words a document published first.
//	   Pairs are those a source or match links, unless params.pairs is
//	   "all". params lose max_docs and stock_shingles (no shingle is passed
//	   over) and gain min_align, partners and pairs.
const ScanVersion = 2

// Scan is the report of `copydesk scan`: the passages documents share,
// where each document's copy most likely came from, and what remains each
// document's own.
//
// JSON, specified in full by the JSON Schema in scan.schema.json (all keys
// always present, lists never null; offsets are UTF-8 byte offsets into the
// document's text, end exclusive; fractions and similarities are rounded to
// four decimals):
//
//	{"version": 2,
//	 "params": {"shingle", "min_align", "min_words", "min_content", "min_cover", "long_words",
//	            "max_gap", "partners", "pairs"},
//	 "documents": [{"id", "path", "outlet", "published", "title", "url", "text",
//	                "encoding", "note",
//	                "words", "original_fraction",
//	                "spans": [{"start", "end", "quoted", "attribution", "passage",
//	                           "source": {"doc", "start", "end", "similarity",
//	                                      "earlier", "lead_seconds"} or null,
//	                           "matches": [{"doc", "start", "end", "similarity"}],
//	                           "others"}],
//	                "original": [{"start", "end"}],
//	                "boilerplate": [{"start", "end"}],
//	                "attributions": [{"start", "end", "sources"}],
//	                "repairs": [{"start", "end", "was", "kind"}]}],
//	 "skipped": [{"id", "path", "reason"}],
//	 "passages": [{"id", "text", "origin", "order", "reach": {"documents", "outlets"},
//	               "words", "quoted",
//	               "members": [{"doc", "start", "end", "similarity", "quoted",
//	                            "representative"}]}],
//	 "pairs": [{"a", "b", "jaccard", "containment_a_in_b", "containment_b_in_a",
//	            "shared_a", "shared_b", "spans"}]}
//
// Order: documents and skipped in input order; a document's spans, original
// ranges, boilerplate, attributions and repairs by offset; a span's matches
// by similarity (most similar first), then document id, then offset;
// passages by reach (most documents first), then words, then first member;
// a passage's members by document id, then offset; pairs by a, then b, with
// a < b.
//
// The report grows with the copies, not with their square: a passage lists
// each member once, a span at most params.partners matches, and the pairs
// are those that a span's source or matches link.
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
	MinAlign   int `json:"min_align"`   // the least score of an aligned piece (matched words less edits)
	MinWords   int `json:"min_words"`   // evidence: matched words a passage needs
	MinContent int `json:"min_content"` // evidence: matched content words it needs
	// MinCover is the share of the shorter side's sentences that a passage
	// shorter than LongWords must cover.
	MinCover  float64 `json:"min_cover"`
	LongWords int     `json:"long_words"`
	MaxGap    int     `json:"max_gap"`  // words between aligned pieces of one passage
	Partners  int     `json:"partners"` // the most matches a span lists
	// Pairs says which document pairs are listed: "linked", those a span's
	// source or matches link; "all", every two documents sharing a passage.
	Pairs string `json:"pairs"`
}

// ScanDocument is one analysed document.
type ScanDocument struct {
	ID        string `json:"id"`
	Path      string `json:"path"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"` // RFC 3339, or a date (2006-01-02) when only the day is known, or ""
	Title     string `json:"title"`
	URL       string `json:"url"`
	Text      string `json:"text"`     // as analysed, after decoding and repair
	Encoding  string `json:"encoding"` // what the input bytes were read as: utf-8, utf-16le, utf-16be, gb18030, windows-1252
	Note      string `json:"note"`     // what the reader changed, such as a renamed duplicate id; "" when nothing
	Words     int    `json:"words"`
	// OriginalFraction is the share of the document's words that it
	// published first or alone: words in no span, and words in spans of
	// passages whose origin it is.
	OriginalFraction float64 `json:"original_fraction"`
	Spans            []Span  `json:"spans"`
	// Original is the text the document published first or alone.
	Original []Range `json:"original"`
	// Boilerplate is the page chrome left out of matching and of the
	// original text: lines such as "Accessibility links" or a site's
	// recurring footer.
	Boilerplate  []Range       `json:"boilerplate"`
	Attributions []Attribution `json:"attributions"`
	Repairs      []Repair      `json:"repairs"`
}

// Span is a document's copy of a passage.
type Span struct {
	Start  int  `json:"start"`
	End    int  `json:"end"`
	Quoted bool `json:"quoted"` // most of its words are inside quotation marks
	// Attribution is the attribution phrase of the sentence the span is in
	// ("The AP reported", "according to the White House"), or "".
	Attribution string `json:"attribution"`
	Passage     int    `json:"passage"` // the id of the passage it is a member of
	// Source is the member of the passage this copy most likely came from:
	// the closest member known to be published earlier, else the origin;
	// when the order is unknown, the closest member. Nil when this
	// document is the passage's origin.
	Source *Source `json:"source"`
	// Matches are the closest members of other documents, most similar
	// first, at most params.partners of them; Others counts the rest.
	Matches []Match `json:"matches"`
	Others  int     `json:"others"`
}

// Source is where a span most likely came from.
type Source struct {
	Doc   string `json:"doc"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Similarity is 2·matched / (words here + words there).
	Similarity float64 `json:"similarity"`
	// Earlier says the source is known to be published before this
	// document; LeadSeconds is then how long before, at least (a date
	// covers its whole day), and 0 otherwise.
	Earlier     bool  `json:"earlier"`
	LeadSeconds int64 `json:"lead_seconds"`
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

// The orders of a passage's members in time (Passage.Order).
const (
	OrderOrigin  = "origin"  // one member was published before all others
	OrderTied    = "tied"    // no member is known to come before all others
	OrderUnknown = "unknown" // some member's publication time is unknown
)

// Passage is one text found in several documents, with each document's
// copy. Members of a passage of small reach are each aligned with every
// other (complete linkage); those of a wide one with its leader, the copy
// published first (star); so a passage never chains unrelated text through
// a common phrase.
type Passage struct {
	ID   int    `json:"id"`   // 1, 2, ... in the order of the list
	Text string `json:"text"` // the representative copy: the origin's, else the best connected
	// Origin is the id of the member published before every other, or ""
	// when Order is not OrderOrigin.
	Origin string `json:"origin"`
	Order  string `json:"order"`
	Reach  Reach  `json:"reach"`
	Words  int    `json:"words"` // words of the representative copy
	Quoted bool   `json:"quoted"`
	// Members are the copies; a document may hold two.
	Members []Member `json:"members"`
}

// Reach is how far a passage went: documents, and outlets (a document
// with no outlet counts as one of its own).
type Reach struct {
	Documents int `json:"documents"`
	Outlets   int `json:"outlets"`
}

// Member is one document's copy of a passage.
type Member struct {
	Doc   string `json:"doc"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Similarity is to the representative copy, 2·matched / (words here +
	// words there); 1 for the representative.
	Similarity float64 `json:"similarity"`
	Quoted     bool    `json:"quoted"`
	// Representative marks the member whose text is the passage's.
	Representative bool `json:"representative"`
}

// ScanPair is two documents linked by a span's source or matches (or,
// with params.pairs "all", sharing a passage). Jaccard and the
// containments are exact, over the documents' word-shingle sets (Broder
// 1997): containment_a_in_b = |A ∩ B| / |A|. shared_a is the share of a's
// words in spans of passages that b also carries; spans counts those spans
// in a.
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

// Sort puts the report in its documented order, numbers the passages in
// that order (renumbering the spans' references to them), and makes nil
// lists empty.
func (r *Scan) Sort() {
	r.Version = ScanVersion
	r.Documents = orEmpty(r.Documents)
	r.Skipped = orEmpty(r.Skipped)
	r.Passages = orEmpty(r.Passages)
	r.Pairs = orEmpty(r.Pairs)
	// The passages and pairs sort while the documents do: a report of
	// many documents spends tens of milliseconds here.
	renumber := r.sortPassages()
	var wg sync.WaitGroup
	wg.Go(func() {
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
			sp := &d.Spans[k]
			if id, ok := renumber[sp.Passage]; ok {
				sp.Passage = id
			}
			sp.Matches = orEmpty(sp.Matches)
			sortFunc(sp.Matches, compareMatches)
		}
		for k := range d.Attributions {
			d.Attributions[k].Sources = orEmpty(d.Attributions[k].Sources)
		}
	}
	wg.Wait()
}

// compareMatches orders matches most similar first, then by document and
// offset.
func compareMatches(a, b Match) int {
	if c := cmp.Compare(b.Similarity, a.Similarity); c != 0 {
		return c
	}
	if c := strings.Compare(a.Doc, b.Doc); c != 0 {
		return c
	}
	return cmp.Compare(a.Start, b.Start)
}

// sortPassages sorts the passages and their members and numbers them 1,
// 2, ...; it returns the new number of each old one (renumber[old]), or
// nil when none changed.
func (r *Scan) sortPassages() map[int]int {
	for i := range r.Passages {
		p := &r.Passages[i]
		p.Members = orEmpty(p.Members)
		sortFunc(p.Members, func(a, b Member) int {
			if c := strings.Compare(a.Doc, b.Doc); c != 0 {
				return c
			}
			return cmp.Compare(a.Start, b.Start)
		})
	}
	first := func(p Passage) Member {
		if len(p.Members) == 0 {
			return Member{}
		}
		return p.Members[0]
	}
	sortFunc(r.Passages, func(a, b Passage) int {
		switch {
		case a.Reach.Documents != b.Reach.Documents:
			return cmp.Compare(b.Reach.Documents, a.Reach.Documents)
		case a.Words != b.Words:
			return cmp.Compare(b.Words, a.Words)
		}
		fa, fb := first(a), first(b)
		if c := strings.Compare(fa.Doc, fb.Doc); c != 0 {
			return c
		}
		return cmp.Compare(fa.Start, fb.Start)
	})
	var renumber map[int]int
	for i := range r.Passages {
		p := &r.Passages[i]
		if p.ID != i+1 {
			if renumber == nil {
				renumber = map[int]int{}
			}
			renumber[p.ID] = i + 1
			p.ID = i + 1
		}
	}
	return renumber
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
// parallel, each goroutine with an encoder and buffers of its own that it
// reuses (json.Encoder keeps its indentation buffer from one value to the
// next), so that a report of a hundred thousand documents is not a
// hundred thousand buffers.
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
	workers := runtime.GOMAXPROCS(0)
	type encoder struct {
		buf   bytes.Buffer // the value being encoded
		enc   *json.Encoder
		arena []byte // the window's values, one after another
	}
	encs := make([]encoder, workers)
	for w := range encs {
		encs[w].enc = json.NewEncoder(&encs[w].buf)
		encs[w].enc.SetIndent(inner, "  ")
		encs[w].enc.SetEscapeHTML(false)
	}
	type span struct {
		w, start, end int
		err           error
	}
	out := make([]span, window)
	for lo := 0; lo < len(xs); lo += window {
		hi := min(lo+window, len(xs))
		for w := range encs {
			encs[w].arena = encs[w].arena[:0]
		}
		parallel.Chunks(hi-lo, 8, workers, func(w, a, b int) {
			e := &encs[w]
			for i := lo + a; i < lo+b; i++ {
				e.buf.Reset()
				err := e.enc.Encode(xs[i])
				start := len(e.arena)
				e.arena = append(e.arena, bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))...)
				out[i-lo] = span{w, start, len(e.arena), err}
			}
		})
		for i := lo; i < hi; i++ {
			sp := out[i-lo]
			if sp.err != nil {
				jw.err = sp.err
				return
			}
			jw.w.WriteString(inner)
			jw.w.Write(encs[sp.w].arena[sp.start:sp.end])
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
			fmt.Fprintf(ew, "         %s\n", spanLine(s))
		}
	}
	if len(r.Passages) > 0 {
		fmt.Fprintf(ew, "\nPassages, by reach\n")
		for _, ps := range r.Passages {
			kind := "prose"
			if ps.Quoted {
				kind = "quoted"
			}
			var docs []string
			for _, x := range ps.Members {
				if len(docs) == maxMembersShown {
					docs = append(docs, fmt.Sprintf("and %d more", len(ps.Members)-maxMembersShown))
					break
				}
				docs = append(docs, x.Doc)
			}
			fmt.Fprintf(ew, "  %d. %d documents, %d %s, %d words, %s, %s: %s\n", ps.ID, ps.Reach.Documents,
				ps.Reach.Outlets, plural(ps.Reach.Outlets, "outlet", "outlets"), ps.Words, kind, originPhrase(ps), excerpt(ps.Text, 60))
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

// maxMembersShown is the most members the text report names for one
// passage; the rest are counted.
const maxMembersShown = 12

// spanLine says where a span came from and where else it is.
func spanLine(s Span) string {
	var parts []string
	switch src := s.Source; {
	case src == nil:
		parts = append(parts, fmt.Sprintf("published here first (origin of passage %d)", s.Passage))
	case src.Earlier:
		parts = append(parts, fmt.Sprintf("copied from %s (%s earlier), similarity %.2f", src.Doc, lead(src.LeadSeconds), src.Similarity))
	default:
		parts = append(parts, fmt.Sprintf("shared with %s (order unknown), similarity %.2f", src.Doc, src.Similarity))
	}
	var also []string
	for _, m := range s.Matches {
		if s.Source != nil && m.Doc == s.Source.Doc && m.Start == s.Source.Start {
			continue
		}
		also = append(also, fmt.Sprintf("%s %.2f", m.Doc, m.Similarity))
	}
	if s.Others > 0 {
		also = append(also, fmt.Sprintf("%d more", s.Others))
	}
	if len(also) > 0 {
		parts = append(parts, "also in "+strings.Join(also, ", "))
	}
	line := strings.Join(parts, "; ")
	if s.Attribution != "" {
		line += "; credited: " + excerpt(s.Attribution, 40)
	}
	return line
}

// originPhrase says which member of a passage was published first.
func originPhrase(p Passage) string {
	switch p.Order {
	case OrderOrigin:
		return "first published by " + p.Origin
	case OrderTied:
		return "no member known to be first"
	}
	return "order unknown"
}

// lead writes a time span in seconds as an editor would.
func lead(s int64) string {
	switch {
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s < 3600:
		return fmt.Sprintf("%d min", s/60)
	case s < 48*3600:
		return fmt.Sprintf("%d h", s/3600)
	}
	return fmt.Sprintf("%d days", s/86400)
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
