package ds

import (
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/dstail/dstail/transport"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestSSEFraming(t *testing.T) {
	closed := controlEvent("z", "", false, true)
	base64Header := []string{hEncoding, "base64"}
	cases := []struct {
		name    string
		ct      string   // the stream's content type
		kv      []string // extra headers of the SSE response
		events  []string
		want    []string
		wantErr string
	}{
		{name: "several data events merge before one control",
			events: []string{dataEvent(`[1]`), dataEvent(`[2,3]`), controlEvent("c", "k", true, false), dataEvent(`[4]`), closed},
			want:   []string{"1", "2", "3", "4"}},
		{name: "array over several data lines",
			events: []string{dataEvent("[\n  1,\n  {\"a\": 2}\n]"), closed}, want: []string{"1", `{"a": 2}`}},
		{name: "empty batch before real data",
			events: []string{dataEvent(`[]`), controlEvent("c", "", true, false), dataEvent(`[5]`), closed}, want: []string{"5"}},
		{name: "text lines", ct: "text/plain",
			events: []string{dataEvent("x\ny\n"), controlEvent("c", "", true, false), dataEvent("z"), closed}, want: []string{"x\ny\n", "z"}},
		// The protocol's SSE rules: one leading space of a data line is
		// dropped (the server writes none after "data:"), CR and LF end data
		// lines, and NEL, U+2028 and U+2029 are text like any other.
		{name: "text with separators", ct: "text/plain",
			events: []string{"event: data\ndata:  two\u0085\u2028\u2029\ndata:x\r\ndata:\n\n", closed}, want: []string{" two\u0085\u2028\u2029\nx\n"}},
		{name: "CRLF framing",
			events: []string{"event: data\r\ndata: [1]\r\n\r\n", strings.ReplaceAll(closed, "\n", "\r\n")}, want: []string{"1"}},
		{name: "unknown events, ids, retries and comments are ignored",
			events: []string{": keep-alive\n\n", "event: other\ndata:[9]\n\n", "data:[8]\n\n", "id: 5\nretry: 10\nevent: data\ndata:[1]\n\n", closed},
			want:   []string{"1"}},
		{name: "base64 bytes split over data lines and events", ct: "application/octet-stream", kv: base64Header,
			events: []string{"event: data\ndata:AAH/\ndata:/oA=\n\n", dataEvent(""), dataEvent(b64("xyz")), closed},
			want:   []string{"\x00\x01\xff\xfe\x80xyz"}},
		{name: "base64 NDJSON lines", ct: "application/x-ndjson", kv: []string{hEncoding, "BASE64"},
			events: []string{dataEvent(b64("{\"a\":1}\n{\"b\"")), dataEvent(b64(":2}\n")), closed},
			want:   []string{`{"a":1}`, `{"b":2}`}},
		{name: "invalid base64", ct: "application/octet-stream", kv: base64Header,
			events: []string{dataEvent("!!!!"), closed}, wantErr: "illegal base64"},
		{name: "base64 length not a multiple of 4", ct: "application/octet-stream", kv: base64Header,
			events: []string{dataEvent("AAH"), closed}, wantErr: "multiple of 4"},
		{name: "invalid JSON data", events: []string{dataEvent(`[1,`), closed}, wantErr: "invalid JSON"},
		{name: "malformed control JSON", events: []string{"event: control\ndata:{\"streamNextOffset\":\n\n"}, wantErr: "malformed control"},
		{name: "empty control", events: []string{"event: control\ndata:\n\n"}, wantErr: "malformed control"},
		{name: "control without an offset", events: []string{"event: control\ndata:{\"upToDate\":true}\n\n"}, wantErr: "malformed control"},
		{name: "control offset going backwards", events: []string{dataEvent(`[1]`), controlEvent("a", "", true, false)}, wantErr: "went backwards from b to a"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			catchUp := caughtUp("b")
			if c.ct != "" {
				catchUp = ok("b", "", hUpToDate, "true", hType, c.ct)
			}
			srv := newFakeStream(t, catchUp, sseReply(true, c.kv, c.events...))
			o := readStream(t, srv.opts())
			if c.wantErr != "" {
				var pe *transport.ProtocolError
				if !errors.As(o.err, &pe) || !strings.Contains(o.err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want a protocol error about %q", o.err, c.wantErr)
				}
			} else if o.err != nil {
				t.Fatal(o.err)
			}
			if got := o.messages(); !slices.Equal(got, c.want) {
				t.Errorf("messages %q, want %q", got, c.want)
			}
			if got, want := srv.offsets(), []string{"-1", "b/sse"}; !slices.Equal(got, want) {
				t.Errorf("requests %q, want %q", got, want)
			}
		})
	}
}

