//go:build !linux

package main

// dropStartupPages is Linux's only (pages_linux.go).
func dropStartupPages() (int64, error) { return 0, nil }
