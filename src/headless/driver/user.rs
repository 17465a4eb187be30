//! The installer's RAM user: created from the answers, or an existing one selected (when the
//! answers allow it); a name that exists or is missing stops the run with the key to change.

use super::{Driver, Step, stop};
use crate::report::exit;
use crate::strings::apply as s;
use crate::wizard::{Field, Intent, Mode};

impl Driver<'_> {
    pub(super) async fn user_choice(&mut self) -> Step {
        let create = self.a.user.as_ref().is_some_and(|u| u.create_missing);
        // Look first (a read), create only what is missing: a rerun makes no CreateUser call.
        if create && !self.looked_up_user {
            self.looked_up_user = true;
            self.say(Intent::SelectUser).await?;
            let name = self
                .a
                .user
                .as_ref()
                .map(|u| u.name.clone())
                .unwrap_or_default();
            if self.w.screen == crate::wizard::Screen::SelectUser && self.w.user_listed(&name) {
                return Ok(false);
            }
            if self.w.screen == crate::wizard::Screen::SelectUser {
                self.say(Intent::Back).await?;
            }
        }
        let choice = if create {
            Intent::CreateUser
        } else {
            Intent::SelectUser
        };
        self.say(choice).await?;
        Ok(false)
    }

    pub(super) async fn create_user(&mut self) -> Step {
        let Some(u) = self.a.user.clone() else {
            return Err(self.stuck());
        };
        if self.w.existing_user_offered() == Some(u.name.as_str()) {
            if !u.use_existing {
                return Err(stop(
                    exit::ANSWERS,
                    Some("user.if_exists"),
                    s::USER_EXISTS(),
                    "",
                    u.name,
                ));
            }
            self.say(Intent::Continue).await?; // on to the list, filtered to that name
            return Ok(false);
        }
        self.form_stop(exit::CLOUD, None, crate::strings::USER_STEP_FAILED())?;
        self.warn_component_like(&u.name);
        // The display name and the comments are the answers' own, not following the name.
        self.say(Intent::Fill(Field::UserName, u.name.clone()))
            .await?;
        self.say(Intent::Fill(Field::DisplayName, u.display_name.clone()))
            .await?;
        self.say(Intent::Fill(Field::Comments, u.comments.clone()))
            .await?;
        self.say(Intent::Continue).await?;
        if self.w.screen == crate::wizard::Screen::Destination {
            self.user_created = true;
            self.tell(s::SAY_USER_CREATED, &u.name);
        }
        Ok(false)
    }

    pub(super) async fn select_user(&mut self) -> Step {
        let name = match (&self.a.user, &self.a.recover) {
            (Some(u), _) => u.name.clone(),
            (None, Some(r)) => r.user.clone(),
            _ => return Err(self.stuck()),
        };
        self.form_stop(exit::CLOUD, None, crate::strings::USER_STEP_FAILED())?;
        if !self.w.user_listed(&name) {
            let key = if self.a.mode == Mode::Recover {
                "recover.user"
            } else {
                "user.if_missing"
            };
            return Err(stop(exit::ANSWERS, Some(key), s::USER_MISSING(), "", name));
        }
        if self.a.user.as_ref().is_some_and(|u| !u.use_existing) {
            return Err(stop(
                exit::ANSWERS,
                Some("user.if_exists"),
                s::USER_EXISTS(),
                "",
                name,
            ));
        }
        self.warn_component_like(&name);
        self.say(Intent::ChooseUser(name.clone())).await?;
        if !self.user_created && self.a.mode == Mode::Setup {
            self.tell(s::SAY_USER_USED, &name);
        }
        Ok(false)
    }

    /// A name shaped like a component user's is allowed, with the TUI's warning.
    fn warn_component_like(&mut self, name: &str) {
        if crate::wizard::user::looks_like_component_user(name) {
            let w = format!(
                "user.name = \"{name}\": {}",
                crate::strings::USER_LIKE_COMPONENT()
            );
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
    }
}
