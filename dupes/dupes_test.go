package dupes

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

func seedDocs() []corpus.Doc {
	var docs []corpus.Doc
	for _, s := range seeds.All() {
		docs = append(docs, corpus.Doc{ID: s.ID, Text: s.Text})
	}
	return docs
}

// bruteJaccard is the oracle: exact Jaccard of every pair, computed without
// the index.
func bruteJaccard(docs []corpus.Doc) map[[2]string]float64 {
	var sh shingle.Shingler
	sets := make([][]uint64, len(docs))
	for i, d := range docs {
		sets[i] = minhash.SortUnique(sh.AppendHashes(nil, d.Text))
	}
	out := map[[2]string]float64{}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			out[[2]string{docs[i].ID, docs[j].ID}] = minhash.Jaccard(sets[i], sets[j])
		}
	}
	return out
}

// editWords replaces the words at the given token indexes.
func editWords(text []byte, at ...int) []byte {
	toks := shingle.AppendTokens(nil, text)
	var b bytes.Buffer
	prev := 0
	for _, i := range at {
		b.Write(text[prev:toks[i].Start])
		b.WriteString("replaced")
		prev = toks[i].End
	}
	b.Write(text[prev:])
	return b.Bytes()
}

func TestSeedsShareNoWholeText(t *testing.T) {
	docs := seedDocs()
	rep, err := Find(corpus.Docs(docs), Options{Threshold: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pairs) != 0 || len(rep.Clusters) != 0 {
		t.Errorf("seeds at threshold 0.5: %d pairs, %d clusters; want none", len(rep.Pairs), len(rep.Clusters))
	}
	for pair, j := range bruteJaccard(docs) {
		if j >= 0.5 {
			t.Errorf("brute force: %v has Jaccard %.3f ≥ 0.5", pair, j)
		}
	}
	if len(rep.Documents) != 5 {
		t.Errorf("%d documents analysed, want 5", len(rep.Documents))
	}
}

func TestEditedCopyFoundWithExactScore(t *testing.T) {
	docs := seedDocs()
	edited := corpus.Doc{ID: "000_edited", Text: editWords(docs[0].Text, 100, 250, 400)}
	docs = append(docs, edited)
	rep, err := Find(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := bruteJaccard(docs)[[2]string{docs[0].ID, "000_edited"}]
	if len(rep.Pairs) != 1 {
		t.Fatalf("got %d pairs, want 1: %+v", len(rep.Pairs), rep.Pairs)
	}
	p := rep.Pairs[0]
	if p.A != docs[0].ID || p.B != "000_edited" || p.Jaccard != want {
		t.Errorf("pair %+v, want %s ~ 000_edited at exact %v", p, docs[0].ID, want)
	}
	if want < 0.8 || want > 0.99 {
		t.Errorf("three edits gave Jaccard %v: expected high but below 1", want)
	}
	if len(rep.Clusters) != 1 || rep.Clusters[0].MinJaccard != want {
		t.Errorf("clusters %+v, want one with weakest link %v", rep.Clusters, want)
	}
}

// TestWrappedCopiesAreOne: a story hard-wrapped at two widths (as wire
// archives and e-mail carry it) and written a paragraph to a line is one
// text: Jaccard 1 for every two of its forms.
func TestWrappedCopiesAreOne(t *testing.T) {
	var docs []corpus.Doc
	for _, f := range seeds.Forms(seeds.All()[0].Text) {
		docs = append(docs, corpus.Doc{ID: f.ID, Text: f.Text})
	}
	rep, err := Find(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The same shingles: the later forms are copies of the first, in one
	// cluster, and no pair is listed.
	if len(rep.Pairs) != 0 || len(rep.Clusters) != 1 || len(rep.Clusters[0].Members) != len(docs) || rep.Clusters[0].MinJaccard != 1 {
		t.Fatalf("pairs %+v, clusters %+v; want none, and one cluster of %d at Jaccard 1", rep.Pairs, rep.Clusters, len(docs))
	}
	for i, d := range rep.Documents {
		if i > 0 && (d.CopyOf == nil || *d.CopyOf != report.Near{Doc: docs[0].ID, Jaccard: 1}) || i == 0 && d.CopyOf != nil {
			t.Errorf("%s: a copy of %+v; want the first form, at Jaccard 1", d.ID, d.CopyOf)
		}
	}
}

// TestNoChaining builds A ~ B ~ C where A and C are not near-duplicates: B
// shares most of A's sentences and most of C's, A and C fewer.
func TestNoChaining(t *testing.T) {
	var sentences []string
	for i := 0; i < 30; i++ {
		sentences = append(sentences, fmt.Sprintf("Sentence number %d tells of event %d in city %d with detail %d.", i, i*7, i*13, i*31))
	}
	join := func(from, to int) []byte { return []byte(strings.Join(sentences[from:to], " ")) }
	docs := []corpus.Doc{
		{ID: "a", Text: join(0, 24)},
		{ID: "b", Text: join(3, 27)},
		{ID: "c", Text: join(6, 30)},
	}
	brute := bruteJaccard(docs)
	const threshold = 0.75
	if !(brute[[2]string{"a", "b"}] >= threshold && brute[[2]string{"b", "c"}] >= threshold && brute[[2]string{"a", "c"}] < threshold) {
		t.Fatalf("fixture wrong: %v", brute)
	}
	rep, err := Find(corpus.Docs(docs), Options{Threshold: threshold})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pairs) != 2 {
		t.Errorf("got pairs %+v, want a~b and b~c", rep.Pairs)
	}
	for _, c := range rep.Clusters {
		in := strings.Join(c.Members, ",")
		if strings.Contains(in, "a") && strings.Contains(in, "c") {
			t.Errorf("cluster %v chains a and c (Jaccard %.3f)", c.Members, brute[[2]string{"a", "c"}])
		}
		if c.MinJaccard < threshold {
			t.Errorf("cluster %v has weakest link %.3f below the threshold", c.Members, c.MinJaccard)
		}
	}
}

// TestMatchesBruteForce runs Find on a generated corpus of reprints and
// checks its pairs against exact Jaccard of every pair: no false positive
// ever, and recall of at least MinRecall less binomial slack: a pair is
// missed with probability at most 1 − MinRecall, so with W pairs the misses
// exceed W·(1 − MinRecall) + 4·√(W·MinRecall·(1 − MinRecall)) + 1 by
// chance in far fewer than 1 run in 10,000.
func TestMatchesBruteForce(t *testing.T) {
	docs := generatedCorpus(300)
	brute := bruteJaccard(docs)
	rep, err := Find(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := reportSays(rep)
	for pair, said := range got {
		if want := brute[pair]; said.exact && (want != said.j || want < 0.8) || !said.exact && want < said.j {
			t.Errorf("pair %s~%s: %+v, brute force %v", pair[0], pair[1], said, want)
		}
	}
	wanted, missed := 0, 0
	for pair, j := range brute {
		if j >= 0.8 {
			wanted++
			if _, ok := got[pair]; !ok {
				missed++
				t.Logf("missed %v at Jaccard %.3f", pair, j)
			}
		}
	}
	if wanted < 50 {
		t.Fatalf("fixture has only %d near-duplicate pairs", wanted)
	}
	w, q := float64(wanted), 1-MinRecall
	if limit := w*q + 4*math.Sqrt(w*q*(1-q)) + 1; float64(missed) > limit {
		t.Errorf("missed %d of %d pairs, more than %.1f", missed, wanted, limit)
	}
	t.Logf("%d of %d pairs found", wanted-missed, wanted)
}

// said is what a report says of a pair: its exact Jaccard (a pair listed,
// or two documents identical to each other or to the two of a pair
// listed), or the floor of the cluster both are in.
type said struct {
	j     float64
	exact bool
}

// reportSays returns what the report says of every pair it says anything
// of, keyed by ids in order.
func reportSays(rep *report.Dupes) map[[2]string]said {
	group := map[string][]string{} // a document -> it and its identical copies
	for _, d := range rep.Documents {
		f := d.ID
		if d.CopyOf != nil && d.CopyOf.Jaccard == 1 {
			f = d.CopyOf.Doc
		}
		group[f] = append(group[f], d.ID)
	}
	out := map[[2]string]said{}
	add := func(a, b string, s said) {
		k := [2]string{min(a, b), max(a, b)}
		if old, ok := out[k]; !ok || s.exact && !old.exact {
			out[k] = s
		}
	}
	for _, g := range group {
		for i, a := range g {
			for _, b := range g[i+1:] {
				add(a, b, said{1, true})
			}
		}
	}
	for _, p := range rep.Pairs {
		for _, a := range group[p.A] {
			for _, b := range group[p.B] {
				add(a, b, said{p.Jaccard, true})
			}
		}
	}
	for _, c := range rep.Clusters {
		for i, a := range c.Members {
			for _, b := range c.Members[i+1:] {
				add(a, b, said{c.MinJaccard, false})
			}
		}
	}
	return out
}

// TestIdenticalOnce: a text in 400 documents, 20 of them lightly edited,
// among 100 others, is one cluster of 400 whose identical copies are
// listed by the first one they are the same as, not paired with each
// other: the pairs grow with the edited copies, not with the square of
// the copies; what they imply is what brute force finds.
func TestIdenticalOnce(t *testing.T) {
	docs := generatedCorpus(100)
	wire := docs[0].Text
	for i := range 400 {
		text := wire
		if i%20 == 7 {
			text = editWords(wire, 10+i%50)
		}
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("copy%03d", i), Text: text})
	}
	rep, err := Find(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for _, d := range rep.Documents {
		if d.CopyOf != nil && d.CopyOf.Jaccard == 1 {
			same++
			if strings.HasPrefix(d.ID, "copy") && d.CopyOf.Doc != docs[0].ID && !strings.HasPrefix(d.CopyOf.Doc, "copy") {
				t.Errorf("%s is a copy of %s", d.ID, d.CopyOf.Doc)
			}
		}
	}
	if same < 380 || len(rep.Pairs) > 1000 {
		t.Errorf("%d documents the same as another, %d pairs; want at least 380 and a few hundred", same, len(rep.Pairs))
	}
	if len(rep.Clusters) == 0 || len(rep.Clusters[0].Members) < 401 {
		t.Fatalf("largest cluster %v", rep.Clusters)
	}
	checkSays(t, docs, rep, 0.8)
}

// TestIdenticalCollisions: documents whose distinct sets share a set hash
// (forced here; by chance about one pair in 2⁶⁴) each lead their own
// copies, and a copy follows the first document of its own set.
func TestIdenticalCollisions(t *testing.T) {
	a, b, c := []uint32{1, 2, 3}, []uint32{1, 2, 4}, []uint32{5}
	docs := []docState{
		{set: a, sum: 7}, {set: b, sum: 7}, {set: c, sum: 9}, {set: b, sum: 7},
		{set: a, sum: 7}, {set: []uint32{6}, sum: 7}, {set: []uint32{6}, sum: 7}, {set: c, sum: 9},
	}
	want := []uint32{0, 1, 2, 1, 0, 5, 5, 2}
	if got := identical(docs); !slices.Equal(got, want) {
		t.Errorf("identical = %v, want %v", got, want)
	}
}

// checkSays holds what the report says of every pair to brute force:
// every pair at the threshold or above is said (but for at most the
// report's count of pairs not computed), each exact Jaccard is right, and
// each pair in a cluster reaches its floor.
func checkSays(t *testing.T, docs []corpus.Doc, rep *report.Dupes, threshold float64) (missed, near int) {
	t.Helper()
	got := reportSays(rep)
	for pair, j := range bruteJaccard(docs) {
		pair = [2]string{min(pair[0], pair[1]), max(pair[0], pair[1])}
		s, ok := got[pair]
		if j >= threshold {
			near++
		}
		switch {
		case !ok && j >= threshold:
			if missed++; missed > rep.NotComputed {
				t.Errorf("pair %v at Jaccard %.3f: not in the report, and %d pairs not computed", pair, j, rep.NotComputed)
			}
		case ok && s.exact && s.j != j:
			t.Errorf("pair %v at Jaccard %.3f: reported %v", pair, j, s.j)
		case ok && !s.exact && j < s.j:
			t.Errorf("pair %v at Jaccard %.3f: in a cluster whose floor is %v", pair, j, s.j)
		}
	}
	return missed, near
}

// TestLargeCluster: a story carried by 300 outlets, each copy with its
// own dateline and a word of its own, and an update of it (its last
// sentences rewritten) by 120 more, among 100 other documents. The
// copies gather around a few leaders: the pairs listed grow with the
// copies, not their square; each cluster of more than exactCluster
// documents has a floor that brute force confirms for every two of its
// members; and every pair at the threshold is in the report, listed or
// in one cluster, but for a few of copies that stand apart (counted as
// not computed).
func TestLargeCluster(t *testing.T) {
	docs := generatedCorpus(100)
	story := string(docs[0].Text)
	update := story[:len(story)*3/4] + "Later the agency said talks with officials would go on next week in the north. Police said the border report was wrong."
	for i := range 420 {
		text := story
		if i >= 300 {
			text = update
		}
		text = fmt.Sprintf("CITY%03d (Outlet %d) — %s", i, i, text)
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("copy%03d", i), Text: editWords([]byte(text), 20+i%200)})
	}
	rep := findAcross(t, docs, 1, 2, 5)
	if len(rep.Pairs) > 3*len(docs) {
		t.Errorf("%d pairs listed for %d documents", len(rep.Pairs), len(docs))
	}
	copies, large := 0, 0
	for _, d := range rep.Documents {
		if d.CopyOf != nil {
			copies++
		}
	}
	for _, c := range rep.Clusters {
		if !c.EveryPair {
			large++
		}
		if c.MinJaccard < 0.8 || c.Weakest.Jaccard < c.MinJaccard {
			t.Errorf("cluster of %d: floor %v, weakest computed %+v", len(c.Members), c.MinJaccard, c.Weakest)
		}
	}
	if copies < 400 || large == 0 {
		t.Errorf("%d copies of a leader, %d clusters not computed pair by pair; want most of 420 and one at least", copies, large)
	}
	// Pairs not computed are those of copies that stand apart from
	// their leader's cluster (each still names its original): few.
	if missed, near := checkSays(t, docs, rep, 0.8); missed*50 > near {
		t.Errorf("%d of %d pairs at the threshold not in the report", missed, near)
	} else {
		t.Logf("%d of %d pairs at the threshold not in the report", missed, near)
	}
	for _, c := range rep.Clusters[:min(3, len(rep.Clusters))] {
		t.Logf("cluster of %d, floor %.3f, every pair %v, weakest %+v; %d pairs listed, %d not computed, %d copies", len(c.Members), c.MinJaccard, c.EveryPair, c.Weakest, len(rep.Pairs), rep.NotComputed, copies)
	}
}

