package config

import (
	"reflect"
	"testing"
)

func TestEnvironExpansions(t *testing.T) {
	x := environExpansions([]string{"B=2", "A=1", "B=3", "NOEQ", "E="})
	if want := []string{"ENV_B", "ENV_A", "ENV_E"}; !reflect.DeepEqual(x.Keys(), want) {
		t.Errorf("keys = %q, want %q", x.Keys(), want)
	}
	if b, _ := x.Get("ENV_B"); b != "2" {
		t.Errorf("ENV_B = %q, want the first entry's 2", b)
	}
	if e, ok := x.Get("ENV_E"); !ok || e != "" {
		t.Errorf("ENV_E = %q, %v, want present and empty", e, ok)
	}
}
