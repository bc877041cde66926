module github.com/dstail/dstail

go 1.26.0

require (
	github.com/adrg/xdg v0.5.3 // indirect
	github.com/gofrs/flock v0.13.2 // indirect
	github.com/tmaxmax/go-sse v0.12.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
