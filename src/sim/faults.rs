//! Injected failures of the simulated cloud, for proving that ramwiz loses nothing when the
//! network and the service misbehave. Deterministic: the random ones draw from a seeded
//! generator, the named ones fire on the first N requests of an action.
//!
//! `--faults SPEC` is a comma-separated list of `key=value`:
//!
//! | key | meaning |
//! | --- | --- |
//! | `seed=N` | seed of the random faults (default 1) |
//! | `throttle=R` | a share R (0..1) of requests answer `Throttling` (400), before acting (never more than 3 in a row, so a run is the same whatever order concurrent calls arrive in) |
//! | `5xx=R` | a share R of requests answer `ServiceUnavailable` (503) or `InternalError` (500), before acting |
//! | `latency=MS` | every request waits MS milliseconds first |
//! | `drop=Action[:N]` | the first N (default 1) `Action` requests are carried out, then the connection drops before the answer is complete |
//! | `malformed=Action[:N]` | the answer is not JSON (after acting) |
//! | `truncated=Action[:N]` | the answer is cut in half (after acting) |
//! | `skew=S` | the server's clock is S seconds ahead (negative: behind): requests more than 15 minutes off its clock answer `InvalidTimeStamp.Expired`, and its `Date` header says its time |
//! | `tools=on` | the simulated ccoctl's requests are hit too (default: only ramwiz's own) |
//! | `sts_lifetime=S` | the temporary keys STS AssumeRole hands out live S seconds (1 to 3600), whatever `DurationSeconds` asked, and their `Expiration` says so: a client's renewal can be seen in seconds |
//! | `sts_early=S` | they stop working after S seconds, although their `Expiration` says what was asked: a client learns of the end only from `InvalidSecurityToken.Expired` |
//! | `v1=off` | the account no longer accepts signature V1: such requests answer `IncompleteSignature` (400); V3 still works. What the real gateway answers then is not documented; this is the simulation's guess |

use super::state::Rng;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// The first N matching requests answer `Throttling` (400) with `x-acs-retry-after: 0`,
    /// before any authentication.
    pub throttle_first: u32,
    /// Actions that count as matching; empty = all actions.
    pub throttle_actions: Vec<String>,
    pub seed: u64,
    pub throttle_rate: f64,
    pub error_rate: f64,
    pub latency_ms: u64,
    pub drop: Vec<(String, u32)>,
    pub malformed: Vec<(String, u32)>,
    pub truncated: Vec<(String, u32)>,
    /// Seconds the server's clock is ahead of the real one.
    pub skew_secs: i64,
    /// Whether requests of the simulated tools (user agent `ramwiz-sim-tool`) are hit too.
    pub tools: bool,
    /// Requests signed with V1 are refused (the account accepts V3 only).
    pub v1_off: bool,
    /// Seconds an STS session lives, said in its `Expiration` (`sts_lifetime`).
    pub sts_lifetime: Option<u64>,
    /// Seconds an STS session works, not said in its `Expiration` (`sts_early`).
    pub sts_early: Option<u64>,
    /// Random faults in a row so far (capped at [`MAX_STREAK`]).
    pub streak: u32,
}

/// How long STS sessions live, from the `sts_*` faults (see the table above).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StsTimes {
    pub lifetime: Option<u64>,
    pub early: Option<u64>,
}

impl Faults {
    pub fn sts_times(&self) -> StsTimes {
        StsTimes {
            lifetime: self.sts_lifetime,
            early: self.sts_early,
        }
    }
}

/// The most random faults in a row: a client that retries 6 times always gets through, so a
/// seeded run does not fail by the chance of which concurrent call drew which fault.
pub const MAX_STREAK: u32 = 3;

/// What happens to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Throttle,
    Unavailable,
    Internal,
    /// Act, then break the answer in one of these ways.
    Drop,
    Malformed,
    Truncated,
}

impl Fault {
    /// Whether the request is carried out before the fault shows.
    pub fn after_acting(self) -> bool {
        matches!(self, Fault::Drop | Fault::Malformed | Fault::Truncated)
    }
}

