package archive

// The archive's format, version 4.
//
// An archive is a folder holding a Pebble store (an LSM tree:
// github.com/cockroachdb/pebble/v2), opened with the merger named
// mergerName. Every key starts with one byte, its kind; numbers are
// big-endian, so that keys sort by them. Values:
//
//	"m"                 meta: JSON {"format", "fingerprints", "shingle",
//	                    "window", "next", "documents", "removed",
//	                    "text_bytes"}: this format's version, the
//	                    fingerprints' (reuse.FingerprintVersion), the
//	                    words per shingle and the winnowing window they
//	                    were made with, the next document number, the
//	                    live documents, those removed or replaced, and the
//	                    live documents' text in bytes.
//	"i" id              a live document's number (4 bytes): the id is the
//	                    document's, as read (corpus.Doc.ID).
//	"d" number(4)       a document: the byte 1 (this record's version), the
//	                    length of a JSON header as a uvarint, the header
//	                    (header: id, path, outlet, title, url, published,
//	                    date_only, encoding, note, repairs, chrome,
//	                    furniture, text_sum, fingerprints), then the text, UTF-8, as
//	                    analysed (decoded and repaired). Pebble compresses
//	                    it in blocks (zstd on the lower levels).
//	"p" bucket(3)       a bucket of postings. A fingerprint's top 40 bits
//	                    tell it apart (its prefix; two of a million
//	                    documents' 150 million share one by chance about
//	                    once in 7,000 lookups): the top 20 are its
//	                    bucket (3 bytes, the top 4 bits 0), the next 20
//	                    its residue. The value is the bucket's groups in
//	                    order of residue, each: the residue as a uvarint
//	                    (the first whole, each other less the one
//	                    before), the length of the postings as a uvarint,
//	                    then the postings: the numbers of the documents
//	                    whose fingerprints include the prefix, in order.
//	                    Up to 64 of them, a short list: the byte 0, then
//	                    the numbers as uvarints, the first whole and each
//	                    other less the one before; more, a roaring bitmap
//	                    (the portable serialization,
//	                    github.com/RoaringBitmap/roaring, whose first byte
//	                    is never 0). Written as merge operands, one per
//	                    bucket a batch, that the merger merges group by
//	                    group, ORing the postings.
//	"l" outlet(8) line(8)
//	                    how many live documents of an outlet carry a
//	                    candidate furniture line (corpus.SiteKeys; the
//	                    outlet is its xxhash.Sum64String), and, under
//	                    outlet 0, how many documents of any outlet or
//	                    none carry a tail line (corpus.IsTailKey; an
//	                    outlet's hash is 0 with a chance of 2^-64): a
//	                    signed varint (zigzag), written as merge
//	                    operands (+1 a document added, −1 removed) that
//	                    the merger adds.
//	"x"                 the numbers of the documents removed or replaced,
//	                    a roaring bitmap. Their postings stay until the
//	                    archive is rebuilt; Check passes over them.
//
// Beside the store, the folder readers holds snapshots of it for
// readers in other processes (readers.go): folders named by the time
// they were made in nanoseconds since 1970, each a Pebble checkpoint of
// the store, read without a lock and never written.
//
// A document's number is given when it is added, in order from 0, and is
// never given again: a replaced document gets a new one. A batch of
// documents (its records, ids, postings, line counts, the removed set and
// the meta) is one Pebble batch, committed with a sync: after a crash
// every document is wholly in or wholly out.
//
// Version log:
//
//	1: the first: one key a fingerprint prefix ("p" fp(5)), its postings
//	   the value.
//	2: postings in buckets of 2^20 prefixes, so that the store holds
//	   and compacts a million keys of postings, not one a prefix: adds
//	   are faster, the archive smaller. Format 1 archives are built
//	   again from their sources.
//	3: the line counts ("l") and each document's furniture follow
//	   corpus.SiteKeys as of 2026-12-03: no quoted line ('>') is
//	   counted, and no line of a hard-wrapped paragraph is a candidate.
//	   A format 2 archive counted them, and would subtract from its
//	   counts other lines than it added; format 2 archives are built
//	   again from their sources. The store is as in format 2.
//	4: corpus.SiteKeys as of 2026-12-04 also lists an outlet's tail
//	   lines (taglines) and their contexts, and the line counts count
//	   each tail line over all outlets too (outlet 0), documents of no
//	   outlet included; the fingerprints leave out only the short
//	   furniture lines (header.Furniture). A format 3 archive has no
//	   such counts; it is built again from its sources.

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/repair"
)

// FormatVersion is the version of the archive's format, above.
const FormatVersion = 4

// Key kinds.
const (
	kindMeta     = 'm'
	kindID       = 'i'
	kindDoc      = 'd'
	kindPostings = 'p'
	kindLine     = 'l'
	kindRemoved  = 'x'
)

// meta is the archive's meta record.
type meta struct {
	Format       int    `json:"format"`
	Fingerprints int    `json:"fingerprints"`
	Shingle      int    `json:"shingle"`
	Window       int    `json:"window"`
	Next         uint32 `json:"next"`
	Documents    int    `json:"documents"`
	Removed      int    `json:"removed"`
	TextBytes    int64  `json:"text_bytes"`
}