func TestSSERejectsOtherContentTypes(t *testing.T) {
	srv := newFakeStream(t, caughtUp("b"), ok("c", `[1]`))
	o := readStream(t, srv.opts())
	var pe *transport.ProtocolError
	if !errors.As(o.err, &pe) || !strings.Contains(o.err.Error(), `expected an event stream, got content type "application/json"`) {
		t.Fatalf("err = %v", o.err)
	}
	if len(o.messages()) != 0 || len(srv.requests()) != 2 {
		t.Errorf("delivered %q over %d requests", o.messages(), len(srv.requests()))
	}
}

// resetAfter writes events on an event stream, then resets the connection.
func resetAfter(t *testing.T, events ...string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		eventStream(events...)(w, r)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_ = conn.(*net.TCPConn).SetLinger(0)
		_ = conn.Close()
	}
}

// Data events without their control are dropped when the connection ends
// and asked for again from the last committed offset, with the last cursor.
func TestSSEReconnectDropsUncommittedData(t *testing.T) {
	drops := map[string]func(t *testing.T, events ...string) step{
		"clean end": func(_ *testing.T, events ...string) step { return eventStream(events...) },
		"reset":     resetAfter,
	}
	for name, drop := range drops {
		t.Run(name, func(t *testing.T) {
			srv := newFakeStream(t,
				caughtUp("b"),
				eventStream(controlEvent("c", "k1", true, false), dataEvent(`[1]`), controlEvent("d", "k2", true, false)),
				drop(t, dataEvent(`[2]`), dataEvent(`[3]`)),
				heldEventStream(dataEvent(`[2]`), dataEvent(`[3]`), controlEvent("e", "", false, true)))
			o := readStream(t, srv.opts())
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got, want := o.messages(), []string{"1", "2", "3"}; !slices.Equal(got, want) {
				t.Errorf("messages %q, want %q", got, want)
			}
			if got, want := srv.offsets(), []string{"-1", "b/sse", "d/sse", "d/sse"}; !slices.Equal(got, want) {
				t.Errorf("requests %q, want %q", got, want)
			}
			var cursors []string
			for _, r := range srv.requests() {
				cursors = append(cursors, r.Query.Get("cursor"))
			}
			if want := []string{"", "", "k2", "k2"}; !slices.Equal(cursors, want) {
				t.Errorf("cursors %q, want %q", cursors, want)
			}
			for _, r := range srv.requests()[1:] {
				if r.Header.Get("Accept") != "text/event-stream" {
					t.Errorf("Accept %q", r.Header.Get("Accept"))
				}
			}
		})
	}
}

func TestSSEHealthyEndReconnectsAtOnce(t *testing.T) {
	srv := newFakeStream(t,
		caughtUp("b"),
		eventStream(controlEvent("b", "k1", true, false)),
		eventStream(controlEvent("b", "k2", true, false)),
		heldEventStream(dataEvent(`[1]`), controlEvent("c", "", false, true)))
	o := readStream(t, srv.opts())
	if o.err != nil || len(o.retries()) != 0 {
		t.Fatalf("err = %v, retries %+v: a server ending a working stream is no failure", o.err, o.retries())
	}
	if got, want := o.messages(), []string{"1"}; !slices.Equal(got, want) {
		t.Errorf("messages %q, want %q", got, want)
	}
}
