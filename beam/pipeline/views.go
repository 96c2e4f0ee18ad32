package pipeline

// The encodings of what Report moves between the workers: the pieces of
// a document's view (reuse.NodeView), the asks for a partner's bytes and
// their answers, the sides of rewrites, and the members of passages.
// Unsigned varints (uv) as encoding/binary's; a string as uv its bytes
// and its bytes; a stretch [x0, x1) as uv x0, uv x1 − x0; a
// publication as the index encodes it (appendWhen).

import (
	"encoding/binary"
	"errors"
	"math"
	"time"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
)

// writer appends an encoding.
type writer struct{ b []byte }

func (w *writer) uv(v uint64)          { w.b = binary.AppendUvarint(w.b, v) }
func (w *writer) u32(v uint32)         { w.uv(uint64(v)) }
func (w *writer) i32(v int32)          { w.uv(uint64(uint32(v))) }
func (w *writer) str(s string)         { w.uv(uint64(len(s))); w.b = append(w.b, s...) }
func (w *writer) stretch(x0, x1 int32) { w.i32(x0); w.i32(x1 - x0) }
func (w *writer) flag(b bool) {
	if b {
		w.uv(1)
	} else {
		w.uv(0)
	}
}

func (r *reader) i32() int32 { return int32(r.uint32()) }
func (r *reader) str() string {
	return string(r.bytes(r.count(1)))
}
func (r *reader) stretch() (int32, int32) {
	x0 := r.i32()
	return x0, x0 + r.i32()
}
func (r *reader) flag() bool {
	v := r.uv()
	if v > 1 {
		r.err = errors.Join(r.err, errors.New("a flag past 1"))
	}
	return v == 1
}

// appendWhen appends when a document was published: uv 0 unknown, 1 a
// moment, 2 a day; if known, its Unix seconds (a signed varint) and uv
// nanoseconds.
func appendWhen(b []byte, t time.Time, dateOnly bool) []byte {
	kind := uint64(1)
	switch {
	case t.IsZero():
		kind = 0
	case dateOnly:
		kind = 2
	}
	b = binary.AppendUvarint(b, kind)
	if kind > 0 {
		b = binary.AppendVarint(b, t.Unix())
		b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	}
	return b
}

// when reads appendWhen's encoding.
func (r *reader) when() (time.Time, bool) {
	kind := r.uv()
	if kind > 2 {
		r.err = errors.Join(r.err, errors.New("a publication of no kind"))
	}
	if kind == 0 || r.err != nil {
		return time.Time{}, false
	}
	sec, ns := r.iv(), r.uv()
	if ns >= 1e9 {
		r.err = errors.Join(r.err, errors.New("a publication's nanoseconds past a second"))
	}
	return time.Unix(sec, int64(ns)).UTC(), kind == 2
}

// The orders of a passage's members in time, as numbers.
var orders = []string{report.OrderOrigin, report.OrderTied, report.OrderUnknown}

func orderCode(o string) uint64 {
	for i, x := range orders {
		if x == o {
			return uint64(i)
		}
	}
	return uint64(len(orders)) // read back as an error
}

func (r *reader) order() string {
	v := r.uv()
	if v >= uint64(len(orders)) {
		r.err = errors.Join(r.err, errors.New("a passage of no order"))
		return ""
	}
	return orders[v]
}

// appendNodeView appends a node's view:
//
//	uv its node, uv its document, its tokens' stretch; uv its passage,
//	uv its origin + 1 (0: none), uv its order (0 origin, 1 tied, 2
//	unknown), uv its members; uv 1 if the representative, else 0; uv the
//	representative's words, uv the words matched with it
//	uv partners; each as appendPartner
//	uv orphans; each: its tokens' stretch, then its far node as
//	   appendPartner
func appendNodeView(b []byte, v *reuse.NodeView) []byte {
	w := writer{b}
	w.u32(v.Node)
	w.u32(v.Doc)
	w.stretch(v.T0, v.T1)
	w.i32(v.Passage)
	w.i32(v.Origin + 1)
	w.uv(orderCode(v.Order))
	w.i32(v.Members)
	w.flag(v.Rep)
	w.i32(v.RepWords)
	w.i32(v.ToRep)
	w.uv(uint64(len(v.Partners)))
	for i := range v.Partners {
		w.partner(&v.Partners[i])
	}
	w.uv(uint64(len(v.Orphans)))
	for i := range v.Orphans {
		o := &v.Orphans[i]
		w.stretch(o.T0, o.T1)
		w.partner(&o.Far)
	}
	return w.b
}

