package corpus

import "fmt"

// IDs gives every document an id no earlier one has: a document whose id
// was seen before is renamed ID~2, ID~3 and so on (the first of those not
// taken), and its Note says so. Walk renames this way; a reader that sees
// only part of a corpus (Options.SameIDs) leaves it to whoever sees all of
// it, in input order. The zero value is ready to use.
type IDs struct {
	first map[string]string // id -> path of its first document
	uses  map[string]int    // id -> documents delivered under it
}

// Rename renames d if an earlier document had its id, and records its id.
func (x *IDs) Rename(d *Doc) {
	if x.first == nil {
		x.first, x.uses = map[string]string{}, map[string]int{}
	}
	if first, dup := x.first[d.ID]; dup {
		base := d.ID
		for {
			x.uses[base]++
			id := fmt.Sprintf("%s~%d", base, x.uses[base]+1)
			if _, taken := x.first[id]; !taken {
				d.ID = id
				break
			}
		}
		d.Note = joinNote(fmt.Sprintf("duplicate id %q (first read from %s): renamed %s", base, first, d.ID), d.Note)
	}
	x.first[d.ID] = d.Path
}
