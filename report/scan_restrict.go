package report

import "slices"

// Restrict cuts a sorted report down to the documents that focus names
// (the documents checked against an archive) and what they share:
//   - the passages with a member among them, numbered again in order;
//   - the pairs with one of them;
//   - the other documents those passages, pairs, spans and rewrites name,
//     marked Archived, each with only its spans' pieces of the passages
//     kept and its rewrites of focus documents;
//   - the skipped inputs of focus ids.
//
// The ledger (outlets) then counts the focus documents alone.
func (r *Scan) Restrict(focus map[string]bool) {
	keep := map[string]bool{}
	for id := range focus {
		keep[id] = true
	}
	renumber := make(map[int]int, len(r.Passages))
	passages := r.Passages[:0]
	for _, p := range r.Passages {
		if !slices.ContainsFunc(p.Members, func(m Member) bool { return focus[m.Doc] }) {
			continue
		}
		renumber[p.ID] = len(passages) + 1
		p.ID = len(passages) + 1
		for _, m := range p.Members {
			keep[m.Doc] = true
		}
		passages = append(passages, p)
	}
	r.Passages = passages
	pairs := r.Pairs[:0]
	for _, p := range r.Pairs {
		if focus[p.A] || focus[p.B] {
			keep[p.A], keep[p.B] = true, true
			pairs = append(pairs, p)
		}
	}
	r.Pairs = pairs
	for i := range r.Documents {
		d := &r.Documents[i]
		if !focus[d.ID] {
			continue
		}
		for _, s := range d.Spans {
			if s.Source != nil {
				keep[s.Source.Doc] = true
			}
			for _, m := range s.Matches {
				keep[m.Doc] = true
			}
		}
		for _, rw := range d.Rewrites {
			keep[rw.With.Doc] = true
		}
	}
	docs := r.Documents[:0]
	for _, d := range r.Documents {
		if !keep[d.ID] {
			continue
		}
		d.Archived = !focus[d.ID]
		d.Spans = keptSpans(d.Spans, renumber)
		if d.Archived {
			d.Rewrites = slices.DeleteFunc(d.Rewrites, func(rw Rewrite) bool { return !focus[rw.With.Doc] })
		}
		docs = append(docs, d)
	}
	r.Documents = docs
	r.Skipped = slices.DeleteFunc(r.Skipped, func(s Skipped) bool { return !focus[s.ID] })
}

// ArchivedDocuments counts the documents marked Archived (by Restrict's
// caller): those of an archive, listed for the checked ones.
func (r *Scan) ArchivedDocuments() int {
	n := 0
	for i := range r.Documents {
		if r.Documents[i].Archived {
			n++
		}
	}
	return n
}

// keptSpans renumbers the pieces of spans by renumber, leaving out the
// pieces of passages not kept and the spans left with none.
func keptSpans(spans []Span, renumber map[int]int) []Span {
	out := spans[:0]
	for _, s := range spans {
		pieces := make([]Piece, 0, len(s.Pieces))
		for _, p := range s.Pieces {
			if id, ok := renumber[p.Passage]; ok {
				p.Passage = id
				pieces = append(pieces, p)
			}
		}
		if len(pieces) > 0 {
			s.Pieces = pieces
			out = append(out, s)
		}
	}
	return out
}
