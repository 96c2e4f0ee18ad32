package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/copydesk/copydesk/corpus"
)

// progress is the progress bar on standard error while a corpus is read:
// the input bytes read of the total (whence the time left), the documents
// read and documents per second; once reading ends, the stage the run is
// in. A nil *progress shows nothing: newProgress returns nil unless
// standard error is a terminal and --quiet is off, so that logs and pipes
// get no control characters.
type progress struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	start time.Time
	shown time.Time // when the description last changed
	docs  int
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newProgress returns the progress bar for reading paths, drawn on w, or
// nil when show is false.
func newProgress(w io.Writer, show bool, paths []string) *progress {
	if !show {
		return nil
	}
	total, known := corpus.Size(paths...)
	if !known || total == 0 {
		total = -1 // a spinner, with no time left
	}
	p := &progress{w: w, start: time.Now()}
	p.bar = newBar(w, total, "reading")
	return p
}

// newBar returns a bar of max bytes, or a spinner if max is -1.
func newBar(w io.Writer, max int64, desc string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowBytes(max >= 0),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(24),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSpinnerType(14),
	)
}

// read counts input bytes read.
func (p *progress) read(n int) {
	if p != nil {
		p.bar.Add(n)
	}
}

// doc counts a document read, and shows the count and rate at most ten
// times a second.
func (p *progress) doc() {
	if p == nil {
		return
	}
	p.docs++
	if now := time.Now(); now.Sub(p.shown) >= 100*time.Millisecond {
		p.shown = now
		rate := float64(p.docs) / max(now.Sub(p.start).Seconds(), 1e-3)
		p.bar.Describe(fmt.Sprintf("reading: %d docs, %.0f docs/s", p.docs, rate))
	}
}

// stage replaces the bar, once reading is over, by a spinner naming what
// the run does next.
func (p *progress) stage(s string) {
	if p != nil {
		p.done()
		p.bar = newBar(p.w, -1, fmt.Sprintf("%s (%d docs read in %.1fs)", s, p.docs, time.Since(p.start).Seconds()))
		p.bar.RenderBlank()
	}
}

// done erases the bar.
func (p *progress) done() {
	if p != nil {
		p.bar.Finish()
		p.bar.Clear()
	}
}

// source is src with the bar fed: documents counted as they are read, and
// stage shown when reading ends.
func (p *progress) source(src corpus.Source, stage string) corpus.Source {
	if p == nil {
		return src
	}
	return func(doc func(corpus.Doc) error, skip func(corpus.Skip) error) error {
		err := src(func(d corpus.Doc) error {
			p.doc()
			return doc(d)
		}, skip)
		p.stage(stage)
		return err
	}
}
