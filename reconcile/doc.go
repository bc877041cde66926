// Package reconcile is the pure model of one OpenCode session: it folds
// server events and REST snapshots into session info, messages, parts,
// status, errors, pending permission/question requests and child sessions.
// It does no I/O, starts no goroutines and keeps the server's raw JSON of
// every session, message and part next to typed accessors.
//
// # Feeding it
//
// DecodeFrame turns the data of one SSE frame from /global/event (envelope,
// including the `sync` twins that carry a per-session seq), /event (bare
// event) or the experimental /api/event into an Event and says which
// session it belongs to; a Decoder does the same for a stream of frames
// and keeps the names that repeat. The usual frame (an event whose
// properties name its session) is read in one pass by a strict reader
// (scan.go), a delta's members with it; every other shape goes through
// encoding/json, which the fast path agrees with (FuzzFastFrameAgrees). DecodeHistory does the same for the answer of
// POST /sync/history. Model.Apply folds events; Model.Merge folds REST
// state (Snapshot) and returns the synthetic events a viewer needs to
// follow. Messages and State export the result; MessagesFromREST and
// CompareMessages put the server's own GET /session/ID/message answer in
// the same shape and compare the two.
//
// # Idempotency
//
// Apply(ev) twice equals Apply(ev) once, and an older copy of an object
// applied after a newer one changes nothing. The rules, per kind of state:
//
// Versions. Every stored session, message and part remembers the highest
// server event id (and seq, for sync events) applied to it. Event ids
// (evt_…) ascend in the order the server emits events, also across
// restarts, so an event whose id is not above the stored one is a
// duplicate or an older copy and is dropped. A sync twin carries the id of
// the plain event it follows: it adds nothing to the content and only
// advances LastSeq; history entries are recognised the same way.
//
// Deltas. message.part.delta has no seq and no offset, so a delta is
// accepted only when its event id is above every event id already applied
// to the part, and only while the part has not ended. Ids were chosen over
// the length or text a delta was based on because deltas do not carry it,
// and identical pieces ("the ") repeat, which makes text matching
// ambiguous; an id is exact. Consequences: a delta without an id is
// rejected (counted as Malformed) because it could never be de-duplicated;
// the final copy of a part (time.end) replaces whatever the deltas built,
// so a missed delta heals at part end; a duplicate of the part's creation
// (empty text) arriving after deltas is older than them and dropped.
//
// Deltas for a part not seen yet (joining mid-stream) create a placeholder
// part (and, if needed, a placeholder message) marked Incomplete, so no
// streamed text is lost. A copy of a part that has not ended never
// shortens text the deltas built: the server stores streamed text only when
// a part ends, so such a copy (from REST, /sync/history or a re-sent
// event) is behind the stream.
//
// Snapshot content. REST state has no event ids. Synthetic events (from
// Merge) and anything applied on top of snapshot content are therefore
// ordered by content: a later life stage wins (part: placeholder < created
// < running tool < ended; assistant message: streaming < finish set <
// completed or failed; user message: without < with summary; session: by
// time.updated, then a generated title over the default one), and within
// one stage the larger copy wins, ties going to the incoming copy.
// Semantically equal copies change nothing, whatever their key order.
//
// Removals. Removed messages and parts (and deleted child sessions) are
// remembered; ids are never reused, so no later copy revives them.
// Answered permission and question ids are remembered the same way.
//
// Ephemeral state has no history: the newest status by event id wins (a
// snapshot status is taken as current); session.error is kept until a
// busy or retry status with a later id starts the next attempt.
//
// # Merge
//
// Merge is meant for (re)connects. It applies the REST items as synthetic
// events and returns, for each item that changed, a synthetic event in the
// server's own shape holding the resulting object, so a viewer that held
// the previous state, or an empty model when merging from empty, ends in
// the same state. Streaming parts listed in the snapshot are marked
// Incomplete: deltas sent while the client was away are lost, and REST
// cannot give their text until the part ends. Local items missing from the
// snapshot are removed only when the snapshot must have included them:
// their id is below the newest id the snapshot lists (ids ascend with
// creation), or the snapshot's session time.updated is newer than ours. So
// an older snapshot never removes newer items; a paged message list
// (Snapshot.Truncated) keeps older messages.
//
// # Interrupted messages
//
// A server crash leaves the streaming assistant message without
// time.completed or error forever. Messages reports such a message as
// Interrupted once the session is idle without a session error (failures
// and aborts report the error and idle before the message's final copy),
// or once a later assistant message exists. Its text keeps what the client
// streamed, marked Incomplete.
//
// # Client procedure
//
// Open /global/event and buffer; fetch /sync/history from LastSeq (or the
// REST state, merged with Merge); apply the buffer, then go live. SeqGap
// reports a sync event that skipped a seq: fetch history again.
package reconcile
