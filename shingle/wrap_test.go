package shingle

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/seeds"
)

// sentenceWords returns the sentences of text as their tokens' words, a
// sentence to a line: what must not change when text is wrapped.
func sentenceWords(text string) []string {
	toks := AppendTokens(nil, []byte(text))
	var out []string
	for _, s := range AppendSentences(nil, []byte(text), toks) {
		var words []string
		for _, t := range toks[s.TokStart:s.TokEnd] {
			words = append(words, text[t.Start:t.End])
		}
		out = append(out, strings.Join(words, " "))
	}
	return out
}

// TestWrappedSameSentences: the seeds hard-wrapped at every width from 24
// to 100 columns make the same sentences of the same tokens as written a
// paragraph to a line, and the same shingles (Jaccard 1 in dupes), when
// their paragraphs are apart by blank lines, as in wire archives and
// e-mail; also with CRLF and quoted ("> "). When paragraphs are apart by
// single line breaks, a wrapped sentence is never cut, but a paragraph
// that ends without a full stop (a headline) whose last line is full
// cannot be told from a wrap, and joins the next sentence.
func TestWrappedSameSentences(t *testing.T) {
	var sh Shingler
	for _, d := range seeds.All() {
		paras := seeds.Paragraphs(d.Text)
		flat := strings.Join(paras, "\n\n") + "\n"
		want := sentenceWords(flat)
		wantHashes := sortedHashes(&sh, flat)
		single := strings.Join(paras, "\n") + "\n"
		wantSingle := sentenceWords(single)
		for width := 24; width <= 100; width++ {
			prefix, eol := "", "\n"
			switch width {
			case 66, 79:
				eol = "\r\n"
			case 72:
				prefix = "> "
			}
			wrapped := seeds.Wrap(flat, width, prefix, eol)
			if w, _ := wrapColumn([]byte(wrapped)); w < width-wrapSlack(width) || w > width {
				t.Errorf("%s wrapped at %d columns: found wrapped at %d", d.ID, width, w)
			}
			if got := sentenceWords(wrapped); !slices.Equal(got, want) {
				t.Errorf("%s wrapped at %d columns (%q, %q): %d sentences, want %d; first difference:\n%s",
					d.ID, width, prefix, eol, len(got), len(want), firstDiff(got, want))
			}
			if got := sortedHashes(&sh, wrapped); !slices.Equal(got, wantHashes) {
				t.Errorf("%s wrapped at %d columns: %d shingles, want the same %d", d.ID, width, len(got), len(wantHashes))
			}
			got := sentenceWords(seeds.Wrap(single, width, "", "\n"))
			if bad := joinedOf(got, wantSingle); bad != "" {
				t.Errorf("%s, single line breaks, wrapped at %d columns: %s", d.ID, width, bad)
			}
		}
		// As written (a paragraph to a line, single line breaks), the
		// seeds are not wrapped text.
		if w, _ := wrapColumn(d.Text); w != 0 {
			t.Errorf("%s as written: found wrapped at %d columns", d.ID, w)
		}
	}
}

// capsClause is a disclaimer in capitals, as licences and terms of use
// print theirs: where every word starts with a capital, a capital after a
// line break says nothing of a new sentence.
const capsClause = "THE STORIES ARE PROVIDED AS THEY WERE FILED, WITHOUT WARRANTY OF ANY KIND, EITHER EXPRESSED OR IMPLIED, INCLUDING, BUT NOT LIMITED TO, THE WARRANTIES OF ACCURACY AND FITNESS FOR A PARTICULAR PURPOSE. IN NO EVENT WILL THE AGENCY, OR ANY OTHER PARTY WHO EDITS OR REDISTRIBUTES THE STORIES, BE LIABLE TO YOU FOR DAMAGES, INCLUDING ANY GENERAL, SPECIAL OR CONSEQUENTIAL DAMAGES ARISING OUT OF THE USE OR INABILITY TO USE THE STORIES (INCLUDING BUT NOT LIMITED TO LOSS OF DATA OR DATA BEING RENDERED INACCURATE), EVEN IF SUCH HOLDER OR OTHER PARTY HAS BEEN ADVISED OF THE POSSIBILITY OF SUCH DAMAGES."

