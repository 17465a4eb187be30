//! The end of a recovery: the new key works; the old one is deactivated, then deleted, as far
//! as the answers' `old_key` says.

use super::{Driver, Step, stop};
use crate::headless::answers::OldKey;
use crate::report::exit;
use crate::strings::apply as s;
use crate::wizard::Intent;
use crate::wizard::key::last4;
use crate::wizard::recover::RecoveryStage;

impl Driver<'_> {
    pub(super) async fn verified(&mut self) -> Step {
        let Some(r) = self.a.recover.clone() else {
            return self.retire_replaced().await;
        };
        let old = self.w.lost_key().unwrap_or_default().to_owned();
        match (self.w.recovery_stage(), r.old_key) {
            (Some(RecoveryStage::Done), _) => Ok(true),
            // As far as the answers go: the old key is kept as it is now, and the run ends.
            (Some(RecoveryStage::Rotating), OldKey::Keep)
            | (Some(RecoveryStage::Deactivated), OldKey::Deactivate | OldKey::Keep) => {
                self.say(Intent::KeepOldKey).await?;
                Ok(true)
            }
            (Some(RecoveryStage::Rotating), _) => {
                self.say(Intent::Deactivate(old.clone())).await?;
                self.check_retired(s::SAY_DEACTIVATED, &old)
            }
            (Some(RecoveryStage::Deactivated), OldKey::Delete) => {
                self.say(Intent::Delete(old.clone())).await?;
                self.say(Intent::Confirm(last4(&old))).await?;
                let done = self.check_retired(s::SAY_DELETED, &old);
                self.report_forgotten();
                done
            }
            _ => Err(self.stuck()),
        }
    }

    /// Setup: the new key replaced an older key of the user in its profile; it is retired as
    /// `key.old_key` says (default: deactivated), then on to the policy.
    async fn retire_replaced(&mut self) -> Step {
        let choice = self
            .a
            .key
            .as_ref()
            .map_or(OldKey::Deactivate, |k| k.old_key);
        if let Some(old) = self.w.replaced_key_pending() {
            let step = match choice {
                OldKey::Keep => {
                    self.say(Intent::KeepOldKey).await?;
                    self.warnings.push(crate::strings::replaced_kept(&old));
                    None
                }
                OldKey::Deactivate | OldKey::Delete => {
                    self.say(Intent::Continue).await?;
                    Some(s::SAY_OLDER_DEACTIVATED as fn() -> s::Say)
                }
            };
            if let Some(done) = step {
                self.check_replaced(done, &old)?;
            }
            if choice == OldKey::Delete {
                self.say(Intent::Delete(old.clone())).await?;
                self.say(Intent::Confirm(last4(&old))).await?;
                self.check_replaced(s::SAY_OLDER_DELETED, &old)?;
            }
            self.report_forgotten();
        }
        self.say(Intent::Continue).await?;
        Ok(false)
    }

    /// What became of a deleted key's profiles, said once.
    pub(super) fn report_forgotten(&mut self) {
        if let Some(note) = self.w.take_forget_note() {
            match note {
                Ok(t) => self.tell(s::SAY_PROFILES, &t),
                Err(t) => self.warnings.push(t),
            }
        }
    }

    fn check_replaced(&mut self, done: fn() -> s::Say, old: &str) -> Result<(), super::Stop> {
        match self.w.key_notice() {
            Some(n) => Err(stop(
                exit::CLOUD,
                Some("key.old_key"),
                s::STOP_STUCK(),
                "",
                n,
            )),
            None => {
                self.tell(done, &super::in_progress(|| s::replaced_in_profile(old)));
                Ok(())
            }
        }
    }

    fn check_retired(&mut self, done: fn() -> s::Say, old: &str) -> Step {
        match self.w.key_notice() {
            Some(n) => Err(stop(
                exit::CLOUD,
                Some("recover.old_key"),
                s::STOP_STUCK(),
                "",
                n,
            )),
            None => {
                self.tell(done, old);
                Ok(false)
            }
        }
    }
}
