// Package imagecheck is what every emulated vendor does to an uploaded image
// before its own logic runs: decode the base64 text (a multipart part arrives
// as bytes), recognise the format from magic bytes, read the dimensions from the
// headers only, fingerprint the bytes, find the test marker that tells the mock
// which scenario to play, and judge the image against the vendor's limits.
//
// The verdicts are typed (Verdict, and typed errors from DecodeBase64)
// because each vendor reports the same problem with its own error
// code and message; the vendor packages map verdicts to codes, this package
// never chooses one.
//
// Everything here is on the request path of a server under load, and the input
// is whatever a client sends. So no function decodes pixels (only headers,
// through image.DecodeConfig-style calls and small structure walks bounded by
// the buffer), none reads past its buffer, and none panics on hostile bytes;
// the fuzz tests hold the package to that.
//
// MakeFixture is the other side: it builds deterministic test images of a given
// format, size in pixels, size in bytes and marker, for users and tests.
package imagecheck
