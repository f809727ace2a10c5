package rpcext_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/supervisorrpc/rpcinterface/namespace"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// lockedPlugin embeds a mutex: Lock and Unlock are promoted, never its own.
type lockedPlugin struct {
	sync.Mutex
}

func (p *lockedPlugin) Ping() string { return "pong" }

// TestWithStrictMethods checks that a method that cannot be published stops
// Mount under WithStrictMethods, naming file, section, namespace, Go
// method and reason, whether the namespace comes from a config section or
// WithNamespace; and that promoted methods do not.
func TestWithStrictMethods(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg, err := rpcext.ParseConfig([]byte(testConfig), "test.conf")
	if err != nil {
		t.Fatal(err)
	}
	var p *testPlugin
	err = rpcext.Mount(http.NewServeMux(), cfg, rpcext.WithRegistry(newTestRegistry(&p)), rpcext.WithStrictMethods())
	for _, want := range []string{"test.conf:2", "[rpcinterface:test]", "namespace test: method Unservable (test.unservable) cannot be published",
		"parameter 1 (chan int) cannot be decoded"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Mount: %v; want %q in it", err, want)
		}
	}
	var me *namespace.MethodError
	var ce *rpcext.ConfigError
	if !errors.As(err, &me) || me.Namespace != "test" || me.GoName != "Unservable" || !errors.As(err, &ce) {
		t.Errorf("Mount: %#v", err)
	}

	err = rpcext.Mount(http.NewServeMux(), nil, rpcext.WithNamespace("t", &testPlugin{}), rpcext.WithStrictMethods())
	if !errors.As(err, &me) || me.Namespace != "t" || me.GoName != "Unservable" {
		t.Errorf("Mount with WithNamespace: %v", err)
	}

	// Without the option, the method is skipped (and logged, see
	// TestHandlerLogsSkippedMethods); promoted methods never stop Mount.
	if err := rpcext.Mount(http.NewServeMux(), cfg, rpcext.WithRegistry(newTestRegistry(&p)), rpcext.WithLogger(quiet)); err != nil {
		t.Errorf("Mount without WithStrictMethods: %v", err)
	}
	if err := rpcext.Mount(http.NewServeMux(), nil, rpcext.WithNamespace("l", &lockedPlugin{}), rpcext.WithStrictMethods(), rpcext.WithLogger(quiet)); err != nil {
		t.Errorf("Mount of a namespace with promoted methods: %v", err)
	}
}
