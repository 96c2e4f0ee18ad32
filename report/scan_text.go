package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteText writes the report for a terminal: counts and settings, then per
// document its original share and shared spans with their partners, then
// the passages carried by most documents, then the pairs that share most.
func (r *Scan) WriteText(w io.Writer) error { return r.WriteTextBy(w, OrderInput) }

// The orders WriteTextBy lists documents in.
const (
	OrderInput  = "input"  // as read
	OrderCopied = "copied" // the least original first, then by id
	OrderOutlet = "outlet" // by outlet, then publication time, then id
)

// WriteTextBy writes the text report with its documents in the order
// named (OrderInput, OrderCopied or OrderOutlet; the JSON report keeps
// input order).
func (r *Scan) WriteTextBy(w io.Writer, order string) error {
	r.Sort()
	if err := r.LoadTexts(); err != nil { // excerpts of every document
		return err
	}
	ew := &errWriter{w: w}
	p := r.Params
	archived := r.ArchivedDocuments()
	analysed := len(r.Documents) - archived
	if a := r.Archive; a != nil {
		fmt.Fprintf(ew, "copydesk archive check: %d documents in, %d analysed, %d skipped; of the archive's %d documents, %d read, %d share text with them\n",
			analysed+len(r.Skipped), analysed, len(r.Skipped), a.Documents, a.Read, archived)
		if a.Wide > 0 {
			fmt.Fprintf(ew, "%d of their fingerprints are carried by more than %d archived documents each: only the earliest of each was read (%d documents not read)\n",
				a.Wide, a.WideDocs, a.NotRead)
		}
	} else {
		fmt.Fprintf(ew, "copydesk scan: %d documents in, %d analysed, %d skipped\n", analysed+len(r.Skipped), analysed, len(r.Skipped))
	}
	runs := ", those that every copy carries word for word, one after another, one passage"
	if p.Runs == "kept" {
		runs = ""
	}
	fmt.Fprintf(ew, "a shared stretch has at least %d words in common, %d of them content words; its sentences are the passages%s\n", p.MinWords, p.MinContent, runs)
	writeSkipped(ew, r.Skipped)
	writeLedger(ew, r.Ledger())
	fmt.Fprintf(ew, "\nDocuments\n")
	docs := documentOrder(r.Documents, order)
	docs = slices.DeleteFunc(docs, func(i int) bool { return r.Documents[i].Archived }) // named by the checked documents' spans and the passages
	when := publishedKeys(r.Documents)
	// The documents' parts are made in parallel, a window at a time.
	inOrder(len(docs), runtime.GOMAXPROCS(0), func(_, i int, dst []byte) ([]byte, error) {
		b := bytes.NewBuffer(dst)
		writeTextDocument(b, &r.Documents[docs[i]], when)
		return b.Bytes(), nil
	}, func(_ int, b []byte) { ew.Write(b) })
	if len(r.Passages) > 0 {
		fmt.Fprintf(ew, "\nPassages, by reach\n")
		named := namedOutlets(r.Documents)
		for _, ps := range r.Passages {
			kind := "prose"
			if ps.Quoted {
				kind = "quoted"
			}
			// Its outlets, where a member names one: where none does, each
			// counts as an outlet of its own, which says nothing.
			outlets := ""
			if slices.ContainsFunc(ps.Members, func(m Member) bool { return named[m.Doc] }) {
				outlets = fmt.Sprintf(" %d %s,", ps.Reach.Outlets, plural(ps.Reach.Outlets, "outlet", "outlets"))
			}
			fmt.Fprintf(ew, "  %d. %d documents,%s %d %s, %s, %s: %s\n", ps.ID, ps.Reach.Documents,
				outlets, ps.Words, plural(ps.Words, "word", "words"), kind, originPhrase(ps), excerpt(ps.Text, 60))
			fmt.Fprintf(ew, "     %s\n", memberNames(ps.Members, when))
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
		fmt.Fprintf(tw, "  document a\tdocument b\tpassages shared\tof a shared\tof b shared\tof a rewritten\tof b rewritten\toverlap (Jaccard)\n")
		for _, pr := range pairs {
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%.0f%%\t%.0f%%\t%.0f%%\t%.0f%%\t%.2f\n", Printable(pr.A), Printable(pr.B), pr.Pieces,
				100*pr.SharedA, 100*pr.SharedB, 100*pr.RewrittenA, 100*pr.RewrittenB, pr.Jaccard)
		}
		tw.Flush()
	} else {
		fmt.Fprintf(ew, "\nNo shared passages.\n")
	}
	return ew.err
}

// namedOutlets marks, by ID, the documents that name their outlet; nil
// if none does.
func namedOutlets(docs []ScanDocument) map[string]bool {
	return byID(docs, func(d *ScanDocument) (bool, bool) { return true, d.Outlet != "" })
}

