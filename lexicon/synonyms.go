package lexicon

import (
	"slices"
	"strings"
)

// Synonyms are groups of words that news prose swaps for one another
// when it rewrites a sentence ("arrest" and "detain", "footage" and
// "video"), one group a line, each word as a dictionary gives it: a
// verb's or noun's inflections and an adjective's comparison are made
// by SynonymGroups. A word is in one group only, and a group holds only
// words that mean the same in most sentences of news: "fire" (a blaze
// or a dismissal) and "building" (a noun, not "build") are left out, and
// so are the words of any prose ("make", "find", "give", "many",
// "people"), which two unrelated sentences share as often as a rewrite
// does.
const Synonyms = `
arrest detain apprehend
seize confiscate
plot plan scheme
bomb bombing blast explosion
attack assault
kill slay die dead death slain died dying
wound injure hurt injury
thank gratitude grateful thanks
phone telephone conversation talk
assist aid
allow enable permit
prevent thwart foil avert
information intelligence intel tip
provide supply
footage video film clip
television tv
broadcast air
officer operative agent police
container box crate
laboratory lab workshop
produce manufacture
quantity amount
weapon gun firearm
search raid
across throughout
confirm verify
happen occur
agency service
locate discover uncover
cell gang
several multiple numerous various
additional extra
area district zone neighbourhood neighborhood
subway metro underground
country nation
begin commence launch began begun
buy purchase acquire bought
raise lift increase rise hike rose risen
fall drop decline decrease fell fallen
cut reduce lower slash
resign quit
sack dismiss oust
law legislation
warn caution
urge ask request
criticise criticize condemn denounce
announce declare unveil
reveal disclose
claim allege
investigate probe examine investigation inquiry
destroy demolish wreck
damage harm
cancel scrap axe
delay postpone
money funds cash
company firm business
employee worker staff
photo picture image photograph
car vehicle
plane aircraft jet airliner
ship vessel boat
doctor physician
agreement deal accord pact
war conflict
fight battle combat fought
soldier troop
rebel insurgent militant
goal aim target objective
attempt seek sought
utilise utilize employ
convey relay transmit
assure promise pledge vow guarantee
receive obtain
cooperation collaboration co-operation
defeat beat beaten
terrorism terror
confess admit
child kid children
apartment flat
`

// SynonymAdjectives are groups of adjectives, as Synonyms, whose
// comparatives, superlatives and adverbs SynonymGroups makes too.
const SynonymAdjectives = `
large big huge
busy crowded
important significant crucial vital
quick fast rapid swift
`

// SynonymGroups returns the groups of Synonyms and SynonymAdjectives,
// each word with its regular forms: -s, -ed, -ing (and -er, -est, -ly for
// adjectives), with a final e dropped, a y made i, or a final consonant
// doubled as spelling may ask. It makes forms that no one writes
// ("lowest" of "low" is written; "armed" of "arm" is not here), which
// match nothing.
func SynonymGroups() [][]string {
	function := map[string]bool{}
	for _, w := range strings.Fields(FunctionWords) {
		function[w] = true
	}
	var bases, made [][]string
	for _, list := range []struct {
		text      string
		adjective bool
	}{{Synonyms, false}, {SynonymAdjectives, true}} {
		for _, line := range strings.Split(list.text, "\n") {
			if words := strings.Fields(line); len(words) > 0 {
				var group []string
				for _, w := range words {
					group = append(group, forms(w, list.adjective)[1:]...)
				}
				bases, made = append(bases, words), append(made, group)
			}
		}
	}
	// A made form that another group makes too ("planed" of "plan" and of
	// "plane"), or that is a function word ("according" of "accord"), or
	// a word of another group, is left out.
	groups := map[string]int{}
	for i, g := range bases {
		for _, w := range g {
			groups[w] = -1 - i
		}
	}
	for i, g := range made {
		for _, w := range g {
			if j, ok := groups[w]; !ok {
				groups[w] = i
			} else if j != i && j != -1-i {
				groups[w] = len(made) // shared: left out
			}
		}
	}
	out := make([][]string, len(bases))
	for i, g := range bases {
		out[i] = append(out[i], g...)
		for _, w := range made[i] {
			if groups[w] == i && !function[w] && !slices.Contains(out[i], w) {
				out[i] = append(out[i], w)
			}
		}
	}
	return out
}

// forms returns w and its regular inflections.
func forms(w string, adjective bool) []string {
	out := []string{w}
	if strings.ContainsAny(w, "-") {
		return out
	}
	suffixes := []string{"s", "ed", "ing"}
	if adjective {
		suffixes = []string{"er", "est", "ly"}
	}
	n := len(w)
	last := w[n-1]
	for _, s := range suffixes {
		switch {
		case last == 'e' && s != "s" && s != "ly":
			out = append(out, w[:n-1]+s) // make: making; large: larger
		case last == 'y' && n > 1 && !isVowel(w[n-2]) && s != "ing":
			if s == "s" {
				out = append(out, w[:n-1]+"ies")
			} else {
				out = append(out, w[:n-1]+"i"+s) // verify: verified; busy: busiest
			}
		case last == 's' || last == 'x' || last == 'h' && s == "s":
			if s == "s" {
				out = append(out, w+"es")
			} else {
				out = append(out, w+s)
			}
		default:
			out = append(out, w+s)
			// plan: planned; big: bigger
			if n >= 3 && !isVowel(last) && isVowel(w[n-2]) && !isVowel(w[n-3]) && s != "s" && s != "ly" && last != 'w' && last != 'y' {
				out = append(out, w+string(last)+s)
			}
		}
	}
	return out
}

// isVowel reports whether c is a, e, i, o or u.
func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
