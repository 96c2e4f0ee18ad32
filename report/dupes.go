// Package report holds copydesk's report models and renders them as text
// for a terminal and as stable JSON for other tools. It is a leaf: it
// imports no analysis code, so any tool can read and write reports.
package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// DupesVersion is the version of the Dupes JSON format. It changes when a
// field changes meaning or is removed; added fields do not change it.
//
// Version log:
//
//	1: the first.
//	2: documents[].copy_of; clusters[].every_pair; min_jaccard of a
//	   cluster of more than 64 distinct documents is a floor, not its
//	   weakest link; pairs no longer list every pair of such a cluster,
//	   nor documents identical to another (so that a text in c documents
//	   makes c report lines, not c(c − 1)/2 pairs).
const DupesVersion = 2

// Dupes is the report of `copydesk dupes`: near-duplicate documents.
//
// JSON (all keys always present, lists never null):
//
//	{"version": 2,
//	 "params": {"threshold", "shingle", "perm", "scheme", "bands", "rows"},
//	 "documents": [{"id", "path", "note", "shingles", "copy_of": {"doc", "jaccard"} or null}], // analysed, in input order
//	 "skipped": [{"id", "path", "reason"}],          // not analysed, in input order
//	 "pairs": [{"a", "b", "jaccard", "estimate"}],   // a < b; sorted by a, then b
//	 "clusters": [{"members", "min_jaccard", "every_pair", "weakest": {"a", "b", "jaccard"}}],
//	 "not_computed": 0}
//
// A document's copy_of names the document it was found a copy of: the
// first document, in input order, with the very same set of shingles
// (Jaccard 1), whose cluster it is in and whose pairs it shares; or else
// the first earlier document, among those others gathered around, whose
// Jaccard with it reaches the threshold (usually in its cluster; not if
// the two differ from the rest of it in different ways); null if neither.
//
// Every two members of a cluster have Jaccard ≥ min_jaccard ≥ threshold.
// In a cluster of at most 64 documents with distinct shingles every pair
// is computed (every_pair is true): min_jaccard is the weakest link's,
// weakest names it, and pairs lists them all. In a larger one, min_jaccard
// is a floor that the triangle inequality gives through the cluster's
// center, weakest is the least similar pair computed, and pairs lists the
// pairs computed (each copy's with the document it copies) rather than
// all c(c − 1)/2. Copies that stand apart from such a cluster are compared
// with it, not with each other, and two groups that are close but not one
// cluster are compared pair by pair up to 64 pairs: not_computed counts
// the pairs of documents so left uncompared (0 unless a cluster of more
// than 64 has such neighbours). pairs holds every pair computed
// with exact Jaccard ≥ threshold between documents that are not
// identical copies (a document identical to another shares its pairs);
// estimate is the MinHash estimate of the two. A cluster's members are
// sorted; clusters are sorted by size (largest first), then first member.
type Dupes struct {
	Version   int         `json:"version"`
	Params    DupesParams `json:"params"`
	Documents []Document  `json:"documents"`
	Skipped   []Skipped   `json:"skipped"`
	Pairs     []Pair      `json:"pairs"`
	Clusters  []Cluster   `json:"clusters"`
	// NotComputed counts the pairs of documents, each in a different
	// cluster of more than 64, that may be near-duplicates but were
	// neither computed nor listed.
	NotComputed int `json:"not_computed"`
}

// DupesParams records the settings of a run.
type DupesParams struct {
	Threshold float64 `json:"threshold"`
	Shingle   int     `json:"shingle"`
	Perm      int     `json:"perm"`
	Scheme    string  `json:"scheme"`
	Bands     int     `json:"bands"`
	Rows      int     `json:"rows"`
}

// Document is one analysed document.
type Document struct {
	ID       string `json:"id"`
	Path     string `json:"path,omitempty"`
	Note     string `json:"note"`     // what the reader changed, such as a renamed duplicate id; "" when nothing
	Shingles int    `json:"shingles"` // distinct shingles
	CopyOf   *Near  `json:"copy_of"`  // the document it was found a copy of; nil if none
}

// Near names a document and the Jaccard with it.
type Near struct {
	Doc     string  `json:"doc"`
	Jaccard float64 `json:"jaccard"`
}

// Skipped is an input document that was not analysed.
type Skipped struct {
	ID     string `json:"id"`
	Path   string `json:"path,omitempty"`
	Reason string `json:"reason"`
}