// partner appends a partner: uv its node, uv its document, its tokens'
// stretch and its bytes', uv the words matched, uv 1 if it has no bytes.
func (w *writer) partner(p *reuse.Partner) {
	w.u32(p.Node)
	w.u32(p.Doc)
	w.stretch(p.T0, p.T1)
	w.stretch(p.B0, p.B1)
	w.i32(p.Matched)
	w.flag(p.NoBytes)
}

func (r *reader) partner() reuse.Partner {
	p := reuse.Partner{Node: r.uint32(), Doc: r.uint32()}
	p.T0, p.T1 = r.stretch()
	p.B0, p.B1 = r.stretch()
	p.Matched, p.NoBytes = r.i32(), r.flag()
	return p
}

// nodeView reads appendNodeView's encoding.
func (r *reader) nodeView() reuse.NodeView {
	v := reuse.NodeView{Node: r.uint32(), Doc: r.uint32()}
	v.T0, v.T1 = r.stretch()
	v.Passage, v.Origin, v.Order, v.Members = r.i32(), r.i32()-1, r.order(), r.i32()
	v.Rep, v.RepWords, v.ToRep = r.flag(), r.i32(), r.i32()
	v.Partners = make([]reuse.Partner, r.count(8))
	for i := range v.Partners {
		v.Partners[i] = r.partner()
	}
	v.Orphans = make([]reuse.Orphan, r.count(10))
	for i := range v.Orphans {
		o := &v.Orphans[i]
		o.T0, o.T1 = r.stretch()
		o.Far = r.partner()
	}
	return v
}

// farAsk is an ask for the bytes of a stretch of a document's tokens,
// for a partner (or, odd slot, an orphan) of a node of another document.
type farAsk struct {
	doc        uint32 // whose tokens
	t0, t1     int32
	noBytes    bool   // none to read: what the view says of the document only
	asker      uint32 // the document that asks, of node node
	node, slot uint32 // its partner slot/2 (even) or orphan slot/2 (odd)
}

// appendFarAsk appends an ask: uv the document, the stretch of its
// tokens, uv 1 if no bytes are asked for, else 0, uv the asking
// document, uv its node, uv the slot.
func appendFarAsk(b []byte, a farAsk) []byte {
	w := writer{b}
	w.u32(a.doc)
	w.stretch(a.t0, a.t1)
	w.flag(a.noBytes)
	w.u32(a.asker)
	w.u32(a.node)
	w.u32(a.slot)
	return w.b
}

func (r *reader) farAsk() farAsk {
	a := farAsk{doc: r.uint32()}
	a.t0, a.t1 = r.stretch()
	a.noBytes = r.flag()
	a.asker, a.node, a.slot = r.uint32(), r.uint32(), r.uint32()
	return a
}

// appendViewDoc appends what a view says of a document: uv its number,
// uv its rank, its ID, its publication.
func appendViewDoc(b []byte, d *reuse.ViewDoc) []byte {
	w := writer{b}
	w.u32(d.Doc)
	w.u32(d.Rank)
	w.str(d.ID)
	return appendWhen(w.b, d.Published, d.DateOnly)
}

func (r *reader) viewDoc() reuse.ViewDoc {
	d := reuse.ViewDoc{Doc: r.uint32(), Rank: r.uint32(), ID: r.str()}
	d.Published, d.DateOnly = r.when()
	return d
}

// farAnswer is the bytes a document's worker read for an ask, and what a
// view says of the document.
type farAnswer struct {
	asker, node, slot uint32
	b0, b1            int32
	quoted            bool // the stretch is mostly quoted
	doc               reuse.ViewDoc
}

// appendFarAnswer appends an answer: uv the asking document, uv its
// node, uv the slot, the stretch of bytes, uv 1 if it is quoted, the
// document (appendViewDoc).
func appendFarAnswer(b []byte, a *farAnswer) []byte {
	w := writer{b}
	w.u32(a.asker)
	w.u32(a.node)
	w.u32(a.slot)
	w.stretch(a.b0, a.b1)
	w.flag(a.quoted)
	return appendViewDoc(w.b, &a.doc)
}

func (r *reader) farAnswer() farAnswer {
	a := farAnswer{asker: r.uint32(), node: r.uint32(), slot: r.uint32()}
	a.b0, a.b1 = r.stretch()
	a.quoted = r.flag()
	a.doc = r.viewDoc()
	return a
}

