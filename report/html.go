package report

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The HTML report.
//
// WriteHTML writes one self-contained file (scan.html: inline CSS and
// JavaScript, no network) that opens from disk. The report travels inside
// it as a JSON island, <script type="application/json" id="report">,
// written by encoding/json with HTML escaping on, so that no document text
// can close the script element ("<" is written \u003c); the page's script
// renders each view from it on demand, only ever inserting document text
// as text nodes, never as markup. So a document containing <script>,
// </textarea> or a javascript: link shows those characters and runs
// nothing, and a 2,000-document report paints its first view without
// laying out 2,000 articles.
//
// The island is not the JSON report: it is shaped for the page. Offsets are
// UTF-16 code units (JavaScript string indices), not UTF-8 bytes; documents
// and partners are referred to by index; and the outlet-by-outlet
// containment matrix is computed here.

//go:embed scan.html
var scanHTML string

// htmlPage is the island's top level.
type htmlPage struct {
	Version  int           `json:"version"`
	Params   ScanParams    `json:"params"`
	Docs     []htmlDoc     `json:"docs"`
	Skipped  []Skipped     `json:"skipped"`
	Passages []htmlPassage `json:"passages"`
	Pairs    []htmlPair    `json:"pairs"`
	Outlets  []string      `json:"outlets"` // heat map rows and columns
	Heat     [][]float64   `json:"heat"`    // heat[x][y]: share of outlet x's words in spans also in outlet y
	Hidden   int           `json:"hidden"`  // outlets left out of the heat map
	Ledger   []OutletRow   `json:"ledger"`  // the outlet ledger (Ledger)
}

type htmlDoc struct {
	ID        string     `json:"id"`
	Outlet    string     `json:"outlet"`
	Published string     `json:"published"`
	Title     string     `json:"title"`
	URL       string     `json:"url"` // http or https only; else ""
	Text      string     `json:"text"`
	Encoding  string     `json:"encoding"`
	Note      string     `json:"note"`
	Words     int        `json:"words"`
	Original  float64    `json:"original"`
	Repairs   int        `json:"repairs"`
	Spans     []htmlSpan `json:"spans"`
	Rewritten float64    `json:"rewritten"`
	// Rw are its rewrites; RwCuts the parts of them in no span, each with
	// the index of its rewrite in Rw: what the text view marks.
	Rw     []htmlRewrite `json:"rw"`
	RwCuts [][3]int      `json:"rwcuts"`
	Chrome [][2]int      `json:"chrome"`
	// Archived marks an archived document in a report of documents
	// checked against an archive.
	Archived bool `json:"archived,omitempty"`
	// Copied is the share of its words in prose spans taken from a
	// document published earlier, Shared in prose spans whose source is
	// of unknown order (as the ledger counts them).
	Copied float64 `json:"copied"`
	Shared float64 `json:"shared"`
}

type htmlSpan struct {
	S   int         `json:"s"`
	E   int         `json:"e"`
	Q   bool        `json:"q"`
	Att string      `json:"att"`
	P   []int       `json:"p"`   // the indexes of its pieces' passages
	Src *htmlSource `json:"src"` // nil: this document is the origin
	M   []htmlMatch `json:"m"`
	O   int         `json:"o"` // other members not in m
}

type htmlRewrite struct {
	S      int        `json:"s"`
	E      int        `json:"e"`
	With   htmlSource `json:"with"`
	Others int        `json:"o"` // other documents with a rewrite of the stretch
}

type htmlMatch struct {
	D   int     `json:"d"`
	S   int     `json:"s"`
	E   int     `json:"e"`
	Sim float64 `json:"sim"`
}

type htmlSource struct {
	htmlMatch
	Earlier bool  `json:"earlier"`
	Lead    int64 `json:"lead"` // seconds
	Later   bool  `json:"later"`
	Lag     int64 `json:"lag"` // seconds
	Q       bool  `json:"q"`   // quoted there too
}

type htmlPassage struct {
	ID      int          `json:"id"`
	Reach   int          `json:"reach"`
	Outlets int          `json:"outlets"`
	Words   int          `json:"words"`
	Q       bool         `json:"q"`
	Origin  int          `json:"origin"` // doc index, or -1
	Order   string       `json:"order"`
	Rep     int          `json:"rep"` // index in m of the representative member
	M       []htmlMember `json:"m"`
}

type htmlMember struct {
	D   int     `json:"d"`
	S   int     `json:"s"`
	E   int     `json:"e"`
	Sim float64 `json:"sim"`
	Q   bool    `json:"q"`
}