// Pair is two near-duplicate documents.
type Pair struct {
	A        string  `json:"a"`
	B        string  `json:"b"`
	Jaccard  float64 `json:"jaccard"`
	Estimate float64 `json:"estimate"`
}

// Link is the similarity of two members of a cluster.
type Link struct {
	A       string  `json:"a"`
	B       string  `json:"b"`
	Jaccard float64 `json:"jaccard"`
}

// Cluster is a group of documents every two of which are near-duplicates.
type Cluster struct {
	Members    []string `json:"members"`
	MinJaccard float64  `json:"min_jaccard"` // every two members reach it
	EveryPair  bool     `json:"every_pair"`  // every pair was computed: MinJaccard is Weakest's
	Weakest    Link     `json:"weakest"`     // the least similar pair computed
}

// Sort puts the report's lists in their canonical order (documents and
// skipped keep input order), so that equal reports render to equal bytes.
func (r *Dupes) Sort() {
	slices.SortFunc(r.Pairs, func(a, b Pair) int {
		return cmp.Or(strings.Compare(a.A, b.A), strings.Compare(a.B, b.B))
	})
	for _, c := range r.Clusters {
		slices.Sort(c.Members)
	}
	slices.SortFunc(r.Clusters, func(a, b Cluster) int {
		return cmp.Or(cmp.Compare(len(b.Members), len(a.Members)), strings.Compare(a.Members[0], b.Members[0]))
	})
}

// WriteJSON writes the report as indented JSON.
func (r *Dupes) WriteJSON(w io.Writer) error {
	// Written field by field and its arrays element by element, the
	// elements marshalled in parallel (writeArray): the bytes of a
	// json.Encoder with SetIndent("", "  ") and SetEscapeHTML(false) of
	// the report with its version set and its lists never null
	// (TestDupesWriteJSONStreams).
	return writeObject(w, func(jw *jsonWriter) {
		jw.key("version")
		jw.value(DupesVersion, "  ")
		jw.key("params")
		jw.value(r.Params, "  ")
		jw.key("documents")
		writeArray(jw, r.Documents, "  ", nil)
		jw.key("skipped")
		writeArray(jw, r.Skipped, "  ", nil)
		jw.key("pairs")
		writeArray(jw, r.Pairs, "  ", nil)
		jw.key("clusters")
		writeArray(jw, r.Clusters, "  ", nil)
		jw.key("not_computed")
		jw.value(r.NotComputed, "  ")
	})
}

// WriteText writes the report for a terminal: counts, clusters with their
// weakest links, then pairs by decreasing similarity.
func (r *Dupes) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	p := r.Params
	in := len(r.Documents) + len(r.Skipped)
	fmt.Fprintf(ew, "copydesk dupes: %d documents in, %d analysed, %d skipped\n", in, len(r.Documents), len(r.Skipped))
	fmt.Fprintf(ew, "threshold %.2f, %d-word shingles, %d-value %s signatures, LSH %d bands × %d rows\n",
		p.Threshold, p.Shingle, p.Perm, p.Scheme, p.Bands, p.Rows)
	writeSkipped(ew, r.Skipped)
	writeNotes(ew, r.Documents)
	if len(r.Pairs) == 0 && len(r.Clusters) == 0 {
		fmt.Fprintf(ew, "\nNo near-duplicates at Jaccard ≥ %.2f.\n", p.Threshold)
		return ew.err
	}
	fmt.Fprintf(ew, "\n%d %s of near-duplicates\n", len(r.Clusters), plural(len(r.Clusters), "cluster", "clusters"))
	copyOf := map[string]*Near{}
	for _, d := range r.Documents {
		if d.CopyOf != nil {
			copyOf[d.ID] = d.CopyOf
		}
	}
	for i, c := range r.Clusters {
		if c.EveryPair {
			fmt.Fprintf(ew, "  %d. %d documents, weakest link %.3f (%s ~ %s)\n", i+1, len(c.Members), c.MinJaccard, Printable(c.Weakest.A), Printable(c.Weakest.B))
		} else {
			fmt.Fprintf(ew, "  %d. %d documents, every two at Jaccard ≥ %.3f (the least computed: %.3f, %s ~ %s)\n",
				i+1, len(c.Members), c.MinJaccard, c.Weakest.Jaccard, Printable(c.Weakest.A), Printable(c.Weakest.B))
		}
		for _, m := range c.Members {
			if n, ok := copyOf[m]; ok {
				fmt.Fprintf(ew, "       %s (a copy of %s, %.3f)\n", Printable(m), Printable(n.Doc), n.Jaccard)
			} else {
				fmt.Fprintf(ew, "       %s\n", Printable(m))
			}
		}
	}
	if r.NotComputed > 0 {
		fmt.Fprintf(ew, "\n%d pairs of documents in large clusters close to each other were not compared (they may hold more near-duplicates)\n", r.NotComputed)
	}
	if len(r.Pairs) == 0 {
		// Every cluster is of identical copies, which list no pairs.
		fmt.Fprintf(ew, "\nNo other pairs at Jaccard ≥ %.2f: the clusters above are of identical copies.\n", p.Threshold)
		return ew.err
	}
	pairs := append([]Pair(nil), r.Pairs...)
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].Jaccard > pairs[j].Jaccard })
	fmt.Fprintf(ew, "\n%d %s at Jaccard ≥ %.2f", len(pairs), plural(len(pairs), "pair", "pairs"), p.Threshold)
	for _, n := range copyOf {
		if n.Jaccard == 1 {
			fmt.Fprintf(ew, " (a document identical to another shares its pairs)")
			break
		}
	}
	for _, c := range r.Clusters {
		if !c.EveryPair {
			fmt.Fprintf(ew, " (of clusters of more than 64 documents, the pairs computed)")
			break
		}
	}
	fmt.Fprintf(ew, "\n")
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  jaccard\testimate\tdocument\tdocument\n")
	for _, pr := range pairs {
		fmt.Fprintf(tw, "  %.3f\t%.3f\t%s\t%s\n", pr.Jaccard, pr.Estimate, Printable(pr.A), Printable(pr.B))
	}
	tw.Flush()
	return ew.err
}