// TestTemplateCopies: 150 messages of one template, each filling in a
// name, a sum, a link and a signature of its own, all 0.81 alike at the
// default threshold of 0.8, each just past 0.10 from their center: the triangle
// inequality certifies none of them (each must be within 0.10), and
// their star was left empty, which panicked; certify's bound on the
// sets keeps them all. They are one cluster whose floor brute force
// confirms, whatever the workers.
func TestTemplateCopies(t *testing.T) {
	docs := generatedCorpus(30)
	// 70 words: 0.81 alike, each copy's own shingles a ninth of those
	// they share and more, so that each is just past 0.10 from them.
	template := strings.Fields(string(docs[0].Text) + " " + string(docs[3].Text))[:70]
	for i := range 150 {
		text := fmt.Sprintf("Dear reader%d %s You have won %d dollars at https://site%d.example today. Regards desk%d", i, strings.Join(template, " "), 1000+i, i, i)
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("spam%03d", i), Text: []byte(text)})
	}
	rep := findAcross(t, docs, 1, 2, 5)
	var spam *report.Cluster
	for k, c := range rep.Clusters {
		if strings.HasPrefix(c.Members[0], "spam") {
			spam = &rep.Clusters[k]
			break
		}
	}
	if spam == nil || len(spam.Members) != 150 || spam.MinJaccard < 0.8 {
		t.Fatalf("the template's cluster: %+v, want the 150 copies with a floor of 0.8 at least", spam)
	}
	if missed, near := checkSays(t, docs, rep, 0.8); missed > 0 {
		t.Errorf("%d of %d pairs at the threshold not in the report", missed, near)
	}
	j := bruteJaccard(docs)
	low := 1.0
	for pair, v := range j {
		if strings.HasPrefix(pair[0], "spam") && strings.HasPrefix(pair[1], "spam") {
			low = min(low, v)
		}
	}
	t.Logf("copies at least %.3f alike", low)
	// J = c/(c + 2u) < 9/11 when u > c/9, that is d = u/(c + u) > 0.1.
	if low < 0.8 || low >= 9.0/11 {
		t.Errorf("the copies are at least %.3f alike: not the case this test is about", low)
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	findAcross(t, generatedCorpus(200), 1, 2, 7)
}

