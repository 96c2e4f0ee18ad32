package pipeline

// The passages and pairs of Report, each made in its group, and the
// join of the report.

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
)

// pairKey is the key of the pair of documents a and b: the lesser << 32
// | the greater.
func pairKey(a, b uint32) int { return int(uint64(min(a, b))<<32 | uint64(max(a, b))) }

// pairGroup is the group of the pairs of key k: one of 1<<alignBits.
func pairGroup(k int) int { return int(uint64(k) * 0x9E3779B97F4A7C15 >> (64 - alignBits)) }

// passageFn makes the reports of the passages of a group (groupOf their
// numbers) of their members (reuse.PassageReport) and emits them to the
// join: for each, uv its number, then its report as JSON; with Files
// (Options.FileLines), what its order reads (appendPassageKey) to the
// join and its report, by its group + 1, for its file. With AllPairs,
// it emits every two documents of a passage as a pair: uv its key, by
// its group (pairGroup).
type passageFn struct {
	AllPairs bool
	Files    bool
}

func (fn *passageFn) ProcessElement(ctx context.Context, group int, parts func(*[]byte) bool, emit, emitPairs func(int, []byte)) error {
	byPassage := map[int32][]reuse.MemberPart{}
	if err := eachRecord(parts, "members", func(rec []byte) error {
		r := reader{b: rec}
		m := r.member()
		if r.err != nil || len(r.b) > 0 || groupOf(uint32(m.Passage)) != group {
			return fmt.Errorf("pipeline: a damaged member of a passage, or not of group %d", group)
		}
		byPassage[m.Passage] = append(byPassage[m.Passage], m)
		return nil
	}); err != nil {
		return err
	}
	out, pairs := outbox{}, outbox{}
	for _, c := range slices.Sorted(maps.Keys(byPassage)) {
		ms := byPassage[c]
		p, err := reuse.PassageReport(ms)
		if err != nil {
			return err
		}
		js, err := json.Marshal(&p)
		if err != nil {
			return err
		}
		passageJSONBytes.Inc(ctx, int64(len(js)))
		if fn.Files {
			// Its line to its group, to be sent to its file once the
			// join has numbered it; what its order reads to the join.
			out.add(1+group, append(binary.AppendUvarint(nil, uint64(c)), js...))
			js = appendPassageKey(nil, &p)
			passageKeyBytes.Inc(ctx, int64(len(js)))
		}
		out.add(0, append(binary.AppendUvarint(nil, uint64(c)), js...))
		if fn.AllPairs {
			var docs []uint32
			for _, m := range ms {
				docs = append(docs, m.Doc)
			}
			slices.Sort(docs)
			docs = slices.Compact(docs)
			for i, a := range docs {
				for _, b := range docs[i+1:] {
					k := pairKey(a, b)
					pairs.add(pairGroup(k), binary.AppendUvarint(nil, uint64(k)))
				}
			}
		}
	}
	out.flush(emit)
	pairs.flush(emitPairs)
	return nil
}

// pairFn makes the reports of the pairs of a group (pairGroup) of their
// two documents' sides (reuse.PairReport), each record uv the pair's key
// and a side's encoding (or none: a pair of Options.AllPairs), and emits
// them as JSON to the join (with Options.FileLines, uv the pair's key and
// its two documents' IDs to the join, and uv its key and its JSON by its
// group + 1, for its file). Unless Final, a pair that lacks a side asks
// the block of each document it lacks for it (uv the document, uv the
// other) and sends on the sides it has, as they came; Final, it has
// both.
type pairFn struct {
	Opts  Options
	Final bool
}

