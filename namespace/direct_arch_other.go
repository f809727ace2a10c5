//go:build !amd64 && !arm64

package namespace

// directCallsSupported is false where the ABI assumption of direct.go was
// not checked: every method is called through reflect.
const directCallsSupported = false
