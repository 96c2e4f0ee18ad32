package pipeline

import (
	"fmt"
	"slices"
	"strconv"

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
// returns the records, each document's with its Analysis.
//
// What it shuffles: each document's candidate furniture lines (a key of
// 8 bytes and its outlet's name each, counted per line: a combine), and
// the lines that recur (a side input to every worker: a few per outlet).
func Analyse(s beam.Scope, records beam.PCollection) beam.PCollection {
	s = s.Scope("copydesk.Analyse")
	lines := beam.ParDo(s, siteKeysFn, records)
	recurring := beam.ParDo(s, recursFn, stats.Count(s, lines))
	return beam.ParDo(s, &analyseFn{}, records, beam.SideInput{Input: recurring})
}

// siteLine names a candidate furniture line of an outlet: its
// corpus.SiteKeys key, 16 hexadecimal digits, then the outlet.
func siteLine(outlet string, key uint64) string { return fmt.Sprintf("%016x%s", key, outlet) }

// siteKeysFn emits the candidate furniture lines of a document that has an
// outlet, each once.
func siteKeysFn(r Record, emit func(string)) {
	if r.Skipped || r.Outlet == "" {
		return
	}
	for _, k := range corpus.SiteKeys(nil, r.Text) {
		emit(siteLine(r.Outlet, k))
	}
}

// recursFn keeps the lines in enough documents of their outlet to be its
// furniture.
func recursFn(line string, docs int, emit func(string, int)) {
	if docs >= corpus.SiteLineDocs {
		emit(line, docs)
	}
}

// analyseFn adds a document's furniture to its boilerplate and analyses
// it.
type analyseFn struct {
	sites *corpus.SiteLines // the furniture, from the side input, once a worker
}

func (fn *analyseFn) ProcessElement(r Record, recurring func(*string, *int) bool, emit func(Record)) error {
	if r.Skipped {
		emit(r)
		return nil
	}
	if fn.sites == nil {
		fn.sites = &corpus.SiteLines{}
		var line string
		var n int
		for recurring(&line, &n) {
			key, err := strconv.ParseUint(line[:16], 16, 64)
			if err != nil {
				return fmt.Errorf("pipeline: furniture line %q: %w", line, err)
			}
			fn.sites.Count(line[16:], key, int32(n))
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
	if r.Analysis, err = reuse.Analyse(d).MarshalBinary(); err != nil {
		return err
	}
	emit(r)
	return nil
}

func init() {
	register.Function2x0(siteKeysFn)
	register.Function3x0(recursFn)
	register.Emitter1[string]()
	register.Emitter2[string, int]()
	register.Iter2[string, int]()
	register.DoFn3x1[Record, func(*string, *int) bool, func(Record), error](&analyseFn{})
}
