package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"runtime"

	"github.com/copydesk/copydesk/internal/parallel"
)

// decodeScan decodes a JSON scan report into r as a json.Decoder would
// decode it whole (the value's members in order, later ones over earlier
// ones, unknown ones passed over, bytes after the value not read), but
// reads its documents, passages and pairs element by element, a window
// at a time, each window's elements decoded on every processor: a report
// is not held as one buffer grown by doubling, and its largest part is
// decoded in parallel (TestDecodeScan, FuzzDecodeScan hold it to
// json.Decoder). Other members are decoded into r one by one as they
// come.
func decodeScan(rd io.Reader, r *Scan) error {
	dec := json.NewDecoder(bufio.NewReaderSize(rd, 1<<16))
	tok, err := dec.Token()
	switch {
	case err != nil:
		return err
	case tok == nil: // null leaves r as it is
		return nil
	case tok != json.Delim('{'):
		return fmt.Errorf("json: cannot unmarshal %s into Go value of type report.Scan", jsonKind(tok))
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key := tok.(string) // a member's name: the decoder checks the syntax
		switch key {
		case "documents":
			err = decodeElements(dec, &r.Documents)
		case "passages":
			err = decodeElements(dec, &r.Passages)
		case "pairs":
			err = decodeElements(dec, &r.Pairs)
		default:
			err = decodeMember(dec, key, r)
		}
		if err != nil {
			return err
		}
	}
	_, err = dec.Token() // the closing brace
	return err
}

// decodeMember decodes the value of member key into r, as a one-member
// object: json.Unmarshal matches its name to r's fields as it would in
// the whole report.
func decodeMember(dec *json.Decoder, key string, r *Scan) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	name, err := json.Marshal(key)
	if err != nil {
		return err
	}
	obj := make([]byte, 0, len(name)+len(raw)+3)
	obj = append(append(append(append(append(obj, '{'), name...), ':'), raw...), '}')
	return json.Unmarshal(obj, r)
}

// decodeElements decodes a JSON array (or null, nil) into dst, a new
// slice, elements read a window at a time and decoded in parallel. An
// error is the first element's in order, else the first of the array's
// syntax.
func decodeElements[T any](dec *json.Decoder, dst *[]T) error {
	tok, err := dec.Token()
	switch {
	case err != nil:
		return err
	case tok == nil:
		*dst = nil
		return nil
	case tok != json.Delim('['):
		var zero T
		return fmt.Errorf("json: cannot unmarshal %s into Go value of type []%T", jsonKind(tok), zero)
	}
	const window = 256
	out := []T{}
	raws := make([]json.RawMessage, 0, window)
	errs := make([]error, window)
	flush := func() error {
		base := len(out)
		out = append(out, make([]T, len(raws))...)
		parallel.Chunks(len(raws), 8, runtime.GOMAXPROCS(0), func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				errs[i] = json.Unmarshal(raws[i], &out[base+i])
			}
		})
		for _, err := range errs[:len(raws)] {
			if err != nil {
				return err
			}
		}
		raws = raws[:0]
		return nil
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if raws = append(raws, raw); len(raws) == window {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if _, err := dec.Token(); err != nil { // the closing bracket
		return err
	}
	*dst = out
	return nil
}

// jsonKind names the kind of JSON value a first token starts, as
// json.UnmarshalTypeError does.
func jsonKind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		if tok == json.Delim('[') {
			return "array"
		}
		return "object"
	case string:
		return "string"
	case bool:
		return "bool"
	}
	return "number"
}
