package corpus

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/seeds"
)

// appendChromeKeyRef is appendChromeKey as first written, a rune at a
// time with no table and no limit: what FuzzChromeKey holds the fast one
// and rightsNotice's folding of a sentence's first words to.
func appendChromeKeyRef(dst, line []byte) []byte {
	n := len(dst)
	space := false
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRune(line[i:])
		i += size
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' && len(dst) > n && !space:
			if space && len(dst) > n {
				dst = append(dst, ' ')
			}
			space = false
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		default:
			space = true
		}
	}
	key := dst[n:]
	if i := bytes.LastIndexByte(key, ' '); i > 0 && len(bytes.Trim(key[i+1:], "0123456789")) == 0 {
		dst = dst[:n+i]
	}
	return dst
}

// rightsNoticeRef is rightsNotice folding every sentence whole.
func rightsNoticeRef(line []byte) bool {
	if len(line) > maxNoticeLine {
		return false
	}
	found := false
	for len(line) > 0 {
		sent, rest, _ := bytes.Cut(line, []byte(". "))
		switch key := appendChromeKeyRef(nil, sent); {
		case copyrightLine(sent) || copyrightKey(key) || rightsPhrases[string(key)]:
			found = true
		case len(key) > 0:
			return false
		}
		line = bytes.TrimLeft(rest, " ")
	}
	return found
}

// FuzzChromeKey: appendChromeKey folds any line as the rune-at-a-time
// reference does, and rightsNotice, which folds no more of a sentence
// than its answer needs, answers as the reference that folds it whole.
func FuzzChromeKey(f *testing.F) {
	for _, s := range seeds.All() {
		for _, line := range bytes.Split(s.Text, []byte("\n")) {
			f.Add(line)
		}
	}
	for _, s := range []string{
		"Copyright 2017 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
		"This material may not be published, broadcast, rewritten or redistributed in any form or by any means 12",
		"This site and everything on it, its words and its pictures: all rights reserved 2017",
		"One two three four five six seven eight nine ten all rights reserved",
		"One two three four five six seven all rights reserved 2017", "One, two: three four five six seven eight all rights reserved 2017",
		"THE WIRE. ALL RIGHTS RESERVED.", "Some words here, all rights ReSeRvEd 2017", "Copyright The Wire, all rights reserved",
		"COPYRİGHT 2017 KELVİN", "Ünïcode — wörds – and-dashes -- here 42", "© 2017 RFE/RL", "(c) 2017", "copyright", "this",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		prefix := []byte("kept ")
		if got, want := appendChromeKey(bytes.Clone(prefix), line), appendChromeKeyRef(bytes.Clone(prefix), line); !bytes.Equal(got, want) {
			t.Fatalf("appendChromeKey(%q) = %q, want %q", line, got, want)
		}
		if got, want := rightsNotice(line), rightsNoticeRef(line); got != want {
			t.Fatalf("rightsNotice(%q) = %v, want %v", line, got, want)
		}
	})
}

// TestSignaturesQuick: signatures, which answers at once for a text with
// no line that opens with "--", finds what signatureBlocks finds line by
// line, on random texts of lines that are delimiters or nearly.
func TestSignaturesQuick(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	lines := []string{"--", "-- ", " --", "--\r", "---", "-- x", "Ann", "> quoted", "", "text -- here", "- -"}
	found := 0
	for range 20000 {
		var b []byte
		for range r.IntN(8) {
			b = append(b, lines[r.IntN(len(lines))]...)
			if r.IntN(6) > 0 {
				b = append(b, '\n')
			}
		}
		got, want := signatures(b), signatureBlocks(b)
		if !slices.Equal(got, want) {
			t.Fatalf("signatures(%q) = %v, want %v", b, got, want)
		}
		if len(want) > 0 {
			found++
		}
	}
	if found < 1000 {
		t.Fatalf("%d texts with a signature block: the test tests too little", found)
	}
}

// TestHasReserved: hasReserved finds "reserved" in any ASCII case at
// every offset around its eight-byte steps, beside v's and V's that start
// no such word, and nowhere else, as a byte-at-a-time search does.
func TestHasReserved(t *testing.T) {
	ref := func(s []byte) bool {
		for at := 0; at+len("reserved") <= len(s); at++ {
			if bytes.EqualFold(s[at:at+len("reserved")], []byte("reserved")) &&
				!bytes.ContainsFunc(s[at:at+len("reserved")], func(r rune) bool { return r >= utf8.RuneSelf || r == 'ſ' }) {
				return true
			}
		}
		return false
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, w := range []string{"reserved", "RESERVED", "ReSeRvEd", "reservEd", "reserve", "eserved", "preserved", "reser ved", "resevred", "vVvV", "re\xc5\xbfer\xc5\xbfed"} {
		for pad := range 20 {
			for tail := range 10 {
				b := make([]byte, 0, pad+len(w)+tail)
				for range pad {
					b = append(b, "vVa é"[rng.IntN(5)])
				}
				b = append(b, w...)
				for range tail {
					b = append(b, "vVb"[rng.IntN(3)])
				}
				if got, want := hasReserved(b), ref(b); got != want {
					t.Errorf("hasReserved(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}
