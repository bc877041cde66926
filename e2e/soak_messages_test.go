package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dstail/dstail/internal/dspeer"
)

// soakText is the multi-byte payload of message n: two-, three- and
// four-byte UTF-8 sequences, so that cuts inside a sequence have something
// to cut, and a length that varies with n.
func soakText(n int) string {
	return fmt.Sprintf("%05d·naïve-日本語-🎉%s", n, strings.Repeat("ж🙂", n%5))
}

// soakJSON is message n of a JSON soak stream.
type soakJSON struct {
	N int    `json:"n"`
	S string `json:"s"`
}

// soakSeq reads the message number from a --json record's data of a JSON
// soak stream, and checks that the rest of the message arrived intact.
// (Text soak streams are checked byte for byte: checkSoakText.)
func soakSeq(data json.RawMessage) (int, error) {
	var m soakJSON
	if err := json.Unmarshal(data, &m); err != nil {
		return 0, fmt.Errorf("not a soak message: %w", err)
	}
	if want := soakText(m.N); m.S != want {
		return 0, fmt.Errorf("message %d arrived as %q, want %q", m.N, m.S, want)
	}
	return m.N, nil
}

// soakWriter appends numbered soak messages to one stream in random
// batches. A server restart swaps the server under it: appends hold the
// read lock, the restart the write lock, so no append is ever in doubt
// (retrying one whose answer was lost could store it twice).
type soakWriter struct {
	mu          sync.RWMutex
	srv         *dspeer.Server
	stream      string
	contentType string
	splitRunes  bool       // a split may fall inside a UTF-8 sequence
	rng         *rand.Rand // used by the writing goroutine only
}

func (w *soakWriter) server() *dspeer.Server {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.srv
}

// swap runs restart, which returns the new server, while no append runs.
func (w *soakWriter) swap(restart func(old *dspeer.Server) *dspeer.Server) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.srv = restart(w.srv)
}

// write appends messages [from, to) in batches of up to eight, pausing
// 10-40 ms between appends, so faults land while the stream is live. Text batches are sometimes split at a
// random byte, which can fall inside a UTF-8 sequence when splitRunes.
func (w *soakWriter) write(from, to int) error {
	for i := from; i < to; {
		n := min(1+w.rng.IntN(8), to-i)
		if err := w.appendBatch(i, n); err != nil {
			return err
		}
		i += n
		time.Sleep(time.Duration(10+w.rng.IntN(30)) * time.Millisecond)
	}
	return nil
}

func (w *soakWriter) appendBatch(first, n int) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.contentType == "application/json" {
		batch := make([]soakJSON, n)
		for k := range batch {
			batch[k] = soakJSON{N: first + k, S: soakText(first + k)}
		}
		_, err := w.srv.TryAppendJSON(w.stream, batch)
		return err
	}
	var b strings.Builder
	for k := range n {
		b.WriteString(soakText(first+k) + "\n")
	}
	body := b.String()
	parts := []string{body}
	if w.rng.IntN(3) == 0 {
		cut := 1 + w.rng.IntN(len(body)-1)
		for !w.splitRunes && !utf8.RuneStart(body[cut]) {
			cut--
		}
		parts = []string{body[:cut], body[cut:]}
	}
	for _, part := range parts {
		if _, err := w.srv.TryAppend(w.stream, []byte(part)); err != nil {
			return err
		}
	}
	return nil
}
