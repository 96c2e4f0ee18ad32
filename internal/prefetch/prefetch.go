// Package prefetch asks the processor for a cache line ahead of its use.
//
// Loops that visit memory in no local order (units and tokens of a corpus
// in the scan, the buckets of an LSH index) wait on a cache miss at every
// step. When a loop knows the address of an item some steps before it
// reads it, Line has the line on its way meanwhile, and several misses
// overlap instead of following one another. It is a hint: it never
// faults, changes nothing a program can observe but its speed, and does
// nothing but return on platforms without the assembly (all but amd64,
// and the purego build).
package prefetch
