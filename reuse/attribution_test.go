package reuse

import (
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
)

// TestCues: the attribution phrases found in one sentence, and those that
// must not be found.
func TestCues(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string // the phrases
	}{
		{`"We agreed," the statement read.`, []string{"the statement read"}},
		{`"We agreed", the readout said.`, []string{"the readout said"}},
		{`A statement on the Kremlin's website says Putin called.`, []string{"A statement on the Kremlin's website says"}},
		{`"We agreed," read the statement.`, []string{"read the statement"}},
		{`Putin called Trump, the White House said.`, []string{"the White House said"}},
		{`The White House on Sunday confirmed that Putin called.`, []string{"The White House on Sunday confirmed"}},
		{`"We agreed," said the Kremlin.`, []string{"said the Kremlin"}},
		{`The Kremlin said in a statement that Putin called.`, []string{"The Kremlin said"}},
		{`MOSCOW (AP) — Putin called Trump on Sunday.`, []string{"(AP)"}},
		{`The AP reported that Putin called.`, []string{"The AP reported"}},
		{`Putin called Trump, according to the White House.`, []string{"according to the White House"}},
		// A mail client's line over the message it quotes.
		{`On Sun, 17 Dec 2017, Ann wrote:`, []string{"Ann wrote"}},
		{`On Fri, Mar 1, 2024 at 10:00 AM Ann Smith <ann@example.org> wrote:`, []string{"Ann Smith <ann@example.org> wrote"}},
		{`"Ann Smith" <ann.smith@example.org> writes:`, []string{`"Ann Smith" <ann.smith@example.org> writes`}},
		{`On 2024-03-01 10:00, Ann Smith wrote:`, []string{"Ann Smith wrote"}},
		{`Write to <desk@example.org> or call.`, nil},
		// No speaker a reader can look up, or no verb.
		{`He said Putin would call again.`, nil},
		{`Officials say he said Putin would call.`, nil},
		{`Trump's ambassador to Russia said he hoped so.`, nil},
		{`Threats to the United States and its citizens were shared.`, nil},
		{`Russian news reports said the cathedral was the target.`, nil},
		// Reading something is no statement that reads (a licence's
		// "NOTICE TO USER: Carefully read the following legal agreement").
		{`NOTICE TO USER: Carefully read the following legal agreement.`, nil},
		{`Trump read the names aloud.`, nil},
		{`"We agreed," Sanders read from the statement.`, []string{"Sanders read"}},
		// A title's noun is no verb (xz's "XZ Utils Release Notes", a
		// heading, read as a release that notes).
		{"XZ Utils Release Notes\n======================\n\n5.4.1 (2023-01-11)", nil},
		{`The release notes that Putin called.`, []string{"The release notes"}},
		// "according to" that says how, not who (copyright files: "may be
		// distributed according to the same disclaimer and license").
		{`Modified copies may be distributed according to the same disclaimer and license.`, nil},
		{`The talks went ahead according to plan.`, nil},
		{`Putin called Trump, according to a statement.`, []string{"according to a statement"}},
	} {
		a := newAnalyser(new(stemBlocks))
		st := a.analyse(corpus.Doc{ID: "x", Text: []byte(c.text)})
		var got []string
		for _, cu := range st.cues {
			got = append(got, c.text[cu.start:cu.end])
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s\ncues %q, want %q", c.text, got, c.want)
		}
	}
}

// TestCredit: a span is credited to the phrase of the sentence it starts
// in, else to one after it in the sentence it ends in, else to the
// sentence that introduces it; never to a phrase in another sentence.
func TestCredit(t *testing.T) {
	text := "The statement read:\n" + `"We thank the CIA. We will share what we learn." ` +
		`Both sides spoke for an hour. The Kremlin said the call was warm. ` +
		`The talks went well, the statement concluded.`
	a := newAnalyser(new(stemBlocks))
	st := a.analyse(corpus.Doc{ID: "x", Text: []byte(text)})
	tok := func(word string, nth int) int32 { // the token index of the nth word
		for i := range st.toks.len() {
			r := st.toks.at(int32(i))
			if text[r.start:r.end] == word {
				if nth == 0 {
					return int32(i)
				}
				nth--
			}
		}
		t.Fatalf("no %q", word)
		return 0
	}
	for _, c := range []struct {
		name   string
		t0, t1 int32
		want   string
	}{
		{"introduced by the sentence before", tok("We", 0), tok("CIA", 0) + 1, "The statement read"},
		{"only the sentence it introduces", tok("We", 1), tok("learn", 0) + 1, ""},
		{"the sentence's own phrase", tok("the", 1), tok("warm", 0) + 1, "The Kremlin said"},
		{"a phrase after it in the sentence it ends in", tok("talks", 0), tok("well", 0) + 1, "the statement concluded"},
		{"none in its sentences", tok("Both", 0), tok("hour", 0) + 1, ""},
		{"a long span: only its first sentence's", tok("Both", 0), tok("warm", 0) + 1, ""},
	} {
		got := ""
		if cr, ok := st.creditFor(c.t0, c.t1); ok {
			got = text[cr.start:cr.end]
		}
		if got != c.want {
			t.Errorf("%s: credited %q, want %q", c.name, got, c.want)
		}
	}
}

