package main

import (
	"fmt"

	"github.com/supervisorrpc/rpcinterface/example/statuspage"
	"github.com/supervisorrpc/rpcinterface/example/supervisor"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// pageOptions serve the pages a person reads, next to /RPC2 and behind
// the same credentials: supervisord's status page at / (and /index.html,
// /tail.html), and the API explorer at rpcext.ExplorerPath.
func (h *host) pageOptions() ([]rpcext.ServeOption, error) {
	v, err := supervisor.New(h, rpcext.Options{})
	if err != nil {
		return nil, err
	}
	sup, ok := v.(statuspage.Supervisor)
	if !ok {
		return nil, fmt.Errorf("the status page needs the supervisor namespace's methods; %T lacks some", v)
	}
	pageOpts := []statuspage.Option{statuspage.WithExplorer(rpcext.ExplorerPath), statuspage.WithLogger(h.logger)}
	if path := h.metricsPath(); path != "" {
		pageOpts = append(pageOpts, statuspage.WithMetrics(path))
	}
	page := statuspage.New(sup, pageOpts...)
	opts := []rpcext.ServeOption{rpcext.WithExplorer()}
	for _, pattern := range statuspage.Patterns() {
		opts = append(opts, rpcext.WithHTTPHandler(pattern, page))
	}
	return opts, nil
}

// metricsPath is where the host serves its metrics, "" when it does not
// (then the status page has no link to them).
func (h *host) metricsPath() string {
	if h.metrics == nil {
		return ""
	}
	return metricsURL
}
