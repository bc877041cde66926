package ocpeer

// Option configures a server started by Start or Launch.
type Option func(*config)

type config struct {
	password   string
	username   string
	extraDirs  int
	mock       *Mock
	mockConfig MockConfig
	env        []string
	hostname   string   // --hostname, 127.0.0.1 unless WithHostname (options_serve.go)
	serveArgs  []string // more `opencode serve` flags (options_serve.go)
}

// WithPassword protects the server with HTTP basic auth
// (OPENCODE_SERVER_PASSWORD); the driving methods send the credentials.
func WithPassword(password string) Option {
	return func(c *config) { c.password = password }
}

// WithUsername sets OPENCODE_SERVER_USERNAME (the server's default is
// "opencode"). Only meaningful together with WithPassword.
func WithUsername(username string) Option {
	return func(c *config) { c.username = username }
}

// WithExtraProjects creates n more project directories (each its own git
// repository and OpenCode project), listed after Dir() by Dirs().
func WithExtraProjects(n int) Option {
	return func(c *config) { c.extraDirs = n }
}

// WithMock uses m instead of a mock owned by the server; the caller closes
// it, and sets its OutsideFile if the perm scenario is used.
func WithMock(m *Mock) Option {
	return func(c *config) { c.mock = m }
}

// WithMockConfig tunes the server's own mock (ignored with WithMock).
func WithMockConfig(cfg MockConfig) Option {
	return func(c *config) { c.mockConfig = cfg }
}

// WithEnv adds "KEY=value" entries to the server's environment, after the
// isolation settings (so they can override them).
func WithEnv(kv ...string) Option {
	return func(c *config) { c.env = append(c.env, kv...) }
}
