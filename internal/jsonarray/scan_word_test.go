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
