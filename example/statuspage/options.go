package statuspage

import "log/slog"

// Option configures New.
type Option interface{ apply(*Page) }

type optionFunc func(*Page)

func (f optionFunc) apply(p *Page) { f(p) }

// WithExplorer links the page to the API explorer at url (the host's
// rpcext.ExplorerPath when it serves the explorer). Without it there is
// no link.
func WithExplorer(url string) Option { return optionFunc(func(p *Page) { p.explorerURL = url }) }

// WithMetrics links the page to the host's metrics at url (such as
// "/metrics"). Without it there is no link.
func WithMetrics(url string) Option { return optionFunc(func(p *Page) { p.metricsURL = url }) }

// WithLogtail sets where the host streams process logs, as supervisord's
// /logtail/<name>/<stdout|stderr> (default "/logtail/"); the tail view
// follows them live from there.
func WithLogtail(prefix string) Option { return optionFunc(func(p *Page) { p.logtail = prefix }) }

// WithLogger sets where actions and refused requests are logged (default
// slog.Default()).
func WithLogger(l *slog.Logger) Option { return optionFunc(func(p *Page) { p.logger = l }) }
