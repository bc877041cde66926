package mdterm

import "strings"

// carrySGR makes each line stand alone: a style still open at the end of
// a line (a heading or emphasis wrapped over two lines) is closed there
// and opened again at the start of the next, since a view draws, cuts and
// scrolls lines one by one.
func carrySGR(lines []string) []string {
	open := ""
	for i, l := range lines {
		if open != "" {
			l = open + l
		}
		open = openAtEnd(l)
		if open != "" {
			l += "\x1b[0m"
		}
		lines[i] = l
	}
	return lines
}

// openAtEnd is the SGR sequences in force at the end of s: those after
// its last reset.
func openAtEnd(s string) string {
	var open strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != 0x1b || i+1 >= len(s) || s[i+1] != '[' {
			continue
		}
		j := i + 2
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';') {
			j++
		}
		if j >= len(s) || s[j] != 'm' {
			continue
		}
		if params := s[i+2 : j]; params == "" || params == "0" {
			open.Reset()
		} else {
			open.WriteString(s[i : j+1])
		}
		i = j
	}
	return open.String()
}
