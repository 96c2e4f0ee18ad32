package reuse

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/repair"
	"github.com/copydesk/copydesk/report"
)

// seedDocs returns the seeds as the corpus reader delivers them (repaired),
// with ids shortened to their number.
func seedDocs() []corpus.Doc {
	var docs []corpus.Doc
	for _, s := range seeds.All() {
		text, fixes := repair.Text(nil, s.Text)
		docs = append(docs, corpus.Doc{ID: s.ID[:3], Text: text, Repairs: fixes, Boilerplate: corpus.Chrome(text)})
	}
	return docs
}

func scanSeeds(t *testing.T) *report.Scan {
	t.Helper()
	rep, err := Scan(corpus.Docs(seedDocs()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// passageWith returns the passage whose member in doc contains phrase.
func passageWith(rep *report.Scan, doc, phrase string) *report.Passage {
	text := map[string]string{}
	for _, d := range rep.Documents {
		text[d.ID] = d.Text
	}
	for i, p := range rep.Passages {
		for _, m := range p.Members {
			if m.Doc == doc && strings.Contains(text[doc][m.Start:m.End], phrase) {
				return &rep.Passages[i]
			}
		}
	}
	return nil
}

func members(p *report.Passage) string {
	var ids []string
	for _, m := range p.Members {
		ids = append(ids, m.Doc)
	}
	return strings.Join(ids, " ")
}

// TestSeedFindings checks what the issue says the seeds must show, beyond
// the span labels of TestSeedLabels.
func TestSeedFindings(t *testing.T) {
	rep := scanSeeds(t)
	doc := map[string]report.ScanDocument{}
	for _, d := range rep.Documents {
		doc[d.ID] = d
	}
	for _, tc := range []struct {
		doc, phrase, members string
		quoted               bool
	}{
		{"000", "President Trump stressed the importance of intelligence cooperations", "000 001 002 003", true},
		{"001", "Both leaders agreed that this serves", "000 001 002 003", true},
		{"002", "in crowded areas of Saint Petersburg on December 16", "002 003", false},
		{"002", "There is every reason to believe", "002 003", true},
		{"002", "later shown confessing", "000 002", false},
		{"001", "found explosives, automatic weapons and extremist literature", "000 001", false},
		{"002", "extended his thanks and congratulations to", "001 002", true},
	} {
		p := passageWith(rep, tc.doc, tc.phrase)
		if p == nil {
			t.Errorf("no passage holds %s's %q", tc.doc, tc.phrase)
			continue
		}
		if got := members(p); got != tc.members || p.Quoted != tc.quoted {
			t.Errorf("passage of %q: members %s, quoted %v; want %s, %v", tc.phrase, got, p.Quoted, tc.members, tc.quoted)
		}
	}
	// 002 and 003 share only part of the "Both leaders agreed" sentence.
	p := passageWith(rep, "003", "serves as an example")
	for _, m := range p.Members {
		if m.Doc == "003" && strings.Contains(doc["003"].Text[m.Start:m.End], "stressed") {
			t.Errorf("003's member of the readout passage runs into its own words: %q", doc["003"].Text[m.Start:m.End])
		}
	}
	// 002 copied AFP's FSB sentence as its own prose; 003 has it unquoted too.
	for _, m := range passageWith(rep, "002", "Saint Petersburg on December 16").Members {
		if m.Quoted {
			t.Errorf("FSB sentence in %s marked quoted", m.Doc)
		}
	}
	// Light edits: 002's rewrite of AP's sentence is shared but not verbatim.
	for _, s := range doc["002"].Spans {
		if strings.Contains(doc["002"].Text[s.Start:s.End], "later shown confessing") {
			if len(s.Matches) != 1 || s.Matches[0].Doc != "000" || s.Matches[0].Similarity >= 1 || s.Matches[0].Similarity < 0.8 {
				t.Errorf("confessing span matches %+v, want 000 with similarity in [0.8, 1)", s.Matches)
			}
		}
	}
	// Each shared span is credited to the phrase of its own sentence, or
	// the one after it in the sentence it ends in: 001 credits AP for the
	// sentence it shares with AP's story; the readout is credited to the
	// statement, the readout or the White House as each outlet wrote it;
	// and a span whose sentence names no one is credited to no one, though
	// its neighbours are.
	for _, c := range []struct{ doc, phrase, credit string }{
		{"000", "Donald Trump Sunday to thank him", "the Kremlin said"},
		{"000", "appreciated the call and told President Putin", "the statement read"},
		{"000", "Both leaders agreed", "the statement read"},
		{"000", "to congratulate him", "According to the White House"},
		{"000", "found explosives", ""},
		{"001", "extremist literature", "The AP reported"},
		{"001", "Putin called President Trump to thank him", "The White House on Sunday confirmed"},
		{"001", "then called Director Pompeo", "the statement concluded"},
		{"001", "Both leaders agreed", ""},
		{"002", "called U.S. President Donald Trump on Sunday", "A statement on the Kremlin's website says"},
		{"002", "Both leaders agreed", "the readout said"},
		{"002", "Putin extended his thanks", "The White House added"},
		{"003", "appreciated the call", "the White House said"},
		{"003", "then called CIA Director Mike Pompeo", "the statement added"},
		{"003", "There is every reason to believe", ""},
	} {
		found := false
		for _, s := range doc[c.doc].Spans {
			if strings.Contains(doc[c.doc].Text[s.Start:s.End], c.phrase) {
				found = true
				if s.Attribution != c.credit {
					t.Errorf("%s's span with %q credited to %q, want %q", c.doc, c.phrase, s.Attribution, c.credit)
				}
			}
		}
		if !found {
			t.Errorf("%s has no span with %q", c.doc, c.phrase)
		}
	}
	// 004 is essentially all original, and credits the agencies.
	if f := doc["004"].OriginalFraction; f < 0.95 {
		t.Errorf("004 original fraction %.3f, want ≥ 0.95", f)
	}
	agencies := false
	for _, a := range doc["004"].Attributions {
		agencies = agencies || strings.Join(a.Sources, ",") == "AP,Reuters,TASS,Interfax"
	}
	if !agencies {
		t.Errorf("004 attributions %+v, want one naming AP, Reuters, TASS, Interfax", doc["004"].Attributions)
	}
	// 003 was analysed repaired.
	if strings.ContainsRune(doc["003"].Text, '鈥') || len(doc["003"].Repairs) == 0 {
		t.Errorf("003 not repaired: %d repairs", len(doc["003"].Repairs))
	}
	// Spans are in order, do not overlap, and start and end on the text.
	for _, d := range rep.Documents {
		end := 0
		for _, s := range d.Spans {
			if s.Start < end || s.End <= s.Start || s.End > len(d.Text) {
				t.Errorf("%s: span [%d,%d) after %d", d.ID, s.Start, s.End, end)
			}
			end = s.End
		}
	}
}

// TestSeedRewrites: the Kazan rewrite the issue names is found as a
// rewrite, between the documents it names, and the sentences of stories
// that no one rewrote are not; 001's lead against 000's, which aligns as
// a copy (TestMissedCopy), is listed by their pair.
func TestSeedRewrites(t *testing.T) {
	rep := scanSeeds(t)
	doc := map[string]report.ScanDocument{}
	for _, d := range rep.Documents {
		doc[d.ID] = d
	}
	rewriteOf := func(d, phrase string) (report.Rewrite, bool) {
		for _, x := range doc[d].Rewrites {
			if strings.Contains(doc[d].Text[x.Start:x.End], phrase) {
				return x, true
			}
		}
		return report.Rewrite{}, false
	}
	for _, c := range []struct{ doc, phrase, with, theirs string }{
		{"002", "track down and detain a group of suspects", "000", "track down and arrest a group of suspects"},
		{"000", "track down and arrest a group of suspects", "002", "track down and detain a group of suspects"},
	} {
		x, ok := rewriteOf(c.doc, c.phrase)
		if !ok {
			t.Errorf("%s's %q is not a rewrite", c.doc, c.phrase)
			continue
		}
		if x.With.Doc != c.with || !strings.Contains(doc[c.with].Text[x.With.Start:x.With.End], c.theirs) {
			t.Errorf("%s's %q rewrites %s's %q, want %s's %q", c.doc, c.phrase, x.With.Doc, doc[x.With.Doc].Text[x.With.Start:x.With.End], c.with, c.theirs)
		}
	}
	for _, c := range []struct{ doc, phrase string }{
		{"000", "Russian news reports said that the Kazan Cathedral was the prime target"},
	} {
		if x, ok := rewriteOf(c.doc, c.phrase); ok {
			t.Errorf("%s's %q is a rewrite of %s's %q", c.doc, c.phrase, x.With.Doc, doc[x.With.Doc].Text[x.With.Start:x.With.End])
		}
	}
	// 001's lead is 000's less three words: a copy (TestMissedCopy) that
	// no passage holds (002 carries both leads), which their pair lists.
	lead := false
	for _, p := range rep.Pairs {
		if p.A == "000" && p.B == "001" {
			for _, pp := range p.Passages {
				lead = lead || pp.Kind == report.KindCopy && strings.Contains(doc["001"].Text[pp.BStart:pp.BEnd], "Putin called President Trump to thank him") &&
					strings.Contains(doc["000"].Text[pp.AStart:pp.AEnd], "Donald Trump Sunday to thank him")
			}
		}
	}
	if !lead {
		t.Errorf("pair 000~001 lists no copy of 000's lead in 001's")
	}
	// 004 (RFE/RL) wrote its own story: no rewrite, at least 90% original.
	if d := doc["004"]; len(d.Rewrites) > 0 || d.OriginalFraction < 0.9 {
		t.Errorf("004: %d rewrites, %.3f original", len(d.Rewrites), d.OriginalFraction)
	}
	// A rewrite is not counted as copied: a document's rewritten share is
	// part of its original share, and the pair of a rewrite lists it.
	for _, d := range rep.Documents {
		if d.RewrittenFraction > d.OriginalFraction {
			t.Errorf("%s: rewritten %.3f > original %.3f", d.ID, d.RewrittenFraction, d.OriginalFraction)
		}
	}
	for _, p := range rep.Pairs {
		if p.A == "000" && p.B == "002" {
			kinds := map[string]int{}
			for _, pp := range p.Passages {
				kinds[pp.Kind]++
			}
			if kinds[report.KindRewrite] == 0 || p.RewrittenA == 0 || p.RewrittenB == 0 {
				t.Errorf("pair 000~002: passages by kind %v, rewritten %.3f and %.3f", kinds, p.RewrittenA, p.RewrittenB)
			}
		}
	}
}

// spanWith returns doc's span holding phrase.
func spanWith(t *testing.T, rep *report.Scan, doc, phrase string) (report.ScanDocument, report.Span) {
	t.Helper()
	for _, d := range rep.Documents {
		if d.ID != doc {
			continue
		}
		for _, s := range d.Spans {
			if strings.Contains(d.Text[s.Start:s.End], phrase) {
				return d, s
			}
		}
	}
	t.Fatalf("no span of %s holds %q", doc, phrase)
	return report.ScanDocument{}, report.Span{}
}

// TestDirectionByTime: with publication times, a passage's origin is its
// earliest member, each copy names as source the closest earlier member,
// and the origin's copy counts as its original text; a missing time makes
// the order unknown, and a date-only time covers its whole day, so it is
// neither before nor after a time on that day.
func TestDirectionByTime(t *testing.T) {
	const fsb = "Saint Petersburg on December 16"
	docs := seedDocs()
	base := mustTime(t, "2017-12-17T12:00:00Z")
	for i := range docs {
		docs[i].Published = base.Add(-time.Duration(i) * time.Hour) // 004 earliest
	}
	untimed := scanSeeds(t)
	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := passageWith(rep, "002", fsb)
	if p.Origin != "003" || p.Order != report.OrderOrigin {
		t.Errorf("FSB passage origin %q (%s), want 003 (published before 002)", p.Origin, p.Order)
	}
	if _, s := spanWith(t, rep, "002", fsb); s.Source == nil || s.Source.Doc != "003" || !s.Source.Earlier || s.Source.LeadSeconds != 3600 {
		t.Errorf("002's FSB span source %+v, want 003, an hour earlier", s.Source)
	}
	if _, s := spanWith(t, rep, "003", fsb); s.Source != nil {
		t.Errorf("003's FSB span source %+v, want none: 003 is the origin", s.Source)
	}
	// The readout: 003 was first; 000, last, copied it from the closest
	// earlier member (all are verbatim: the earliest of them, 003).
	if p := passageWith(rep, "000", "stressed the importance"); p.Origin != "003" {
		t.Errorf("readout passage origin %q, want 003", p.Origin)
	}
	if _, s := spanWith(t, rep, "000", "stressed the importance"); s.Source == nil || s.Source.Doc != "003" || s.Source.LeadSeconds != 3*3600 {
		t.Errorf("000's readout span source %+v, want 003, three hours earlier", s.Source)
	}
	// 003 published its shared text first: it is more original than when
	// no times are known; 000 published last and is as original as before.
	frac := func(rep *report.Scan, id string) float64 {
		for _, d := range rep.Documents {
			if d.ID == id {
				return d.OriginalFraction
			}
		}
		return -1
	}
	if frac(rep, "003") <= frac(untimed, "003") || frac(rep, "003") != 1 {
		t.Errorf("003 original %.3f with times, %.3f without; want 1, the earliest of its passages", frac(rep, "003"), frac(untimed, "003"))
	}
	if frac(rep, "000") != frac(untimed, "000") {
		t.Errorf("000 original %.3f with times, %.3f without; want the same, it published last", frac(rep, "000"), frac(untimed, "000"))
	}

	// 003's time unknown: the order of the FSB passage is unknown.
	docs[3].Published = time.Time{}
	rep, _ = Scan(corpus.Docs(docs), Options{})
	if p := passageWith(rep, "002", fsb); p.Origin != "" || p.Order != report.OrderUnknown {
		t.Errorf("FSB passage origin %q (%s) with 003's time unknown, want none (unknown)", p.Origin, p.Order)
	}
	if _, s := spanWith(t, rep, "002", fsb); s.Source == nil || s.Source.Doc != "003" || s.Source.Earlier {
		t.Errorf("002's FSB span source %+v, want 003, not known to be earlier", s.Source)
	}

	// 003 dated the day 002 was timed on: tied.
	docs[3].Published, docs[3].DateOnly = mustTime(t, "2017-12-17T00:00:00Z"), true
	rep, _ = Scan(corpus.Docs(docs), Options{})
	if p := passageWith(rep, "002", fsb); p.Origin != "" || p.Order != report.OrderTied {
		t.Errorf("FSB passage origin %q (%s) with 003 dated 002's day, want none (tied)", p.Origin, p.Order)
	}
	// Dated the day before: earlier, by at least the rest of that day.
	docs[3].Published = mustTime(t, "2017-12-16T00:00:00Z")
	rep, _ = Scan(corpus.Docs(docs), Options{})
	if _, s := spanWith(t, rep, "002", fsb); s.Source == nil || s.Source.Doc != "003" || !s.Source.Earlier || s.Source.LeadSeconds != 10*3600 {
		t.Errorf("002's FSB span source %+v, want 003 at least 10 h earlier (002 at 10:00, 003 the day before)", s.Source)
	}
}

// TestSourceNotLater: where no member is known to be earlier, a span's
// source is the closest of those not known to be later (a later document
// is no source, however close), and a rewrite of a document's words by a
// later one says so. The seeds as published: AP (000) at 19:30, the blog
// on the readout (001) at 21:10, RFE/RL (004) at 20:05, AFP (003) on the
// day only, the content farm (002) the next morning.
func TestSourceNotLater(t *testing.T) {
	docs := seedDocs()
	for i, at := range []string{"2017-12-17T19:30:00Z", "2017-12-17T21:10:00Z", "2017-12-18T06:00:00Z", "2017-12-17T00:00:00Z", "2017-12-17T20:05:00Z"} {
		docs[i].Published, docs[i].DateOnly = mustTime(t, at), i == 3
	}
	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		doc, phrase string
		from        []string // the members not known to be later
	}{
		// The AP's quote of the readout is in the blog's too (later), and
		// AFP's (that day: the order unknown).
		{"000", "appreciated the call", []string{"003"}},
		// AFP's in the AP's and the blog's (that day) and the farm's (the
		// next).
		{"003", "serves as an example of the positive", []string{"000", "001"}},
	} {
		_, s := spanWith(t, rep, c.doc, c.phrase)
		if s.Source == nil || !slices.Contains(c.from, s.Source.Doc) || s.Source.Earlier || s.Source.Later {
			t.Errorf("%s's span %q: source %+v, want one of %v, of unknown order", c.doc, c.phrase, s.Source, c.from)
		}
	}
	// The farm rewrote the AP's sentence ten and a half hours later.
	var with *report.Source
	for _, d := range rep.Documents {
		for _, x := range d.Rewrites {
			if d.ID == "000" && strings.Contains(d.Text[x.Start:x.End], "track down and arrest a group of suspects") {
				with = &x.With
			}
		}
	}
	if with == nil || with.Doc != "002" || !with.Later || with.LagSeconds != 37800 || with.Earlier {
		t.Errorf("000's rewrite with %+v, want 002, 37,800 s later", with)
	}
}

func mustTime(t *testing.T, s string) time.Time {
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// TestWrappedCopyWhole: a seed hard-wrapped at 60 columns, and at 72 with
// CRLF line ends, is a copy of it as written a paragraph to a line, every
// word of it: no word at a line end left out of the spans, no line's
// fragment too short to count.
func TestWrappedCopyWhole(t *testing.T) {
	var docs []corpus.Doc
	for _, f := range seeds.Forms(seeds.All()[0].Text) {
		docs = append(docs, corpus.Doc{ID: f.ID, Text: f.Text})
	}
	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Documents {
		if d.OriginalFraction != 0 {
			t.Errorf("%s: %.3f of its words original, want none (%d spans)", d.ID, d.OriginalFraction, len(d.Spans))
		}
	}
}

// TestIndependentNotShared: of the labelled sentence pairs on one event
// that do not say the same thing (testdata/rewrites.tsv, kind
// "independent"), none shares a span, alone or beside a sentence both
// copy.
func TestIndependentNotShared(t *testing.T) {
	data, err := os.ReadFile("testdata/rewrites.tsv")
	if err != nil {
		t.Fatal(err)
	}
	const anchor = "The Kremlin said on Sunday that the call between the two presidents had lasted about twenty minutes and touched on cooperation against terrorism.\n"
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[0] != "independent" {
			continue
		}
		n++
		for _, before := range []string{"", anchor} {
			rep, err := Scan(corpus.Docs([]corpus.Doc{{ID: "a", Text: []byte(before + f[1])}, {ID: "b", Text: []byte(before + f[2])}}), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range rep.Documents[1].Spans {
				for _, pc := range s.Pieces {
					if pc.Start >= len(before) {
						t.Errorf("%q ~ %q: shared %q", f[1], f[2], rep.Documents[1].Text[pc.Start:pc.End])
					}
				}
			}
		}
	}
	if n < 10 {
		t.Fatalf("%d independent pairs, want at least 10", n)
	}
}