// TestFilledSameSentences: the seeds, and a clause in capitals, filled
// at every width from 40 to 100 columns as GNU fmt(1) and par(1) fill
// (seeds.Fill: lines evened out, so that a line may end where the next
// word would have fitted on it), also quoted ("> "), make the sentences
// they make written a paragraph to a line: the clause in capitals every
// one, the seeds all but a few cut where a line that might end a
// headline ("… Putin thanked" / "U.S. President …") does not. Before
// cannotEnd, 179 of the 6,039 sentences filled were cut (52 of the
// clause's 122, 127 of the seeds' 5,917); after it 29, and a
// paragraph wrapped narrower than its text's other lines runs on too.
func TestFilledSameSentences(t *testing.T) {
	texts := [][]string{{capsClause}}
	for _, d := range seeds.All() {
		texts = append(texts, seeds.Paragraphs(d.Text))
	}
	sentences, cut := 0, 0
	for k, paras := range texts {
		flat := strings.Join(paras, "\n\n") + "\n"
		want := sentenceWords(flat)
		for width := 40; width <= 100; width++ {
			prefix := ""
			if width%10 == 2 {
				prefix = "> "
			}
			got := sentenceWords(seeds.Fill(flat, width, prefix, "\n"))
			if k == 0 && !slices.Equal(got, want) {
				t.Errorf("the clause in capitals filled at %d columns (%q): %d sentences, want %d; first difference:\n%s",
					width, prefix, len(got), len(want), firstDiff(got, want))
			}
			// Cut, never joined: each sentence as written is one or more
			// of those filled.
			if bad := joinedOf(want, got); bad != "" {
				t.Errorf("text %d filled at %d columns (%q): %s", k, width, prefix, bad)
			}
			made := map[string]bool{}
			for _, s := range got {
				made[s] = true
			}
			for _, s := range want {
				sentences++
				if !made[s] {
					cut++
				}
			}
		}
	}
	if rate := float64(cut) / float64(sentences); rate > 0.01 {
		t.Errorf("%d of the %d sentences filled (%.1f%%) cut, want at most 1%%", cut, sentences, 100*rate)
	}
}

// TestCapsUnderProse: the clause in capitals wrapped at every width from
// 40 to 100 columns under a line of prose in lower case (a licence's
// disclaimer under its copyright line, an agency's terms under a
// notice) makes the sentences it makes written on one line. Its lines,
// all starting with a capital, say nothing of whether the text is
// wrapped: before, they counted as lines that wrapped prose would have
// started in lower case, and each became a sentence of its own.
func TestCapsUnderProse(t *testing.T) {
	const notice = "Read the terms below before you reuse any of the stories.\n\n"
	want := sentenceWords(notice + capsClause + "\n")
	for width := 40; width <= 100; width++ {
		got := sentenceWords(notice + seeds.Wrap(capsClause, width, "", "\n"))
		if !slices.Equal(got, want) {
			t.Errorf("wrapped at %d columns: %d sentences, want %d; first difference:\n%s", width, len(got), len(want), firstDiff(got, want))
		}
	}
}

// TestRequotedSameSentences: the seeds quoted at 72 columns and quoted
// again, up to four deep, by a mail client that wraps the quote anew
// (each quoted line cut at 72 columns, prefix counted, its overflow put on
// a line of its own at the new depth: "> > … allowed the CIA" / "> Kremlin"
// / "> > agencies to …") make the same sentences of the same words as the
// seeds written flat; with LF and CRLF.
func TestRequotedSameSentences(t *testing.T) {
	for _, d := range seeds.All() {
		flat := strings.Join(seeds.Paragraphs(d.Text), "\n\n") + "\n"
		want := sentenceWords(flat)
		for _, eol := range []string{"\n", "\r\n"} {
			quoted := seeds.Wrap(flat, 70, "> ", "\n")
			for depth := 2; depth <= 9; depth++ {
				quoted = seeds.Wrap(strings.TrimRight(quoted, "\n"), 72, "> ", "\n")
				text := strings.ReplaceAll(quoted, "\n", eol)
				if got := sentenceWords(text); !slices.Equal(got, want) {
					t.Errorf("%s quoted %d deep (eol %q): %d sentences, want %d; first difference:\n%s",
						d.ID, depth, eol, len(got), len(want), firstDiff(got, want))
				}
			}
		}
	}
}