// findAcross runs Find with each number of workers, checks that the JSON
// reports are the same bytes, and returns the first report.
func findAcross(t *testing.T, docs []corpus.Doc, workers ...int) *report.Dupes {
	t.Helper()
	var first *report.Dupes
	var want string
	for _, w := range workers {
		rep, err := Find(corpus.Docs(docs), Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := rep.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first, want = rep, b.String()
		} else if b.String() != want {
			t.Errorf("workers %d: the JSON differs from %d workers'", w, workers[0])
		}
	}
	return first
}

func TestOptionsRejected(t *testing.T) {
	for _, o := range []Options{{Threshold: 1.5}, {Threshold: -1}, {Shingle: -2}, {Perm: 1}} {
		if _, err := Find(corpus.Docs(nil), o); err == nil || !strings.HasPrefix(err.Error(), "dupes: ") {
			t.Errorf("Find(%+v) error %v, want a dupes: error", o, err)
		}
	}
}

// generatedCorpus makes n documents from a small vocabulary: a third are
// originals, the rest copies of an earlier one with 0 to 12 words replaced.
func generatedCorpus(n int) []corpus.Doc {
	words := strings.Fields("the a president minister said on in of to and talks city police report agency officials government week attack security service information statement call cooperation election foreign economic border north south trade leaders united states russia china union people")
	state := uint64(42)
	next := func(m int) int {
		state = state*6364136223846793005 + 1442695040888963407
		return int((state >> 33) % uint64(m))
	}
	var docs []corpus.Doc
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("doc%04d", i)
		if i%3 == 0 || i < 3 {
			var b strings.Builder
			for s := 0; s < 25; s++ {
				for w := 0; w < 12+next(10); w++ {
					if w > 0 {
						b.WriteByte(' ')
					}
					b.WriteString(words[next(len(words))])
				}
				b.WriteString(". ")
			}
			docs = append(docs, corpus.Doc{ID: id, Text: []byte(b.String())})
			continue
		}
		src := docs[next(len(docs))].Text
		toks := shingle.AppendTokens(nil, src)
		var at []int
		for e, edits := 0, next(13); e < edits; e++ {
			at = append(at, (e*len(toks))/13+next(len(toks)/13))
		}
		docs = append(docs, corpus.Doc{ID: id, Text: editWords(src, at...)})
	}
	return docs
}

