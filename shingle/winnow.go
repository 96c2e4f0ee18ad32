package shingle

// AppendWinnowed appends to dst the hashes that winnowing (Schleimer,
// Wilkerson and Aiken, "Winnowing: local algorithms for document
// fingerprinting", SIGMOD 2003) selects from one run of shingle hashes:
// the least hash of every window of w consecutive hashes, the rightmost
// where several are least, each selection once. Two runs that share w
// consecutive hashes (w+K−1 words, with shingles of K words) share a
// selected hash, whatever surrounds them; about 2/(w+1) of the hashes of
// random text are selected. A run shorter than w selects its least hash.
// w < 1 selects every hash.
//
// The hashes must be of one run of text (a sentence): a window does not
// cross from one run into the next.
func AppendWinnowed(dst, hashes []uint64, w int) []uint64 {
	if w <= 1 {
		return append(dst, hashes...)
	}
	if len(hashes) == 0 {
		return dst
	}
	if len(hashes) <= w {
		return append(dst, hashes[least(hashes)])
	}
	last := -1
	for start := 0; start+w <= len(hashes); start++ {
		m := start + least(hashes[start:start+w])
		if m != last {
			dst = append(dst, hashes[m])
			last = m
		}
	}
	return dst
}

// least returns the place of the least hash of hs, the rightmost of equals.
// hs is not empty.
func least(hs []uint64) int {
	m := 0
	for i, h := range hs {
		if h <= hs[m] {
			m = i
		}
	}
	return m
}
