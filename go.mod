module github.com/supervisorrpc/rpcinterface

go 1.26

require github.com/kolo/xmlrpc v0.0.0-20220921171641-a4b6fa1dd06b