// TestWeakestLink: a cluster of an article and four copies edited in
// different places reports as its weakest link the least Jaccard of any
// two members, by brute force, and names that pair. The two closest copies
// (the same) come last, so that the cluster grows from neither the first document
// nor its least member.
func TestWeakestLink(t *testing.T) {
	base := seedDocs()[0]
	docs := []corpus.Doc{base}
	for i, at := range [][]int{{120, 300, 410}, {90, 330, 470, 520}, {50}, {50}} {
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("copy%d", i), Text: editWords(base.Text, at...)})
	}
	rep, err := Find(corpus.Docs(docs), Options{Threshold: 0.8})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Clusters) != 1 || len(rep.Clusters[0].Members) != len(docs) {
		t.Fatalf("clusters %+v, want one of all %d", rep.Clusters, len(docs))
	}
	brute := bruteJaccard(docs)
	least, pair := 2.0, [2]string{}
	for p, j := range brute {
		if j < least || j == least && (p[0] < pair[0] || p[0] == pair[0] && p[1] < pair[1]) {
			least, pair = j, p
		}
	}
	c := rep.Clusters[0]
	if c.MinJaccard != least || c.Weakest.Jaccard != least {
		t.Errorf("weakest link %+v (min %v), brute force %v between %v", c.Weakest, c.MinJaccard, least, pair)
	}
	if got := brute[[2]string{min(c.Weakest.A, c.Weakest.B), max(c.Weakest.A, c.Weakest.B)}]; got != least {
		t.Errorf("weakest link names %s~%s, whose Jaccard is %v, not %v", c.Weakest.A, c.Weakest.B, got, least)
	}
}

