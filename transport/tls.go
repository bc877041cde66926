package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
)

// TLSOptions say how servers are verified. The zero value verifies against
// the system roots, which is what every run gets unless asked otherwise.
type TLSOptions struct {
	CAFile   string // PEM certificates trusted in addition to the system roots
	Insecure bool   // skip verification entirely (--insecure)
}

// TLSConfig builds the TLS settings for o; nil means the defaults. A CA
// file that cannot be read or holds no certificate is an error, so a typo
// never silently falls back to the system roots.
func TLSConfig(o TLSOptions) (*tls.Config, error) {
	if o.Insecure {
		return &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12}, nil
	}
	if o.CAFile == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(o.CAFile)
	if err != nil {
		return nil, fmt.Errorf("--cacert: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("--cacert %s: no PEM certificate found", o.CAFile)
	}
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}

// TLSError is a TLS failure retrying cannot fix: an untrusted or
// mismatched certificate, or a server that does not speak TLS at all.
type TLSError struct {
	Err  error
	hint string
}

func (e *TLSError) Error() string { return e.Err.Error() + " " + e.hint }

func (e *TLSError) Unwrap() error { return e.Err }

// tlsHints turns certificate failures into TLSError with the flag that
// fixes them, so the one line the user sees says what to do.
type tlsHints struct{ next http.RoundTripper }

func (t tlsHints) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		err = withTLSHint(err)
	}
	return resp, err
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the
// wrapped transport.
func (t tlsHints) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

func withTLSHint(err error) error {
	var verify *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	switch {
	case errors.As(err, &verify), errors.As(err, &unknownCA), errors.As(err, &hostname), errors.As(err, &invalid):
		return &TLSError{Err: err, hint: "(for a private CA use --cacert FILE; --insecure skips verification)"}
	case errors.As(err, &record):
		return &TLSError{Err: err, hint: "(the server does not speak TLS: try http://)"}
	}
	return err
}
