module github.com/supervisorrpc/rpcinterface

go 1.26

require (
	github.com/go-ini/ini v1.67.0
	github.com/kolo/xmlrpc v0.0.0-20220921171641-a4b6fa1dd06b
)

require github.com/stretchr/testify v1.12.1 // indirect
