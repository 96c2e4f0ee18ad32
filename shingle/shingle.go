package shingle

import (
	"encoding/binary"
	"math/bits"
	"slices"

	"github.com/copydesk/copydesk/internal/xxh64"
)

// Seed is the seed of every word's hash ("copydesk" in ASCII).
// Changing it, the normalisation, the tokenisation or Combine changes every
// hash: bump HashVersion and the golden tests with it.
const Seed uint64 = 0x636f70796465736b

// HashVersion names the shingle hash function: Seed, the tokeniser, the
// normaliser, the word hash and Combine. Persisted hashes and signatures
// carry it, so that stale ones are detected instead of silently
// mismatching.
//
// Version log:
//
//	1: xxhash64 under Seed of the shingle's keys joined by spaces.
//	2: each word's key is hashed once (WordHash: a key of at most eight
//	   bytes by xxhash64's avalanche, a longer one by xxhash64 under
//	   Seed) and a shingle's hash combines its words' (Combine): a word
//	   is hashed once, not once for each of the K shingles it is in.
const HashVersion = 2

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
//	Combine(WordHash(key(t1)), WordHash(key(t2)), ..., WordHash(key(tK)))
//
// where key is Normalizer.AppendTokenKey: for example HashKeys of "putin",
// "thanked", "trump" and "for".
//
// The zero value is ready to use, with the default options. A Shingler keeps
// scratch buffers and is not safe for concurrent use; give each goroutine its
// own.
type Shingler struct {
	Options

	norm  Normalizer
	toks  []Token
	sents []Sentence
	key   []byte   // a long or non-ASCII token's key
	words []uint64 // each token's WordHash
}

// NewShingler returns a Shingler with the given options.
func NewShingler(opts Options) *Shingler { return &Shingler{Options: opts} }

func (s *Shingler) k() int {
	if s.K <= 0 {
		return DefaultK
	}
	return s.K
}

// WordHash is the hash of one token's key (Normalizer.AppendTokenKey). A
// key of at most eight bytes, most of them, is read as a little-endian
// word, zeros past its end (a key holds no zero byte, so no two keys read
// alike), and mixed by xxhash64's avalanche after an exclusive or with
// Seed, a bijection: no two such keys share a hash. A longer key's hash
// is xxhash64 under Seed.
func WordHash(key []byte) uint64 {
	if len(key) > 8 {
		return xxh64.Sum64(key, Seed)
	}
	var w [8]byte
	copy(w[:], key)
	return shortHash(binary.LittleEndian.Uint64(w[:]))
}

// shortHash is WordHash of a key of at most eight bytes read as a
// little-endian word w, zeros past its end.
func shortHash(w uint64) uint64 { return xxh64.Avalanche(w ^ Seed) }

// HashKeys returns the hash of the shingle of the tokens whose keys are
// keys, in order: Combine of their WordHash.
func HashKeys(keys [][]byte) uint64 {
	words := make([]uint64, len(keys))
	for i, k := range keys {
		words[i] = WordHash(k)
	}
	return Combine(words)
}

// Combine is a shingle's hash of its words' hashes (or of any run of
// 32-bit word ids, as package reuse's stems): from the run's length, each
// word in turn is mixed in by a rotation, an exclusive or and a
// multiplication by the golden ratio's odd 64-bit constant, so that order
// counts, and the result is finished with xxhash64's avalanche. It is a
// function of the words' hashes alone: each word is hashed once however
// many shingles it is in. Package reuse's fingerprints are made by it
// too: a change here changes reuse.FingerprintVersion's hashes as well.
func Combine[T uint32 | uint64](words []T) uint64 {
	const m = 0x9E3779B97F4A7C15
	h := uint64(len(words)) * m
	for _, w := range words {
		h = (bits.RotateLeft64(h, 27) ^ uint64(w)) * m
	}
	return xxh64.Avalanche(h)
}

// AppendShingles appends the shingles of text to dst and returns the extended
// slice; toks and sents must be text's tokens and sentences.
func (s *Shingler) AppendShingles(dst []Shingle, text []byte, toks []Token, sents []Sentence) []Shingle {
	words := s.wordHashes(text, toks)
	for _, sent := range sents {
		k := min(s.k(), sent.TokEnd-sent.TokStart)
		for i := sent.TokStart; k > 0 && i+k <= sent.TokEnd; i++ {
			dst = append(dst, Shingle{Hash: Combine(words[i : i+k]), TokStart: i, TokEnd: i + k})
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
	words := s.wordHashes(text, s.toks)
	for _, sent := range s.sents {
		k := min(s.k(), sent.TokEnd-sent.TokStart)
		for i := sent.TokStart; k > 0 && i+k <= sent.TokEnd; i++ {
			dst = append(dst, Combine(words[i:i+k]))
		}
	}
	return dst
}

// wordHashes returns the WordHash of each token of text, in the
// Shingler's buffer. A token of at most eight ASCII bytes with no full
// stop or comma, most of them, is keyed in one eight-byte step
// (ShortKey) and hashed from the register it was lower-cased in; the
// others are keyed by AppendTokenKey. A key so made of at most eight bytes
// is hashed as a short one all the same (WordHash).
func (s *Shingler) wordHashes(text []byte, toks []Token) []uint64 {
	s.words = slices.Grow(s.words[:0], len(toks))[:len(toks)]
	for j, t := range toks {
		if key, n, ok := ShortKey(text, t); ok {
			s.words[j] = shortHash(key & (uint64(1)<<(8*n) - 1))
			continue
		}
		s.key = s.norm.AppendTokenKey(s.key[:0], text[t.Start:t.End], t.Kind)
		s.words[j] = WordHash(s.key)
	}
	return s.words
}