func (fn *pairFn) ProcessElement(ctx context.Context, group int, a, b func(*[]byte) bool, emit, ask, pending func(int, []byte)) error {
	type pair struct {
		sides [2]*reuse.PairSide
		encs  [2][]byte
	}
	pairs := map[int]*pair{}
	read := func(rec []byte) error {
		r := reader{b: rec}
		key := int(r.uv())
		if r.err != nil || pairGroup(key) != group {
			return fmt.Errorf("pipeline: a damaged side of a pair, or not of group %d", group)
		}
		p := pairs[key]
		if p == nil {
			p = &pair{}
			pairs[key] = p
		}
		if len(r.b) == 0 {
			return nil // the pair's key alone
		}
		s := &reuse.PairSide{}
		if err := s.UnmarshalBinary(r.b); err != nil {
			return err
		}
		da, db := uint32(uint64(key)>>32), uint32(key)
		doc, other := s.Doc()
		i := 0
		if doc == db {
			i = 1
		}
		if doc != []uint32{da, db}[i] || other != []uint32{db, da}[i] {
			return fmt.Errorf("pipeline: a side of documents %d and %d sent to the pair of %d and %d", doc, other, da, db)
		}
		p.sides[i], p.encs[i] = s, rec
		return nil
	}
	if err := eachRecord(a, "pairs' sides", read); err != nil {
		return err
	}
	if err := eachRecord(b, "pairs' sides", read); err != nil {
		return err
	}
	out, asks, waiting := outbox{}, outbox{}, outbox{}
	for _, key := range slices.Sorted(maps.Keys(pairs)) {
		p := pairs[key]
		da, db := uint32(uint64(key)>>32), uint32(key)
		if p.sides[0] != nil && p.sides[1] != nil {
			rep, err := reuse.PairReport(p.sides[0], p.sides[1], fn.Opts.reuse())
			if err != nil {
				return err
			}
			js, err := json.Marshal(&rep)
			if err != nil {
				return err
			}
			pairJSONBytes.Inc(ctx, int64(len(js)))
			if fn.Opts.files() {
				// Its line to its group, to be sent to its file once the
				// join has ranked it; its documents' IDs to the join.
				out.add(1+group, append(binary.AppendUvarint(nil, uint64(key)), js...))
				w := writer{}
				w.uv(uint64(key))
				w.str(rep.A)
				w.str(rep.B)
				js = w.b
				pairKeyBytes.Inc(ctx, int64(len(js)))
			}
			out.add(0, js)
			continue
		}
		if fn.Final {
			return fmt.Errorf("pipeline: the pair of documents %d and %d lacks a side", da, db)
		}
		for i, d := range []uint32{da, db} {
			if p.sides[i] != nil {
				waiting.add(group, p.encs[i])
				continue
			}
			w := writer{}
			w.u32(d)
			w.u32([]uint32{db, da}[i])
			asks.add(groupOf(d), w.b)
		}
	}
	out.flush(emit)
	asks.flush(ask)
	waiting.flush(pending)
	return nil
}

// answerFn answers a block's asks for its documents' sides of pairs,
// from the sides of all their pairs (documentFn's), by the pair's group:
// uv the pair's key, the side's encoding.
func answerFn(ctx context.Context, block int, all, asks func(*[]byte) bool, emit func(int, []byte)) error {
	var sides map[uint32]*reuse.PairSide
	out := outbox{}
	if err := eachRecord(asks, "asks for sides", func(ask []byte) error {
		if sides == nil {
			sides = map[uint32]*reuse.PairSide{}
			if err := eachRecord(all, "sides", func(rec []byte) error {
				r := reader{b: rec}
				d := r.uint32()
				if r.err != nil {
					return fmt.Errorf("pipeline: sides of block %d: %w", block, r.err)
				}
				s := &reuse.PairSide{}
				sides[d] = s
				return s.UnmarshalBinary(r.b)
			}); err != nil {
				return err
			}
		}
		r := reader{b: ask}
		d, other := r.uint32(), r.uint32()
		if r.err != nil || len(r.b) > 0 || sides[d] == nil {
			return fmt.Errorf("pipeline: a damaged ask for a side of block %d, or of a document not there", block)
		}
		enc, err := sides[d].With(other).MarshalBinary()
		if err != nil {
			return err
		}
		sideBytes.Inc(ctx, int64(len(enc)))
		k := pairKey(d, other)
		out.add(pairGroup(k), append(binary.AppendUvarint(nil, uint64(k)), enc...))
		return nil
	}); err != nil {
		return err
	}
	out.flush(emit)
	return nil
}

