package corpus

// Reading on several goroutines, documents delivered in input order.
//
// The reader (files.go) runs on the Source's goroutine: it walks the
// folders, opens each file, reads its bytes, and cuts a stream into its
// parts (an mbox's messages, a web archive's records). What takes the
// time once the bytes are read is a job, run on one of Options.Workers
// goroutines: a page's HTML parsed and its main text found, a message's
// parts decoded, a feed's or a workbook's XML read, text decoded and
// repaired, its page chrome found (prepare). Each job's documents and
// skips, and those the reader's own goroutine makes, are delivered in
// the order the reader met them, whatever the number of workers; what
// depends on that order (an id that an earlier document has, renamed; a
// feed's item or a page read again) is decided as they are delivered
// (delivery). At most a window of jobs, and of the bytes they hold, is
// in flight, as in Map.

import (
	"fmt"
	"sync"

	"github.com/cespare/xxhash/v2"
)

// output is a document, or a skip, of the input.
type output struct {
	doc  Doc
	skip *Skip
}

// prepare is what a document read needs before its turn: its page
// chrome found (a skip if it has nothing else; its title is no chrome:
// ChromeOf), a plain text's headline taken as its title.
func prepare(d Doc) output {
	d.Boilerplate = ChromeOf(d.Text, d.Title)
	if onlyChrome(d.Text, d.Boilerplate) {
		return output{skip: &Skip{ID: d.ID, Path: d.Path, Reason: "only page chrome, no article text"}}
	}
	if d.plain && d.Title == "" {
		d.Title = headline(d.Text, d.Boilerplate)
	}
	return output{doc: d}
}

// seen says that a document is a feed's item or a web archive's page,
// which is skipped if an earlier one had its key (its guid, its address)
// and text: what it is ("item", "page"), and whether such a skip is no
// reason for Strict to stop.
type seen struct {
	key, what string
	hidden    bool
}

// delivery delivers documents and skips, in input order, to a Source's
// callbacks: an item or page read again skipped, the document's id
// renamed if an earlier one had it (unless ids is nil).
type delivery struct {
	doc   func(Doc) error
	skip  func(Skip) error
	ids   *IDs
	items map[string]feedSeen // the items and pages read, by key (seen)
}

func (dl *delivery) arrive(o output) error {
	if o.skip != nil {
		return dl.skip(*o.skip)
	}
	d := o.doc
	if d.seen != nil {
		if skip, note := dl.again(d.seen.key, d.ID, d.Path, d.Text); skip != "" {
			return dl.skip(Skip{ID: d.ID, Path: d.Path, Reason: "the " + d.seen.what + " " + skip, Hidden: d.seen.hidden})
		} else if note != "" {
			d.Note = joinNote(d.Note, "a new version of the "+d.seen.what+" "+note)
		}
		d.seen = nil
	}
	if dl.ids != nil {
		dl.ids.Rename(&d)
	}
	return dl.doc(d)
}

// feedSeen is an item or page read before (seen): the document it was,
// and a hash of its text.
type feedSeen struct {
	id, path string
	sum      uint64
}

// again looks up key (a feed item's guid, a web archive's address) among
// the items read before, and records this one, id at path, with text:
// skip is what to say of it if one had the same text ("X (place) read
// again, the same text"), else note names an earlier version ("X
// (place)"), else both are "".
func (dl *delivery) again(key, id, path string, text []byte) (skip, note string) {
	if dl.items == nil {
		dl.items = map[string]feedSeen{}
	}
	sum := xxhash.Sum64(text)
	prev, ok := dl.items[key]
	if ok && prev.sum == sum {
		return fmt.Sprintf("%s (%s) read again, the same text", prev.id, prev.path), ""
	}
	dl.items[key] = feedSeen{id: id, path: path, sum: sum}
	if ok {
		return "", fmt.Sprintf("%s (%s)", prev.id, prev.path)
	}
	return "", ""
}

// jobBytes bounds the bytes held by jobs not yet delivered, beyond one:
// 4 MiB a worker, at least 16 MiB. A JSON Lines file's batches of
// records (a megabyte at most) keep two workers busy with a few in
// flight, and with mapBytes (64 MiB) they held 40 MB more than the
// command needed (copydesk dupes on 61 MB of JSON Lines: 158 MB
// resident against 140 MB, no faster).
func jobBytes(workers int) int64 { return max(16<<20, int64(workers)*(4<<20)) }