// TestThreadQuotesSameSentences: a seed posted to a list and answered
// in a thread, each reply a line of its own over the whole message before
// it quoted again ('>', rewrapped at 72 columns, as MailCorpus writes
// them): at every depth the quoted seed is the seed's sentences, though
// each requote pushes a line's last words onto lines of their own, runs
// of them as long as the quote is deep. (Sixteen deep and more, where
// the prefix takes 32 of the 72 columns, some sentences are still cut.)
func TestThreadQuotesSameSentences(t *testing.T) {
	for _, d := range seeds.All()[:3] {
		flat := strings.Join(seeds.Paragraphs(d.Text), "\n\n")
		want := sentenceWords(flat)
		msg := seeds.Wrap(flat, 72, "", "\n")
		for depth := 1; depth <= 15; depth++ {
			msg = fmt.Sprintf("Reply number %d.\n\nOn Sun, 17 Dec 2017, Ann wrote:\n", depth) + seeds.Wrap(strings.TrimRight(msg, "\n"), 72, "> ", "\n")
			got := map[string]bool{}
			for _, s := range sentenceWords(msg) {
				got[s] = true
			}
			missing := 0
			for _, s := range want {
				if !got[s] {
					missing++
				}
			}
			if missing > 0 {
				t.Errorf("%s quoted %d deep in a thread: %d of its %d sentences cut", d.ID, depth, missing, len(want))
			}
		}
	}
}

// joinedOf returns "" if every sentence of got is one or more consecutive
// sentences of want, joined, and all of want is covered; else what differs.
func joinedOf(got, want []string) string {
	j := 0
	for _, g := range got {
		acc := ""
		for j < len(want) && len(acc) < len(g) {
			acc = strings.TrimSpace(acc + " " + want[j])
			j++
		}
		if acc != g {
			return fmt.Sprintf("sentence %q is not whole sentences as written (%q)", g, acc)
		}
	}
	if j != len(want) {
		return fmt.Sprintf("%d sentences as written left over", len(want)-j)
	}
	return ""
}

func sortedHashes(sh *Shingler, text string) []uint64 {
	h := sh.AppendHashes(nil, []byte(text))
	slices.Sort(h)
	return h
}

func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("got  %q\nwant %q", got[i], want[i])
		}
	}
	return "(one is a prefix of the other)"
}

