// Package output writes what dstail receives to stdout: NDJSON records for
// scripts (--json, in the schema of package ndjson) or readable lines, shaped
// by the same options whatever the source. Writers buffer and flush once per
// batch, so a pipe sees whole records and few syscalls.
package output
