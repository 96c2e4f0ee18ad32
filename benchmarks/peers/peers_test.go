package peers

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cespare/xxhash/v2"
	minwise "github.com/dgryski/go-minhash"
	minhashlsh "github.com/ekzhu/minhash-lsh"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/dupes"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

// The job every contender does: word 5-shingles, 128 signature values,
// pairs at Jaccard 0.5 or more.
const (
	width     = 5
	perm      = 128
	threshold = 0.5
)

// TestTruth checks the prefix-filter oracle against every pair of a small
// corpus computed the slow way.
func TestTruth(t *testing.T) {
	docs := benchmarks.NewGenerator(5).PeersCorpus(400)
	sets := shingleSets(docs)
	var want []Pair
	for i := range sets {
		for j := i + 1; j < len(sets); j++ {
			if jac := jaccard(sets[i], sets[j]); jac >= threshold {
				want = append(want, Pair{uint32(i), uint32(j), jac})
			}
		}
	}
	got := Truth(sets, threshold)
	if len(want) < 20 || !slices.Equal(got, want) {
		t.Errorf("prefix filter found %d pairs, all pairs %d", len(got), len(want))
	}
}

func shingleSets(docs []corpus.Doc) [][]uint64 {
	sh := shingle.Shingler{Options: shingle.Options{K: width}}
	sets := make([][]uint64, len(docs))
	for i, d := range docs {
		sets[i] = minhash.SortUnique(sh.AppendHashes(nil, d.Text))
	}
	return sets
}

// contender is one way of doing the job. run, which is timed, does it and
// returns what lists the pairs it reports (A < B, scored by their
// estimated or exact Jaccard), which is not timed: a report's clusters
// spelled out as pairs are the benchmark's scoring, not the job.
type contender struct {
	name string
	run  func(docs []corpus.Doc) (list func() [][2]uint32)
	// cores is what GOMAXPROCS is while it runs: 1 unless its name says
	// otherwise, so that a contender on one core gets no help from the
	// other core either (the collector's background work), as a process
	// limited to one core would not.
	cores int
}

// listed is a contender whose job ends with its list of pairs.
func listed(job func(docs []corpus.Doc) [][2]uint32) func([]corpus.Doc) func() [][2]uint32 {
	return func(docs []corpus.Doc) func() [][2]uint32 {
		pairs := job(docs)
		return func() [][2]uint32 { return pairs }
	}
}

