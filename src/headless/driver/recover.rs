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
            self.say(Intent::Continue).await?;
            return Ok(false);
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
                self.check_retired(s::SAY_DELETED, &old)
            }
            _ => Err(self.stuck()),
        }
    }

    fn check_retired(&mut self, done: s::Say, old: &str) -> Step {
        match self.w.key_notice() {
            Some(n) => Err(stop(
                exit::CLOUD,
                Some("recover.old_key"),
                s::STOP_STUCK,
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
