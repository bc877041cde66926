package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the UI uses, so a theme is one value.
type Styles struct {
	Header, HeaderDim, Title lipgloss.Style
	StatusIdle, StatusBusy   lipgloss.Style
	StatusRetry, StatusError lipgloss.Style

	User, Assistant, Meta lipgloss.Style // message headers and dim metadata
	Text, Reasoning       lipgloss.Style
	Cursor                lipgloss.Style // gutter mark of the selected part

	ToolName, ToolInput, ToolOutput lipgloss.Style
	ToolPending, ToolRunning        lipgloss.Style
	ToolDone, ToolFailed            lipgloss.Style

	Error, Warning, Incomplete   lipgloss.Style
	ConnLive, ConnBusy, ConnDown lipgloss.Style
	Badge, Help, Match           lipgloss.Style
}

// DefaultStyles returns the colour styles for a dark or light background.
func DefaultStyles(dark bool) Styles { return NewStyles(dark, true) }

// NewStyles returns the styles for a dark or light background. Without
// colour only bold, italic and reverse remain, which read on any
// background. Colours are picked per background so both stay readable;
// the program lowers them to what the terminal supports.
func NewStyles(dark, colour bool) Styles {
	pick := func(light, darkC string) color.Color {
		if dark {
			return lipgloss.Color(darkC)
		}
		return lipgloss.Color(light)
	}
	fg := func(light, darkC string) lipgloss.Style {
		if !colour {
			return lipgloss.NewStyle()
		}
		return lipgloss.NewStyle().Foreground(pick(light, darkC))
	}
	dim := fg("#6c6c6c", "#8a8a8a")
	if !colour {
		dim = lipgloss.NewStyle().Faint(true)
	}
	red := fg("#c0152f", "#ff5f5f")
	yellow := fg("#a66a00", "#ffd75f")
	green := fg("#1a7f37", "#5fd75f")
	blue := fg("#0550ae", "#5fafff")
	match := lipgloss.NewStyle().Reverse(true)
	if colour {
		match = lipgloss.NewStyle().Background(pick("#ffd75f", "#d7af00")).Foreground(lipgloss.Color("#000000"))
	}
	return Styles{
		Header:    lipgloss.NewStyle().Bold(true),
		HeaderDim: dim,
		Title:     lipgloss.NewStyle().Bold(true),

		StatusIdle:  green,
		StatusBusy:  blue,
		StatusRetry: yellow,
		StatusError: red.Bold(true),

		User:      fg("#8250df", "#d7afff").Bold(true),
		Assistant: blue.Bold(true),
		Meta:      dim,
		Text:      lipgloss.NewStyle(),
		Reasoning: dim.Italic(true),
		Cursor:    blue.Bold(true),

		ToolName:    lipgloss.NewStyle().Bold(true),
		ToolInput:   dim,
		ToolOutput:  dim,
		ToolPending: dim,
		ToolRunning: blue,
		ToolDone:    green,
		ToolFailed:  red,

		Error:      red,
		Warning:    yellow,
		Incomplete: yellow.Italic(true),
		ConnLive:   green,
		ConnBusy:   yellow,
		ConnDown:   red,
		Badge:      lipgloss.NewStyle().Reverse(true).Bold(true),
		Help:       dim,
		Match:      match,
	}
}

// helpStyles are the help bar's styles, colourless when colour is off.
func helpStyles(dark, colour bool) help.Styles {
	if colour {
		return help.DefaultStyles(dark)
	}
	plain := lipgloss.NewStyle()
	faint := plain.Faint(true)
	return help.Styles{Ellipsis: faint, ShortKey: plain.Bold(true), ShortDesc: faint, ShortSeparator: faint,
		FullKey: plain.Bold(true), FullDesc: faint, FullSeparator: faint}
}
