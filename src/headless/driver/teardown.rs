//! Teardown: `ccoctl alibabacloud delete-ram-users` for the answers' name and region (the
//! name typed twice, as the form asks).

use super::{Driver, Step};
use crate::report::exit;
use crate::strings::apply as s;
use crate::wizard::{Field, Intent};

impl Driver<'_> {
    pub(super) async fn teardown(&mut self) -> Step {
        let Some(t) = self.a.teardown.clone() else {
            return Err(self.stuck());
        };
        self.form_stop(
            exit::TOOL,
            Some("teardown.name"),
            crate::strings::TEARDOWN_FAILED(),
        )?;
        let ccoctl = t
            .ccoctl
            .clone()
            .or_else(|| self.a.ccoctl.dir.as_ref().map(|d| d.join("ccoctl")));
        if let Some(c) = ccoctl {
            let c = c.display().to_string();
            self.say(Intent::Fill(Field::TeardownCcoctl, c)).await?;
        }
        for (f, v) in [
            (Field::TeardownName, &t.name),
            (Field::TeardownRegion, &t.region),
            (Field::TeardownConfirm, &t.name),
        ] {
            self.say(Intent::Fill(f, v.clone())).await?;
        }
        self.warn_unknown_region("teardown.region", &t.region);
        self.say(Intent::Continue).await?;
        Ok(false)
    }

    /// Torn down: say what went.
    pub(super) fn torn_down(&mut self) -> bool {
        let (name, n) = (
            self.w.field(Field::TeardownName),
            self.w.found_for_delete().len(),
        );
        let rest = super::in_progress(|| s::name_and_users(name, n));
        self.tell(s::SAY_TORN_DOWN, &rest);
        true
    }
}
