package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// expand is supervisord's options.expand: `s % expansions` with its error
// wording. name is the "section.option" label used in the message.
func expand(s string, x *pycompat.Dict, name string) (string, error) {
	out, err := pycompat.Format(s, x)
	if err == nil {
		return out, nil
	}
	var miss *pycompat.MissingNameError
	if errors.As(err, &miss) {
		return "", fmt.Errorf("Format string %s for %s contains names (%s) which cannot be expanded. Available names: %s",
			pycompat.Repr(s), pycompat.Repr(name), miss.Error(), strings.Join(x.SortedNames(), ", "))
	}
	return "", fmt.Errorf("Format string %s for %s is badly formatted: %w", pycompat.Repr(s), pycompat.Repr(name), err)
}
