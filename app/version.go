package app

import "runtime/debug"

// Version is the version and commit to show, from what the release build
// stamped. A binary built with `go install …@vX` has no stamped version;
// the module version recorded in its build info stands in.
func Version(stamped, commit string) string {
	v, c := stamped, commit
	if info, ok := debug.ReadBuildInfo(); ok && v == "dev" {
		if mv := info.Main.Version; mv != "" && mv != "(devel)" {
			v = mv
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && c == "none" {
				c = s.Value
			}
		}
	}
	return v + " (" + c + ")"
}
