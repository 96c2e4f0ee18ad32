package report

import (
	"fmt"
	"slices"
)

// check reports the first thing in a scan report read from JSON that its
// writers cannot take as it is: an offset outside its document's text or
// before the one it ends or follows, a reference to a document or a
// passage the report does not hold, or a document id used twice. A report
// that Scan writes passes; one edited by hand, cut short or made by
// another program may not, and its writers would fail or mislead on it.
func (r *Scan) check() error {
	size := make(map[string]int, len(r.Documents)) // the texts' lengths, by document id
	for i, d := range r.Documents {
		if _, ok := size[d.ID]; ok {
			return fmt.Errorf("documents[%d]: id %q is used twice", i, d.ID)
		}
		size[d.ID] = len(d.Text)
	}
	passages := make(map[int]bool, len(r.Passages))
	for i, p := range r.Passages {
		passages[p.ID] = true
		for j, m := range p.Members {
			if err := inDoc(size, m.Doc, m.Start, m.End); err != nil {
				return fmt.Errorf("passages[%d] (%d): members[%d]: %w", i, p.ID, j, err)
			}
		}
	}
	for i := range r.Documents {
		if err := r.Documents[i].check(size, passages); err != nil {
			return fmt.Errorf("documents[%d] (%q): %w", i, r.Documents[i].ID, err)
		}
	}
	for i, p := range r.Pairs {
		if err := p.check(size); err != nil {
			return fmt.Errorf("pairs[%d] (%q, %q): %w", i, p.A, p.B, err)
		}
	}
	return nil
}

// check is Scan.check of one document.
func (d *ScanDocument) check(size map[string]int, passages map[int]bool) error {
	n := len(d.Text)
	end := 0 // where the last span ended: spans do not overlap
	for i, s := range d.Spans {
		if err := inRange(s.Start, s.End, n); err != nil {
			return fmt.Errorf("spans[%d]: %w", i, err)
		}
		if s.Start < end {
			return fmt.Errorf("spans[%d]: starts at %d, before the span before it ends (%d)", i, s.Start, end)
		}
		end = s.End
		for j, p := range s.Pieces {
			if err := inRange(p.Start, p.End, n); err != nil {
				return fmt.Errorf("spans[%d]: pieces[%d]: %w", i, j, err)
			}
			if !passages[p.Passage] {
				return fmt.Errorf("spans[%d]: pieces[%d]: passage %d is not in the report", i, j, p.Passage)
			}
		}
		if s.Source != nil {
			if err := inDoc(size, s.Source.Doc, s.Source.Start, s.Source.End); err != nil {
				return fmt.Errorf("spans[%d]: source: %w", i, err)
			}
		}
		for j, m := range s.Matches {
			if err := inDoc(size, m.Doc, m.Start, m.End); err != nil {
				return fmt.Errorf("spans[%d]: matches[%d]: %w", i, j, err)
			}
		}
	}
	for i, rw := range d.Rewrites {
		if err := inRange(rw.Start, rw.End, n); err != nil {
			return fmt.Errorf("rewrites[%d]: %w", i, err)
		}
		if err := inDoc(size, rw.With.Doc, rw.With.Start, rw.With.End); err != nil {
			return fmt.Errorf("rewrites[%d]: with: %w", i, err)
		}
		if rw.Others < 0 {
			return fmt.Errorf("rewrites[%d]: others %d", i, rw.Others)
		}
	}
	for _, list := range []struct {
		name   string
		ranges []Range
	}{
		{"original", d.Original},
		{"boilerplate", d.Boilerplate},
		{"attributions", rangesOf(d.Attributions, func(a Attribution) Range { return Range{a.Start, a.End} })},
		{"repairs", rangesOf(d.Repairs, func(r Repair) Range { return Range{r.Start, r.End} })},
	} {
		for i, x := range list.ranges {
			if err := inRange(x.Start, x.End, n); err != nil {
				return fmt.Errorf("%s[%d]: %w", list.name, i, err)
			}
			if i > 0 && x.Start < list.ranges[i-1].Start {
				return fmt.Errorf("%s[%d]: starts at %d, before the one before it (%d)", list.name, i, x.Start, list.ranges[i-1].Start)
			}
		}
	}
	return nil
}

// check is Scan.check of one pair.
func (p *ScanPair) check(size map[string]int) error {
	for _, id := range []string{p.A, p.B} {
		if _, ok := size[id]; !ok {
			return fmt.Errorf("document %q is not in the report", id)
		}
	}
	for i, x := range p.Passages {
		if err := inDoc(size, p.A, x.AStart, x.AEnd); err != nil {
			return fmt.Errorf("passages[%d]: in a: %w", i, err)
		}
		if err := inDoc(size, p.B, x.BStart, x.BEnd); err != nil {
			return fmt.Errorf("passages[%d]: in b: %w", i, err)
		}
	}
	return nil
}

// inDoc reports what is wrong with the range [start, end) of the document
// id, if anything.
func inDoc(size map[string]int, id string, start, end int) error {
	n, ok := size[id]
	if !ok {
		return fmt.Errorf("document %q is not in the report", id)
	}
	if err := inRange(start, end, n); err != nil {
		return fmt.Errorf("in %q: %w", id, err)
	}
	return nil
}

// inRange reports what is wrong with the range [start, end) of a text of
// n bytes, if anything.
func inRange(start, end, n int) error {
	switch {
	case start < 0 || end < 0:
		return fmt.Errorf("offsets %d to %d: negative", start, end)
	case start > end:
		return fmt.Errorf("offsets %d to %d: the start is after the end", start, end)
	case end > n:
		return fmt.Errorf("offsets %d to %d: past the end of the text (%d bytes)", start, end, n)
	}
	return nil
}

// rangesOf returns the ranges of xs.
func rangesOf[T any](xs []T, of func(T) Range) []Range {
	out := make([]Range, 0, len(xs))
	for _, x := range xs {
		out = append(out, of(x))
	}
	return slices.Clip(out)
}
