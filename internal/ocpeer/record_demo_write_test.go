package ocpeer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dstail/dstail/demo"
	"github.com/dstail/dstail/internal/peers"
	"github.com/dstail/dstail/reconcile"
)

// writeDemo keeps the frames of the demo session, times them from the
// prompt, finds the outage (while the bash tool runs, ending before the
// answer streams), removes machine paths and the scenario marker, and
// writes demo/testdata.
func writeDemo(t *testing.T, s *Server, id string, all []rawFrame, cps []checkpoint, rest map[string]json.RawMessage) {
	t.Helper()
	clean := strings.NewReplacer(
		s.Dir(), demoDir, filepath.Join(s.root, "home"), demoHome,
		Tag(demoScenario)+" ", "", "Mock title for "+demoScenario, demoTitle,
	)
	var kept []rawFrame
	keptBefore := make([]int, len(all)+1) // frames of the session among the first n
	for i, f := range all {
		keptBefore[i] = len(kept)
		if ev, _, err := reconcile.DecodeFrame(f.data); err == nil && ev.Session == id {
			kept = append(kept, rawFrame{at: f.at, data: []byte(clean.Replace(string(f.data)))})
		}
	}
	keptBefore[len(all)] = len(kept)
	rec := &demo.Recording{Header: demo.Header{Format: demo.Format, OpenCode: versionOf(rest["session"]), Session: id, Directory: demoDir}}
	rec.Start = firstOfType(t, kept, reconcile.TypeMessageUpdated)
	for _, f := range kept {
		rec.Frames = append(rec.Frames, demo.Frame{At: max(0, f.at.Sub(kept[rec.Start].at).Milliseconds()), Data: f.data})
	}
	rec.Outage = findOutage(t, rec)
	var sessionFile strings.Builder
	if err := rec.Encode(&sessionFile); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for k, v := range rest {
		out[k] = json.RawMessage(clean.Replace(string(v)))
	}
	out["history"] = historyOf(t, out["history"].(json.RawMessage), id)
	var marks []map[string]any
	for _, c := range cps {
		marks = append(marks, map[string]any{"from": keptBefore[c.from], "to": keptBefore[c.to], "messages": json.RawMessage(clean.Replace(string(c.body)))})
	}
	out["checkpoints"] = marks
	restFile, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"session.ndjson": sessionFile.String(), "rest.json": string(restFile) + "\n"} {
		for _, leak := range []string{s.root, "SCN:", "Mock title", os.TempDir() + "/"} {
			if strings.Contains(text, leak) {
				t.Fatalf("%s still contains %q", name, leak)
			}
		}
		if _, err := demo.Parse(strings.NewReader(sessionFile.String())); err != nil {
			t.Fatalf("the new recording does not parse: %v", err)
		}
		root, err := peers.ModuleRoot()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "demo", "testdata", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("recorded %d frames over %d ms, outage %+v", len(rec.Frames), rec.Duration(), rec.Outage)
}

func firstOfType(t *testing.T, frames []rawFrame, typ string) int {
	t.Helper()
	for i, f := range frames {
		if ev, _, _ := reconcile.DecodeFrame(f.data); ev.Type == typ {
			return i
		}
	}
	t.Fatalf("no %s frame recorded", typ)
	return 0
}

// findOutage starts the outage 300 ms into the bash call and ends it just
// before the first delta of the answer, so the gap holds the tool's end
// and the next step's start.
func findOutage(t *testing.T, rec *demo.Recording) demo.Outage {
	t.Helper()
	var running, completed, answer int64 = -1, -1, -1
	for _, f := range rec.Frames {
		ev, _, _ := reconcile.DecodeFrame(f.Data)
		var p struct {
			Part struct {
				Tool  string `json:"tool"`
				State struct {
					Status string `json:"status"`
				} `json:"state"`
			} `json:"part"`
		}
		_ = json.Unmarshal(ev.Data, &p)
		switch {
		case ev.Type == reconcile.TypePartUpdated && p.Part.Tool == "bash" && p.Part.State.Status == "running" && running < 0:
			running = f.At
		case ev.Type == reconcile.TypePartUpdated && p.Part.Tool == "bash" && p.Part.State.Status == "completed" && completed < 0:
			completed = f.At
		case ev.Type == reconcile.TypePartDelta && completed >= 0 && answer < 0:
			answer = f.At
		}
	}
	o := demo.Outage{At: running + 300, Resume: answer - 1}
	if running < 0 || completed < o.At || o.Resume <= completed {
		t.Fatalf("no room for the outage: bash running at %d ms, completed at %d ms, answer at %d ms", running, completed, answer)
	}
	return o
}

// historyOf keeps the session's entries of a POST /sync/history answer.
func historyOf(t *testing.T, body json.RawMessage, id string) []json.RawMessage {
	t.Helper()
	var entries []json.RawMessage
	if err := json.Unmarshal(body, &entries); err != nil {
		t.Fatalf("sync history: %v", err)
	}
	out := []json.RawMessage{}
	for _, e := range entries {
		var head struct {
			AggregateID string `json:"aggregate_id"`
		}
		if json.Unmarshal(e, &head) == nil && head.AggregateID == id {
			out = append(out, e)
		}
	}
	return out
}

// versionOf reads the server version from a session object.
func versionOf(session json.RawMessage) string {
	var info struct {
		Version string `json:"version"`
	}
	_ = json.Unmarshal(session, &info)
	return info.Version
}
