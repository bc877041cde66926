package demo

import (
	"encoding/json"
	"sort"

	"github.com/dstail/dstail/reconcile"
)

// store is what the server's database and memory hold after some frames:
// the durable events (sync twins) folded like the server stores them, the
// session status, and the sync history for POST /sync/history. The REST
// answers are read from it, so a client catching up sees exactly the
// state at that point of the replay. Streamed text is not stored until its
// part ends, as on the real server.
type store struct {
	session string
	model   *reconcile.Model
	status  json.RawMessage // the last session.status, nil or idle when idle
	history []historyEntry
}

// historyEntry is one element of the POST /sync/history answer.
type historyEntry struct {
	ID          string          `json:"id"`
	AggregateID string          `json:"aggregate_id"`
	Seq         int64           `json:"seq"`
	Type        string          `json:"type"`
	Data        json.RawMessage `json:"data"`
}

// syncTwin is the part of a /global/event sync frame that history repeats.
type syncTwin struct {
	Payload struct {
		Type      string `json:"type"`
		SyncEvent *struct {
			ID          string          `json:"id"`
			Type        string          `json:"type"`
			Seq         int64           `json:"seq"`
			AggregateID string          `json:"aggregateID"`
			Data        json.RawMessage `json:"data"`
		} `json:"syncEvent"`
	} `json:"payload"`
}

func newStore(session string) *store {
	return &store{session: session, model: reconcile.New(session)}
}

// apply folds one frame; frames were checked when the recording was read.
func (s *store) apply(data json.RawMessage) {
	ev, _, err := reconcile.DecodeFrame(data)
	if err != nil {
		return
	}
	switch {
	case ev.Sync:
		s.model.Apply(ev)
		var twin syncTwin
		if json.Unmarshal(data, &twin) == nil && twin.Payload.SyncEvent != nil {
			se := twin.Payload.SyncEvent
			s.history = append(s.history, historyEntry{ID: se.ID, AggregateID: se.AggregateID, Seq: se.Seq, Type: se.Type, Data: se.Data})
		}
	case ev.Type == reconcile.TypeSessionStatus:
		var p struct {
			Status json.RawMessage `json:"status"`
		}
		if json.Unmarshal(ev.Data, &p) == nil {
			s.status = p.Status
		}
	}
}

// sessionInfo is GET /session/ID, nil before the session exists.
func (s *store) sessionInfo() json.RawMessage {
	if info := s.model.State().Session; info != nil && !info.Deleted {
		return info.Raw
	}
	return nil
}

// messages is GET /session/ID/message: messages and parts in id order.
func (s *store) messages() []reconcile.WireMessage {
	out := []reconcile.WireMessage{}
	for _, m := range s.model.Messages() {
		wm := reconcile.WireMessage{Info: m.Info, Parts: []json.RawMessage{}}
		for _, p := range m.Parts {
			wm.Parts = append(wm.Parts, p.Raw)
		}
		out = append(out, wm)
	}
	return out
}

// statusMap is GET /session/status: only sessions that are not idle.
func (s *store) statusMap() map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	var st struct {
		Type string `json:"type"`
	}
	if s.status != nil && json.Unmarshal(s.status, &st) == nil && st.Type != "" && st.Type != "idle" {
		out[s.session] = s.status
	}
	return out
}

// historyAfter is POST /sync/history: the entries of every session not
// listed, and of listed ones those after the given seq, ordered by seq.
func (s *store) historyAfter(last map[string]int64) []historyEntry {
	out := []historyEntry{}
	for _, e := range s.history {
		if seq, ok := last[e.AggregateID]; ok && e.Seq <= seq {
			continue
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}
