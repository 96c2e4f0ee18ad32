// Package swar tests the eight bytes of a word at once (SIMD within a
// register), for the scanners that read text a word at a time: the
// tokeniser's runs of letters and its keys (shingle), a JSON string's
// end (corpus), the bytes a JSON string holds as they are (report), a
// run of ASCII (repair).
//
// A test returns a mask with the high bit of each byte that passes it
// set, and no other bit. The comparisons are the bit tricks of Sean
// Eron Anderson's "Bit Twiddling Hacks" ("Determine if a word has a zero
// byte", "... has a byte less than n", "... between m and n"), each a
// subtraction or an addition that carries into a byte's high bit. Their
// limits:
//
//   - Zero, Eq and Less borrow from the byte above one that passes: a
//     byte may be marked wrongly, but only above a byte rightly marked.
//     The lowest mark is right (First), and so is "no mark at all"; any
//     other mark is right only if no lower one is set.
//   - Between reads the low seven bits of each byte and marks no byte
//     of 0x80 or more: a test of ASCII ranges, exact in every byte.
//
// Words are loaded little-endian (Load), so that the first byte of the
// text is the lowest of the word and First's index is its offset.
package swar

import (
	"encoding/binary"
	"math/bits"
)

// Ones has a one in each byte; Highs each byte's high bit; Low7 each
// byte's low seven bits.
const (
	Ones  = 0x0101010101010101
	Highs = 0x8080808080808080
	Low7  = 0x7f7f7f7f7f7f7f7f
)

// Load returns the eight bytes of b at i as a word, the first the lowest.
func Load(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i:]) }

// LoadString is Load of a string.
func LoadString(s string, i int) uint64 {
	_ = s[i+7] // one bounds check
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// First returns the index of the lowest byte that mask marks: 8 if it
// marks none.
func First(mask uint64) int { return bits.TrailingZeros64(mask) / 8 }

// NonASCII marks the bytes of x of 0x80 or more.
func NonASCII(x uint64) uint64 { return x & Highs }

// Zero marks the zero bytes of x (and perhaps bytes above one).
func Zero(x uint64) uint64 { return (x - Ones) &^ x & Highs }

// Eq marks the bytes of x equal to c (and perhaps bytes above one).
func Eq(x uint64, c byte) uint64 { return Zero(x ^ uint64(c)*Ones) }

// Less marks the bytes of x less than n, for n at most 0x80 (and perhaps
// bytes above one).
func Less(x uint64, n byte) uint64 { return (x - uint64(n)*Ones) &^ x & Highs }

// Continuation marks the bytes of x that continue a UTF-8 sequence
// (10xxxxxx).
func Continuation(x uint64) uint64 { return x &^ (x << 1) & Highs }

// Between marks the bytes of x from lo to hi, both ASCII, lo ≤ hi.
func Between(x uint64, lo, hi byte) uint64 {
	l := x & Low7
	return (l + uint64(0x80-lo)*Ones) &^ (l + uint64(0x7f-hi)*Ones) &^ x & Highs
}
