//! Each rule said once, where it is shown: a form's error line does not repeat what the
//! screen already says (the wizard and the engine together, drawn as a person sees them).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ramwiz::wizard::{Field, Intent, Screen, Wizard};
use support::headless::Headless;

fn drawn(w: &Wizard) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    t.draw(|f| {
        ramwiz::ui::render(w, f);
    })
    .unwrap();
    t.backend().to_string()
}

#[tokio::test]
async fn an_invalid_profile_name_gets_its_rule_once() {
    let mut h = Headless::start(5).await;
    h.walk_until(Screen::Destination).await;
    h.say(Intent::Fill(Field::DestProfile, "bad name".into()))
        .await;
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::Destination);
    let e = h.w.dest.error.clone().expect("the profile is refused");
    assert_eq!(e.matches("at most 64").count(), 1, "{e}");
    assert!(e.contains("'bad name'"), "{e}");
    let screen = drawn(&h.w);
    assert_eq!(screen.matches("'@'").count(), 1, "{screen}");
    assert!(screen.contains("'bad name' is not a usable profile name. Use letters"));
}
