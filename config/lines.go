package config

import (
	"cmp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// lineIndex maps a key path (parts joined by keySep) to the line that
// defines it, so errors found after decoding can still point at a line.
type lineIndex map[string]int

// keySep cannot occur in a key part that reaches us, so joined paths are
// unambiguous even for quoted keys holding dots.
const keySep = "\x00"

func (l lineIndex) of(path ...string) int { return l[strings.Join(path, keySep)] }

// keyLines walks the document's expressions and records where each table and
// key is defined. The document has already been decoded, so it is valid.
func keyLines(data []byte) (lineIndex, error) {
	lines := lineIndex{}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = keyParts(e)
			lines.add(table, keyLine(&p, e))
		case unstable.KeyValue:
			lines.keyValue(&p, table, e)
		}
	}
	return lines, p.Error()
}

// keyValue records a key and, for an inline table, the keys inside it.
func (l lineIndex) keyValue(p *unstable.Parser, table []string, e *unstable.Node) {
	path := append(slices.Clone(table), keyParts(e)...)
	l.add(path, keyLine(p, e))
	if v := e.Value(); v.Kind == unstable.InlineTable {
		it := v.Children()
		for it.Next() {
			l.keyValue(p, path, it.Node())
		}
	}
}

// add records path and every prefix not yet seen (dotted keys define their
// parent tables where they stand).
func (l lineIndex) add(path []string, line int) {
	for i := 1; i <= len(path); i++ {
		k := strings.Join(path[:i], keySep)
		if _, ok := l[k]; !ok || i == len(path) {
			l[k] = line
		}
	}
}

// keyLine is the line of e's key: table headers carry no range of their own.
func keyLine(p *unstable.Parser, e *unstable.Node) int {
	if it := e.Key(); it.Next() && it.Node().Raw.Length > 0 {
		return p.Shape(it.Node().Raw).Start.Line
	}
	return p.Shape(e.Raw).Start.Line
}

func keyParts(e *unstable.Node) []string {
	var parts []string
	it := e.Key()
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

// sortedByLine returns the keys of m in file order (then by name), so the
// first problem reported is the first in the file.
func sortedByLine(m map[string]any, lines lineIndex, prefix []string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		la := lines.of(append(slices.Clone(prefix), a)...)
		lb := lines.of(append(slices.Clone(prefix), b)...)
		return cmp.Or(cmp.Compare(la, lb), cmp.Compare(a, b))
	})
	return keys
}
