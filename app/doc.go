// Package app wires one source to its sinks: it resolves what TARGET names,
// applies the one start policy (--from, --once, saved positions), runs the
// source, hands what it delivers to the line, NDJSON or view sink, commits
// positions only after the sink has written, and ends --until-idle runs.
// cmd/dstail turns flags, config and environment into a Config and calls
// Follow (or Sessions, Demo); nothing here parses a command line.
package app
