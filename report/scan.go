package report

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"unsafe"

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
//	3: one detection per copied stretch. A span runs over the sentences a
//	   document copied in a row from one source, and lists its pieces
//	   (each sentence's passage and extent) instead of one passage. A pair
//	   lists its passages: the stretches of a aligned with stretches of b.
//	4: rewrites. A document lists its rewrites (sentences that say what a
//	   sentence of another document says, in other words; never counted
//	   as copied) and its rewritten_fraction; a pair gives rewritten_a and
//	   rewritten_b, and its passages may be of kind "rewrite" (a stretch of
//	   rewritten sentences only; a stretch of kind "copy" may have a
//	   rewritten sentence between its copied ones). ReadScan reads
//	   version 3 too.
//	   Added since, in version 4: spans' and rewrites' words, repairs'
//	   guess, documents' notes of decoding, and the outlet ledger
//	   (outlets); archive and documents' archived (a report of documents
//	   checked against an archive); rewrites' others (a stretch rewritten
//	   from several documents is one rewrite, named after the likeliest
//	   source; before, one for each document), which count the other
//	   copies of the source's stretch too. Spans' sources' quoted (a
//	   quote of what the source quoted, or of the source's own words).
//	   Sources' later and lag_seconds (the other document known to be
//	   published after this one, and how long after). The ledger's
//	   shared and shared_with (prose spans of unknown order; before,
//	   counted in copied, copied_from and copied_by, which now hold only
//	   sources known to be earlier). params' runs (joined: passages that
//	   continue one another word for word in every member are one; before,
//	   kept, a passage a sentence or a short line).
const ScanVersion = 4

// Scan is the report of `copydesk scan`: the passages documents share,
// where each document's copy most likely came from, and what remains each
// document's own.
//
// JSON, specified in full by the JSON Schema in scan.schema.json (all keys
// always present, lists never null; offsets are UTF-8 byte offsets into the
// document's text, end exclusive; fractions and similarities are rounded to
// four decimals):
//
//	{"version": 4,
//	 "params": {"shingle", "min_align", "min_words", "min_content", "min_cover", "long_words",
//	            "max_gap", "partners", "pairs", "runs"},
//	 "archive": {"documents", "read", "wide_docs", "wide", "not_read"} or null,
//	 "documents": [{"id", "path", "outlet", "published", "title", "url", "text",
//	                "encoding", "note", "archived",
//	                "words", "original_fraction", "rewritten_fraction",
//	                "spans": [{"start", "end", "words", "quoted", "attribution",
//	                           "pieces": [{"passage", "start", "end"}],
//	                           "source": {"doc", "start", "end", "similarity",
//	                                      "earlier", "lead_seconds", "later",
//	                                      "lag_seconds", "quoted"} or null,
//	                           "matches": [{"doc", "start", "end", "similarity"}],
//	                           "others"}],
//	                "rewrites": [{"start", "end", "words",
//	                              "with": {"doc", "start", "end", "similarity",
//	                                       "earlier", "lead_seconds", "later",
//	                                       "lag_seconds", "quoted"}, "others"}],
//	                "original": [{"start", "end"}],
//	                "boilerplate": [{"start", "end"}],
//	                "attributions": [{"start", "end", "sources"}],
//	                "repairs": [{"start", "end", "was", "kind", "guess"}]}],
//	 "skipped": [{"id", "path", "reason"}],
//	 "outlets": [{"outlet", "documents", "words", "original", "copied", "shared", "quoted",
//	              "rewritten", "copied_from": [{"outlet", "words"}],
//	              "copied_by": [{"outlet", "words"}], "shared_with": [{"outlet", "words"}],
//	              "median_delay_seconds"}],
//	 "passages": [{"id", "text", "origin", "order", "reach": {"documents", "outlets"},
//	               "words", "quoted",
//	               "members": [{"doc", "start", "end", "similarity", "quoted",
//	                            "representative"}]}],
//	 "pairs": [{"a", "b", "jaccard", "containment_a_in_b", "containment_b_in_a",
//	            "shared_a", "shared_b", "pieces", "rewritten_a", "rewritten_b",
//	            "passages": [{"a_start", "a_end", "b_start", "b_end", "words",
//	                          "similarity", "kind"}]}]}
//
// outlets is the outlet ledger (Ledger), derived from the rest.
//
// Order: documents and skipped in input order; outlets by the words copied
// from them (most first), then name; a document's spans, original
// ranges, boilerplate, attributions and repairs by offset; a span's matches
// by similarity (most similar first), then document id, then offset; a
// span's pieces and a pair's passages by offset (in a);
// passages by reach (most documents first), then words, then first member
// (passages alike in all three as Scan gave them);
// a passage's members by document id, then offset; pairs by a, then b, with
// a < b.
//
// The report grows with the copies, not with their square: a passage lists
// each member once, a span at most params.partners matches, and the pairs
// are those that a span's source or matches link.
//
// A scan that spilled its documents' texts to disk may leave them there:
// such a document's Text is "" and its TextAt says where its text is in
// the report's TextFile. The writers read each text as they write it
// (WriteJSON holds a few hundred at a time); DocumentText reads one,
// LoadTexts brings them all into Text, and Close lets the file go.
type Scan struct {
	Version int        `json:"version"`
	Params  ScanParams `json:"params"`
	// Archive says, in a report of documents checked against an archive,
	// what of the archive the check read; nil in a scan.
	Archive   *ArchiveCheck  `json:"archive"`
	Documents []ScanDocument `json:"documents"`
	Skipped   []Skipped      `json:"skipped"`
	// Outlets is the outlet ledger as written last (WriteJSON makes it,
	// Ledger derives it).
	Outlets  []OutletRow `json:"outlets"`
	Passages []Passage   `json:"passages"`
	Pairs    []ScanPair  `json:"pairs"`
	// TextFile holds the texts of the documents whose Text is "", at their
	// TextAt; nil when every text is in Text. If it is an io.Closer,
	// Close closes it.
	TextFile io.ReaderAt `json:"-"`
}