// BenchmarkPeers runs every contender on one generated corpus of 20,000
// articles of about 3 KB (a fifth of them reprints with one word in 5 to
// 60 replaced: Jaccard from about 0.2 to 0.85), in turns (A B C … A B C …,
// two rounds, the fastest of each contender's times kept; the contenders
// the targets compare take six more turns: targeted), on one core unless
// its name says otherwise (GOMAXPROCS set to match while it runs). For
// each it reports documents a second
// and, against the exact pairs at the threshold (Truth), recall and
// precision; and copydesk's whole dupes over each peer's time and over the
// floor's. The floor tokenises and hashes every shingle once and does
// nothing else. Two contenders start from a JSON Lines file of the corpus,
// as the commands do: copydesk dupes with its reader and its JSON report,
// and ekzhu's signing and indexing after encoding/json reads each line;
// the first target compares the two as whole processes
// (dupes-file-vs-ekzhu-sign-index-file-x), with the in-memory ratio beside
// it. A contender's time is its job, up to its report or its
// list of pairs; turning copydesk's report into pairs to score it is not
// timed.
func BenchmarkPeers(b *testing.B) {
	const n = 20000
	docs := benchmarks.NewGenerator(7).PeersCorpus(n)
	bytes := 0
	for _, d := range docs {
		bytes += len(d.Text)
	}
	truth := Truth(shingleSets(docs), threshold)
	file := writeJSONLines(b, docs)
	contenders := []contender{
		{name: "floor", run: listed(floor)},
		{name: "copydesk-dupes", run: copydeskDupes(1)},
		{name: "copydesk-dupes-2cores", run: copydeskDupes(2), cores: 2},
		{name: "copydesk-sign-index", run: listed(copydeskSignIndex)},
		{name: "ekzhu-minhash-lsh", run: listed(ekzhu)},
		{name: "ekzhu-sign-index", run: listed(func(docs []corpus.Doc) [][2]uint32 {
			signIndex(docs, func() signer { return ekzhuSigner{} })
			return nil
		})},
		{name: "dgryski-go-minhash+ekzhu-lsh", run: listed(dgryski)},
		// The same jobs from a JSON Lines file of the corpus, as a
		// command does them but for its process's start.
		{name: "copydesk-dupes-file", run: copydeskDupesFile(file)},
		{name: "ekzhu-sign-index-file", run: listed(func([]corpus.Doc) [][2]uint32 {
			signIndex(readJSONLines(file), func() signer { return ekzhuSigner{} })
			return nil
		})},
	}
	for k := range contenders {
		contenders[k].cores = max(contenders[k].cores, 1)
	}
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		// best: each contender's least time over all its turns; shared:
		// over the first two, which every contender takes.
		best := make([]time.Duration, len(contenders))
		shared := make([]time.Duration, len(contenders))
		found := make([][][2]uint32, len(contenders))
		for round := 0; round < 2+targetRounds; round++ {
			for k, c := range contenders {
				if round >= 2 && !targeted[c.name] {
					continue
				}
				prev := runtime.GOMAXPROCS(c.cores)
				runtime.GC()
				start := time.Now()
				list := c.run(docs)
				d := time.Since(start)
				runtime.GOMAXPROCS(prev)
				if round == 0 || d < best[k] {
					best[k] = d
				}
				if round < 2 {
					shared[k] = best[k]
				}
				found[k] = list()
			}
		}
		if i < b.N-1 {
			continue
		}
		byName, sharedBy := map[string]time.Duration{}, map[string]time.Duration{}
		for k, c := range contenders {
			byName[c.name], sharedBy[c.name] = best[k], shared[k]
			b.ReportMetric(float64(n)/best[k].Seconds(), "docs/s-"+c.name)
			if c.name == "floor" || strings.Contains(c.name, "sign-index") {
				continue
			}
			recall, precision := score(found[k], truth)
			b.ReportMetric(recall, "recall-"+c.name)
			b.ReportMetric(precision, "precision-"+c.name)
		}
		whole := byName["copydesk-dupes"].Seconds()
		b.ReportMetric(byName["ekzhu-sign-index"].Seconds()/whole, "dupes-vs-ekzhu-sign-index-x")
		b.ReportMetric(byName["ekzhu-sign-index-file"].Seconds()/byName["copydesk-dupes-file"].Seconds(), "dupes-file-vs-ekzhu-sign-index-file-x")
		b.ReportMetric(whole/byName["copydesk-dupes-2cores"].Seconds(), "dupes-2cores-speedup")
		// Against the contenders that took two turns, dupes' best of
		// the same two.
		wholeShared := sharedBy["copydesk-dupes"].Seconds()
		b.ReportMetric(byName["ekzhu-minhash-lsh"].Seconds()/wholeShared, "dupes-vs-ekzhu-x")
		b.ReportMetric(wholeShared/byName["floor"].Seconds(), "dupes/floor")
		b.ReportMetric(float64(len(truth)), "true-pairs")
	}
}

// targeted are the contenders whose ratios the issue sets targets for
// (dupes against ekzhu's signing and indexing, in memory and from the
// file, and 2 cores against 1): they
// take targetRounds more turns, in turn, after the two every contender
// takes, so that a target's two times are each the least of eight. On a
// shared machine a single turn may lose a tenth or more to a neighbour,
// and a turn on two cores loses most when a neighbour takes one of them;
// the least of more turns is nearer the job's own time, for both sides
// of a ratio alike.
var targeted = map[string]bool{"copydesk-dupes": true, "copydesk-dupes-2cores": true, "ekzhu-sign-index": true,
	"copydesk-dupes-file": true, "ekzhu-sign-index-file": true}

const targetRounds = 6

