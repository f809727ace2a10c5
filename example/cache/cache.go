// Package cache is a Go port of supervisor_cache 1.1.0, Mike Naberezny's
// supervisord plugin that keeps arbitrary XML-RPC values in the server as
// key/value pairs. It registers under the Python package's factory name, so
// a config file written for supervisord enables it unchanged:
//
//	[rpcinterface:cache]
//	supervisor.rpcinterface_factory = supervisor_cache.rpcinterface:make_cache_rpcinterface
//
// Clients (supervisor_cache's own supervisorctl plugin among them) then call
// cache.getAPIVersion, cache.getKeys, cache.getCount, cache.store,
// cache.fetch, cache.delete and cache.clear, with supervisor_cache's
// parameters, results, faults and docstrings.
//
// Like the Python plugin it takes no options: any keys of the section are
// accepted and ignored. Every method answers SHUTDOWN_STATE while the host
// shuts down, when the host (rpcext.WithHost) implements ShutdownReporter.
//
// Differences a client can observe, all inherited from the library's
// documented decoding (see package rpcext):
//   - <base64> data is kept as bytes and fetched as <base64> (supervisord
//     turns it into a string); a <base64> key is still read as the string
//     it encodes, as supervisord reads it, when that is valid UTF-8.
//   - an <i8> key is an integer, so BAD_NAME (supervisord reads <i8> as a
//     string key).
//   - <nil/> data is stored and fetched as <nil/> (supervisord stores None
//     and then fails to answer the fetch: HTTP 500).
//   - one cache serves every listener of the host (supervisord makes one
//     per HTTP server, so its unix socket and TCP port see separate caches).
package cache

//go:generate python3 gen_docs.py $SUPERVISOR_CACHE_RPCINTERFACE

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// FactoryName is the name config files use for this plugin: the Python
// package's factory.
const FactoryName = "supervisor_cache.rpcinterface:make_cache_rpcinterface"

// APIVersion is what cache.getAPIVersion answers.
const APIVersion = "0.2"

func init() { rpcext.Register(FactoryName, New) }

// ShutdownReporter is implemented by hosts that can say they are shutting
// down (supervisord's SHUTDOWN state). While ShuttingDown reports true,
// every cache method answers fault SHUTDOWN_STATE, as supervisor_cache does.
type ShutdownReporter interface {
	ShuttingDown() bool
}

// New is the factory. Options are accepted and ignored, as
// make_cache_rpcinterface ignores its keyword arguments.
func New(host any, opts rpcext.Options) (any, error) {
	opts.AcceptAny()
	c := &Cache{data: map[string]any{}}
	c.host, _ = host.(ShutdownReporter)
	return c, nil
}

// Cache is the namespace. It is safe for concurrent use.
type Cache struct {
	host ShutdownReporter // nil when the host cannot report its state

	mu   sync.RWMutex
	data map[string]any
}

// errShutdown is SHUTDOWN_STATE without text, as supervisor_cache raises it.
var errShutdown = rpcext.NewFault(rpcext.CodeShutdownState, "")

// errBadKey is supervisor_cache's answer to a key that is not a non-empty
// string.
var errBadKey = rpcext.NewFault(rpcext.CodeBadName, "Cache key must be a non-empty string")

// errNoKey is supervisor_cache's answer to fetching a key that is not
// stored: BAD_NAME without text.
var errNoKey = rpcext.NewFault(rpcext.CodeBadName, "")

// update is supervisor_cache's _update: refuse while the host shuts down.
func (c *Cache) update() error {
	if c.host != nil && c.host.ShuttingDown() {
		return errShutdown
	}
	return nil
}

// GetAPIVersion returns the version of the cache's RPC API, "0.2".
func (c *Cache) GetAPIVersion() (string, error) {
	if err := c.update(); err != nil {
		return "", err
	}
	return APIVersion, nil
}

// GetKeys returns the keys of every stored value, sorted.
func (c *Cache) GetKeys() ([]string, error) {
	if err := c.update(); err != nil {
		return nil, err
	}
	c.mu.RLock()
	keys := make([]string, 0, len(c.data))
	for k := range c.data {
		keys = append(keys, k)
	}
	c.mu.RUnlock()
	slices.Sort(keys)
	return keys, nil
}

// GetCount returns the number of stored values.
func (c *Cache) GetCount() (int, error) {
	if err := c.update(); err != nil {
		return 0, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.data), nil
}

// Store keeps data, any XML-RPC value, under key, replacing what was
// stored there.
func (c *Cache) Store(key, data any) error {
	if err := c.update(); err != nil {
		return err
	}
	k, err := validKey(key)
	if err != nil {
		return err
	}
	k, v := strings.Clone(k), clone(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.data[k] = v
	return nil
}

// Fetch returns the value stored under key; BAD_NAME without text when
// there is none.
func (c *Cache) Fetch(key any) (any, error) {
	if err := c.update(); err != nil {
		return nil, err
	}
	k, err := validKey(key)
	if err != nil {
		return nil, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.data[k]
	if !ok {
		return nil, errNoKey
	}
	return v, nil
}

// Delete removes the value stored under key; deleting a key that is not
// stored succeeds too.
func (c *Cache) Delete(key any) error {
	if err := c.update(); err != nil {
		return err
	}
	k, err := validKey(key)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.data, k)
	return nil
}

// Clear removes every stored value.
func (c *Cache) Clear() error {
	if err := c.update(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.data)
	return nil
}

// RPCDocs serves supervisor_cache's docstrings verbatim, so that
// system.methodHelp and system.methodSignature answer as they do for the
// Python plugin.
func (*Cache) RPCDocs() map[string]rpcext.Doc {
	docs := make(map[string]rpcext.Doc, len(docstrings))
	for name, s := range docstrings {
		docs[name] = rpcext.Docstring(s)
	}
	return docs
}

// validKey is supervisor_cache's _validateKey: a key is a non-empty
// string. A <base64> key arrives as bytes; supervisord decodes it to a
// string, so it is accepted when it is valid UTF-8.
func validKey(key any) (string, error) {
	var k string
	switch v := key.(type) {
	case string:
		k = v
	case []byte:
		if !utf8.Valid(v) {
			return "", errBadKey
		}
		k = string(v)
	default:
		return "", errBadKey
	}
	if k == "" {
		return "", errBadKey
	}
	return k, nil
}
