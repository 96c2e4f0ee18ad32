//go:build race

package minhash

// raceOn says the tests run under the race detector, where the long
// statistical tests, which run on one goroutine, only cost time: they
// run in the suite's plain run.
const raceOn = true