// joinFn joins the documents' reports, the passages, the pairs and the
// inputs skipped (reuse.JoinReport), and writes the report to the file
// Name, JSON (or JSON Lines with Opts.Lines), as it goes: no copy of its
// bytes is held. With Opts.FileLines, it holds what the ledger reads of
// each document and what the order reads of each passage and pair, not
// their reports, writes the report's head and ledger files (writeEnds),
// and emits the plan of the others and the pairs' ranks, for linesFn to
// write them.
type joinFn struct {
	Opts Options
	Name string
}

func (fn *joinFn) ProcessElement(ctx context.Context, _ int, docParts, passageParts, pairParts, skipParts func(*[]byte) bool, emitPlan func([]byte), emitRanks func(int, []byte)) error {
	files := fn.Opts.files()
	// With files, what the ledger reads of the documents and the order of
	// the passages; else their reports, as JSON.
	docDecode, passageDecode := fromJSON[report.ScanDocument], fromJSON[report.Passage]
	if files {
		docDecode = func(_ int, b []byte) (report.ScanDocument, error) { return whole(b, (*reader).ledgerDoc) }
		passageDecode = func(n int, b []byte) (report.Passage, error) {
			return whole(b, func(r *reader) report.Passage { return r.passageKey(n) })
		}
	}
	docs, err := readNumbered(docParts, "document", docDecode)
	if err != nil {
		return err
	}
	passages, err := readNumbered(passageParts, "passage", passageDecode)
	if err != nil {
		return err
	}
	pairs, pairKeys, err := readPairs(pairParts, files)
	if err != nil {
		return err
	}
	skipped, err := readSkipped(skipParts)
	if err != nil {
		return err
	}
	if files {
		rep, err := reuse.JoinReport(docs, skipped, passages, nil, fn.Opts.reuse())
		if err != nil {
			return err
		}
		skippedCount.Inc(ctx, int64(len(rep.Skipped)))
		return fn.writeEnds(ctx, rep, pairs, pairKeys, emitPlan, emitRanks)
	}
	rep, err := reuse.JoinReport(docs, skipped, passages, pairs, fn.Opts.reuse())
	if err != nil {
		return err
	}
	skippedCount.Inc(ctx, int64(len(rep.Skipped)))
	write := rep.WriteJSON
	if fn.Opts.Lines {
		write = rep.WriteJSONLines
	}
	var w countingWriter
	if err := writeFile(ctx, fn.Name, func(f io.Writer) error { w.w = f; return write(&w) }); err != nil {
		return fmt.Errorf("pipeline: the report: %w", err)
	}
	reportBytes.Inc(ctx, w.n)
	return nil
}

// readNumbered reads records of things numbered 0, 1, ... each once (uv
// its number, then what decode reads), and returns them in order.
func readNumbered[T any](it func(*[]byte) bool, what string, decode func(n int, b []byte) (T, error)) ([]T, error) {
	var xs []T
	var at []int
	if err := eachRecord(it, what, func(rec []byte) error {
		r := reader{b: rec}
		n := r.uv()
		if r.err != nil || n > 1<<31 {
			return fmt.Errorf("pipeline: a damaged %s", what)
		}
		x, err := decode(int(n), r.b)
		if err != nil {
			return fmt.Errorf("pipeline: %s %d: %w", what, n, err)
		}
		xs, at = append(xs, x), append(at, int(n))
		return nil
	}); err != nil {
		return nil, err
	}
	return inPlace(xs, at, what)
}

// fromJSON decodes b, JSON.
func fromJSON[T any](_ int, b []byte) (T, error) {
	var x T
	err := json.Unmarshal(b, &x)
	return x, err
}

// whole decodes b with read, which must read all of it.
func whole[T any](b []byte, read func(*reader) T) (T, error) {
	r := reader{b: b}
	x := read(&r)
	if r.err == nil && len(r.b) > 0 {
		r.err = errors.New("bytes left")
	}
	return x, r.err
}

// readPairs reads the pairs' reports, as JSON; with files, each pair's
// key and its documents' IDs, and returns the keys too.
func readPairs(it func(*[]byte) bool, files bool) ([]report.ScanPair, []int, error) {
	var pairs []report.ScanPair
	var keys []int
	err := eachRecord(it, "pairs", func(b []byte) error {
		var p report.ScanPair
		var err error
		if files {
			p, err = whole(b, func(r *reader) report.ScanPair {
				keys = append(keys, int(r.uv()))
				return report.ScanPair{A: r.str(), B: r.str()}
			})
		} else {
			err = json.Unmarshal(b, &p)
		}
		if err != nil {
			return fmt.Errorf("pipeline: a pair: %w", err)
		}
		pairs = append(pairs, p)
		return nil
	})
	return pairs, keys, err
}

