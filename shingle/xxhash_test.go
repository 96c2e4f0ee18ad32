package shingle

import (
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
	for _, seed := range []uint64{0, 1, Seed, ^uint64(0), r.Uint64()} {
		for n := 0; n <= len(buf); n++ {
			if got, want := sum64(buf[:n], seed), digestSum(buf[:n], seed); got != want {
				t.Fatalf("sum64(%d bytes, seed %#x) = %#x, want %#x", n, seed, got, want)
			}
		}
	}
}

func FuzzSum64(f *testing.F) {
	f.Add([]byte("president trump appreciated the call"), Seed)
	f.Fuzz(func(t *testing.T, b []byte, seed uint64) {
		if got, want := sum64(b, seed), digestSum(b, seed); got != want {
			t.Fatalf("sum64(%q, %#x) = %#x, want %#x", b, seed, got, want)
		}
	})
}
