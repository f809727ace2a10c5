// Command extmodule is a program in another module that uses the client
// package through a replace directive, and only its fixed names (Dial,
// WithBasicAuth, Call, Multicall, Request, xmlrpc.Fault) with the structs
// of example/supervisor, as code outside the repository would. The
// interop tests build it and run it against real supervisord and the
// example host; it prints one line per check and exits 1 at the first
// that fails.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/example/supervisor"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func main() {
	url := flag.String("url", "", "server URL (http://host:port or unix:///path)")
	user := flag.String("user", "", "username (TCP)")
	pass := flag.String("pass", "", "password (TCP)")
	slow := flag.String("slow", "", "a program that stays STARTING, to test a deadline")
	flag.Parse()
	if err := run(*url, *user, *pass, *slow); err != nil {
		fmt.Println("FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("PASS")
}

func run(url, user, pass, slow string) error {
	var opts []client.Option
	if user != "" {
		opts = append(opts, client.WithBasicAuth(user, pass))
	}
	c, err := client.Dial(url, opts...)
	if err != nil {
		return err
	}
	ctx := context.Background()

	// A typed struct.
	var state supervisor.State
	if err := c.Call(ctx, "supervisor.getState", &state); err != nil {
		return fmt.Errorf("getState: %w", err)
	}
	if state.Statename != "RUNNING" {
		return fmt.Errorf("getState: %+v", state)
	}
	fmt.Println("ok: getState", state.Statecode, state.Statename)

	// A slice of typed structs.
	var infos []supervisor.ProcessInfo
	if err := c.Call(ctx, "supervisor.getAllProcessInfo", &infos); err != nil {
		return fmt.Errorf("getAllProcessInfo: %w", err)
	}
	i := slices.IndexFunc(infos, func(p supervisor.ProcessInfo) bool { return p.Name == "sleeper" })
	if i < 0 || infos[i].Statename != "RUNNING" || infos[i].PID == 0 {
		return fmt.Errorf("getAllProcessInfo: no running sleeper in %+v", infos)
	}
	fmt.Println("ok: getAllProcessInfo", len(infos), "processes")

	// A map.
	var m map[string]any
	if err := c.Call(ctx, "supervisor.getProcessInfo", &m, "sleeper"); err != nil {
		return fmt.Errorf("getProcessInfo: %w", err)
	}
	if m["name"] != "sleeper" || m["pid"] != infos[i].PID {
		return fmt.Errorf("getProcessInfo into a map: %v", m)
	}
	fmt.Println("ok: getProcessInfo into a map, pid", m["pid"])

	// A fault with its code.
	err = c.Call(ctx, "supervisor.getProcessInfo", &m, "nosuch")
	var f *xmlrpc.Fault
	if !errors.As(err, &f) || f.Code != 10 || f.FaultString() != "BAD_NAME: nosuch" {
		return fmt.Errorf("getProcessInfo(nosuch): %v, want fault 10 BAD_NAME: nosuch", err)
	}
	fmt.Println("ok: fault", int(f.Code), f.FaultString())

	// Multicall with a fault among the calls.
	var pid int
	var again supervisor.State
	errs, err := c.Multicall(ctx,
		client.Request{Method: "supervisor.getPID", Result: &pid},
		client.Request{Method: "supervisor.getProcessInfo", Args: []any{"nosuch"}, Result: &m},
		client.Request{Method: "supervisor.getState", Result: &again},
	)
	if err != nil {
		return fmt.Errorf("multicall: %w", err)
	}
	if errs[0] != nil || errs[2] != nil || !errors.As(errs[1], &f) || f.Code != 10 || pid == 0 || again != state {
		return fmt.Errorf("multicall: %v, pid %d, state %+v", errs, pid, again)
	}
	fmt.Println("ok: multicall, per-call fault", int(f.Code))

	// A wrong password: HTTP 401.
	if user != "" {
		bad, err := client.Dial(url, client.WithBasicAuth(user, pass+"x"))
		if err != nil {
			return err
		}
		err = bad.Call(ctx, "supervisor.getState", &state)
		if err == nil || !strings.Contains(err.Error(), "401 Unauthorized") {
			return fmt.Errorf("wrong password: %v, want 401 Unauthorized", err)
		}
		fmt.Println("ok: wrong password:", err)
	}

	// A deadline ends a call the server is still working on.
	if slow != "" {
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		err := c.Call(short, "supervisor.startProcess", nil, slow, true)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("startProcess(%s) past its deadline: %v", slow, err)
		}
		fmt.Println("ok: deadline:", err)
		if err := c.Call(ctx, "supervisor.stopProcess", nil, slow, true); err != nil {
			return fmt.Errorf("stopProcess(%s): %w", slow, err)
		}
	}
	return nil
}