// score returns the share of true pairs found and the share of the pairs
// found (each counted once) that are true.
func score(found [][2]uint32, truth []Pair) (recall, precision float64) {
	want := make(map[[2]uint32]bool, len(truth))
	for _, p := range truth {
		want[[2]uint32{p.A, p.B}] = true
	}
	set := make(map[[2]uint32]bool, len(found))
	for _, p := range found {
		set[p] = true
	}
	hits := 0
	for p := range set {
		if want[p] {
			hits++
		}
	}
	if len(truth) > 0 {
		recall = float64(hits) / float64(len(truth))
	}
	precision = 1
	if len(set) > 0 {
		precision = float64(hits) / float64(len(set))
	}
	return recall, precision
}

var sinkHashes []uint64

// floor tokenises and hashes every shingle once.
func floor(docs []corpus.Doc) [][2]uint32 {
	sh := shingle.Shingler{Options: shingle.Options{K: width}}
	for _, d := range docs {
		sinkHashes = sh.AppendHashes(sinkHashes[:0], d.Text)
	}
	return nil
}

// copydeskDupes is the whole of dupes.Find: shingles, signatures, LSH,
// exact verification, clusters and the report; its list spells the
// report out as pairs.
func copydeskDupes(workers int) func([]corpus.Doc) func() [][2]uint32 {
	return func(docs []corpus.Doc) func() [][2]uint32 {
		rep, err := dupes.Find(corpus.Docs(docs), dupes.Options{Threshold: threshold, Shingle: width, Perm: perm, Workers: workers})
		if err != nil {
			panic(err)
		}
		return func() [][2]uint32 { return reportPairs(rep) }
	}
}

// copydeskDupesFile is copydesk dupes as the command runs it on the JSON
// Lines file path: its reader (decoding, repair, page chrome), the job,
// and the JSON report, written to nowhere.
func copydeskDupesFile(path string) func([]corpus.Doc) func() [][2]uint32 {
	return func([]corpus.Doc) func() [][2]uint32 {
		rep, err := dupes.Find(corpus.Open([]string{path}, corpus.Options{}), dupes.Options{Threshold: threshold, Shingle: width, Perm: perm})
		if err == nil {
			err = rep.WriteJSON(io.Discard)
		}
		if err != nil {
			panic(err)
		}
		return func() [][2]uint32 { return reportPairs(rep) }
	}
}

// writeJSONLines writes docs, their IDs and texts, to a JSON Lines file
// in a test directory, and returns its path.
func writeJSONLines(b *testing.B, docs []corpus.Doc) string {
	path := filepath.Join(b.TempDir(), "corpus.jsonl")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, d := range docs {
		if err := enc.Encode(jsonDoc{ID: d.ID, Text: string(d.Text)}); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

type jsonDoc struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// readJSONLines reads the file writeJSONLines wrote as a user of a peer
// would: a line at a time, each decoded by encoding/json.
func readJSONLines(path string) []corpus.Doc {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	var docs []corpus.Doc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var d jsonDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			panic(err)
		}
		docs = append(docs, corpus.Doc{ID: d.ID, Text: []byte(d.Text)})
	}
	if err := sc.Err(); err != nil {
		panic(err)
	}
	return docs
}

// reportPairs lists the pairs a dupes report states: those of documents
// identical to another, every two members of a cluster (which reach its
// floor, at or above the threshold), and its pairs.
func reportPairs(rep *report.Dupes) (out [][2]uint32) {
	group := map[string][]uint32{}
	for _, d := range rep.Documents {
		f := d.ID
		if d.CopyOf != nil && d.CopyOf.Jaccard == 1 {
			f = d.CopyOf.Doc
		}
		group[f] = append(group[f], idOf(d.ID))
	}
	for _, c := range rep.Clusters {
		for i, a := range c.Members {
			for _, b := range c.Members[i+1:] {
				out = append(out, ordered(idOf(a), idOf(b)))
			}
		}
	}
	for _, g := range group {
		for i, a := range g {
			for _, b := range g[i+1:] {
				out = append(out, ordered(a, b))
			}
		}
	}
	for _, p := range rep.Pairs {
		for _, a := range group[p.A] {
			for _, b := range group[p.B] {
				out = append(out, ordered(a, b))
			}
		}
	}
	return out
}

