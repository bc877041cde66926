package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/config"
)

// settle gives every flag of cmd its value: the command line first, then
// DSTAIL_<FLAG>, then the config file. It then resolves a named --server
// and parses the line-output filters. It never runs a password-command: see
// resolvePassword.
func (o *options) settle(cmd *cobra.Command) error {
	fs := cmd.Flags()
	o.set = map[string]string{}
	fs.Visit(func(f *pflag.Flag) { o.set[f.Name] = config.FromFlag })
	if err := config.ApplyEnvSet(fs, o.set); err != nil {
		return app.UsageError{Msg: err.Error()}
	}
	file, err := config.LoadFlagFile(o.configPath, o.given("config"))
	if err != nil {
		return app.UsageError{Msg: err.Error()}
	}
	o.file = file
	if file != nil {
		if err := file.ApplyToFlags(cmd.Root().Flags(), fs, o.set); err != nil {
			return app.UsageError{Msg: err.Error()}
		}
	}
	o.Named = app.NamedServersOf(file, o.set, o.Username) // the server list's
	if err := o.resolveServer(); err != nil {
		return err
	}
	return o.parseLineFlags(fs)
}

// given reports whether flag was set by the command line, the environment
// or the config file rather than defaulted.
func (o *options) given(flag string) bool { return o.set[flag] != "" }

// resolveServer turns a --server that is not a URL into the URL of the
// [servers.NAME] table of that name, and takes its username unless one was
// given on the command line or in the environment.
func (o *options) resolveServer() error {
	if o.Server == "" || strings.Contains(o.Server, "://") {
		return nil
	}
	s, err := o.file.Named(o.Server)
	if err != nil {
		return app.UsageError{Msg: err.Error()}
	}
	o.Server, o.named, o.Username = s.URL, &s, s.User(o.Username, o.set["username"])
	return nil
}

// resolvePassword takes the named server's password from its variable or
// command, unless -p or DSTAIL_PASSWORD gave one. Only commands that talk
// to the server call it.
func (o *options) resolvePassword(ctx context.Context) error {
	if o.named == nil {
		return nil
	}
	pw, ok, err := o.file.ServerPassword(ctx, *o.named, o.set["password"])
	if ok {
		o.Password = pw
	}
	return err
}
