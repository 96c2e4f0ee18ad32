//go:build cdstats

package reuse

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

var phaseStart, phaseCPU = time.Now(), cpuTime()

// phase prints the time since the last phase ended to standard error, and
// the CPU time the process spent in it.
func phase(name string) {
	cpu := cpuTime()
	fmt.Fprintf(os.Stderr, "%-12s %6.0f ms  cpu %6.0f ms\n", name,
		float64(time.Since(phaseStart))/1e6, float64(cpu-phaseCPU)/1e6)
	phaseStart, phaseCPU = time.Now(), cpu
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// count prints a count to standard error.
func count(name string, n int) { fmt.Fprintf(os.Stderr, "  %-10s %d\n", name, n) }
