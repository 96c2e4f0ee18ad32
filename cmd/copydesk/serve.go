package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/copydesk/copydesk/archive"
	"github.com/copydesk/copydesk/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("archive", "", "the archive to serve (made if there is none)")
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on; port 0 picks a free one")
	maxBody := fs.Int64("max-body", serve.DefaultMaxBody, "the largest request body, in bytes (413 past it)")
	readTimeout := fs.Duration("read-timeout", time.Minute, "the longest a request may take to arrive")
	writeTimeout := fs.Duration("write-timeout", 5*time.Minute, "the longest a request may take from its headers to its answer's end")
	wide := fs.Int("wide-docs", archive.DefaultWideDocs, "as copydesk archive check --wide-docs")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: copydesk serve --archive ARCHIVE [flags]

Serves an archive over HTTP, for a content management system:
  POST /check   one article as a JSON object ({"id", "text", and optionally
                "outlet", "published", "title", "url"}) or several as JSON
                Lines: the report of copydesk archive check, as JSON, or
                ?format=html, text or csv; ?add=1 adds them once checked
  POST /add     the same bodies: adds them; JSON of what was done
  GET  /healthz 200 and the archive's statistics
Checks run side by side while one add at a time writes. SIGTERM or SIGINT
stops taking requests, lets those running finish, and closes the archive.

Flags:
%s
Exit status: 0 after a clean stop, 1 on failure, 2 on a usage error.
`, fs.FlagUsages())
	}
	usageErr := usageError("serve", stderr)
	if code, done := parseFlags(fs, args, usageErr, stdout); done {
		return code
	}
	switch {
	case *path == "":
		return usageErr("no --archive given")
	case fs.NArg() > 0:
		return usageErr("unexpected arguments %q", fs.Args())
	case *maxBody < 1:
		return usageErr("--max-body %d is less than 1", *maxBody)
	case *wide == 0 || *wide < -1:
		return usageErr("--wide-docs %d is not a number of documents or -1", *wide)
	}
	a, code := openArchive("serve", *path, archive.Options{Create: true}, stderr)
	if a == nil {
		return code
	}
	defer a.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return failed("serve", err, stderr)
	}
	srv := &http.Server{
		Handler:           serve.New(a, serve.Options{MaxBody: *maxBody, Check: archive.CheckOptions{WideDocs: *wide}}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       *readTimeout,
		WriteTimeout:      *writeTimeout,
		IdleTimeout:       2 * time.Minute,
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	fmt.Fprintf(stderr, "copydesk serve: %s on http://%s\n", *path, ln.Addr())
	select {
	case err := <-done:
		return failed("serve", err, stderr)
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "copydesk serve: stopping: letting running requests finish")
	shut, cancel := context.WithTimeout(context.Background(), *writeTimeout)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "copydesk serve: stopping: %v\n", err)
	}
	if err := a.Close(); err != nil {
		return failed("serve", err, stderr)
	}
	fmt.Fprintln(stderr, "copydesk serve: stopped")
	return exitOK
}
