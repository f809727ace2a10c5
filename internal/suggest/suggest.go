// Package suggest finds the names nearest to a misspelt one, for error
// messages that say "did you mean ...?": the option keys a factory reads
// (package config) and the registered factory names (package rpcext).
package suggest

import (
	"slices"
	"strings"
)

// Closest returns up to limit candidates near name, nearest first. A
// candidate is near when it is a few edits away (at most a quarter of
// name's length, at least one, and fewer than either name has
// characters), or
// when one of the two starts with most of the other (a forgotten or extra
// tail, such as a factory name without its "_rpcinterface"). Ties go to
// the longer common prefix, then to the alphabetically first. name itself
// is never suggested.
func Closest(name string, candidates []string, limit int) []string {
	type scored struct {
		s            string
		dist, prefix int
	}
	var near []scored
	n := len([]rune(name))
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := Distance(name, c)
		p := commonPrefix(name, c)
		m := len([]rune(c))
		short := min(n, m)
		byEdits := d <= max(1, n/4) && d < n && d < m
		byPrefix := short >= 4 && p*3 >= short*2 && p*2 >= max(n, m)
		if byEdits || byPrefix {
			near = append(near, scored{c, d, p})
		}
	}
	slices.SortFunc(near, func(a, b scored) int {
		switch {
		case a.dist != b.dist:
			return a.dist - b.dist
		case a.prefix != b.prefix:
			return b.prefix - a.prefix
		}
		return strings.Compare(a.s, b.s)
	})
	out := make([]string, 0, min(limit, len(near)))
	for _, s := range near {
		if len(out) == limit {
			break
		}
		out = append(out, s.s)
	}
	return out
}

// Distance is the edit distance between a and b, counted in runes: the
// fewest insertions, deletions, substitutions and swaps of two adjacent
// runes that turn a into b (the optimal string alignment distance: a
// swapped pair, the commonest typo, is one edit).
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// three rows of the dynamic programme: i-2, i-1, i
	back, prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], back[j-2]+1)
			}
		}
		back, prev, cur = prev, cur, back
	}
	return prev[len(rb)]
}

// commonPrefix is the number of leading runes a and b share.
func commonPrefix(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n
}
