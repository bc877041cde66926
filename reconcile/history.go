package reconcile

import (
	"encoding/json"
	"fmt"
	"sort"
)

// historyEntry is one element of the POST /sync/history answer. Note the
// snake_case aggregate_id, unlike aggregateID in the live sync twin.
type historyEntry struct {
	ID          string          `json:"id"`
	AggregateID string          `json:"aggregate_id"`
	Seq         *int64          `json:"seq"`
	Type        string          `json:"type"`
	Data        json.RawMessage `json:"data"`
}

// DecodeHistory decodes the answer of POST /sync/history into events with
// Sync set, ordered by session and then seq (the server orders by seq only,
// interleaving sessions). Feed them to Apply; entries of sessions other
// than the model's are ignored there.
func DecodeHistory(body []byte) ([]Event, error) {
	var entries []historyEntry
	if err := json.Unmarshal(body, &entries); err != nil {
		return nil, fmt.Errorf("reconcile: bad sync history: %w", err)
	}
	events := make([]Event, 0, len(entries))
	for i, e := range entries {
		if e.Type == "" || e.Seq == nil || *e.Seq < 0 || e.AggregateID == "" {
			return nil, fmt.Errorf("reconcile: sync history entry %d lacks type, seq or aggregate_id", i)
		}
		props, err := propertiesObject(e.Data)
		if err != nil {
			return nil, fmt.Errorf("reconcile: sync history entry %d: %w", i, err)
		}
		typ, version := splitVersion(e.Type)
		events = append(events, Event{
			Type: typ, Version: version, Session: e.AggregateID,
			Seq: *e.Seq, Sync: true, ID: e.ID, Data: props,
		})
	}
	sort.SliceStable(events, func(i, j int) bool {
		if events[i].Session != events[j].Session {
			return events[i].Session < events[j].Session
		}
		return events[i].Seq < events[j].Seq
	})
	return events, nil
}

// HistoryRequest builds the POST /sync/history body asking for everything
// after the given per-session seqs. Sessions without a known seq must be
// left out (the server then returns their whole history), so pass only
// sessions whose seq you hold.
func HistoryRequest(lastSeq map[string]int64) []byte {
	body, err := json.Marshal(lastSeq)
	if err != nil || lastSeq == nil {
		return []byte(`{}`)
	}
	return body
}
