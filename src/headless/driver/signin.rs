//! Sign-in and the identity card: the source the answers name (or the first usable one, the
//! environment first, as the SDKs look), then who that is and whether it may manage RAM.

use super::{Driver, Step, stop};
use crate::creds::{SourceInfo, SourceRef, SourceStatus};
use crate::headless::answers::SignInFrom;
use crate::protocol::{Command, JobOutput, Outcome};
use crate::report::exit;
use crate::strings::apply as s;
use crate::wizard::{Intent, Mode};

impl Driver<'_> {
    pub(super) async fn sign_in(&mut self) -> Step {
        let Some(d) = self.w.sources().cloned() else {
            return Err(self.stuck());
        };
        let ready = |src: &SourceInfo| src.status == SourceStatus::Ready;
        let found = match &self.a.signin {
            // The SDKs' order: the environment first, then the files.
            SignInFrom::Auto => d
                .sources
                .iter()
                .position(|x| x.source == SourceRef::Env && ready(x))
                .or_else(|| d.sources.iter().position(ready)),
            SignInFrom::Env => d.sources.iter().position(|x| x.source == SourceRef::Env),
            SignInFrom::Profile(p) => d
                .sources
                .iter()
                .position(|x| matches!(&x.source, SourceRef::Profile { name, .. } if name == p)),
        };
        let key = match self.a.signin {
            SignInFrom::Profile(_) => "signin.profile",
            _ => "signin.source",
        };
        let Some(i) = found else {
            let mut detail: Vec<String> = d.sources.iter().map(|x| x.label.clone()).collect();
            detail.extend(d.problems.iter().cloned());
            let detail = if detail.is_empty() {
                s::SOURCES_NONE().to_owned()
            } else {
                s::sources_found(detail.join(", "))
            };
            return Err(stop(
                exit::ANSWERS,
                Some(key),
                s::STOP_NO_SOURCE(),
                s::STOP_NO_SOURCE_TODO(),
                detail,
            ));
        };
        if let Some(src) = d.sources.get(i)
            && !ready(src)
        {
            return Err(stop(
                exit::ANSWERS,
                Some(key),
                s::STOP_NO_SOURCE(),
                s::STOP_NO_SOURCE_TODO(),
                format!(
                    "{}: {}",
                    src.label,
                    src.status.problem().unwrap_or_default()
                ),
            ));
        }
        self.say(Intent::ChooseSource(i)).await?;
        Ok(false)
    }

    /// "signed in as …", once, then what the orphan check did on its own (which may finish
    /// first and move the wizard to the orphan list).
    pub(super) fn tell_signed_in(&mut self) {
        if let Some(si) = &self.w.signed_in
            && !self.said_identity
        {
            self.said_identity = true;
            let rest = format!("{} ({})", si.identity.arn, si.source_label);
            self.tell(s::SAY_SIGNED_IN, &rest);
        }
        self.tell_orphan_notes();
    }

    pub(super) async fn identity(&mut self) -> Step {
        self.tell_signed_in();
        if let Some(si) = &self.w.signed_in
            && si.ram.is_denied()
            && self.a.mode != Mode::Provision
        {
            return Err(stop(
                exit::CLOUD,
                None,
                crate::strings::IDENTITY_NO_RAM(),
                s::STOP_NO_RAM_TODO(),
                si.identity.arn.clone(),
            ));
        }
        // Provisioning and teardown hand ccoctl the signed-in key, which a role session's is
        // not: stopped before anything is extracted for it.
        if let Some(role) = self.w.tools_refuse_role() {
            let title = match self.a.mode {
                Mode::Teardown => crate::strings::TEARDOWN_FAILED(),
                _ => crate::strings::PROVISION_FAILED(),
            };
            let refusal = crate::protocol::ErrorReport {
                title: title.to_owned(),
                hint: crate::strings::tool_hint(crate::strings::ToolProblem::StsKey),
                detail: role,
                code: None,
            };
            return Err(super::from_report(exit::TOOL, &refusal));
        }
        self.prepare_policy();
        self.say(Intent::Continue).await?;
        Ok(false)
    }

    /// The custom policy the answers name, looked up (and created when missing) while the user
    /// and its key are made: its step then asks nothing again. Not in a dry run (it would
    /// create), not for AdministratorAccess (a system policy is never looked up).
    fn prepare_policy(&mut self) {
        let Some(p) = self.a.policy.as_ref().filter(|p| !p.administrator) else {
            return;
        };
        if self.dry || self.a.mode != Mode::Setup || self.w.signed_in.is_none() {
            return;
        }
        let Some(document) = crate::wizard::policy::okd_compact(p.delete_policy_version) else {
            return;
        };
        let (name, description) = (p.name.trim().to_owned(), p.description.trim().to_owned());
        let job = self.next_own;
        self.next_own += 1;
        self.prepared = Some(job);
        self.engine.run(Command::PreparePolicy {
            job,
            name,
            document,
            description,
        });
    }

    /// When the run stops before its policy step: the warning for a custom policy this run
    /// created ahead (or may have: its answer was lost), which no user has. Waits for the
    /// look-up ahead to finish first, so what it did is known.
    pub async fn policy_left_ahead(&mut self) -> Option<String> {
        let job = self.prepared.take()?;
        let outcome = loop {
            if let Some(i) = self.own_done.iter().position(|(j, _)| *j == job) {
                break Some(self.own_done.remove(i).1);
            }
            if self.next_event().await.is_err() {
                break None;
            }
        };
        match outcome {
            Some(Outcome::Done(JobOutput::PolicyPrepared { name, created })) => match created {
                Some(true) => Some(s::policy_left_ahead(name.as_str())),
                Some(false) => None,
                None => Some(s::policy_maybe_left_ahead(name.as_str())),
            },
            // Failed before CreatePolicy was sent: nothing was made.
            Some(_) => None,
            // The engine went silent with it: it may have created the policy.
            None => self
                .a
                .policy
                .as_ref()
                .map(|p| s::policy_maybe_left_ahead(p.name.trim())),
        }
    }
}
