package feed

import (
	"mime"
	"strings"
)

// Kind is how a stream's bytes split into messages.
type Kind int

const (
	KindJSON  Kind = iota // application/json: each array element is a message
	KindLines             // NDJSON: each line is a message
	KindBytes             // anything else: each delivered chunk is a message
	KindText              // text/*: each delivered chunk of text, byte-exact
)

func (k Kind) String() string {
	return [...]string{"json", "lines", "bytes", "text"}[k]
}

// KindOf maps a stream content type to its framing.
func KindOf(contentType string) Kind {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	switch {
	case mt == "application/json":
		return KindJSON
	case strings.HasPrefix(mt, "text/"):
		return KindText
	case mt == "application/x-ndjson", mt == "application/ndjson", mt == "application/jsonl":
		return KindLines
	}
	return KindBytes
}

// Position is a resumable place in a stream: Offset as the server minted it,
// plus how many units (messages, lines or bytes, by Kind) of what follows it
// were already handed on. It lets a crash in the middle of a batch resume
// without loss or repetition.
type Position struct {
	Offset string
	Skip   int64
}

// Message is one unit of a stream with the position just after it.
type Message struct {
	Data  []byte // JSON value, one line without its terminator, text or raw bytes
	After Position
}

// Batch is what one response (or one SSE control event) delivered.
type Batch struct {
	Kind     Kind
	Offset   string    // the server's next offset covering this batch
	Messages []Message // may be empty: a batch still moves the position
	After    Position  // the position to persist once Messages are handed on
	UpToDate bool
	Closed   bool // the stream ended; no more batches follow
}

// Clone copies b with its messages' data in one buffer of its own: a
// source may read into the same buffers again once the callback that got
// b returns, so whoever keeps a batch past it keeps a clone.
func (b *Batch) Clone() *Batch {
	c := *b
	size := 0
	for _, m := range b.Messages {
		size += len(m.Data)
	}
	data := make([]byte, 0, size)
	c.Messages = make([]Message, len(b.Messages))
	for i, m := range b.Messages {
		start := len(data)
		data = append(data, m.Data...)
		c.Messages[i] = Message{Data: data[start:len(data):len(data)], After: m.After}
	}
	return &c
}
