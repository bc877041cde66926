package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "hello world\n\tok", "hello world\n\tok"},
		{"unicode", "héllo – 世界 🎉", "héllo – 世界 🎉"},
		{"csi colour", "\x1b[31mred\x1b[0m", "red"},
		{"cursor move", "a\x1b[2J\x1b[Hb", "ab"},
		{"osc title", "x\x1b]0;pwned\x07y", "xy"},
		{"osc hyperlink", "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"carriage return", "safe\rEVIL", "safeEVIL"},
		{"backspace and bell", "a\bb\x07c", "abc"},
		{"c1 csi", "a\u009b31mb", "a31mb"},
		{"del", "a\x7fb", "ab"},
		{"invalid utf8", "a\xffb", "ab"},
		{"lone esc", "a\x1b", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	if got := Line("a\nb\tc\r\nd"); got != "a b c d" {
		t.Errorf("Line = %q", got)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\x1b]0;t\x07", "\u009b2J", "\xff\xfe", "a\rb\bc", "\u202egnp.exe", "👩\u200d💻", "a\u200db", "\u2067x\u2069"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		for i := 0; i < len(out); {
			r, size, class := ClassAt(out, i)
			if (class != Printable && r != utf8.RuneError) || r == 0x1b {
				t.Fatalf("%U (class %d) survived in %q (from %q)", r, class, out, s)
			}
			i += size
		}
		if Text(out) != out {
			t.Fatalf("not idempotent: %q", s)
		}
		if strings.ContainsRune(Line(s), '\n') {
			t.Fatalf("Line kept a newline: %q", s)
		}
	})
}
