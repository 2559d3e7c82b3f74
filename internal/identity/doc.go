// Package identity makes the fake Indonesian people that the mock eKYC
// vendors return: NIK, KK and NPWP numbers that pass the vendors' checks, and
// persons and families whose every field is a pure function of the
// generator's seed, its reference date and the number (or subject) asked for.
//
// Regions come from the Kepmendagri 2025 code table (cahyadsn/wilayah, MIT;
// see NOTICE at the repository root), compiled by ./internal/genregions into
// wilayah.bin and embedded. The table is decoded once, on first use (about
// 3 ms); each province's village names are inflated when first needed.
package identity

//go:generate go run ./internal/genregions -in ../../../shared/data/wilayah.csv -out wilayah.bin
