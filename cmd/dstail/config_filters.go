package main

import (
	"strings"

	"github.com/spf13/pflag"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/output"
)

// parseLineFlags checks --parts, --include, --exclude, --timestamps and
// --tool-lines into o.Lines. Commands without those flags keep the zero
// filter.
func (o *options) parseLineFlags(fs *pflag.FlagSet) error {
	if fs.Lookup("parts") == nil {
		return nil
	}
	var err error
	if o.Lines.Filter.Parts, err = output.ParseParts(o.parts); err != nil {
		return app.UsageError{Msg: err.Error()}
	}
	if o.Lines.Filter.Include, err = output.CompileRegexps("include", o.include); err != nil {
		return app.UsageError{Msg: err.Error()}
	}
	if o.Lines.Filter.Exclude, err = output.CompileRegexps("exclude", o.exclude); err != nil {
		return app.UsageError{Msg: err.Error()}
	}
	if o.Lines.Timestamps, err = output.ParseTimestamps(o.timestamps); err != nil {
		return app.UsageError{Msg: err.Error()}
	}
	if o.Lines.ToolLines, err = output.ParseToolLines(o.toolLines); err != nil {
		return app.UsageError{Msg: err.Error()}
	}
	if o.JSON && (o.Lines.Filter.Parts != nil || o.Lines.Filter.FiltersLines() || o.Lines.Timestamps != "") {
		return app.Usagef("--parts, --include, --exclude and --timestamps shape line output; --json writes every record unchanged (filter it with jq)")
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
	f.IntVar(&o.toolLines, "tool-lines", output.DefaultToolLines, "lines of a finished tool's output shown under its call, view and --plain (0 hides them)")
}