var (
	metaKey    = []byte{kindMeta}
	removedKey = []byte{kindRemoved}
)

func idKey(id string) []byte { return append([]byte{kindID}, id...) }

func docKey(n uint32) []byte { return binary.BigEndian.AppendUint32([]byte{kindDoc}, n) }

// allOutlets is the outlet under which the line counts count a tail line
// over all outlets.
const allOutlets = 0

// eachLineCount calls f with the outlet and line of each count ("l") that
// a document of outlet whose candidate furniture lines are keys
// (corpus.SiteKeys) counts in.
func eachLineCount(outlet string, keys []uint64, f func(o, line uint64) error) error {
	o := xxhash.Sum64String(outlet)
	for _, k := range keys {
		if outlet != "" {
			if err := f(o, k); err != nil {
				return err
			}
		}
		if corpus.IsTailKey(k) {
			if err := f(allOutlets, k); err != nil {
				return err
			}
		}
	}
	return nil
}

func lineKey(outlet, line uint64) []byte {
	k := binary.BigEndian.AppendUint64([]byte{kindLine}, outlet)
	return binary.BigEndian.AppendUint64(k, line)
}

// docNumber reads a document number (an "i" value, or a "d" key's tail).
func docNumber(b []byte) (uint32, error) {
	if len(b) != 4 {
		return 0, fmt.Errorf("archive: a document number of %d bytes", len(b))
	}
	return binary.BigEndian.Uint32(b), nil
}

// header is a document record's JSON header.
type header struct {
	ID        string         `json:"id"`
	Path      string         `json:"path"`
	Outlet    string         `json:"outlet"`
	Title     string         `json:"title"`
	URL       string         `json:"url"`
	Published string         `json:"published"` // RFC 3339 with nanoseconds, or ""
	DateOnly  bool           `json:"date_only"`
	Encoding  string         `json:"encoding"`
	Note      string         `json:"note"`
	Repairs   []repair.Fix   `json:"repairs"`
	Chrome    []corpus.Range `json:"chrome"` // the reader's boilerplate (corpus.Chrome)
	// Furniture is the outlet's furniture lines (corpus.SiteLines) that
	// the fingerprints left out, as the archive counted them then: the
	// short lines (FindSplit), not the tail lines, which a later
	// document of another outlet can show to be syndicated. A check
	// counts them all again.
	Furniture []corpus.Range `json:"furniture"`
	TextSum   uint64         `json:"text_sum"` // xxhash.Sum64 of the text
	// Fingerprints is how many distinct fingerprints were posted for it.
	Fingerprints int `json:"fingerprints"`
}

const recordVersion = 1

// encodeDoc makes the record of document d, whose boilerplate is its
// chrome: h gives its furniture, text sum and fingerprints.
func encodeDoc(d *corpus.Doc, h header) ([]byte, error) {
	h.ID, h.Path, h.Outlet, h.Title, h.URL = d.ID, d.Path, d.Outlet, d.Title, d.URL
	h.DateOnly, h.Encoding, h.Note, h.Repairs, h.Chrome = d.DateOnly, d.Encoding, d.Note, d.Repairs, d.Boilerplate
	if !d.Published.IsZero() {
		h.Published = d.Published.Format(time.RFC3339Nano)
	}
	js, err := json.Marshal(&h)
	if err != nil {
		return nil, fmt.Errorf("archive: document %q: %w", d.ID, err)
	}
	b := make([]byte, 0, 1+binary.MaxVarintLen64+len(js)+len(d.Text))
	b = append(b, recordVersion)
	b = binary.AppendUvarint(b, uint64(len(js)))
	return append(append(b, js...), d.Text...), nil
}

var errRecord = errors.New("archive: a document record is damaged")

// decodeDoc reads a document record, its text a copy of the record's.
func decodeDoc(b []byte) (corpus.Doc, header, error) {
	var h header
	if len(b) == 0 || b[0] != recordVersion {
		return corpus.Doc{}, h, errRecord
	}
	n, w := binary.Uvarint(b[1:])
	if w <= 0 || n > uint64(len(b)-1-w) {
		return corpus.Doc{}, h, errRecord
	}
	js, text := b[1+w:1+w+int(n)], b[1+w+int(n):]
	if err := json.Unmarshal(js, &h); err != nil {
		return corpus.Doc{}, h, fmt.Errorf("%w: %v", errRecord, err)
	}
	d := corpus.Doc{ID: h.ID, Path: h.Path, Outlet: h.Outlet, Title: h.Title, URL: h.URL, DateOnly: h.DateOnly,
		Encoding: h.Encoding, Note: h.Note, Repairs: h.Repairs, Boilerplate: h.Chrome, Text: append([]byte(nil), text...)}
	if h.Published != "" {
		t, err := time.Parse(time.RFC3339Nano, h.Published)
		if err != nil {
			return corpus.Doc{}, h, fmt.Errorf("%w: %v", errRecord, err)
		}
		d.Published = t
	}
	return d, h, nil
}
