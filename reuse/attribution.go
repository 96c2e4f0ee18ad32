package reuse

import (
	"bytes"
	"strings"

	"github.com/copydesk/copydesk/shingle"
)

// cue is an attribution line or phrase: text[start:end] credits sources
// (news agencies and outlets, or whatever follows "according to").
type cue struct {
	start, end int
	sentence   int // index in the document's sentences
	sources    []string
}

// agencies are the news organisations whose names make "<name> reported"
// and "reporting by <name>" attributions. Each entry is a token sequence as
// written.
var agencies = func() [][]string {
	var out [][]string
	for _, a := range strings.Split("AP|Associated Press|Reuters|AFP|Agence France-Presse|Agence France Presse|"+
		"TASS|Interfax|RIA Novosti|RIA|Sputnik|Bloomberg|CNN|BBC|NPR|UPI|dpa|DPA|Xinhua|Kyodo|Yonhap|ANSA|EFE|"+
		"PTI|Al Jazeera|New York Times|Washington Post|Wall Street Journal|Financial Times|Guardian|"+
		"RFE/RL|Radio Free Europe|Kommersant|Izvestia|Fox News|NBC|CBS|ABC|MSNBC|Politico|Axios", "|") {
		out = append(out, strings.Fields(strings.ReplaceAll(a, "/", " ")))
	}
	return out
}()

// agencyFirst indexes agencies by their first word.
var agencyFirst = func() map[string][][]string {
	m := map[string][][]string{}
	for _, a := range agencies {
		m[a[0]] = append(m[a[0]], a)
	}
	return m
}()

var reportVerbs = strings.Fields("reported reports said says quoted cited contributed told wrote writes")

// findCues finds the attribution phrases of a document, sentence by sentence:
//
//   - "according to X": X is the run of words after it up to punctuation;
//   - "<agency> reported" (said, quoted, cited, told, ...), and "told <agency>";
//   - "reporting by A, B and C" ("With reporting by AP, Reuters, TASS"),
//     "<agency> contributed to this report".
//
// Agencies are those in the agencies list. Attribution to officials ("the
// Kremlin said") is not a cue: it names who spoke, not whose copy was used.
func findCues(text []byte, toks []shingle.Token, sents []shingle.Sentence) []cue {
	var out []cue
	// is reports whether token i is w, in any case (w is lower case).
	is := func(i int, w string) bool { return bytes.EqualFold(text[toks[i].Start:toks[i].End], []byte(w)) }
	isVerb := func(i int) bool {
		for _, v := range reportVerbs {
			if is(i, v) {
				return true
			}
		}
		return false
	}
	for si, s := range sents {
		for i := s.TokStart; i < s.TokEnd; i++ {
			switch {
			case is(i, "according") && i+1 < s.TokEnd && is(i+1, "to"):
				j := i + 2
				for j < s.TokEnd && j < i+8 && (j == i+2 || !hasPunctBetween(text, toks, j-1, j)) {
					j++
				}
				if j > i+2 {
					src := strings.TrimPrefix(string(text[toks[i+2].Start:toks[j-1].End]), "the ")
					out = append(out, cue{toks[i].Start, toks[j-1].End, si, []string{src}})
					i = j - 1
				}
			case is(i, "reporting") && i+1 < s.TokEnd && is(i+1, "by"):
				start := i
				if i > s.TokStart && is(i-1, "with") {
					start = i - 1
				}
				var srcs []string
				j := i + 2
				for j < s.TokEnd {
					if n := agencyAt(text, toks, j, s.TokEnd); n > 0 {
						srcs = append(srcs, string(text[toks[j].Start:toks[j+n-1].End]))
						j += n
						continue
					}
					if is(j, "and") {
						j++
						continue
					}
					break
				}
				if len(srcs) > 0 {
					out = append(out, cue{toks[start].Start, toks[j-1].End, si, srcs})
					i = j - 1
				}
			default:
				n := agencyAt(text, toks, i, s.TokEnd)
				if n == 0 {
					continue
				}
				name := string(text[toks[i].Start:toks[i+n-1].End])
				start := i
				if i > s.TokStart && is(i-1, "the") {
					start = i - 1
				}
				switch {
				case i+n < s.TokEnd && isVerb(i+n):
					out = append(out, cue{toks[start].Start, toks[i+n].End, si, []string{name}})
				case i > s.TokStart && (is(i-1, "told") || is(i-1, "by")) ||
					start > s.TokStart && (is(start-1, "told") || is(start-1, "by")):
					first := start - 1
					if is(i-1, "told") || is(i-1, "by") {
						first = i - 1
					}
					out = append(out, cue{toks[first].Start, toks[i+n-1].End, si, []string{name}})
				default:
					continue
				}
				i += n - 1
			}
		}
	}
	return out
}

// agencyAt returns the number of tokens of the agency name starting at
// token i, or 0.
func agencyAt(text []byte, toks []shingle.Token, i, end int) int {
	if c := text[toks[i].Start]; (c < 'A' || c > 'Z') && c != 'd' {
		return 0 // every name starts with a capital, but dpa
	}
	for _, a := range agencyFirst[string(text[toks[i].Start:toks[i].End])] {
		if i+len(a) > end {
			continue
		}
		ok := true
		for k, w := range a {
			if string(text[toks[i+k].Start:toks[i+k].End]) != w {
				ok = false
				break
			}
		}
		if ok {
			return len(a)
		}
	}
	return 0
}

// hasPunctBetween reports whether punctuation other than a hyphen or an
// apostrophe separates tokens i and j.
func hasPunctBetween(text []byte, toks []shingle.Token, i, j int) bool {
	gap := text[toks[i].End:toks[j].Start]
	return len(bytes.TrimSpace(gap)) > 0
}
