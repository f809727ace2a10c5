//go:build amd64 || arm64

package namespace

// directCallsSupported: the register ABI of these platforms passes every
// pointer, and the classes in direct.go, alike (see direct.go).
const directCallsSupported = true
