package seeds

import (
	"strings"
	"unicode/utf8"
)

// Paragraphs returns the text's non-blank lines, trimmed: a seed's
// paragraphs (each is written on one line).
func Paragraphs(text []byte) []string {
	var paras []string
	for _, line := range strings.Split(string(text), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			paras = append(paras, line)
		}
	}
	return paras
}

// Wrap hard-wraps every line of text at width runes, greedily, as fmt(1)
// and mail clients do (a word longer than the width gets a line of its
// own): the seeds in the form of wire archives and e-mail. prefix starts
// every line made ("> " quotes it), and eol ends it ("\n" or "\r\n").
func Wrap(text string, width int, prefix, eol string) string {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		n := 0
		b.WriteString(prefix)
		for i, word := range strings.Fields(line) {
			w := utf8.RuneCountInString(word)
			switch {
			case i > 0 && n+1+w > width:
				b.WriteString(eol + prefix)
				n = 0
			case i > 0:
				b.WriteByte(' ')
				n++
			}
			b.WriteString(word)
			n += w
		}
		b.WriteString(eol)
	}
	return b.String()
}

// Forms returns a text in three forms a wire archive or a mailbox may hold
// it: its paragraphs apart by blank lines ("flat"), and that hard-wrapped
// at 60 columns ("wrapped-60") and at 72 with CRLF line ends
// ("wrapped-72-crlf").
func Forms(text []byte) []Doc {
	flat := strings.Join(Paragraphs(text), "\n\n") + "\n"
	return []Doc{
		{ID: "flat", Text: []byte(flat)},
		{ID: "wrapped-60", Text: []byte(Wrap(flat, 60, "", "\n"))},
		{ID: "wrapped-72-crlf", Text: []byte(Wrap(flat, 72, "", "\r\n"))},
	}
}
