// Package ndjson is the schema of dstail's --json output, with its writer
// and its reader: --replay reads exactly what --json writes.
//
// Session records, one per OpenCode event, in the server's own terms:
//
//	{"session":…,"seq"?:…,"id"?:…,"type":…,"data":<properties>,"synthetic"?:true}
//
// Stream records, one per Durable Streams message:
//
//	{"stream":<URL without credentials>,"offset":<next offset of its batch>,"data":…}
//
// A text/* stream's records carry each chunk exactly as it arrived, with
// "chunk":true; joining their "data" gives back the stream's bytes.
//
// Every record is one line that a terminal shows harmlessly: C1, bidi and
// zero-width characters and invalid UTF-8 are escaped (SafeJSON).
package ndjson
