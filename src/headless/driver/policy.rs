//! The install policy: AdministratorAccess or the custom policy the answers name; an existing
//! policy that differs is updated (and its oldest version rotated out) only when they say so.

use super::{Driver, Step, stop};
use crate::report::exit;
use crate::strings::apply as s;
use crate::wizard::policy::ProbeState;
use crate::wizard::{Choice, Field, Intent, PolicyKind};

impl Driver<'_> {
    pub(super) async fn policy_choice(&mut self) -> Step {
        let admin = self.a.policy.as_ref().is_some_and(|p| p.administrator);
        let kind = if admin {
            PolicyKind::Administrator
        } else {
            PolicyKind::Okd
        };
        self.say(Intent::ChoosePolicy(kind)).await?;
        // policy.kind = "administrator" is the answer to "attach AdministratorAccess?".
        if self.w.admin_confirmation_open() {
            self.say(Intent::Answer(true)).await?;
        }
        Ok(false)
    }

    pub(super) async fn policy_form(&mut self) -> Step {
        let Some(p) = self.a.policy.clone() else {
            return Err(self.stuck());
        };
        self.form_stop(exit::CLOUD, None, crate::strings::POLICY_STEP_FAILED())?;
        self.say(Intent::Fill(Field::PolicyName, p.name.clone()))
            .await?;
        self.say(Intent::Fill(
            Field::PolicyDescription,
            p.description.clone(),
        ))
        .await?;
        self.say(Intent::Set(
            Choice::DeletePolicyVersion,
            p.delete_policy_version,
        ))
        .await?;
        self.say(Intent::Continue).await?;
        Ok(false)
    }

    pub(super) async fn policy_review(&mut self) -> Step {
        let Some(p) = self.a.policy.clone() else {
            return Err(self.stuck());
        };
        let diff: Vec<String> = self
            .w
            .policy_differences()
            .into_iter()
            .map(|(svc, add, del)| format!("{svc}: +{} -{}", add.join(" +"), del.join(" -")))
            .collect();
        if !p.update_existing {
            return Err(stop(
                exit::ANSWERS,
                Some("policy.update_existing"),
                s::POLICY_DIFFERS(),
                s::POLICY_DIFFERS_TODO(),
                diff.join("; "),
            ));
        }
        let full = self.w.policy_versions().is_some_and(|v| v >= 5);
        if full && !p.rotate_oldest {
            return Err(stop(
                exit::ANSWERS,
                Some("policy.rotate_oldest"),
                s::POLICY_FULL(),
                s::POLICY_FULL_TODO(),
                p.name,
            ));
        }
        self.say(Intent::Answer(true)).await?;
        Ok(false)
    }

    pub(super) async fn policy_done(&mut self) -> Step {
        match self.w.probe().cloned() {
            Some(ProbeState::Passed) => {
                if let Some(a) = self.w.policy_applied().cloned() {
                    let say = if self.w.policy_unchanged() {
                        s::SAY_POLICY_UNCHANGED
                    } else {
                        s::SAY_POLICY
                    };
                    self.tell(say, a.plan.name());
                    let detach = self.a.policy.as_ref().is_some_and(|p| p.detach_other);
                    match crate::wizard::policy::other_install_policy(&a) {
                        Some((other, _)) if detach => {
                            self.say(Intent::DetachOther).await?;
                            self.say(Intent::Answer(true)).await?;
                            match self.w.detach_failure() {
                                Some(why) => self.warnings.push(format!(
                                    "{}: {why}",
                                    crate::strings::detach_failed(&other)
                                )),
                                None => self.tell(s::SAY_DETACHED, &other),
                            }
                        }
                        _ => self
                            .warnings
                            .extend(crate::wizard::policy::attachment_warnings(&a)),
                    }
                }
                self.say(Intent::Continue).await?;
                Ok(false)
            }
            Some(ProbeState::Failed(why)) => Err(stop(
                exit::CLOUD,
                None,
                crate::strings::PROBE_FAILED(),
                s::PROBE_FAILED_TODO(),
                why,
            )),
            _ => Err(self.stuck()),
        }
    }
}
