package reuse

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

// TestShortLinesJoin: headings between copied paragraphs (units too
// short to align, linked by bridge) join the passage of the paragraph
// they head, in both documents, instead of making passages of a word or
// two each ("head1 DESCRIPTION", "item": 260 of the 382 passages of
// Perl's five META.yml specifications were shorter than MinWords); their
// words stay copied. A list of short lines alone, evidence on its own,
// is still shared line by line.
func TestShortLinesJoin(t *testing.T) {
	spec := strings.Join([]string{
		"=head1 NAME",
		"Widget - a library that frobs the widgets of every kind in the house and garden.",
		"=head1 DESCRIPTION",
		"This library frobs widgets of every size and colour, and reports what it frobbed to its caller.",
		"=head2 Options",
		"The options are read from the file named in the environment before any widget is frobbed.",
		"=back",
		"=head1 AUTHOR",
		"Written by a maintainer who frobbed widgets for many years before writing this library down.",
	}, "\n\n")
	fields := "Files: *\nCopyright: 2001 Widget Makers\nLicense: GPL-2\nFiles: debian/*\nCopyright: 2003 Packagers\nLicense: GPL-2+\n"
	rep, err := Scan(corpus.Docs([]corpus.Doc{
		{ID: "old", Text: []byte("The first version opens with a sentence that nobody copied later on.\n\n" + spec)},
		{ID: "new", Text: []byte(spec + "\n\nThe second version ends with a sentence of its own that is new here.")},
		{ID: "fields-a", Text: []byte(fields)},
		{ID: "fields-b", Text: []byte(fields)},
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sawFields := false
	for _, p := range rep.Passages {
		if strings.HasPrefix(p.Members[0].Doc, "fields") {
			sawFields = true
			continue
		}
		if p.Words < DefaultMinAlign {
			t.Errorf("passage %d of %d words: %q", p.ID, p.Words, p.Text)
		}
	}
	if !sawFields {
		t.Errorf("the field lines make no passage")
	}
	for _, d := range rep.Documents[:2] {
		copied := 0
		for _, s := range d.Spans {
			copied += s.Words
		}
		if want := len(strings.Fields(spec)); copied < want-4 {
			t.Errorf("%s: %d words copied, want about %d", d.ID, copied, want)
		}
	}
}

// TestListItemsJoin: in a list of short items that two documents copy
// (evidence together, so its lines stay nodes of their own), each
// enumerator joins the item it numbers, in both documents, rather than
// making a passage of "2" alone: Go's apidiff README, in two versions of
// the module, made passages "1", "2" and "3" of its rules for defined
// types. Its items, each word for word in both, are then one passage
// (passages_runs.go); kept apart, each starts with its enumerator.
func TestListItemsJoin(t *testing.T) {
	rules := "> A new defined type is compatible with an old one if and only if all of the\n" +
		"> following hold:\n>1. They correspond.\n>2. Their underlying types are compatible.\n" +
		">3. The new exported value method set is a superset of the old.\n" +
		">4. The new exported pointer method set is a superset of the old.\n\n"
	docs := []corpus.Doc{
		{ID: "v1", Text: []byte("The first version opens with a paragraph of its own.\n\n" + rules)},
		{ID: "v2", Text: []byte(rules + "The second version ends with a paragraph that is new here.\n")},
	}
	for _, keep := range []bool{false, true} {
		rep, err := Scan(corpus.Docs(docs), Options{KeepRuns: keep})
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, p := range rep.Passages {
			texts = append(texts, p.Text)
		}
		for _, s := range texts {
			if strings.Trim(s, "0123456789.> ") == "" {
				t.Errorf("keep %v: passage %q: an enumerator alone", keep, s)
			}
		}
		if !keep {
			if len(texts) != 1 || !strings.Contains(texts[0], "2. Their underlying types are compatible") {
				t.Errorf("runs joined: passages %q, want the rules in one", texts)
			}
			continue
		}
		for _, want := range []string{"2. Their underlying types are compatible", "3. The new exported value method set"} {
			if !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, want) }) {
				t.Errorf("runs kept: no passage starts %q: %q", want, texts)
			}
		}
	}
}