// copydeskSignIndex is copydesk's signatures and LSH index alone, as the
// peers' sign and add: no pairs listed.
func copydeskSignIndex(docs []corpus.Doc) [][2]uint32 {
	sh := shingle.Shingler{Options: shingle.Options{K: width}}
	signer, _ := minhash.NewSigner(minhash.Options{K: perm})
	params, _ := minhash.RecallParams(threshold, perm, dupes.MinRecall)
	ix, _ := minhash.NewIndex(params)
	var sig minhash.Signature
	for i, d := range docs {
		sinkHashes = sh.AppendHashes(sinkHashes[:0], d.Text)
		sig = signer.Sign(sig, sinkHashes)
		ix.Add(uint32(i), sig)
	}
	return nil
}

// ekzhu is github.com/ekzhu/minhash-lsh as its README uses it: a Minhash
// of each document's shingles (pushed as bytes), added to a MinhashLSH
// built for the threshold, indexed, then queried with every signature;
// pairs whose estimated Jaccard (the share of equal signature values)
// reaches the threshold are reported, the library keeping no sets.
func ekzhu(docs []corpus.Doc) [][2]uint32 {
	return signQuery(docs, func() signer {
		return &ekzhuSigner{}
	})
}

// dgryski is github.com/dgryski/go-minhash's MinWise (two xxhash seeds),
// which has no index, with ekzhu's LSH as the index.
func dgryski(docs []corpus.Doc) [][2]uint32 {
	return signQuery(docs, func() signer { return &dgryskiSigner{} })
}

type signer interface {
	sign(hashes []uint64) []uint64
}

type ekzhuSigner struct{}

func (ekzhuSigner) sign(hashes []uint64) []uint64 {
	m := minhashlsh.NewMinhash(1, perm)
	var buf [8]byte
	for _, h := range hashes {
		binary.LittleEndian.PutUint64(buf[:], h)
		m.Push(buf[:])
	}
	return m.Signature()
}

type dgryskiSigner struct{}

func (dgryskiSigner) sign(hashes []uint64) []uint64 {
	m := minwise.NewMinWise(xxhash.Sum64, func(b []byte) uint64 { return xxhash.Sum64(b) ^ 0x9e3779b97f4a7c15 }, perm)
	var buf [8]byte
	for _, h := range hashes {
		binary.LittleEndian.PutUint64(buf[:], h)
		m.Push(buf[:])
	}
	return m.Signature()
}

func signQuery(docs []corpus.Doc, newSigner func() signer) [][2]uint32 {
	lsh, sigs := signIndex(docs, newSigner)
	var out [][2]uint32
	for i, sig := range sigs {
		for _, key := range lsh.Query(sig) {
			j := key.(uint32)
			if j <= uint32(i) {
				continue
			}
			if estimate(sig, sigs[j]) >= threshold {
				out = append(out, [2]uint32{uint32(i), j})
			}
		}
	}
	return out
}

// signIndex signs every document and indexes the signatures in ekzhu's
// MinhashLSH: the job without listing pairs.
func signIndex(docs []corpus.Doc, newSigner func() signer) (*minhashlsh.MinhashLSH, [][]uint64) {
	sh := shingle.Shingler{Options: shingle.Options{K: width}}
	s := newSigner()
	lsh := minhashlsh.NewMinhashLSH64(perm, threshold)
	sigs := make([][]uint64, len(docs))
	for i, d := range docs {
		sinkHashes = sh.AppendHashes(sinkHashes[:0], d.Text)
		sigs[i] = s.sign(sinkHashes)
		lsh.Add(uint32(i), sigs[i])
	}
	lsh.Index()
	return lsh, sigs
}

func estimate(a, b []uint64) float64 {
	eq := 0
	for k := range a {
		if a[k] == b[k] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

func ordered(a, b uint32) [2]uint32 { return [2]uint32{min(a, b), max(a, b)} }

// idOf is the number of a generated document's id, "doc" and a number.
func idOf(id string) uint32 {
	n, err := strconv.ParseUint(strings.TrimPrefix(id, "doc"), 10, 32)
	if err != nil {
		panic(fmt.Sprintf("peers: document id %q is not doc and a number", id))
	}
	return uint32(n)
}
