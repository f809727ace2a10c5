package rpcext

import "github.com/supervisorrpc/rpcinterface/config"

// The configuration reader lives in package config; these names keep
// rpcext's API whole for hosts and plugins written against it. Each one is
// an alias of, or a one-line forwarder to, the config name it documents.

// Config is a parsed supervisord configuration; see config.Config.
type Config = config.Config

// ConfigOption customises LoadConfig and ParseConfig; see config.Option.
type ConfigOption = config.Option

// ConfigError is a configuration problem with its location; see
// config.Error.
type ConfigError = config.Error

// Section is one [name] section of a configuration; see config.Section.
type Section = config.Section

// Options are the keys of one [rpcinterface:x] section as its factory
// receives them; see config.Options.
type Options = config.Options

// RPCInterface is one [rpcinterface:x] section; see config.RPCInterface.
type RPCInterface = config.RPCInterface

// InetHTTPServer is an [inet_http_server] section; see
// config.InetHTTPServer.
type InetHTTPServer = config.InetHTTPServer

// UnixHTTPServer is a [unix_http_server] section; see
// config.UnixHTTPServer.
type UnixHTTPServer = config.UnixHTTPServer

// LoadConfig reads a supervisord configuration file; see config.Load.
func LoadConfig(path string, opts ...ConfigOption) (*Config, error) {
	return config.Load(path, opts...)
}

// ParseConfig parses a supervisord configuration; see config.Parse.
func ParseConfig(data []byte, name string, opts ...ConfigOption) (*Config, error) {
	return config.Parse(data, name, opts...)
}

// WithEnviron makes the configuration see env instead of os.Environ();
// see config.WithEnviron.
func WithEnviron(env []string) ConfigOption { return config.WithEnviron(env) }

// NewSection returns a section holding values as they are; see
// config.NewSection.
func NewSection(name, file string, values map[string]string) *Section {
	return config.NewSection(name, file, values)
}

// NewOptions returns options holding kv, for testing plugins; see
// config.NewOptions.
func NewOptions(section string, kv map[string]string) Options { return config.NewOptions(section, kv) }
