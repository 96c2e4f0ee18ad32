package reuse

import (
	"slices"
)

// posting is one shingle of one unit; unit is a corpus-wide unit id.
type posting struct {
	hash uint64
	unit uint32
	doc  uint32
}

// candidatePairs returns the pairs of units from different documents that
// share at least one shingle, as ua<<32 | ub with ua < ub, sorted and
// distinct: exact shingle postings (an inverted index), not a sketch, so a
// unit pair sharing a K-word run is always a candidate. A shingle found in
// more than maxDocs documents is passed over (boilerplate, a stock phrase)
// and counted in skipped; other shingles of the same units still pair them.
func candidatePairs(ps []posting, maxDocs int) (pairs []uint64, skipped int) {
	slices.SortFunc(ps, func(a, b posting) int {
		if a.hash != b.hash {
			if a.hash < b.hash {
				return -1
			}
			return 1
		}
		return int(a.unit) - int(b.unit)
	})
	for i := 0; i < len(ps); {
		j := i + 1
		docs := 1
		for j < len(ps) && ps[j].hash == ps[i].hash {
			if ps[j].doc != ps[j-1].doc {
				docs++ // units of one document are contiguous ids
			}
			j++
		}
		switch {
		case docs < 2:
		case docs > maxDocs:
			skipped++
		default:
			run := ps[i:j]
			for x := range run {
				for y := x + 1; y < len(run); y++ {
					if run[x].doc != run[y].doc {
						pairs = append(pairs, uint64(run[x].unit)<<32|uint64(run[y].unit))
					}
				}
			}
		}
		i = j
	}
	slices.Sort(pairs)
	return slices.Compact(pairs), skipped
}
