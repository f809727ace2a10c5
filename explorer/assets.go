package explorer

import (
	"embed"
	"html/template"

	"github.com/supervisorrpc/rpcinterface/internal/webasset"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageTemplate is parsed once; a broken template fails every test.
var pageTemplate = template.Must(template.New("index.html").Funcs(template.FuncMap{
	"kinds":      func() []kind { return kinds },
	"extraParam": func() param { return param{Type: "any", Kind: "json"} },
}).ParseFS(templateFS, "templates/*.html"))

// assets are the files under static/, by name, read once.
var assets = webasset.Load(staticFS, "static")
