package corpus

// Compressed files: name.gz (gzip, RFC 1952) and name.zst (Zstandard, RFC
// 8878), read as name is, unpacked as they are read. Datasets of news
// text ship as JSON Lines in zstd as often as in gzip; ArchiveTeam and
// other crawlers write web archives as .warc.zst (warc.go).

import (
	"bufio"
	"compress/gzip"
	"errors"
	"io"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// packing is how a file named name is compressed, by its extension:
// "gzip", "zstd" or "" for neither.
func packing(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".gz":
		return "gzip"
	case ".zst":
		return "zstd"
	}
	return ""
}

// unpacked is the name of a file named name once unpacked: without its
// ".gz" or ".zst".
func unpacked(name string) string {
	if packing(name) != "" {
		return strings.TrimSuffix(name, filepath.Ext(name))
	}
	return name
}

// unpack returns in unpacked as pack says, and what closes the unpacker;
// err says that in is not in that format.
func unpack(in io.Reader, pack string) (io.Reader, func(), error) {
	switch pack {
	case "gzip":
		zr, err := gzip.NewReader(in)
		if err != nil {
			return nil, nil, err
		}
		return zr, func() { zr.Close() }, nil
	case "zstd":
		br := bufio.NewReader(in)
		if head, _ := br.Peek(4); !zstdMagic(head) {
			return nil, nil, errors.New("no Zstandard frame at its start")
		}
		in = br
		// One goroutine: files are read one at a time, and the reader's
		// workers do the rest. A frame may ask for a window of up to
		// 128 MiB (zstd's --long), no more.
		zr, err := zstd.NewReader(in, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(128<<20))
		if err != nil {
			return nil, nil, err
		}
		return zr, zr.Close, nil
	}
	return in, func() {}, nil
}

// zstdMagic reports whether head starts a Zstandard frame or a skippable
// frame (RFC 8878 3.1).
func zstdMagic(head []byte) bool {
	if len(head) < 4 {
		return false
	}
	m := le32(head)
	return m == zstdFrameMagic || m&0xFFFFFFF0 == zstdSkippableMagic
}

// le32 is the little-endian number of b's first 4 bytes.
func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// The magic numbers of Zstandard's frames (RFC 8878 3.1.1, 3.1.2).
const (
	zstdFrameMagic     = 0xFD2FB528
	zstdSkippableMagic = 0x184D2A50 // the low 4 bits free
)

// packName is the name of a packing for people.
func packName(pack string) string {
	if pack == "zstd" {
		return "Zstandard"
	}
	return pack
}
