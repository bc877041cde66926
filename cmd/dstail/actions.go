package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/dstail/dstail/app"
)

// addServerFlags defines the flags of commands that talk to one OpenCode
// server: where it is and how to authenticate.
func addServerFlags(f *pflag.FlagSet, o *options) {
	f.StringVar(&o.Server, "server", "", "OpenCode server URL or config name (env DSTAIL_SERVER; default "+app.DefaultOpenCodeServer+")")
	addAuthFlags(f, o)
}

// addAuthFlags defines how to reach OpenCode servers: headers, credentials,
// TLS, and the config file naming servers.
func addAuthFlags(f *pflag.FlagSet, o *options) {
	f.StringArrayVarP(&o.Headers, "header", "H", nil, "extra request header 'Name: value' (repeatable)")
	f.StringVarP(&o.Username, "username", "u", "opencode", "OpenCode basic-auth user (env OPENCODE_SERVER_USERNAME)")
	f.StringVarP(&o.Password, "password", "p", "", "OpenCode basic-auth password (env OPENCODE_SERVER_PASSWORD)")
	addPasswordFileFlag(f, o)
	f.BoolVar(&o.Insecure, "insecure", false, "do not verify TLS certificates (prints a warning; prefer --cacert)")
	f.StringVar(&o.CACert, "cacert", "", "PEM file of CA certificates to trust besides the system roots")
	addCompressFlag(f, o)
	f.StringVar(&o.configPath, "config", "", "config file (env DSTAIL_CONFIG; default $XDG_CONFIG_HOME/dstail/config.toml)")
}

// settleServer gives a server command's flags their values (command line,
// environment, config file, named server) and its password.
func (o *options) settleServer(cmd *cobra.Command, stderr io.Writer) error {
	if err := o.settle(cmd); err != nil {
		return err
	}
	if err := o.readPasswordFlags(cmd, stderr); err != nil {
		return err
	}
	return o.resolvePassword(cmd.Context())
}

// newActionCmd is a command that acts on one session; args fills the
// action from the arguments after the session ID.
func newActionCmd(use, short string, stdout, stderr io.Writer, define func(*pflag.FlagSet, *app.Action), args func([]string, *app.Action) error) *cobra.Command {
	o := &options{}
	var a app.Action
	cmd := &cobra.Command{
		Use: use, Short: short, SilenceErrors: true, SilenceUsage: true,
		Args: func(_ *cobra.Command, given []string) error {
			if len(given) == 0 {
				return app.Usagef("dstail %s needs a ses_… session ID", strings.Fields(use)[0])
			}
			a.Session = given[0]
			return args(given[1:], &a)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.settleServer(cmd, stderr); err != nil {
				return err
			}
			return app.Act(cmd.Context(), &o.Config, o.streams(stdout, stderr), a)
		},
	}
	define(cmd.Flags(), &a)
	addServerFlags(cmd.Flags(), o)
	return cmd
}

func newActionCmds(stdout, stderr io.Writer) []*cobra.Command {
	reply := newActionCmd("reply SES (--permission ID allow|always|reject | --question ID ANSWER... | --question ID --skip)",
		"Answer a permission or a question the agent waits on (exit 3: answered or gone already)", stdout, stderr,
		func(f *pflag.FlagSet, a *app.Action) {
			f.StringVar(&a.Permission, "permission", "", "the permission request (per_…) to answer")
			f.StringVar(&a.Question, "question", "", "the question request (que_…) to answer")
			f.StringVarP(&a.Message, "message", "m", "", "with reject: tell the agent why")
			f.BoolVar(&a.Skip, "skip", false, "decline the question")
		}, func(rest []string, a *app.Action) error {
			switch {
			case (a.Permission == "") == (a.Question == ""):
				return app.Usagef("dstail reply needs --permission or --question, not both")
			case a.Permission != "" && len(rest) != 1:
				return app.Usagef("dstail reply --permission takes one answer: allow, always or reject")
			case a.Permission != "":
				a.Reply = rest[0]
			default:
				a.Answers = rest
			}
			return nil
		})
	abort := newActionCmd("abort SES", "Stop the running turn of a session", stdout, stderr,
		func(*pflag.FlagSet, *app.Action) {}, func(rest []string, a *app.Action) error {
			a.Abort = true
			return noArgs("abort")(nil, rest)
		})
	prompt := newActionCmd("prompt SES TEXT...", "Send a message to a session, as its user", stdout, stderr,
		func(*pflag.FlagSet, *app.Action) {}, func(rest []string, a *app.Action) error {
			if len(rest) == 0 {
				return app.Usagef("dstail prompt needs the text to send")
			}
			a.Prompt = strings.Join(rest, " ")
			return nil
		})
	return []*cobra.Command{reply, abort, prompt}
}
