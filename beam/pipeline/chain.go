package pipeline

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/reuse"
)

// Chain keeps the evidence of each document pair that Align found to
// share something (reuse.ChainPair), where the pair's alignment and its
// comparison alone meet: in the group of its home, whose batches of both
// it groups (CoGroupByKey). It returns the pairs chained, in batches
// (decodeAligned) keyed by group. What it shuffles is
// what Align's pairs found (aligned-B/doc); what it keeps, the pieces
// that are evidence and their rewrites (chained-B/doc). A group holds
// the pairs of its homes: a text in c documents, c pairs.
func Chain(s beam.Scope, aligned, alone beam.PCollection, opts Options) beam.PCollection {
	s = s.Scope("copydesk.Chain")
	return beam.ParDo(s, &chainFn{Opts: opts}, beam.CoGroupByKey(s, aligned, alone))
}

// chainedBytes counts the bytes of the pairs chained.
var chainedBytes = beam.NewCounter("copydesk", "chained-bytes")

// chainFn chains the pairs of a group, each pair's alignment with its
// comparison alone, if it had one.
type chainFn struct{ Opts Options }

func (fn *chainFn) ProcessElement(ctx context.Context, group int, aligned, alone func(*[]byte) bool, emit func(int, []byte)) error {
	var as, bs []*reuse.PairAlignment
	var b []byte
	var err error
	for aligned(&b) {
		if as, err = decodeAligned(as, b); err != nil {
			return fmt.Errorf("pipeline: group %d: %w", group, err)
		}
	}
	for alone(&b) {
		if bs, err = decodeAligned(bs, b); err != nil {
			return fmt.Errorf("pipeline: group %d: %w", group, err)
		}
	}
	key := func(p *reuse.PairAlignment) uint64 { return uint64(p.A)<<32 | uint64(p.B) }
	byPair := make(map[uint64]*reuse.PairAlignment, len(bs))
	for _, p := range bs {
		if byPair[key(p)] != nil {
			return fmt.Errorf("pipeline: group %d: documents %d and %d compared alone twice", group, p.A, p.B)
		}
		byPair[key(p)] = p
	}
	var out []byte
	chain := func(a, b *reuse.PairAlignment) error {
		c, err := reuse.ChainPair(a, b, fn.Opts.reuse())
		if err != nil || c.Empty() {
			return err
		}
		enc, err := c.MarshalBinary()
		out = append(binary.AppendUvarint(out, uint64(len(enc))), enc...)
		return err
	}
	for _, p := range as {
		alone := byPair[key(p)]
		delete(byPair, key(p))
		if err := chain(p, alone); err != nil {
			return err
		}
	}
	for _, p := range bs {
		if byPair[key(p)] != nil { // compared alone, aligned to nothing
			if err := chain(nil, p); err != nil {
				return err
			}
		}
	}
	if len(out) > 0 {
		chainedBytes.Inc(ctx, int64(len(out)))
		emit(group, out)
	}
	return nil
}

func init() {
	register.DoFn5x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), error](&chainFn{})
}
