package config

import "testing"

func TestNewSection(t *testing.T) {
	s := NewSection("program:web", "api", map[string]string{"Command": "run %(program_name)s ; --flag  ", "n": "%(process_num)02d"})
	if raw, ok := s.Raw("command"); !ok || raw != "run %(program_name)s ; --flag  " {
		t.Fatalf("Raw = %q, %v: values are taken literally", raw, ok)
	}
	if got := s.Keys(); len(got) != 2 || got[0] != "command" || got[1] != "n" {
		t.Fatalf("Keys = %v", got)
	}
	got, err := s.ExpandValues("command", map[string]any{"program_name": "web"})
	if err != nil || got != "run web ; --flag  " {
		t.Fatalf("ExpandValues = %q, %v", got, err)
	}
	if got, err := s.ExpandValues("n", map[string]any{"process_num": 7}); err != nil || got != "07" {
		t.Fatalf("ExpandValues = %q, %v", got, err)
	}
	_, err = s.Expand("command", nil)
	ce, ok := err.(*Error)
	if !ok || ce.File != "api" || ce.Section != "program:web" || ce.Key != "command" {
		t.Fatalf("Expand without names: %v", err)
	}
}
