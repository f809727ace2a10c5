// Package testkit holds the helpers this module's tests share: request
// bodies written by hand (MethodCall and the value builders, for tests
// that must control every byte a client sends) and LogBuffer, a log sink
// that concurrent goroutines write and a test reads. It is imported by
// _test.go files only, and imports nothing of the module, so that every
// package's tests (xmlrpc's included) can use it.
//
// Tests that call a server the way a client does use package client and
// rpctest instead.
package testkit
