// Package mockekycadmin is the Go client of mockekyc's admin API (/__admin)
// and its wire types: read the journal of answered requests, add and
// remove scenario rules, read accounts and coverage, move the mock's clock,
// reset, look up the person behind a NIK.
//
// It talks to a running mockekyc over HTTP: a container (the Testcontainers
// module github.com/mockekyc/mockekyc/testcontainers hands one out), another
// process, or the in-process server of package mockekyctest, whose helpers
// are this client's methods with the failures sent to the test. The types
// are the ones the mock itself encodes, so a field the mock answers is a
// field here.
//
// The name says what it is a client of: the mock's admin API, not the
// vendors' APIs (those are the ones your own code calls).
//
//	c, err := mockekycadmin.New("http://127.0.0.1:8080")
//	...
//	st, err := c.AddRule(ctx, mockekycadmin.Rule{
//		Name: "balance down", Vendor: "ekycpro", Endpoint: "balance",
//		Respond: mockekycadmin.Respond{Code: "INNER_ERROR"},
//	})
//	...
//	entries, err := c.Requests(ctx, mockekycadmin.Filter{Vendor: "ekycpro", Limit: 1})
//
// Errors of the admin API are *ResponseError values carrying the HTTP
// status and the mock's message.
package mockekycadmin
