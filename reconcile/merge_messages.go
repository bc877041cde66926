package reconcile

import (
	"encoding/json"
	"sort"
)

// messages merges the message list. Local items missing from the list are
// removed only when the list must have included them: their id is below
// the newest id in the list (ids ascend with creation), or the snapshot's
// session is newer than ours. With a truncated (paged) list, messages
// older than the page are kept.
func (g *merger) messages(list []WireMessage, truncated, snapNewer bool) {
	listed := map[string]bool{}
	oldest, newest := "", ""
	for _, wm := range list {
		id, ok := g.message(wm, snapNewer)
		if !ok {
			continue
		}
		listed[id] = true
		if oldest == "" || id < oldest {
			oldest = id
		}
		if id > newest {
			newest = id
		}
	}
	for _, id := range sortedKeys(g.m.messages) {
		if listed[id] || (id > newest && !snapNewer) || (truncated && id < oldest) {
			continue
		}
		for _, partID := range g.partsOf(id) {
			g.emit(synthetic(TypePartRemoved, g.m.id, map[string]any{"sessionID": g.m.id, "messageID": id, "partID": partID}))
		}
		g.emit(synthetic(TypeMessageRemoved, g.m.id, map[string]any{"sessionID": g.m.id, "messageID": id}))
	}
}

func (g *merger) message(wm WireMessage, snapNewer bool) (string, bool) {
	info, ok := compactObject(wm.Info)
	if !ok {
		return "", false
	}
	head, ok := parseMessageHead(info)
	if !ok || (head.SessionID != "" && head.SessionID != g.m.id) {
		return "", false
	}
	ev := synthetic(TypeMessageUpdated, g.m.id, map[string]any{"sessionID": g.m.id, "info": info})
	if g.apply(ev) && g.m.messages[head.ID] != nil {
		current := g.m.messages[head.ID].raw
		g.emit(synthetic(TypeMessageUpdated, g.m.id, map[string]any{"sessionID": g.m.id, "info": current}))
	}
	listed := map[string]bool{}
	newest := ""
	for _, rawPart := range wm.Parts {
		id, ok := g.part(rawPart)
		if !ok {
			continue
		}
		listed[id] = true
		if id > newest {
			newest = id
		}
	}
	for _, partID := range g.partsOf(head.ID) {
		if listed[partID] || (partID > newest && !snapNewer) {
			continue
		}
		g.emit(synthetic(TypePartRemoved, g.m.id, map[string]any{"sessionID": g.m.id, "messageID": head.ID, "partID": partID}))
	}
	return head.ID, true
}

func (g *merger) part(rawPart json.RawMessage) (string, bool) {
	raw, ok := compactObject(rawPart)
	if !ok {
		return "", false
	}
	head, ok := parsePartHead(raw)
	if !ok || (head.SessionID != "" && head.SessionID != g.m.id) {
		return "", false
	}
	ev := synthetic(TypePartUpdated, g.m.id, map[string]any{"sessionID": g.m.id, "part": raw})
	if g.apply(ev) && g.m.parts[head.ID] != nil {
		current := g.m.parts[head.ID].json()
		g.emit(synthetic(TypePartUpdated, g.m.id, map[string]any{"sessionID": g.m.id, "part": current}))
	}
	return head.ID, true
}

func (g *merger) partsOf(messageID string) []string {
	var ids []string
	for id, p := range g.m.parts {
		if p.head.MessageID == messageID {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

func sortedKeys[V any](items map[string]V) []string {
	keys := make([]string, 0, len(items))
	for k := range items {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
