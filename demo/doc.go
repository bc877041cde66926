// Package demo serves a recorded real OpenCode session from an in-process
// HTTP server on 127.0.0.1, so `dstail demo` shows a live session without
// any server installed.
//
// The recording (testdata/session.ndjson, made by the recorder test in
// internal/ocpeer) holds the /global/event frames of one session with the
// time each arrived. The server plays them back at that pace (or faster),
// answers the REST endpoints a tailer uses from the state the frames played
// so far have built, and drops the event stream once mid-answer, refusing
// new connections for the recorded outage, so the tailer must reconnect
// and fill the gap from REST like it would against the real server.
//
// The replay clock only runs while a client is subscribed (or during the
// outage): nothing is played to an empty room, so what a client misses is
// exactly the outage.
package demo