// FileSpan is where a stretch of bytes is in a file.
type FileSpan struct {
	Offset, Length int64
}

// DocumentText returns the text of document i, from TextFile if it is
// there and not in Text.
func (r *Scan) DocumentText(i int) (string, error) {
	t, err := r.documentText(i)
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	return t, nil
}

// documentText is DocumentText, its error not yet prefixed.
func (r *Scan) documentText(i int) (string, error) {
	d := &r.Documents[i]
	if d.Text != "" || r.TextFile == nil || d.TextAt.Length == 0 {
		return d.Text, nil
	}
	b := make([]byte, d.TextAt.Length)
	if _, err := r.TextFile.ReadAt(b, d.TextAt.Offset); err != nil {
		return "", fmt.Errorf("reading the text of %s: %w", d.ID, err)
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// LoadTexts reads into Text the texts that are in TextFile, on as many
// goroutines as there are processors (io.ReaderAt allows parallel
// reads); an error is that of the first document in order that failed.
func (r *Scan) LoadTexts() error {
	errs := make([]error, len(r.Documents))
	parallel.Chunks(len(r.Documents), 256, runtime.GOMAXPROCS(0), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			t, err := r.DocumentText(i)
			if err != nil {
				errs[i] = err
				return
			}
			r.Documents[i].Text, r.Documents[i].TextAt = t, FileSpan{}
			r.Documents[i].Spans = withAttributions(r.Documents[i].Spans, t, false)
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// withAttributions fills in, from the document's text, the attributions
// of the spans that say only where theirs is (Span.AttributionAt): in
// spans itself, or in a copy of it (clone), which it returns.
func withAttributions(spans []Span, text string, clone bool) []Span {
	cloned := !clone
	for k := range spans {
		at := spans[k].AttributionAt
		if spans[k].Attribution != "" || at.End == 0 || at.End > len(text) || at.Start > at.End {
			continue
		}
		if !cloned {
			spans, cloned = slices.Clone(spans), true
		}
		spans[k].Attribution, spans[k].AttributionAt = strings.Clone(text[at.Start:at.End]), Range{}
	}
	return spans
}

// Close closes TextFile, if it is an io.Closer; the texts still in it
// can no longer be read.
func (r *Scan) Close() error {
	if c, ok := r.TextFile.(io.Closer); ok {
		if err := c.Close(); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// ArchiveCheck is what a check against an archive read of it (copydesk
// archive check): the archived documents that share a fingerprint (a run
// of words; package archive) with a checked document, except that a
// fingerprint carried by more than WideDocs archived documents (a stock
// phrase, or a story reprinted that widely) brought in only its leader,
// the earliest added.
type ArchiveCheck struct {
	Documents int `json:"documents"` // the archive's documents
	Read      int `json:"read"`      // archived documents read: listed in the report if they share a passage
	WideDocs  int `json:"wide_docs"` // the most documents a fingerprint brought in whole; 0: no limit
	Wide      int `json:"wide"`      // fingerprints of the checked documents carried by more
	// NotRead counts the archived documents that share only such
	// fingerprints with the checked ones: members of their passages that
	// the report does not list, and whose words were not compared.
	NotRead int `json:"not_read"`
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
	// Runs says whether passages that continue one another word for word
	// in every member were made one: "joined" (copydesk scan), or "kept"
	// apart, a passage a sentence or a short line (a run spread over
	// workers, such as the Beam pipeline's).
	Runs string `json:"runs"`
}

// ScanDocument is one analysed document.
type ScanDocument struct {
	ID        string   `json:"id"`
	Path      string   `json:"path"`
	Outlet    string   `json:"outlet"`
	Published string   `json:"published"` // RFC 3339, or a date (2006-01-02) when only the day is known, or ""
	Title     string   `json:"title"`
	URL       string   `json:"url"`
	Text      string   `json:"text"`     // as analysed, after decoding and repair; "" while it is in the report's TextFile
	TextAt    FileSpan `json:"-"`        // where the text is in the report's TextFile, when Text is ""
	Encoding  string   `json:"encoding"` // what the input bytes were read as: utf-8, utf-16le, utf-16be, gb18030, windows-1252
	Note      string   `json:"note"`     // what the reader changed, such as a renamed duplicate id; "" when nothing
	// Archived marks, in a report of documents checked against an
	// archive, an archived document that a checked one shares text with
	// (Restrict).
	Archived bool `json:"archived"`
	Words    int  `json:"words"`
	// OriginalFraction is the share of the document's words that it
	// published first or alone: words in no span, and words in spans of
	// passages whose origin it is.
	OriginalFraction float64 `json:"original_fraction"`
	// RewrittenFraction is the share of its words in no span and in
	// rewrites of documents not known to be published after it: said in
	// other words after another document, not copied. These words count
	// in OriginalFraction too.
	RewrittenFraction float64 `json:"rewritten_fraction"`
	Spans             []Span  `json:"spans"`
	// Rewrites are its sentences that say what a sentence of another
	// document says, in other words, in order. They are not copies of
	// that document (a sentence may still be in a span copied from a
	// third), and they count as original.
	Rewrites []Rewrite `json:"rewrites"`
	// Original is the text the document published first or alone.
	Original []Range `json:"original"`
	// Boilerplate is what was left out of matching and of the original
	// text: page chrome ("Accessibility links"), e-mail signature
	// blocks, and an outlet's furniture (a site's recurring footer).
	Boilerplate  []Range       `json:"boilerplate"`
	Attributions []Attribution `json:"attributions"`
	Repairs      []Repair      `json:"repairs"`
}

// Span is one stretch a document shares: its copy of a passage, or of
// several passages in a row (sentences copied one after the other from one
// source, with nothing but punctuation between them), one detection.
type Span struct {
	Start  int  `json:"start"`
	End    int  `json:"end"`
	Words  int  `json:"words"`  // its words, as the document's are counted
	Quoted bool `json:"quoted"` // most of its words are inside quotation marks, or on lines quoted with ">"
	// Attribution is the phrase that credits the span ("The AP reported",
	// "the statement read"), or "". While the document's text is in the
	// report's TextFile, AttributionAt may say where the phrase is in it
	// instead; LoadTexts and the writers read it.
	Attribution   string `json:"attribution"`
	AttributionAt Range  `json:"-"`
	// Pieces are the passages the span holds copies of, one a piece, in
	// order: a piece's passage id and the part of the span that is its
	// member.
	Pieces []Piece `json:"pieces"`
	// Source is the document this stretch most likely came from, and its
	// stretch there: for each piece, the closest member of its passage
	// known to be published earlier, else its origin; when the order is
	// unknown, the closest member. Nil when this document is the origin of
	// the span's passages.
	Source *Source `json:"source"`
	// Matches are the closest copies in other documents, most similar
	// first, at most params.partners of them; Others counts the other
	// documents that carry a piece of the span (those of the piece carried
	// by most).
	Matches []Match `json:"matches"`
	Others  int     `json:"others"`
}

// Rewrite is a stretch of a document that keeps the content of a stretch
// of another, in other words: most of its content words, in order, but
// no run of them long enough to be a copy.
type Rewrite struct {
	Start int `json:"start"`
	End   int `json:"end"`
	Words int `json:"words"` // its words, as the document's are counted
	// With is the other document's stretch. Its similarity is 2 × content
	// words kept in order / content words of both; Earlier and
	// LeadSeconds say, as for a source, whether it was published before.
	// When several documents were found with a rewrite of this stretch
	// (copies of one text, as a rule), With is the one it most likely came
	// from, as a span's source is: the closest of those published before
	// it, else of all. Others counts the rest, and the other copies of
	// With's stretch: the members, in documents other than this one, of
	// the passage that holds four fifths of it, which a document that
	// shares no copy with a text carried by more than 15 documents is not
	// compared with one by one (it is compared with the earliest only).
	With   Source `json:"with"`
	Others int    `json:"others"`
}

// Piece is the part of a span that is a member of one passage.
type Piece struct {
	Passage int `json:"passage"` // the passage's id
	Start   int `json:"start"`
	End     int `json:"end"`
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
	// Later says the other document is known to be published after this
	// one (a rewrite of this one's words, or a source of unknown order
	// where every other copy came later); LagSeconds is then how long
	// after, at least, and 0 otherwise.
	Later      bool  `json:"later"`
	LagSeconds int64 `json:"lag_seconds"`
	// Quoted says the source's words are mostly quoted there too (inside
	// quotation marks, or on lines quoted with '>'): a span quoted from
	// a source that quoted it was quoted as the source quoted it; one
	// quoted from a source's own prose was quoted from the source (an
	// e-mail reply quoting the message it answers).
	Quoted bool `json:"quoted"`
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
	// Guess says the repair chose a character whose last byte was lost
	// from its neighbours: "—" may have been "–", "”" "…".
	Guess bool `json:"guess"`
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
	Text string `json:"text"` // the representative copy: the origin's, else the most common wording
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
	// words there), matched by their best alignment however weak; 1 for
	// the representative. It is 0 for a member that shares no word with
	// the representative, in the passage through other members.
	Similarity float64 `json:"similarity"`
	Quoted     bool    `json:"quoted"`
	// Representative marks the member whose text is the passage's.
	Representative bool `json:"representative"`
}

// ScanPair is two documents linked by a span's source or matches (or,
// with params.pairs "all", sharing a passage). Jaccard and the
// containments are exact, over the documents' word-shingle sets (Broder
// 1997; words compared as the alignment compares them, less a plural or
// possessive ending): containment_a_in_b = |A ∩ B| / |A|. shared_a is the share of a's
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
	// Pieces counts the pieces of a's spans (copies of passages: a
	// sentence, or a run of them that every member carries alike) in
	// passages that b also carries.
	Pieces int `json:"pieces"`
	// RewrittenA is the share of a's words in rewrites of b's (and
	// RewrittenB of b's in rewrites of a's): with SharedA and SharedB, how
	// much of each the other carries copied and in other words.
	RewrittenA float64 `json:"rewritten_a"`
	RewrittenB float64 `json:"rewritten_b"`
	// Passages are the stretches of a aligned with stretches of b that
	// the two documents' spans (or rewrites) name each other for, or that
	// align as copies though no one passage holds both (a document that
	// carries two versions of one sentence), one a copied or rewritten
	// stretch, by their offset in a.
	Passages []PairPassage `json:"passages"`
}

// The kinds of a pair's passage (PairPassage.Kind).
const (
	KindCopy    = "copy"    // the same run of words, perhaps lightly edited
	KindRewrite = "rewrite" // the same content in other words (Rewrite)
)

// PairPassage is a stretch of document a, [AStart, AEnd), aligned with the
// stretch [BStart, BEnd) of document b.
type PairPassage struct {
	AStart int `json:"a_start"`
	AEnd   int `json:"a_end"`
	BStart int `json:"b_start"`
	BEnd   int `json:"b_end"`
	// Words are the stretch's words in a.
	Words int `json:"words"`
	// Similarity is 2·matched / (words in a + words in b), over the
	// stretch.
	Similarity float64 `json:"similarity"`
	Kind       string  `json:"kind"`
}
