package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"golang.org/x/term"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/tui"
)

// useTUI picks the full-screen view: stdout is a terminal, TERM is not dumb,
// and neither --json nor --plain asked for lines. It is decided before
// anything is drawn, so pipes and cron never see escape codes.
func useTUI(o *options, stdout io.Writer) bool {
	f, ok := stdout.(*os.File)
	if !ok || o.json || o.plain || o.once || o.untilIdle || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// The values of --color.
const (
	colorAuto   = "auto"   // colour unless NO_COLOR is set
	colorAlways = "always" // colour even with NO_COLOR
	colorNever  = "never"  // no colour, only bold, italic and reverse
)

// colorModes are the values of --color.
var colorModes = []string{colorAuto, colorAlways, colorNever}

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

// colorOn is the resolved --color for an output that is a terminal (tty)
// or not: never and always win; auto gives no colour under NO_COLOR (any
// value), colour under CLICOLOR_FORCE (not "0"), else colour on terminals.
// Line writers use it too, so every output agrees.
func (o *options) colorOn(tty bool) bool {
	switch o.color {
	case colorNever:
		return false
	case colorAlways:
		return true
	}
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	if v, ok := os.LookupEnv("CLICOLOR_FORCE"); ok && v != "0" {
		return true
	}
	return tty && os.Getenv("TERM") != "dumb"
}

// tuiOptions maps the command line onto the view.
func tuiOptions(o *options, title string) tui.Options {
	opts := tui.Options{Server: redacted(title), AltScreen: !o.inline, Inline: o.inline, Dark: true,
		Color: o.colorOn(true), Mouse: true, Timestamps: o.timestamps != "", ShowPart: o.filter.ShowPart, Back: o.fromPicker}
	if o.timestamps == output.TimestampsRFC3339 {
		opts.TimeLayout = time.RFC3339
	}
	return opts
}

// colorProfile is how the program lowers colours: not at all beyond what
// the terminal supports, no colour for --color never or NO_COLOR, and at
// least 16 colours for --color always.
func colorProfile(stdout io.Writer, on bool) colorprofile.Profile {
	if !on {
		return colorprofile.ASCII
	}
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "NO_COLOR=") })
	return max(colorprofile.Detect(stdout, env), colorprofile.ANSI)
}

// runTUI runs the view while follow feeds it from another goroutine. A
// failure of follow ends the view and is returned once the terminal is
// restored, so the error is one clean line; a stream that ends cleanly stays
// on screen, marked closed, until the user quits.
func runTUI(ctx context.Context, o *options, view backView, stdout io.Writer, follow func(ctx context.Context, p *tea.Program) error) error {
	if err := runView(ctx, o, view, stdout, follow); err != nil {
		return err
	}
	if view.WentBack() {
		return errBackToList
	}
	return nil
}

// backView is a view that esc can end to go back (tui.Options.Back).
type backView interface {
	tea.Model
	WentBack() bool
}

// errBackToList ends a view opened from the picker with esc: the picker
// shows the list again.
var errBackToList = errors.New("back to the list of sessions")

// runView is runTUI for any view.
func runView(ctx context.Context, o *options, view tea.Model, stdout io.Writer, follow func(ctx context.Context, p *tea.Program) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := tea.NewProgram(view, tea.WithContext(ctx), tea.WithOutput(stdout),
		tea.WithColorProfile(colorProfile(stdout, o.colorOn(true))))
	done := make(chan error, 1)
	go func() {
		err := follow(ctx, p)
		done <- err
		if err != nil { // a closed stream stays on screen until the user quits
			p.Quit()
		}
	}()
	_, runErr := p.Run()
	cancel()
	err := <-done
	switch {
	case errors.Is(runErr, tea.ErrProgramKilled), errors.Is(runErr, tea.ErrInterrupted):
		runErr = nil
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return runErr
}

// tuiNotices sends connection changes to the view instead of stderr, which
// would tear the screen.
func tuiNotices(p *tea.Program) func(feed.State) {
	return func(s feed.State) { p.Send(tui.ConnMsg{State: s}) }
}
