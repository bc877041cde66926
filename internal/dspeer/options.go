package dspeer

import (
	"strconv"
	"time"
)

// Option configures the server started by Start.
type Option func(*config)

type config struct {
	dataDir       string
	port          int
	longPoll      time.Duration
	noCompression bool
}

// WithDataDir makes the server file-backed in dir (LMDB metadata plus log
// files), so Restart keeps streams and their offsets. Without it the server
// keeps everything in memory.
func WithDataDir(dir string) Option {
	return func(c *config) { c.dataDir = dir }
}

// WithPort binds a fixed port instead of a free one chosen by the kernel.
func WithPort(port int) Option {
	return func(c *config) { c.port = port }
}

// WithLongPollTimeout sets how long the server holds a long-poll (and the
// idle interval of its SSE keep-alive controls). The server's default is 30 s,
// too slow for tests that wait for a timeout.
func WithLongPollTimeout(d time.Duration) Option {
	return func(c *config) { c.longPoll = d }
}

// WithoutCompression turns off gzip/deflate responses, so bytes on the wire
// equal the stream bytes (useful when a proxy counts bytes).
func WithoutCompression() Option {
	return func(c *config) { c.noCompression = true }
}

// args renders the flags understood by testdata/peers/ds-server.mjs.
func (c config) args(port int) []string {
	args := []string{"--port", strconv.Itoa(port)}
	if c.dataDir != "" {
		args = append(args, "--data-dir", c.dataDir)
	}
	if c.longPoll > 0 {
		ms := max(c.longPoll.Milliseconds(), 1) // 0 would mean "answer at once"
		args = append(args, "--long-poll-ms", strconv.FormatInt(ms, 10))
	}
	if c.noCompression {
		args = append(args, "--no-compression")
	}
	return args
}