// TestWrapBreaks: which line breaks of wrapped text end sentences.
func TestWrapBreaks(t *testing.T) {
	// One sentence of seed 000, wrapped at 72 columns.
	body := "Putin expressed gratitude during the call for information provided by\n" +
		"the CIA that allowed Russia's top domestic security agency to track down\n" +
		"and arrest a group of suspects that was planning to bomb Kazan Cathedral\n" +
		"and other crowded sites, the Kremlin said.\n"
	for _, c := range []struct {
		name, text string
		want       []string // the first words of the sentences
	}{
		{"wrapped paragraph", body, []string{"Putin"}},
		{"short headline and dateline lines", "Putin thanks Trump for CIA tip\nMOSCOW (AP)\n" + body, []string{"Putin", "MOSCOW", "Putin"}},
		{"list items", body + "Among the targets were:\n- Kazan Cathedral in the centre of the city\n- crowded shopping streets and metro stations\n",
			[]string{"Putin", "Among", "Kazan", "crowded"}},
		{"numbered items", body + "1) Kazan Cathedral in the centre of the city and\n2) crowded shopping streets and metro stations\n",
			[]string{"Putin", "1", "2"}},
		{"indented paragraph start", body + "  Sanders confirmed the call in a Sunday morning tweet and said that the\nPresident appreciated it.\n",
			[]string{"Putin", "Sanders"}},
		{"CRLF", strings.ReplaceAll(body, "\n", "\r\n"), []string{"Putin"}},
		// A paragraph pasted in at 50 columns into text wrapped at 80:
		// "by the" / "CIA" would have fitted.
		{"a paragraph wrapped narrower than the text", seeds.Wrap(strings.ReplaceAll(strings.Repeat(body, 2), "\n", " "), 80, "", "\n") + "\n" +
			"Sanders said the call was made possible by the\nCIA tip that the White House passed to Moscow.\n",
			[]string{"Putin", "Putin", "Sanders"}},
		// Filled (GNU fmt): "asked" / "Trump" would have fitted, inside
		// a paragraph, where a verb ends no headline.
		{"a filled paragraph's verb before a name", body +
			"The Kremlin added that during the call on Sunday the Russian president\n" +
			"and his staff in Moscow had personally and repeatedly asked\n" +
			"Trump to convey their gratitude to the CIA and its director.\n",
			[]string{"Putin", "The"}},
		// A number alone on a line is no numbered item, which has its
		// text after it: "December" / "16." is a date.
		{"a day alone on the last line", body +
			"The FSB announced on Friday that it had arrested seven members of a cell\n" +
			"planning a bombing in crowded areas of Saint Petersburg on December\n16.\n",
			[]string{"Putin", "The"}},
		// Lines near the column that start alike are a list's items, a
		// table's rows, or fields, even inside a paragraph.
		{"items that start with numbers", body +
			"The release fixes these bugs, each listed with its tracker number here:\n" +
			"19137 the pwait wrapper for i386 ignores thread cancellation\n" +
			"19143 the affinity calls check the CPU set size too strictly\n",
			[]string{"Putin", "The", "19143"}},
		{"lines that start with one word", body +
			"The files are copyright of those who wrote them, each on a line:\n" +
			"Copyright 2003-2004 Dmitry Golubev, who wrote the Latvian one\n" +
			"Copyright 2004 Gregory Mokhin, who wrote the Russian phonetic one\n",
			[]string{"Putin", "The", "Copyright"}},
		{"lines that start with words in capitals", body +
			"The files of the source tree that a new user should read first are:\n" +
			"INSTALL - general compilation and installation rules for the tree\n" +
			"NEWS - major changes in the current version, and in those before\n",
			[]string{"Putin", "The", "NEWS"}},
		{"a table's rows", body +
			"The architectures that the debugger supports are these, by name:\n" +
			"rs6000    IBM RS6000 architecture, as the user-level code sees it\n" +
			"403       IBM PowerPC 403, the embedded processor of the series\n",
			[]string{"Putin", "The", "403"}},
		{"a field after a line", body +
			"The certificate was removed at the request of its owner, as told\n" +
			"in https://bugzilla.mozilla.org/show_bug.cgi?id=850003 upstream\n" +
			"License: MPL-2.0, as for every other certificate of the bundle\n",
			[]string{"Putin", "The", "License"}},
		{"an answer between a quote's lines", "> " + strings.ReplaceAll(strings.TrimSpace(body), "\n", "\n> ") + "\n> > Are you coming to the briefing\n> Yes\n> > Will they take questions\n",
			[]string{"Putin", "Are", "Yes", "Will"}},
		{"not wrapped: a poem's ragged lines", "Because I could not stop for Death\nHe kindly stopped for me\nThe Carriage held but just Ourselves\nAnd Immortality\n",
			[]string{"Because", "He", "The", "And"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, s := range sentenceWords(c.text) {
				got = append(got, strings.Fields(s)[0])
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("sentences start %q, want %q (wrap column %d)", got, c.want, func() int { c, _ := wrapColumn([]byte(c.text)); return c }())
			}
		})
	}
}

