package shingle

import (
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/swar"
)

// Kind classifies a token.
type Kind uint8

const (
	Word      Kind = iota // letters and digits, with internal apostrophes, hyphens and stops: "Russia’s", "re-establish", "U.S", "G20"
	Number                // digits with internal separators: "2,900", "3.5", "10:30"
	URL                   // "https://t.co/EzRhqM52d8", "www.example.com/a"
	Handle                // "@PressSec"
	Hashtag               // "#MeToo"
	Ideograph             // one Han, Hiragana or Katakana character: scripts written without spaces
)

var kindNames = [...]string{"word", "number", "url", "handle", "hashtag", "ideograph"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Token is one token: the bytes text[Start:End] of the text it was scanned
// from. Offsets are UTF-8 byte offsets, End exclusive.
type Token struct {
	Start, End int
	Kind       Kind
}

// Scanner splits text into tokens, like bufio.Scanner splits a stream:
//
//	var sc shingle.Scanner
//	sc.Reset(text)
//	for sc.Scan() {
//		tok := sc.Token() // text[tok.Start:tok.End]
//	}
//
// Tokens are Unicode words. Apostrophes, hyphens (and the en dash) and full
// stops inside a word keep it whole ("al-Assad’s", "re-establish", "U.S",
// "U.S.-Russia"); commas, colons and slashes do so only between digits
// ("2,900", "10:30", "24/7"). A full stop that ends a word is not part of it,
// so "U.S." at the end of a sentence gives the token "U.S" and leaves the stop
// to the sentence splitter. "@PressSec" and "#tag" are one token with their
// sign; URLs starting "http://", "https://" or "www." are one token, trailing
// punctuation excluded. Each Han, Hiragana or Katakana character is a token of
// its own. Everything else (spaces, punctuation, symbols, invalid UTF-8) lies
// between tokens.
//
// The zero value is an empty scanner; Reset gives it text.
type Scanner struct {
	text []byte
	pos  int
	tok  Token
}

// Reset makes the scanner scan text from its start.
func (s *Scanner) Reset(text []byte) {
	s.text, s.pos, s.tok = text, 0, Token{}
}

// Token returns the token found by the last successful Scan.
func (s *Scanner) Token() Token { return s.tok }

// Scan advances to the next token and reports whether there was one.
func (s *Scanner) Scan() bool {
	text := s.text
	for i := s.pos; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case asciiClass[c] != 0:
				if l := c | 0x20; (l == 'h' || l == 'w') && isURLStart(text[i:]) {
					return s.emit(i, scanURL(text, i), URL)
				}
				end, kind := scanWord(text, i)
				return s.emit(i, end, kind)
			case c == '@' || c == '#':
				if r, _ := decodeRune(text, i+1); isWordRune(r) && !isIdeograph(r) {
					end, _ := scanWord(text, i+1)
					kind := Handle
					if c == '#' {
						kind = Hashtag
					}
					return s.emit(i, end, kind)
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if isIdeograph(r) {
			return s.emit(i, i+size, Ideograph)
		}
		if isWordRune(r) {
			end, kind := scanWord(text, i)
			return s.emit(i, end, kind)
		}
		i += size
	}
	s.pos = len(text)
	return false
}

func (s *Scanner) emit(start, end int, kind Kind) bool {
	s.tok = Token{Start: start, End: end, Kind: kind}
	s.pos = end
	return true
}

// AppendTokens appends the tokens of text to dst and returns the extended slice.
func AppendTokens(dst []Token, text []byte) []Token {
	var s Scanner
	s.Reset(text)
	for s.Scan() {
		dst = append(dst, s.tok)
	}
	return dst
}

// asciiJoin marks the ASCII bytes that may join two words into one token
// (scanWord's connectors): any other ASCII byte ends a word.
var asciiJoin = func() (t [utf8.RuneSelf]bool) {
	for _, c := range "'-.,:/&" {
		t[c] = true
	}
	return t
}()

// asciiRun returns the end of the run of ASCII letters and digits that
// starts at text[i], and whether it holds a letter. It reads eight bytes
// at a time where it can (alnum8), so that a word's end costs no
// mispredicted branch a byte.
func asciiRun(text []byte, i int) (end int, letters bool) {
	for i+8 <= len(text) {
		alpha, digit := alnum8(swar.Load(text, i))
		n := swar.First(^(alpha | digit) & swar.Highs) // bytes of the run here
		if n < 8 {
			keep := uint64(1)<<(8*n) - 1
			return i + n, letters || alpha&keep != 0
		}
		letters = letters || alpha != 0
		i += 8
	}
	for ; i < len(text) && asciiClass[text[i]] != 0; i++ {
		letters = letters || asciiClass[text[i]] == classLetter
	}
	return i, letters
}

// alnum8 marks, in the high bit of each byte of x, the ASCII letters
// (alpha) and digits (digit) among its eight bytes (package swar).
func alnum8(x uint64) (alpha, digit uint64) {
	return swar.Between(x|0x20*swar.Ones, 'a', 'z'), swar.Between(x, '0', '9') // letters lower-cased
}

// asciiClass classes the ASCII word bytes, as letters (classLetter) or
// digits (classDigit); every other byte is 0.
var asciiClass = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = classLetter, classLetter
	}
	return t
}()

