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

// Wrap hard-wraps every line of text at width runes, greedily, as mail
// clients and editors do (a word longer than the width gets a line of its
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

// Fill hard-wraps every line of text at width runes as GNU fmt(1) and
// par(1) do, evening out its lines rather than filling each in turn: of
// all the ways to break a line's words into lines of at most width runes
// (a longer word alone), the one whose lines' lengths are nearest a goal
// of 93% of the width, by the sum of the squares of their differences
// (the last line counted only where it is longer than the goal). A line
// may so end where the next word would have fitted on it. prefix and eol
// are Wrap's.
func Fill(text string, width int, prefix, eol string) string {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		words := strings.Fields(line)
		start := 0
		for _, end := range fillBreaks(words, width) {
			b.WriteString(prefix)
			b.WriteString(strings.Join(words[start:end], " "))
			b.WriteString(eol)
			start = end
		}
		if len(words) == 0 {
			b.WriteString(prefix + eol)
		}
	}
	return b.String()
}

// fillBreaks returns where each of Fill's lines of words ends: the index
// of the next line's first word, in order.
func fillBreaks(words []string, width int) []int {
	n := len(words)
	goal := width * 93 / 100
	lens := make([]int, n)
	for i, w := range words {
		lens[i] = utf8.RuneCountInString(w)
	}
	// cost[i]: the least cost of the lines of words[i:]; next[i]: where
	// the first of them ends.
	cost, next := make([]int, n+1), make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		cost[i], next[i] = -1, i+1
		l := -1
		for j := i + 1; j <= n; j++ {
			l += 1 + lens[j-1]
			if l > width && j > i+1 {
				break
			}
			d := goal - l
			if j == n && d >= 0 {
				d = 0
			}
			if c := d*d + cost[j]; cost[i] < 0 || c < cost[i] {
				cost[i], next[i] = c, j
			}
		}
	}
	var ends []int
	for i := 0; i < n; i = next[i] {
		ends = append(ends, next[i])
	}
	return ends
}
