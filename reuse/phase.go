//go:build !cdstats

package reuse

// phase marks the end of a phase of Scan; a no-op unless built with the
// cdstats tag (phase_stats.go), which times the phases for profiling.
func phase(string) {}

func count(string, int) {}
