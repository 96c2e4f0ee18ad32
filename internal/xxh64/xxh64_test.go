package xxh64

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/cespare/xxhash/v2"
)

func digestSum(b []byte, seed uint64) uint64 {
	d := xxhash.NewWithSeed(seed)
	d.Write(b)
	return d.Sum64()
}

// TestSum64: the one-call hash is the digest's, at every length around
// the algorithm's 4-, 8- and 32-byte steps and under several seeds.
func TestSum64(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 300)
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	for _, seed := range []uint64{0, 1, 0x636f70796465736b, ^uint64(0), r.Uint64()} {
		for n := 0; n <= len(buf); n++ {
			if got, want := Sum64(buf[:n], seed), digestSum(buf[:n], seed); got != want {
				t.Fatalf("Sum64(%d bytes, seed %#x) = %#x, want %#x", n, seed, got, want)
			}
		}
	}
}

func FuzzSum64(f *testing.F) {
	f.Add([]byte("president trump appreciated the call"), uint64(0x636f70796465736b)) // shingle.Seed
	f.Fuzz(func(t *testing.T, b []byte, seed uint64) {
		if got, want := Sum64(b, seed), digestSum(b, seed); got != want {
			t.Fatalf("Sum64(%q, %#x) = %#x, want %#x", b, seed, got, want)
		}
	})
}

// TestWords: Words is Sum64 of the words' little-endian bytes, from no
// word to past two 32-byte stripes, under several seeds.
func TestWords(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, seed := range []uint64{0, 1, ^uint64(0), r.Uint64()} {
		for n := 0; n <= 11; n++ {
			w := make([]uint64, n)
			var b []byte
			for i := range w {
				w[i] = r.Uint64() >> (8 * (i % 8)) // some words with zero high bytes
				b = binary.LittleEndian.AppendUint64(b, w[i])
			}
			if got, want := Words(w, seed), digestSum(b, seed); got != want {
				t.Fatalf("Words(%d words, seed %#x) = %#x, want %#x", n, seed, got, want)
			}
		}
	}
}

// TestShort: Short is Sum64 of the word's first n bytes, for every n up
// to eight, under several seeds.
func TestShort(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, seed := range []uint64{0, 1, 0x636f70796465736b, ^uint64(0), r.Uint64()} {
		for range 200 {
			w := r.Uint64()
			b := binary.LittleEndian.AppendUint64(nil, w)
			for n := 0; n <= 8; n++ {
				if got, want := Short(w, n, seed), digestSum(b[:n], seed); got != want {
					t.Fatalf("Short(%#x, %d, seed %#x) = %#x, want %#x", w, n, seed, got, want)
				}
			}
		}
	}
}
