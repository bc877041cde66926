// Package offsets persists reading positions so that a restarted dstail
// resumes exactly where it stopped.
//
// # Layout
//
// Positions live in $XDG_STATE_HOME/dstail/offsets (DefaultDir) or in a
// directory given to NewStore. There is one file per Key, a server origin plus
// a stream URL path or OpenCode session ID. The file name is a sanitised,
// readable prefix followed by a hash of the full key, for example
//
//	127.0.0.1_4437_v1_stream_orders-172273d0968440c2.json
//	127.0.0.1_4437_v1_stream_orders-172273d0968440c2.live
//	127.0.0.1_4437_v1_stream_orders-172273d0968440c2.lock
//
// The .live file is the journal Saver.Commit overwrites in place after each
// batch (see journal.go); on load the newer of it and the .json file wins.
//
// so distinct keys never share a file. Directories are created 0700, files
// 0600. The server is reduced to its origin (Origin): a user name or password
// in the URL never reaches the disk.
//
// # File format
//
// Each entry is a JSON object:
//
//	{
//	  "version": 1,
//	  "server": "http://127.0.0.1:4437",
//	  "stream": "/v1/stream/orders",
//	  "position": {"offset": "0000000000000000_0000000000000013", "skip": 2},
//	  "updated": "2026-01-02T15:04:05.123456789Z"
//	}
//
// "position" holds a Position; empty fields are omitted. A file with a higher
// "version" was written by a newer dstail and is refused rather than
// misread.
//
// # Guarantees
//
//   - Atomic: a write goes to a temp file in the same directory, which is
//     fsynced, renamed over the entry and followed by an fsync of the
//     directory. A crash or a full disk leaves the previous file intact; a
//     failed write removes its temp file, and Open removes any a crash left.
//   - Coalesced: Saver.Save only records the position in memory (no syscall,
//     no allocation). A background flusher writes at most once per interval
//     (DefaultInterval, or WithInterval) while the position changes. Flush
//     writes at once; Close flushes, stops the flusher and releases the lock.
//     Stats counts writes and fsyncs.
//   - Exclusive: Store.Open takes a non-blocking exclusive lock on the
//     sidecar .lock file; a second writer for the same key, in this or
//     another process, gets ErrLocked. Store.Load and List take no lock.
//   - Robust: a missing file means no position. An empty, truncated,
//     malformed, future-version, mismatched or unreadable file yields a
//     *CorruptError, which callers report once before starting fresh; the
//     next write replaces the file. A directory that cannot be created or
//     written fails Open with ErrUnwritable. Write failures are returned by
//     Flush and Close, kept in Saver.Err, and retried: the position stays
//     pending until a write succeeds.
//   - Private: a state directory (and, for the default one, dstail's own
//     directory above it) that another user owns or that the group or others
//     may write is refused with ErrInsecure and the command that fixes it.
//     State files are opened with O_NOFOLLOW, and Open refuses a symbolic
//     link at the .json, .live or .lock path, so a planted link is never
//     written through nor its target created (see private.go).
//
// A Set holds several keys at once, such as every OpenCode session followed
// on one server.
package offsets
