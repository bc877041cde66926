package jsonarray

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestStringStopMatchesBytewise checks the eight-at-a-time test against
// the byte-by-byte rule on every byte value in every position, and on
// random words.
func TestStringStopMatchesBytewise(t *testing.T) {
	stop := func(w []byte) int {
		for i, c := range w {
			if c == '"' || c == '\\' || c < 0x20 {
				return i
			}
		}
		return 8
	}
	check := func(w []byte) {
		if got, want := stringStop(binary.LittleEndian.Uint64(w)), stop(w); got != want {
			t.Fatalf("stringStop(%q) = %d, want %d", w, got, want)
		}
	}
	for pos := range 8 {
		for c := range 256 {
			w := []byte("abcdefgh")
			w[pos] = byte(c)
			check(w)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	w := make([]byte, 8)
	for range 200_000 {
		binary.LittleEndian.PutUint64(w, r.Uint64())
		check(w)
	}
}

// TestSkipPlainStopsAtTheFirstStop checks the sixteen-at-a-time skip on
// runs of every length with a stop byte at every place (or none): it
// returns the first stop, or a place with fewer than eight bytes left and
// only plain bytes before it.
func TestSkipPlainStopsAtTheFirstStop(t *testing.T) {
	isStop := func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 }
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 70 {
		for at := -1; at < n; at++ {
			b := make([]byte, n)
			for k := range b {
				b[k] = byte(0x20 + r.IntN(0x60))
				if isStop(b[k]) { // '"' or '\\' drawn: make it plain
					b[k] = 'x'
				}
			}
			if at >= 0 {
				b[at] = []byte{'"', '\\', '\n', 0, 0x1f}[r.IntN(5)]
			}
			for from := range min(n, 9) {
				got := skipPlain(b, from)
				want := at
				if at < from {
					want = -1
				}
				switch {
				case got < from || got > n:
					t.Fatalf("n %d, stop at %d, from %d: returned %d, out of range", n, at, from, got)
				case want >= 0 && got == want:
				case want >= 0 && got < want && n-got < 8:
				case want < 0 && n-got < 8:
				default:
					t.Fatalf("n %d, stop at %d, from %d: returned %d", n, at, from, got)
				}
				for k := from; k < got; k++ {
					if isStop(b[k]) {
						t.Fatalf("n %d: skipped the stop at %d (returned %d)", n, k, got)
					}
				}
			}
		}
	}
}
