package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

type app struct {
	creds  credentials
	client *http.Client
	now    func() time.Time
}

func newApp(c credentials, client *http.Client) *app {
	return &app{creds: c, client: client, now: time.Now}
}

func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("POST /onboard", a.onboard)
	return mux
}

type onboardRequest struct {
	KTPImage string `json:"ktp_image"` // base64 JPEG or PNG of the customer's KTP
	Phone    string `json:"phone"`     // national number, e.g. 83899575175
}

// step is what one vendor call answered.
type step struct {
	Vendor     string `json:"vendor"`
	Call       string `json:"call"` // method and URL as called
	HTTPStatus int    `json:"http_status,omitempty"`
	Code       string `json:"code,omitempty"`   // the vendor's own answer code
	Detail     string `json:"detail,omitempty"` // a field of the answer worth showing
	Error      string `json:"error,omitempty"`  // the call failed: TLS, DNS, not JSON, …
}

type onboardResponse struct {
	NIK      string `json:"nik"`
	Name     string `json:"name"`
	Approved bool   `json:"approved"`
	Steps    []step `json:"steps"`
}

// onboard reads the KTP (Verihubs), checks NIK and name against the civil
// registry (AccuAuth, ADVANCE.AI), looks up the NIK's inquiry history
// (eKYCPro) and the phone number (iziData). The customer is approved when
// every vendor gave its success answer.
func (a *app) onboard(w http.ResponseWriter, r *http.Request) {
	var in onboardRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 8<<20)).Decode(&in); err != nil || in.KTPImage == "" || in.Phone == "" {
		http.Error(w, `{"error":"want {\"ktp_image\": base64, \"phone\": number}"}`, http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	var out onboardResponse
	out.NIK, out.Name, out.Steps = a.readKTP(ctx, in.KTPImage)
	if out.NIK != "" {
		out.Steps = append(out.Steps, a.accuauthIDName(ctx, out.NIK, out.Name))
		out.Steps = append(out.Steps, a.advanceIdentity(ctx, out.NIK, out.Name)...)
		out.Steps = append(out.Steps, a.ekycproInquiries(ctx, out.NIK))
	}
	out.Steps = append(out.Steps, a.izidataPhone(ctx, in.Phone))
	success := map[string]string{"verihubs": "EXT-1", "accuauth": "OK/01", "advance": "SUCCESS", "ekycpro": "OK", "izidata": "ok"}
	out.Approved = len(out.Steps) == 6
	for _, s := range out.Steps {
		if s.Code != success[s.Vendor] {
			out.Approved = false
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

func failed(s step, err error) step {
	s.Error = err.Error()
	return s
}

// do sends req, records the HTTP status in s and decodes the JSON answer
// into into; false, with s.Error set, when the call failed.
func (a *app) do(s *step, req *http.Request, into any) bool {
	r, err := send(a.client, req)
	if err == nil {
		s.HTTPStatus = r.Status
		err = r.decode(into)
	}
	if err != nil {
		s.Error = err.Error()
		return false
	}
	return true
}

// readKTP: Verihubs KTP extraction, App-ID and API-Key headers.
func (a *app) readKTP(ctx context.Context, image string) (nik, name string, steps []step) {
	s := step{Vendor: "verihubs", Call: "POST " + verihubsURL + "/v2/ktp/extract"}
	req, err := jsonRequest(ctx, verihubsURL+"/v2/ktp/extract", map[string]string{"image": image, "reference_id": newReferenceID()})
	if err != nil {
		return "", "", []step{failed(s, err)}
	}
	req.Header.Set("App-ID", a.creds.VerihubsAppID)
	req.Header.Set("API-Key", a.creds.VerihubsAPIKey)
	var body struct {
		StatusCode string `json:"status_code"`
		ErrorCode  string `json:"error_code"`
		Message    string `json:"message"`
		Data       struct {
			NIK      string `json:"nik"`
			FullName string `json:"full_name"`
		} `json:"data"`
	}
	if !a.do(&s, req, &body) {
		return "", "", []step{s}
	}
	s.Code, s.Detail = body.StatusCode, body.Message
	if s.Code == "" {
		s.Code = body.ErrorCode
	}
	return body.Data.NIK, body.Data.FullName, []step{s}
}

// accuauthIDName: AccuAuth NIK and name verification, X-DF-API-ID/SECRET headers.
func (a *app) accuauthIDName(ctx context.Context, nik, name string) step {
	s := step{Vendor: "accuauth", Call: "POST " + accuauthURL + "/verify/id_name"}
	req, err := jsonRequest(ctx, accuauthURL+"/verify/id_name", map[string]string{"id_number": nik, "name": name})
	if err != nil {
		return failed(s, err)
	}
	req.Header.Set("X-DF-API-ID", a.creds.AccuAuthAPIID)
	req.Header.Set("X-DF-API-SECRET", a.creds.AccuAuthAPISecret)
	var body struct {
		Status string `json:"status"`
		Reason string `json:"reason"`
		Result struct {
			Result string `json:"result"`
			Remark string `json:"remark"`
		} `json:"result"`
	}
	if !a.do(&s, req, &body) {
		return s
	}
	s.Code, s.Detail = body.Status, body.Reason
	if body.Status == "OK" {
		s.Code, s.Detail = "OK/"+body.Result.Result, body.Result.Remark
	}
	return s
}

// advanceBody is every ADVANCE.AI answer: errors too are HTTP 200 with a code.
type advanceBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    struct {
		Token    string `json:"token"`    // generate-token
		Province string `json:"province"` // identity-check
	} `json:"data"`
}

// advanceIdentity: an ADVANCE.AI token, then the identity check with it.
func (a *app) advanceIdentity(ctx context.Context, nik, name string) []step {
	t := step{Vendor: "advance", Call: "POST " + advanceURL + "/openapi/auth/ticket/v1/generate-token"}
	req, err := advanceTokenRequest(ctx, a.creds, a.now())
	if err != nil {
		return []step{failed(t, err)}
	}
	var token advanceBody
	if !a.do(&t, req, &token) {
		return []step{t}
	}
	t.Code, t.Detail = token.Code, token.Message
	if token.Data.Token == "" {
		return []step{t}
	}
	s := step{Vendor: "advance", Call: "POST " + advanceURL + "/openapi/anti-fraud/v3/identity-check"}
	req, err = jsonRequest(ctx, advanceURL+"/openapi/anti-fraud/v3/identity-check", map[string]string{"idNumber": nik, "name": name})
	if err != nil {
		return []step{t, failed(s, err)}
	}
	req.Header.Set("X-ACCESS-TOKEN", token.Data.Token)
	var body advanceBody
	if a.do(&s, req, &body) {
		s.Code, s.Detail = body.Code, body.Data.Province
	}
	return []step{t, s}
}

// ekycproInquiries: how often the NIK was looked up, X-API-Key header.
func (a *app) ekycproInquiries(ctx context.Context, nik string) step {
	s := step{Vendor: "ekycpro", Call: "POST " + ekycproURL + "/v1/ididinquiries"}
	req, _, err := formRequest(ctx, ekycproURL+"/v1/ididinquiries", url.Values{"id": {nik}})
	if err != nil {
		return failed(s, err)
	}
	req.Header.Set("X-API-Key", a.creds.EKYCProAPIKey)
	var body struct {
		Status  string          `json:"status"`
		Message json.RawMessage `json:"message"` // the counts, or an error text
	}
	if !a.do(&s, req, &body) {
		return s
	}
	s.Code = body.Status
	var counts struct {
		Total *int `json:"total"`
	}
	if json.Unmarshal(body.Message, &counts) == nil && counts.Total != nil {
		s.Detail = "total " + strconv.Itoa(*counts.Total)
	}
	return s
}

// izidataPhone: the phone number's carrier, AK/SK-signed.
func (a *app) izidataPhone(ctx context.Context, phone string) step {
	s := step{Vendor: "izidata", Call: "POST " + izidataURL + "/v1/phone"}
	req, body, err := formRequest(ctx, izidataURL+"/v1/phone", url.Values{"number": {phone}, "country": {"ID"}})
	if err != nil {
		return failed(s, err)
	}
	signIziData(req, body, a.creds.IziDataAccessKey, a.creds.IziDataSecretKey, a.now())
	var out struct {
		Status  string          `json:"status"`
		Message json.RawMessage `json:"message"` // the number's facts, or an error text
	}
	if !a.do(&s, req, &out) {
		return s
	}
	s.Code = out.Status
	var facts struct {
		Carrier struct {
			En string `json:"en"`
		} `json:"carrier"`
	}
	if json.Unmarshal(out.Message, &facts) == nil {
		s.Detail = facts.Carrier.En
	} else {
		s.Detail = string(out.Message)
	}
	return s
}

// newReferenceID: Verihubs refuses a reference_id the app used before.
func newReferenceID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return "onb-" + hex.EncodeToString(b)
}
