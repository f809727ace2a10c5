package xmlrpc

// Limits bound what one request may make the decoder do. A request beyond a
// limit is refused with a *LimitError before any method runs. The zero value
// of a field means "use the default"; DefaultLimits lists them.
type Limits struct {
	// MaxDepth is how deeply arrays and structs may nest (a flat array is
	// depth 1). Default 256: supervisord itself cannot answer 1000 levels.
	MaxDepth int
	// MaxValues is the total number of values (scalars, arrays, structs,
	// members) one request may contain. Default 1,000,000.
	MaxValues int
	// MaxStringBytes is the longest string or decoded base64 value, in
	// bytes. Default 64 MiB.
	MaxStringBytes int
	// MaxParams is the most parameters a call may have. Default 100,000.
	MaxParams int
	// MaxIntDigits is the most digits an integer beyond 64 bits may have
	// (one decoded into any, or into a big.Int); converting such a number
	// costs time that grows with the square of its length. Default 4,300,
	// CPython's own limit (sys.int_info.default_max_str_digits).
	MaxIntDigits int
}

// DefaultLimits are the limits used for zero fields of Limits.
var DefaultLimits = Limits{
	MaxDepth:       256,
	MaxValues:      1_000_000,
	MaxStringBytes: 64 << 20,
	MaxParams:      100_000,
	MaxIntDigits:   4300,
}

// withDefaults returns l with zero fields replaced by DefaultLimits.
func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxValues <= 0 {
		l.MaxValues = DefaultLimits.MaxValues
	}
	if l.MaxStringBytes <= 0 {
		l.MaxStringBytes = DefaultLimits.MaxStringBytes
	}
	if l.MaxParams <= 0 {
		l.MaxParams = DefaultLimits.MaxParams
	}
	if l.MaxIntDigits <= 0 {
		l.MaxIntDigits = DefaultLimits.MaxIntDigits
	}
	return l
}
