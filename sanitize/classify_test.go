package sanitize

import (
	"strings"
	"testing"
)

func TestTextShowsInvisibleRunes(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"RLO", "invoice\u202egnp.exe", "invoice<U+202E>gnp.exe"},
		{"every embedding and override", "\u202a\u202b\u202c\u202d\u202e", "<U+202A><U+202B><U+202C><U+202D><U+202E>"},
		{"isolates", "\u2066a\u2067b\u2068c\u2069", "<U+2066>a<U+2067>b<U+2068>c<U+2069>"},
		{"marks", "a\u200eb\u200fc\u061cd", "a<U+200E>b<U+200F>c<U+061C>d"},
		{"zero width", "p\u200ba\u200cy\u200dp\u2060a\ufeffl", "p<U+200B>a<U+200C>y<U+200D>p<U+2060>a<U+FEFF>l"},
		{"other format characters", "soft\u00adhyphen \U000e0041tag \u2064op", "soft<U+00AD>hyphen <U+E0041>tag <U+2064>op"},
		{"line separator", "a\u2028b", "a<U+2028>b"},
		{"hangul filler", "\u3164", "<U+3164>"},
		{"C1 still removed", "a\u009b2Jb\u0085", "a2Jb"},
		{"emoji ZWJ sequence kept", "👩\u200d💻 👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈", "👩\u200d💻 👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈"},
		{"ZWJ at the end of an emoji", "👩\u200d", "👩<U+200D>"},
		{"ZWNJ in Persian kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"ZWNJ in Latin shown", "ad\u200cmin", "ad<U+200C>min"},
		{"plain text untouched", "héllo – 世界 🎉 é", "héllo – 世界 🎉 é"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := Line(tt.in); strings.ContainsAny(got, "\u202e\u2067\u200b\u009b") {
				t.Errorf("Line(%q) = %q keeps an unsafe rune", tt.in, got)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for r, want := range map[rune]Class{
		'a': Printable, '\t': Printable, '\n': Printable, 'é': Printable, 0xa0: Printable,
		0x1b: Control, '\r': Control, 0x7f: Control, 0x85: Control, 0x9b: Control,
		0x202e: Invisible, 0x2066: Invisible, 0x200b: Invisible, 0x200d: Invisible, 0xfeff: Invisible, 0x061c: Invisible,
	} {
		if got := Classify(r); got != want {
			t.Errorf("Classify(%U) = %d, want %d", r, got, want)
		}
	}
}
