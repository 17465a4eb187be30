//! What the wizard leaves on the terminal when it exits: the alternate screen goes with its
//! summary, so a short plain-text one is printed on the normal screen after it: what was done,
//! where the key went (never its secret), the report's path, and the next commands.

use super::*;
use crate::strings;

impl Wizard {
    /// Whether this run changed anything a person would want to hear about at exit.
    fn changed_something(&self) -> bool {
        self.new_user.created
            || self.saved.is_some()
            || self.policy.applied.is_some()
            || self.cco.ready.is_some()
            || self.cco.provisioned.is_some()
            || self.cco.torn_down
            || self.cco.report.is_some()
    }

    /// Whether the run went all the way along its path.
    fn reached_end(&self) -> bool {
        match self.screen {
            Screen::ProvisionDone | Screen::TornDown => true,
            Screen::Verified => self
                .recovery
                .as_ref()
                .is_some_and(|r| r.stage == recover::RecoveryStage::Done),
            _ => false,
        }
    }

    /// The text to print after the terminal is given back; `None` when nothing was changed.
    pub fn exit_summary(&self) -> Option<String> {
        if !self.changed_something() {
            return None;
        }
        let mode = self.mode();
        let end = self.reached_end();
        let mut report = self.report(mode, false, self.new_user.created, end);
        if end {
            report = report.succeeded();
        }
        // Short: the next steps are `apply`'s advice; the commands say it for a person here.
        report.next_steps.clear();
        let head = format!(
            "ramwiz ({}): {}",
            mode.name(),
            if end {
                strings::EXIT_DONE()
            } else {
                strings::EXIT_PARTIAL()
            }
        );
        let mut text = report.text_headed(head);
        if let Some(Ok(p)) = &self.cco.report {
            text.push_str(&format!(
                "{}\n",
                strings::report_saved(p.display().to_string())
            ));
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_changed_nothing_leaves_nothing_and_one_that_did_says_so() {
        let (mut w, _) = Wizard::new(true, (80, 24), "/d/credentials".into());
        assert_eq!(w.exit_summary(), None);
        w.new_user.created = true;
        w.chosen_user = Some(crate::cloud::model::User {
            user_name: "okd-installer".into(),
            ..Default::default()
        });
        let text = w.exit_summary().unwrap_or_default();
        assert!(
            text.starts_with("ramwiz (setup): quit before the end"),
            "{text}"
        );
        assert!(text.contains("okd-installer (created)"), "{text}");
    }
}