// readSkipped reads the inputs skipped (recordsFn's; an empty record is
// the marker) and returns them in input order.
func readSkipped(it func(*[]byte) bool) ([]report.Skipped, error) {
	type skip struct {
		key recordKey
		s   report.Skipped
	}
	var skips []skip
	var b []byte
	for it(&b) {
		if len(b) == 0 {
			continue // the marker
		}
		r := reader{b: b}
		k := recordKey{int(r.uv()), r.str(), int(r.uv())}
		sk := skip{k, report.Skipped{ID: r.str(), Path: r.str(), Reason: r.str()}}
		if r.err != nil || len(r.b) > 0 {
			return nil, errors.New("pipeline: a damaged input skipped")
		}
		skips = append(skips, sk)
	}
	slices.SortFunc(skips, func(a, b skip) int {
		return cmp.Or(cmp.Compare(a.key.input, b.key.input), cmp.Compare(a.key.file, b.key.file), cmp.Compare(a.key.seq, b.key.seq))
	})
	skipped := make([]report.Skipped, len(skips))
	for i, s := range skips {
		skipped[i] = s.s
	}
	return skipped, nil
}

// writeEnds writes the files of a report written in files
// (Options.FileLines) that the join writes: the first, its head line,
// and the ledger's, its skipped inputs and outlets. It emits the plan of
// the others (appendFilePlan) and each pair's rank in the report's order
// (by ID of its documents), by its group + 1: uv its key, uv its rank.
// The report's documents and passages are what the ledger and the
// passages' order read of them (ForLedger, ForOrder); pairs and keys are
// the pairs' documents' IDs and keys.
func (fn *joinFn) writeEnds(ctx context.Context, rep *report.Scan, pairs []report.ScanPair, keys []int, emitPlan func([]byte), emitRanks func(int, []byte)) error {
	was := rep.SortNumbering()
	plan := filePlan{docs: len(rep.Documents), pairs: len(pairs), now: make([]int32, len(was)+1)}
	per, n := fn.Opts.FileLines, plan.files(fn.Opts.FileLines)
	for _, end := range []struct {
		file  int
		write func(io.Writer) error
	}{{0, rep.WriteJSONLinesHead}, {1 + filesOf(len(rep.Documents), per), rep.WriteJSONLinesLedger}} {
		var w countingWriter
		name, write := FileName(fn.Name, end.file, n), end.write
		if err := writeFile(ctx, name, func(f io.Writer) error { w.w = f; return write(&w) }); err != nil {
			return fmt.Errorf("pipeline: the report's file %s: %w", name, err)
		}
		reportBytes.Inc(ctx, w.n)
	}
	reportFileCount.Inc(ctx, int64(n))
	emitPlan(appendFilePlan(nil, len(rep.Documents), len(pairs), was))
	order := make([]int, len(pairs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return report.ComparePairs(pairs[i], pairs[j]) })
	ranks := outbox{}
	for rank, i := range order {
		w := writer{}
		w.uv(uint64(keys[i]))
		w.uv(uint64(rank))
		ranks.add(1+pairGroup(keys[i]), w.b)
	}
	ranks.flush(emitRanks)
	return nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// inPlace returns xs in the order of their numbers at (0, 1, ... each
// once).
func inPlace[T any](xs []T, at []int, what string) ([]T, error) {
	out := make([]T, len(xs))
	seen := make([]bool, len(xs))
	for i, n := range at {
		if n >= len(xs) || seen[n] {
			return nil, fmt.Errorf("pipeline: %s %d, of %d, or twice", what, n, len(xs))
		}
		out[n], seen[n] = xs[i], true
	}
	return out, nil
}

func init() {
	register.DoFn5x1[context.Context, int, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&passageFn{})
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), func(int, []byte), error](&pairFn{})
	register.Function5x1(answerFn)
	register.DoFn8x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func([]byte), func(int, []byte), error](&joinFn{})
}
