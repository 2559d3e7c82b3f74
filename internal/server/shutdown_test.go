package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/mockekyc/mockekyc/internal/mocktest"
)

// TestDrainAnswersDelayedRequests (issue 18 item 14): a request held by a
// 5-minute scenario delay gets its answer when shutdown starts, instead of
// being cut when the grace runs out.
func TestDrainAnswersDelayedRequests(t *testing.T) {
	h := mocktest.New(t)
	h.AddRules(`{"name":"slow","vendor":"ekycpro","endpoint":"idOcr","respond":{"delay":"5m"}}`)
	got := make(chan mocktest.Result, 1)
	go func() { got <- ocr(h, t, "AbcdEfgh", nil) }()
	h.Server.Drain()
	res := <-got
	if res.Status != http.StatusOK || res.JSON(t)["status"] != "OK" {
		t.Errorf("delayed request: %d %s, want its OK answer", res.Status, res.Body)
	}
}

// TestDrainEndsTimeoutFault: the timeout fault (a 90 s hold) ends as its
// hold would, with a reset, when shutdown starts.
func TestDrainEndsTimeoutFault(t *testing.T) {
	h := mocktest.New(t)
	errc := make(chan error, 1)
	go func() {
		req := h.Request(http.MethodPost, "/ekycpro/v1/id_ocr/general", strings.NewReader(ocrForm(t)), http.Header{
			"X-Api-Key": {"AbcdEfgh"}, "Content-Type": {"application/x-www-form-urlencoded"}, "X-Mockekyc-Fault": {"timeout"}})
		res, err := h.Client.Do(req)
		if err == nil {
			res.Body.Close()
		}
		errc <- err
	}()
	h.Server.Drain()
	if err := <-errc; err == nil {
		t.Error("the timeout fault answered; want its reset")
	}
}

// TestCloseTwice: Close is idempotent and a closed server still answers
// what reaches it (Close ends background work, not the handler).
func TestCloseTwice(t *testing.T) {
	h := mocktest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 2 {
		if err := h.Server.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := ocr(h, t, "AbcdEfgh", nil).JSON(t)["status"]; got != "OK" {
		t.Errorf("after Close: %v", got)
	}
}
