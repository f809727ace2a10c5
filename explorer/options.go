package explorer

// Option configures New.
type Option interface{ apply(*Handler) }

type optionFunc func(*Handler)

func (f optionFunc) apply(h *Handler) { f(h) }

// DefaultEndpoint is where the page sends calls unless WithEndpoint says
// otherwise: supervisord's /RPC2.
const DefaultEndpoint = "/RPC2"

// WithEndpoint sets the URL the page POSTs calls to, absolute or relative
// to the page (default DefaultEndpoint). It must be on the page's own
// origin: the Content-Security-Policy allows no other.
func WithEndpoint(url string) Option {
	return optionFunc(func(h *Handler) { h.endpoint = url })
}

// WithTitle sets the page's title (default "XML-RPC API explorer").
func WithTitle(title string) Option {
	return optionFunc(func(h *Handler) { h.title = title })
}
