package config

import "strings"

// RPCInterface is one [rpcinterface:x] section: a namespace of the XML-RPC
// API and the factory that builds it.
type RPCInterface struct {
	// Name is the namespace: the text after "rpcinterface:".
	Name string
	// Factory is the expanded value of supervisor.rpcinterface_factory. It
	// is not checked here; resolving it is the registry's business.
	Factory string
	// Options are every other key of the section (including keys inherited
	// from [DEFAULT]), expanded exactly like supervisord passes them to the
	// factory.
	Options Options
}

// FactoryKey is the key naming the factory of an [rpcinterface:x]
// section.
const FactoryKey = "supervisor.rpcinterface_factory"

// rpcinterfacePrefix starts the name of every rpcinterface section.
const rpcinterfacePrefix = "rpcinterface:"

// rpcInterfaces is ServerOptions.get_plugins for "rpcinterface:" sections.
func (c *Config) rpcInterfaces(p *iniParser) ([]RPCInterface, error) {
	var out []RPCInterface
	for _, s := range p.sections {
		if !strings.HasPrefix(s.Name, rpcinterfacePrefix) {
			continue
		}
		factory, ok, err := c.expandKey(s, FactoryKey)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, sectionError(s, "section [%s] does not specify a %s", s.Name, FactoryKey)
		}
		opts := Options{section: s.Name, file: s.File, index: map[string]int{}, reads: &readSet{}}
		for _, k := range s.keys() {
			if k == FactoryKey {
				continue
			}
			v, _, err := c.expandKey(s, k)
			if err != nil {
				return nil, err
			}
			e := s.lookup(k)
			opts.add(optEntry{key: k, value: v, file: e.file, line: e.line})
		}
		out = append(out, RPCInterface{Name: s.Name[len(rpcinterfacePrefix):], Factory: factory, Options: opts})
	}
	return out, nil
}
