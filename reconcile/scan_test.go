package reconcile

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// The eight-byte test of str ends a run exactly where the byte table
// would: at the first byte that is not ordinary (or, once the string is
// not plain, not a byte of a multi-byte character).
func TestRunEndAgreesWithTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pool := []byte{'"', '\\', 0x00, 0x1f, 0x20, 'a', '~', 0x7f, 0x80, 0xc3, 0xff, '!', '#', '[', ']'}
	for range 200000 {
		var w [8]byte
		for i := range w {
			if r.IntN(2) == 0 {
				w[i] = pool[r.IntN(len(pool))]
			} else {
				w[i] = byte(r.IntN(256))
			}
		}
		for _, plain := range []bool{true, false} {
			want := 8
			for i, c := range w {
				if !ordinary[c] && (plain || c < 0x80) {
					want = i
					break
				}
			}
			x := binary.LittleEndian.Uint64(w[:])
			if got := runEnd(x, plain); got != want {
				t.Fatalf("runEnd(% x, plain %v) = %d, want %d", w, plain, got, want)
			}
			if load8(string(w[:]), 0) != x {
				t.Fatalf("load8(% x) = %x, want %x", w, load8(string(w[:]), 0), x)
			}
		}
	}
}
