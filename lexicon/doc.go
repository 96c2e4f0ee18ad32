// Package lexicon holds the English language data that copydesk's
// analysis reads: the function words that carry no evidence of copying,
// the names of news agencies that credits name, and groups of synonyms
// of news prose that a rewrite swaps one for another.
//
// It holds words only, as written: the packages that read them fold and
// hash them as they fold and hash a document's tokens, so that a word
// here matches the same word in any case or with curly apostrophes.
// The lists are English; a corpus in another language gets no function
// words (every word is content), no agency credits but those whose names
// it shares, and no synonyms.
package lexicon
