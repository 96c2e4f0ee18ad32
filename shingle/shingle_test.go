package shingle

import (
	"bytes"
	"fmt"
	"math/bits"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
)

func TestShingleCounts(t *testing.T) {
	tests := []struct {
		text string
		k    int
		want int
	}{
		{"", 4, 0},
		{"...", 4, 0},
		{"Breaking News", 4, 1},           // shorter than k: one shingle
		{"one two three four", 4, 1},      // exactly k
		{"one two three four five", 4, 2}, // n-k+1
		{"One two. Three four five six seven.", 4, 3},
		{"one two three", 1, 3},
		{"Headline\nBody has five words here.", 4, 3},
	}
	for _, tt := range tests {
		s := Shingler{Options: Options{K: tt.k}}
		if got := len(s.AppendHashes(nil, []byte(tt.text))); got != tt.want {
			t.Errorf("K=%d AppendHashes(%q) = %d shingles, want %d", tt.k, tt.text, got, tt.want)
		}
	}
}

func TestShingleVariantsAgree(t *testing.T) {
	pairs := [][2]string{
		{"Russia’s top domestic security agency", "Russia's top domestic security agency"},
		{"the U.S. President Donald Trump", "the US president Donald TRUMP"},
		{"“Both leaders agreed that this serves”", `"Both leaders agreed that this serves"`},
		{"some 2,900 Russian citizens", "some 2900 Russian citizens"},
		{"U.S.-Russia relations are fraught", "U.S-Russia relations are fraught"},
	}
	var s Shingler
	for _, p := range pairs {
		a := fmt.Sprint(s.AppendHashes(nil, []byte(p[0])))
		b := fmt.Sprint(s.AppendHashes(nil, []byte(p[1])))
		if a != b {
			t.Errorf("%q and %q shingle differently: %s vs %s", p[0], p[1], a, b)
		}
	}
	a := fmt.Sprint(s.AppendHashes(nil, []byte("the quick brown fox jumps")))
	b := fmt.Sprint(s.AppendHashes(nil, []byte("the quick brown cat jumps")))
	if a == b {
		t.Errorf("different words gave the same shingles")
	}
}

func TestShingleTokenRanges(t *testing.T) {
	text := []byte("Putin thanked Trump for the tip. It helped.")
	toks := AppendTokens(nil, text)
	sents := AppendSentences(nil, text, toks)
	s := Shingler{Options: Options{K: 4}}
	got := s.AppendShingles(nil, text, toks, sents)
	want := [][2]int{{0, 4}, {1, 5}, {2, 6}, {6, 8}}
	if len(got) != len(want) {
		t.Fatalf("got %d shingles, want %d", len(got), len(want))
	}
	for i, sh := range got {
		if sh.TokStart != want[i][0] || sh.TokEnd != want[i][1] {
			t.Errorf("shingle %d covers tokens [%d,%d), want %v", i, sh.TokStart, sh.TokEnd, want[i])
		}
	}
	// The first shingle's hash is the documented function of its keys.
	if h := HashKeys(bytes.Fields([]byte("putin thanked trump for"))); got[0].Hash != h {
		t.Errorf("shingle hash %x, want HashKeys %x", got[0].Hash, h)
	}
}

// TestHashGolden pins the shingle hash function. If it fails, the hashes of
// every corpus changed: bump HashVersion and update the values.
func TestHashGolden(t *testing.T) {
	if HashVersion != 2 {
		t.Fatalf("HashVersion %d: update the golden values below", HashVersion)
	}
	s := Shingler{Options: Options{K: 4}}
	got := s.AppendHashes(nil, []byte("Russian President Vladimir Putin called U.S. President Donald Trump."))
	want := []uint64{0x18c4a01f14dbf85f, 0xc0aa00c7af2ea8cd, 0xac3cf70aa7349592, 0x7c3d1e8f37f5fab5, 0x6508dbe5249613a7, 0x721b8afdf57ae034}
	if fmt.Sprintf("%x", got) != fmt.Sprintf("%x", want) {
		t.Errorf("hashes %x\nwant   %x", got, want)
	}
	// Independently of the Shingler: the documented function, spelled out
	// (the keys as AppendTokenKey makes them; "president" is longer than
	// eight bytes, the others not).
	keys := strings.Fields("russian president vladimir putin called us president donald trump")
	wordHash := func(k string) uint64 {
		if len(k) > 8 {
			d := xxhash.NewWithSeed(0x636f70796465736b)
			d.WriteString(k)
			return d.Sum64()
		}
		var w uint64
		for i := len(k) - 1; i >= 0; i-- {
			w = w<<8 | uint64(k[i])
		}
		return avalanche(w ^ 0x636f70796465736b)
	}
	for i := range want {
		var m, h uint64 = 0x9E3779B97F4A7C15, 4
		h *= m
		for _, k := range keys[i : i+4] {
			h = (bits.RotateLeft64(h, 27) ^ wordHash(k)) * m
		}
		if h = avalanche(h); h != want[i] {
			t.Errorf("shingle %d: the documented hash is %x, want %x", i, h, want[i])
		}
	}
}

// avalanche is xxhash64's final mix, spelled out.
func avalanche(h uint64) uint64 {
	h = (h ^ h>>33) * 0xC2B2AE3D27D4EB4F
	h = (h ^ h>>29) * 0x165667B19E3779F9
	return h ^ h>>32
}

func ExampleShingler_AppendShingles() {
	sh := Shingler{Options: Options{K: 3}}
	text := []byte("Putin thanked Trump. Breaking News")
	toks := AppendTokens(nil, text)
	sents := AppendSentences(nil, text, toks)
	for _, x := range sh.AppendShingles(nil, text, toks, sents) {
		first, last := toks[x.TokStart], toks[x.TokEnd-1]
		fmt.Printf("%q\n", text[first.Start:last.End])
	}
	// Output:
	// "Putin thanked Trump"
	// "Breaking News"
}
