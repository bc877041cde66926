// Package output writes what dstail receives to stdout: NDJSON records for
// scripts (--json) or one readable line per message. Writers buffer and flush
// once per batch, so a pipe sees whole records and few syscalls.
package output