// publishedKeys returns each document's publishedKey, by ID, for those
// that say when they came out; nil if none does.
func publishedKeys(docs []ScanDocument) map[string]string {
	return byID(docs, func(d *ScanDocument) (string, bool) { return publishedKey(d.Published), d.Published != "" })
}

// byID maps the documents' IDs to what f gives of each, for those of
// which it says ok; nil if it says so of none.
func byID[V any](docs []ScanDocument, f func(d *ScanDocument) (V, bool)) map[string]V {
	var out map[string]V
	for i := range docs {
		if v, ok := f(&docs[i]); ok {
			if out == nil {
				out = make(map[string]V, len(docs))
			}
			out[docs[i].ID] = v
		}
	}
	return out
}

// byTime returns a passage's members as they came out (when:
// publishedKeys), those of no known time last, else in the report's
// order; members itself if no time is known.
func byTime(members []Member, when map[string]string) []Member {
	if when == nil {
		return members
	}
	key := func(doc string) string {
		if k, ok := when[doc]; ok {
			return k
		}
		return publishedKey("")
	}
	out := slices.Clone(members)
	slices.SortStableFunc(out, func(a, b Member) int { return cmp.Compare(key(a.Doc), key(b.Doc)) })
	return out
}

// maxMembersShown is the most documents the text report names for one
// passage; the rest are counted.
const maxMembersShown = 12

// memberNames names the documents of a passage's members as they came out
// (byTime), each once, with how many times it carries the passage where
// more than once: "wire, paper (3 times), blog"; after maxMembersShown,
// "and 40 more".
func memberNames(members []Member, when map[string]string) string {
	times := make(map[string]int, len(members))
	for _, m := range members {
		times[m.Doc]++
	}
	var names []string
	for _, m := range byTime(members, when) {
		n := times[m.Doc]
		if n == 0 {
			continue // named already
		}
		if len(names) == maxMembersShown {
			names = append(names, fmt.Sprintf("and %d more", len(times)-maxMembersShown))
			break
		}
		name := Printable(m.Doc)
		if n > 1 {
			name += fmt.Sprintf(" (%d times)", n)
		}
		names = append(names, name)
		times[m.Doc] = 0
	}
	return strings.Join(names, ", ")
}

