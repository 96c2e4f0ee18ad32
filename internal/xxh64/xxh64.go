// Package xxh64 is XXH64 (Yann Collet's xxHash, 64-bit: the algorithm
// github.com/cespare/xxhash/v2 implements, whose values these are) written
// out for hot paths that hash short inputs: a shingle's key (shingle) and
// an LSH band's values (minhash). Sum64 hashes bytes in one call, without
// a digest's buffering, which cost a shingle hash a third of its time;
// Words hashes uint64 words as their little-endian bytes without laying
// the bytes out, and Short up to eight bytes held in one (a short word's
// key: reuse's analysis). All are held to the digest by their tests, at
// every length around the algorithm's 4-, 8- and 32-byte steps.
package xxh64

import (
	"encoding/binary"
	"math/bits"
)

const (
	prime1 uint64 = 11400714785074694791
	prime2 uint64 = 14029467366897019727
	prime3 uint64 = 1609587929392839161
	prime4 uint64 = 9650029242287828579
	prime5 uint64 = 2870177450012600261
)

func round(acc, in uint64) uint64 { return bits.RotateLeft64(acc+in*prime2, 31) * prime1 }

func merge(acc, v uint64) uint64 { return (acc^round(0, v))*prime1 + prime4 }

// Avalanche is XXH64's final mix: a bijection of 64-bit values in which
// each bit of the input moves about half the bits of the output.
func Avalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime3
	h ^= h >> 32
	return h
}

// Sum64 is XXH64 of b under seed: the same value as
// xxhash.NewWithSeed(seed), Write(b), Sum64().
func Sum64(b []byte, seed uint64) uint64 {
	n := len(b)
	var h uint64
	if n >= 32 {
		v1, v2, v3, v4 := seed+prime1+prime2, seed+prime2, seed, seed-prime1
		for ; len(b) >= 32; b = b[32:] {
			v1 = round(v1, binary.LittleEndian.Uint64(b[0:8]))
			v2 = round(v2, binary.LittleEndian.Uint64(b[8:16]))
			v3 = round(v3, binary.LittleEndian.Uint64(b[16:24]))
			v4 = round(v4, binary.LittleEndian.Uint64(b[24:32]))
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = merge(merge(merge(merge(h, v1), v2), v3), v4)
	} else {
		h = seed + prime5
	}
	h += uint64(n)
	for ; len(b) >= 8; b = b[8:] {
		h ^= round(0, binary.LittleEndian.Uint64(b[:8]))
		h = bits.RotateLeft64(h, 27)*prime1 + prime4
	}
	if len(b) >= 4 {
		h ^= uint64(binary.LittleEndian.Uint32(b[:4])) * prime1
		h = bits.RotateLeft64(h, 23)*prime2 + prime3
		b = b[4:]
	}
	for _, c := range b {
		h ^= uint64(c) * prime5
		h = bits.RotateLeft64(h, 11) * prime1
	}
	return Avalanche(h)
}

// Short is Sum64 of the first n (at most 8) bytes of word, little-endian:
// a word's key hashed from the register it was lower-cased in, with no
// bytes laid out.
func Short(word uint64, n int, seed uint64) uint64 {
	h := seed + prime5 + uint64(n)
	if n == 8 {
		h ^= round(0, word)
		return Avalanche(bits.RotateLeft64(h, 27)*prime1 + prime4)
	}
	if n >= 4 {
		h ^= uint64(uint32(word)) * prime1
		h = bits.RotateLeft64(h, 23)*prime2 + prime3
		word >>= 32
		n -= 4
	}
	for ; n > 0; n-- {
		h ^= (word & 0xFF) * prime5
		h = bits.RotateLeft64(h, 11) * prime1
		word >>= 8
	}
	return Avalanche(h)
}

// Words is XXH64 under seed of the words as little-endian uint64s: the
// same value as Sum64 of their bytes.
func Words(w []uint64, seed uint64) uint64 {
	n := 8 * len(w)
	var h uint64
	if len(w) >= 4 {
		v1, v2, v3, v4 := seed+prime1+prime2, seed+prime2, seed, seed-prime1
		for ; len(w) >= 4; w = w[4:] {
			v1 = round(v1, w[0])
			v2 = round(v2, w[1])
			v3 = round(v3, w[2])
			v4 = round(v4, w[3])
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = merge(merge(merge(merge(h, v1), v2), v3), v4)
	} else {
		h = seed + prime5
	}
	h += uint64(n)
	for _, v := range w {
		h ^= round(0, v)
		h = bits.RotateLeft64(h, 27)*prime1 + prime4
	}
	return Avalanche(h)
}
