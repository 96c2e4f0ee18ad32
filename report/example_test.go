package report_test

import (
	"os"

	"github.com/copydesk/copydesk/report"
)

// A report of two documents, one with a span copied from the other an
// hour after it, as the terminal shows it.
func ExampleScan_WriteText() {
	r := &report.Scan{
		Params: report.ScanParams{Shingle: 6, MinWords: 8, MinContent: 4},
		Documents: []report.ScanDocument{
			{ID: "wire", Text: "Putin thanked Trump for the tip. He called on Sunday.", Words: 10, OriginalFraction: 1,
				Spans: []report.Span{{Start: 0, End: 31, Pieces: []report.Piece{{Passage: 1, Start: 0, End: 31}}}}},
			{ID: "paper", Text: "Putin thanked Trump for the tip, the Kremlin said.", Words: 9, OriginalFraction: 0.33,
				Spans: []report.Span{{Start: 0, End: 31, Attribution: "the Kremlin said", Pieces: []report.Piece{{Passage: 1, Start: 0, End: 31}},
					Source: &report.Source{Doc: "wire", Start: 0, End: 31, Similarity: 1, Earlier: true, LeadSeconds: 3600}}}},
		},
		Passages: []report.Passage{{ID: 1, Text: "Putin thanked Trump for the tip", Origin: "wire", Order: report.OrderOrigin,
			Reach: report.Reach{Documents: 2, Outlets: 2}, Words: 6,
			Members: []report.Member{{Doc: "wire", End: 31, Similarity: 1, Representative: true}, {Doc: "paper", End: 31, Similarity: 1}}}},
		Pairs: []report.ScanPair{{A: "paper", B: "wire", Jaccard: 0.25, ContainmentAInB: 0.5, ContainmentBInA: 0.33,
			SharedA: 0.67, SharedB: 0.6, Pieces: 1,
			Passages: []report.PairPassage{{AEnd: 31, BEnd: 31, Words: 6, Similarity: 1, Kind: report.KindCopy}}}},
	}
	if err := r.WriteText(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// copydesk scan: 2 documents in, 2 analysed, 0 skipped
	// a shared stretch has at least 8 words in common, 4 of them content words; its sentences are the passages, those that every copy carries word for word, one after another, one passage
	//
	// Documents
	//
	// wire  100% original, 1 shared span
	//   prose  “Putin thanked Trump for the tip”
	//          published here first (origin of passage 1)
	//
	// paper   33% original, 1 shared span
	//   prose  “Putin thanked Trump for the tip”
	//          copied from wire (1 h earlier), similarity 1.00; credited: “the Kremlin said”
	//
	// Passages, by reach
	//   1. 2 documents, 6 words, prose, first published by wire: “Putin thanked Trump for the tip”
	//      paper, wire
	//
	// Pairs that share most (1 of 1)
	//   document a  document b  passages shared  of a shared  of b shared  of a rewritten  of b rewritten  overlap (Jaccard)
	//   paper       wire        1                67%          60%          0%              0%              0.25
}
