// Package peers sets copydesk's near-duplicate search beside the Go
// MinHash and LSH libraries a user would otherwise pick, in one
// `go test -bench` run on one generated corpus (BenchmarkPeers), each doing
// the same job: sign every document's word-shingle set, index the
// signatures, and list the document pairs at or above a Jaccard threshold.
// Each is scored against the exact answer (Truth: every pair's exact
// Jaccard, by prefix filtering, which misses no pair).
//
// It is a module of its own so that copydesk's main module does not depend
// on its peers.
package peers
