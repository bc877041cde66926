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

// skipRun, sixteen bytes at a time, stops at the first byte that ends a
// run, or where fewer than eight bytes are left with only run bytes before.
func TestSkipRunStopsAtTheFirstEnd(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ends := func(c byte, plain bool) bool { return !ordinary[c] && (plain || c < 0x80) }
	for range 20000 {
		n := r.IntN(70)
		b := make([]byte, n)
		for k := range b {
			b[k] = byte(0x20 + r.IntN(0x5f))
			if b[k] == '"' || b[k] == '\\' {
				b[k] = 'x'
			}
			if r.IntN(40) == 0 {
				b[k] = []byte{'"', '\\', 0x01, 0xc3, 0x80, 0xff}[r.IntN(6)]
			}
		}
		from := r.IntN(n + 1)
		for _, plain := range []bool{true, false} {
			got := skipRun(string(b), from, plain)
			if got < from || got > n {
				t.Fatalf("% x from %d: returned %d, out of range", b, from, got)
			}
			for k := from; k < got; k++ {
				if ends(b[k], plain) {
					t.Fatalf("% x from %d, plain %v: skipped the end at %d (returned %d)", b, from, plain, k, got)
				}
			}
			if n-got >= 8 && !ends(b[got], plain) {
				t.Fatalf("% x from %d, plain %v: stopped at %d, not an end", b, from, plain, got)
			}
		}
	}
}
