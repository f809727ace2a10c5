package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// includeSection is the name of the section that pulls in further files.
const includeSection = "include"

// processIncludes replicates the [include] part of supervisord 4.2.5's
// ServerOptions.read_config:
//
//   - Only an [include] section of the main file is processed. An [include]
//     in an included file merges into that section but its files are never
//     read (the list was computed before).
//   - First every "%(here)s" in every section is replaced textually by the
//     main file's directory (expand_here), then after each included file by
//     that file's directory, so sections first seen in an included file get
//     its directory.
//   - files is %-expanded with here, host_node_name and the ENV_ names (see
//     expansionRules), split on whitespace, and every pattern is joined to
//     the main file's directory (or "." when the configuration has no file
//     name) and globbed with Python's rules; matches are read in sorted
//     order.
//   - A pattern matching nothing is a warning ('No file matches via include
//     "..."'). A matched file that cannot be opened is skipped silently by
//     supervisord (RawConfigParser.read ignores OSError); we skip it too and
//     add a warning. A file that does not parse is an error.
func (c *Config) processIncludes(p *iniParser) error {
	inc := p.byName[includeSection]
	if inc == nil {
		return nil
	}
	p.expandHere(c.here)
	files, ok, err := c.expandKey(inc, "files")
	if err != nil {
		return err
	}
	if !ok {
		return &Error{File: inc.File, Line: inc.Line, Section: includeSection,
			Err: errors.New(".ini file has [include] section, but no files setting")}
	}
	base := "."
	if c.File != "" {
		base = filepath.Dir(c.absFile)
	}
	for _, pattern := range pycompat.Fields(files) {
		pattern = pyJoin(base, pattern)
		matches := pyGlob(pattern)
		if len(matches) == 0 {
			c.warnings = append(c.warnings, `No file matches via include "`+pattern+`"`)
			continue
		}
		sort.Strings(matches)
		for _, name := range matches {
			data, err := os.ReadFile(name)
			if err != nil {
				c.warnings = append(c.warnings, fmt.Sprintf(
					"Included file %q could not be read and was skipped (supervisord skips it silently): %v", name, err))
				continue
			}
			text, err := decodeUTF8(data, name)
			if err != nil {
				return err
			}
			if err := p.read(text, name, name); err != nil {
				return err
			}
			dir, err := filepath.Abs(filepath.Dir(name))
			if err != nil {
				return &Error{File: name, Err: err}
			}
			p.expandHere(dir)
		}
	}
	return nil
}
