package main

import (
	"context"
	"errors"
	"os"
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
	if o.file == nil {
		return app.Usagef("--server %q is not an http(s) URL, and there is no config file naming servers (%s)", o.Server, config.DefaultPath())
	}
	s, ok := o.file.Servers[o.Server]
	if !ok {
		known := "none are named"
		if names := o.file.ServerNames(); len(names) > 0 {
			known = "named: " + strings.Join(names, ", ")
		}
		return app.Usagef("--server %q is not an http(s) URL nor a server in %s (%s)", o.Server, o.file.Path, known)
	}
	if _, err := app.CheckHTTPURL(s.URL); err != nil {
		return app.UsageError{Msg: o.file.Errorf(s.Line, "servers.%s: url %q %v", o.Server, s.URL, err).Error()}
	}
	o.Server, o.named = s.URL, &s
	if s.Username != "" && weakerThanServer(o.set["username"]) {
		o.Username = s.Username
	}
	return nil
}

// weakerThanServer reports whether a value from source gives way to a named
// server's own: the command line and DSTAIL_* win, defaults, the file's
// top-level keys and the OpenCode variables do not.
func weakerThanServer(source string) bool {
	return source == "" || source == config.FromConfig || source == config.FromAlias
}

// resolvePassword takes the named server's password from its variable or
// command, unless -p or DSTAIL_PASSWORD gave one. Only commands that talk
// to the server call it.
func (o *options) resolvePassword(ctx context.Context) error {
	if o.named == nil || !weakerThanServer(o.set["password"]) {
		return nil
	}
	pw, ok, err := o.named.Password(ctx, os.LookupEnv)
	if err != nil {
		return errors.New(o.file.Path + ": " + err.Error())
	}
	if ok {
		o.Password = pw
	}
	return nil
}
