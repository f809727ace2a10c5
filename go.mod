module github.com/supervisorrpc/rpcinterface

go 1.26

require (
	github.com/chromedp/cdproto v0.160.1
	github.com/chromedp/chromedp v0.23.1
	github.com/kolo/xmlrpc v0.0.0-20220921171641-a4b6fa1dd06b
)

require github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
