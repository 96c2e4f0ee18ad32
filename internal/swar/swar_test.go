package swar

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// words returns words to test: random ones, and ones of few byte values
// side by side (each of a test's edges next to each other), so that every
// borrow between bytes is tried.
func words() []uint64 {
	r := rand.New(rand.NewPCG(1, 2))
	var out []uint64
	for range 20000 {
		out = append(out, r.Uint64())
	}
	edges := []byte{0, 1, 0x1f, 0x20, 0x21, '"', '\\', ',', '.', '0', '9', 'A', 'Z', 'a', 'z', '@', '[', '`', '{', 0x7f, 0x80, 0x81, 0xbf, 0xc0, 0xfe, 0xff}
	for range 200000 {
		var x uint64
		for k := range 8 {
			x |= uint64(edges[r.IntN(len(edges))]) << (8 * k)
		}
		out = append(out, x)
	}
	return out
}

// checkLowest holds a test's mask to a byte-by-byte oracle as the
// package doc says it holds: the lowest mark right, no mark where no byte
// passes, each mark on a byte's high bit only, and, if exact, every mark.
func checkLowest(t *testing.T, name string, x, mask uint64, pass func(c byte) bool, exact bool) {
	t.Helper()
	if mask&^Highs != 0 {
		t.Fatalf("%s(%#016x) = %#016x: a bit other than a byte's high one", name, x, mask)
	}
	first := 8
	for k := 7; k >= 0; k-- {
		c := byte(x >> (8 * k))
		marked := mask>>(8*k+7)&1 == 1
		if pass(c) {
			first = k
		}
		if exact && marked != pass(c) {
			t.Fatalf("%s(%#016x) = %#016x: byte %d (%#02x) marked %v", name, x, mask, k, c, marked)
		}
	}
	if got := First(mask); got != first {
		t.Fatalf("%s(%#016x) = %#016x: first mark at %d, want %d", name, x, mask, got, first)
	}
}

func TestTests(t *testing.T) {
	for _, x := range words() {
		checkLowest(t, "NonASCII", x, NonASCII(x), func(c byte) bool { return c >= 0x80 }, true)
		checkLowest(t, "Continuation", x, Continuation(x), func(c byte) bool { return c&0xC0 == 0x80 }, true)
		checkLowest(t, "Zero", x, Zero(x), func(c byte) bool { return c == 0 }, false)
		for _, c := range []byte{'"', '\\', '.', 0xff} {
			checkLowest(t, "Eq", x, Eq(x, c), func(b byte) bool { return b == c }, false)
		}
		for _, n := range []byte{1, 0x20, 0x80} {
			checkLowest(t, "Less", x, Less(x, n), func(b byte) bool { return b < n }, false)
		}
		for _, r := range [][2]byte{{'0', '9'}, {'A', 'Z'}, {'a', 'z'}, {0, 0x7f}, {'x', 'x'}} {
			checkLowest(t, "Between", x, Between(x, r[0], r[1]), func(b byte) bool { return r[0] <= b && b <= r[1] }, true)
		}
	}
}

func TestLoad(t *testing.T) {
	b := []byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09")
	if got, want := Load(b, 1), uint64(0x0908070605040302); got != want {
		t.Errorf("Load = %#x, want %#x", got, want)
	}
	if got, want := LoadString(string(b), 1), Load(b, 1); got != want {
		t.Errorf("LoadString = %#x, want %#x", got, want)
	}
}

// The first quotation mark of a text, eight bytes at a time.
func ExampleFirst() {
	text := []byte(`He said "yes" to it.`)
	for i := 0; i+8 <= len(text); i += 8 {
		if m := Eq(Load(text, i), '"'); m != 0 {
			fmt.Println(i + First(m))
			break
		}
	}
	// Output: 8
}
