//! The simulated Alibaba RAM + STS service (real HTTP on loopback). A test double of the outside
//! world for `--demo`, `ramwiz sim` and the tests; never a code path of the real flow.
