package reuse

import (
	"bytes"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// analysedCorpus is a corpus for ScanAnalysed's tests, in input order,
// with a skip after its third document: the seeds (their page chrome
// found, as the readers find it), generated news, and an outlet with
// furniture lines, one of whose documents is nothing else (skipped once
// its furniture is known, in its place).
func analysedCorpus() (docs []corpus.Doc, skipAfter int) {
	for _, d := range seedDocs() {
		d.Boilerplate = corpus.Chrome(d.Text)
		docs = append(docs, d)
	}
	docs = append(docs, benchmarks.NewGenerator(5).NewsCorpus(600)...)
	docs = append(docs, benchmarks.FurnitureCorpus()...)
	docs = append(docs, corpus.Doc{ID: "dots", Text: []byte("... --- ...")})
	return docs, 3
}

// source delivers docs, with a skip after the first skipAfter.
func skipSource(docs []corpus.Doc, skipAfter int) corpus.Source {
	return func(doc func(corpus.Doc) error, skip func(corpus.Skip) error) error {
		for i, d := range docs {
			if i == skipAfter {
				if err := skip(corpus.Skip{ID: "photo", Path: "photo.jpg", Reason: "binary"}); err != nil {
					return err
				}
			}
			if err := doc(d); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestScanAnalysedAsScan: documents analysed one by one (their outlets'
// furniture added first, as a distributed run adds it), each analysis
// carried through MarshalBinary and UnmarshalBinary, make with
// ScanAnalysed the report Scan makes of the corpus, byte for byte; and
// the skips are listed in input order, the document that is furniture
// alone in its place.
func TestScanAnalysedAsScan(t *testing.T) {
	skipUnderRace(t)
	docs, skipAfter := analysedCorpus()
	for _, tempDir := range []string{"", t.TempDir()} {
		want, err := Scan(skipSource(docs, skipAfter), Options{TempDir: tempDir})
		if err != nil {
			t.Fatal(err)
		}
		var sites corpus.SiteLines
		for _, d := range docs {
			sites.Add(d.Outlet, d.Text)
		}
		furnished := 0
		analysed := func(doc func(corpus.Doc, *Analysis) error, skip func(corpus.Skip) error) error {
			return skipSource(docs, skipAfter)(func(d corpus.Doc) error {
				if b := corpus.Merge(d.Boilerplate, sites.Find(d.Outlet, d.Text)); len(b) > len(d.Boilerplate) {
					d.Boilerplate = b
					furnished++
				}
				enc, err := Analyse(d).MarshalBinary()
				if err != nil {
					return err
				}
				var a Analysis
				if err := a.UnmarshalBinary(enc); err != nil {
					return err
				}
				return doc(d, &a)
			}, skip)
		}
		got, err := ScanAnalysed(analysed, Options{TempDir: tempDir})
		if err != nil {
			t.Fatal(err)
		}
		wb, gb := reportJSON(t, want), reportJSON(t, got)
		want.Close()
		got.Close()
		if !bytes.Equal(gb, wb) {
			t.Errorf("temp dir %q: ScanAnalysed's report (%d bytes) is not Scan's (%d bytes)", tempDir, len(gb), len(wb))
		}
		if furnished < 4 {
			t.Errorf("%d documents given furniture, want the Herald's 4", furnished)
		}
		var skips []string
		for _, s := range want.Skipped {
			skips = append(skips, s.ID)
		}
		if s := strings.Join(skips, " "); s != "photo herald-2 dots" {
			t.Errorf("skipped %q, want photo herald-2 dots, in input order", s)
		}
	}
}

// TestAnalysisMismatch: an analysis given with another document's text,
// shorter than its offsets, is an error naming the document.
func TestAnalysisMismatch(t *testing.T) {
	long := Analyse(corpus.Doc{ID: "long", Text: []byte("A sentence of some length that the other document does not have.")})
	_, err := ScanAnalysed(func(doc func(corpus.Doc, *Analysis) error, _ func(corpus.Skip) error) error {
		return doc(corpus.Doc{ID: "short", Text: []byte("Short.")}, long)
	}, Options{})
	if err == nil || !strings.Contains(err.Error(), "short") {
		t.Errorf("err %v, want one naming the document", err)
	}
}

// FuzzAnalysis: decoding any bytes fails or succeeds without a panic, and
// what decodes encodes back to the same bytes.
func FuzzAnalysis(f *testing.F) {
	docs, _ := analysedCorpus()
	for _, d := range docs[:8] {
		b, _ := Analyse(d).MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{1, 200, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		var a Analysis
		if a.UnmarshalBinary(b) != nil {
			return
		}
		again, err := a.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Errorf("decoded %d bytes, encoded back %d (%v)", len(b), len(again), err)
		}
	})
}

// TestPairWindows: the document pairs made a few keys at a time, each
// document's refs let go after its last pair, are those made in one go:
// the report is the same bytes.
func TestPairWindows(t *testing.T) {
	n := 1500
	if testing.Short() { // as under -race in .ci/run: the full size runs without -short
		n = 700
	}
	docs := benchmarks.NewGenerator(9).NewsCorpus(n)
	var want []byte
	for _, window := range []int{1 << 30, 7, 1} {
		rep, err := Scan(corpus.Docs(docs), Options{pairWindow: window})
		if err != nil {
			t.Fatal(err)
		}
		b := reportJSON(t, rep)
		if window == 1<<30 {
			want = b
			if len(rep.Pairs) < 1000 {
				t.Fatalf("%d pairs: too few for windows to matter", len(rep.Pairs))
			}
			continue
		}
		if !bytes.Equal(b, want) {
			t.Errorf("pairs made %d keys at a time: the report differs", window)
		}
	}
}

// reportJSON is the report written as JSON.
func reportJSON(t testing.TB, rep *report.Scan) []byte {
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