// TestMailQuoteCredits: the lines a mail client's "Ann wrote:" quotes
// with '>' are credited to it, all of them, before any phrase of theirs,
// and a quote within the quote to its own line; not the reply's own
// words.
func TestMailQuoteCredits(t *testing.T) {
	for _, nl := range []string{"\n", "\r\n"} {
		text := strings.ReplaceAll(`Thanks, that settles it.

On Sun, 17 Dec 2017 at 10:00 AM Ann Smith <ann@example.org> wrote:
> The nightly build fails on arm64 since the allocator patch.
> The linker complains about an undefined symbol.
> Putin called Trump, the Kremlin said.
>
> On Sat, 16 Dec 2017, Bob wrote:
> > Has anyone seen the page cache module fail to link?
> > It broke on two boards here.
>
> Reverting the patch fixes it for me.

And a line of my own after.
`, "\n", nl)
		a := newAnalyser(new(stemBlocks))
		st := a.analyse(corpus.Doc{ID: "x", Text: []byte(text)})
		ann, bob := "Ann Smith <ann@example.org> wrote", "Bob wrote"
		for _, c := range []struct{ first, last, want string }{
			{"Thanks", "it", ""},
			{"The", "patch", ann},
			{"linker", "symbol", ann},
			{"Putin", "said", ann}, // Ann's words, whatever phrase they hold
			{"Has", "link", bob},
			{"It", "here", bob},
			{"Reverting", "me", ann},
			{"And", "after", ""},
		} {
			t0, t1 := int32(-1), int32(-1)
			for i := range st.toks.len() {
				r := st.toks.at(int32(i))
				switch w := text[r.start:r.end]; {
				case t0 < 0 && w == c.first:
					t0 = int32(i)
				case t0 >= 0 && t1 < 0 && w == c.last:
					t1 = int32(i) + 1
				}
			}
			if t0 < 0 || t1 < 0 {
				t.Fatalf("no %q … %q", c.first, c.last)
			}
			got := ""
			if cr, ok := st.creditFor(t0, t1); ok {
				got = text[cr.start:cr.end]
			}
			if got != c.want {
				t.Errorf("%q: %q … %q credited %q, want %q", nl, c.first, c.last, got, c.want)
			}
		}
	}
}

// TestMailQuotesQuoted: a reply's quote ('>') of the message it answers
// is a quoted span; the message itself, and a reply that copies it
// without '>', are prose.
func TestMailQuotesQuoted(t *testing.T) {
	body := seeds.Wrap(strings.Join(seeds.Paragraphs(seeds.All()[0].Text)[:3], "\n\n"), 72, "", "\n")
	docs := []corpus.Doc{
		{ID: "message", Text: []byte(body)},
		{ID: "reply", Text: []byte("Thanks, that settles it.\n\nOn Sun, 17 Dec 2017, Ann wrote:\n" + seeds.Wrap(strings.TrimRight(body, "\n"), 72, "> ", "\n"))},
		{ID: "copy", Text: []byte("Seen elsewhere today.\n\n" + body)},
	}
	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"message": false, "reply": true, "copy": false}
	for _, d := range rep.Documents {
		if len(d.Spans) == 0 {
			t.Errorf("%s: no span", d.ID)
		}
		for _, sp := range d.Spans {
			if sp.Quoted != want[d.ID] {
				t.Errorf("%s: span [%d, %d) quoted %v, want %v", d.ID, sp.Start, sp.End, sp.Quoted, want[d.ID])
			}
			// The source says whether it quoted the words itself: the
			// reply's source wrote them, the others' may be the reply.
			if src := sp.Source; src != nil && src.Quoted != want[src.Doc] {
				t.Errorf("%s: source %s quoted %v, want %v", d.ID, src.Doc, src.Quoted, want[src.Doc])
			}
		}
	}
}

// FuzzCues: the attribution phrases of any text, and the credit of any
// stretch of it, lie within the text and their sentences; no text makes
// the analysis panic.
func FuzzCues(f *testing.F) {
	for _, s := range []string{
		`"We agreed," the statement read.`,
		"On Fri, Mar 1, 2024 at 10:00 AM Ann Smith <ann@example.org> wrote:\n> One line.\n> > Two <a@b>\n",
		"\"Ann\" <@> wrote:\r\n>> x\r\n> y:\n>>> z",
		"The statement read:\n\"We thank the CIA.\"",
		"<x@y> said",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a := newAnalyser(new(stemBlocks))
		st := a.analyse(corpus.Doc{ID: "x", Text: []byte(text)})
		n := int32(st.toks.len())
		for _, c := range st.cues {
			if c.start < 0 || c.start > c.end || int(c.end) > len(text) || c.t0 > c.t1 || c.t1 > c.next || c.next > n {
				t.Fatalf("cue %+v in %d bytes, %d tokens", c, len(text), n)
			}
		}
		for t0 := int32(0); t0 < n; t0++ {
			if cr, ok := st.creditFor(t0, min(t0+3, n)); ok && (cr.start < 0 || int(cr.end) > len(text)) {
				t.Fatalf("credit %+v in %d bytes", cr, len(text))
			}
		}
	})
}