// jobs runs a reader's jobs on workers and delivers their outputs, and
// those of the reader's goroutine, in turn.
type jobs struct {
	work      chan job
	done      chan jobDone
	ring      []slot // sequence number s at ring[s%len(ring)]
	seq, next int    // the next sequence number to give, and to deliver
	held      int64  // bytes of the jobs not yet delivered
	maxHeld   int64  // jobBytes
	arrive    func(output) error
	err       error // the first error arrive returned, or a job: nothing more is delivered
	wg        sync.WaitGroup
	// read, if not nil, is told of the bytes read (Options.Read) as what
	// was read from them is delivered; unread is those read since the
	// last sequence number was given, which the next one is credited.
	read   func(int)
	unread int
}

type job struct {
	seq int
	sub reader // the reader as the job was made: its file's note, its limits
	run func(*reader) error
}

type jobDone struct {
	seq  int
	outs []output
	err  error
}

type slot struct {
	ready bool
	size  int64
	read  int // bytes read before the slot was given, told as it is delivered
	outs  []output
	err   error
}

func newJobs(workers int, arrive func(output) error) *jobs {
	window := max(64*workers, 256)
	// Neither channel can block a sender for long: at most window jobs
	// are in flight, and each channel holds that many.
	j := &jobs{work: make(chan job, window), done: make(chan jobDone, window), ring: make([]slot, window), arrive: arrive, maxHeld: jobBytes(workers)}
	for range workers {
		j.wg.Add(1)
		go func() {
			defer j.wg.Done()
			for jb := range j.work {
				j.done <- jb.do()
			}
		}()
	}
	return j
}

// do runs the job with a reader of its own that keeps what it delivers.
func (jb job) do() jobDone {
	var outs []output
	sub := jb.sub
	sub.jobs, sub.read = nil, nil
	sub.doc = func(d Doc) error { outs = append(outs, prepare(d)); return nil }
	sub.skip = func(s Skip) error { outs = append(outs, output{skip: &s}); return nil }
	err := jb.run(&sub)
	return jobDone{jb.seq, outs, err}
}

// take returns the next sequence number, for something holding size
// bytes, delivering what is done to keep within the window and maxHeld.
func (j *jobs) take(size int64) int {
	for j.seq-j.next == len(j.ring) || j.seq > j.next && j.held+size > j.maxHeld {
		j.receive()
	}
	s := j.seq
	j.seq++
	j.held += size
	sl := &j.ring[s%len(j.ring)]
	sl.size, sl.read, j.unread = size, j.unread, 0
	return s
}

func (j *jobs) receive() {
	d := <-j.done
	sl := &j.ring[d.seq%len(j.ring)]
	sl.ready, sl.outs, sl.err = true, d.outs, d.err
	j.flush()
}

// flush delivers the outputs whose turn has come.
func (j *jobs) flush() {
	for sl := &j.ring[j.next%len(j.ring)]; sl.ready; sl = &j.ring[j.next%len(j.ring)] {
		if j.err == nil {
			j.err = sl.err
		}
		if sl.read > 0 && j.read != nil {
			j.read(sl.read)
		}
		for _, o := range sl.outs {
			if j.err != nil {
				break
			}
			j.err = j.arrive(o)
		}
		j.held -= sl.size
		*sl = slot{}
		j.next++
	}
}

// spawn runs fn on a worker with a copy of r; the job holds size bytes.
func (j *jobs) spawn(r *reader, size int64, fn func(*reader) error) error {
	if j.err != nil {
		return j.err
	}
	s := j.take(size)
	j.work <- job{seq: s, sub: *r, run: fn}
	return j.err
}

// ready delivers o, made on the reader's goroutine, in its turn.
func (j *jobs) ready(o output) error {
	if j.err != nil {
		return j.err
	}
	sl := &j.ring[j.take(0)%len(j.ring)]
	sl.ready, sl.outs = true, []output{o}
	j.flush()
	return j.err
}

// drain waits for the jobs in flight and delivers their outputs.
func (j *jobs) drain() error {
	for j.next < j.seq {
		j.receive()
	}
	return j.err
}

// close waits for the jobs in flight, delivers their outputs (none after
// an error), stops the workers, and returns the first error.
func (j *jobs) close() error {
	close(j.work)
	err := j.drain()
	j.wg.Wait()
	if j.unread > 0 && j.read != nil { // read after the last document: a file's end, a skipped file
		j.read(j.unread)
	}
	return err
}

// drain delivers what r's jobs have read so far, once they are done.
func (r *reader) drain() error {
	if r.jobs == nil {
		return nil
	}
	return r.jobs.drain()
}

// run runs fn, a reading that takes the time once its size bytes are
// read, as a job if r has workers, else at once.
func (r *reader) run(size int, fn func(*reader) error) error {
	if r.jobs == nil {
		return fn(r)
	}
	return r.jobs.spawn(r, int64(size), fn)
}
