//go:build cdstats

package reuse

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync/atomic"
	"syscall"
	"time"
)

var phaseStart, phaseCPU, phaseSys = time.Now(), cpuTime(), sysTime()

// phasePeak is the most heap in objects (live or not yet collected) seen
// since the last phase ended, sampled every millisecond.
var phasePeak atomic.Uint64

// phaseLive is the most heap marked live by a collection that ended
// since the last phase ended: under a memory limit, the heap's floor.
var phaseLive atomic.Uint64

func init() {
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
		for range time.Tick(time.Millisecond) {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > phasePeak.Load() {
				phasePeak.Store(v)
			}
			if v := s[1].Value.Uint64(); v > phaseLive.Load() {
				phaseLive.Store(v)
			}
		}
	}()
}

// phase prints the time since the last phase ended to standard error, the
// CPU time the process spent in it (and of that, in the kernel: page
// faults, reads and writes), and the heap live after a collection.
func phase(name string) {
	cpu, sys := cpuTime(), sysTime()
	wall := time.Since(phaseStart)
	if os.Getenv("CDSTATS_NOGC") == "" { // set it to see the collector's own rhythm (GODEBUG=gctrace=1)
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if name == os.Getenv("CDSTATS_HEAP") {
		// The live heap by allocation site, at the end of this phase.
		if f, err := os.Create("/tmp/cdstats-heap.prof"); err == nil {
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}
	fmt.Fprintf(os.Stderr, "%-12s %6.0f ms  cpu %6.0f ms  sys %5.0f ms  live %6.0f MiB  peak %6.0f MiB  most marked %6.0f MiB\n", name,
		float64(wall)/1e6, float64(cpu-phaseCPU)/1e6, float64(sys-phaseSys)/1e6, float64(ms.HeapAlloc)/(1<<20), float64(phasePeak.Swap(0))/(1<<20), float64(phaseLive.Swap(0))/(1<<20))
	phaseStart, phaseCPU, phaseSys = time.Now(), cpu, sys
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// sysTime is the CPU time the process has spent in the kernel.
func sysTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Stime.Nano())
}

// count prints a count to standard error.
func count(name string, n int) { fmt.Fprintf(os.Stderr, "  %-10s %d\n", name, n) }
