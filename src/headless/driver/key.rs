//! The installer's AccessKey: where it goes (a profile holding another key is replaced only
//! when the answers say so), the user's keys (one retired at the 2-key limit, as the answers
//! name it), the secret saved, and the orphans an interrupted run left.

use super::{Driver, Step, Stop, in_progress, stop};
use crate::cloud::model::AccessKeyMeta;
use crate::headless::answers::Orphans;
use crate::protocol::{Captured, Command, Outcome};
use crate::report::exit;
use crate::strings::apply as s;
use crate::wizard::key::last4;
use crate::wizard::recover::RecoveryStage;
use crate::wizard::{Choice, Field, Intent, Mode, Screen};

impl Driver<'_> {
    pub(super) async fn destination(&mut self) -> Step {
        let Some(k) = self.a.key.clone() else {
            return Err(self.stuck());
        };
        if let Some(held) = self.w.profile_taken_by().map(str::to_owned) {
            if self.w.profile_holds_signed_in_key() {
                return self.move_signed_in(&k, &held).await;
            }
            // A rerun: the profile holds this user's working key. It is kept; no key is made.
            if self.w.can_keep_held_key() {
                self.say(Intent::KeepHeldKey).await?;
                let rest = in_progress(|| s::key_kept_rest(held.as_str(), k.profile.as_str()));
                self.tell(s::SAY_KEY_KEPT, &rest);
                return Ok(false);
            }
            if !k.replace_profile {
                return Err(stop(
                    exit::ANSWERS,
                    Some("key.replace_profile"),
                    s::PROFILE_TAKEN(),
                    s::PROFILE_TAKEN_TODO(),
                    format!("[{}] holds {held}", k.profile),
                ));
            }
            self.say(Intent::ReplaceProfile).await?;
            return Ok(false);
        }
        self.form_stop(exit::STORE, Some("key.file"), s::DEST_UNUSABLE())?;
        if k.keyring
            && let Some(Err(why)) = self.w.keyring_status()
        {
            return Err(stop(
                exit::STORE,
                Some("key.keyring"),
                s::KEYRING_UNAVAILABLE(),
                s::KEYRING_UNAVAILABLE_TODO(),
                why.clone(),
            ));
        }
        if let Some(f) = &k.file {
            let file = f.display().to_string();
            self.say(Intent::Fill(Field::DestFile, file)).await?;
        }
        self.say(Intent::Fill(Field::DestProfile, k.profile.clone()))
            .await?;
        if k.keyring && matches!(self.w.keyring_status(), Some(Ok(()))) {
            self.say(Intent::Set(Choice::Keyring, true)).await?;
        }
        self.say(Intent::Continue).await?;
        Ok(false)
    }

    /// The profile holds the key this run signed in with: it is moved only when the answers
    /// name where (`key.move_signed_in_to`); `replace_profile` alone never replaces it.
    async fn move_signed_in(
        &mut self,
        k: &crate::headless::answers::KeyAnswers,
        held: &str,
    ) -> Step {
        let Some(to) = k.move_signed_in_to.clone() else {
            return Err(stop(
                exit::ANSWERS,
                Some("key.move_signed_in_to"),
                s::PROFILE_SIGNED_IN(),
                s::PROFILE_SIGNED_IN_TODO(),
                format!("[{}] holds {held}", k.profile),
            ));
        };
        self.say(Intent::MoveSignedIn).await?;
        self.say(Intent::Fill(Field::MoveTo, to.clone())).await?;
        self.say(Intent::Continue).await?;
        if let Some(e) = self.w.form_error().map(str::to_owned) {
            return Err(stop(
                exit::ANSWERS,
                Some("key.move_signed_in_to"),
                s::MOVE_REFUSED(),
                "",
                e,
            ));
        }
        Ok(false)
    }

    pub(super) async fn keys(&mut self) -> Step {
        if let Some(held) = self.w.profile_taken_by() {
            return Err(stop(
                exit::ANSWERS,
                Some("recover.profile"),
                s::PROFILE_TAKEN(),
                s::RECOVER_PROFILE_TAKEN_TODO(),
                held,
            ));
        }
        self.form_stop(exit::STORE, None, s::DEST_UNUSABLE())?;
        let keys = self.w.user_keys().to_vec();
        if self.w.recovery_stage() == Some(RecoveryStage::PickLost) {
            let wanted = self.a.recover.as_ref().and_then(|r| r.key_id.clone());
            let lost = match &wanted {
                Some(id) => keys.iter().find(|k| &k.access_key_id == id),
                None if keys.len() == 1 => keys.first(),
                None => None,
            };
            let Some(lost) = lost else {
                let ids: Vec<&str> = keys.iter().map(|k| k.access_key_id.as_str()).collect();
                return Err(stop(
                    exit::ANSWERS,
                    Some("recover.key_id"),
                    s::RECOVER_WHICH(),
                    s::RECOVER_WHICH_TODO(),
                    s::user_keys(ids.join(", ")),
                ));
            };
            self.say(Intent::ChooseLostKey(lost.access_key_id.clone()))
                .await?;
            return Ok(false);
        }
        if keys.len() >= 2 {
            return self.retire(&keys).await;
        }
        self.say(Intent::CreateKey).await?;
        Ok(false)
    }

    /// The user has two keys: retire the one the answers name (deactivate, then delete).
    async fn retire(&mut self, keys: &[AccessKeyMeta]) -> Step {
        let target = self.a.key.as_ref().and_then(|k| k.retire.clone());
        let recovering = self.a.mode == Mode::Recover;
        let Some(id) = target.filter(|_| !recovering) else {
            let ids: Vec<String> = keys
                .iter()
                .map(|k| format!("{} ({})", k.access_key_id, k.status))
                .collect();
            let todo = if recovering {
                s::RECOVER_LIMIT_TODO()
            } else {
                s::KEY_LIMIT_TODO()
            };
            let key = (!recovering).then_some("key.retire");
            return Err(stop(
                exit::ANSWERS,
                key,
                s::KEY_LIMIT(),
                todo,
                ids.join(", "),
            ));
        };
        let Some(k) = keys.iter().find(|k| k.access_key_id == id) else {
            return Err(stop(
                exit::ANSWERS,
                Some("key.retire"),
                s::RETIRE_UNKNOWN(),
                "",
                id,
            ));
        };
        let active = k.status.eq_ignore_ascii_case("Active");
        for (delete, needed) in [(false, active), (true, true)] {
            if !needed {
                continue;
            }
            if !self.w.user_keys().iter().any(|k| k.access_key_id == id) {
                break; // gone already (a dry run's stand-in)
            }
            let step = if delete {
                Intent::Delete(id.clone())
            } else {
                Intent::Deactivate(id.clone())
            };
            self.say(step).await?;
            if !self.w.retire_confirmation_open() {
                let why = self.w.key_notice().unwrap_or_default().to_owned();
                return Err(stop(
                    exit::ANSWERS,
                    Some("key.retire"),
                    s::KEY_LIMIT(),
                    s::KEY_LIMIT_TODO(),
                    why,
                ));
            }
            self.say(Intent::Confirm(last4(&id))).await?;
            self.report_forgotten();
            if self.dry {
                // Nothing was retired: the stand-in list drops it as the real one would.
                self.w.assume_retired(&id, delete);
            }
        }
        Ok(false)
    }

    pub(super) async fn secret_shown(&mut self) -> Step {
        let Some(c) = self.w.captured().cloned() else {
            return Err(self.stuck());
        };
        if !c.stored_anywhere() {
            return Err(self.unstorable(&c).await);
        }
        let mut places = Vec::new();
        if let Ok(f) = &c.file {
            places.push(format!("{} [{}]", f.target.display(), c.dest.profile));
            // As the TUI says it: the file's mode changed.
            if let Some(m) = f.loose_mode {
                let why = crate::strings::secret_mode_fixed(format!("{m:o}"));
                let line = format!("{}: {why}", f.target.display());
                self.warn_line(&line);
                self.warnings.push(line);
            }
            // Another user's file, a hard link split: said as the TUI says it.
            for line in &f.notes {
                self.warn_line(line);
                self.warnings.push(line.clone());
            }
        } else if let Err(e) = &c.file {
            self.warnings.push(s::warn_file(e.to_string()));
        }
        match &c.keyring {
            Some(Ok(())) => places.push(in_progress(s::PLACE_KEYRING).into()),
            Some(Err(e)) => self.warnings.push(s::warn_keyring(e.to_string())),
            None => {}
        }
        if let (Some(to), Ok(_)) = (&c.dest.move_existing_to, &c.file) {
            let rest = in_progress(|| s::moved_rest(c.dest.profile.as_str(), to.as_str()));
            self.tell(s::SAY_MOVED, &rest);
        }
        let rest = in_progress(|| {
            let places = match places.as_slice() {
                [first, second] => s::places_two(first.as_str(), second.as_str()),
                _ => places.join(", "),
            };
            s::key_rest(c.key_id.as_str(), s::SAY_SAVED_TO(), places)
        });
        self.tell(s::SAY_KEY_SAVED, &rest);
        self.say(Intent::Continue).await?;
        self.say(Intent::Answer(true)).await?;
        if self.w.screen == Screen::Verified {
            self.tell(s::SAY_VERIFIED, "");
        }
        Ok(false)
    }

    /// Every store failed: nobody can be shown the secret, so the key is deleted again.
    async fn unstorable(&mut self, c: &Captured) -> Stop {
        let user = self.w.chosen_user_name().unwrap_or_default().to_owned();
        let key_id = c.key_id.clone();
        // The secret leaves memory now: it was never shown and never will be.
        self.w.forget_secret();
        let deleted = self
            .own(|job| Command::ResolveOrphan {
                job,
                user: user.clone(),
                key_id: key_id.clone(),
                delete: true,
            })
            .await;
        let mut why = Vec::new();
        if let Err(e) = &c.file {
            why.push(s::why_file(e.to_string()));
        }
        if let Some(Err(e)) = &c.keyring {
            why.push(s::why_keyring(e.to_string()));
        }
        let what = match deleted {
            Ok(Outcome::Done(_)) => format!("AccessKey {key_id} {}", s::STORE_DELETED()),
            Ok(Outcome::Failed(r)) => {
                format!(
                    "AccessKey {key_id} {} ({})",
                    s::STORE_NOT_DELETED(),
                    r.detail
                )
            }
            _ => format!("AccessKey {key_id} {}", s::STORE_NOT_DELETED()),
        };
        let mut st = stop(
            exit::STORE,
            None,
            s::STOP_STORE(),
            s::STORE_TODO(),
            why.join("; "),
        );
        st.error.what = what;
        st
    }

    /// Orphans found after sign-in (keys an interrupted run made and nobody has the secret
    /// of, none recoverable): each deleted, or kept with `orphans = "keep"`, one line each;
    /// then the run goes on. A refusal stops the run, naming the key.
    pub(super) async fn orphans(&mut self) -> Step {
        self.tell_signed_in();
        let keep = self.a.orphans == Orphans::Keep;
        for o in self.w.orphans().to_vec() {
            if self.w.screen != Screen::Orphans {
                break;
            }
            if keep {
                self.say(Intent::Keep(o.key_id.clone())).await?;
            } else {
                self.say(Intent::Delete(o.key_id.clone())).await?;
                self.say(Intent::Confirm(last4(&o.key_id))).await?;
            }
            if self.w.orphans().iter().any(|x| x.key_id == o.key_id) {
                let why = self.w.orphan_notice().unwrap_or_default().to_owned();
                return Err(stop(
                    exit::CLOUD,
                    Some("orphans"),
                    s::ORPHAN_REFUSED(),
                    s::ORPHAN_REFUSED_TODO(),
                    format!("{} ({}): {why}", o.key_id, o.user),
                ));
            }
            let said = if keep {
                s::SAY_ORPHAN_KEPT
            } else {
                s::SAY_ORPHAN_DELETED
            };
            let line =
                || s::orphan_rest(o.key_id.as_str(), o.user.as_str(), o.create_date.as_str());
            self.tell(said, &in_progress(line));
            if keep {
                self.warnings.push(format!("{} {}", said().0, line()));
            }
        }
        if self.w.screen == Screen::Orphans {
            self.say(Intent::Back).await?;
        }
        Ok(false)
    }

    /// What the orphan check did on its own (a key recovered from an interrupted run's file,
    /// leftover files removed): said once each, and kept in the report's warnings.
    pub(super) fn tell_orphan_notes(&mut self) {
        let notes = self.w.orphan_notes().to_vec();
        for n in notes.into_iter().skip(self.orphan_notes_said) {
            self.warn_line(&n);
            self.warnings.push(n);
            self.orphan_notes_said += 1;
        }
    }

    /// A key was made but its answer was lost: nobody has its secret. With nobody to offer it
    /// to, delete that key (as the wizard's orphan list would; no other orphan is touched),
    /// create no other, and stop.
    pub(super) async fn orphan_made(&mut self) -> Stop {
        let mut st = self.error_stop();
        let key_id = self
            .w
            .shown_error()
            .and_then(|e| crate::protocol::orphaned_key(&e.report))
            .map(str::to_owned);
        let mut deleted = false;
        if let Some(id) = &key_id
            && let Err(e) = self.delete_orphan(id).await
        {
            return e;
        }
        if let Some(id) = &key_id {
            deleted = !self.w.orphans().iter().any(|o| &o.key_id == id);
        }
        st.error.what = match (&key_id, deleted) {
            (Some(id), true) => format!("{} {} {id}", st.error.what, s::ORPHAN_DELETED()),
            _ => format!("{} {}", st.error.what, s::ORPHAN_KEPT()),
        };
        st.error.todo = s::ORPHAN_TODO().into();
        st
    }

    /// Leaves the capture's error for the orphan list and deletes `key_id` there.
    async fn delete_orphan(&mut self, key_id: &str) -> Result<(), Stop> {
        self.say(Intent::Back).await?;
        if self.w.screen != Screen::Orphans || !self.w.orphans().iter().any(|o| o.key_id == key_id)
        {
            return Ok(());
        }
        self.say(Intent::Delete(key_id.to_owned())).await?;
        self.say(Intent::Confirm(last4(key_id))).await
    }
}
