package ds

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dstail/dstail/feed"
)

// longLines is n numbered lines with multi-byte characters, several
// catch-up slices long, and the lines without their newlines.
func longLines(n int) (string, []string) {
	var b strings.Builder
	lines := make([]string, n)
	for i := range n {
		lines[i] = fmt.Sprintf("línea %07d €", i)
		b.WriteString(lines[i] + "\n")
	}
	return b.String(), lines
}

// joined is what the messages of a line, text or byte stream say together:
// the lines for NDJSON, the bytes otherwise.
func joined(ct string, o outcome) string {
	if feed.KindOf(ct) == feed.KindLines {
		return strings.Join(o.messages(), "\n") + "\n"
	}
	return strings.Join(o.messages(), "")
}

// A line, text or byte response of any length streams through in slices:
// --max-event-size bounds one line, not the response, and every slice
// before the last carries a position inside the response.
func TestLongNonJSONResponseStreamsThrough(t *testing.T) {
	body, _ := longLines(100_000) // about 1.9 MB
	for _, ct := range []string{"text/plain; charset=utf-8", "application/x-ndjson", "application/octet-stream"} {
		t.Run(ct, func(t *testing.T) {
			srv := newFakeStream(t, ok("b", body, hType, ct, hUpToDate, "true", hClosed, "true"))
			opts := srv.opts()
			opts.MaxEventSize = 1024
			o := readStream(t, opts)
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got := joined(ct, o); got != body {
				t.Fatalf("%d bytes handed on, want the %d of the response exactly", len(got), len(body))
			}
			if len(o.batches) < 4 {
				t.Fatalf("%d batches, want slices of a long response", len(o.batches))
			}
			for i, b := range o.batches {
				last := i == len(o.batches)-1
				if last != (b.After == feed.Position{Offset: "b"}) || !last && (b.After.Offset != "-1" || b.After.Skip == 0) {
					t.Errorf("batch %d of %d: after %+v", i, len(o.batches), b.After)
				}
			}
		})
	}
}

// A connection cut in the middle of a long response is read again from
// the position handed on: nothing lost, nothing repeated, whatever the
// framing, even with the cut inside a character or a line.
func TestCutInsideALongNonJSONResponse(t *testing.T) {
	body, _ := longLines(100_000)
	cut := len(body)*2/3 + 1 // inside "€" of some line
	for _, ct := range []string{"text/plain", "application/x-ndjson", "application/octet-stream"} {
		t.Run(ct, func(t *testing.T) {
			srv := newFakeStream(t,
				cutAtAs(ct, "b", body, cut),
				ok("b", body, hType, ct, hUpToDate, "true", hClosed, "true"))
			o := readStream(t, srv.opts())
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got := joined(ct, o); got != body {
				t.Fatalf("%d bytes handed on, want the %d of the response exactly once", len(got), len(body))
			}
			if len(o.retries()) != 1 || !slices.Equal(srv.offsets(), []string{"-1", "-1"}) {
				t.Fatalf("%d retries, requests %q; want one retry from the same offset", len(o.retries()), srv.offsets())
			}
		})
	}
}

// A line begun in one response and cut with the next before its newline
// came is read again from where it began: the position the line's start
// left, as a restarted dstail would.
func TestCutBeforeALineEnds(t *testing.T) {
	const ct = "application/x-ndjson"
	srv := newFakeStream(t,
		ok("b", "one\ntw", hType, ct),
		cutAtAs(ct, "c", "o\nthree\n", 1),
		ok("b", "one\ntw", hType, ct),
		ok("c", "o\nthree\n", hType, ct, hUpToDate, "true", hClosed, "true"))
	o := readStream(t, srv.opts())
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got, want := o.messages(), []string{"one", "two", "three"}; !slices.Equal(got, want) {
		t.Fatalf("messages %q, want %q", got, want)
	}
	if got := srv.offsets(); !slices.Equal(got, []string{"-1", "b", "-1", "b"}) {
		t.Fatalf("requests %q, want the line's start read again", got)
	}
}

// A resume inside a long text response drops exactly the bytes handed on.
func TestResumeInsideALongTextResponse(t *testing.T) {
	body, _ := longLines(100_000)
	const skip = 777_777
	srv := newFakeStream(t, ok("b", body, hType, "text/plain", hUpToDate, "true", hClosed, "true"))
	opts := srv.opts()
	opts.From = feed.Position{Offset: "-1", Skip: skip}
	o := readStream(t, opts)
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got := joined("text/plain", o); got != body[skip:] {
		t.Fatalf("%d bytes, want the %d after the saved position", len(got), len(body)-skip)
	}
}

// One NDJSON line over --max-event-size is a protocol error, whether its
// newline comes or not.
func TestLineLargerThanMaxEventSize(t *testing.T) {
	for name, body := range map[string]string{
		"ended":      "a\n" + strings.Repeat("x", 2000) + "\nb\n",
		"never ends": "a\n" + strings.Repeat("x", 600_000),
	} {
		t.Run(name, func(t *testing.T) {
			srv := newFakeStream(t, ok("b", body, hType, "application/x-ndjson", hUpToDate, "true"))
			opts := srv.opts()
			opts.MaxEventSize = 1024
			o := readStream(t, opts)
			if o.err == nil || !strings.Contains(o.err.Error(), "message larger than 1024 bytes") {
				t.Fatalf("err %v, want a message over the limit", o.err)
			}
		})
	}
}
