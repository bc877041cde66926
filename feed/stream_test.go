package feed

import "testing"

// A clone owns its data: the source may write over its buffers once the
// callback returns, and the clone keeps what it was handed.
func TestCloneOwnsItsData(t *testing.T) {
	buf := []byte(`{"a":1}{"b":2}`)
	b := &Batch{Kind: KindJSON, Offset: "o", After: Position{Offset: "o", Skip: 2}, UpToDate: true, Closed: true,
		Messages: []Message{{Data: buf[:7], After: Position{Offset: "p", Skip: 1}}, {Data: buf[7:], After: Position{Offset: "o", Skip: 2}}}}
	c := b.Clone()
	for i := range buf {
		buf[i] = 'x'
	}
	b.Messages[0].After.Skip = 99
	if c.Kind != KindJSON || c.Offset != "o" || c.After != (Position{Offset: "o", Skip: 2}) || !c.UpToDate || !c.Closed || len(c.Messages) != 2 {
		t.Fatalf("clone %+v lost the batch's fields", c)
	}
	if string(c.Messages[0].Data) != `{"a":1}` || string(c.Messages[1].Data) != `{"b":2}` || c.Messages[0].After != (Position{Offset: "p", Skip: 1}) {
		t.Fatalf("clone messages %+v changed with the source", c.Messages)
	}
	// Appending to one message's data must not run into the next.
	_ = append(c.Messages[0].Data, 'z')
	if string(c.Messages[1].Data) != `{"b":2}` {
		t.Fatalf("appending to the first message wrote over the second: %q", c.Messages[1].Data)
	}
}
