package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// Exit codes are for scripts: 2 says the command line is wrong. But the Go
// runtime exits with 2 too when the program crashes (a panic in any
// goroutine) or runs out of memory, and neither can be caught in the
// process. So on Unix, copydesk runs its work in a child process, itself
// again with childEnv set, in which a usage error exits with childUsage;
// the parent, which does nothing else, maps childUsage to 2 and the
// runtime's 2 to exitCrash, says what happened, and passes every other
// code through. The child inherits standard input, output and error
// (so it sees the terminal as the parent would); a signal that stops
// the parent (SIGINT, SIGTERM, SIGHUP) is passed on to it, and a child
// killed by a signal makes the parent exit as the shells report it, 128
// plus the signal's number.

const (
	childEnv   = "COPYDESK_CHILD"
	childUsage = 64 // a usage error, in the child
	exitCrash  = 3  // the run crashed or ran out of memory
)

// supervise runs child, a copydesk in its own process, and returns the
// exit code the command should exit with, saying on stderr why if it
// crashed.
func supervise(child *exec.Cmd, stderr io.Writer) int {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	if err := child.Start(); err != nil {
		fmt.Fprintf(stderr, "copydesk: starting the work: %v\n", err)
		return exitFailure
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				child.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	err := child.Wait()
	close(done)
	return childCode(err, stderr)
}

// childCode maps the way the child ended to the command's exit code.
func childCode(err error, stderr io.Writer) int {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return exitOK
	case !errors.As(err, &exit):
		fmt.Fprintf(stderr, "copydesk: %v\n", err)
		return exitFailure
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	switch code := exit.ExitCode(); code {
	case childUsage:
		return exitUsage
	case exitUsage:
		fmt.Fprintf(stderr, "copydesk: the run crashed (see the Go runtime's message above: out of memory, or a bug to report with it) (exit %d)\n", exitCrash)
		return exitCrash
	default:
		return code
	}
}

// childCommand is copydesk run again with the same arguments and streams,
// as the child of supervise.
func childCommand(args []string) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	c := exec.Command(self, args...)
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
	c.Env = append(os.Environ(), childEnv+"=1")
	return c, nil
}
