package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the UI. The same bindings feed the short
// help bar and the full help ('?'), so help never disagrees with the keys.
type KeyMap struct {
	Up, Down, PageUp, PageDown key.Binding
	Top, Bottom                key.Binding
	Toggle, ToggleTools        key.Binding
	Search, Next, Prev, Clear  key.Binding
	Wrap, Timestamps           key.Binding
	Retry                      key.Binding // reconnect now (only while waiting to)
	Help, Quit                 key.Binding
	// Back (esc: back to the list) and Switch (tabs) are shown only where
	// they apply; see Options.Back and Tabs.
	Back, Switch key.Binding
	// Extra: the session actions where there is a write path (requests.go).
	Extra []key.Binding
}

// DefaultKeyMap returns the default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "b", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "f", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Top:         key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "live")),
		Toggle:      key.NewBinding(key.WithKeys("enter", "space"), key.WithHelp("enter", "expand")),
		ToggleTools: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "all tools")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Next:        key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match / new")),
		Prev:        key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		Clear:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
		Wrap:        key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "wrap")),
		Timestamps:  key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "timestamps")),
		Retry:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry now"), key.WithDisabled()),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"), key.WithDisabled()),
		Switch:      key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("1-9/tab", "switch"), key.WithDisabled()),
	}
}

// ShortHelp is the one-line help bar.
func (k KeyMap) ShortHelp() []key.Binding {
	return append(append([]key.Binding{k.Down, k.Bottom, k.Toggle, k.Search, k.Switch, k.Back}, k.Extra[:min(2, len(k.Extra))]...), k.Help, k.Quit)
}

// FullHelp is the expanded help, one column per group.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown},
		{k.Top, k.Bottom, k.Toggle, k.ToggleTools},
		{k.Search, k.Next, k.Prev, k.Clear},
		{k.Wrap, k.Timestamps, k.Help, k.Quit},
		{k.Switch, k.Back, k.Retry},
		k.Extra,
	}
}
