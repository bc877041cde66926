package output

import (
	"fmt"
	"regexp"
	"strings"
)

// PartKinds are the part kinds --parts accepts, as the line output and the
// terminal view show them.
var PartKinds = []string{"text", "reasoning", "tool", "patch", "step", "file"}

// Filter decides which OpenCode parts and which rendered lines are shown.
// The zero Filter shows everything. JSON output is never filtered: a
// filtered capture would no longer fold to the server's state.
type Filter struct {
	// Parts holds the part kinds to show (see PartKinds); nil shows all.
	Parts map[string]bool
	// Include, when not empty, keeps only lines matching one of them.
	Include []*regexp.Regexp
	// Exclude drops lines matching any of them (after Include).
	Exclude []*regexp.Regexp
}

// ParseParts reads --parts values; each may hold a comma-separated list.
func ParseParts(values []string) (map[string]bool, error) {
	if len(values) == 0 {
		return nil, nil
	}
	parts := map[string]bool{}
	for _, v := range values {
		for _, kind := range strings.Split(v, ",") {
			kind = strings.TrimSpace(kind)
			if !validKind(kind) {
				return nil, fmt.Errorf("--parts: unknown part kind %q (want %s)", kind, strings.Join(PartKinds, ","))
			}
			parts[kind] = true
		}
	}
	return parts, nil
}

func validKind(kind string) bool {
	for _, k := range PartKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// CompileRegexps compiles the values of flag (--include or --exclude).
func CompileRegexps(flag string, exprs []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, e := range exprs {
		re, err := regexp.Compile(e)
		if err != nil {
			return nil, fmt.Errorf("--%s %q: %v", flag, e, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
		out = append(out, re)
	}
	return out, nil
}

// PartKind maps an OpenCode part type to its --parts kind: step-start and
// step-finish are "step"; other types are their own kind.
func PartKind(partType string) string {
	if strings.HasPrefix(partType, "step-") {
		return "step"
	}
	return partType
}

// ShowPart reports whether parts of this OpenCode type are shown. Types
// outside PartKinds (snapshot, agent, …) are shown only when --parts is not
// given.
func (f Filter) ShowPart(partType string) bool {
	return f.Parts == nil || f.Parts[PartKind(partType)]
}

// FiltersLines reports whether ShowLine can drop a line, which makes line
// output wait for each line to end before writing it.
func (f Filter) FiltersLines() bool { return len(f.Include) > 0 || len(f.Exclude) > 0 }

// ShowLine applies Include and Exclude to one rendered line (without colour
// or time stamp), like stern: kept if it matches any Include (or there are
// none) and no Exclude.
func (f Filter) ShowLine(line string) bool {
	if len(f.Include) > 0 && !anyMatch(f.Include, line) {
		return false
	}
	return !anyMatch(f.Exclude, line)
}

func anyMatch(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// Time stamp formats for --timestamps.
const (
	TimestampsOff     = ""
	TimestampsShort   = "short"   // 15:04:05 local time
	TimestampsRFC3339 = "rfc3339" // 2006-01-02T15:04:05.000Z07:00
)

// ParseTimestamps checks a --timestamps value.
func ParseTimestamps(v string) (string, error) {
	switch v {
	case TimestampsOff, TimestampsShort, TimestampsRFC3339:
		return v, nil
	}
	return "", fmt.Errorf("--timestamps must be short or rfc3339, not %q", v)
}