// TestNotesCarried: what the reader changed (a renamed duplicate id, a
// date it could not read) reaches the report's documents and its text.
func TestNotesCarried(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"a/story.txt": "The first story about a harbour storm and the boats it sank overnight.",
		"a/story.md":  "A second story under the same place and name, about a museum exhibition of maps.",
		"c.jsonl":     `{"id": "r", "text": "A record whose date cannot be read by anyone at all.", "published": "last Tuesday"}` + "\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := Find(corpus.Files(nil, dir), Options{})
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]string{}
	for _, d := range rep.Documents {
		notes[d.ID] = d.Note
	}
	if !strings.Contains(notes["a/story~2"], `duplicate id "a/story"`) || !strings.Contains(notes["r"], `published "last Tuesday"`) {
		t.Errorf("notes: %q", notes)
	}
	var text strings.Builder
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "\nNotes\n  a/story~2: duplicate id") || !strings.Contains(text.String(), "\n  r: published \"last Tuesday\"") {
		t.Errorf("text report:\n%s", text.String())
	}
}

// TestGatherOneByOne holds gather, which looks a block of documents up at
// once against the leaders before it and then against the block's own
// (shareBands), to its rule run one document at a time against every
// leader before it, by brute force: each joins the first leader, in the
// order leaders were made, that shares a band key with it and has Jaccard
// at least join with it; else it leads. The corpus puts 60 stories, each
// with 20 edited copies, in one order that mixes them, so that leaders
// are made and joined within blocks; then 40 more stories, 5 copies each,
// each copy followed by a further copy of an earlier story, so that a
// later block's documents that join a leader before it lie between those
// that must find their leaders in the block itself. Blocks of one
// document, of 100, of 1024 and of the whole corpus make the same stars.
func TestGatherOneByOne(t *testing.T) {
	base := generatedCorpus(100)
	var docs []corpus.Doc
	copyOf := func(s, c int) corpus.Doc {
		text := base[s].Text
		if n := len(shingle.AppendTokens(nil, text)); c > 0 && n > 20 {
			a := (c*7 + s) % (n / 2)
			text = editWords(text, a, a+1+(c*13+s)%(n/2))
		}
		return corpus.Doc{ID: fmt.Sprintf("s%02dc%02d", s, c), Text: text}
	}
	for c := range 20 {
		for s := range 60 {
			docs = append(docs, copyOf(s, c))
		}
	}
	for c := range 5 {
		for s := 60; s < 100; s++ {
			docs = append(docs, copyOf(s, c), copyOf(s-60, 20+c))
		}
	}
	const small = 1024 // the block that the later stories are past
	if len(docs) <= small+200 {
		t.Fatalf("%d documents: the later stories are not past the first block", len(docs))
	}
	opts := Options{Threshold: DefaultThreshold, Shingle: shingle.DefaultK, Perm: minhash.DefaultK, Workers: 3}
	params, err := minhash.RecallParams(opts.Threshold, opts.Perm, MinRecall)
	if err != nil {
		t.Fatal(err)
	}
	states, err := analyse(corpus.Docs(docs), opts, minhash.Options{K: opts.Perm}, params, &report.Dupes{})
	if err != nil {
		t.Fatal(err)
	}
	reps := make([]uint32, len(states))
	for i := range reps {
		reps[i] = uint32(i)
	}
	const join = 0.6
	var want [][]uint32 // each star's members, leader first
	for x := range states {
		joined := false
		for k, s := range want {
			l := s[0]
			if !shareKey(states[x].keys, states[l].keys) {
				continue
			}
			if jaccardAtLeast(states[x].set, states[l].set, join) >= join {
				want[k], joined = append(s, uint32(x)), true
				break
			}
		}
		if !joined {
			want = append(want, []uint32{uint32(x)})
		}
	}
	joinedAny := 0
	for _, s := range want {
		joinedAny += len(s) - 1
	}
	if joinedAny < len(states)/2 || len(want) < 20 {
		t.Errorf("%d stars, %d documents joined one: the corpus tests too little", len(want), joinedAny)
	}
	// Blocks of a few documents, of some past which the later stories
	// lie, and of them all.
	for _, size := range []int{1, 100, small, max(gatherBlock, len(states))} {
		stars, _, err := gather(states, reps, params, join, size, opts.Workers)
		if err != nil {
			t.Fatal(err)
		}
		if len(stars) != len(want) {
			t.Fatalf("blocks of %d: %d stars, one by one %d", size, len(stars), len(want))
		}
		for k, s := range stars {
			if s.leader != want[k][0] || !slices.Equal(s.members, want[k]) {
				t.Fatalf("blocks of %d: star %d is %d with %v, one by one %v", size, k, s.leader, s.members, want[k])
			}
		}
	}
}

