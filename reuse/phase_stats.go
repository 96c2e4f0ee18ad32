//go:build cdstats

package reuse

import (
	"fmt"
	"os"
	"time"
)

var phaseStart = time.Now()

// phase prints the time since the last phase ended to standard error.
func phase(name string) {
	fmt.Fprintf(os.Stderr, "%-12s %v\n", name, time.Since(phaseStart))
	phaseStart = time.Now()
}

// count prints a count to standard error.
func count(name string, n int) { fmt.Fprintf(os.Stderr, "  %-10s %d\n", name, n) }
