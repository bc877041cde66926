package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/iostreams"
	"github.com/spf13/pflag"
)

// choiceValue is a string flag that accepts only a few values, so a typo
// is a usage error at once, whether it came from a flag, env or config.
type choiceValue struct {
	v       *string
	allowed []string
}

func newChoice(v *string, def string, allowed ...string) choiceValue {
	*v = def
	return choiceValue{v: v, allowed: allowed}
}

func (c choiceValue) String() string { return *c.v }
func (c choiceValue) Type() string   { return "string" }

func (c choiceValue) Set(s string) error {
	if !slices.Contains(c.allowed, s) {
		return fmt.Errorf("must be one of %s, not %q", strings.Join(c.allowed, ", "), s)
	}
	*c.v = s
	return nil
}

// addCompressFlag defines --compress for every command that talks to a
// server.
func addCompressFlag(f *pflag.FlagSet, o *options) {
	f.Var(newChoice(&o.Compress, app.DefaultCompress, app.Compressions...), "compress",
		"ask servers for gzip responses: auto (all but loopback, where it only costs time), always (say, through a port forwarded over SSH) or never")
}

// streams is the terminal environment for this run, decided once: the
// real terminals behind stdout and stderr, with --color applied.
func (o *options) streams(stdout, stderr io.Writer) *iostreams.IOStreams {
	s := iostreams.FromFiles(stdin, stdout, stderr)
	s.SetColorMode(o.color)
	return s
}
