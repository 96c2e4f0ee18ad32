package reuse

import (
	"cmp"
	"slices"
)

// Short lines in a copy. The extension stage links units too short to
// align on their own (fewer tokens than MinAlign: a heading, "=back", a
// list's "Example:") where they lie between or beside sentences that two
// documents copied (bridge.go), so that the copy is not cut at them and
// their words count as copied. Made nodes of their own, each would be a
// passage of a word or three ("item", "head1 DESCRIPTION"): of the 382
// passages of the five META.yml specifications that Perl ships, 260 were
// shorter than MinWords. Instead, a run of such links of one document
// pair, one after another in both documents (each unit the next, no word
// between), whose matched words together are fewer than MinWords, gives
// its two documents views (wideView) that reach over the link right after
// the run (the sentence a heading heads, the item an enumerator
// numbers): in both documents the short lines
// join that sentence's node, and its passage. A run that is evidence on
// its own (a file of short lines, a copyright file's fields, a list of
// short items) stays nodes of its own, but for its links of one word a
// side or with no content word (an enumerator, a bullet, "Files: *"),
// each of which joins the link right after it: a list's "2." joins
// "Their underlying types are compatible.", which alone is short too. A
// run with no sentence right after it in both (a document's last lines)
// stays as it is. Only forward: a run that joined the
// sentence before it in one pair and the one after it in another would
// make its document two nodes that overlap (BSD's "1." joined "… are
// permitted provided that the following conditions are met:" and
// "Redistributions of source code …" alike), each a passage's member.
// Whether a run joins reads only the pair's own links, so a run spread
// over workers (NodesOf) makes the same nodes.

// wideView is the view a link gives its documents where it is wider than
// the link's own alignment: tokens [a0, a1) of the link's document A and
// [b0, b1) of its B.
type wideView struct {
	link           int32 // the link's index
	a0, a1, b0, b1 int32
}

// oriented is a link of a document pair in the pair's own orientation:
// x the side of the pair's first document, y of its second.
type oriented struct {
	i              int32 // the link's index
	ux, uy         uint32
	x0, x1, y0, y1 int32
	matched        int32
	short          bool
	bare           bool // a word on each side, or no content word (evidence.go): an enumerator, a bullet
	flipped        bool // the link's A is the pair's second document
}

// viewed returns the tokens of the link's documents A and B that its
// views hold: its alignment's, or w's if not nil.
func (l *link) viewed(w *wideView) (a0, a1, b0, b1 int32) {
	if w != nil {
		return w.a0, w.a1, w.b0, w.b1
	}
	return l.al.a0, l.al.a1, l.al.b0, l.al.b1
}

// isShort reports whether both the link's units are shorter than
// minAlign tokens.
func (l *link) isShort(minAlign int32) bool { return l.la < minAlign && l.lb < minAlign }

// shortViews appends to out the wide views of the links of one document
// pair (links[i] for i in idx, in either orientation, in any order),
// whose runs of short links join the link beside them, for units shorter
// than minAlign and runs of fewer than minWords matched words; scratch is
// reused and returned.
func shortViews(out []wideView, links []link, idx []int32, minAlign, minWords int32, scratch []oriented) ([]wideView, []oriented) {
	pl := scratch[:0]
	first := min(links[idx[0]].da, links[idx[0]].db)
	for _, i := range idx {
		l := &links[i]
		p := oriented{i: i, ux: l.ua, uy: l.ub, x0: l.al.a0, x1: l.al.a1, y0: l.al.b0, y1: l.al.b1,
			matched: l.al.matched, short: l.isShort(minAlign), bare: l.la <= 1 && l.lb <= 1 || l.al.content == 0}
		if l.da != first {
			p.ux, p.uy, p.x0, p.x1, p.y0, p.y1, p.flipped = l.ub, l.ua, l.al.b0, l.al.b1, l.al.a0, l.al.a1, true
		}
		pl = append(pl, p)
	}
	slices.SortFunc(pl, func(a, b oriented) int {
		return cmp.Or(cmp.Compare(a.x0, b.x0), cmp.Compare(a.y0, b.y0), cmp.Compare(a.i, b.i))
	})
	// follows reports whether b comes right after a in both documents:
	// the next unit, from the token where a ends.
	follows := func(a, b *oriented) bool {
		return b.ux == a.ux+1 && b.uy == a.uy+1 && b.x0 == a.x1 && b.y0 == a.y1
	}
	// next returns the link right after pl[k] in both documents, or -1.
	next := func(k int) int {
		for j := k + 1; j < len(pl) && pl[j].x0 <= pl[k].x1; j++ {
			if follows(&pl[k], &pl[j]) {
				return j
			}
		}
		return -1
	}
	prev := func(k int) int {
		for j := k - 1; j >= 0; j-- {
			if follows(&pl[j], &pl[k]) {
				return j
			}
			if pl[j].x0 < pl[k].x0-int32(MaxUnit) {
				break // no unit is longer
			}
		}
		return -1
	}
	var run []int // a run's links, in order
	for k := 0; k < len(pl); k++ {
		if !pl[k].short {
			continue
		}
		// A run starts at a short link that no short link comes right
		// before.
		if p := prev(k); p >= 0 && pl[p].short {
			continue
		}
		run = append(run[:0], k)
		words := pl[k].matched
		for {
			j := next(run[len(run)-1])
			if j < 0 || !pl[j].short {
				break
			}
			run = append(run, j)
			words += pl[j].matched
		}
		if words >= minWords {
			// Evidence on its own: its lines stay nodes of their own, but
			// for those of a word or with no content word, which join the
			// link right after them.
			for _, r := range run {
				if j := next(r); pl[r].bare && j >= 0 {
					out = append(out, pl[r].wide(pl[r].x0, pl[j].x1, pl[r].y0, pl[j].y1))
				}
			}
			continue
		}
		if j := next(run[len(run)-1]); j >= 0 {
			for _, r := range run {
				out = append(out, pl[r].wide(pl[r].x0, pl[j].x1, pl[r].y0, pl[j].y1))
			}
		}
	}
	return out, pl
}