// TestShortViews: a run of short links widens to the link right after it
// in both documents; a run of MinWords words or more, or one with no link
// right after it in both, stays, but for its links with no content word,
// each of which widens to the link right after it; a link seen from its pair's second
// document is widened alike.
func TestShortViews(t *testing.T) {
	// mk is a link of documents 0 (units from 0) and 1 (units from
	// 100) over units ua and ub, tokens [a0, a1) and [b0, b1).
	mk := func(ua, ub uint32, a0, a1, b0, b1 int32) link {
		return link{da: 0, db: 1, ua: ua, ub: 100 + ub, la: a1 - a0, lb: b1 - b0,
			al: piece{a0: a0, a1: a1, b0: b0, b1: b1, matched: a1 - a0, content: a1 - a0}}
	}
	// bare is mk's link with no content word (a bullet). A number ("1")
	// is a content word: a link of one word joins all the same.
	bare := func(ua, ub uint32, a0, a1, b0, b1 int32) link {
		l := mk(ua, ub, a0, a1, b0, b1)
		l.al.content = 0
		return l
	}
	flip := func(l link) link {
		l.da, l.db, l.ua, l.ub, l.la, l.lb = l.db, l.da, l.ub, l.ua, l.lb, l.la
		l.al.a0, l.al.a1, l.al.b0, l.al.b1 = l.al.b0, l.al.b1, l.al.a0, l.al.a1
		return l
	}
	for _, c := range []struct {
		name  string
		links []link
		want  []wideView
	}{
		{"a heading before a sentence", []link{mk(3, 5, 40, 42, 70, 72), mk(4, 6, 42, 60, 72, 90)},
			[]wideView{{link: 0, a0: 40, a1: 60, b0: 70, b1: 90}}},
		{"two short lines, then a sentence", []link{mk(4, 6, 42, 60, 72, 90), mk(2, 4, 37, 40, 67, 70), mk(3, 5, 40, 42, 70, 72)},
			[]wideView{{link: 1, a0: 37, a1: 60, b0: 67, b1: 90}, {link: 2, a0: 40, a1: 60, b0: 70, b1: 90}}},
		{"a last line, after a sentence", []link{mk(4, 6, 42, 60, 72, 90), mk(5, 7, 60, 61, 90, 91)}, nil},
		{"a word between", []link{mk(3, 5, 40, 42, 70, 72), mk(4, 6, 43, 60, 72, 89)}, nil},
		{"another unit between", []link{mk(3, 5, 40, 42, 70, 72), mk(5, 6, 42, 60, 72, 90)}, nil},
		{"evidence on its own", []link{mk(1, 1, 30, 35, 60, 65), mk(2, 2, 35, 40, 65, 70), mk(3, 3, 40, 60, 70, 90)}, nil},
		{"enumerators in evidence", []link{mk(1, 1, 30, 31, 60, 61), mk(2, 2, 31, 36, 61, 66), bare(3, 3, 36, 37, 66, 67), mk(4, 4, 37, 40, 67, 70),
			bare(5, 5, 40, 41, 70, 71), mk(6, 6, 41, 60, 71, 90)},
			[]wideView{{link: 0, a0: 30, a1: 36, b0: 60, b1: 66}, {link: 2, a0: 36, a1: 40, b0: 66, b1: 70}, {link: 4, a0: 40, a1: 60, b0: 70, b1: 90}}},
		{"seen from B", []link{flip(mk(3, 5, 40, 42, 70, 72)), mk(4, 6, 42, 60, 72, 90)},
			[]wideView{{link: 0, a0: 70, a1: 90, b0: 40, b1: 60}}},
	} {
		idx := make([]int32, len(c.links))
		for i := range idx {
			idx[i] = int32(i)
		}
		got, _ := shortViews(nil, c.links, idx, 6, 8, nil)
		slices.SortFunc(got, func(a, b wideView) int { return cmp.Compare(a.link, b.link) })
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
