package shingle

// scanWordRef is scanWord as first written, a rune at a time with no
// ASCII shortcuts: the oracle that FuzzTokens holds scanWord to.
func scanWordRef(text []byte, i int) (end int, kind Kind) {
	digitsOnly := true
	var prev rune
	for i < len(text) {
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
		next, nsize := decodeRune(text, i+size)
		ok := false
		switch {
		case isIgnorable(r):
			ok = isWordRune(next) && !isIdeograph(next)
		case isApostrophe(r):
			ok = isLetter(prev) && isLetter(next) && !isIdeograph(next)
		case isHyphen(r):
			ok = isWordRune(next) && !isIdeograph(next)
		case r == '.':
			if isHyphen(next) {
				after, _ := decodeRune(text, i+size+nsize)
				ok = isWordRune(after) && !isIdeograph(after)
				if ok {
					digitsOnly = false
					i += size + nsize
					continue
				}
			} else {
				ok = isWordRune(next) && !isIdeograph(next)
			}
		case r == ',' || r == ':' || r == '/':
			ok = prev >= '0' && prev <= '9' && next >= '0' && next <= '9'
		case r == '&':
			ok = prev >= 'A' && prev <= 'Z' && next >= 'A' && next <= 'Z'
		}
		if !ok {
			break
		}
		if r != '.' && r != ',' && r != ':' && r != '/' {
			digitsOnly = false
		}
		i += size
	}
	if digitsOnly {
		return i, Number
	}
	return i, Word
}