// wide is the wide view of p's link: tokens [x0, x1) of the pair's first
// document and [y0, y1) of its second, as the link's sides A and B.
func (p *oriented) wide(x0, x1, y0, y1 int32) wideView {
	if p.flipped {
		return wideView{link: p.i, a0: y0, a1: y1, b0: x0, b1: x1}
	}
	return wideView{link: p.i, a0: x0, a1: x1, b0: y0, b1: y1}
}

// wideViews returns the wide views of the corpus's links
// (corpusShortViews) under the options' MinAlign and MinWords.
func (o *Options) wideViews(links []link) []wideView {
	return corpusShortViews(links, int32(o.MinAlign), int32(o.MinWords))
}

// pairShortViews returns the wide views of a chained pair's links, by
// the options it was chained with, sorted by link.
func pairShortViews(p *PairAlignment, scratch []oriented) ([]wideView, []oriented) {
	if p.minAlign == 0 || !slices.ContainsFunc(p.links, func(l link) bool { return l.isShort(p.minAlign) }) {
		return nil, scratch
	}
	idx := make([]int32, len(p.links))
	for i := range idx {
		idx[i] = int32(i)
	}
	out, scratch := shortViews(nil, p.links, idx, p.minAlign, p.minWords, scratch)
	slices.SortFunc(out, func(a, b wideView) int { return cmp.Compare(a.link, b.link) })
	return out, scratch
}

// corpusShortViews returns the wide views of the corpus's links (all
// pairs' together, in any order), sorted by link: only the pairs with a
// short link are read twice.
func corpusShortViews(links []link, minAlign, minWords int32) []wideView {
	type keyed struct {
		key uint64 // the pair (pairKey)
		i   int32
	}
	// The pair, mixed (an odd multiplier: one to one) so that a keySet,
	// which does not hash, spreads the pairs of one document.
	pairKey := func(l *link) uint64 {
		return (uint64(min(l.da, l.db))<<32 | uint64(max(l.da, l.db))) * 0x9E3779B97F4A7C15
	}
	var keys []uint64
	for i := range links {
		if links[i].isShort(minAlign) {
			keys = append(keys, pairKey(&links[i]))
		}
	}
	if len(keys) == 0 {
		return nil
	}
	pairs := newKeySet(keys)
	var of []keyed
	for i := range links {
		if k := pairKey(&links[i]); pairs.has(k) {
			of = append(of, keyed{k, int32(i)})
		}
	}
	slices.SortFunc(of, func(a, b keyed) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.i, b.i)) })
	var out []wideView
	var idx []int32
	var scratch []oriented
	for s := 0; s < len(of); {
		e := s
		idx = idx[:0]
		for ; e < len(of) && of[e].key == of[s].key; e++ {
			idx = append(idx, of[e].i)
		}
		out, scratch = shortViews(out, links, idx, minAlign, minWords, scratch)
		s = e
	}
	slices.SortFunc(out, func(a, b wideView) int { return cmp.Compare(a.link, b.link) })
	return out
}
