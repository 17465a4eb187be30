//! A dry run's plan: every API action with its parameters and every command line with its
//! reason, in order. Read-only calls are made (to decide between create and reuse) and marked
//! so; everything else is only described. Pure data: the API step is made in `cloud`
//! (`PlanStep::api`) and the command step in `tools` (`PlanStep::command`), so this module
//! depends on neither.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::strings;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanStep {
    /// An API action. `made`: a read-only call the dry run really sent.
    Api {
        action: String,
        params: BTreeMap<String, String>,
        made: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A tool run: why, and the command line (the names of the variables put in its
    /// environment, never their values).
    Command {
        reason: String,
        command: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        env: Vec<String>,
    },
    /// A change to a file or the keyring on this computer.
    Local { target: String, change: String },
}

/// Where a dry run collects its plan (shared by the engine and the client).
pub type PlanLog = Arc<Mutex<Vec<PlanStep>>>;

/// Values longer than this are shown by length only in the text plan.
const SHORT: usize = 120;

impl PlanStep {
    pub fn local(target: impl Into<String>, change: impl Into<String>) -> PlanStep {
        PlanStep::Local {
            target: target.into(),
            change: change.into(),
        }
    }

    /// One line of the text plan.
    pub fn line(&self) -> String {
        match self {
            PlanStep::Api {
                action,
                params,
                made,
                note,
            } => {
                let mut s = if *made {
                    strings::plan_read(action)
                } else {
                    strings::plan_call(action)
                };
                for (k, v) in params {
                    let v = if v.chars().count() > SHORT {
                        strings::plan_chars(v.chars().count())
                    } else if v.is_empty() || v.contains(char::is_whitespace) {
                        format!("'{v}'")
                    } else {
                        v.clone()
                    };
                    s.push_str(&format!(" {k}={v}"));
                }
                if let Some(n) = note {
                    s.push_str(&format!("  ({n})"));
                }
                s
            }
            PlanStep::Command {
                reason,
                command,
                env,
            } => {
                let mut s = format!(
                    "{}\n       {}",
                    strings::plan_run(command),
                    strings::plan_why(reason)
                );
                if !env.is_empty() {
                    s.push_str(&format!("\n       {}", strings::plan_env(env.join(", "))));
                }
                s
            }
            PlanStep::Local { target, change } => strings::plan_file(target, change),
        }
    }
}

/// Appends a step to the log (a poisoned lock loses the step rather than panicking).
pub fn push(log: &PlanLog, step: PlanStep) {
    if let Ok(mut l) = log.lock() {
        l.push(step);
    }
}

pub fn steps(log: &PlanLog) -> Vec<PlanStep> {
    log.lock().map(|l| l.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::actions::{CreatePolicy, GetUser};

    #[test]
    fn lines_show_parameters_and_abbreviate_long_values() {
        let s = PlanStep::api(
            &GetUser {
                user_name: "okd".into(),
            },
            true,
            None,
        );
        assert_eq!(s.line(), "read ram:GetUser UserName=okd");
        let doc = "x".repeat(500);
        let s = PlanStep::api(
            &CreatePolicy {
                policy_name: "p".into(),
                policy_document: doc,
                description: Some("two words".into()),
            },
            false,
            Some("then attached".into()),
        );
        assert_eq!(
            s.line(),
            "call ram:CreatePolicy Description='two words' PolicyDocument=<500 characters> PolicyName=p  (then attached)"
        );
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["kind"], "api");
        assert_eq!(
            json["params"]["PolicyDocument"].as_str().unwrap().len(),
            500
        );
    }
}
