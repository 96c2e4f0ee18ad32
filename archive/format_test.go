package archive

import (
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/repair"
)

// TestDocRecord round-trips a document through its record.
func TestDocRecord(t *testing.T) {
	d := corpus.Doc{ID: "a\x00b", Path: "in.jsonl:3", Outlet: "AP", Title: "T", URL: "https://x",
		Published: time.Date(2017, 12, 17, 9, 30, 0, 5, time.UTC), Encoding: "gb18030", Note: "n",
		Repairs: []repair.Fix{{Start: 1, End: 4, Was: "Ã©", Kind: 1, Guess: true}}, Boilerplate: []corpus.Range{{Start: 0, End: 2}},
		Text: []byte("é text\n")}
	rec, err := encodeDoc(&d, header{Furniture: []corpus.Range{{Start: 3, End: 5}}, TextSum: 42, Fingerprints: 7})
	if err != nil {
		t.Fatal(err)
	}
	got, h, err := decodeDoc(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) || h.TextSum != 42 || h.Fingerprints != 7 || len(h.Furniture) != 1 {
		t.Errorf("decoded %+v %+v, want %+v", got, h, d)
	}
	d.Published, d.DateOnly = time.Date(2017, 12, 17, 0, 0, 0, 0, time.UTC), true
	rec, _ = encodeDoc(&d, header{})
	if got, _, _ := decodeDoc(rec); !got.Published.Equal(d.Published) || !got.DateOnly {
		t.Errorf("a date: %v %v", got.Published, got.DateOnly)
	}
}

// FuzzDecodeDoc feeds decodeDoc any bytes: it fails or reads a document,
// never panics, and what it reads encodes again to a record it reads the
// same.
func FuzzDecodeDoc(f *testing.F) {
	rec, _ := encodeDoc(&corpus.Doc{ID: "x", Text: []byte("text")}, header{})
	f.Add(rec)
	f.Add([]byte{1, 200, 1, '{'})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, h, err := decodeDoc(b)
		if err != nil {
			return
		}
		again, err := encodeDoc(&d, h)
		if err != nil {
			return // a header field JSON cannot write back (a NaN cannot arise; a bad UTF-8 id is replaced)
		}
		d2, _, err := decodeDoc(again)
		if err != nil || d2.ID != d.ID && utf8.ValidString(d.ID) || string(d2.Text) != string(d.Text) {
			t.Errorf("read %q, again %q (%v)", d.ID, d2.ID, err)
		}
	})
}
