package main

import (
	"maps"
	"reflect"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// serverSectionsChanged names the sections of the XML-RPC server that
// differ between old and new: [inet_http_server] and [unix_http_server]
// (address, socket, mode, owner, credentials) and every [rpcinterface:x]
// added, removed, or with another factory or options.
func serverSectionsChanged(old, new *rpcext.Config) []string {
	var changed []string
	type inet struct {
		Host, Username, Password string
		Port                     int
	}
	inetOf := func(c *rpcext.Config) *inet {
		if s := c.InetHTTPServer; s != nil {
			return &inet{s.Host, s.Username, s.Password, s.Port}
		}
		return nil
	}
	if !reflect.DeepEqual(inetOf(old), inetOf(new)) {
		changed = append(changed, "[inet_http_server]")
	}
	type unix struct {
		File, Chown, Username, Password string
		Chmod                           uint32
	}
	unixOf := func(c *rpcext.Config) *unix {
		if s := c.UnixHTTPServer; s != nil {
			return &unix{s.File, s.Chown, s.Username, s.Password, uint32(s.Chmod)}
		}
		return nil
	}
	if !reflect.DeepEqual(unixOf(old), unixOf(new)) {
		changed = append(changed, "[unix_http_server]")
	}
	type ns struct {
		factory string
		options map[string]string
	}
	namespaces := func(c *rpcext.Config) map[string]ns {
		m := map[string]ns{}
		for _, ri := range c.RPCInterfaces {
			m[ri.Name] = ns{ri.Factory, ri.Options.Map()}
		}
		return m
	}
	before, after := namespaces(old), namespaces(new)
	for _, ri := range new.RPCInterfaces {
		b, ok := before[ri.Name]
		if a := after[ri.Name]; !ok || b.factory != a.factory || !maps.Equal(b.options, a.options) {
			changed = append(changed, "[rpcinterface:"+ri.Name+"]")
		}
	}
	for _, ri := range old.RPCInterfaces {
		if _, ok := after[ri.Name]; !ok {
			changed = append(changed, "[rpcinterface:"+ri.Name+"] (removed)")
		}
	}
	return changed
}
