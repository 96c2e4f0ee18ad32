package corpus

// WARC files compressed with Zstandard (.warc.zst), as ArchiveTeam's
// crawlers write them and the IIPC's proposed "Zstandard Compression for
// WARC Files 1.0" specifies: each record its own Zstandard frame (RFC
// 8878), so that an index can give a record's offset in the compressed
// file, and, for files of many small records, a dictionary the frames are
// compressed with, in a skippable frame of magic 0x184D2A5D before them
// (itself Zstandard-compressed, or a dictionary as zstd --train writes
// it). A frame is found whole by its header and block headers
// (zstdFrame), then unpacked with the dictionary; its records are read
// as those of a .warc.gz member are.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
)

// warcDictMagic is the magic number of the skippable frame that holds a
// .warc.zst's dictionary.
const warcDictMagic = 0x184D2A5D

// frames reads a .warc.zst frame by frame.
func (w *warcReader) frames(in io.Reader) error {
	c := &offsetReader{br: bufio.NewReaderSize(in, 64<<10)}
	var dict []byte
	var dec *zstd.Decoder
	defer func() {
		if dec != nil {
			dec.Close()
		}
	}()
	for first := true; ; first = false {
		start := c.n
		if _, err := c.br.Peek(1); err == io.EOF {
			return nil
		}
		frame, magic, big, err := zstdFrame(c, w.r.limit())
		if err != nil {
			return &warcStop{start, "not Zstandard data: " + err.Error()}
		}
		if magic != zstdFrameMagic {
			if magic == warcDictMagic && first {
				if dict, err = warcDict(frame[8:], w.r.limit()); err != nil {
					return &warcStop{start, "its dictionary cannot be read: " + err.Error()}
				}
			}
			continue // another skippable frame: none of ours
		}
		if big {
			if err := w.r.skip(Skip{ID: w.id, Path: fmt.Sprintf("%s@%d", w.path, start), Reason: tooLarge("the compressed record", w.r.limit())}); err != nil {
				return err
			}
			continue
		}
		if dec == nil {
			opts := []zstd.DOption{zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(w.r.limit()) + warcHeaderMax)}
			if dict != nil {
				opts = append(opts, zstd.WithDecoderDicts(dict))
			}
			if dec, err = zstd.NewReader(nil, opts...); err != nil {
				return &warcStop{start, "its dictionary cannot be used: " + err.Error()}
			}
		}
		out, err := dec.DecodeAll(frame, nil)
		switch {
		case errors.Is(err, zstd.ErrDecoderSizeExceeded):
			if err := w.r.skip(Skip{ID: w.id, Path: fmt.Sprintf("%s@%d", w.path, start), Reason: tooLarge("the record", w.r.limit())}); err != nil {
				return err
			}
			continue
		case err != nil:
			return &warcStop{start, "a frame cannot be unpacked: " + err.Error()}
		}
		at := func() int64 { return start }
		if err := w.records(&offsetReader{br: bufio.NewReader(bytes.NewReader(out))}, at); err != nil {
			return err
		}
	}
}

// warcDict is a .warc.zst's dictionary from its skippable frame's data:
// unpacked if it is a Zstandard frame.
func warcDict(data []byte, limit int64) ([]byte, error) {
	if len(data) >= 4 && le32(data) == zstdFrameMagic {
		dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(limit)))
		if err != nil {
			return nil, err
		}
		defer dec.Close()
		return dec.DecodeAll(data, nil)
	}
	return data, nil
}

// zstdFrame reads one frame from in, a Zstandard frame or a skippable
// one (RFC 8878 3.1), whole: its magic number, and its bytes unless it
// has more than limit (then big, and passed over).
func zstdFrame(in *offsetReader, limit int64) (frame []byte, magic uint32, big bool, err error) {
	take := func(n int64) error {
		if big = big || int64(len(frame))+n > limit; big {
			frame = frame[:0]
			_, err := io.CopyN(io.Discard, in, n)
			return err
		}
		start := len(frame)
		frame = append(frame, make([]byte, n)...)
		_, err := io.ReadFull(in, frame[start:])
		return err
	}
	fail := func(err error) ([]byte, uint32, bool, error) {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, 0, false, err
	}
	if err := take(4); err != nil {
		return fail(err)
	}
	magic = le32(frame)
	switch {
	case magic&0xFFFFFFF0 == zstdSkippableMagic:
		if err := take(4); err != nil {
			return fail(err)
		}
		if err := take(int64(le32(frame[4:]))); err != nil {
			return fail(err)
		}
		return frame, magic, big, nil
	case magic != zstdFrameMagic:
		return fail(fmt.Errorf("a frame's magic number is %#08x", magic))
	}
	// The frame header: its descriptor says which fields follow.
	if err := take(1); err != nil {
		return fail(err)
	}
	fhd := frame[len(frame)-1]
	if fhd&0x08 != 0 {
		return fail(errors.New("a frame header's reserved bit is set"))
	}
	single := fhd&0x20 != 0
	n := int64([]int{0, 1, 2, 4}[fhd&3]) // the dictionary id
	if !single {
		n++ // the window descriptor
	}
	switch fhd >> 6 { // the content size
	case 0:
		if single {
			n++
		}
	case 1:
		n += 2
	case 2:
		n += 4
	case 3:
		n += 8
	}
	if err := take(n); err != nil {
		return fail(err)
	}
	for {
		var h [3]byte
		if _, err := io.ReadFull(in, h[:]); err != nil {
			return fail(err)
		}
		if !big {
			frame = append(frame, h[:]...)
		}
		header := uint32(h[0]) | uint32(h[1])<<8 | uint32(h[2])<<16
		size := int64(header >> 3)
		switch (header >> 1) & 3 {
		case 1: // RLE: one byte, repeated
			size = 1
		case 3:
			return fail(errors.New("a block of the reserved type"))
		}
		if err := take(size); err != nil {
			return fail(err)
		}
		if header&1 != 0 {
			break
		}
	}
	if fhd&0x04 != 0 { // the content checksum
		if err := take(4); err != nil {
			return fail(err)
		}
	}
	return frame, magic, big, nil
}
