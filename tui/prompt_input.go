package tui

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// promptInput is the one-line input of the panel: a prompt to send, the
// reason of a rejection, or a free-text answer.
type promptInput struct {
	input textinput.Model
	mode  inputMode
}

type inputMode int

const (
	inputNone inputMode = iota
	inputPrompt
	inputReject
	inputAnswer
)

// maxPromptRunes bounds what one input takes.
const maxPromptRunes = 4000

func newPromptInput() promptInput {
	in := textinput.New()
	in.CharLimit = maxPromptRunes
	return promptInput{input: in}
}

func (p *promptInput) open() bool { return p.mode != inputNone }

func (p *promptInput) start(mode inputMode, label string) tea.Cmd {
	p.mode = mode
	p.input.Prompt = label
	p.input.SetValue("")
	return p.input.Focus()
}

func (p *promptInput) close() {
	p.mode = inputNone
	p.input.Blur()
	p.input.SetValue("")
}

func (p *promptInput) value() string { return p.input.Value() }

func (p *promptInput) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

func (p *promptInput) view(width int) string {
	p.input.SetWidth(max(1, width-len([]rune(p.input.Prompt))-1))
	return p.input.View()
}
