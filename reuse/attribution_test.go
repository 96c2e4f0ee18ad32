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
		// No speaker a reader can look up, or no verb.
		{`He said Putin would call again.`, nil},
		{`Officials say he said Putin would call.`, nil},
		{`Trump's ambassador to Russia said he hoped so.`, nil},
		{`Threats to the United States and its citizens were shared.`, nil},
		{`Russian news reports said the cathedral was the target.`, nil},
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
