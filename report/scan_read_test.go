package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// decodeWhole decodes a report as ReadScan did before decodeScan: one
// json.Decoder.Decode of the whole value.
func decodeWhole(data []byte) (*Scan, error) {
	var r Scan
	err := json.NewDecoder(bytes.NewReader(data)).Decode(&r)
	return &r, err
}

// readCases are reports and report-like values for decodeScan: a whole
// report, more documents than a window, members in another order and
// unknown ones, nulls and empty lists, values of the wrong kind, broken
// syntax, bytes after the value; the report of 700 documents if many (it
// slows fuzzing).
func readCases(t testing.TB, many bool) [][]byte {
	var whole, large bytes.Buffer
	if err := checkFixture().WriteJSON(&whole); err != nil {
		t.Fatal(err)
	}
	m := &Scan{Version: ScanVersion}
	for i := range 700 {
		m.Documents = append(m.Documents, ScanDocument{ID: strings.Repeat("d", 1+i%9) + string(rune('a'+i%26)), Text: "x ’y’ <z>", Words: 3})
	}
	if err := m.WriteJSON(&large); err != nil {
		t.Fatal(err)
	}
	cases := [][]byte{whole.Bytes()}
	if many {
		cases = append(cases, large.Bytes())
	}
	for _, s := range []string{
		`{"pairs": [], "version": 4, "extra": {"a": [1, 2]}, "documents": [{"id": "a", "text": "x"}], "passages": null}`,
		`{"documents": null, "skipped": [], "params": {"shingle": 6}}`,
		`{"version": 3}`, `{}`, `null`, `[]`, `4`, `"x"`, ``, `{`, `{"documents": [`, `{"documents": [1]}`,
		`{"documents": {"id": "a"}}`, `{"version": "4"}`, `{"documents": [{"id": "a"}, {"id": 7}], "version": 4}`,
		`{"version": 4} trailing`, `{"version": 4}{"version": 3}`, `{"documents": [{"id": "a"},]}`,
	} {
		cases = append(cases, []byte(s))
	}
	return cases
}

// TestDecodeScan: decodeScan makes of every case what json.Decoder makes
// of it, or fails where it fails.
func TestDecodeScan(t *testing.T) {
	for _, data := range readCases(t, true) {
		sameAsWhole(t, data)
	}
}

// FuzzDecodeScan holds decodeScan to json.Decoder, for values whose
// top-level members have distinct names (a member given twice, or in
// two cases, is decoded by json.Decoder into what the first left).
func FuzzDecodeScan(f *testing.F) {
	for _, data := range readCases(f, false) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var members map[string]json.RawMessage
		if json.Unmarshal(data, &members) == nil {
			seen := map[string]bool{}
			dup := false
			for _, k := range jsonKeys(data) {
				dup = dup || seen[strings.ToLower(k)]
				seen[strings.ToLower(k)] = true
			}
			if dup {
				return
			}
		}
		sameAsWhole(t, data)
	})
}

// sameAsWhole checks decodeScan against decodeWhole on data.
func sameAsWhole(t *testing.T, data []byte) {
	t.Helper()
	want, werr := decodeWhole(data)
	var got Scan
	gerr := decodeScan(bytes.NewReader(data), &got)
	switch {
	case (werr == nil) != (gerr == nil):
		t.Errorf("%.80q: decodeScan's error %v, json.Decoder's %v", data, gerr, werr)
	case werr == nil && !reflect.DeepEqual(&got, want):
		t.Errorf("%.80q: decodeScan made\n%+v\nwant\n%+v", data, got, *want)
	}
}

// jsonKeys lists the names of a JSON object's members, in order.
func jsonKeys(data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
}
