package opencode

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocfake"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// listServer answers GET /session/ses_1/message with body.
func listServer(t *testing.T, contentType string, body []byte) *OpenCodeAPI {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/session/ses_1/message" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL)
	return NewOpenCodeAPI(base, srv.Client(), nil, 10*time.Second)
}

func eachMessage(t *testing.T, api *OpenCodeAPI) ([]reconcile.WireMessage, error) {
	t.Helper()
	var got []reconcile.WireMessage
	err := api.EachMessage(context.Background(), "ses_1", func(wm reconcile.WireMessage) error {
		got = append(got, wm)
		return nil
	})
	return got, err
}

// The streamed list holds what the whole-body decoder reads.
func TestEachMessageIsTheDecodedList(t *testing.T) {
	body := ocfake.ReadFixture(t, "c-tool.rest.messages.json")
	want, err := reconcile.DecodeMessages(body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := eachMessage(t, listServer(t, "application/json", body))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d messages, want %d", len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i].Info, want[i].Info) || len(got[i].Parts) != len(want[i].Parts) {
			t.Fatalf("message %d differs:\n%s\nwant\n%s", i, got[i].Info, want[i].Info)
		}
	}
}

// The limit is one message's: a list far longer than it passes, and one
// message over it fails after those before it were handed on.
func TestEachMessageLimitsOneMessageNotTheList(t *testing.T) {
	msg := func(i, pad int) string {
		return fmt.Sprintf(`{"info":{"id":"msg_%04d","pad":%q},"parts":[]}`, i, strings.Repeat("x", pad))
	}
	var list []string
	for i := range 200 {
		list = append(list, msg(i, 500))
	}
	api := listServer(t, "application/json", []byte("["+strings.Join(list, ",")+"]"))
	api.maxMessage = 4 << 10
	got, err := eachMessage(t, api)
	if err != nil || len(got) != 200 {
		t.Fatalf("a 100 KiB list of small messages under a 4 KiB limit: %d messages, %v", len(got), err)
	}

	api = listServer(t, "application/json", []byte("["+msg(0, 500)+","+msg(1, 64<<10)+","+msg(2, 500)+"]"))
	api.maxMessage = 4 << 10
	got, err = eachMessage(t, api)
	var pe *transport.ProtocolError
	if !errors.As(err, &pe) || !strings.Contains(pe.Msg, "too large") {
		t.Fatalf("a message over the limit: %v", err)
	}
	if len(got) != 1 {
		t.Fatalf("%d messages handed on before the large one, want 1", len(got))
	}
}

func TestEachMessageRefusesWhatIsNotAList(t *testing.T) {
	for _, tc := range []struct{ name, ctype, body, want string }{
		{"html", "text/html", "<html>login</html>", "answer is not JSON (content type text/html)"},
		{"empty", "application/json", "", "answer is not JSON"},
		{"null", "application/json", "null", "bad message list"},
		{"object", "application/json", `{"info":{}}`, "bad message list"},
		{"cut", "application/json", `[{"info":{"id":"msg_1"},"parts":[]},{"info":`, "answer is not JSON"},
		{"trailing", "application/json", `[{"info":{"id":"msg_1"},"parts":[]}] x`, "answer is not JSON"},
		{"element", "application/json", `[1]`, "bad message list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eachMessage(t, listServer(t, tc.ctype, []byte(tc.body)))
			var pe *transport.ProtocolError
			if !errors.As(err, &pe) || !strings.Contains(pe.Error(), tc.want) {
				t.Fatalf("got %v, want a protocol error saying %q", err, tc.want)
			}
		})
	}
}

// An error of the callback ends the read and comes back as it is.
func TestEachMessageStopsOnTheCallbacksError(t *testing.T) {
	api := listServer(t, "application/json", ocfake.ReadFixture(t, "c-tool.rest.messages.json"))
	stop := errors.New("stop")
	calls := 0
	err := api.EachMessage(context.Background(), "ses_1", func(reconcile.WireMessage) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
}

// The timeout bounds the wait for each message, not the whole list: a slow
// consumer does not time the read out, a server that stalls does.
func TestEachMessageTimesOutAStallNotASlowConsumer(t *testing.T) {
	msgs := `{"info":{"id":"msg_1"},"parts":[]},{"info":{"id":"msg_2"},"parts":[]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("[" + msgs))
		w.(http.Flusher).Flush()
		if r.URL.Path != "/session/ses_stall/message" {
			w.Write([]byte("]"))
			return
		}
		<-r.Context().Done()
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	api := NewOpenCodeAPI(base, srv.Client(), nil, 200*time.Millisecond)
	n := 0
	err := api.EachMessage(context.Background(), "ses_1", func(reconcile.WireMessage) error {
		n++
		time.Sleep(300 * time.Millisecond) // longer than the timeout, twice
		return nil
	})
	if err != nil || n != 2 {
		t.Fatalf("slow consumer: %d messages, %v", n, err)
	}

	n = 0
	start := time.Now()
	err = api.EachMessage(context.Background(), "ses_stall", func(reconcile.WireMessage) error { n++; return nil })
	if !errors.Is(err, context.DeadlineExceeded) || n != 2 {
		t.Fatalf("stalled server: %d messages, %v", n, err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Fatalf("a stall of the server ended the read after %s, timeout 200ms", waited)
	}
}

// The list is read ahead of a slow consumer by a bounded number of bytes,
// not of messages: a server sending large messages cannot make dstail hold
// many of them while the first one is still being written out.
func TestEachMessageReadsAheadBoundedBytes(t *testing.T) {
	const count, size = 40, 1 << 20 // 40 MiB, far beyond socket buffers
	finished := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		text := strings.Repeat("x", size)
		w.Write([]byte("["))
		for i := range count {
			if i > 0 {
				w.Write([]byte(","))
			}
			if _, err := fmt.Fprintf(w, `{"info":{"id":"msg_%03d"},"parts":[{"id":"prt_%03d","messageID":"msg_%03d","type":"text","text":%q}]}`, i, i, i, text); err != nil {
				return
			}
		}
		w.Write([]byte("]"))
		close(finished)
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	api := NewOpenCodeAPI(base, srv.Client(), nil, 10*time.Second)
	n := 0
	err := api.EachMessage(context.Background(), "ses_1", func(reconcile.WireMessage) error {
		if n++; n == 1 {
			select {
			case <-finished:
				t.Error("the whole list was read while the first message was still being handed on")
			case <-time.After(time.Second):
			}
		}
		return nil
	})
	if err != nil || n != count {
		t.Fatalf("%d messages, %v", n, err)
	}
}

// A read cancelled while a message is being handed on ends with the
// cancellation, never as a list that ended early.
func TestEachMessageCancelledIsNotAnEnd(t *testing.T) {
	var list strings.Builder
	list.WriteString("[")
	for i := range 500 {
		if i > 0 {
			list.WriteString(",")
		}
		fmt.Fprintf(&list, `{"info":{"id":"msg_%03d"},"parts":[]}`, i)
	}
	list.WriteString("]")
	api := listServer(t, "application/json", []byte(list.String()))
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := api.EachMessage(ctx, "ses_1", func(reconcile.WireMessage) error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	})
	if err == nil || n == 500 {
		t.Fatalf("cancelled after 3 of 500 messages: %d handed on, error %v", n, err)
	}
}
