// Package e2emdns tests server discovery against real OpenCode servers
// announcing themselves over mDNS. The test runs inside a network
// namespace of its own (unshare -n) with multicast routed to its loopback,
// so no query or announcement ever leaves it.
package e2emdns