// rewriteKey names a rewrite: the units UA of A and UB of B.
type rewriteKey struct{ a, b, ua, ub uint32 }

// rewriteAsk asks a document's worker for its side of a rewrite: that of
// A (ofA) or of B.
type rewriteAsk struct {
	key rewriteKey
	sim float32
	ofA bool
}

func (k rewriteKey) side(ofA bool) (doc, unit uint32) {
	if ofA {
		return k.a, k.ua
	}
	return k.b, k.ub
}

// appendRewriteAsk appends an ask: uv A, uv B, uv UA, uv UB, uv the
// similarity's float32 bits, uv 1 for A's side, else 0.
func appendRewriteAsk(b []byte, a rewriteAsk) []byte {
	w := writer{b}
	for _, v := range []uint32{a.key.a, a.key.b, a.key.ua, a.key.ub, math.Float32bits(a.sim)} {
		w.u32(v)
	}
	w.flag(a.ofA)
	return w.b
}

func (r *reader) rewriteAsk() rewriteAsk {
	a := rewriteAsk{key: rewriteKey{r.uint32(), r.uint32(), r.uint32(), r.uint32()}}
	a.sim, a.ofA = math.Float32frombits(r.uint32()), r.flag()
	return a
}

// rewriteSide is a document's side of a rewrite, and what a view says of
// the document.
type rewriteSide struct {
	ask  rewriteAsk
	side reuse.RewriteSide
	doc  reuse.ViewDoc
}

// appendRewriteSide appends a side: its ask (appendRewriteAsk), uv the
// document, the stretch of its tokens, of its bytes, uv the passages
// that hold them, each uv its number, uv the tokens, uv its members; the document
// (appendViewDoc).
func appendRewriteSide(b []byte, s *rewriteSide) []byte {
	w := writer{appendRewriteAsk(b, s.ask)}
	w.u32(s.side.Doc)
	w.stretch(s.side.T0, s.side.T1)
	w.stretch(s.side.B0, s.side.B1)
	w.uv(uint64(len(s.side.Held)))
	for _, h := range s.side.Held {
		w.i32(h.Passage)
		w.i32(h.Tokens)
		w.i32(h.Members)
	}
	return appendViewDoc(w.b, &s.doc)
}

func (r *reader) rewriteSide() rewriteSide {
	s := rewriteSide{ask: r.rewriteAsk()}
	s.side.Doc = r.uint32()
	s.side.T0, s.side.T1 = r.stretch()
	s.side.B0, s.side.B1 = r.stretch()
	s.side.Held = make([]reuse.Held, r.count(3))
	for i := range s.side.Held {
		s.side.Held[i] = reuse.Held{Passage: r.i32(), Tokens: r.i32(), Members: r.i32()}
	}
	s.doc = r.viewDoc()
	return s
}

// appendMember appends a member of a passage: uv its node, uv its
// document, its outlet; its document's ID, the stretch of its bytes, uv
// its similarity's float64 bits, uv quoted, uv representative; uv the
// passage, uv its origin + 1, uv its members, uv its order; the
// representative's text, uv its words.
func appendMember(b []byte, m *reuse.MemberPart) []byte {
	w := writer{b}
	w.u32(m.Node)
	w.u32(m.Doc)
	w.str(m.Outlet)
	w.str(m.Member.Doc)
	w.stretch(int32(m.Member.Start), int32(m.Member.End))
	w.uv(math.Float64bits(m.Member.Similarity))
	w.flag(m.Member.Quoted)
	w.flag(m.Member.Representative)
	w.i32(m.Passage)
	w.i32(m.Origin + 1)
	w.i32(m.Members)
	w.uv(orderCode(m.Order))
	w.str(m.Text)
	w.i32(m.Words)
	return w.b
}

func (r *reader) member() reuse.MemberPart {
	m := reuse.MemberPart{Node: r.uint32(), Doc: r.uint32(), Outlet: r.str()}
	m.Member.Doc = r.str()
	s, e := r.stretch()
	m.Member.Start, m.Member.End = int(s), int(e)
	m.Member.Similarity = math.Float64frombits(r.uv())
	m.Member.Quoted, m.Member.Representative = r.flag(), r.flag()
	m.Passage, m.Origin, m.Members, m.Order = r.i32(), r.i32()-1, r.i32(), r.order()
	m.Text, m.Words = r.str(), r.i32()
	return m
}
