package verihubs

import "testing"

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://img.example/ktp.jpg": true,
		"HTTP://img.example/a.png":    true,
		" \n\thttps://x":              true,
		"http:/x":                     false,
		"https:":                      false,
		"http":                        false,
		"":                            false,
		"/9j/4AAQSkZJRgABAQ==":        false,
		"aHR0cHM6Ly94":                false, // base64 of https://x
		"ftp://img.example/a.png":     false,
	} {
		if got := isURL(s); got != want {
			t.Errorf("isURL(%q) = %v, want %v", s, got, want)
		}
	}
}
