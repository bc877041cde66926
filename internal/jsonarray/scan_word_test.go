package jsonarray

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestStopsStringMatchesBytewise checks the eight-at-a-time test against
// the byte-by-byte rule on every byte value in every position, and on
// random words.
func TestStopsStringMatchesBytewise(t *testing.T) {
	stops := func(w []byte) bool {
		for _, c := range w {
			if c == '"' || c == '\\' || c < 0x20 {
				return true
			}
		}
		return false
	}
	check := func(w []byte) {
		if got, want := stopsString(binary.LittleEndian.Uint64(w)), stops(w); got != want {
			t.Fatalf("stopsString(%q) = %v, want %v", w, got, want)
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
