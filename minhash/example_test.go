package minhash_test

import (
	"fmt"

	"github.com/copydesk/copydesk/minhash"
)

// Two sets of 1,000 features that share 600: their MinHash signatures
// (seeded: the same bytes on every machine) estimate the Jaccard
// similarity (600 / 1,400) that Jaccard computes exactly from the sorted
// sets.
func ExampleSigner() {
	var a, b []uint64
	for i := range uint64(1000) {
		a = append(a, i*0x9E3779B97F4A7C15)
		b = append(b, (i+400)*0x9E3779B97F4A7C15)
	}
	s, err := minhash.NewSigner(minhash.Options{K: 256})
	if err != nil {
		fmt.Println(err)
		return
	}
	sa, sb := s.Sign(nil, a), s.Sign(nil, b)
	exact := minhash.Jaccard(minhash.SortUnique(a), minhash.SortUnique(b))
	fmt.Printf("exact %.3f, estimated %.2f\n", exact, minhash.Estimate(sa, sb))
	// Output:
	// exact 0.429, estimated 0.45
}
