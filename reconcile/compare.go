package reconcile

import "fmt"

// MessagesFromREST folds a GET /session/ID/message answer into the shape
// Messages returns, exactly as Merge would into an empty model: parts that
// have not ended are Incomplete, because REST holds no streamed text.
func MessagesFromREST(body []byte) ([]Message, error) {
	list, err := DecodeMessages(body)
	if err != nil {
		return nil, err
	}
	sessionID := ""
	for _, wm := range list {
		if head, ok := parseMessageHead(wm.Info); ok && head.SessionID != "" {
			sessionID = head.SessionID
			break
		}
	}
	m := New(sessionID)
	m.Merge(Snapshot{Messages: list})
	return m.Messages(), nil
}

// CompareMessages lists the differences between folded messages (got)
// and the server's stored ones (want, e.g. from MessagesFromREST): same
// messages and parts in the same order, with equal JSON. The text of a
// part the server has not ended is not compared, since the server stores
// streamed text only at the end. An empty result means equal.
func CompareMessages(got, want []Message) []string {
	var diffs []string
	gotByID := map[string]Message{}
	for _, msg := range got {
		gotByID[msg.ID] = msg
	}
	wantIDs := map[string]bool{}
	for _, w := range want {
		wantIDs[w.ID] = true
		g, ok := gotByID[w.ID]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("message %s: missing", w.ID))
			continue
		}
		diffs = append(diffs, compareMessage(g, w)...)
	}
	for _, g := range got {
		if !wantIDs[g.ID] {
			diffs = append(diffs, fmt.Sprintf("message %s: not on the server", g.ID))
		}
	}
	return diffs
}

func compareMessage(g, w Message) []string {
	var diffs []string
	if g.Placeholder && !w.Placeholder {
		diffs = append(diffs, fmt.Sprintf("message %s: info never received", w.ID))
	} else if !jsonEqual(g.Info, w.Info) {
		diffs = append(diffs, fmt.Sprintf("message %s: info differs:\n got  %s\n want %s", w.ID, short(g.Info), short(w.Info)))
	}
	gotParts := map[string]Part{}
	for _, p := range g.Parts {
		gotParts[p.ID] = p
	}
	wantParts := map[string]bool{}
	for _, wp := range w.Parts {
		wantParts[wp.ID] = true
		gp, ok := gotParts[wp.ID]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("message %s part %s (%s): missing", w.ID, wp.ID, wp.Type))
			continue
		}
		if d := comparePart(gp, wp); d != "" {
			diffs = append(diffs, fmt.Sprintf("message %s part %s (%s): %s", w.ID, wp.ID, wp.Type, d))
		}
	}
	for _, gp := range g.Parts {
		if !wantParts[gp.ID] {
			diffs = append(diffs, fmt.Sprintf("message %s part %s (%s): not on the server", w.ID, gp.ID, gp.Type))
		}
	}
	return diffs
}

func comparePart(g, w Part) string {
	gotRaw, wantRaw := g.Raw, w.Raw
	if streamsText(w) {
		gotRaw = withoutMember(gotRaw, "text")
		wantRaw = withoutMember(wantRaw, "text")
	}
	if jsonEqual(gotRaw, wantRaw) {
		return ""
	}
	if g.Text != w.Text && !streamsText(w) {
		return fmt.Sprintf("text differs:\n got  %q\n want %q", g.Text, w.Text)
	}
	return fmt.Sprintf("differs:\n got  %s\n want %s", short(g.Raw), short(w.Raw))
}

// streamsText reports a part whose stored text lags behind the stream.
func streamsText(p Part) bool {
	return !p.Ended && (p.Type == "text" || p.Type == "reasoning")
}

func withoutMember(raw []byte, name string) []byte {
	fields, ok := objectFields(raw)
	if !ok {
		return raw
	}
	delete(fields, name)
	values := map[string]any{}
	for k, v := range fields {
		values[k] = v
	}
	return marshalObject(values)
}

func short(raw []byte) string {
	const limit = 400
	if len(raw) > limit {
		return string(raw[:limit]) + "…"
	}
	return string(raw)
}
