package hostile

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
)

// FloodSession is the one session the OpenCode flood server knows.
const FloodSession = "ses_flood0000000000000000000"

// Flood is an OpenCode server that floods /global/event with deltas of
// DeltaSize bytes for FloodSession while it holds every catch-up read
// (messages, status, permissions, questions, history) until the client
// leaves: the events can only queue.
type Flood struct {
	*httptest.Server
	written atomic.Int64
}

// DeltaSize is the text of one flooded message.part.delta.
const DeltaSize = 1 << 20

// StartFlood serves the flood on loopback; the caller closes it.
func StartFlood() *Flood {
	f := &Flood{}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

// Written is how many bytes of events the flood got onto the connection:
// the reader takes them only as fast as it lets its queue grow.
func (f *Flood) Written() int64 { return f.written.Load() }

func (f *Flood) serve(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/session/" + FloodSession:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%q,"directory":"/flood","title":"flood","time":{"created":1,"updated":1}}`, FloodSession)
	case "/session/" + FloodSession + "/children":
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("[]"))
	case "/global/event":
		f.events(w, r)
	default:
		<-r.Context().Done() // held: the catch-up never finishes
	}
}

// events writes deltas of the followed session until the client leaves.
func (f *Flood) events(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	delta := strings.Repeat("x", DeltaSize)
	for n := 0; r.Context().Err() == nil; n++ {
		ev := fmt.Sprintf(`data: {"directory":"/flood","payload":{"id":"evt_%d","type":"message.part.delta","properties":{"sessionID":%q,"messageID":"msg_1","partID":"prt_1","field":"text","delta":%q}}}`+"\n\n",
			n, FloodSession, delta)
		k, err := w.Write([]byte(ev))
		f.written.Add(int64(k))
		if err != nil {
			return
		}
		w.(http.Flusher).Flush()
	}
}
