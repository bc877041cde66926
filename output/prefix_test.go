package output

import (
	"bytes"
	"strings"
	"testing"
)

func TestPrefixerLabelsEveryLine(t *testing.T) {
	var out bytes.Buffer
	p := NewPrefixer(&out, false)
	a, b := p.Writer("ses_aaaaaaaaaaaaAAAAAAAA"), p.Writer("ses_bbbbbbbbbbbbBBBBBBBB")
	a.Write([]byte("one\ntwo "))
	a.Write([]byte("streams"))
	b.Write([]byte("other\n"))
	a.Write([]byte(" on\n"))
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	want := "[AAAAAAAA] one\n" +
		"[AAAAAAAA] two streams\n" +
		"[BBBBBBBB] other\n" +
		"[AAAAAAAA]  on\n"
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestPrefixerCloseEndsOpenLine(t *testing.T) {
	var out bytes.Buffer
	p := NewPrefixer(&out, false)
	p.Writer("ses_x").Write([]byte("partial"))
	p.Close()
	if out.String() != "[ses_x] partial\n" {
		t.Fatalf("got %q", out.String())
	}
}

func TestPrefixerColourIsStablePerSession(t *testing.T) {
	var out bytes.Buffer
	p := NewPrefixer(&out, true)
	p.Writer("ses_one").Write([]byte("a\n"))
	p.Writer("ses_one").Write([]byte("b\n"))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	want := "\x1b[" + SessionColor("ses_one") + "m[ses_one]\x1b[0m "
	for _, l := range lines {
		if !strings.HasPrefix(l, want) {
			t.Fatalf("line %q lacks the coloured label %q", l, want)
		}
	}
}

func TestSessionLabelIsSanitised(t *testing.T) {
	if l := SessionLabel("ses_\x1b[2Jabcdefgh"); strings.ContainsRune(l, '\x1b') {
		t.Fatalf("label %q keeps a control character", l)
	}
}
