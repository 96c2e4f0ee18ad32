package corpus

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/seeds"
)

// lines returns the text of ranges.
func lines(text string, rs []Range) []string {
	var out []string
	for _, r := range rs {
		out = append(out, text[r.Start:r.End])
	}
	return out
}

func TestChrome(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Accessibility links\n\nBreaking News\n\nKremlin Says CIA Helped Russia\n\nThe Kremlin says.",
			[]string{"Accessibility links", "Breaking News"}},
		{"  Share on Facebook  \nShare on Twitter\r\nComments (12)\nREAD MORE »\n",
			[]string{"Share on Facebook", "Share on Twitter\r", "Comments (12)", "READ MORE »"}},
		{"First paragraph.\nAdvertisement\nSecond paragraph.", []string{"Advertisement"}},
		{"© 2017 RFE/RL, Inc.\nCopyright 2017 The Associated Press. All rights reserved.\nCopyright 2017",
			[]string{"© 2017 RFE/RL, Inc.", "Copyright 2017 The Associated Press. All rights reserved.", "Copyright 2017"}},
		{"E-mail\nSkip to main content", []string{"E-mail", "Skip to main content"}},
		// "(c)" and a year or a name is a copyright line; a list's third
		// item is not (the Apache License's "(c) You must retain, …").
		{"(c) 2017 Reuters\n(C) Getty Images\n(c) Copyright The Authors\n(c) You must retain, in the Source form of any Derivative Works\n",
			[]string{"(c) 2017 Reuters", "(C) Getty Images", "(c) Copyright The Authors"}},
		// A wire's rights notice, on one line or on its own, however long.
		{"Story.\n\nCopyright 2017 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.\n",
			[]string{"Copyright 2017 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed."}},
		{"Story.\nThis material may not be published, broadcast, rewritten or redistributed.",
			[]string{"This material may not be published, broadcast, rewritten or redistributed."}},
		{"© 2017 RFE/RL, Inc. All Rights Reserved. This material may not be published, broadcast, rewritten or redistributed in whole or in part.",
			[]string{"© 2017 RFE/RL, Inc. All Rights Reserved. This material may not be published, broadcast, rewritten or redistributed in whole or in part."}},
		// A notice with a sentence of the story is the story's line.
		{"Copyright 2017 The Associated Press. All rights reserved. Putin thanked Trump for the tip on Sunday, the Kremlin said.", nil},
		{"The report may not be published, broadcast, rewritten or redistributed before the vote, the court ruled on Friday.", nil},
		// Sentences that contain furniture words are article text.
		{"Breaking news from Moscow: Putin thanks Trump.\nShare prices fell.\nMore than 50 were wounded.\n" +
			"Read more about it in the report.\nCopyright law was not at issue.\nThe Kremlin said: share the tip.", nil},
		{"", nil},
		{"\n\n\n", nil},
	} {
		got := lines(tc.in, Chrome([]byte(tc.in)))
		if tc.want == nil {
			tc.want = []string(nil)
		}
		// A CR before the line break is trimmed as white space.
		for i := range tc.want {
			tc.want[i] = strings.TrimRight(tc.want[i], "\r")
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Chrome(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestChromeSeeds: of the five seed articles, only 004 (a page copied from
// RFE/RL) carries chrome, its first two lines; its attribution line
// ("With reporting by AP, ...") is article text.
func TestChromeSeeds(t *testing.T) {
	var got []string
	for _, d := range seeds.All() {
		text, _ := Decode(d.Text)
		for _, l := range lines(string(text), Chrome(text)) {
			got = append(got, d.ID[:3]+": "+l)
		}
	}
	want := []string{"004: Accessibility links", "004: Breaking News"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("chrome in the seeds = %q, want %q", got, want)
	}
}

func TestSiteLines(t *testing.T) {
	footer := "Follow RFE/RL on Telegram"
	headline := "Kremlin Says CIA Helped Russia Thwart Attacks"
	doc := func(i int, extra ...string) string {
		return strings.Join(append([]string{fmt.Sprintf("Story number %d begins here.", i)}, extra...), "\n")
	}
	var s SiteLines
	// Three RFE/RL pages share the footer; a sentence they close with is
	// not furniture in three (TestSiteLinesTail).
	for i := 0; i < 3; i++ {
		s.Add("RFE/RL", []byte(doc(i, footer, "The Kremlin said so.")))
	}
	// The headline recurs in three documents, but of three outlets: it
	// is syndicated, not furniture.
	for _, o := range []string{"AP", "AFP", "Reuters"} {
		s.Add(o, []byte(doc(9, headline)))
	}
	// An outlet's line twice in one document counts once.
	s.Add("TASS", []byte(doc(1, "Subscribe to TASS", "Subscribe to TASS")))
	s.Add("TASS", []byte(doc(2, "Subscribe to TASS")))
	s.Add("", []byte(doc(1, footer)))
	s.Add("", []byte(doc(2, footer)))
	s.Add("", []byte(doc(3, footer)))

	for _, tc := range []struct {
		outlet, text string
		want         []string
	}{
		{"RFE/RL", doc(2, footer, "The Kremlin said so."), []string{footer}},
		{"AP", doc(9, headline), nil},
		{"TASS", doc(3, "Subscribe to TASS"), nil},
		{"", doc(4, footer), nil},
		{"Other", doc(4, footer), nil},
	} {
		got := lines(tc.text, s.Find(tc.outlet, []byte(tc.text)))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Find(%q, %q) = %q, want %q", tc.outlet, tc.text, got, tc.want)
		}
		if got := s.Recurs(tc.outlet, SiteKeys(nil, []byte(tc.text))); got != (tc.want != nil) {
			t.Errorf("Recurs(%q, keys of %q) = %v, want %v", tc.outlet, tc.text, got, tc.want != nil)
		}
		checkLineKeys(t, []byte(tc.text))
	}
	// Counts kept elsewhere add to those counted: TASS's line, in two
	// documents here, is furniture once an archive counts one more.
	tass := doc(3, "Subscribe to TASS")
	for _, k := range SiteKeys(nil, []byte(tass)) {
		s.Count("TASS", k, 1)
	}
	if got := lines(tass, s.Find("TASS", []byte(tass))); !reflect.DeepEqual(got, []string{"Subscribe to TASS"}) {
		t.Errorf("after Count, Find(TASS) = %q", got)
	}
	// A line is furniture when the outlet's documents print it
	// themselves, and then its quotes are too; quotes alone make no
	// furniture, however many replies carry them.
	for i := range 3 {
		s.Add("dev", []byte(doc(i, "dev mailing list", "> Thanks to everyone who came")))
	}
	reply := doc(5, "> dev mailing list", "> Thanks to everyone who came", "dev mailing list")
	if got, want := lines(reply, s.Find("dev", []byte(reply))), []string{"> dev mailing list", "dev mailing list"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Find(dev, %q) = %q, want %q", reply, got, want)
	}
	var zero SiteLines
	if got := zero.Find("RFE/RL", []byte(footer)); got != nil {
		t.Errorf("zero SiteLines found %v", got)
	}
}

// TestSiteLinesTail: a sentence an outlet closes its stories with (a
// newsletter's tagline, a request for tips) is its furniture when
// SiteTailOthers+1 of its documents print it below SiteTailOthers+1
// bodies (their least line hash), each then with SiteTailOthers others
// in another context; the last paragraph of a story the outlet prints
// again, updated, is not, nor is a long paragraph, nor a sentence above
// the tail, nor one printed below too few bodies, nor one that another
// outlet prints too, or a document of none.
func TestSiteLinesTail(t *testing.T) {
	tagline := "Sign up for our free morning newsletter to get the day's top stories delivered to your inbox."
	tips := "Have a news tip? Email us at tips@bugle.example."
	ending := "The White House did not immediately respond to a request for comment."
	long := strings.Repeat("word ", SiteTailWords) + "end."
	story := func(i, n int) []string {
		var ps []string
		for k := range n {
			ps = append(ps, fmt.Sprintf("Story %d, paragraph %d: the council voted on the budget again.", i, k))
		}
		return ps
	}
	doc := func(ls ...[]string) string {
		var all []string
		for _, l := range ls {
			all = append(all, l...)
		}
		return strings.Join(all, "\n\n")
	}
	update := func(i int) string {
		return doc([]string{fmt.Sprintf("UPDATE %d: the toll rose to %d.", i, 10+i)}, story(99, 10), []string{ending})
	}
	type page struct {
		text string
		want []string
	}
	var bugle, wire, others []page
	for i := range 5 {
		bugle = append(bugle, page{doc(story(i, 4), []string{tagline, tips, "© 2017 Daily Bugle"}), []string{tagline, tips, "© 2017 Daily Bugle"}})
	}
	// A story moved twelve times, its lede updated each time: in one
	// context of three (the least line hash of its body) a version whose
	// lede hashes least stands apart from the others, but not in all
	// three.
	for i := range 12 {
		wire = append(wire, page{update(i), nil})
	}
	// Above a signature block, the tail ends at its delimiter.
	bugle = append(bugle, page{doc(story(7, 4), []string{tips, "-- ", "Ann", "ann@bugle.example"}), []string{tips}})
	follow := "Follow the Bugle on every network you use."
	for i := range 5 {
		others = append(others, page{doc(story(i, 3), []string{long}), nil})       // too long
		others = append(others, page{doc([]string{tagline}, story(i+10, 5)), nil}) // above the tail
		others = append(others, page{doc(story(i+20, 3), []string{follow}), []string{follow}})
	}
	// Four documents, two of one story: those two have two others in
	// another context, too few; the other two have three.
	pairLine, threeLine := "Read the Pair's newsletter for more stories like this one.", "Read the Three's newsletter for more stories like this one."
	pair := []page{
		{doc(story(30, 3), []string{pairLine}), nil},
		{doc(story(30, 3), []string{pairLine}), nil},
		{doc(story(31, 3), []string{pairLine}), []string{pairLine}},
		{doc(story(32, 3), []string{pairLine}), []string{pairLine}},
	}
	three := []page{
		{doc(story(40, 3), []string{threeLine}), nil},
		{doc(story(41, 3), []string{threeLine}), nil},
		{doc(story(42, 3), []string{threeLine}), nil},
	}
	// A wire paragraph that two outlets print at the end of five stories
	// each is syndicated; so is one that a document of no outlet prints
	// too.
	wirePara := "Russia has denied meddling in the election, which U.S. intelligence agencies say it did to help Trump win."
	unknownPara := "The ministry said the figures would be revised next month as more reports came in."
	var synA, synB, unknown []page
	for i := range 5 {
		synA = append(synA, page{doc(story(50+i, 3), []string{wirePara}), nil})
		synB = append(synB, page{doc(story(60+i, 3), []string{wirePara}), nil})
		unknown = append(unknown, page{doc(story(70+i, 3), []string{unknownPara}), nil})
	}
	outlets := map[string][]page{"Bugle": bugle, "Wire": wire, "Others": others, "Pair": pair, "Three": three,
		"A": synA, "B": synB[:1], "Unknown": unknown}
	var s SiteLines
	for o, ps := range outlets {
		for _, p := range ps {
			s.Add(o, []byte(p.text))
		}
	}
	s.Add("", []byte(doc(story(80, 3), []string{unknownPara})))
	// The same counted with the tail lines apart (AddTails), as a scan
	// counts them.
	var apart SiteLines
	var tails []Tail
	addApart := func(o, text string) {
		var keys []uint64
		for _, k := range SiteKeys(nil, []byte(text)) {
			if !IsTailKey(k) && !IsContextKey(k) {
				keys = append(keys, k)
			}
		}
		apart.AddKeys(o, keys)
		for _, l := range TailLines(nil, []byte(text)) {
			tails = append(tails, Tail{o, l.Key, l.Contexts})
		}
	}
	for o, ps := range outlets {
		for _, p := range ps {
			addApart(o, p.text)
		}
	}
	addApart("", doc(story(80, 3), []string{unknownPara}))
	apart.AddTails(tails)
	for o, ps := range outlets {
		for _, p := range ps {
			got := lines(p.text, s.Find(o, []byte(p.text)))
			if !reflect.DeepEqual(got, p.want) {
				t.Errorf("Find(%q, %q) = %q, want %q", o, p.text, got, p.want)
			}
			short, tails := s.FindSplit(o, []byte(p.text))
			if got := lines(p.text, Merge(short, tails)); !reflect.DeepEqual(got, p.want) {
				t.Errorf("FindSplit(%q, %q) = %q and %q, want %q together", o, p.text, lines(p.text, short), lines(p.text, tails), p.want)
			}
			for _, r := range tails {
				if !slices.ContainsFunc(TailLines(nil, []byte(p.text)), func(l LineKey) bool { return l.Range == r }) {
					t.Errorf("FindSplit(%q, %q): %q among the tail lines, not one", o, p.text, p.text[r.Start:r.End])
				}
			}
			if got := lines(p.text, apart.Find(o, []byte(p.text))); !reflect.DeepEqual(got, p.want) {
				t.Errorf("counted apart, Find(%q, %q) = %q, want %q", o, p.text, got, p.want)
			}
			if p.want != nil && !s.Recurs(o, SiteKeys(nil, []byte(p.text))) {
				t.Errorf("Recurs(%q, keys of %q) = false, want true", o, p.text)
			}
			checkLineKeys(t, []byte(p.text))
		}
	}
	// An outlet's other documents do not count.
	text := doc(story(1, 4), []string{tagline, tips})
	if got := s.Find("Other", []byte(text)); got != nil {
		t.Errorf("Find(Other, %q) = %v", text, got)
	}
}

// TestSiteLinesWrapped: the lines of a hard-wrapped paragraph are prose,
// not furniture, however many documents of one outlet carry them. A
// mailing list's message (seed 000's paragraphs, wrapped at 72 columns as
// mail is, with LF or CRLF line ends) is quoted whole by three replies,
// each with the list's footer: the footer is the list's furniture, the
// message's lines (most of a dozen words, ending no sentence) are not,
// quoted ("> ") or not; nor are they when an outlet prints the story
// three times, updated. (Before, 216 lines of the eight texts were.)
func TestSiteLinesWrapped(t *testing.T) {
	story := strings.Join(seeds.Paragraphs(seeds.All()[0].Text), "\n\n")
	footer := []string{"_______________________________________________", "dev mailing list", "dev@lists.example.org", "https://lists.example.org/mailman/listinfo/dev"}
	for _, eol := range []string{"\n", "\r\n"} {
		body := seeds.Wrap(story, 72, "", eol)
		foot := strings.Join(footer, eol) + eol
		message := body + eol + foot
		var s SiteLines
		s.Add("dev", []byte(message))
		var replies []string
		for i := range 3 {
			reply := fmt.Sprintf("Reply %d: thanks, this matches what we saw.%s%sOn Sun, 17 Dec 2017, Ann wrote:%s", i, eol, eol, eol) +
				seeds.Wrap(story, 72, "> ", eol) + eol + foot
			replies = append(replies, reply)
			s.Add("dev", []byte(reply))
		}
		// Its tail is its last three paragraphs, each wrapped over lines
		// that count as one: the lines of those of at most
		// SiteTailWords words are its tail lines.
		paras := seeds.Paragraphs(seeds.All()[0].Text)
		var want []string
		for _, p := range paras[len(paras)-SiteTailLines:] {
			if len(strings.Fields(p)) <= SiteTailWords {
				want = append(want, strings.Split(seeds.Wrap(p, 72, "", eol), eol)...)
			}
		}
		short, tails := 0, []string{}
		for _, l := range LineKeys(nil, []byte(body)) {
			switch {
			case l.Tail():
				tails = append(tails, body[l.Start:l.End])
			case !l.Quoted:
				short++
			}
		}
		want = slices.DeleteFunc(want, func(l string) bool { return strings.TrimSpace(l) == "" })
		if short > 2 || !slices.Equal(tails, want) {
			t.Errorf("eol %q: the wrapped story has %d short candidate lines of furniture and the tail lines %q, want its short last lines at most, and the lines of its last paragraphs of up to %d words %q", eol, short, tails, SiteTailWords, want)
		}
		// An outlet that prints the story three times, updated, prints
		// its wrapped lines three times: prose still.
		var wire SiteLines
		update := func(i int) string { return fmt.Sprintf("UPDATE %d%s%s", i, eol, body) }
		for i := range 3 {
			wire.Add("AP", []byte(update(i+1)))
		}
		got := lines(update(4), wire.Find("AP", []byte(update(4))))
		for _, l := range got {
			// The label line is furniture by the rule (a trailing count
			// dropped); a paragraph of one line (the headline) may be.
			if !strings.HasPrefix(l, "UPDATE") && !slices.Contains(seeds.Paragraphs(seeds.All()[0].Text), l) {
				t.Errorf("eol %q: %q of the updated story taken for furniture", eol, l)
			}
		}
		for _, text := range append([]string{message}, replies...) {
			checkLineKeys(t, []byte(text))
			got := lines(text, s.Find("dev", []byte(text)))
			for _, l := range got {
				// The line that introduces the quote is in every reply.
				if !slices.Contains(footer, l) && !strings.HasSuffix(l, "Ann wrote:") {
					t.Errorf("eol %q: %q taken for the list's furniture", eol, l)
				}
			}
			for _, l := range footer[1:] { // the rule of underscores has no letter: no candidate
				if !slices.Contains(got, l) {
					t.Errorf("eol %q: furniture %q, want the footer's %q in it", eol, got, l)
				}
			}
		}
	}
}

func TestMergeMask(t *testing.T) {
	a := []Range{{0, 2}, {5, 8}}
	b := []Range{{1, 3}, {8, 9}, {12, 13}}
	if got, want := Merge(a, b), []Range{{0, 3}, {5, 9}, {12, 13}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Merge = %v, want %v", got, want)
	}
	if got := Merge(nil, b); !reflect.DeepEqual(got, b) {
		t.Errorf("Merge(nil, b) = %v", got)
	}
	text := []byte("Share\nThe text.\nMore")
	got := Mask(text, []Range{{0, 5}, {16, 20}})
	if string(got) != "     \nThe text.\n    " || string(text) != "Share\nThe text.\nMore" {
		t.Errorf("Mask = %q (text now %q)", got, text)
	}
}

// TestSignatures: an e-mail signature block ("-- " and what follows, to
// the end or to a quote) is chrome, and a list's footer below it; a
// longer block, an indented or quoted delimiter, or a longer dash line
// is not.
func TestSignatures(t *testing.T) {
	gg := "--\nYou received this message because you are subscribed to the Google Groups \"golang-nuts\" group.\n" +
		"To unsubscribe from this group and stop receiving emails from it, send an email to golang-nuts+unsubscribe@googlegroups.com.\n" +
		"To view this discussion visit https://groups.google.com/d/msgid/golang-nuts/abc.\n"
	sig := "-- \nAnn Smith\nKremlin desk, Moscow\n"
	mailman := "_______________________________________________\ndev mailing list\ndev@lists.example.org\n"
	body := "The call lasted an hour, the Kremlin said.\n\n"
	long := strings.Repeat("Another line of the story, past the dashes.\n", sigMaxLines+1)
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"a list's footer", body + gg, strings.Split(strings.TrimSpace(gg), "\n")},
		{"a signature, CRLF", strings.ReplaceAll(body+sig, "\n", "\r\n"), []string{"--", "Ann Smith", "Kremlin desk, Moscow"}},
		{"a signature and a list's footer", body + sig + mailman, []string{"--", "Ann Smith", "Kremlin desk, Moscow",
			"_______________________________________________", "dev mailing list", "dev@lists.example.org"}},
		{"a signature above a quote", body + sig + "\nOn Mon, 3 Mar 2026, Bob wrote:\n> The call lasted an hour.\n", []string{"--", "Ann Smith", "Kremlin desk, Moscow"}},
		{"a signature above a message quoted whole", body + sig + "-----Original Message-----\nFrom: Bob\n", []string{"--", "Ann Smith", "Kremlin desk, Moscow"}},
		{"text that dashes divide", body + "--\n" + long, nil},
		{"an indented delimiter", body + "  --\nAnn Smith\n", nil},
		{"a quoted signature", body + "> -- \n> Ann Smith\n", nil},
		{"a longer dash line", body + "---\nAnn Smith\n", nil},
		{"a dash with words", body + "-- Ann Smith\nKremlin desk\n", nil},
	} {
		var got []string
		for _, r := range Chrome([]byte(c.text)) {
			got = append(got, c.text[r.Start:r.End])
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: chrome %q, want %q", c.name, got, c.want)
		}
	}
	// A message of nothing but a signature is chrome whole.
	if text := []byte(sig); !onlyChrome(text, Chrome(text)) {
		t.Errorf("a signature alone is not chrome whole")
	}
}

// TestTailVersions: the closing line of a story an outlet moves again
// and again, each version with a paragraph edited, stays prose but for
// the versions whose body's least line hash moved in every one of the
// TailContexts contexts: with b lines of body, an edit moves one with a
// probability of at most 2/(b+1) (the line it took out was the least, or
// the line it put in is), so a version stands apart with a probability
// of at most p = (2/(b+1))^TailContexts. Over N versions the count of
// those whose lines are taken stays within N·p and four of its standard
// deviations. A tagline below unrelated stories is found in every one.
func TestTailVersions(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const paragraphs, body = 12, 12 - SiteTailLines + 1 // the tail: the last two paragraphs and the closing line
	p := math.Pow(2/float64(body+1), TailContexts)
	taken, total := 0, 0
	for _, m := range []int{4, 12, 30, 100} {
		for st := range 100 {
			var s SiteLines
			base := make([]string, paragraphs)
			for k := range base {
				base[k] = fmt.Sprintf("Story %d paragraph %d: %d the council voted on the budget again.", st, k, r.Int())
			}
			var texts []string
			for v := range m {
				ps := slices.Clone(base)
				ps[r.IntN(body)] = fmt.Sprintf("Edited %d %d: the toll rose again.", v, r.Int())
				texts = append(texts, strings.Join(ps, "\n\n")+"\n\nThe White House did not immediately respond to a request for comment.")
			}
			for _, x := range texts {
				s.Add("Wire", []byte(x))
			}
			for _, x := range texts {
				total++
				if len(s.Find("Wire", []byte(x))) > 0 {
					taken++
				}
			}
		}
	}
	if bound := float64(total)*p + 4*math.Sqrt(float64(total)*p); float64(taken) > bound {
		t.Errorf("%d of %d versions had lines taken for furniture, more than %.1f", taken, total, bound)
	}
	t.Logf("%d of %d versions had lines taken (at most %.4f expected)", taken, total, float64(total)*p)
	for _, n := range []int{4, 10, 50} {
		var s SiteLines
		var texts []string
		for i := range n {
			var ps []string
			for k := range 6 {
				ps = append(ps, fmt.Sprintf("Story %d paragraph %d: %d words here.", i, k, r.Int()))
			}
			texts = append(texts, strings.Join(ps, "\n\n")+"\n\nSign up for our newsletter to get the top stories.")
		}
		for _, x := range texts {
			s.Add("Bugle", []byte(x))
		}
		for _, x := range texts {
			if len(s.Find("Bugle", []byte(x))) != 1 {
				t.Errorf("%d stories: the tagline not found in %q", n, x[:40])
			}
		}
	}
}

// TestSiteLinesWrappedTagline: a tagline hard-wrapped over lines, as a
// plain-text export wraps every paragraph at 60 to 72 columns, is one
// line of the tail: every one of its lines is the outlet's furniture,
// the short ones and the full ones alike (until 2026-12-04 a full middle
// line was neither a short line nor a tail line, and came out as a
// passage of the outlet's stories). Wrapped, a paragraph of more than
// SiteTailWords words is not a tagline, nor is one that another outlet
// prints too, and no line of a story's own paragraphs is taken.
func TestSiteLinesWrappedTagline(t *testing.T) {
	tagline := "Sign up for our free morning newsletter to get the day's top stories delivered to your inbox every weekday, and tell us what you think of it."
	long := tagline + " " + "We read every letter, answer most of them, and print the best on Sundays with your name."
	wirePara := "Russia has denied meddling in the election, which U.S. intelligence agencies say it did to help Trump win, and the Kremlin said on Sunday that it would not comment further on the matter."
	// Each story three paragraphs of the seeds' own, none another's.
	var pool []string
	for _, d := range seeds.All() {
		for _, p := range seeds.Paragraphs(d.Text) {
			if !slices.Contains(pool, p) {
				pool = append(pool, p)
			}
		}
	}
	story := func(i int) []string { return slices.Clone(pool[3*i : 3*i+3]) }
	for _, width := range []int{60, 66, 72} {
		for _, eol := range []string{"\n", "\r\n"} {
			wrap := func(ps ...string) string { return seeds.Wrap(strings.Join(ps, "\n\n"), width, "", eol) }
			var s SiteLines
			var gazette, letters, synA []string
			for i := range 5 {
				gazette = append(gazette, wrap(append(story(i), tagline)...))
				letters = append(letters, wrap(append(story(5+i), long)...))
				synA = append(synA, wrap(append(story(10+i), wirePara)...))
				s.Add("Gazette", []byte(gazette[i]))
				s.Add("Letters", []byte(letters[i]))
				s.Add("A", []byte(synA[i]))
			}
			s.Add("B", []byte(wrap(append(story(15), wirePara)...)))
			want := slices.DeleteFunc(strings.Split(wrap(tagline), eol), func(l string) bool { return l == "" })
			if len(want) < 2 {
				t.Fatalf("width %d: the tagline is not wrapped: %q", width, want)
			}
			for i, text := range gazette {
				if got := lines(text, s.Find("Gazette", []byte(text))); !slices.Equal(got, want) {
					t.Errorf("width %d, eol %q, story %d: furniture %q, want the tagline's lines %q", width, eol, i, got, want)
				}
			}
			for i, text := range letters {
				if got := lines(text, s.Find("Letters", []byte(text))); len(got) > 0 {
					t.Errorf("width %d, eol %q, story %d: a wrapped closing paragraph of %d words taken: %q", width, eol, i, len(strings.Fields(long)), got)
				}
			}
			for i, text := range synA {
				if got := lines(text, s.Find("A", []byte(text))); len(got) > 0 {
					t.Errorf("width %d, eol %q, story %d: a wire paragraph another outlet prints taken: %q", width, eol, i, got)
				}
			}
		}
	}
}

// TestChromeOf: a line of chrome that is the document's title, or a part
// of it between separators, is the page's heading, not chrome; other
// chrome lines stay chrome. The Rust book's page on comments, whose
// heading "Comments" was left out as a comments link.
func TestChromeOf(t *testing.T) {
	text := "Share\nComments\nComments must start with two slashes.\nRelated stories\nClose\n"
	line := func(r Range) string { return text[r.Start:r.End] }
	for _, c := range []struct {
		title string
		want  []string
	}{
		{"", []string{"Share", "Comments", "Related stories", "Close"}},
		{"Comments - The Rust Programming Language", []string{"Share", "Related stories", "Close"}},
		{"The Rust Programming Language | Comments", []string{"Share", "Related stories", "Close"}},
		{"Share prices fall", []string{"Share", "Comments", "Related stories", "Close"}},
		{"Related Stories", []string{"Share", "Comments", "Close"}},
	} {
		var got []string
		for _, r := range ChromeOf([]byte(text), c.title) {
			got = append(got, line(r))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("title %q: chrome %q, want %q", c.title, got, c.want)
		}
	}
}

// TestTitleNotChrome: a page whose heading is a chrome phrase and its
// title keeps the heading as text when read from a folder.
func TestTitleNotChrome(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "comments.html"), []byte(`<!doctype html><html><head><title>Comments - The Rust Programming Language</title></head>
<body><nav><a href="/">Home</a></nav><main><h1>Comments</h1><p>Comments must start with two slashes and continue until the end of the line.</p></main></body></html>`))
	docs, _ := read(t, Dir(dir))
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	if d := docs[0]; len(d.Boilerplate) != 0 || !strings.HasPrefix(string(d.Text), "Comments\n") {
		t.Errorf("text %q, boilerplate %v; want the heading kept", d.Text, d.Boilerplate)
	}
}