// passageNames names the passages of a span's pieces: "passage 3",
// "passages 3 and 4", "passages 3, 4 and 7".
func passageNames(pieces []Piece) string {
	var ids []string
	for _, p := range pieces {
		if id := fmt.Sprint(p.Passage); !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	switch len(ids) {
	case 0:
		return "no passage"
	case 1:
		return "passage " + ids[0]
	}
	return "passages " + strings.Join(ids[:len(ids)-1], ", ") + " and " + ids[len(ids)-1]
}

// spanLine says where a span came from and where else it is; atLeast
// says its source's lead or lag is only a bound (order).
func spanLine(s Span, atLeast bool) string {
	var parts []string
	switch src := s.Source; {
	case src == nil:
		parts = append(parts, fmt.Sprintf("published here first (origin of %s)", passageNames(s.Pieces)))
	case src.Earlier && s.Quoted && src.Quoted:
		parts = append(parts, fmt.Sprintf("%squoted as %s quoted it (%s), similarity %s", wordCount(s.Words, " "), Printable(src.Doc), order(src, atLeast), twoPlaces(src.Similarity)))
	case src.Earlier && s.Quoted:
		parts = append(parts, fmt.Sprintf("%squoted from %s (%s), similarity %s", wordCount(s.Words, " "), Printable(src.Doc), order(src, atLeast), twoPlaces(src.Similarity)))
	case src.Earlier:
		parts = append(parts, fmt.Sprintf("%scopied from %s (%s), similarity %s", wordCount(s.Words, " "), Printable(src.Doc), order(src, atLeast), twoPlaces(src.Similarity)))
	case s.Words > 0:
		parts = append(parts, fmt.Sprintf("shares %s with %s (%s), similarity %s", wordCount(s.Words, ""), Printable(src.Doc), order(src, atLeast), twoPlaces(src.Similarity)))
	default:
		parts = append(parts, fmt.Sprintf("shared with %s (%s), similarity %s", Printable(src.Doc), order(src, atLeast), twoPlaces(src.Similarity)))
	}
	also := alsoIn(s)
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

// alsoIn lists the documents of a span's matches but its source's place,
// each once, with its best similarity and, where the passage is in more
// than one place of it (a licence it prints for each of its components),
// how many.
func alsoIn(s Span) []string {
	type places struct {
		doc  string
		best float64
		n    int
	}
	var ps []places
	for _, m := range s.Matches {
		if s.Source != nil && m.Doc == s.Source.Doc && m.Start == s.Source.Start {
			continue
		}
		i := slices.IndexFunc(ps, func(p places) bool { return p.doc == m.Doc })
		if i < 0 {
			i, ps = len(ps), append(ps, places{doc: m.Doc})
		}
		ps[i].best, ps[i].n = max(ps[i].best, m.Similarity), ps[i].n+1
	}
	also := make([]string, len(ps))
	for i, p := range ps {
		also[i] = Printable(p.doc) + " " + twoPlaces(p.best)
		if p.n > 1 {
			also[i] += fmt.Sprintf(" (%d places)", p.n)
		}
	}
	return also
}

// writeTextDocument writes a document's part of the text report: its
// line, who published it, its note, and its spans and rewrites in text
// order.
func writeTextDocument(w io.Writer, d *ScanDocument, when map[string]string) {
	fmt.Fprintf(w, "\n%s  %3.0f%% original, %d shared %s", Printable(d.ID), 100*d.OriginalFraction, len(d.Spans), plural(len(d.Spans), "span", "spans"))
	// Its rewrites of others, and its words others said again later.
	own, later := 0, 0
	for _, r := range d.Rewrites {
		if r.With.Later {
			later++
		} else {
			own++
		}
	}
	switch {
	case own > 0 && d.RewrittenFraction == 0: // its words are in spans, which count them
		fmt.Fprintf(w, ", %d %s (within shared spans)", own, plural(own, "rewrite", "rewrites"))
	case own > 0:
		fmt.Fprintf(w, ", %d %s (%.0f%% rewritten)", own, plural(own, "rewrite", "rewrites"), 100*d.RewrittenFraction)
	}
	if later > 0 {
		fmt.Fprintf(w, ", rewritten later by others in %d %s", later, plural(later, "place", "places"))
	}
	if len(d.Repairs) > 0 {
		fmt.Fprintf(w, ", %d %s", len(d.Repairs), plural(len(d.Repairs), "repair", "repairs"))
	}
	if d.Encoding != "" && d.Encoding != "utf-8" {
		fmt.Fprintf(w, ", read as %s", d.Encoding)
	}
	if len(d.Boilerplate) > 0 {
		fmt.Fprintf(w, ", %d %s of boilerplate left out", len(d.Boilerplate), plural(len(d.Boilerplate), "line", "lines"))
	}
	fmt.Fprintf(w, "\n")
	if about := aboutLine(d); about != "" {
		fmt.Fprintf(w, "  %s\n", about)
	}
	if d.Note != "" {
		fmt.Fprintf(w, "  note: %s\n", Printable(d.Note))
	}
	// Spans and rewrites in text order.
	// A lead is a bound where either side gives only its day.
	atLeast := func(src string) bool { return isDay(d.Published) || isDay(when[src]) } // a key of a day is the day
	rw := d.Rewrites
	for _, s := range d.Spans {
		for ; len(rw) > 0 && rw[0].Start < s.Start; rw = rw[1:] {
			writeRewrite(w, d.Text, rw[0], atLeast(rw[0].With.Doc))
		}
		kind := "prose "
		if s.Quoted {
			kind = "quoted"
		}
		fmt.Fprintf(w, "  %s %s\n", kind, excerpt(d.Text[s.Start:s.End], 72))
		fmt.Fprintf(w, "         %s\n", spanLine(s, s.Source != nil && atLeast(s.Source.Doc)))
	}
	for _, x := range rw {
		writeRewrite(w, d.Text, x, atLeast(x.With.Doc))
	}
}

// writeRewrite writes one rewrite of a document (text is its text);
// atLeast says the other document's lead or lag is only a bound (order).
func writeRewrite(w io.Writer, text string, x Rewrite, atLeast bool) {
	with := x.With
	fmt.Fprintf(w, "  rewrite %s\n", excerpt(text[x.Start:x.End], 71))
	others := ""
	if x.Others > 0 {
		others = fmt.Sprintf("; %d other %s too", x.Others, plural(x.Others, "document", "documents"))
	}
	says := "says in other words what " + Printable(with.Doc) + " says"
	if with.Later { // the other document rewrote this one's words
		says = Printable(with.Doc) + " says it in other words"
	}
	fmt.Fprintf(w, "         %s (%s), similarity %s%s\n", says, order(&with, atLeast), twoPlaces(with.Similarity), others)
}

// originPhrase says which member of a passage was published first.
func originPhrase(p Passage) string {
	switch p.Order {
	case OrderOrigin:
		return "first published by " + Printable(p.Origin)
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

// order says when the other document came out against this one: "3 h
// earlier", "3 h later" or "order unknown"; "at least 3 h earlier" where
// the lead is a bound, as it is when either document gives only the day
// it came out (Source.LeadSeconds counts from the end of the earlier's
// day, or to the start of the later's).
func order(src *Source, atLeast bool) string {
	var s int64
	var dir string
	switch {
	case src.Earlier:
		s, dir = src.LeadSeconds, " earlier"
	case src.Later:
		s, dir = src.LagSeconds, " later"
	default:
		return "order unknown"
	}
	if atLeast {
		return "at least " + lead(s) + dir
	}
	return lead(s) + dir
}

// isDay reports whether a document's Published gives only its day.
func isDay(published string) bool { return len(published) == len(time.DateOnly) }

// excerpt quotes s on one line, cut at a word to at most n runes with an
// ellipsis (wordExcerpt), its control characters escaped (Printable).
func excerpt(s string, n int) string {
	return "“" + Printable(wordExcerpt(s, n)) + "”"
}

// aboutLine says who published a document, when, and its title, as far
// as they are known: "AP · 2017-12-17 20:01 UTC · “Title”"; "" if none is.
func aboutLine(d *ScanDocument) string {
	var parts []string
	if d.Outlet != "" {
		parts = append(parts, Printable(d.Outlet))
	}
	if d.Published != "" {
		when := d.Published
		if t, err := time.Parse(time.RFC3339, when); err == nil {
			when = t.UTC().Format("2006-01-02 15:04 UTC")
		}
		parts = append(parts, Printable(when))
	}
	if d.Title != "" {
		parts = append(parts, excerpt(d.Title, 90))
	}
	return strings.Join(parts, " · ")
}

// documentOrder returns the indices of docs in the order named (see
// WriteTextBy).
func documentOrder(docs []ScanDocument, order string) []int {
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	switch order {
	case OrderCopied:
		slices.SortStableFunc(idx, func(a, b int) int {
			return cmp.Or(cmp.Compare(docs[a].OriginalFraction, docs[b].OriginalFraction), cmp.Compare(docs[a].ID, docs[b].ID))
		})
	case OrderOutlet:
		slices.SortStableFunc(idx, func(a, b int) int {
			return cmp.Or(cmp.Compare(docs[a].Outlet, docs[b].Outlet), cmp.Compare(publishedKey(docs[a].Published), publishedKey(docs[b].Published)), cmp.Compare(docs[a].ID, docs[b].ID))
		})
	}
	return idx
}

// publishedKey orders publication times: known ones by time, unknown ones
// last.
func publishedKey(p string) string {
	if p == "" {
		return "\uffff"
	}
	if t, err := time.Parse(time.RFC3339, p); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return p // a date: 2006-01-02 sorts before any time on that day
}

// writeLedger writes the outlet ledger as a table, when the documents
// name more than one outlet.
func writeLedger(w io.Writer, rows []OutletRow) {
	if len(rows) < 2 {
		return
	}
	fmt.Fprintf(w, "\nOutlets: what each published first or alone, took and gave\n")
	fmt.Fprintf(w, "  (copied: prose from a document published earlier; shared: prose others carry too, in an unknown order)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  outlet\tdocuments\twords\toriginal\tcopied\tshared\tquoted\trewritten\tcopied from\tcopied by\tshared with\tmedian delay\n")
	for _, r := range rows {
		name := r.Outlet
		if name == "" {
			name = "(no outlet)"
		}
		delay := "–"
		if r.MedianDelaySeconds != nil {
			delay = lead(*r.MedianDelaySeconds)
		}
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%.0f%%\t%.0f%%\t%.0f%%\t%.0f%%\t%.0f%%\t%s\t%s\t%s\t%s\n", Printable(name), r.Documents, r.Words,
			100*r.Original, 100*r.Copied, 100*r.Shared, 100*r.Quoted, 100*r.Rewritten,
			outletList(r.CopiedFrom), outletList(r.CopiedBy), outletList(r.SharedWith), delay)
	}
	tw.Flush()
}

// outletList writes outlets with their words: "AP 120, Reuters 40", or
// "–" for none.
func outletList(ws []OutletWords) string {
	if len(ws) == 0 {
		return "–"
	}
	parts := make([]string, 0, min(len(ws), 3))
	for _, w := range ws[:min(len(ws), 3)] {
		name := w.Outlet
		if name == "" {
			name = "(no outlet)"
		}
		parts = append(parts, fmt.Sprintf("%s %d", Printable(name), w.Words))
	}
	return strings.Join(parts, ", ")
}

// wordCount says a number of words and then sep: "14 words ", "1 word ";
// "" when the report does not count them (version 3).
func wordCount(n int, sep string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 word" + sep
	}
	return fmt.Sprintf("%d words%s", n, sep)
}

// twoPlaces writes a similarity with two decimals, but "<0.01" for one
// above 0 that would round to 0.00 (a sentence of a long span that
// another document shares), which would read as no match at all.
func twoPlaces(x float64) string {
	if x > 0 && x < 0.005 {
		return "<0.01"
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}
