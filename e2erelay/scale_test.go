package e2erelay

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/internal/faultproxy"
	"github.com/dstail/dstail/internal/ocpeer"
)

// TestRelayManyViewers is the scale run: one relay, one OpenCode server,
// many viewers of one relayed session through a proxy that cuts their
// connections. OpenCode sees one event connection and no request from a
// viewer; every viewer folds to the server's state. It logs the latency the
// relay hop adds over a direct `dstail ses_…` (first print of each event).
// DSTAIL_RELAY_VIEWERS sets the number of viewers (8 by default; 50 for
// BENCHMARKS.md), DSTAIL_RELAY_LINGER the relay's --linger (the batching
// trade: requests against latency; 0 by default).
func TestRelayManyViewers(t *testing.T) {
	t.Parallel()
	n := 8
	if v, err := strconv.Atoi(os.Getenv("DSTAIL_RELAY_VIEWERS")); err == nil && v > 0 {
		n = v
	}
	oc := startOpenCode(t)
	agent := newCounter(t, oc.URL())
	dss := dspeer.Start(t, dspeer.WithLongPollTimeout(2*time.Second))
	cuts, err := faultproxy.New(dss.URL(), faultproxy.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cuts.Close() })

	id := oc.CreateSession(t, "")
	base := dss.URL() + "/v1/stream/scale"
	appends := newCounter(t, dss.URL()) // the relay's requests to the stream server
	linger := os.Getenv("DSTAIL_RELAY_LINGER")
	if linger == "" {
		linger = "0s"
	}
	relay := start(t, "relay", "--server", agent.srv.URL, "--to", appends.srv.URL+"/v1/stream/scale", "--linger", linger, id)
	until(t, "initial records", 30*time.Second, func() bool { return len(streamRecords(t, base+"/"+id)) > 0 })
	_, restBefore := agent.counts()
	_, appendsBefore := appends.counts()

	direct := startTimed(t, id, "--server", oc.URL(), "--json", "--no-save")
	viewers := make([]*timedRun, n)
	for i := range viewers {
		viewers[i] = startTimed(t, cuts.URL()+"/v1/stream/scale/"+id, "--json", "--no-save")
	}
	stop := cutEvery(cuts, 1500*time.Millisecond)
	defer stop()

	oc.Prompt(t, id, ocpeer.Tag(relayScenario)+" many viewers")
	oc.WaitIdle(t, id, turnLimit)
	for i, v := range viewers {
		until(t, "viewer "+strconv.Itoa(i)+" folding to the server", turnLimit, func() bool {
			return len(foldDiffs(t, oc, id, parseRecords(t, lines(completeLines(v.out.String()))))) == 0
		})
	}
	stop()
	events, rest := agent.counts()
	if events != 1 {
		t.Errorf("OpenCode saw %d event connections, want 1 (the relay's)", events)
	}
	if rest != restBefore {
		t.Errorf("OpenCode saw %d REST requests after the viewers started, want none", rest-restBefore)
	}
	if isDone(relay) {
		t.Errorf("relay ended early with %d", relay.code)
	}
	var added []time.Duration
	for _, v := range viewers {
		added = append(added, v.after(direct)...)
	}
	if len(added) == 0 {
		t.Fatal("no event seen both directly and through the relay")
	}
	slices.Sort(added)
	_, appendsAfter := appends.counts()
	t.Logf("%d viewers, %d events, linger %s: relay hop adds p50 %v, p99 %v, max %v (cuts: %d); %d appends for %d records",
		n, len(added)/n, linger, added[len(added)/2], added[len(added)*99/100], added[len(added)-1], cuts.Stats().Interrupts,
		appendsAfter-appendsBefore, len(streamRecords(t, base+"/"+id)))
}

func isDone(r *run) bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// timedRun is a dstail run whose stdout lines are time-stamped as they
// arrive, keyed by event id.
type timedRun struct {
	*run
	out *timedLines
}

func startTimed(t *testing.T, args ...string) *timedRun {
	t.Helper()
	tr := &timedRun{out: &timedLines{first: map[string]time.Time{}}}
	tr.run = startWith(t, tr.out, args...)
	return tr
}

// after is, per event both saw, how much later this run printed it than
// other.
func (tr *timedRun) after(other *timedRun) []time.Duration {
	tr.out.mu.Lock()
	defer tr.out.mu.Unlock()
	other.out.mu.Lock()
	defer other.out.mu.Unlock()
	var out []time.Duration
	for id, at := range tr.out.first {
		if then, ok := other.out.first[id]; ok {
			out = append(out, max(at.Sub(then), 0))
		}
	}
	return out
}

// timedLines keeps stdout and the first time each event id was printed.
type timedLines struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	partial []byte
	first   map[string]time.Time
}

func (w *timedLines) Write(p []byte) (int, error) {
	now := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		var rec struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(w.partial[:i], &rec) == nil && rec.ID != "" {
			if _, ok := w.first[rec.ID]; !ok {
				w.first[rec.ID] = now
			}
		}
		w.partial = w.partial[i+1:]
	}
	return len(p), nil
}

func (w *timedLines) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}
