//go:build ignore

// Chart draws docs/perf/chart.png from a results.tsv of the shared
// benchmark harness (../shared/bench, run.sh): for each workload, the
// requests per second of every server at the given number of connections,
// as a percentage of the Go ceiling's in the same run, on a log scale.
// It uses the standard library only (a small bitmap font is built in).
//
//	go run docs/perf/chart.go -in docs/perf/results.tsv -out docs/perf/chart.png
package main

import (
	"bufio"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
	"strconv"
	"strings"
)

func main() {
	in := flag.String("in", "docs/perf/results.tsv", "results.tsv of one harness run")
	out := flag.String("out", "docs/perf/chart.png", "PNG to write")
	conns := flag.String("conns", "32", "connections of the figures drawn")
	project := flag.String("project", "project", "the server drawn highlighted")
	flag.Parse()
	rows, err := load(*in, *conns)
	if err != nil {
		log.Fatal(err)
	}
	img := draw(rows, *conns, *project)
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// result is one server's req/s on one workload.
type result struct {
	server, workload string
	rps              float64
}

// load reads the rows of results.tsv measured at conns connections.
func load(path, conns string) ([]result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []result
	sc := bufio.NewScanner(f)
	var col map[string]int
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if col == nil {
			col = map[string]int{}
			for i, name := range fields {
				col[name] = i
			}
			continue
		}
		if len(fields) < len(col) || fields[col["conns"]] != conns || strings.Contains(fields[col["server"]], "(") {
			continue
		}
		rps, err := strconv.ParseFloat(fields[col["rps"]], 64)
		if err != nil || rps <= 0 {
			continue // not measured
		}
		rows = append(rows, result{fields[col["server"]], fields[col["workload"]], rps})
	}
	return rows, sc.Err()
}

const (
	width      = 760
	left       = 150 // bar start
	right      = 60
	barH       = 11
	groupGap   = 16
	top        = 46
	minPercent = 0.1
)

var (
	white = color.RGBA{255, 255, 255, 255}
	black = color.RGBA{30, 30, 30, 255}
	grid  = color.RGBA{215, 215, 215, 255}
	grey  = color.RGBA{150, 150, 150, 255}
	hi    = color.RGBA{214, 96, 40, 255}
	// One colour per other server, in order of appearance.
	palette = []color.RGBA{{66, 110, 170, 255}, {110, 150, 200, 255}, {150, 180, 215, 255},
		{90, 150, 90, 255}, {150, 190, 120, 255}, {120, 120, 120, 255}, {170, 130, 190, 255}}
)

func draw(rows []result, conns, project string) *image.Paletted {
	var workloads, servers []string
	ceiling := map[string]float64{}
	for _, r := range rows {
		if !contains(workloads, r.workload) {
			workloads = append(workloads, r.workload)
		}
		if !contains(servers, r.server) {
			servers = append(servers, r.server)
		}
		if r.server == "go-ceiling" {
			ceiling[r.workload] = r.rps
		}
	}
	height := top + len(workloads)*(len(servers)*(barH+2)+groupGap) + 30
	pal := color.Palette{white, black, grid, grey, hi}
	for _, c := range palette {
		pal = append(pal, c)
	}
	img := image.NewPaletted(image.Rect(0, 0, width, height), pal)
	fill(img, img.Rect, white)

	text(img, 10, 8, fmt.Sprintf("REQUESTS/S AS %% OF THE GO CEILING (SAME RUN), %s CONNECTIONS, SERVER ON ONE CORE", conns), black)
	text(img, 10, 22, "LOG SCALE; THE NUMBER AFTER EACH BAR IS REQ/S", grey)
	plotW := width - left - right
	x := func(pct float64) int {
		return left + int(float64(plotW)*math.Log10(pct/minPercent)/math.Log10(100/minPercent))
	}
	bottom := height - 24
	for _, p := range []float64{0.1, 1, 10, 100} {
		gx := x(p)
		fill(img, image.Rect(gx, top-4, gx+1, bottom), grid)
		label := strconv.FormatFloat(p, 'f', -1, 64) + "%"
		text(img, gx-len(label)*3, bottom+4, label, grey)
	}
	y := top
	for _, w := range workloads {
		text(img, 10, y, strings.ToUpper(w), black)
		for i, s := range servers {
			c := palette[i%len(palette)]
			if s == project {
				c = hi
			}
			text(img, 22, y+12, s, c)
			found := false
			for _, r := range rows {
				if r.server != s || r.workload != w || ceiling[w] == 0 {
					continue
				}
				pct := max(100*r.rps/ceiling[w], minPercent)
				end := x(pct)
				fill(img, image.Rect(left, y+12, end, y+12+barH), c)
				text(img, end+4, y+14, rpsLabel(r.rps), black)
				found = true
			}
			if !found {
				text(img, left+4, y+14, "NOT MEASURED OR NONE FINISHED", grey)
			}
			y += barH + 2
		}
		y += groupGap
	}
	return img
}

