// Package rpcinterface gives Go programs supervisord's extensible XML-RPC
// API. See package rpcext.
package rpcinterface
