// Package scenario lets users force any documented vendor outcome.
//
// Rules come from YAML files (shipped in the binary, or in a directory that
// is re-read while the server runs) and from the admin API as JSON. A vendor
// handler gathers the Facts of a request after authentication and asks a Set
// to Resolve them; the Outcome says which documented code to answer with,
// which fields to override, how long to wait and which transport fault to
// simulate.
//
// Everything a rule names (vendor, endpoint, code, message) is checked
// against the vendors' Catalogue when the rule is loaded, so a typo fails the
// load with file:line instead of silently never matching.
//
// # File format
//
//	# A file holds a list of rules. Earlier rules win within a file.
//	scenarios:
//	  - name: forged-ktp              # required; unique within its file
//	    vendor: verihubs              # izidata | advance | accuauth | verihubs | ekycpro; required unless respond is only delay/fault
//	    endpoint: idForgery           # optional operationId; omitted = every endpoint where the code is documented
//	    match:                        # optional; every key given must match
//	      credential: demo-app-id     # the caller's API key / AK / accessKey / App-ID
//	      nik: "3171024302821001"
//	      phone: "+6283899575175"     # digits only; leading 0 -> 62, leading 8 -> 628
//	      digest: 9f86d081            # SHA-256 hex of an image in the request, or a prefix of >= 8 chars
//	      marker: forged              # an image marker "mockekyc: scenario=forged"
//	      header: {X-Test-Case: "42"} # names case-insensitive, values exact
//	      field: {name: BUDI}         # request form/JSON scalar fields, exact
//	    respond:                      # at least one of code, delay, fault, set
//	      code: FAIL_ON_2             # a documented code of the endpoint
//	      message: Forgery detected   # one of the code's documented messages, when it has several
//	      set: {data.forgery: true}   # dotted paths into the JSON body, any YAML value
//	      delay: 1500ms               # Go duration, 0 to 5m
//	      fault: connection_reset     # connection_reset | timeout | empty_body | malformed_body | http_500 | http_502 | http_503 | http_504
//	    times: 1                      # after this many matches the rule is spent; 0/omitted = unlimited
//
// Values are taken exactly as written, so unquoted NIKs with a leading zero,
// codes such as 00 or NO, and long digit strings stay intact. Top-level keys
// starting with "x-" are ignored: they hold &anchors for rules to share
// through *aliases or "<<:" merge keys. A file with no rules is valid.
//
// # Precedence
//
// Admin rules (newest first) beat the directory's files (in file-name
// order), which beat the shipped files. The first rule that applies and is
// not spent answers. When none does, an image marker whose scenario value
// is itself a documented code of the endpoint (mockekyc: scenario=FAIL)
// answers with that code.
//
// Test suites that share one server scope their rules with
// match.credential: they never see each other's rules and need no reset.
package scenario
