// Package opencode talks to an OpenCode server: its REST API, its event
// stream, and the session list.
package opencode
