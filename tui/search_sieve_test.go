package tui

import (
	"bytes"
	"testing"
)

// squeezeBytewise is squeeze's rule one byte at a time: whitespace left
// out, A-Z lowered, any other byte outside printable ASCII a refusal.
func squeezeBytewise(dst, src []byte) ([]byte, bool) {
	for _, c := range src {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case c < 0x20 || c >= 0x7f:
			return dst, false
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		default:
			dst = append(dst, c)
		}
	}
	return dst, true
}

// Every byte value, alone and between others, squeezes as the rule says,
// after what dst held.
func TestSqueezeEveryByte(t *testing.T) {
	for c := range 256 {
		for _, src := range [][]byte{{byte(c)}, {'A', ' ', byte(c), 'z', '\n'}} {
			want, wantOK := squeezeBytewise([]byte("Held"), src)
			got, ok := squeeze([]byte("Held"), src)
			if ok != wantOK || ok && !bytes.Equal(got, want) {
				t.Errorf("squeeze(%q) = %q, %v; want %q, %v", src, got, ok, want, wantOK)
			}
		}
	}
}

func FuzzSqueezeAgrees(f *testing.F) {
	for _, s := range []string{"", "Hello World", `{"N":1, "t":"A b"}`, "tab\there", "caf\u00e9", "\x1b[31m"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		want, wantOK := squeezeBytewise(nil, src)
		got, ok := squeeze(make([]byte, 0, 3), src)
		if ok != wantOK || ok && !bytes.Equal(got, want) {
			t.Fatalf("squeeze(%q) = %q, %v; want %q, %v", src, got, ok, want, wantOK)
		}
	})
}
