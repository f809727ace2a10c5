package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// methods prints the server's methods, or one namespace's, sorted.
func (a *app) methods(ctx context.Context, args []string) int {
	names, err := a.c.ListMethods(ctx)
	if err != nil {
		return a.fail(err)
	}
	if len(args) == 1 {
		prefix := strings.TrimSuffix(args[0], ".") + "."
		names = slices.DeleteFunc(names, func(n string) bool { return !strings.HasPrefix(n, prefix) })
		if len(names) == 0 {
			return a.errorf("the server has no methods in namespace %q", strings.TrimSuffix(prefix, "."))
		}
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	fmt.Fprint(a.stdout, b.String())
	return exitOK
}

// help prints a method's signatures, one a line as
// "method(int, string) -> struct", then its help text.
func (a *app) help(ctx context.Context, args []string) int {
	method := args[0]
	text, err := a.c.MethodHelp(ctx, method)
	if err != nil {
		return a.fail(err)
	}
	sigs, err := a.c.MethodSignature(ctx, method)
	if _, fault := err.(*xmlrpc.Fault); err != nil && !fault {
		return a.fail(err)
	}
	// A fault (supervisord's SIGNATURE_UNSUPPORTED): no signature to show.
	var b strings.Builder
	for _, s := range sigs {
		if len(s) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%s(%s) -> %s\n", method, strings.Join(s[1:], ", "), s[0])
	}
	if text = strings.TrimSpace(text); text != "" {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(text)
		b.WriteByte('\n')
	}
	if b.Len() == 0 {
		b.WriteString(method + ": no signature and no help text\n")
	}
	fmt.Fprint(a.stdout, b.String())
	return exitOK
}

// call calls a method with the arguments converted (see parseArg) and
// prints its answer as JSON, or as XML with -raw.
func (a *app) call(ctx context.Context, args []string) int {
	method, words := args[0], args[1:]
	types := make([]string, len(words))
	if slices.ContainsFunc(words, func(w string) bool { _, _, forced := typePrefix(w); return !forced }) {
		sigs, err := a.c.MethodSignature(ctx, method)
		if _, fault := err.(*xmlrpc.Fault); err != nil && !fault {
			return a.fail(err)
		}
		// A fault (no signature, no introspection): the arguments are guessed.
		types = argTypes(sigs, len(words))
	}
	values := make([]any, len(words))
	for i, w := range words {
		v, err := parseArg(w, types[i])
		if err != nil {
			return a.usageError("%s argument %d: %v", method, i+1, err)
		}
		values[i] = v
	}
	if a.raw {
		body, err := a.c.CallRaw(ctx, method, values...)
		a.stdout.Write(body)
		if err != nil {
			return a.fail(err)
		}
		return exitOK
	}
	var answer any
	if err := a.c.Call(ctx, method, &answer, values...); err != nil {
		return a.fail(err)
	}
	if err := writeJSON(a.stdout, toJSON(answer), true); err != nil {
		return a.errorf("printing the answer: %v", err)
	}
	return exitOK
}
