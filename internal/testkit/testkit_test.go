package testkit_test

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
)

func TestMethodCall(t *testing.T) {
	got := string(testkit.MethodCall("echo.add", testkit.Int(1), testkit.Array(testkit.String("a")),
		testkit.Struct("k", testkit.Value("v"))))
	want := "<?xml version='1.0'?>\n<methodCall>\n<methodName>echo.add</methodName>\n<params>\n" +
		"<param>\n<value><int>1</int></value>\n</param>\n" +
		"<param>\n<value><array><data><value><string>a</string></value></data></array></value>\n</param>\n" +
		"<param>\n<value><struct><member><name>k</name><value>v</value></member></struct></value>\n</param>\n" +
		"</params>\n</methodCall>\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if v := testkit.Values("<int>1</int>", "x"); len(v) != 2 || v[0] != "<value><int>1</int></value>" || v[1] != "<value>x</value>" {
		t.Errorf("Values: %q", v)
	}
}

func TestLogBufferConcurrent(t *testing.T) {
	var l testkit.LogBuffer
	log := l.Logger(slog.LevelInfo)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				log.Info("line", "writer", i, "n", j)
				log.Debug("not written")
			}
		})
	}
	wg.Wait()
	out := l.String()
	if n := strings.Count(out, "msg=line"); n != 400 {
		t.Errorf("%d lines, want 400", n)
	}
	if strings.Contains(out, "not written") {
		t.Error("a debug line was written at info level")
	}
	fmt.Fprint(&l, "x")
	l.Reset()
	if l.String() != "" {
		t.Errorf("after Reset: %q", l.String())
	}
}
