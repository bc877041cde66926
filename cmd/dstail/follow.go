package main

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/dstail/dstail/client"
	"github.com/dstail/dstail/offsets"
)

// follow dispatches TARGET to the stream or session follower.
func follow(ctx context.Context, o *options, target string, stdout, stderr io.Writer) error {
	kind, where, err := resolveTarget(target, o.server)
	if err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	n := &noticePrinter{w: stderr, quiet: o.quiet}
	if err := o.buildHTTP(n); err != nil {
		return err
	}
	if kind == targetSession {
		return followSession(ctx, o, where, target, stdout, n)
	}
	return followStream(ctx, o, where, stdout, n)
}

func (o *options) validate() error {
	if o.live != "sse" && o.live != "long-poll" {
		return usagef("--live must be sse or long-poll, not %q", o.live)
	}
	if o.from == "" {
		return usagef("--from must be saved, start, now or an offset")
	}
	if o.idleTimeout < 0 || o.maxRetries < 0 || o.maxEventSize < 1<<10 {
		return usagef("--idle-timeout, --max-retries must not be negative and --max-event-size at least 1024")
	}
	_, err := o.header()
	return err
}

// buildHTTP applies --cacert and --insecure. A CA file that cannot be used
// is a usage error; --insecure always warns, even with --quiet.
func (o *options) buildHTTP(n *noticePrinter) error {
	cfg, err := client.TLSConfig(client.TLSOptions{CAFile: o.caCert, Insecure: o.insecure})
	if err != nil {
		return usagef("%v", err)
	}
	if o.insecure {
		n.printf("warning: --insecure: TLS certificates are not verified, so anyone on the network path can read and change this traffic")
	}
	o.http = client.NewHTTPClient(client.HTTPOptions{TLS: cfg})
	return nil
}

// header parses the -H values.
func (o *options) header() (http.Header, error) {
	h := http.Header{}
	for _, line := range o.headers {
		name, value, err := parseHeaderLine(line) // input_check.go
		if err != nil {
			return nil, err
		}
		h.Add(name, value)
	}
	return h, nil
}

// openPosition opens the saved position for key, unless --no-save. A corrupt
// file is a warning; a second dstail on the same key is an error.
func openPosition(o *options, key offsets.Key, n *noticePrinter) (*offsets.Saver, offsets.Position, bool, error) {
	if o.noSave {
		return nil, offsets.Position{}, false, nil
	}
	store, err := openStore(o)
	if err != nil {
		return nil, offsets.Position{}, false, err
	}
	saver, err := store.Open(key)
	if errors.Is(err, offsets.ErrLocked) {
		return nil, offsets.Position{}, false, errors.New("another dstail is already following " + key.Stream + " on " + key.Server + "; stop it, or run this one with --no-save")
	}
	if err != nil {
		return nil, offsets.Position{}, false, errors.New(err.Error() + " (use --no-save to follow without saving)")
	}
	pos, found, loadErr := saver.Loaded()
	if loadErr != nil {
		n.warn("ignoring saved position: %v", loadErr)
		found = false
	}
	return saver, pos, found, nil
}

func openStore(o *options) (*offsets.Store, error) {
	if o.stateDir != "" {
		return offsets.NewStore(o.stateDir), nil
	}
	return offsets.Default()
}

// commitPosition writes pos through once its batch is out. A failure (disk full) is
// reported once and retried by the flusher; the output itself goes on.
func commitPosition(s *offsets.Saver, pos offsets.Position, n *noticePrinter) {
	if s == nil {
		return
	}
	if err := s.Commit(pos); err != nil && !n.saveFailed {
		n.saveFailed = true
		n.warn("cannot save position (will retry): %v", err)
	}
}

// closeSaver flushes the last position; a failure there is worth an error,
// since the next run would repeat what this one printed.
func closeSaver(s *offsets.Saver, err error) error {
	if s == nil {
		return err
	}
	if cerr := s.Close(); cerr != nil && err == nil {
		return errors.New("saving position: " + cerr.Error())
	}
	return err
}

// redacted is a URL without credentials, for records and messages.
func redacted(raw string) string { return client.RedactURL(raw) }
