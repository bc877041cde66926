package transport

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"
)

// StatusError is an HTTP answer the reader could not use.
type StatusError struct {
	What       string // e.g. "stream http://host/v1/stream/x"
	Status     int
	RetryAfter time.Duration
	// Detail is the server's own explanation, when its answer gave one
	// (already cut short and sanitised by whoever read it).
	Detail string
}

func (e *StatusError) Error() string {
	text := http.StatusText(e.Status)
	hint := ""
	switch e.Status {
	case http.StatusUnauthorized:
		hint = " (check credentials)"
	case http.StatusGone:
		hint = " (gone: deleted, or the offset fell out of retention)"
	}
	switch {
	case e.Detail != "" && e.Status == http.StatusUnauthorized:
		hint = ": " + e.Detail // says which credentials to check
	case e.Detail != "":
		hint += ": " + e.Detail
	}
	return fmt.Sprintf("%s: HTTP %d %s%s", e.What, e.Status, text, hint)
}

// ProtocolError is a response that breaks the protocol (missing offset
// header, bad control event, malformed body). Guessing would risk losing or
// repeating data, so it is never retried.
type ProtocolError struct {
	What string
	Msg  string
}

func (e *ProtocolError) Error() string { return e.What + ": " + e.Msg }

// Permanent reports whether retrying cannot help: 4xx other than 408 and 429,
// protocol violations, and certificates that are not trusted.
func Permanent(err error) bool {
	var te *TLSError
	if errors.As(err, &te) {
		return true
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status >= 400 && se.Status < 500 && se.Status != http.StatusRequestTimeout && se.Status != http.StatusTooManyRequests
	}
	var pe *ProtocolError
	return errors.As(err, &pe)
}

// NotFound reports a missing or deleted stream or session (404, 410).
func NotFound(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && (se.Status == http.StatusNotFound || se.Status == http.StatusGone)
}

// ErrIdle is the watchdog's verdict on a connection that went silent.
var ErrIdle = errors.New("connection idle")

// Unreachable reports errors that mean nothing listens at the address: a
// refused connection or an unknown host. Before the first answer they end the
// run at once, since the name or port is most likely wrong.
func Unreachable(err error) bool {
	var dnsErr *net.DNSError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dnsErr)
}