func shareKey(a, b []uint64) bool {
	for i := range min(len(a), len(b)) {
		if a[i] == b[i] {
			return true
		}
	}
	return false
}

// TestCertifyKeepsOne: a star whose members are all too far from its
// center for certify's test keeps the nearest, alone, and sends the
// others away in input order: a star is never left empty.
func TestCertifyKeepsOne(t *testing.T) {
	center := []uint32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	docs := []docState{
		{set: []uint32{1, 2, 3, 20, 21, 22}},           // lacks 7 of the center
		{set: []uint32{1, 2, 3, 4, 5, 30, 31, 32, 33}}, // lacks 5, 4 beyond: the nearest
		{set: []uint32{40, 41}},                        // nothing of it
	}
	st := star{leader: 0, members: []uint32{0, 1, 2}, center: center}
	gone := certifyStar(&st, docs, 0.8)
	if !slices.Equal(st.members, []uint32{1}) || !slices.Equal(gone, []uint32{0, 2}) || len(st.dist) != 1 || st.r1 != st.dist[0] {
		t.Errorf("star keeps %v (dist %v, r1 %v), sends away %v; want [1], and [0 2]", st.members, st.dist, st.r1, gone)
	}
}

// TestIdenticalInText: documents identical to another list no pairs
// (they share the pairs of the document they copy), so a corpus whose
// only near-duplicates are identical copies has no pairs at all; its text
// report must still show them, as the cluster they make, and never say
// that there are none. Two copies of a file and three of another, among
// documents that are near-duplicates of none.
func TestIdenticalInText(t *testing.T) {
	base := generatedCorpus(4)
	docs := []corpus.Doc{
		{ID: "a1", Text: base[0].Text}, {ID: "b1", Text: base[1].Text}, {ID: "a2", Text: base[0].Text},
		{ID: "c", Text: base[2].Text}, {ID: "b2", Text: base[1].Text}, {ID: "b3", Text: base[1].Text}, {ID: "d", Text: base[3].Text},
	}
	rep, err := Find(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pairs) != 0 || len(rep.Clusters) != 2 {
		t.Fatalf("pairs %v, clusters %v: want no pairs and two clusters", rep.Pairs, rep.Clusters)
	}
	var text strings.Builder
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	got := text.String()
	for _, want := range []string{"\n2 clusters of near-duplicates\n", "\n  1. 3 documents, weakest link 1.000", "b3 (a copy of b1, 1.000)\n", "a2 (a copy of a1, 1.000)\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("text report lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "No near-duplicates") {
		t.Errorf("text report says there are none:\n%s", got)
	}
}

