// Package uitest drives mockekyc's web UI (/__admin/ui/) in a real
// browser: headless Chromium from Debian's package, through chromedp. It is
// a module of its own so that the main module's users do not inherit a
// browser driver.
//
//	cd uitest && go test ./...                          # needs chromium
//	cd uitest && go test -run TestUI -screenshots ../docs/ui  # README pictures
//
// Without Chromium the tests skip, except under CI=true, where they fail:
// .ci/run installs Chromium first.
package uitest
