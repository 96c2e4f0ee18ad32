package shingle

import (
	"encoding/binary"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// tokenStrings renders the tokens of text as "text/kind" strings.
func tokenStrings(text string) []string {
	var out []string
	for _, t := range AppendTokens(nil, []byte(text)) {
		out = append(out, text[t.Start:t.End]+"/"+t.Kind.String())
	}
	return out
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"Putin thanked Trump.", "Putin/word thanked/word Trump/word"},
		{"U.S. President", "U.S/word President/word"},
		{"the U.S-Russia talks", "the/word U.S-Russia/word talks/word"},
		{"the U.S.-Russia talks", "the/word U.S.-Russia/word talks/word"},
		{"2,900 Russian citizens", "2,900/number Russian/word citizens/word"},
		{"3.5 percent, 10:30 a.m.", "3.5/number percent/word 10:30/number a.m/word"},
		{"re-establish the level", "re-establish/word the/word level/word"},
		{"Bashar al-Assad’s regime", "Bashar/word al-Assad’s/word regime/word"},
		{"Russia's and Russia’s", "Russia's/word and/word Russia’s/word"},
		{"the leaders' call", "the/word leaders/word call/word"},
		{"(@PressSec) December 17, 2017", "@PressSec/handle December/word 17/number 2017/number"},
		{"#MeToo, # alone", "#MeToo/hashtag alone/word"},
		{"shortly. https://t.co/EzRhqM52d8.", "shortly/word https://t.co/EzRhqM52d8/url"},
		{"see (www.rferl.org/a/1).", "see/word www.rferl.org/a/1/url"},
		{"(https://en.wikipedia.org/wiki/A_(b)) x", "https://en.wikipedia.org/wiki/A_(b)/url x/word"},
		{"Russia — Russian", "Russia/word Russian/word"},
		{"Russia—Russian", "Russia/word Russian/word"},
		{"1987–1990 and U.S.–Russia", "1987–1990/word and/word U.S.–Russia/word"},
		{"AT&T and S&P, but rock&roll", "AT&T/word and/word S&P/word but/word rock/word roll/word"},
		{"naïve café résumé", "naïve/word café/word résumé/word"},
		{"soft\u00adhyphen zero\u200bwidth", "soft\u00adhyphen/word zero\u200bwidth/word"},
		{"CIA鈥檚 help", "CIA/word 鈥/ideograph 檚/ideograph help/word"},
		{"need.鈥 /cbb", "need/word 鈥/ideograph cbb/word"},
		{"中国人民 ok", "中/ideograph 国/ideograph 人/ideograph 民/ideograph ok/word"},
		{"Москва, Россия", "Москва/word Россия/word"},
		{"bad \xff\xfe bytes", "bad/word bytes/word"},
		{"'90s kids", "90s/word kids/word"},
		{"end-", "end/word"},
		{"$5 and 50%", "5/number and/word 50/number"},
	}
	for _, tt := range tests {
		got := strings.Join(tokenStrings(tt.in), " ")
		if got != tt.want {
			t.Errorf("AppendTokens(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestScannerReuse(t *testing.T) {
	var sc Scanner
	for _, text := range []string{"one two", "", "three"} {
		sc.Reset([]byte(text))
		n := 0
		for sc.Scan() {
			n++
		}
		if want := len(strings.Fields(text)); n != want {
			t.Errorf("Scanner over %q: %d tokens, want %d", text, n, want)
		}
	}
}

func TestTokenKeys(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Russia’s", "russia's"},
		{"Russia's", "russia's"},
		{"RUSSIA‘S", "russia's"},
		{"U.S", "us"},
		{"US", "us"},
		{"U.S-Russia", "us-russia"},
		{"U.S.-Russia", "us-russia"},
		{"U.S.–Russia", "us-russia"},
		{"2,900", "2900"},
		{"40,000", "40000"},
		{"3.5", "3.5"},
		{"re-establish", "re-establish"},
		{"al-Assad’s", "al-assad's"},
		{"@PressSec", "@presssec"},
		{"https://t.co/EzRhqM52d8", "https://t.co/ezrhqm52d8"},
		{"Straße", "strasse"},
		{"ﬁnal", "final"}, // NFKC expands the ligature
		{"Ｒｕｓｓｉａ", "russia"},
		{"soft\u00adhyphen", "softhyphen"},
		{"ΣΊΣΥΦΟΣ", "σίσυφοσ"},
		{"a.m", "am"},
		{"t.co", "t.co"},
	}
	var n Normalizer
	for _, tt := range tests {
		toks := AppendTokens(nil, []byte(tt.in))
		if len(toks) != 1 {
			t.Errorf("%q: %d tokens, want 1", tt.in, len(toks))
			continue
		}
		got := string(n.AppendTokenKey(nil, []byte(tt.in), toks[0].Kind))
		if got != tt.want {
			t.Errorf("AppendTokenKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Russia’s “quote” – dash — dash… end", "russia's \"quote\" - dash - dash... end"},
		{"NBSP\u00a0here", "nbsp here"},
		{"ASCII ONLY", "ascii only"},
		{"\xff", "\ufffd"},
	}
	var n Normalizer
	for _, tt := range tests {
		if got := string(n.AppendFold(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("AppendFold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The ASCII fast path must give the bytes the full path gives.
func TestFoldASCIIFastPathAgrees(t *testing.T) {
	var n Normalizer
	for c := 0; c < 0x80; c++ {
		in := []byte{byte(c)}
		fast := n.AppendFold(nil, in)
		n.buf = append(n.buf[:0], in...)
		slow := n.appendCaseFold(nil, norm.NFKC.Bytes(n.buf))
		if string(fast) != string(slow) {
			t.Errorf("byte %#x: fast path %q, full path %q", c, fast, slow)
		}
	}
}

// eachWord calls fn with every eight bytes that are fill but for one
// byte, of every value, at every place: the words the SWAR tests check.
func eachWord(fills []byte, fn func(w [8]byte)) {
	for _, fill := range fills {
		for pos := range 8 {
			for b := range 256 {
				var w [8]byte
				for k := range w {
					w[k] = fill
				}
				w[pos] = byte(b)
				fn(w)
			}
		}
	}
}

// TestAlnum8 holds the eight-bytes-at-a-time classes to the table for
// every byte value at every place in a word, beside bytes of each kind.
func TestAlnum8(t *testing.T) {
	eachWord([]byte{'a', 'Z', '5', ' ', 0xC3, '@', '`', '{', '/', ':'}, func(w [8]byte) {
		alpha, digit := alnum8(binary.LittleEndian.Uint64(w[:]))
		for k, c := range w {
			gotA, gotD := alpha>>(8*k+7)&1 == 1, digit>>(8*k+7)&1 == 1
			if gotA != (asciiClass[c] == classLetter) || gotD != (asciiClass[c] == classDigit) {
				t.Fatalf("alnum8(%q) byte %d (%q): letter %v, digit %v", w, k, c, gotA, gotD)
			}
		}
	})
}

// TestLower8 holds the eight-bytes-at-a-time key to the tables for every
// byte value at every place, beside bytes of each kind: each byte's lower
// case and whether it is ASCII, and whether each first m bytes hold a full
// stop or a comma.
func TestLower8(t *testing.T) {
	eachWord([]byte{'a', 'Q', '.', ',', 0x01, 0x2d, 0x2f, 0xC3, 0x80, 0xff, 0x00}, func(w [8]byte) {
		lower, bad, stops := lower8(binary.LittleEndian.Uint64(w[:]))
		stop := false
		for k, c := range w {
			if c < 0x80 && byte(lower>>(8*k)) != keyByte[c] || c >= 0x80 && byte(lower>>(8*k)) != c {
				t.Fatalf("lower8(%q) byte %d: %q", w, k, byte(lower>>(8*k)))
			}
			if gotBad := bad>>(8*k+7)&1 == 1; gotBad != (c >= 0x80) {
				t.Fatalf("lower8(%q) byte %d: not ASCII %v", w, k, gotBad)
			}
			stop = stop || c == '.' || c == ','
			if got := stops&(uint64(1)<<(8*(k+1))-1) != 0; got != stop {
				t.Fatalf("lower8(%q): a stop in the first %d bytes %v, want %v", w, k+1, got, stop)
			}
		}
	})
}
