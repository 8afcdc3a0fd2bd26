//go:build race

package handlers_test

// raceBuild: the race detector slows every step of the long tests.
const raceBuild = true