const (
	classLetter = 1
	classDigit  = 2
)

// decodeRune decodes the rune at text[i:], returning utf8.RuneError and 0 at
// the end of text.
func decodeRune(text []byte, i int) (rune, int) {
	if i >= len(text) {
		return utf8.RuneError, 0
	}
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRune(text[i:])
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r] != 0
	}
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsNumber(r)
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

func isIdeograph(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02BC' }
func isHyphen(r rune) bool     { return r == '-' || r == '\u2010' || r == '\u2011' || r == '\u2013' }

// scanWord scans the word or number that starts at text[i] (a word rune) and
// returns its end and kind.
func scanWord(text []byte, i int) (end int, kind Kind) { return scanWordBy(text, i, true) }

// scanWordBy is scanWord with its ASCII shortcuts, or without them (rune
// by rune, the reference its tests hold the shortcuts to).
func scanWordBy(text []byte, i int, shortcuts bool) (end int, kind Kind) {
	digitsOnly := true
	var prev rune
	for i < len(text) {
		if c := text[i]; shortcuts && c < utf8.RuneSelf {
			// The common cases, without decoding: a run of ASCII letters
			// and digits goes on, an ASCII byte that joins no words ends
			// the word.
			if asciiClass[c] != 0 {
				j, letters := asciiRun(text, i)
				if letters {
					digitsOnly = false
				}
				prev, i = rune(text[j-1]), j
				continue
			}
			// A connector joins only before a word byte, a hyphen or
			// another rune ("U.S.-Russia", "al‑Assad"): before
			// an ASCII space or sign, or at the end, it ends the word.
			if !asciiJoin[c] || i+1 == len(text) || text[i+1] < utf8.RuneSelf && asciiClass[text[i+1]] == 0 && text[i+1] != '-' {
				break
			}
		}
		r, size := decodeRune(text, i)
		if isIdeograph(r) {
			break
		}
		if isWordRune(r) {
			if r < '0' || r > '9' {
				digitsOnly = false
			}
			prev = r
			i += size
			continue
		}
		n, number := connector(text, i, r, size, prev)
		if n == 0 {
			break
		}
		if !number {
			digitsOnly = false
		}
		i += n
	}
	if digitsOnly {
		return i, Number
	}
	return i, Word
}

// connector returns how many bytes of text, from the connector r at
// text[i] (size bytes, after the word rune prev), join the word to a word
// rune that follows, 0 if none do, and whether a number stays a number
// past them.
func connector(text []byte, i int, r rune, size int, prev rune) (n int, number bool) {
	next, nsize := decodeRune(text, i+size)
	joins := isWordRune(next) && !isIdeograph(next)
	switch {
	case isIgnorable(r), isHyphen(r):
		if joins {
			return size, false
		}
	case isApostrophe(r):
		if isLetter(prev) && isLetter(next) && !isIdeograph(next) {
			return size, false
		}
	case r == '.' && isHyphen(next):
		// "U.S.-Russia": a stop and a hyphen between two words.
		if after, _ := decodeRune(text, i+size+nsize); isWordRune(after) && !isIdeograph(after) {
			return size + nsize, false
		}
	case r == '.':
		if joins {
			return size, true
		}
	case r == ',' || r == ':' || r == '/':
		if prev >= '0' && prev <= '9' && next >= '0' && next <= '9' {
			return size, true
		}
	case r == '&':
		if prev >= 'A' && prev <= 'Z' && next >= 'A' && next <= 'Z' {
			return size, false
		}
	}
	return 0, false
}

// isURLStart reports whether b starts with "http://", "https://" or "www."
// followed by a word character (ASCII case-insensitive).
func isURLStart(b []byte) bool {
	lower := func(i int) byte {
		if i >= len(b) {
			return 0
		}
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		return c
	}
	has := func(p string) bool {
		for i := 0; i < len(p); i++ {
			if lower(i) != p[i] {
				return false
			}
		}
		return true
	}
	switch lower(0) {
	case 'h':
		return has("http://") || has("https://")
	case 'w':
		return has("www.") && lower(4) != 0 && asciiClass[lower(4)&0x7f] != 0
	}
	return false
}

// scanURL returns the end of the URL that starts at text[i]: up to white
// space, an angle bracket, a quotation mark or an ideograph, less trailing
// punctuation (and closing parentheses that open nowhere in the URL).
func scanURL(text []byte, i int) int {
	start := i
	for i < len(text) {
		r, size := decodeRune(text, i)
		if r == utf8.RuneError && size <= 1 || unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' ||
			r == '\u201C' || r == '\u201D' || r == '\u2018' || r == '\u2019' || r == '\u00AB' || r == '\u00BB' || isIdeograph(r) {
			break
		}
		i += size
	}
	depth := 0 // unmatched "(" in the URL
	for j := start; j < i; j++ {
		switch text[j] {
		case '(':
			depth++
		case ')':
			depth--
		}
	}
	for i > start {
		c := text[i-1]
		if c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == ']' || c == '}' || (c == ')' && depth < 0) {
			if c == ')' {
				depth++
			}
			i--
			continue
		}
		break
	}
	return i
}
