//! The report of a run, shared by both faces: `ramwiz apply` prints it on stdout (as text, or as
//! JSON with `--output json`, in the shape documented in the README), and the summary screen
//! saves it as Markdown. No secret is ever part of it: the wizard builds it (`Wizard::report`)
//! from what it keeps after the secret screen (key IDs and where they were saved). This module
//! only holds the shape and renders it; it knows neither the wizard nor the engine.

use serde::{Deserialize, Serialize};

use crate::plan::PlanStep;
use crate::strings::apply as s;

/// Exit codes of `ramwiz apply`.
pub mod exit {
    pub const OK: u8 = 0;
    /// Usage or answers error: nothing was changed by ramwiz's own choice.
    pub const ANSWERS: u8 = 2;
    pub const CLOUD: u8 = 3;
    pub const TOOL: u8 = 4;
    /// The new key's secret could not be stored (the key was deleted again).
    pub const STORE: u8 = 5;
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub ramwiz: String,
    pub mode: String,
    pub dry_run: bool,
    pub ok: bool,
    pub exit_code: u8,
    pub signed_in: Option<SignedInReport>,
    pub user: Option<UserReport>,
    pub key: Option<KeyReport>,
    pub policy: Option<PolicyReport>,
    pub ccoctl: Option<CcoctlReport>,
    pub manifests: Option<ManifestsReport>,
    pub recovery: Option<RecoveryReport>,
    pub teardown: Option<TeardownReport>,
    /// Asked keys that took their default under `--yes`.
    pub defaulted: Vec<String>,
    pub warnings: Vec<String>,
    pub next_steps: Vec<String>,
    /// The commands that create the cluster from where the run left the install dir, in
    /// order, runnable as printed.
    pub next_commands: Vec<NextCommand>,
    /// For the day the cluster is removed (never before: it breaks a live cluster).
    pub teardown_commands: Vec<NextCommand>,
    /// The dry run's plan, in order (empty for a real run).
    pub plan: Vec<PlanStep>,
    pub error: Option<ErrorOut>,
}

