package main

import (
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/reconcile"
)

// parseLineFlags checks --parts, --include, --exclude and --timestamps into
// o.filter and o.timestamps. Commands without those flags keep the zero
// filter.
func (o *options) parseLineFlags(fs *pflag.FlagSet) error {
	if fs.Lookup("parts") == nil {
		return nil
	}
	var err error
	if o.filter.Parts, err = output.ParseParts(o.parts); err != nil {
		return usageError{err.Error()}
	}
	if o.filter.Include, err = output.CompileRegexps("include", o.include); err != nil {
		return usageError{err.Error()}
	}
	if o.filter.Exclude, err = output.CompileRegexps("exclude", o.exclude); err != nil {
		return usageError{err.Error()}
	}
	if o.timestamps, err = output.ParseTimestamps(o.timestamps); err != nil {
		return usageError{err.Error()}
	}
	if o.json && (o.filter.Parts != nil || o.filter.FiltersLines() || o.timestamps != "") {
		return usagef("--parts, --include, --exclude and --timestamps shape line output; --json writes every record unchanged (filter it with jq)")
	}
	return nil
}

// addLineFlags defines the flags that shape line output (and the view).
func addLineFlags(f *pflag.FlagSet, o *options) {
	f.StringVar(&o.configPath, "config", "", "config file (env DSTAIL_CONFIG; default $XDG_CONFIG_HOME/dstail/config.toml)")
	f.StringSliceVar(&o.parts, "parts", nil, "OpenCode: part kinds to show, comma-separated: "+strings.Join(output.PartKinds, ","))
	f.StringArrayVar(&o.include, "include", nil, "show only lines matching this regexp (repeatable; not with --json)")
	f.StringArrayVar(&o.exclude, "exclude", nil, "hide lines matching this regexp (repeatable; not with --json)")
	f.StringVar(&o.timestamps, "timestamps", "", "prefix each line with a time: short (15:04:05) or rfc3339 (not with --json)")
	f.Lookup("timestamps").NoOptDefVal = output.TimestampsShort
}

// lineOptions is how line output looks for o on stdout; colour follows
// --color (colorOn) as the view's does.
func (o *options) lineOptions(stdout io.Writer) output.LineOptions {
	f, ok := stdout.(*os.File)
	tty := ok && term.IsTerminal(int(f.Fd()))
	return output.LineOptions{Filter: o.filter, Timestamps: o.timestamps, Color: o.colorOn(tty)}
}

// sessionOutput writes one session's events: NDJSON, or lines shaped by the
// line flags.
func sessionOutput(o *options, stdout io.Writer) func([]reconcile.Event, *reconcile.Model) error {
	if o.json {
		return sessionWriter(true, stdout)
	}
	return output.NewSessionLinesWith(stdout, o.lineOptions(stdout)).WriteEvents
}
