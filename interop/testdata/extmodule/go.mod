module example.com/extmodule

go 1.26

require github.com/supervisorrpc/rpcinterface v0.0.0

replace github.com/supervisorrpc/rpcinterface => ../../..