fn rate(key: &str, v: &str) -> Result<f64, String> {
    match v.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!("{key}={v}: a share from 0 to 1, like 0.3")),
    }
}

fn named(key: &str, v: &str) -> Result<(String, u32), String> {
    let (action, n) = match v.split_once(':') {
        Some((a, n)) => (
            a,
            n.parse::<u32>()
                .map_err(|_| format!("{key}={v}: the count after ':' is a number"))?,
        ),
        None => (v, 1),
    };
    if action.is_empty() || !action.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("{key}={v}: an action name, like CreateAccessKey"));
    }
    Ok((action.to_owned(), n))
}

impl Faults {
    pub fn parse(spec: &str) -> Result<Faults, String> {
        let mut f = Faults {
            seed: 1,
            ..Faults::default()
        };
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("{part}: expected key=value"))?;
            let (k, v) = (k.trim(), v.trim());
            match k {
                "seed" => f.seed = v.parse().map_err(|_| format!("seed={v}: a number"))?,
                "throttle" => f.throttle_rate = rate(k, v)?,
                "5xx" => f.error_rate = rate(k, v)?,
                "latency" => {
                    f.latency_ms = v
                        .parse()
                        .ok()
                        .filter(|ms| *ms <= MAX_LATENCY_MS)
                        .ok_or_else(|| {
                            format!("latency={v}: milliseconds, from 0 to {MAX_LATENCY_MS}")
                        })?
                }
                "drop" => f.drop.push(named(k, v)?),
                "malformed" => f.malformed.push(named(k, v)?),
                "truncated" => f.truncated.push(named(k, v)?),
                "skew" => {
                    f.skew_secs = v
                        .parse::<i64>()
                        .ok()
                        .filter(|s| s.unsigned_abs() <= MAX_SKEW_SECS)
                        .ok_or_else(|| {
                            format!(
                                "skew={v}: seconds, like 1200 or -1200, at most {MAX_SKEW_SECS} either way"
                            )
                        })?
                }
                "tools" => f.tools = matches!(v, "on" | "true" | "yes" | "1"),
                "sts_lifetime" | "sts_early" => {
                    let secs = v
                        .parse::<u64>()
                        .ok()
                        .filter(|s| (1..=3600).contains(s))
                        .ok_or_else(|| format!("{k}={v}: seconds, from 1 to 3600"))?;
                    if k == "sts_lifetime" {
                        f.sts_lifetime = Some(secs);
                    } else {
                        f.sts_early = Some(secs);
                    }
                }
                "v1" => {
                    f.v1_off = match v {
                        "off" => true,
                        "on" => false,
                        _ => return Err(format!("v1={v}: on or off")),
                    }
                }
                other => {
                    return Err(format!(
                        "unknown fault '{other}' (known: seed, throttle, 5xx, latency, drop, malformed, truncated, skew, tools, sts_lifetime, sts_early, v1)"
                    ));
                }
            }
        }
        if f.throttle_rate + f.error_rate > 0.95 {
            return Err("throttle + 5xx leave almost no request through".into());
        }
        Ok(f)
    }

    /// Decides the fault of one request (counters and the generator move on).
    pub fn pick(&mut self, rng: &mut Rng, action: &str, from_tool: bool) -> Option<Fault> {
        if from_tool && !self.tools {
            return None;
        }
        for (list, fault) in [
            (&mut self.drop, Fault::Drop),
            (&mut self.malformed, Fault::Malformed),
            (&mut self.truncated, Fault::Truncated),
        ] {
            if let Some((_, n)) = list.iter_mut().find(|(a, n)| a == action && *n > 0) {
                *n -= 1;
                return Some(fault);
            }
        }
        if self.throttle_rate == 0.0 && self.error_rate == 0.0 {
            return None;
        }
        let roll = (rng.next_u64() % 1_000_000) as f64 / 1_000_000.0;
        let fault = if self.streak >= MAX_STREAK {
            None
        } else if roll < self.throttle_rate {
            Some(Fault::Throttle)
        } else if roll < self.throttle_rate + self.error_rate {
            if rng.next_u64().is_multiple_of(2) {
                Some(Fault::Unavailable)
            } else {
                Some(Fault::Internal)
            }
        } else {
            None
        };
        self.streak = if fault.is_some() { self.streak + 1 } else { 0 };
        fault
    }
}