type htmlPair struct {
	A     int     `json:"a"`
	B     int     `json:"b"`
	J     float64 `json:"j"`
	CAB   float64 `json:"cab"`
	CBA   float64 `json:"cba"`
	Spans int     `json:"spans"`
	// P are the pair's passages: start and end in a, start and end in b
	// (UTF-16 offsets), similarity, and 1 for a rewrite (0: a copy).
	P [][6]float64 `json:"p"`
}

// maxHeatOutlets is the most outlets the heat map shows: those with most
// documents.
const maxHeatOutlets = 30

// WriteHTML writes the report as one self-contained HTML page (see above).
func (r *Scan) WriteHTML(w io.Writer) error {
	r.Sort()
	if err := r.LoadTexts(); err != nil { // the page holds every text
		return err
	}
	page := r.htmlPage()
	head, tail, ok := strings.Cut(scanHTML, "/*REPORT*/")
	if !ok {
		return fmt.Errorf("report: the page template has no /*REPORT*/ mark")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	jw := jsonWriter{w: bw, html: true} // escapes <, >, & and U+2028/9
	bw.WriteString(head)
	page.writeJSON(&jw)
	bw.WriteString(tail)
	if jw.err == nil {
		jw.err = bw.Flush()
	}
	if jw.err != nil {
		return fmt.Errorf("report: %w", jw.err)
	}
	return nil
}

// writeJSON writes the page's island: the bytes json.Marshal makes of p
// (TestHTMLIsland), its documents, passages and pairs marshalled in
// parallel and written as they are (encodeEach), so that the island never
// sits in memory whole.
func (p *htmlPage) writeJSON(jw *jsonWriter) {
	jw.w.WriteString(`{"version":`)
	jw.compact(p.Version)
	jw.w.WriteString(`,"params":`)
	jw.compact(p.Params)
	jw.w.WriteString(`,"docs":`)
	writeCompact(jw, p.Docs)
	jw.w.WriteString(`,"skipped":`)
	jw.compact(p.Skipped)
	jw.w.WriteString(`,"passages":`)
	writeCompact(jw, p.Passages)
	jw.w.WriteString(`,"pairs":`)
	writeCompact(jw, p.Pairs)
	jw.w.WriteString(`,"outlets":`)
	jw.compact(p.Outlets)
	jw.w.WriteString(`,"heat":`)
	jw.compact(p.Heat)
	jw.w.WriteString(`,"hidden":`)
	jw.compact(p.Hidden)
	jw.w.WriteString(`,"ledger":`)
	jw.compact(p.Ledger)
	jw.w.WriteString("}")
}

func (r *Scan) htmlPage() *htmlPage {
	p := &htmlPage{Version: r.Version, Params: r.Params, Skipped: r.Skipped}
	index := make(map[string]int, len(r.Documents))
	for i, d := range r.Documents {
		index[d.ID] = i
	}
	conv := make([]func(int) int, len(r.Documents))
	for i, d := range r.Documents {
		conv[i] = utf16Offsets(d.Text)
	}
	passage := make(map[int]int, len(r.Passages)) // id -> index
	for i, ps := range r.Passages {
		passage[ps.ID] = i
	}
	for i, d := range r.Documents {
		u := conv[i]
		hd := htmlDoc{
			ID: d.ID, Outlet: d.Outlet, Published: d.Published, Title: d.Title, URL: safeURL(d.URL),
			Text: d.Text, Encoding: d.Encoding, Note: d.Note, Words: d.Words, Original: d.OriginalFraction,
			Repairs: len(d.Repairs), Spans: []htmlSpan{}, Chrome: [][2]int{}, Archived: d.Archived,
		}
		for _, s := range d.Spans {
			hs := htmlSpan{S: u(s.Start), E: u(s.End), Q: s.Quoted, Att: s.Attribution, P: []int{}, O: s.Others, M: []htmlMatch{}}
			for _, pc := range s.Pieces {
				if k, ok := passage[pc.Passage]; ok && !slices.Contains(hs.P, k) {
					hs.P = append(hs.P, k)
				}
			}
			if src := s.Source; src != nil {
				if j, ok := index[src.Doc]; ok {
					hs.Src = &htmlSource{htmlMatch{D: j, S: conv[j](src.Start), E: conv[j](src.End), Sim: src.Similarity}, src.Earlier, src.LeadSeconds, src.Later, src.LagSeconds, src.Quoted}
				}
			}
			for _, m := range s.Matches {
				j, ok := index[m.Doc]
				if !ok {
					continue
				}
				hs.M = append(hs.M, htmlMatch{D: j, S: conv[j](m.Start), E: conv[j](m.End), Sim: m.Similarity})
			}
			hd.Spans = append(hd.Spans, hs)
			switch c := s.counted(); {
			case d.Words == 0:
			case c == countedCopied:
				hd.Copied += float64(s.Words) / float64(d.Words)
			case c == countedShared:
				hd.Shared += float64(s.Words) / float64(d.Words)
			}
		}
		hd.Copied, hd.Shared = round4(min(1, hd.Copied)), round4(min(1, hd.Shared))
		hd.Rewritten, hd.Rw = d.RewrittenFraction, []htmlRewrite{}
		for _, x := range d.Rewrites {
			j, ok := index[x.With.Doc]
			if !ok {
				continue
			}
			w := x.With
			k := len(hd.Rw) // the cuts name the rewrite in Rw, where those passed over are not
			hd.Rw = append(hd.Rw, htmlRewrite{S: u(x.Start), E: u(x.End),
				With: htmlSource{htmlMatch{D: j, S: conv[j](w.Start), E: conv[j](w.End), Sim: w.Similarity}, w.Earlier, w.LeadSeconds, w.Later, w.LagSeconds, false}, Others: x.Others})
			for _, c := range outsideSpans(x.Start, x.End, d.Spans) {
				hd.RwCuts = append(hd.RwCuts, [3]int{u(c[0]), u(c[1]), k})
			}
		}
		hd.RwCuts = mergeCuts(orEmpty(hd.RwCuts))
		for _, b := range d.Boilerplate {
			hd.Chrome = append(hd.Chrome, [2]int{u(b.Start), u(b.End)})
		}
		p.Docs = append(p.Docs, hd)
	}
	for _, ps := range r.Passages {
		hp := htmlPassage{ID: ps.ID, Reach: ps.Reach.Documents, Outlets: ps.Reach.Outlets, Words: ps.Words, Q: ps.Quoted,
			Origin: -1, Order: ps.Order, M: []htmlMember{}}
		if j, ok := index[ps.Origin]; ok && ps.Origin != "" {
			hp.Origin = j
		}
		for _, m := range ps.Members {
			j, ok := index[m.Doc]
			if !ok {
				continue
			}
			if m.Representative {
				hp.Rep = len(hp.M)
			}
			hp.M = append(hp.M, htmlMember{D: j, S: conv[j](m.Start), E: conv[j](m.End), Sim: m.Similarity, Q: m.Quoted})
		}
		p.Passages = append(p.Passages, hp)
	}
	for _, pr := range r.Pairs {
		a, okA := index[pr.A]
		b, okB := index[pr.B]
		if okA && okB {
			hp := htmlPair{A: a, B: b, J: pr.Jaccard, CAB: pr.ContainmentAInB, CBA: pr.ContainmentBInA, Spans: pr.Pieces, P: [][6]float64{}}
			for _, pp := range pr.Passages {
				kind := 0.0
				if pp.Kind == KindRewrite {
					kind = 1
				}
				hp.P = append(hp.P, [6]float64{float64(conv[a](pp.AStart)), float64(conv[a](pp.AEnd)),
					float64(conv[b](pp.BStart)), float64(conv[b](pp.BEnd)), pp.Similarity, kind})
			}
			p.Pairs = append(p.Pairs, hp)
		}
	}
	p.Outlets, p.Heat, p.Hidden = r.heat(index)
	p.Ledger = r.Ledger()
	p.Docs, p.Skipped, p.Passages, p.Pairs = orEmpty(p.Docs), orEmpty(p.Skipped), orEmpty(p.Passages), orEmpty(p.Pairs)
	return p
}

// outsideSpans returns the parts of [start, end) in none of the spans
// (sorted, not overlapping).
func outsideSpans(start, end int, spans []Span) [][2]int {
	var out [][2]int
	at := start
	for _, s := range spans {
		if s.End <= at || s.Start >= end {
			continue
		}
		if s.Start > at {
			out = append(out, [2]int{at, s.Start})
		}
		at = max(at, s.End)
	}
	if at < end {
		out = append(out, [2]int{at, end})
	}
	return out
}

// mergeCuts sorts the rewrites' cuts and drops the parts of a cut that an
// earlier one covers: a sentence rewritten after two documents is marked
// once, as its first rewrite.
func mergeCuts(cuts [][3]int) [][3]int {
	slices.SortStableFunc(cuts, func(x, y [3]int) int { return x[0] - y[0] })
	out := cuts[:0]
	at := 0
	for _, c := range cuts {
		c[0] = max(c[0], at)
		if c[0] < c[1] {
			out = append(out, c)
			at = c[1]
		}
	}
	return out
}

// outletOf is a document's outlet, or its id when the outlet is unknown.
func outletOf(d *ScanDocument) string {
	if d.Outlet != "" {
		return d.Outlet
	}
	return d.ID
}

// heat returns the outlet-by-outlet matrix: heat[x][y] is the share of
// outlet x's words that lie in spans of passages that a document of outlet
// y carries too (words counted as runs of letters and digits; a span counts
// once for each outlet). Only the maxHeatOutlets outlets with most
// documents are shown; hidden counts the others.
func (r *Scan) heat(index map[string]int) (outlets []string, heat [][]float64, hidden int) {
	count := map[string]int{}
	for i := range r.Documents {
		count[outletOf(&r.Documents[i])]++
	}
	for o := range count {
		outlets = append(outlets, o)
	}
	sort.Slice(outlets, func(i, j int) bool {
		if count[outlets[i]] != count[outlets[j]] {
			return count[outlets[i]] > count[outlets[j]]
		}
		return outlets[i] < outlets[j]
	})
	if len(outlets) > maxHeatOutlets {
		hidden = len(outlets) - maxHeatOutlets
		outlets = outlets[:maxHeatOutlets]
	}
	sort.Strings(outlets)
	row := map[string]int{}
	for i, o := range outlets {
		row[o] = i
	}
	// The outlets shown that carry each passage.
	carriers := make(map[int][]int, len(r.Passages)) // passage id -> rows
	for _, ps := range r.Passages {
		var rows []int
		for _, m := range ps.Members {
			j, ok := index[m.Doc]
			if !ok {
				continue
			}
			if y, ok := row[outletOf(&r.Documents[j])]; ok && !slices.Contains(rows, y) {
				rows = append(rows, y)
			}
		}
		carriers[ps.ID] = rows
	}
	shared := make([][]int, len(outlets))
	words := make([]int, len(outlets))
	for i := range shared {
		shared[i] = make([]int, len(outlets))
	}
	for i := range r.Documents {
		d := &r.Documents[i]
		x, ok := row[outletOf(d)]
		if !ok {
			continue
		}
		words[x] += d.Words
		for _, s := range d.Spans {
			for _, pc := range s.Pieces {
				n := countWords(d.Text[pc.Start:pc.End])
				for _, y := range carriers[pc.Passage] {
					if y != x {
						shared[x][y] += n
					}
				}
			}
		}
	}
	heat = make([][]float64, len(outlets))
	for x := range outlets {
		heat[x] = make([]float64, len(outlets))
		for y := range outlets {
			if words[x] > 0 {
				heat[x][y] = round4(min(1, float64(shared[x][y])/float64(words[x])))
			}
		}
	}
	return orEmpty(outlets), orEmpty(heat), hidden
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

// countWords counts runs of letters and digits.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// utf16Offsets returns a function from UTF-8 byte offsets of text to
// UTF-16 code unit offsets (JavaScript string indices); an offset inside
// a character is that character's, an invalid byte one unit (U+FFFD, as
// the page's JSON has it), an offset out of range the text's length
// (ASCII text: the offset itself). It
// keeps a mark every utf16Step bytes (the first character starting there
// or after, and the units before it) and counts on from the mark before an
// offset, so that a text costs a fiftieth of its length where a table of
// every byte cost four times it.
func utf16Offsets(text string) func(int) int {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return func(b int) int { return b }
	}
	type mark struct{ at, units int32 }
	marks := make([]mark, 0, len(text)/utf16Step+1)
	u := int32(0)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		for len(marks)*utf16Step <= i {
			marks = append(marks, mark{int32(i), u})
		}
		u += int32(utf16.RuneLen(r))
		i += n
	}
	for len(marks)*utf16Step < len(text) { // within the last character
		marks = append(marks, mark{int32(len(text)), u})
	}
	return func(b int) int {
		if b < 0 || b >= len(text) {
			return int(u)
		}
		k := b / utf16Step
		if int(marks[k].at) > b { // inside a character begun before the mark
			k--
		}
		at, units := int(marks[k].at), int(marks[k].units)
		for at < b {
			r, n := utf8.DecodeRuneInString(text[at:])
			if at+n > b {
				break
			}
			units += utf16.RuneLen(r)
			at += n
		}
		return units
	}
}

// utf16Step is the bytes between utf16Offsets' marks.
const utf16Step = 64

// safeURL keeps a link only if it is http or https: a javascript: or data:
// URL in the input must not become a live link.
func safeURL(u string) string {
	l := strings.ToLower(strings.TrimSpace(u))
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return strings.TrimSpace(u)
	}
	return ""
}