// writeNotes lists the documents the reader changed, with what it did.
func writeNotes(w io.Writer, docs []Document) {
	first := true
	for _, d := range docs {
		if d.Note == "" {
			continue
		}
		if first {
			fmt.Fprintf(w, "\nNotes\n")
			first = false
		}
		fmt.Fprintf(w, "  %s: %s\n", Printable(d.ID), Printable(d.Note))
	}
}

// writeSkipped lists the inputs not analysed, with their reasons.
func writeSkipped(w io.Writer, skipped []Skipped) {
	if len(skipped) == 0 {
		return
	}
	fmt.Fprintf(w, "\nSkipped\n")
	count := map[string]int{}
	var kinds []string // in the order they first come
	for _, s := range skipped {
		k := reasonKind(s.Reason)
		if count[k] == 0 {
			kinds = append(kinds, k)
		}
		count[k]++
	}
	listed := map[string]int{}
	for _, s := range skipped {
		k := reasonKind(s.Reason)
		if count[k] > skippedListed+1 && listed[k] == skippedListed {
			continue
		}
		listed[k]++
		fmt.Fprintf(w, "  %s: %s\n", Printable(s.Place()), Printable(s.Reason))
	}
	for _, k := range kinds {
		if n := count[k] - listed[k]; n > 0 {
			fmt.Fprintf(w, "  and %d more: %s (the JSON report lists them all)\n", n, Printable(k))
		}
	}
}

// skippedListed is how many inputs skipped for one kind of reason the
// text report lists by name; the rest are counted, and the JSON report
// lists them all: a folder of a saved web site has hundreds of
// stylesheets, scripts and images, a broken export thousands of lines.
const skippedListed = 3

// reasonKind is the kind of a reason to skip an input: what comes before
// the details of this input (": 14 links hold 91% of its text", ": unexpected
// end of JSON input").
func reasonKind(reason string) string {
	kind, _, _ := strings.Cut(reason, ": ")
	return kind
}

// Place says where a skipped input is: its path, and its id too where
// the path is a place inside a file (a record's line, "feed.json#3"),
// which the id, the name the rest of the report would give it, tells
// from the file's other records; its id alone if it has no path.
func (s Skipped) Place() string {
	if s.Path == "" {
		return s.ID
	}
	if s.ID == "" || !inFile(s.Path) {
		return s.Path
	}
	return s.Path + " (id " + strconv.Quote(s.ID) + ")"
}

// inFile reports whether a path names a place inside a file: it ends in
// ":" or "#" and a number.
func inFile(path string) bool {
	i := strings.LastIndexAny(path, ":#")
	return i > 0 && i < len(path)-1 && strings.Trim(path[i+1:], "0123456789") == ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// errWriter remembers the first write error so renderers can check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = fmt.Errorf("report: %w", err)
	}
	return n, err
}