/// A minute: longer than any client waits for one answer.
pub const MAX_LATENCY_MS: u64 = 60_000;
/// Ten years: any skew a clock can have, and far from the date arithmetic's limits.
pub const MAX_SKEW_SECS: u64 = 10 * 366 * 24 * 3600;

#[cfg(test)]
mod tests {
    #[test]
    fn fault_values_out_of_range_are_refused_not_overflowed() {
        for spec in [
            "skew=99999999999999",
            "skew=-99999999999999",
            "latency=99999999999999",
        ] {
            let e = super::Faults::parse(spec).unwrap_err();
            assert!(e.contains(spec), "{e}");
        }
        assert_eq!(super::Faults::parse("skew=-1200").unwrap().skew_secs, -1200);
        let sts = super::Faults::parse("sts_lifetime=20,sts_early=5").unwrap();
        assert_eq!((sts.sts_lifetime, sts.sts_early), (Some(20), Some(5)));
        for bad in ["sts_lifetime=0", "sts_early=3601", "sts_lifetime=x"] {
            assert!(super::Faults::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            super::Faults::parse("latency=60000").unwrap().latency_ms,
            60_000
        );
    }

    use super::*;

    #[test]
    fn specs_parse_and_bad_ones_say_why() {
        let f = Faults::parse("seed=7, throttle=0.3,5xx=0.1,latency=20,drop=CreateAccessKey,malformed=ListUsers:2,skew=-1200").unwrap();
        assert_eq!(f.skew_secs, -1200);
        assert_eq!(f.seed, 7);
        assert_eq!(f.throttle_rate, 0.3);
        assert_eq!(f.drop, vec![("CreateAccessKey".to_owned(), 1)]);
        assert_eq!(f.malformed, vec![("ListUsers".to_owned(), 2)]);
        for bad in [
            "throttle=2",
            "drop=",
            "nonsense=1",
            "throttle",
            "5xx=0.6,throttle=0.6",
            "drop=A:x",
        ] {
            assert!(Faults::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rates_are_deterministic_and_close_to_the_share() {
        let run = || {
            let mut f = Faults::parse("seed=3,throttle=0.3,5xx=0.1").unwrap();
            let mut rng = Rng::new(f.seed);
            (0..10_000)
                .map(|_| f.pick(&mut rng, "ListUsers", false))
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        let throttled = a.iter().filter(|x| **x == Some(Fault::Throttle)).count();
        let failed = a
            .iter()
            .filter(|x| matches!(x, Some(Fault::Unavailable | Fault::Internal)))
            .count();
        // The streak cap trims a little off the shares.
        assert!((2_600..3_200).contains(&throttled), "{throttled}");
        assert!((700..1_200).contains(&failed), "{failed}");
        let mut run = 0;
        for x in &a {
            run = if x.is_some() { run + 1 } else { 0 };
            assert!(run <= MAX_STREAK);
        }
    }

    #[test]
    fn named_faults_fire_n_times_and_tools_are_spared_by_default() {
        let mut f = Faults::parse("drop=CreateUser:2").unwrap();
        let mut rng = Rng::new(1);
        assert_eq!(f.pick(&mut rng, "CreateUser", true), None);
        assert_eq!(f.pick(&mut rng, "GetUser", false), None);
        assert_eq!(f.pick(&mut rng, "CreateUser", false), Some(Fault::Drop));
        assert_eq!(f.pick(&mut rng, "CreateUser", false), Some(Fault::Drop));
        assert_eq!(f.pick(&mut rng, "CreateUser", false), None);
    }
}
