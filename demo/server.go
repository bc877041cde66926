package demo

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	gosse "github.com/tmaxmax/go-sse"
)

// Options configure a Server. The zero value plays the built-in recording
// at the recorded pace.
type Options struct {
	Recording *Recording    // nil: the built-in one
	Speed     float64       // replay speed factor; 1 when zero
	Lead      time.Duration // pause between the first subscriber and the first frame; 500ms when zero, none when negative
	Heartbeat time.Duration // server.heartbeat interval on event streams; 10s (the real server's) when zero
	// MinOutage is the least wall time connections are refused, whatever
	// the speed; 0 scales the recorded outage like the rest.
	MinOutage time.Duration
}

// Server is the in-process demo OpenCode server on 127.0.0.1.
type Server struct {
	rec       *Recording
	player    *player
	srv       *http.Server
	url       string
	heartbeat time.Duration
	cancel    context.CancelFunc
	closed    chan struct{}
}

// Start listens on a free loopback port and serves the recording. The
// replay begins when the first client opens the event stream.
func Start(opts Options) (*Server, error) {
	rec := opts.Recording
	if rec == nil {
		var err error
		if rec, err = Builtin(); err != nil {
			return nil, err
		}
	}
	speed := opts.Speed
	if speed == 0 {
		speed = 1
	}
	if speed < 0 {
		return nil, errors.New("demo: speed must be positive")
	}
	lead := opts.Lead
	switch {
	case lead == 0:
		lead = 500 * time.Millisecond
	case lead < 0:
		lead = 0
	}
	heartbeat := opts.Heartbeat
	if heartbeat <= 0 {
		heartbeat = 10 * time.Second
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		rec: rec, player: newPlayer(rec, speed, lead, opts.MinOutage), url: "http://" + ln.Addr().String(),
		heartbeat: heartbeat, cancel: cancel, closed: make(chan struct{}),
	}
	s.srv = &http.Server{Handler: s.routes(), ErrorLog: log.New(io.Discard, "", 0), ReadHeaderTimeout: 10 * time.Second}
	go s.player.run(ctx)
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// URL is the server's base URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.url }

// Session is the ID of the recorded session.
func (s *Server) Session() string { return s.rec.Session }

// Done is closed once every recorded frame was played.
func (s *Server) Done() <-chan struct{} { return s.player.done }

// Close stops the replay and the server, ending open event streams.
func (s *Server) Close() error {
	select {
	case <-s.closed:
		return nil
	default:
	}
	close(s.closed)
	s.cancel()
	return s.srv.Close()
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /global/event", s.events)
	mux.HandleFunc("GET /global/health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"healthy": true, "version": s.rec.OpenCode})
	})
	mux.HandleFunc("GET /session/status", s.status)
	mux.HandleFunc("GET /session/{id}", s.session)
	mux.HandleFunc("GET /session/{id}/message", s.messages)
	mux.HandleFunc("GET /session", s.sessions)
	mux.HandleFunc("GET /experimental/session", s.sessions)
	mux.HandleFunc("GET /permission", emptyList)
	mux.HandleFunc("GET /question", emptyList)
	mux.HandleFunc("POST /sync/history", s.history)
	return mux
}

// events is /global/event: server.connected, then the frames as they are
// played, with heartbeats, until the client leaves or the outage cuts it.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	sub, err := s.player.subscribe()
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, namedError("ServiceUnavailableError", err.Error()))
		return
	}
	defer s.player.unsubscribe(sub)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	send := func(data []byte) bool {
		m := &gosse.Message{}
		m.AppendData(string(data))
		if _, err := m.WriteTo(w); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send([]byte(`{"payload":{"type":"server.connected","properties":{}}}`)) {
		return
	}
	beat := time.NewTicker(s.heartbeat)
	defer beat.Stop()
	for {
		select {
		case data := <-sub.frames:
			if !send(data) {
				return
			}
		case <-beat.C:
			if !send([]byte(`{"payload":{"type":"server.heartbeat","properties":{}}}`)) {
				return
			}
		case <-sub.dropped:
			// Frames played before the cut still go out, so what a client
			// misses is exactly the outage; then the connection is cut
			// mid-stream, as a network failure would.
			for len(sub.frames) > 0 {
				if !send(<-sub.frames) {
					return
				}
			}
			panic(http.ErrAbortHandler)
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		}
	}
}

func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	var info json.RawMessage
	if r.PathValue("id") == s.rec.Session {
		s.player.read(func(st *store) { info = st.sessionInfo() })
	}
	if info == nil {
		writeJSON(w, http.StatusNotFound, namedError("NotFoundError", "Session not found: "+r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, info)
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	var list any
	if r.PathValue("id") == s.rec.Session {
		s.player.read(func(st *store) {
			if st.sessionInfo() != nil {
				list = st.messages()
			}
		})
	}
	if list == nil {
		writeJSON(w, http.StatusNotFound, namedError("NotFoundError", "Session not found: "+r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) status(w http.ResponseWriter, _ *http.Request) {
	var out map[string]json.RawMessage
	s.player.read(func(st *store) { out = st.statusMap() })
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) sessions(w http.ResponseWriter, _ *http.Request) {
	list := []json.RawMessage{}
	s.player.read(func(st *store) {
		if info := st.sessionInfo(); info != nil {
			list = append(list, info)
		}
	})
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	last := map[string]int64{}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&last); err != nil {
		writeJSON(w, http.StatusBadRequest, namedError("BadRequestError", "body must map session IDs to seq numbers"))
		return
	}
	var out []historyEntry
	s.player.read(func(st *store) { out = st.historyAfter(last) })
	writeJSON(w, http.StatusOK, out)
}

func emptyList(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, []any{}) }

// namedError is the server's error shape.
func namedError(name, message string) map[string]any {
	return map[string]any{"name": name, "data": map[string]string{"message": message}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
