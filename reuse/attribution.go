package reuse

import (
	"bytes"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/shingle"
)

// cue is an attribution line or phrase: text[start:end] credits sources
// (news agencies and outlets, or whatever follows "according to").
type cue struct {
	start, end int
	t0, t1     int32 // the tokens of its sentence
	sources    []string
	phrase     string // text[start:end], kept so that the report need not read the text again
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

// agencyFirst indexes agencies by their first word, and agencyKeys holds
// the keys of those words: a token whose key is not among them starts no
// name.
var agencyFirst, agencyKeys = func() (map[string][][]string, keySet) {
	m := map[string][][]string{}
	var keys []uint64
	for _, a := range agencies {
		m[a[0]] = append(m[a[0]], a)
		keys = append(keys, wordKey(a[0]))
	}
	return m, newKeySet(keys)
}()

var reportVerbs = func() keySet {
	var keys []uint64
	for _, w := range strings.Fields("reported reports said says quoted cited contributed told wrote writes") {
		keys = append(keys, wordKey(w))
	}
	return newKeySet(keys)
}()

// The keys of the words the cues are made of.
var (
	keyAccording = wordKey("according")
	keyTo        = wordKey("to")
	keyReporting = wordKey("reporting")
	keyBy        = wordKey("by")
	keyWith      = wordKey("with")
	keyAnd       = wordKey("and")
	keyThe       = wordKey("the")
	keyTold      = wordKey("told")
)

// wordKey returns the key hash of a token holding the word w, as analyse
// computes it: the cues compare keys, so case and quotation marks do not
// matter.
func wordKey(w string) uint64 {
	var n shingle.Normalizer
	return xxhash.Sum64(n.AppendTokenKey(nil, []byte(w), shingle.Word))
}

// findCues finds the attribution phrases of a document, sentence by sentence:
//
//   - "according to X": X is the run of words after it up to punctuation;
//   - "<agency> reported" (said, quoted, cited, told, ...), and "told <agency>";
//   - "reporting by A, B and C" ("With reporting by AP, Reuters, TASS"),
//     "<agency> contributed to this report".
//
// Agencies are those in the agencies list. Attribution to officials ("the
// Kremlin said") is not a cue: it names who spoke, not whose copy was used.
// keys are the tokens' key hashes.
func findCues(text []byte, toks []token, keys []uint64, sents []shingle.Sentence) []cue {
	var out []cue
	// is reports whether token i is the word with key k.
	is := func(i int, k uint64) bool { return keys[i] == k }
	isVerb := func(i int) bool { return reportVerbs.has(keys[i]) }
	for _, s := range sents {
		si0, si1 := int32(s.TokStart), int32(s.TokEnd)
		for i := s.TokStart; i < s.TokEnd; i++ {
			switch {
			case is(i, keyAccording) && i+1 < s.TokEnd && is(i+1, keyTo):
				j := i + 2
				for j < s.TokEnd && j < i+8 && (j == i+2 || !hasPunctBetween(text, toks, j-1, j)) {
					j++
				}
				if j > i+2 {
					src := strings.TrimPrefix(string(text[toks[i+2].start:toks[j-1].end]), "the ")
					out = append(out, cue{int(toks[i].start), int(toks[j-1].end), si0, si1, []string{src}, ""})
					i = j - 1
				}
			case is(i, keyReporting) && i+1 < s.TokEnd && is(i+1, keyBy):
				start := i
				if i > s.TokStart && is(i-1, keyWith) {
					start = i - 1
				}
				var srcs []string
				j := i + 2
				for j < s.TokEnd {
					if n := agencyAt(text, toks, keys, j, s.TokEnd); n > 0 {
						srcs = append(srcs, string(text[toks[j].start:toks[j+n-1].end]))
						j += n
						continue
					}
					if is(j, keyAnd) {
						j++
						continue
					}
					break
				}
				if len(srcs) > 0 {
					out = append(out, cue{int(toks[start].start), int(toks[j-1].end), si0, si1, srcs, ""})
					i = j - 1
				}
			default:
				if !mayBeAgency(text, toks, keys, i) {
					continue
				}
				n := agencyAt(text, toks, keys, i, s.TokEnd)
				if n == 0 {
					continue
				}
				name := string(text[toks[i].start:toks[i+n-1].end])
				start := i
				if i > s.TokStart && is(i-1, keyThe) {
					start = i - 1
				}
				switch {
				case i+n < s.TokEnd && isVerb(i+n):
					out = append(out, cue{int(toks[start].start), int(toks[i+n].end), si0, si1, []string{name}, ""})
				case i > s.TokStart && (is(i-1, keyTold) || is(i-1, keyBy)) ||
					start > s.TokStart && (is(start-1, keyTold) || is(start-1, keyBy)):
					first := start - 1
					if is(i-1, keyTold) || is(i-1, keyBy) {
						first = i - 1
					}
					out = append(out, cue{int(toks[first].start), int(toks[i+n-1].end), si0, si1, []string{name}, ""})
				default:
					continue
				}
				i += n - 1
			}
		}
	}
	return out
}

// mayBeAgency reports whether token i may start an agency name: a word
// with a capital (every name has one, but dpa) whose key starts one. Small
// enough to inline, it spares most tokens the call to agencyAt.
func mayBeAgency(text []byte, toks []token, keys []uint64, i int) bool {
	c := text[toks[i].start]
	return (c >= 'A' && c <= 'Z' || c == 'd') && agencyKeys.has(keys[i])
}

// agencyAt returns the number of tokens of the agency name starting at
// token i, or 0.
func agencyAt(text []byte, toks []token, keys []uint64, i, end int) int {
	if !mayBeAgency(text, toks, keys, i) {
		return 0
	}
	for _, a := range agencyFirst[string(text[toks[i].start:toks[i].end])] {
		if i+len(a) > end {
			continue
		}
		ok := true
		for k, w := range a {
			if string(text[toks[i+k].start:toks[i+k].end]) != w {
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
func hasPunctBetween(text []byte, toks []token, i, j int) bool {
	gap := text[toks[i].end:toks[j].start]
	return len(bytes.TrimSpace(gap)) > 0
}

// quotedShare reports whether most of tokens [t0, t1) of document d are
// inside quotation marks.
func (d *docState) quotedShare(t0, t1 int32) bool {
	return 2*d.quoted.count(t0, t1) > int(t1-t0)
}

// cueFor returns the attribution phrase of a sentence overlapping tokens
// [t0, t1), or "".
func (d *docState) cueFor(t0, t1 int32) string {
	for _, c := range d.cues {
		if c.t0 < t1 && t0 < c.t1 {
			return c.phrase
		}
	}
	return ""
}
