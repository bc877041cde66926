// Package ocpeer runs a real OpenCode server (npm opencode-ai, installed by
// internal/peers) against a scriptable OpenAI-compatible mock LLM, so
// end-to-end tests see real sessions streaming real events.
//
//	s := ocpeer.Start(t)                      // or Launch + Close from TestMain
//	id := s.CreateSession(t, "")              // in s.Dir()
//	s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnTool)+" do it")
//	s.WaitIdle(t, id, time.Minute)
//	msgs := s.Messages(t, id)
//
// The mock picks its behaviour from a "SCN:<tag>" marker in the prompt (see
// the Scn* constants and Mock.Script) and records every request.
//
// Isolation. Each server gets a temp root with its own HOME and XDG
// directories, one git repository per project directory (each with an
// opencode.json naming the mock as default provider "mock/mock-model"), and
// an environment without the caller's OPENCODE_*, proxy, npm or git
// settings. The provider package @ai-sdk/openai-compatible is bundled in the
// binary; nothing is installed for it. At start-up OpenCode does try to
// npm-install @opencode-ai/plugin (about 100 MB) into its config directory
// and to fetch models.dev: the models fetch is turned off
// (OPENCODE_DISABLE_MODELS_FETCH) and the npm registry and HTTP(S) proxy point
// at a local listener that refuses everything (see Server.OutboundAttempts),
// so the install is skipped and no traffic leaves loopback.
//
// Traps handled here:
//   - A connection accepted in the first ~200 ms after the port opens is
//     never answered, so readiness is probed with short per-request timeouts
//     on fresh connections.
//   - `--port 0` does not pick a random port: it prefers 4096, the port a
//     developer's own OpenCode uses. A free port is picked instead, and the
//     start retried if OpenCode reports "ServeError" (port taken).
//   - prompt_async answers before the session turns busy, and after an
//     abort or failure the idle status comes before the final message update;
//     WaitIdle therefore also checks the stored messages.
//   - server.connected is written before the event subscription is live: an
//     event emitted right after it can be missed (tests create their session
//     again when they miss its session.created).
package ocpeer
