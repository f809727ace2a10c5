// Package interop holds tests that drive the example host with real clients.
package interop