// BenchmarkSentences splits text into sentences, as written and
// hard-wrapped: the seeds (a paragraph to a line), those of their
// sentences that end in a stop a line each (as the generated corpora
// write them: no line break asks for the wrapping), the seeds wrapped at
// 72 columns, the seeds quoted four deep by a client that wraps quotes
// anew (overflow lines on most lines), and this machine's licence texts
// (wrapped by their authors), when it has them.
func BenchmarkSentences(b *testing.B) {
	var flat, lines, wrapped, requoted []byte
	for _, d := range seeds.All() {
		flat = append(flat, d.Text...)
		for _, s := range AppendSentences(nil, d.Text, AppendTokens(nil, d.Text)) {
			// Those that end in a stop and start with a capital: a
			// text whose line breaks all end sentences by their stops.
			t := d.Text[s.Start:s.End]
			if r, _ := utf8.DecodeRune(t); unicode.IsUpper(r) && bytes.ContainsAny(t[len(t)-1:], ".!?") {
				lines = append(append(lines, t...), '\n')
			}
		}
		paras := strings.Join(seeds.Paragraphs(d.Text), "\n\n")
		wrapped = append(wrapped, seeds.Wrap(paras, 72, "", "\n")...)
		q := seeds.Wrap(paras, 70, "> ", "\n")
		for range 3 {
			q = seeds.Wrap(strings.TrimRight(q, "\n"), 72, "> ", "\n")
		}
		requoted = append(requoted, q...)
	}
	inputs := []struct {
		name string
		text []byte
	}{{"seeds", flat}, {"seeds-lines", lines}, {"seeds-wrapped", wrapped}, {"seeds-requoted", requoted}}
	if gpl, err := os.ReadFile("/usr/share/common-licenses/GPL-3"); err == nil {
		inputs = append(inputs, struct {
			name string
			text []byte
		}{"GPL-3", gpl})
	}
	for _, in := range inputs {
		toks := AppendTokens(nil, in.text)
		var sents []Sentence
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.text)))
			b.ReportAllocs()
			for b.Loop() {
				sents = AppendSentences(sents[:0], in.text, toks)
			}
			b.ReportMetric(float64(len(sents)), "sentences")
		})
	}
}

// TestRunes: runes counts as utf8.RuneCount does, for ASCII, Cyrillic,
// CJK, emoji, mojibake and invalid bytes, at every length around its
// eight-byte steps.
func TestRunes(t *testing.T) {
	for _, s := range []string{"", "a", "Putin thanked Trump", "Путин поблагодарил Трампа", "普京感谢特朗普", "👍🏽 ok", "鈥渂romance鈥", "\xff\xfe\x80abc\xc3"} {
		for i := range len(s) + 1 {
			if got, want := runes([]byte(s[:i])), utf8.RuneCount([]byte(s[:i])); got != want && utf8.ValidString(s[:i]) {
				t.Errorf("runes(%q) = %d, want %d", s[:i], got, want)
			}
		}
	}
}

// TestLineWidth holds lineWidth to counting every rune, up to wideLine:
// lines of ASCII, of two-, three- or four-byte runes, of ASCII but for
// one rune, and of mixes, of every length around the bytes at which it
// stops counting.
func TestLineWidth(t *testing.T) {
	pieces := []string{"a", "é", "ж", "—", "€", "😀", " "}
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 6*wideLine; n += 1 + n/40 {
		for trial := range 20 {
			var b strings.Builder
			for b.Len() < n {
				switch trial % 4 {
				case 0: // ASCII
					b.WriteString("a")
				case 1: // one rune of one size over and over
					b.WriteString(pieces[1+trial/4%5])
				case 2: // ASCII but for one two-byte rune
					if b.Len() == trial {
						b.WriteString("é")
					} else {
						b.WriteString("a")
					}
				default: // mixed
					b.WriteString(pieces[r.IntN(len(pieces))])
				}
			}
			line := []byte(b.String())
			got, want := lineWidth(line), utf8.RuneCount(line)
			if min(got, wideLine) != min(want, wideLine) || got > want {
				t.Fatalf("lineWidth of %d bytes, %d runes: %d", len(line), want, got)
			}
		}
	}
}
