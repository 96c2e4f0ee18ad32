package reuse

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
)

// chained meets each document pair's alignment with its comparison alone
// and keeps its evidence (ChainPair), carried through the encoding as
// between workers; the empty ones are left out, the rest returned in
// reverse order (ScanChained orders them). It returns the number of
// pairs that met both.
func chained(t testing.TB, pairs, alone []*PairAlignment) ([]*PairAlignment, int) {
	byPair := map[uint64]*[2]*PairAlignment{}
	at := func(p *PairAlignment) *[2]*PairAlignment {
		k := uint64(p.A)<<32 | uint64(p.B)
		if byPair[k] == nil {
			byPair[k] = &[2]*PairAlignment{}
		}
		return byPair[k]
	}
	for _, p := range pairs {
		at(p)[0] = p
	}
	both := 0
	for _, p := range alone {
		if at(p)[0] != nil {
			both++
		}
		at(p)[1] = p
	}
	var out []*PairAlignment
	for _, k := range slices.Sorted(maps.Keys(byPair)) {
		c, err := ChainPair(byPair[k][0], byPair[k][1], Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !c.Empty() {
			out = append(out, carried(t, c))
		}
	}
	slices.Reverse(out)
	return out, both
}

// pairStages is the pair corpus (pairCorpus) carried through the stages
// by document pair: its shards (4), its pairs aligned and compared alone.
// Made once for the tests that read it; none changes it.
type pairStages struct {
	r            *shardedRun
	wb           []byte // Scan's report
	shards       []Shard
	pairs, alone []*PairAlignment
}

var pairStagesOnce struct {
	sync.Once
	s *pairStages
}

// stagesOf returns the pair corpus's stages, made by the first test
// that asks.
func stagesOf(t *testing.T) *pairStages {
	pairStagesOnce.Do(func() {
		r, _, wb := pairCorpus(t)
		shards := r.shards(t, 4)
		pairs := r.aligned(t, shards)
		alone, _ := r.alone(t, pairs)
		pairStagesOnce.s = &pairStages{r: r, wb: wb, shards: shards, pairs: pairs, alone: alone}
	})
	if pairStagesOnce.s == nil {
		t.Fatal("the pair corpus's stages failed in an earlier test")
	}
	return pairStagesOnce.s
}

// TestScanChainedAsScan: the pairs' alignments and comparisons alone,
// chained pair by pair (ChainPair) and joined by ScanChained, make the
// report Scan makes of the corpus, byte for byte.
func TestScanChainedAsScan(t *testing.T) {
	skipUnderRace(t)
	ps := stagesOf(t)
	r, wb, shards, pairs, alone := ps.r, ps.wb, ps.shards, ps.pairs, ps.alone
	ch, both := chained(t, pairs, alone)
	in, kept, backward := 0, 0, 0
	for _, p := range pairs {
		in += len(p.links)
	}
	for _, p := range ch {
		kept += len(p.links)
		for _, l := range p.links {
			if l.da == p.B {
				backward++
			}
		}
	}
	t.Logf("%d pairs aligned, %d compared alone (%d of them aligned too), %d chained; %d links in, %d kept, %d of them from B",
		len(pairs), len(alone), both, len(ch), in, kept, backward)
	if both == 0 || kept == 0 || kept == in {
		t.Errorf("the corpus tests ChainPair too little")
	}
	got, err := ScanChained(r.source, shards, ch, Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	gb := reportJSON(t, got)
	got.Close()
	if !bytes.Equal(gb, wb) {
		t.Errorf("ScanChained's report (%d bytes) is not Scan's (%d bytes)", len(gb), len(wb))
	}
	// Chained without their comparisons alone, a different report: the
	// test can fail.
	ch, _ = chained(t, pairs, nil)
	got, err = ScanChained(r.source, shards, ch, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if gb := reportJSON(t, got); bytes.Equal(gb, wb) {
		t.Error("chained without the comparisons alone, the same report")
	}
	got.Close()
}

// TestChainedDamaged: pairs of the wrong kind are errors.
func TestChainedDamaged(t *testing.T) {
	r := newShardedRun(t, seedDocs(), -1)
	shards := r.shards(t, 0)
	pairs := r.aligned(t, shards)
	ch, _ := chained(t, pairs, nil)
	if len(ch) == 0 {
		t.Fatal("nothing chained")
	}
	if _, err := ScanChained(r.source, shards, pairs, Options{}); err == nil || !strings.Contains(err.Error(), "aligned, want chained") {
		t.Errorf("ScanChained of pairs not chained: error %v", err)
	}
	p := ch[0]
	a, b := pairs[0], pairs[1]
	for _, tc := range []struct {
		name           string
		aligned, alone *PairAlignment
		want           string
	}{
		{"none", nil, nil, "no pair alignment"},
		{"aligned as alone", nil, a, "aligned, want compared alone"},
		{"chained as aligned", p, nil, "chained, want aligned"},
		{"two pairs", a, &PairAlignment{A: b.A, B: b.B, firstA: b.firstA, firstB: b.firstB, alone: true}, "chained with"},
	} {
		if _, err := ChainPair(tc.aligned, tc.alone, Options{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ChainPair, %s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}
