package rpcext

import (
	"errors"
	"fmt"
	"strings"

	"github.com/supervisorrpc/rpcinterface/config"
	"github.com/supervisorrpc/rpcinterface/internal/suggest"
)

// The errors Mount returns for an [rpcinterface:x] section name each place
// once: the section's location leads, and what follows does not repeat it.

// unresolvedFactory is supervisord's "<name> cannot be resolved", placed
// at the section's factory key, with the registered names nearest to name
// and the usual cause, a plugin package nobody imports.
func unresolvedFactory(cfg *Config, where *ConfigError, name string, registered []string) error {
	hint := "forgotten import of the plugin package?"
	if near := suggest.Closest(name, registered, 3); len(near) > 0 {
		hint = "did you mean " + strings.Join(near, " or ") + "? or a " + hint
	}
	err := fmt.Errorf("%s cannot be resolved: no factory is registered under that name (%s)", name, hint)
	if sec := cfg.Section(where.Section); sec != nil {
		return sec.KeyError(config.FactoryKey, err)
	}
	where.Key, where.Err = config.FactoryKey, err
	return where
}

// factoryError places a factory's error. One that already names this
// section (an Options getter's, Decode's) is returned as it is; any other
// is placed at the section, with the factory's name.
func factoryError(where *ConfigError, name string, err error) error {
	var ce *ConfigError
	if errors.As(err, &ce) && ce.Section == where.Section {
		return err
	}
	where.Err = fmt.Errorf("factory %s: %w", name, err)
	return where
}
