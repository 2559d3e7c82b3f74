package emulate

import "time"

// OTPSender is a vendor that "sends" one-time passwords (Verihubs' SMS,
// WhatsApp and flash-call OTP): GET /__admin/otp shows what the mock sent,
// so that a test can read the OTP a user would have received and verify it.
type OTPSender interface {
	// SentOTPs lists the OTPs the vendor holds, in the order they were sent; credential
	// and msisdn, when not "", narrow the list.
	SentOTPs(credential, msisdn string) []SentOTP
}

// SentOTP is one OTP as the vendor holds it.
type SentOTP struct {
	Credential string
	Channel    string // the vendor's product: "sms", "whatsapp", "flashcall"
	MSISDN     string
	Challenge  string
	OTP        string
	SessionID  string
	SentAt     time.Time // the mock's clock
	ExpiresAt  time.Time
	TryCount   int  // sends of this msisdn and challenge in the current window
	WrongTries int  // verifications with another OTP
	Verified   bool // verified once: a second verification is refused
}