/// A command to run after ramwiz, exactly as printed, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextCommand {
    pub why: String,
    pub command: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedInReport {
    pub account_id: String,
    pub arn: String,
    pub source: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserReport {
    pub name: String,
    /// Created by this run (false: it existed and was used).
    pub created: bool,
    /// What this run did to it: "created" (or "extracted", "moved"…), or "unchanged" when it
    /// was found as wanted and left alone.
    pub change: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyReport {
    pub access_key_id: String,
    /// The credentials file it was saved in (`None` when the file save failed).
    pub file: Option<String>,
    pub profile: String,
    pub keyring: bool,
    /// The backup of the credentials file made before the profile was replaced.
    pub backup: Option<String>,
    pub verified: bool,
    /// The user's older key the new one replaced in the profile, and its status at the end
    /// ("Active" when kept, "Inactive", "Deleted").
    pub replaced: Option<String>,
    pub replaced_status: Option<String>,
    /// What this run did to it: "created" (or "extracted", "moved"…), or "unchanged" when it
    /// was found as wanted and left alone.
    pub change: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyReport {
    pub name: String,
    /// "System" or "Custom".
    pub policy_type: String,
    /// "attached" (system), "created", "new_version", "reused".
    pub action: String,
    pub new_version: Option<String>,
    /// Every policy attached to the user afterwards.
    pub attached: Vec<String>,
    /// The installer's key was seen to have the permission.
    pub in_effect: bool,
    /// What this run did to it: "created" (or "extracted", "moved"…), or "unchanged" when it
    /// was found as wanted and left alone.
    pub change: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CcoctlReport {
    pub path: String,
    pub release: String,
    pub release_image: String,
    /// What this run did to it: "created" (or "extracted", "moved"…), or "unchanged" when it
    /// was found as wanted and left alone.
    pub change: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestsReport {
    pub name: String,
    pub region: String,
    pub output_dir: String,
    /// The Secret manifests ccoctl wrote.
    pub files: Vec<String>,
    pub install_dir: Option<String>,
    /// Copied into `<install_dir>/manifests`.
    pub copied: Vec<String>,
    /// Left as they were because they differ (see `provision.overwrite_manifests`).
    pub differing: Vec<String>,
    pub manual_mode_set: bool,
    /// What the install dir holds at the end: "empty", "install-config" or "manifests".
    pub install_dir_state: String,
    /// ramwiz ran `openshift-install create manifests` (it consumed install-config.yaml).
    pub manifests_made: bool,
    /// What this run did to it: "created" (or "extracted", "moved"…), or "unchanged" when it
    /// was found as wanted and left alone.
    pub change: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryReport {
    pub user: String,
    pub lost_key: String,
    /// "Active" (kept), "Inactive" or "Deleted".
    pub lost_key_status: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeardownReport {
    pub name: String,
    pub region: String,
    pub deleted_users: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorOut {
    pub title: String,
    /// What happened, in plain words.
    pub what: String,
    /// What to do about it.
    pub todo: String,
    pub detail: String,
    /// The answers key it is about, or the Alibaba error code.
    pub key: Option<String>,
    pub code: Option<String>,
}

/// A row of the text report: its label in a column of 12, then the value.
fn row(label: &str, value: String) -> String {
    format!("  {} {value}", crate::i18n::pad(label, 11))
}

/// A further line of the row above, under its value.
fn more(value: String) -> String {
    format!("{}{value}", " ".repeat(14))
}

impl Report {
    /// The run reached the end of its path: the report says so and what to do next.
    pub fn succeeded(mut self) -> Self {
        self.ok = true;
        self.exit_code = exit::OK;
        self.next_steps = next_steps(&self);
        self
    }

    /// The run stopped early with `code`, for the reason in `error`.
    pub fn failed(mut self, code: u8, error: ErrorOut) -> Self {
        self.ok = false;
        self.exit_code = code;
        self.error = Some(error);
        self
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// What a real run did (a dry run shows its plan instead).
    fn done_lines(&self, out: &mut Vec<String>) {
        if let Some(k) = &self.key {
            let mut places = Vec::new();
            if let Some(f) = &k.file {
                places.push(format!("{f} [{}]", k.profile));
            }
            if k.keyring {
                places.push(s::R_KEYRING().into());
            }
            let verified = if k.verified { s::T_VERIFIED() } else { "" };
            out.push(row(
                s::L_KEY(),
                s::t_key(k.access_key_id.as_str(), places.join(s::T_AND()), verified),
            ));
            if let Some(b) = &k.backup {
                out.push(more(format!("{} {b}", s::R_BACKUP())));
            }
            if let (Some(old), Some(st)) = (&k.replaced, &k.replaced_status) {
                out.push(more(format!("{} {old}: {st}", s::R_REPLACED())));
            }
            if k.change == "unchanged" {
                out.push(more(s::R_KEY_KEPT().to_owned()));
            }
        }
        if let Some(p) = &self.policy {
            let effect = if p.in_effect { s::T_IN_EFFECT() } else { "" };
            out.push(row(
                s::L_POLICY(),
                s::t_policy(
                    p.name.as_str(),
                    p.policy_type.as_str(),
                    p.action.as_str(),
                    effect,
                ),
            ));
        }
        if let Some(c) = &self.ccoctl {
            out.push(row(
                s::L_CCOCTL(),
                s::t_ccoctl(c.path.as_str(), c.release.as_str()),
            ));
        }
        if let Some(m) = &self.manifests {
            out.push(row(
                s::L_COMPONENTS(),
                s::t_components(
                    m.name.as_str(),
                    m.region.as_str(),
                    m.files.len(),
                    m.output_dir.as_str(),
                ),
            ));
            if let Some(d) = &m.install_dir {
                out.push(more(s::t_copied(m.copied.len(), d.as_str())));
            }
            if m.manual_mode_set {
                out.push(more(s::R_MANUAL().to_owned()));
            }
        }
        if let Some(t) = &self.teardown {
            out.push(row(
                s::L_TEARDOWN(),
                s::t_teardown(t.name.as_str(), t.region.as_str(), t.deleted_users.len()),
            ));
        }
    }

    /// The report as Markdown (the summary screen's `s`): every step's result, then the next
    /// commands. Built from the same data as the text and JSON forms: no secret in it.
    pub fn markdown(&self) -> String {
        let mut out = vec![
            format!("# {} ({})", s::MD_TITLE(), self.mode),
            String::new(),
        ];
        let mut item = |k: &str, v: String| out.push(format!("- **{k}**: {v}"));
        if let Some(si) = &self.signed_in {
            item(
                s::MD_SIGNED_IN(),
                s::mdv_signed_in(si.arn.as_str(), si.source.as_str(), si.account_id.as_str()),
            );
        }
        if let Some(u) = &self.user {
            let how = if u.created {
                s::R_CREATED()
            } else {
                s::R_EXISTING()
            };
            item(s::MD_USER(), format!("`{}` ({how})", u.name));
        }
        if let Some(k) = &self.key {
            let mut places: Vec<String> = k
                .file
                .iter()
                .map(|f| s::mdv_profile(f.as_str(), k.profile.as_str()))
                .collect();
            if k.keyring {
                places.push(s::R_KEYRING().into());
            }
            let verified = if k.verified { s::MD_VERIFIED() } else { "" };
            item(
                s::MD_KEY(),
                s::mdv_key(k.access_key_id.as_str(), places.join(s::T_AND()), verified),
            );
            if let Some(b) = &k.backup {
                item(s::MD_BACKUP(), format!("`{b}`"));
            }
            if let (Some(old), Some(st)) = (&k.replaced, &k.replaced_status) {
                item(s::MD_REPLACED(), format!("`{old}`: {st}"));
            }
        }
        if let Some(p) = &self.policy {
            let effect = if p.in_effect { s::MD_IN_EFFECT() } else { "" };
            item(
                s::MD_POLICY(),
                format!(
                    "`{}` ({}, {}){effect}; {} {}",
                    p.name,
                    p.policy_type,
                    p.action,
                    s::MD_ATTACHED(),
                    p.attached.join(", ")
                ),
            );
        }
        if let Some(c) = &self.ccoctl {
            item(
                s::MD_CCOCTL(),
                s::mdv_ccoctl(
                    c.path.as_str(),
                    c.release.as_str(),
                    c.release_image.as_str(),
                ),
            );
        }
        if let Some(m) = &self.manifests {
            item(
                s::MD_COMPONENTS(),
                s::mdv_components(
                    m.name.as_str(),
                    m.region.as_str(),
                    m.files.len(),
                    m.output_dir.as_str(),
                ),
            );
            for f in &m.files {
                out.push(format!("  - `{f}`"));
            }
            if let Some(d) = &m.install_dir {
                out.push(format!(
                    "- **{}**: {}",
                    s::MD_INSTALL_DIR(),
                    s::mdv_copied(m.copied.len(), d.as_str())
                ));
            }
            if m.manual_mode_set {
                out.push(format!("- {}", s::R_MANUAL()));
            }
            if m.manifests_made {
                out.push(format!("- {}", s::R_MANIFESTS_MADE()));
            }
        }
        if let Some(r) = &self.recovery {
            out.push(format!(
                "- **{}**: {}",
                s::MD_LOST_KEY(),
                s::mdv_lost_key(
                    r.lost_key.as_str(),
                    r.user.as_str(),
                    r.lost_key_status.as_str()
                )
            ));
        }
        if let Some(t) = &self.teardown {
            out.push(format!(
                "- **{}**: {}",
                s::MD_TEARDOWN(),
                s::mdv_teardown(t.name.as_str(), t.region.as_str(), t.deleted_users.len())
            ));
        }
        for w in &self.warnings {
            out.push(format!("- ⚠ {w}"));
        }
        // Two blocks, so that copying the first never runs the second: the teardown breaks a
        // live cluster.
        for (title, commands) in [
            (s::R_NEXT().trim_end_matches(':'), &self.next_commands),
            (s::MD_TEARDOWN_TITLE(), &self.teardown_commands),
        ] {
            if commands.is_empty() {
                continue;
            }
            out.push(String::new());
            out.push(format!("## {title}"));
            out.push(String::new());
            out.push("```sh".into());
            for c in commands {
                out.push(format!("# {}", c.why));
                out.push(c.command.clone());
            }
            out.push("```".into());
        }
        if !self.next_steps.is_empty() {
            out.push(String::new());
            for n in &self.next_steps {
                out.push(format!("- {n}"));
            }
        }
        out.push(String::new());
        out.push(format!("{} {}", s::MD_FOOTER(), self.ramwiz));
        out.join("\n") + "\n"
    }

    /// The report for a person reading a terminal.
    pub fn text(&self) -> String {
        // The mode, when the answers got as far as saying it.
        let run = if self.mode.is_empty() {
            "ramwiz apply".to_owned()
        } else {
            format!("ramwiz apply ({})", self.mode)
        };
        let head = match (self.dry_run, self.ok) {
            (true, true) => format!("{run}: {}", s::R_DRY_DONE()),
            (true, false) => format!("{run}: {}", s::R_DRY_STOPPED()),
            (false, true) => format!("{run}: {}", s::R_DONE()),
            (false, false) => format!("{run}: {} {}", s::R_STOPPED(), self.exit_code),
        };
        self.text_headed(head)
    }

    /// The same under another first line (the wizard's, printed when it exits).
    pub fn text_headed(&self, head: String) -> String {
        let mut out = vec![head];
        if let Some(s) = &self.signed_in {
            out.push(row(
                s::L_SIGNED_IN(),
                s::t_signed_in(s.arn.as_str(), s.source.as_str(), s.account_id.as_str()),
            ));
        }
        if let Some(u) = &self.user {
            let how = match (u.created, self.dry_run) {
                (true, true) => s::R_TO_BE_CREATED(),
                (true, false) => s::R_CREATED(),
                (false, _) => s::R_EXISTING(),
            };
            out.push(row(s::L_USER(), s::t_user(u.name.as_str(), how)));
        }
        if !self.dry_run {
            self.done_lines(&mut out);
        }
        if let Some(r) = &self.recovery {
            out.push(row(
                s::L_LOST_KEY(),
                s::t_lost_key(
                    r.lost_key.as_str(),
                    r.user.as_str(),
                    r.lost_key_status.as_str(),
                ),
            ));
        }
        if !self.plan.is_empty() {
            out.push(String::new());
            out.push(s::R_PLAN().into());
            for (i, step) in self.plan.iter().enumerate() {
                out.push(format!("{:>3}. {}", i + 1, step.line()));
            }
        }
        if !self.defaulted.is_empty() {
            out.push(String::new());
            out.push(format!("{} {}", s::R_DEFAULTS(), self.defaulted.join(", ")));
        }
        for w in &self.warnings {
            out.push(s::t_warning(w.as_str()));
        }
        if let Some(e) = &self.error {
            out.push(String::new());
            let key = e
                .key
                .as_ref()
                .map(|k| format!(" [{k}]"))
                .unwrap_or_default();
            out.push(s::t_error(key, e.title.as_str()));
            if !e.what.is_empty() {
                out.push(format!("  {} {}", s::R_WHAT(), e.what));
            }
            if !e.todo.is_empty() {
                out.push(format!("  {} {}", s::R_TODO(), e.todo));
            }
            if !e.detail.is_empty() {
                out.push(format!("  {} {}", s::R_DETAIL(), e.detail));
            }
        }
        if !self.next_commands.is_empty() {
            out.push(String::new());
            out.push(s::R_NEXT_COMMANDS().into());
            for c in &self.next_commands {
                out.push(format!("  # {}", c.why));
                out.push(format!("  {}", c.command));
            }
        }
        if !self.teardown_commands.is_empty() {
            out.push(String::new());
            out.push(s::MD_KEEP_FOR_TEARDOWN().into());
            for c in &self.teardown_commands {
                out.push(format!("  {}", c.command));
            }
        }
        if !self.next_steps.is_empty() {
            out.push(String::new());
            out.push(s::R_NEXT().into());
            for s in &self.next_steps {
                out.push(format!("  - {s}"));
            }
        }
        out.join("\n") + "\n"
    }
}

/// What to do after a successful run, from what it did.
fn next_steps(r: &Report) -> Vec<String> {
    if r.dry_run {
        return vec![s::NEXT_DRY().to_owned()];
    }
    let mut out = Vec::new();
    // The commands carry the installer's key by path; only when ramwiz could not make such a
    // file does the person have to.
    let by_path = r
        .next_commands
        .iter()
        .any(|c| c.command.contains("ALIBABA_CLOUD_CREDENTIALS_FILE="));
    if let Some(k) = &r.key
        && k.profile != "default"
        && !by_path
    {
        out.push(format!("{} [{}].", s::NEXT_KEY(), k.profile));
    }
    if let Some(m) = &r.manifests {
        if r.next_commands.is_empty() {
            match &m.install_dir {
                Some(d) => out.push(format!("{} {d}", s::NEXT_CREATE())),
                None => out.push(format!(
                    "{} {}/{}",
                    s::NEXT_COPY(),
                    m.output_dir,
                    s::NEXT_INTO_INSTALL_DIR()
                )),
            }
        }
        out.push(format!("{} \"{}\".", s::NEXT_TEARDOWN(), m.name));
    }
    if let Some(rec) = &r.recovery
        && rec.lost_key_status == "Inactive"
    {
        out.push(format!("{}.", s::NEXT_DELETE_OLD()));
    }
    out
}
