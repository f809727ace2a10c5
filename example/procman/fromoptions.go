package procman

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/supervisorrpc/rpcinterface/config"
	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// ProcessesFromOptions reads a program given as option values rather than
// as a config file section: the processes supervisord makes of a
// [program:<program>] section holding options, for group. This is how
// supervisor_twiddler's addProgramToGroup has supervisord read the options
// a client sends.
//
// The options and their defaults are GroupsFromConfig's; keys are
// lower-cased, as supervisord lower-cases them, and keys that are not
// options are ignored. Values are expanded with the names GroupsFromConfig
// offers, %(here)s and %(ENV_X)s coming from cfg; with a nil cfg,
// %(here)s is the current directory and the names ENV_X are the process
// environment's.
//
// A value is taken as it is, as supervisord takes values set through its
// parser's API, with one exception: a value with a % in it is expanded as
// a line of a config file, so one that a config file cannot hold as it is
// (surrounding whitespace, several lines, an inline comment: " ;" or
// " #") cannot be expanded and is an error.
//
// Errors are *config.Error naming the section "program:<program>"
// and cfg's file, without a line.
func ProcessesFromOptions(cfg *config.Config, program, group string, options map[string]string) ([]ProcessConfig, error) {
	if cfg == nil {
		// An empty configuration without a file: its %(here)s is the
		// current directory and its ENV_X names the process environment.
		var err error
		if cfg, err = config.Parse(nil, ""); err != nil {
			return nil, err
		}
	}
	file := cfg.File
	src := &optionValues{section: "program:" + program, file: file, values: make(map[string]string, len(options))}
	// Keys that are the same once lower-cased: the last in sorted order
	// wins, so that the outcome does not depend on map order.
	for _, k := range slices.Sorted(maps.Keys(options)) {
		src.values[strings.ToLower(k)] = options[k]
	}
	r := reader{opts: src, section: src.section, file: file, cfg: cfg}
	name, err := processOrGroupName("program", program)
	if err != nil {
		return nil, r.fail("", err)
	}
	return processesFromSection(r, name, group)
}

// SupervisordMessage words err, an error of ProcessesFromOptions, as
// supervisord words the errors of program sections it reads ("<problem>
// in section 'program:x' (file: '<config file>')"), the way
// supervisor_twiddler reports them. Other errors give their own text.
func SupervisordMessage(err error) string {
	var ce *config.Error
	if !errors.As(err, &ce) {
		return err.Error()
	}
	return fmt.Sprintf("%v in section %s (file: %s)", ce.Err, pycompat.Repr(ce.Section), pycompat.Repr(ce.File))
}

// optionValues are the options of a program added at run time.
type optionValues struct {
	section string // "program:x"
	file    string
	values  map[string]string // by lower-cased key
}

// Raw returns the value of key.
func (o *optionValues) Raw(key string) (string, bool) {
	v, ok := o.values[key]
	return v, ok
}

// ExpandValues expands the value of key as supervisord expands a config
// file's (Python's value % vars), taking the value literally.
func (o *optionValues) ExpandValues(key string, vars map[string]any) (string, error) {
	return config.NewSection(o.section, o.file, map[string]string{key: o.values[key]}).ExpandValues(key, vars)
}
