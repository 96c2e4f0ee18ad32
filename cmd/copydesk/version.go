package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/copydesk/copydesk/archive"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
	"github.com/copydesk/copydesk/shingle"
)

// writeVersion writes what a report's reader needs to know of the build:
// its module version and source revision (with the Go that built it), and
// the versions of the persisted hashes and report formats, which say
// whether two runs' outputs compare.
func writeVersion(w io.Writer) {
	version, revision, when, modified := "(devel)", "", "", false
	if info, ok := debug.ReadBuildInfo(); ok {
		version = info.Main.Version
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	fmt.Fprintf(w, "copydesk %s", version)
	if revision != "" {
		fmt.Fprintf(w, " %.12s %s", revision, when)
		if modified {
			fmt.Fprint(w, " (modified)")
		}
	}
	fmt.Fprintf(w, ", %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "shingle hashes v%d, MinHash signatures v%d, scan reports v%d, dupes reports v%d, archives v%d (fingerprints v%d)\n",
		shingle.HashVersion, minhash.FormatVersion, report.ScanVersion, report.DupesVersion, archive.FormatVersion, reuse.FingerprintVersion)
}
