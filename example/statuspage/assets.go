package statuspage

import (
	"embed"
	"html/template"

	"github.com/supervisorrpc/rpcinterface/internal/webasset"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed ui
var uiFS embed.FS

// The pages' templates, parsed once; each has the layout.
var (
	statusTemplate = template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/status.html"))
	tailTemplate   = template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/tail.html"))
)

// assets are the files under ui/, by name, read once.
var assets = webasset.Load(uiFS, "ui")
