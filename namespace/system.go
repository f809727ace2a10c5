package namespace

import (
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// The system namespace: introspection over every namespace, and
// system.multicall. Its answers follow supervisord 4.2.5 (fault
// SIGNATURE_UNSUPPORTED for names it does not know, even when the name
// is not a string); its help texts are this library's own.

var errSignatureUnsupported = xmlrpc.NewFault(xmlrpc.CodeSignatureUnsupported, "")

func (s *Service) systemMethods() []*Method {
	ms := []*Method{
		{
			name: "system.listMethods", goName: "listMethods",
			help:      "Return an array of the names of every method this server publishes, sorted, system methods included.",
			signature: []string{"array"},
			invoke: func(c *call) error {
				if err := c.finish(0, 0); err != nil {
					return err
				}
				if err := c.e.BeginArray(); err != nil {
					return err
				}
				for _, n := range s.names {
					if err := c.e.String(n); err != nil {
						return err
					}
				}
				c.e.EndArray()
				return nil
			},
		},
		{
			name: "system.methodHelp", goName: "methodHelp",
			help:      "Return the documentation of the method named by the string argument; fault SIGNATURE_UNSUPPORTED if there is no such method.",
			signature: []string{"string", "string"},
			invoke: func(c *call) error {
				m, err := s.introspected(c)
				if err != nil {
					return err
				}
				return wrapEnc(c.e.String(m.help))
			},
		},
		{
			name: "system.methodSignature", goName: "methodSignature",
			help: "Return the signature of the method named by the string argument as an array of type names: " +
				"the result type, then the parameter types. Fault SIGNATURE_UNSUPPORTED if there is no such method or it has no signature.",
			signature: []string{"array", "string"},
			invoke: func(c *call) error {
				m, err := s.introspected(c)
				if err != nil {
					return err
				}
				if m.signature == nil {
					return errSignatureUnsupported
				}
				if err := c.e.BeginArray(); err != nil {
					return err
				}
				for _, w := range m.signature {
					if err := c.e.String(w); err != nil {
						return wrapEnc(err)
					}
				}
				c.e.EndArray()
				return nil
			},
		},
		{
			name: "system.multicall", goName: "multicall",
			help: "Run an array of calls, each a struct {methodName: string, params: array}, in order, and return an array " +
				"with one entry per call: its result (wrapped in a one-item array when the server uses the specification's " +
				"dialect; bare, as supervisord answers, by default), or a struct {faultCode, faultString} for a call that failed. " +
				"A failed call does not stop the others.",
			signature: []string{"array", "array"},
			invoke:    s.multicall,
		},
	}
	for _, m := range ms {
		m.dot = len("system")
	}
	return ms
}

// introspected reads the one argument of methodHelp and methodSignature
// and returns the method it names.
func (s *Service) introspected(c *call) (*Method, error) {
	name := arg(c, (*xmlrpc.Decoder).DecodeAny)
	if err := c.finish(1, 1); err != nil {
		return nil, err
	}
	str, ok := name.(string)
	if !ok {
		return nil, errSignatureUnsupported
	}
	m, ok := s.methods[str]
	if !ok {
		return nil, errSignatureUnsupported
	}
	return m, nil
}
