package benchmarks

import (
	"fmt"
	"strings"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
)

// MailCorpus generates n messages of mailing lists as a list archive
// holds them, the shape of text where quoting, not syndication, repeats
// it:
//
//   - one list for every 300 messages (at least 10), each message its
//     list's (its outlet) with the list's footer, and one sender for
//     every 20 messages, each with a signature of their own under every
//     message they send;
//   - five in six messages answer one of the 20 threads most recently
//     started, the more recent the likelier (a thread ends after 40
//     messages), quoting the message they
//     answer whole under "On <date>, <sender> wrote:", its quotes quoted
//     again ("> > "), the longest threads carrying a text in dozens of
//     messages at growing depth;
//   - one in twelve is spam of one of 20 campaigns, a template with the
//     recipient, a sum and a link filled in: one text in a growing number
//     of messages, with words of its own;
//   - the rest (one in twelve) start threads;
//   - bodies are hard-wrapped at 72 columns (quoting prefix included),
//     messages come out a minute apart, in order.
//
// Same n, same messages; a message's reach (the messages that quote
// it) does not grow with the corpus, but the campaigns' does. answers
// maps each reply's id to the id of the message it quotes.
func (g *Generator) MailCorpus(n int) (docs []corpus.Doc, answers map[string]string) {
	const (
		threadWindow = 20
		threadMax    = 40
		campaigns    = 20
	)
	lists := max(10, n/300)
	senders := max(20, n/20)
	base := time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC)
	sigs := make([]string, senders)
	names := make([]string, senders)
	for s := range sigs {
		names[s] = fmt.Sprintf("%s %s", strings.ToUpper(g.word()[:1])+g.word(), strings.ToUpper(g.word()[:1])+g.word())
		sigs[s] = fmt.Sprintf("-- \n%s\n%s, %s\n", names[s], g.words(3), g.words(2))
	}
	spam := make([]string, campaigns)
	for c := range spam {
		var ss []string
		for range 6 + g.next(6) {
			ss = append(ss, g.sentence(true))
		}
		spam[c] = strings.Join(ss, " ")
	}
	type thread struct {
		list, size int
		last       string // the last message's body, unquoted lines and quotes as sent
		lastID     string
		from       int
		at         time.Time
	}
	var active []*thread
	docs, answers = make([]corpus.Doc, 0, n), map[string]string{}
	for i := range n {
		id := fmt.Sprintf("m%06d", i)
		at := base.Add(time.Duration(i) * time.Minute)
		from := g.next(senders)
		var list int
		var body string
		switch r := g.next(12); {
		case r == 0:
			list = g.next(lists)
			c := g.next(campaigns)
			body = seeds.Wrap(fmt.Sprintf("Dear %s, %s You have won %d dollars: claim them at https://%s.example/%d today.",
				names[g.next(senders)], spam[c], 1000+g.next(9000), g.word(), g.next(1<<20)), 72, "", "\n")
		case r >= 2 && len(active) > 0:
			// Most answers go to the threads most recently started.
			t := active[len(active)-1-min(g.next(len(active)), g.next(len(active)))]
			list = t.list
			quoted := seeds.Wrap(strings.TrimRight(t.last, "\n"), 72, "> ", "\n")
			own := g.paragraphs(1 + g.next(2))
			body = own + "\n" + fmt.Sprintf("On %s, %s wrote:\n", t.at.Format("Mon, 2 Jan 2006 at 15:04"), names[t.from]) + quoted
			answers[id] = t.lastID
			t.last, t.lastID, t.from, t.at = body, id, from, at
			if t.size++; t.size == threadMax {
				for k := range active {
					if active[k] == t {
						active = append(active[:k], active[k+1:]...)
						break
					}
				}
			}
		default:
			list = g.next(lists)
			body = g.paragraphs(2 + g.next(3))
			t := &thread{list: list, size: 1, last: body, lastID: id, from: from, at: at}
			if len(active) == threadWindow {
				active = active[1:]
			}
			active = append(active, t)
		}
		footer := fmt.Sprintf("_______________________________________________\nlist%02d mailing list\nlist%02d@lists.example.org\nhttps://lists.example.org/mailman/listinfo/list%02d\n", list, list, list)
		text := body + "\n" + sigs[from] + footer
		docs = append(docs, corpus.Doc{ID: id, Outlet: fmt.Sprintf("list%02d", list), Published: at, Text: []byte(text)})
	}
	return docs, answers
}

// paragraphs draws k paragraphs of two to four sentences, hard-wrapped at
// 72 columns, a blank line after each.
func (g *Generator) paragraphs(k int) string {
	var b strings.Builder
	for range k {
		var ss []string
		for range 2 + g.next(3) {
			ss = append(ss, g.sentence(true))
		}
		b.WriteString(seeds.Wrap(strings.Join(ss, " "), 72, "", "\n"))
		b.WriteString("\n")
	}
	return b.String()
}