func rpsLabel(rps float64) string {
	if rps >= 100 {
		return strconv.Itoa(int(math.Round(rps)))
	}
	return strconv.FormatFloat(rps, 'f', 1, 64)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func fill(img *image.Paletted, r image.Rectangle, c color.Color) {
	idx := uint8(img.Palette.Index(c))
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetColorIndex(x, y, idx)
		}
	}
}

// text draws s in a 5x7 bitmap font (upper case, digits, a little
// punctuation; lower case is drawn as upper case), 6 pixels a character.
func text(img *image.Paletted, x, y int, s string, c color.Color) {
	idx := uint8(img.Palette.Index(c))
	for _, r := range strings.ToUpper(s) {
		g, ok := font[r]
		if !ok {
			g = font['?']
		}
		for row, bits := range g {
			for col := 0; col < 5; col++ {
				if bits&(1<<(4-col)) != 0 {
					img.SetColorIndex(x+col, y+row, idx)
				}
			}
		}
		x += 6
	}
}

// font: each glyph is seven rows of five bits, the high bit leftmost.
var font = map[rune][7]uint8{
	' ': {0, 0, 0, 0, 0, 0, 0},
	'A': {14, 17, 17, 31, 17, 17, 17}, 'B': {30, 17, 17, 30, 17, 17, 30}, 'C': {14, 17, 16, 16, 16, 17, 14},
	'D': {30, 17, 17, 17, 17, 17, 30}, 'E': {31, 16, 16, 30, 16, 16, 31}, 'F': {31, 16, 16, 30, 16, 16, 16},
	'G': {14, 17, 16, 23, 17, 17, 15}, 'H': {17, 17, 17, 31, 17, 17, 17}, 'I': {14, 4, 4, 4, 4, 4, 14},
	'J': {7, 2, 2, 2, 2, 18, 12}, 'K': {17, 18, 20, 24, 20, 18, 17}, 'L': {16, 16, 16, 16, 16, 16, 31},
	'M': {17, 27, 21, 21, 17, 17, 17}, 'N': {17, 17, 25, 21, 19, 17, 17}, 'O': {14, 17, 17, 17, 17, 17, 14},
	'P': {30, 17, 17, 30, 16, 16, 16}, 'Q': {14, 17, 17, 17, 21, 18, 13}, 'R': {30, 17, 17, 30, 20, 18, 17},
	'S': {15, 16, 16, 14, 1, 1, 30}, 'T': {31, 4, 4, 4, 4, 4, 4}, 'U': {17, 17, 17, 17, 17, 17, 14},
	'V': {17, 17, 17, 17, 17, 10, 4}, 'W': {17, 17, 17, 21, 21, 21, 10}, 'X': {17, 17, 10, 4, 10, 17, 17},
	'Y': {17, 17, 10, 4, 4, 4, 4}, 'Z': {31, 1, 2, 4, 8, 16, 31},
	'0': {14, 17, 19, 21, 25, 17, 14}, '1': {4, 12, 4, 4, 4, 4, 14}, '2': {14, 17, 1, 2, 4, 8, 31},
	'3': {31, 2, 4, 2, 1, 17, 14}, '4': {2, 6, 10, 18, 31, 2, 2}, '5': {31, 16, 30, 1, 1, 17, 14},
	'6': {6, 8, 16, 30, 17, 17, 14}, '7': {31, 1, 2, 4, 8, 8, 8}, '8': {14, 17, 17, 14, 17, 17, 14},
	'9': {14, 17, 17, 15, 1, 2, 12},
	'.': {0, 0, 0, 0, 0, 12, 12}, ',': {0, 0, 0, 0, 12, 4, 8}, '-': {0, 0, 0, 31, 0, 0, 0},
	'%': {24, 25, 2, 4, 8, 19, 3}, '(': {2, 4, 8, 8, 8, 4, 2}, ')': {8, 4, 2, 2, 2, 4, 8},
	'/': {0, 1, 2, 4, 8, 16, 0}, ';': {0, 12, 12, 0, 12, 4, 8}, ':': {0, 12, 12, 0, 12, 12, 0},
	'?': {14, 17, 1, 2, 4, 0, 4}, '=': {0, 0, 31, 0, 31, 0, 0},
}