// TestCopyOfInCluster: a copy names as its copy_of a document of its own
// cluster. A, D, B and C gather around A (Jaccard with A 0.92, 0.88 and
// 0.88 in 5-word shingles of 200 distinct words), but D and B are only
// 0.81 alike, so complete linkage makes {A, D} and {B, C}: B and C named
// A, which their cluster does not list. C now names B, the member of its
// cluster before it, and B, its cluster's first, names none; the pairs
// with A stay listed.
func TestCopyOfInCluster(t *testing.T) {
	words := make([]string, 200)
	for i := range words {
		words[i] = fmt.Sprintf("w%03d", i)
	}
	with := func(ws []string, at []int, tag string) []string {
		out := slices.Clone(ws)
		for _, i := range at {
			out[i] = tag + out[i]
		}
		return out
	}
	a := words
	d := with(a, []int{0, 1, 2, 3, 4, 5, 6, 7}, "d")                 // 8 shingles of 196 changed
	b := with(a, []int{100, 101, 102, 103, 104, 105, 106, 107}, "b") // 12 changed
	c := with(b, []int{199}, "c")                                    // 1 more
	var docs []corpus.Doc
	for _, x := range []struct {
		id string
		ws []string
	}{{"a", a}, {"d", d}, {"b", b}, {"c", c}} {
		docs = append(docs, corpus.Doc{ID: x.id, Text: []byte(strings.Join(x.ws, " ") + ".")})
	}
	rep, err := Find(corpus.Docs(docs), Options{Threshold: 0.85, Shingle: 5})
	if err != nil {
		t.Fatal(err)
	}
	var clusters [][]string
	for _, cl := range rep.Clusters {
		clusters = append(clusters, cl.Members)
	}
	if want := [][]string{{"a", "d"}, {"b", "c"}}; !slices.EqualFunc(clusters, want, slices.Equal) {
		t.Fatalf("clusters %v, want %v", clusters, want)
	}
	copyOf := map[string]string{}
	for _, doc := range rep.Documents {
		if doc.CopyOf != nil {
			copyOf[doc.ID] = doc.CopyOf.Doc
		}
	}
	if want := map[string]string{"d": "a", "c": "b"}; !maps.Equal(copyOf, want) {
		t.Errorf("copy_of %v, want %v", copyOf, want)
	}
	listed := map[[2]string]bool{}
	for _, p := range rep.Pairs {
		listed[[2]string{p.A, p.B}] = true
	}
	if !listed[[2]string{"a", "b"}] || !listed[[2]string{"a", "c"}] {
		t.Errorf("pairs %v, want a-b and a-c among them", rep.Pairs)
	}
}
