// Package minhash estimates the Jaccard similarity of sets of uint64
// features with MinHash signatures, finds candidate pairs with a
// locality-sensitive hashing (LSH) index over roaring bitmaps, and computes
// exact Jaccard and containment to verify them. It knows nothing of text:
// features are any well-mixed 64-bit hashes (copydesk feeds it shingle
// hashes).
//
// # Signatures
//
// A Signer computes K-value signatures under one of four schemes; two sets'
// signatures agree in each slot with probability J, their Jaccard
// similarity, and Estimate returns the fraction of agreeing slots.
//
//   - FastSimilarity (default): Fast Similarity Sketching, S. Dahlgaard,
//     M. B. T. Knudsen, M. Thorup, FOCS 2017 (arXiv:1704.04370).
//   - OnePermutation: one-permutation hashing (P. Li, A. Owen, C.-H. Zhang,
//     NIPS 2012) with optimal densification (A. Shrivastava, ICML 2017).
//   - Classic: K independent xor-multiply hash functions (A. Broder, 1997).
//   - SuperMinHash: O. Ertl, arXiv:1706.05698, 2017.
//
// The default was chosen by measurement, as the fastest scheme whose
// estimate's root mean square error stays within 1.1× classic MinHash's
// standard error √(J(1−J)/K) at every set size (TestDefaultErrorWithinClassic
// derives its statistical bounds). Measured with K = 128, 3,000 trials per
// cell, J from 0.1 to 0.9, error as a multiple of classic's:
//
//	features      8     32     64    128   1024
//	fast-sim   0.71   0.71   0.71   0.74   0.93
//	one-perm   1.24   1.18   1.10   0.99   0.95
//	superminh  0.68   0.71     -    0.74   0.87 (512)
//
// Signing time per set, one core (BenchmarkSign; ns):
//
//	features     30    500   5000
//	one-perm   1669   1498  13447
//	fast-sim   1677   2970  17063
//	superminh 18606  45138 112834
//	classic    3719  62954 576219
//
// One-permutation hashing is fastest but misses the bound on sets of fewer
// than about 64 features (headlines, short items, single sentences), where
// densification copies a few samples many times; Fast Similarity Sketching
// fills empty bins with fresh samples instead, and costs at most 2× as much
// (a second pass over the features while any bin is empty).
//
// K = 128 (DefaultK): the standard error √(J(1−J)/K) is 0.035 at J = 0.8,
// small beside the 0.1 to 0.2 between a near-duplicate and a mere sharer of
// passages, and a signature is 1 KiB. Candidates are verified exactly, so
// estimate error costs only recall near the threshold.
//
// The signature of an empty set holds only Empty; it estimates 0 against
// everything, itself included, and the index buckets it nowhere.
//
// # LSH
//
// Index cuts signatures into Bands bands of Rows values (Params), keys each
// band by xxhash64 of its values, and keeps, per band key, the ids of the
// sets that share it: a single id inline, a few listed in an array the
// band's buckets share, a roaring bitmap past eight, in an open-addressing
// table of its own for each band (buckets.go). Two sets of similarity J
// become candidates with probability 1 − (1 − J^Rows)^Bands
// (TestCandidateRate checks it empirically).
// OptimalParams picks the banding for a threshold by minimising weighted
// false-positive and false-negative probability mass.
//
// # Limits
//
// Ids are dense uint32s below 2³¹ − 1; the index holds Bands keys per id in memory and is
// not persisted (FormatVersion names the functions for when it is). A band
// key shared by very many sets (boilerplate) makes Pairs quadratic in that
// bucket's size.
package minhash
