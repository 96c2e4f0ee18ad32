package pipeline

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/reuse"
)

// Analyse analyses every document of records (Read) on the worker that
// holds it, as Scan analyses each: first each outlet's furniture, the
// short lines that recur in corpus.SiteLineDocs or more of its documents
// (corpus.SiteLines), is counted over the whole corpus and joins the
// boilerplate of the documents that carry it; then reuse.Analyse. It
// returns the records, each document's with its Analysis; an index entry
// for each document with words (Shards numbers the documents by them);
// and the postings of the shingles of shingle words (0: the default) of
// each such document, in batches by shard (Shards finds their
// candidates).
//
// What it shuffles: each document's candidate short furniture lines (a
// key of 8 bytes and its outlet's name each, counted per line: a
// combine) and tail lines (a key, the outlet's name and the line's
// context, grouped by line over all outlets), and the lines that are
// furniture or may be (a side input to every worker: a few per outlet).
func Analyse(s beam.Scope, records beam.PCollection, shingle int) (analysed, entries, postings beam.PCollection) {
	s = s.Scope("copydesk.Analyse")
	lines := beam.ParDo(s, siteKeysFn, records)
	recurring := beam.ParDo(s, recursFn, stats.Count(s, lines))
	tails := beam.ParDo(s, tailCountsFn, beam.GroupByKey(s, beam.ParDo(s, tailsFn, records)))
	side := beam.Flatten(s, recurring, tails)
	return beam.ParDo3(s, &analyseFn{Shingle: shingle}, records, beam.SideInput{Input: side})
}

// siteLine names a candidate furniture line of an outlet: its
// corpus.SiteKeys key, 16 hexadecimal digits, then the outlet; or, for
// the count of a tail line over all outlets, allOutlets then its key.
func siteLine(outlet string, key uint64) string { return fmt.Sprintf("%016x%s", key, outlet) }

// allOutlets opens the side input's count of a tail line over all
// outlets (corpus.SiteLines.CountAll), which no key's hexadecimal does.
const allOutlets = "*"

// siteKeysFn emits the candidate short furniture lines of a document that
// has an outlet, each once; its tail lines are tailsFn's.
func siteKeysFn(r Record, emit func(string)) {
	if r.Skipped || r.Outlet == "" {
		return
	}
	for _, k := range corpus.SiteKeys(nil, r.Text) {
		if !corpus.IsTailKey(k) && !corpus.IsContextKey(k) {
			emit(siteLine(r.Outlet, k))
		}
	}
}

// tailsFn emits each tail line of a document (corpus.TailLines), of an
// outlet or none, once: its key, 16 hexadecimal digits, and its
// contexts', each 16 hexadecimal digits, then the outlet.
func tailsFn(r Record, emit func(string, string)) {
	if r.Skipped {
		return
	}
	var seen []uint64
	for _, l := range corpus.TailLines(nil, r.Text) {
		if slices.Contains(seen, l.Key) {
			continue
		}
		seen = append(seen, l.Key)
		var b strings.Builder
		for _, c := range l.Contexts {
			fmt.Fprintf(&b, "%016x", c)
		}
		emit(fmt.Sprintf("%016x", l.Key), b.String()+r.Outlet)
	}
}

// tailCountsFn emits, for a tail line that one outlet alone prints, in
// enough contexts to be its furniture, the counts corpus.SiteLines reads:
// the line's in the outlet and over all outlets, and each context's.
func tailCountsFn(key string, printed func(*string) bool, emit func(string, int)) error {
	k, err := strconv.ParseUint(key, 16, 64)
	if err != nil {
		return fmt.Errorf("pipeline: tail line %q: %w", key, err)
	}
	const cs = 16 * corpus.TailContexts // the contexts' digits
	outlet, one := "", true
	contexts := map[string]int{} // each context's siteLine
	n := 0
	var p string
	for printed(&p) {
		if len(p) < cs {
			return fmt.Errorf("pipeline: tail line %q printed as %q", key, p)
		}
		if n == 0 {
			outlet = p[cs:]
		}
		one = one && p[cs:] == outlet && outlet != ""
		for j := range corpus.TailContexts {
			contexts[p[16*j:16*j+16]+p[cs:]]++
		}
		n++
	}
	if !one || n <= corpus.SiteTailOthers {
		return nil
	}
	emit(siteLine(outlet, k), n)
	emit(allOutlets+key, n)
	for c, m := range contexts {
		emit(c, m)
	}
	return nil
}

// recursFn keeps the lines in enough documents of their outlet to be its
// furniture.
func recursFn(line string, docs int, emit func(string, int)) {
	if docs >= corpus.SiteLineDocs {
		emit(line, docs)
	}
}

// analyseFn adds a document's furniture to its boilerplate and analyses
// it, and makes its postings.
type analyseFn struct {
	Shingle int
	sites   *corpus.SiteLines // the furniture, from the side input, once a worker
	batches postingBatches
}

func (fn *analyseFn) ProcessElement(r Record, recurring func(*string, *int) bool, emit func(Record), entry func(indexEntry), batch func(int, []byte)) error {
	if r.Skipped {
		emit(r)
		return nil
	}
	if fn.sites == nil {
		fn.sites = &corpus.SiteLines{}
		var line string
		var n int
		for recurring(&line, &n) {
			all := strings.HasPrefix(line, allOutlets)
			if all {
				line = line[len(allOutlets):]
			}
			key, err := strconv.ParseUint(line[:min(16, len(line))], 16, 64)
			if err != nil {
				return fmt.Errorf("pipeline: furniture line %q: %w", line, err)
			}
			if all {
				fn.sites.CountAll(key, int32(n))
			} else {
				fn.sites.Count(line[16:], key, int32(n))
			}
		}
	}
	d, err := r.doc()
	if err != nil {
		return err
	}
	if b := corpus.Merge(d.Boilerplate, fn.sites.Find(d.Outlet, d.Text)); !slices.Equal(b, d.Boilerplate) {
		d.Boilerplate = b
		r.Boilerplate = r.Boilerplate[:0]
		for _, x := range b {
			r.Boilerplate = append(r.Boilerplate, Range{x.Start, x.End})
		}
	}
	a := reuse.Analyse(d)
	if r.Analysis, err = a.MarshalBinary(); err != nil {
		return err
	}
	if a.Words() > 0 {
		entry(indexEntry{Input: r.Input, File: r.File, Seq: r.Seq, Units: a.Units(), Published: r.Published, DateOnly: r.DateOnly})
		fn.batches.add(&r, a, fn.Shingle, batch)
	}
	emit(r)
	return nil
}

func (fn *analyseFn) FinishBundle(_ func(*string, *int) bool, _ func(Record), _ func(indexEntry), emit func(int, []byte)) {
	fn.batches.flush(emit)
}

func init() {
	register.Function2x0(siteKeysFn)
	register.Function2x0(tailsFn)
	register.Function3x1(tailCountsFn)
	register.Emitter2[string, string]()
	register.Iter1[string]()
	register.Function3x0(recursFn)
	register.Emitter1[string]()
	register.Emitter2[string, int]()
	register.Iter2[string, int]()
	register.DoFn5x1[Record, func(*string, *int) bool, func(Record), func(indexEntry), func(int, []byte), error](&analyseFn{})
}
