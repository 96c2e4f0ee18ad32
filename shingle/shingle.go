package shingle

import (
	"encoding/binary"
	"slices"

	"github.com/copydesk/copydesk/internal/xxh64"
)

// Seed is the xxhash64 seed of every shingle hash ("copydesk" in ASCII).
// Changing it, the normalisation or the tokenisation changes every hash:
// bump HashVersion and the golden tests with it.
const Seed uint64 = 0x636f70796465736b

// HashVersion names the shingle hash function: Seed, the tokeniser, the
// normaliser and the key layout below. Persisted hashes and signatures carry
// it, so that stale ones are detected instead of silently mismatching.
const HashVersion = 1

// DefaultK is the default number of words in a shingle. See the package
// documentation for the measurement behind it.
const DefaultK = 6

// Options configures a Shingler. The zero value means the defaults.
type Options struct {
	K int // words per shingle; 0 means DefaultK
}

// Shingle is one word shingle: the hash of the keys of the tokens
// toks[TokStart:TokEnd].
type Shingle struct {
	Hash             uint64
	TokStart, TokEnd int
}

// Shingler hashes word k-shingles. Shingles never cross a sentence boundary:
// a sentence of n ≥ K tokens gives n−K+1 shingles, and a shorter one gives a
// single shingle of all its tokens, so that a headline or a two-word line
// still counts. A shingle's hash is
//
//	xxhash64(seed = Seed, key(t1) + " " + key(t2) + ... + " " + key(tK))
//
// where key is Normalizer.AppendTokenKey: for example
// Hash([]byte("putin thanked trump for")).
//
// The zero value is ready to use, with the default options. A Shingler keeps
// scratch buffers and is not safe for concurrent use; give each goroutine its
// own.
type Shingler struct {
	Options

	norm   Normalizer
	toks   []Token
	sents  []Sentence
	keys   []byte
	ends   []int // ends[j]: end of key j of the sentence in keys
	starts []int // starts[j]: start of key j in keys
}

// NewShingler returns a Shingler with the given options.
func NewShingler(opts Options) *Shingler { return &Shingler{Options: opts} }

func (s *Shingler) k() int {
	if s.K <= 0 {
		return DefaultK
	}
	return s.K
}

// Hash returns the shingle hash of a key, the normalised tokens joined by
// single spaces.
func Hash(key []byte) uint64 {
	return xxh64.Sum64(key, Seed)
}

// AppendShingles appends the shingles of text to dst and returns the extended
// slice; toks and sents must be text's tokens and sentences.
func (s *Shingler) AppendShingles(dst []Shingle, text []byte, toks []Token, sents []Sentence) []Shingle {
	for _, sent := range sents {
		k := s.loadKeys(text, toks, sent)
		for i := 0; k > 0 && i+k <= len(s.starts); i++ {
			first := sent.TokStart + i
			dst = append(dst, Shingle{Hash: s.window(i, k), TokStart: first, TokEnd: first + k})
		}
	}
	return dst
}

// AppendHashes appends the shingle hashes of text to dst and returns the
// extended slice: the hot path, with no allocation once the Shingler's
// buffers have grown. Hashes come in text order and may repeat.
func (s *Shingler) AppendHashes(dst []uint64, text []byte) []uint64 {
	s.toks = AppendTokens(s.toks[:0], text)
	s.sents = AppendSentences(s.sents[:0], text, s.toks)
	for _, sent := range s.sents {
		k := s.loadKeys(text, s.toks, sent)
		for i := 0; k > 0 && i+k <= len(s.starts); i++ {
			dst = append(dst, s.window(i, k))
		}
	}
	return dst
}

// loadKeys writes the keys of the sentence's tokens into s.keys, separated by
// spaces, and returns the shingle width to use for it: K, or the sentence's
// length when that is shorter. A token of at most eight ASCII bytes with
// no full stop or comma, most of them, is keyed in one eight-byte step
// (ShortKey), as appendKeyASCII would; the others by AppendTokenKey.
func (s *Shingler) loadKeys(text []byte, toks []Token, sent Sentence) int {
	ts := toks[sent.TokStart:sent.TokEnd]
	s.starts = slices.Grow(s.starts[:0], len(ts))[:len(ts)]
	s.ends = slices.Grow(s.ends[:0], len(ts))[:len(ts)]
	// Room for the short tokens' keys, no longer than their bytes, a
	// space after each, and an eight-byte step past the last.
	if len(ts) > 0 {
		s.keys = slices.Grow(s.keys[:0], ts[len(ts)-1].End-ts[0].Start+len(ts)+8)
	}
	keys := s.keys[:0]
	for j, t := range ts {
		if key, n, ok := ShortKey(text, t); ok && cap(keys)-len(keys) >= 9 {
			at := len(keys)
			binary.LittleEndian.PutUint64(keys[at:at+8], key)
			keys = keys[:at+n+1]
			keys[at+n] = ' '
			s.starts[j], s.ends[j] = at, at+n
			continue
		}
		s.starts[j] = len(keys)
		keys = s.norm.AppendTokenKey(keys, text[t.Start:t.End], t.Kind)
		s.ends[j] = len(keys)
		keys = append(keys, ' ')
	}
	s.keys = keys
	return min(s.k(), len(ts))
}

// window hashes the keys of tokens i to i+k-1 of the loaded sentence.
func (s *Shingler) window(i, k int) uint64 {
	return xxh64.Sum64(s.keys[s.starts[i]:s.ends[i+k-1]], Seed)
}
