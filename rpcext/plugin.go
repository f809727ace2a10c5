package rpcext

import (
	"github.com/supervisorrpc/rpcinterface/namespace"
	"github.com/supervisorrpc/rpcinterface/registry"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Factory builds the value whose exported methods a [rpcinterface:x]
// section publishes under namespace x, as supervisord's
// supervisor.rpcinterface_factory does. host is the value the host
// program passed to Mount with WithHost (supervisord passes itself);
// opts are the section's other keys. A factory error stops Mount, and so
// does a key the factory never read, as supervisord's keyword arguments
// make an unknown key a TypeError (see Options.CheckRead; a factory that
// takes any key calls opts.AcceptAny).
type Factory func(host any, opts Options) (any, error)

// Registry maps factory names, as config files spell them
// ("my.package:make_rpcinterface"), to factories. Register fills the
// default one; tests make their own with NewRegistry and WithRegistry.
type Registry = registry.Registry[Factory]

var defaultRegistry = registry.New[Factory]()

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return registry.New[Factory]() }

// Register makes factory available under name in the default registry,
// typically from the plugin package's init function:
//
//	func init() { rpcext.Register("my.package:make_another_rpcinterface", newAnother) }
//
// It panics if name is empty, factory is nil or name is taken.
func Register(name string, factory Factory) { defaultRegistry.Register(name, factory) }

// Factories returns the names registered in the default registry, sorted.
func Factories() []string { return defaultRegistry.Names() }

// Optional marks a trailing method parameter that callers may leave out,
// like a Python parameter with a default:
//
//	func (e *Echo) Optional(a int, b rpcext.Optional[int]) int { return a + b.Or(10) }
type Optional[T any] = namespace.Optional[T]

// IgnoreUnknown, as the first field of a struct parameter type
// (`_ rpcext.IgnoreUnknown`), makes the struct accept and ignore members it
// does not have instead of answering fault 2 (the default catches a
// client's misspelt member names); see xmlrpc.IgnoreUnknown.
type IgnoreUnknown = xmlrpc.IgnoreUnknown

// Documented is implemented by plugin values that document their methods
// for system.methodHelp and system.methodSignature; see namespace.Documented.
type Documented = namespace.Documented

// Doc documents one method; see namespace.Doc.
type Doc = namespace.Doc

// Docstring documents a method with a supervisord-style docstring: help
// verbatim, signature from its @return and @param tags.
func Docstring(s string) Doc { return namespace.Docstring(s) }
